/* sanitize.c: strips control characters and terminal escape sequences from untrusted
 * text, and repairs its UTF-8, so that metadata can never drive the terminal. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sanitize.h"
#include "strbuf.h"
#include "utf8.h"
#include "util.h"

/* Where a control string (OSC, DCS, SOS, PM, APC) that starts at i ends: after its BEL
 * or ST (ESC \ or U+009C), or at the end of the text when it is never terminated. */
static size_t
skip_string(const unsigned char *s, size_t n, size_t i)
{
	uint32_t cp;
	size_t len;

	while (i < n) {
		if (s[i] == 0x07)
			return i + 1;
		if (s[i] == 0x1b) {
			if (i + 1 < n && s[i + 1] == '\\')
				return i + 2;
			return i + 1; /* a new escape aborts the string: drop the ESC as well */
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0)
			len = 1;
		else if (cp == 0x9c)
			return i + len;
		i += len;
	}
	return n;
}

/* Where a CSI sequence whose parameters start at i ends: parameter bytes 0x30-0x3f,
 * intermediate bytes 0x20-0x2f, then one final byte 0x40-0x7e. A byte outside those
 * ends the sequence without being consumed. */
static size_t
skip_csi(const unsigned char *s, size_t n, size_t i)
{
	while (i < n && s[i] >= 0x30 && s[i] <= 0x3f)
		i++;
	while (i < n && s[i] >= 0x20 && s[i] <= 0x2f)
		i++;
	if (i < n && s[i] >= 0x40 && s[i] <= 0x7e)
		i++;
	return i;
}

/* After ESC at i: how far the sequence goes. */
static size_t
skip_escape(const unsigned char *s, size_t n, size_t i)
{
	i++;
	if (i >= n)
		return i;
	switch (s[i]) {
	case '[':
		return skip_csi(s, n, i + 1);
	case ']': case 'P': case 'X': case '^': case '_':
		return skip_string(s, n, i + 1);
	}
	/* nF sequences: intermediates, then one final byte. */
	while (i < n && s[i] >= 0x20 && s[i] <= 0x2f)
		i++;
	if (i < n && s[i] >= 0x30 && s[i] <= 0x7e)
		i++;
	return i;
}

char *
sanitize_buf(const char *text, size_t n, int flags)
{
	const unsigned char *s = (const unsigned char *)text;
	struct strbuf sb = STRBUF_INIT;
	uint32_t cp;
	size_t i = 0, len;

	if (text == NULL)
		return xstrdup("");
	strbuf_grow(&sb, n + 1);
	while (i < n) {
		if (s[i] == 0x1b) {
			i = skip_escape(s, n, i);
			continue;
		}
		if (s[i] < 0x20 || s[i] == 0x7f) {
			if (s[i] == '\n' && (flags & SANITIZE_KEEP_NEWLINES))
				strbuf_addch(&sb, '\n');
			else if (s[i] == '\t' || s[i] == '\n')
				strbuf_addch(&sb, ' ');
			i++;
			continue;
		}
		if (s[i] < 0x80) {
			strbuf_addch(&sb, s[i++]);
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			strbuf_addstr(&sb, UTF8_REPLACEMENT);
			i += utf8_broken_len(s + i, n - i);
			continue;
		}
		if (cp >= 0x80 && cp <= 0x9f) {
			/* C1 controls written as UTF-8: some terminals act on them. */
			if (cp == 0x9b)
				i = skip_csi(s, n, i + len);
			else if (cp == 0x9d || cp == 0x90 || cp == 0x98 || cp == 0x9e ||
			    cp == 0x9f)
				i = skip_string(s, n, i + len);
			else
				i += len;
			continue;
		}
		if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
			i += len;
			continue;
		}
		strbuf_add(&sb, s + i, len);
		i += len;
	}
	return strbuf_detach(&sb, NULL);
}

char *
sanitize_text(const char *s)
{
	if (s == NULL)
		return xstrdup("");
	return sanitize_buf(s, strlen(s), 0);
}

void
sanitize_add_excerpt(struct strbuf *sb, const char *text, size_t max)
{
	size_t n = 0;

	for (const char *p = text; *p != '\0'; p++) {
		if ((*p & 0xc0) != 0x80 && n++ == max) {
			strbuf_addstr(sb, "...");
			break;
		}
		strbuf_addch(sb, (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
	}
}

char *
sanitize_excerpt(const char *text, size_t max)
{
	struct strbuf sb = STRBUF_INIT;

	sanitize_add_excerpt(&sb, text, max);
	return strbuf_detach(&sb, NULL);
}
