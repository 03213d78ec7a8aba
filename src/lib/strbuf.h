/* strbuf.h: a growable string buffer (after git's strbuf): init, append, detach. */
#ifndef FTPORT_STRBUF_H
#define FTPORT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util.h"

struct strbuf {
	char	*buf;	/* always NUL-terminated once anything was added */
	size_t	 len;
	size_t	 alloc;
};
#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTFLIKE(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) PRINTFLIKE(2, 0);
void strbuf_reset(struct strbuf *sb);
/* Returns the buffer (never NULL: "" when empty) and leaves sb empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_release(struct strbuf *sb);
/* The contents as a C string, "" when nothing was added. */
const char *strbuf_str(const struct strbuf *sb);

#endif
