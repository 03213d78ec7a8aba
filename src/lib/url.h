/* url.h: the little URL handling the index client needs: RFC 3986 reference
 * resolution (relative file links on index pages) and removing credentials. */
#ifndef FTPORT_URL_H
#define FTPORT_URL_H

#include <stdbool.h>
#include <stddef.h>

/* Resolves ref against base (RFC 3986 section 5.2, dot segments removed). Returns an
 * allocated absolute URL; a ref that is already absolute is returned as it is. */
char *url_resolve(const char *base, const char *ref);
/* The URL without "user:password@" (for cache keys, metadata, messages). */
char *url_redact(const char *url);
/* The text with the "user:password@" of every URL in it removed (a log line, pip's
 * output, a command): the whole of text[0, len), NUL-terminated, its length in
 * *out_len (when not NULL; the text may hold NULs). */
char *url_redact_text(const char *text, size_t len, size_t *out_len);
/* Does the URL carry credentials? */
bool url_has_userinfo(const char *url);
/* RFC 3986 percent-encoding of every byte but the unreserved characters
 * (A-Z a-z 0-9 - . _ ~): a query value or a path segment. */
char *url_percent_encode(const char *s);
/* Is it http:// or https:// (case-insensitive) with a host? */
bool url_is_http(const char *url);

/* "scheme://host:port" of a URL as libcurl parses it (lower case, the scheme's default
 * port filled in), NULL when it cannot: what tokens and index credentials are scoped
 * to. Allocated. */
char *url_origin(const char *url);
/* "host" or "host:port" (a port that is not the scheme's default), for messages; NULL
 * when libcurl cannot parse url. Raw: clean it before display. Allocated. */
char *url_host_label(const char *url);
/* Do a and b have one origin (both parsed, the same scheme, host and port)? */
bool url_same_origin(const char *a, const char *b);

#endif
