/* script.c: the scripted mode (FTPORT_SCRIPT=file, after tig's test scripts): keys and
 * commands from a file, fed only while nothing is loading, and the in-memory screen
 * dumped to text so tests compare it with an expected screen. */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "display.h"
#include "script.h"
#include "strbuf.h"

/* How long a script waits for the checks before it gives up (a test must not hang). */
#define SCRIPT_LOAD_TIMEOUT_MS	60000

struct tui_script {
	char		*path;
	char		*first_frame;	/* :save-first-frame FILE, or NULL */
	struct strlist	 lines;
	size_t		 next;
	bool		 failed;
	double		 wait_since;	/* when waiting for idle began, or 0 */
	unsigned long	 keys_done;
	double		 keys_ms;	/* handling + redraw of those keys */
};

struct tui_script *
script_open(const char *path, char **cause)
{
	struct tui_script *s;
	char *text, *p, *nl;

	if (read_file(path, 1024 * 1024, &text, NULL, cause) != 0)
		return NULL;
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	for (p = text; p != NULL && *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		p[strcspn(p, "\r")] = '\0';
		/* Not a step: the frame drawn before any answer is asked for. */
		if (str_starts_with(p, ":save-first-frame ")) {
			free(s->first_frame);
			s->first_frame = xstrdup(str_trim(p + 18));
			continue;
		}
		strlist_push(&s->lines, p);
	}
	free(text);
	return s;
}

void
script_first_frame(struct tui_script *s)
{
	char *text, *cause = NULL;

	if (s->first_frame == NULL)
		return;
	text = script_dump();
	if (write_file_atomic(s->first_frame, text, strlen(text), &cause) != 0) {
		fprintf(stderr, "ftport: %s: %s\n", s->path, cause);
		free(cause);
		s->failed = true;
	}
	free(text);
	free(s->first_frame);
	s->first_frame = NULL;
}

void
script_free(struct tui_script *s)
{
	if (s == NULL)
		return;
	strlist_clear(&s->lines);
	free(s->first_frame);
	free(s->path);
	free(s);
}

bool
script_failed(const struct tui_script *s)
{
	return s->failed;
}

char *
script_dump(void)
{
	struct strbuf sb = STRBUF_INIT;
	char mb[MB_LEN_MAX + 1];

	for (int y = 0; y < LINES; y++) {
		size_t start = sb.len;

		for (int x = 0; x < COLS; x++) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			mbstate_t ps;
			int w;

			if (mvwin_wch(stdscr, y, x, &cc) == ERR ||
			    getcchar(&cc, wch, &attrs, &pair, NULL) == ERR || wch[0] == L'\0') {
				strbuf_addch(&sb, ' ');
				continue;
			}
			memset(&ps, 0, sizeof ps);
			for (int i = 0; wch[i] != L'\0'; i++) {
				size_t n = wcrtomb(mb, wch[i], &ps);

				if (n == (size_t)-1)
					strbuf_addch(&sb, '?');
				else
					strbuf_add(&sb, mb, n);
			}
			/* A double-width character covers the next cell too. */
			if ((w = wcwidth(wch[0])) > 1)
				x += w - 1;
		}
		while (sb.len > start && sb.buf[sb.len - 1] == ' ')
			sb.len--;
		strbuf_addch(&sb, '\n');
	}
	return strbuf_detach(&sb, NULL);
}

/* The colour pair of each cell, '.' for none: tests tell coloured from monochrome
 * screens by it (the text must read the same either way). */
static char *
script_dump_colors(void)
{
	struct strbuf sb = STRBUF_INIT;

	for (int y = 0; y < LINES; y++) {
		for (int x = 0; x < COLS; x++) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attrs;
			short pair = 0;

			if (mvwin_wch(stdscr, y, x, &cc) == ERR ||
			    getcchar(&cc, wch, &attrs, &pair, NULL) == ERR)
				pair = 0;
			strbuf_addch(&sb, pair > 0 && pair < 10 ? '0' + pair : pair > 0 ? '+' : '.');
		}
		strbuf_addch(&sb, '\n');
	}
	return strbuf_detach(&sb, NULL);
}

static int
script_save(struct display *d, const char *file, bool colors, char **cause)
{
	char *text;
	int rc;

	display_update(d);
	text = colors ? script_dump_colors() : script_dump();
	rc = write_file_atomic(file, text, strlen(text), cause);
	free(text);
	return rc;
}

static int
script_stats(struct display *d, struct tui_script *s, const char *file, char **cause)
{
	const struct app *app = display_app(d);
	char *text;
	int rc;

	text = xprintf("packages %zu\nenv_ms %.2f\nfirst_frame_ms %.2f\nfull_frame_ms %.2f\n"
	    "keys %lu\nms_per_key %.4f\nrequests %lu\n", app->graph->nnodes, app->env_ms,
	    app->first_frame_ms, app->full_frame_ms, s->keys_done,
	    s->keys_done > 0 ? s->keys_ms / (double)s->keys_done : 0.0,
	    fetch_request_count(app->fetch));
	rc = write_file_atomic(file, text, strlen(text), cause);
	free(text);
	return rc;
}

static bool
script_fail(struct tui_script *s, const char *fmt, ...) PRINTFLIKE(2, 3);

static bool
script_fail(struct tui_script *s, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "ftport: %s:%zu: ", s->path, s->next);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	s->failed = true;
	return false;
}

static bool
script_command(struct display *d, struct tui_script *s, char *line)
{
	char *cmd = line + 1, *arg, *cause = NULL;
	int cols, rows;

	arg = cmd + strcspn(cmd, " \t");
	if (*arg != '\0')
		*arg++ = '\0';
	arg = str_trim(arg);
	if (strcmp(cmd, "save-display") == 0 || strcmp(cmd, "save-colors") == 0 ||
	    strcmp(cmd, "stats") == 0) {
		if (*arg == '\0')
			return script_fail(s, ":%s needs a file", cmd);
		if ((strcmp(cmd, "stats") == 0 ? script_stats(d, s, arg, &cause) :
		    script_save(d, arg, strcmp(cmd, "save-colors") == 0, &cause)) != 0) {
			script_fail(s, "%s", cause);
			free(cause);
			return false;
		}
		return true;
	}
	if (strcmp(cmd, "resize") == 0) {
		if (sscanf(arg, "%d %d", &cols, &rows) != 2 || cols < 1 || rows < 1 ||
		    cols > 1000 || rows > 1000)
			return script_fail(s, ":resize takes COLUMNS LINES, not '%s'", arg);
		resizeterm(rows, cols);
		display_key(d, KEYC_RESIZE);
		display_update(d);
		return true;
	}
	if (strcmp(cmd, "wait-idle") == 0)
		return true;	/* every line waits for idle already */
	if (strcmp(cmd, "quit") == 0) {
		s->next = s->lines.n;
		return true;
	}
	return script_fail(s, "unknown command ':%s'", cmd);
}

/* One line of keys: "<Name>" is a named key (tig style), anything else a character. */
static bool
script_keys(struct display *d, struct tui_script *s, const char *line)
{
	const char *p = line, *end;
	char name[32], ch[8];
	keycode k;
	size_t n;
	double t0;

	while (*p != '\0') {
		k = KEYC_NONE;
		if (*p == '<' && (end = strchr(p, '>')) != NULL && end > p + 1 &&
		    (size_t)(end - p + 1) < sizeof name) {
			memcpy(name, p, (size_t)(end - p + 1));
			name[end - p + 1] = '\0';
			if ((k = keyc_from_name(name)) != KEYC_NONE)
				p = end + 1;
		}
		if (k == KEYC_NONE) {
			n = 1;
			while (((unsigned char)p[n] & 0xc0) == 0x80 && n < sizeof ch - 1)
				n++;
			memcpy(ch, p, n);
			ch[n] = '\0';
			if ((k = keyc_from_name(ch)) == KEYC_NONE)
				return script_fail(s, "not a key: '%s'", ch);
			p += n;
		}
		t0 = now_ms();
		display_key(d, k);
		display_update(d);
		s->keys_ms += now_ms() - t0;
		s->keys_done++;
		if (display_quitting(d))
			return true;
	}
	return true;
}

bool
script_step(struct display *d, void *arg)
{
	struct tui_script *s = arg;

	while (s->next < s->lines.n && !display_quitting(d)) {
		char *line;

		if (!app_idle(display_app(d))) {
			if (s->wait_since == 0)
				s->wait_since = now_ms();
			else if (now_ms() - s->wait_since > SCRIPT_LOAD_TIMEOUT_MS)
				return script_fail(s, "still checking after 60 s");
			return true;
		}
		s->wait_since = 0;
		line = xstrdup(s->lines.v[s->next++]);
		if (line[0] == '\0' || line[0] == '#') {
			free(line);
			continue;
		}
		if (!(line[0] == ':' ? script_command(d, s, line) : script_keys(d, s, line))) {
			free(line);
			return false;
		}
		free(line);
	}
	return false;
}
