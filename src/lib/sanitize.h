/* sanitize.h: making text from metadata or the network safe to put on a terminal. */
#ifndef FTPORT_SANITIZE_H
#define FTPORT_SANITIZE_H

#include <stddef.h>
#include <stdint.h>

#define SANITIZE_KEEP_NEWLINES	0x1	/* keep '\n' (multi-line text such as a summary) */

/* Returns a new string with every C0 and C1 control character, DEL and escape sequence
 * removed: CSI (ESC [ or U+009B) with its parameters, OSC, DCS, SOS, PM and APC strings
 * with their payloads up to BEL or ST, and two-byte ESC sequences. Tabs, and newlines
 * unless kept, become one space; invalid UTF-8 becomes U+FFFD (utf8.h); bidirectional overrides
 * and isolates (U+202A-U+202E, U+2066-U+2069) are removed. NULL gives "". */
char *sanitize_text(const char *s);
char *sanitize_buf(const char *s, size_t len, int flags);

struct strbuf;
/* Text quoted in a message (a parse error's place, a requirement): one line, at most
 * max characters (UTF-8 sequences never cut), "..." when shortened, each control
 * character a '?'. */
void sanitize_add_excerpt(struct strbuf *sb, const char *text, size_t max);
char *sanitize_excerpt(const char *text, size_t max);

#endif
