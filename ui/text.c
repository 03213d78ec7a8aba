/* text.c: the drawing primitives the views share: glyphs, status colours, text put
 * into a box (never past it, never a control character), and styled line lists. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "sanitize.h"
#include "termsize.h"
#include "text.h"

/* One glyph per status: ready and pure once shared ✓, and the compact counts read
 * "✓5 ✓66". */
static const struct glyphs glyphs_utf8 = {
	{ "✓", "◇", "≈", "↑", "β", "⇄", "≠", "◌", "⚠", "✗", "⊘", "✘", "⊗", "↯", "?" },
	"▾", "▸", "↻", "●", "─", "│", "┬", "┴", "█", "…", "↑", "·"
};
static const struct glyphs glyphs_ascii = {
	{ "+", "p", "~", "^", "b", ">", "=", "o", "!", "x", "g", "f", "i", "c", "?" },
	"-", "+", "@", "*", "-", "|", "+", "+", "#", "~", "^", "-"
};

/* Like curses' own state, one terminal per process: set once at its start. */
static bool text_is_utf8;
static bool text_has_color;

void
text_setup(bool utf8, bool color)
{
	short grey = COLOR_WHITE, bg = -1;

	text_is_utf8 = utf8;
	text_has_color = color;
	if (!color)
		return;
	start_color();
	/* The terminal's own background when it can keep it, else black. */
	if (use_default_colors() == ERR)
		bg = COLOR_BLACK;
	if (COLORS >= 16)
		grey = 8;
	init_pair(PAIR_GREEN, COLOR_GREEN, bg);
	init_pair(PAIR_CYAN, COLOR_CYAN, bg);
	init_pair(PAIR_YELLOW, COLOR_YELLOW, bg);
	init_pair(PAIR_MAGENTA, COLOR_MAGENTA, bg);
	init_pair(PAIR_RED, COLOR_RED, bg);
	init_pair(PAIR_GREY, grey, bg);
	init_pair(PAIR_TITLE, COLOR_CYAN, bg);
}

bool
text_color(void)
{
	return text_has_color;
}

const struct glyphs *
text_glyphs(void)
{
	return text_is_utf8 ? &glyphs_utf8 : &glyphs_ascii;
}

const char *
text_glyph(enum ft_status s)
{
	return s < ST_COUNT ? text_glyphs()->status[s] : "?";
}

static short
status_pair(enum ft_status s)
{
	switch (s) {
	case ST_READY:
	case ST_PURE:
		return PAIR_GREEN;
	case ST_FALLBACK:
		return PAIR_CYAN;
	case ST_UPGRADE:
	case ST_PRERELEASE:
	case ST_ELSEWHERE:
	case ST_OTHER_ABI:
		return PAIR_YELLOW;
	case ST_SOURCE:
		return PAIR_MAGENTA;
	case ST_ABI3:
	case ST_BLOCKED:
	case ST_GIL_REENABLED:
	case ST_TEST_FAILED:
	case ST_IMPORT_FAILED:
	case ST_CRASHED:
		return PAIR_RED;
	default:
		return PAIR_GREY;
	}
}

void
text_status_attr(enum ft_status s, attr_t *attr, short *pair)
{
	*attr = status_is_blocker(s) ? A_BOLD : s == ST_UNKNOWN ? A_DIM : A_NORMAL;
	*pair = text_has_color ? status_pair(s) : 0;
}

/* The next character of the UTF-8 text *s, which it moves past: '?' for a byte that
 * does not start a valid sequence, and for anything outside ASCII without a UTF-8
 * locale (one '?' per character, not per byte: a CJK name keeps its length). */
static wchar_t
next_char(const char **s, mbstate_t *ps)
{
	unsigned char c = (unsigned char)**s;
	wchar_t wc;
	size_t n = 1;

	if (c < 0x80)
		wc = c;
	else if (!text_is_utf8) {
		wc = L'?';
		if (c >= 0xc0) {
			while (n < 4 && ((unsigned char)(*s)[n] & 0xc0) == 0x80)
				n++;
		}
	} else {
		n = mbrtowc(&wc, *s, strlen(*s), ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(ps, 0, sizeof *ps);
			wc = L'?';
			n = 1;
		}
	}
	*s += n;
	return wc;
}

/* Characters that are not printable are dropped (defence behind sanitize_text). */
int
text_put(int y, int x, int maxw, const char *s, attr_t attr, short pair)
{
	mbstate_t ps;
	wchar_t wc;
	int used = 0, w;

	if (s == NULL || maxw <= 0)
		return 0;
	memset(&ps, 0, sizeof ps);
	wattr_set(stdscr, attr, pair, NULL);
	wmove(stdscr, y, x);
	while (*s != '\0') {
		wc = next_char(&s, &ps);
		if (!iswprint((wint_t)wc) || (w = wcwidth(wc)) < 0)
			continue;
		if (used + w > maxw)
			break;
		waddnwstr(stdscr, &wc, 1);
		used += w;
	}
	wattr_set(stdscr, A_NORMAL, 0, NULL);
	return used;
}

int
text_width(const char *s)
{
	mbstate_t ps;
	wchar_t wc;
	int used = 0, w;

	memset(&ps, 0, sizeof ps);
	while (s != NULL && *s != '\0') {
		wc = next_char(&s, &ps);
		if (iswprint((wint_t)wc) && (w = wcwidth(wc)) > 0)
			used += w;
	}
	return used;
}

int
text_trunc(int y, int x, int maxw, const char *s, attr_t attr, short pair)
{
	int used;

	if (text_width(s) <= maxw)
		return text_put(y, x, maxw, s, attr, pair);
	if (maxw <= 1)
		return text_put(y, x, maxw, s, attr, pair);
	used = text_put(y, x, maxw - 1, s, attr, pair);
	return used + text_put(y, x + used, 1, text_glyphs()->ellipsis, attr, pair);
}

void
text_fill(int y, int x, int w, attr_t attr)
{
	wattr_set(stdscr, attr, 0, NULL);
	for (int i = 0; i < w; i++)
		mvwaddch(stdscr, y, x + i, ' ');
	wattr_set(stdscr, A_NORMAL, 0, NULL);
}

void
text_hline(int y, int x, int w)
{
	for (int i = 0; i < w; i++)
		text_put(y, x + i, 1, text_glyphs()->hline, A_NORMAL, 0);
}

static int text_wrap(int y, int x, int w, int maxrows, const char *s, attr_t attr,
    short pair, bool short_urls);

int
text_wrapped(int y, int x, int w, int maxrows, const char *s, attr_t attr, short pair)
{
	return text_wrap(y, x, w, maxrows, s, attr, pair, true);
}

int
text_wrapped_whole(int y, int x, int w, int maxrows, const char *s, attr_t attr, short pair)
{
	return text_wrap(y, x, w, maxrows, s, attr, pair, false);
}

static int
text_wrap(int y, int x, int w, int maxrows, const char *s, attr_t attr, short pair,
    bool short_urls)
{
	int rows = 0, indent = 0;
	const char *p = s;

	/* Continuation lines hang two columns in from the first line's indent. */
	while (s[indent] == ' ' && indent < w / 2)
		indent++;
	while (*p != '\0' && rows < maxrows) {
		if (rows == 1) {
			x += indent + 2;
			w -= indent + 2;
			if (w < 1)
				break;
		}
		size_t fit = 0, lastsp = 0, len = strlen(p);
		int cw = 0;

		/* Longest prefix that fits, by display width. */
		while (fit < len) {
			size_t n = 1;
			char tmp[8];
			int ww;

			while (fit + n < len && ((unsigned char)p[fit + n] & 0xc0) == 0x80)
				n++;
			if (n >= sizeof tmp)
				n = sizeof tmp - 1;
			memcpy(tmp, p + fit, n);
			tmp[n] = '\0';
			ww = text_width(tmp);
			if (cw + ww > w)
				break;
			cw += ww;
			if (p[fit] == ' ')
				lastsp = fit;
			fit += n;
		}
		if (fit < len && lastsp > 0)
			fit = lastsp;
		if (fit == 0)
			fit = 1;
		/* A URL is never broken across rows (half of one can be neither opened nor
		 * copied): too long for the row, it is shortened in its middle instead. */
		if (short_urls && fit < len && lastsp == 0 && p[fit] != ' ') {
			size_t wl = strcspn(p, " ");
			char *word = xstrndup(p, wl), *cut;

			if (strstr(word, "://") != NULL) {
				cut = termsize_fit(word, (size_t)w);
				text_put(y + rows, x, w, cut, attr, pair);
				free(cut);
				free(word);
				p += wl;
				while (*p == ' ')
					p++;
				rows++;
				continue;
			}
			free(word);
		}
		{
			char *part = xstrndup(p, fit);

			text_put(y + rows, x, w, part, attr, pair);
			free(part);
		}
		p += fit;
		while (*p == ' ')
			p++;
		rows++;
	}
	return rows;
}

char *
text_home_short(const char *path)
{
	const char *home = getenv("HOME");
	size_t n;

	if (path == NULL)
		return xstrdup("?");
	if (home != NULL && (n = strlen(home)) > 1 && strncmp(path, home, n) == 0 &&
	    (path[n] == '/' || path[n] == '\0'))
		return xprintf("~%s", path + n);
	return xstrdup(path);
}

void
text_lines_attr(int kind, attr_t *attr, short *pair)
{
	*attr = A_NORMAL;
	*pair = 0;
	if (kind == LINE_TITLE)
		*attr = A_BOLD;
	else if (kind == LINE_DIM)
		*attr = A_DIM;
	else if (kind >= 0)
		text_status_attr((enum ft_status)kind, attr, pair);
}

void
text_lines_add(struct text_lines *l, int kind, const char *fmt, ...)
{
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	raw = xvprintf(fmt, ap);
	va_end(ap);
	if (l->text.n == l->alloc) {
		l->alloc = l->alloc == 0 ? 32 : l->alloc * 2;
		l->kind = xreallocarray(l->kind, l->alloc, sizeof *l->kind);
		l->item = xreallocarray(l->item, l->alloc, sizeof *l->item);
	}
	l->kind[l->text.n] = kind;
	l->item[l->text.n] = l->cur_item;
	strlist_push_owned(&l->text, sanitize_text(raw));
	free(raw);
}

void
text_lines_clear(struct text_lines *l)
{
	strlist_clear(&l->text);
	free(l->kind);
	free(l->item);
	memset(l, 0, sizeof *l);
}
