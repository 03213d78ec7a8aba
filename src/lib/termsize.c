/* termsize.c: the width of the terminal a command prints on, and text cut to it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "strbuf.h"
#include "termsize.h"
#include "util.h"

size_t
termsize_columns(int fd)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (!isatty(fd))
		return 0;
	if (env != NULL && *env != '\0') {
		n = strtol(env, &end, 10);
		if (*end == '\0' && n >= 20 && n <= 10000)
			return (size_t)n;
	}
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

size_t
termsize_width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* The byte offset where code point n starts (or the end). */
static size_t
termsize_offset(const char *s, size_t n)
{
	size_t i = 0, seen = 0;

	for (; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && seen++ == n)
			break;
	}
	return i;
}

char *
termsize_fit(const char *s, size_t width)
{
	size_t w = termsize_width(s), head;
	struct strbuf sb;

	if (w <= width)
		return xstrdup(s);
	if (width == 0)
		return xstrdup("");
	strbuf_init(&sb);
	/* A URL cut at its end cannot be opened nor recognised: keep both ends. */
	if (width >= 16 && strstr(s, "://") != NULL && strchr(s, ' ') == NULL) {
		head = (width - 1) / 2;
		strbuf_add(&sb, s, termsize_offset(s, head));
		strbuf_addstr(&sb, "…");
		strbuf_addstr(&sb, s + termsize_offset(s, w - (width - 1 - head)));
		return strbuf_detach(&sb, NULL);
	}
	strbuf_add(&sb, s, termsize_offset(s, width - 1));
	strbuf_addstr(&sb, "…");
	return strbuf_detach(&sb, NULL);
}
