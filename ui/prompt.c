/* prompt.c: the status line's input line: keys edit its text (UTF-8, one character at
 * a time) at a cursor, as readline's basic keys do; Enter ends it and keeps it in the
 * history, Esc cancels it; a refused entry opens it again with the text kept. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "prompt.h"
#include "sanitize.h"
#include "text.h"

/* Characters, not bytes: the cursor moves over a whole UTF-8 sequence. */
static size_t
prompt_prev(const struct prompt *p, size_t at)
{
	while (at > 0 && ((unsigned char)p->text.buf[--at] & 0xc0) == 0x80)
		;
	return at;
}

static size_t
prompt_next(const struct prompt *p, size_t at)
{
	if (at < p->text.len)
		at++;
	while (at < p->text.len && ((unsigned char)p->text.buf[at] & 0xc0) == 0x80)
		at++;
	return at;
}

/* Removes bytes [from, to) of the text; the cursor goes to from. */
static void
prompt_cut(struct prompt *p, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(p->text.buf + from, p->text.buf + to, p->text.len - to + 1);
	p->text.len -= to - from;
	p->cursor = from;
}

static void
prompt_insert(struct prompt *p, const char *s)
{
	size_t n = strlen(s);
	char *tail = xstrdup(p->text.buf != NULL ? p->text.buf + p->cursor : "");

	p->text.len = p->cursor;
	if (p->text.buf != NULL)
		p->text.buf[p->text.len] = '\0';
	strbuf_addstr(&p->text, s);
	strbuf_addstr(&p->text, tail);
	p->cursor += n;
	free(tail);
}

static void
prompt_set(struct prompt *p, const char *s)
{
	strbuf_reset(&p->text);
	strbuf_addstr(&p->text, s != NULL ? s : "");
	p->cursor = p->text.len;
}

void
prompt_start(struct prompt *p, enum prompt_for kind, const char *label,
    const char *initial)
{
	p->active = true;
	p->menu = false;
	p->kind = kind;
	p->label = label;
	free(p->error);
	p->error = NULL;
	free(p->typed);
	p->typed = NULL;
	p->hist_pos = p->history[kind].n;
	prompt_set(p, initial);
}

void
prompt_start_menu(struct prompt *p, enum prompt_for kind, const char *label)
{
	prompt_start(p, kind, label, NULL);
	p->menu = true;
}

/* Up (older, dir -1) and Down (newer, dir 1) through the kind's history; past the
 * newest is the line that was being typed. */
static void
prompt_history(struct prompt *p, int dir)
{
	const struct strlist *h = &p->history[p->kind];

	if (dir < 0 && p->hist_pos == 0)
		return;
	if (dir > 0 && p->hist_pos >= h->n)
		return;
	if (p->hist_pos == h->n) {
		free(p->typed);
		p->typed = xstrdup(strbuf_str(&p->text));
	}
	p->hist_pos = dir < 0 ? p->hist_pos - 1 : p->hist_pos + 1;
	prompt_set(p, p->hist_pos < h->n ? h->v[p->hist_pos] : p->typed);
}

static void
prompt_remember(struct prompt *p)
{
	struct strlist *h = &p->history[p->kind];
	const char *s = strbuf_str(&p->text);

	if (*s == '\0' || (h->n > 0 && strcmp(h->v[h->n - 1], s) == 0))
		return;
	if (h->n >= PROMPT_HISTORY_MAX) {
		free(h->v[0]);
		memmove(h->v, h->v + 1, (h->n - 1) * sizeof h->v[0]);
		h->n--;
	}
	strlist_push(h, s);
}

enum prompt_state
prompt_key(struct prompt *p, keycode k)
{
	size_t at;

	if (p->menu) {
		if (k == KEYC_ESCAPE || k == 7 /* C-g */) {
			p->active = false;
			return PROMPT_CANCELLED;
		}
		if (k > 0x20 && k < 0x7f) {
			char c[2] = { (char)k, '\0' };

			prompt_set(p, c);
			p->active = false;
			return PROMPT_ENTERED;
		}
		return PROMPT_EDITING;
	}
	switch (k) {
	case KEYC_ENTER:
		p->active = false;
		prompt_remember(p);
		return PROMPT_ENTERED;
	case KEYC_ESCAPE:
	case 7:		/* C-g, as in readline and emacs */
		p->active = false;
		return PROMPT_CANCELLED;
	case KEYC_BACKSPACE:
	case 8:		/* C-h */
		if (p->text.len == 0 && p->kind == PROMPT_SEARCH) {
			p->active = false;	/* as in vim and less */
			return PROMPT_CANCELLED;
		}
		prompt_cut(p, prompt_prev(p, p->cursor), p->cursor);
		break;
	case KEYC_DELETE:
	case 4:		/* C-d */
		prompt_cut(p, p->cursor, prompt_next(p, p->cursor));
		break;
	case KEYC_LEFT:
	case 2:		/* C-b */
		p->cursor = prompt_prev(p, p->cursor);
		break;
	case KEYC_RIGHT:
	case 6:		/* C-f */
		p->cursor = prompt_next(p, p->cursor);
		break;
	case KEYC_HOME:
	case 1:		/* C-a */
		p->cursor = 0;
		break;
	case KEYC_END:
	case 5:		/* C-e */
		p->cursor = p->text.len;
		break;
	case 21:	/* C-u: all before the cursor */
		prompt_cut(p, 0, p->cursor);
		break;
	case 11:	/* C-k: all after it */
		prompt_cut(p, p->cursor, p->text.len);
		break;
	case 23:	/* C-w: the word before it, and the blanks after that word */
		at = p->cursor;
		while (at > 0 && p->text.buf[at - 1] == ' ')
			at--;
		while (at > 0 && p->text.buf[at - 1] != ' ')
			at--;
		prompt_cut(p, at, p->cursor);
		break;
	case KEYC_UP:
	case 16:	/* C-p */
		prompt_history(p, -1);
		break;
	case KEYC_DOWN:
	case 14:	/* C-n */
		prompt_history(p, 1);
		break;
	default:
		if (k == ' ')
			prompt_insert(p, " ");
		else if (k > 0x20 && k < KEYC_BASE &&
		    p->text.len < (p->kind == PROMPT_SEARCH ? 200 : 500))
			prompt_insert(p, keyc_name(k));
		break;
	}
	return PROMPT_EDITING;
}

void
prompt_refuse(struct prompt *p, const char *why)
{
	p->active = true;
	free(p->error);
	p->error = sanitize_text(why);
}

void
prompt_draw(const struct prompt *p, int y, int w)
{
	char *text = sanitize_text(strbuf_str(&p->text));
	char *before = xstrndup(strbuf_str(&p->text), p->cursor), *clean_before;
	int lw = text_put(y, 0, w - 2, p->label, A_BOLD, 0), cx;

	if (p->error != NULL && y > 0) {
		text_fill(y - 1, 0, w, A_NORMAL);
		text_trunc(y - 1, 1, w - 2, p->error, A_BOLD, text_color() ? PAIR_RED : 0);
	}
	if (p->menu) {
		free(before);
		free(text);
		return;
	}
	text_put(y, lw, w - 1 - lw, text, A_NORMAL, 0);
	clean_before = sanitize_text(before);
	cx = lw + text_width(clean_before);
	/* The cursor: the cell under it in reverse video, its character kept. */
	if (cx < w - 1)
		mvwchgat(stdscr, y, cx, 1, A_REVERSE, 0, NULL);
	free(clean_before);
	free(before);
	free(text);
}

void
prompt_free(struct prompt *p)
{
	strbuf_release(&p->text);
	free(p->error);
	free(p->typed);
	for (int i = 0; i < PROMPT_KINDS; i++)
		strlist_clear(&p->history[i]);
}
