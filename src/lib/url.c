/* url.c: RFC 3986 reference resolution and credential removal, enough for index pages
 * (which link files relative to the page) and for keeping passwords out of the cache;
 * origins and host labels as libcurl's URL parser reads them. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "strbuf.h"
#include "url.h"
#include "util.h"

/* Length of "scheme:" (including the colon) or 0 when s has no scheme. */
static size_t
scheme_len(const char *s)
{
	size_t i = 0;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':' ? i + 1 : 0;
}

/* Splits an absolute URL: [0, *auth_end) is "scheme://authority", then the path up
 * to *path_end (before '?' or '#'). */
static void
url_split(const char *u, size_t *auth_end, size_t *path_end)
{
	size_t i = scheme_len(u);

	if (u[i] == '/' && u[i + 1] == '/') {
		i += 2;
		i += strcspn(u + i, "/?#");
	}
	*auth_end = i;
	*path_end = i + strcspn(u + i, "?#");
}

/* RFC 3986 5.2.4, on a path (no query or fragment). */
static char *
remove_dots(const char *in)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = in;

	strbuf_addstr(&out, "");
	while (*p != '\0') {
		if (strncmp(p, "../", 3) == 0)
			p += 3;
		else if (strncmp(p, "./", 2) == 0)
			p += 2;
		else if (strncmp(p, "/./", 3) == 0)
			p += 2;
		else if (strcmp(p, "/.") == 0)
			p = "/";
		else if (strncmp(p, "/../", 4) == 0 || strcmp(p, "/..") == 0) {
			char *slash;

			p = p[3] == '\0' ? "/" : p + 3;
			slash = strrchr(out.buf, '/');
			out.len = slash != NULL ? (size_t)(slash - out.buf) : 0;
			out.buf[out.len] = '\0';
		} else if (strcmp(p, ".") == 0 || strcmp(p, "..") == 0)
			p += strlen(p);
		else {
			size_t n = strcspn(p + 1, "/") + 1;

			strbuf_add(&out, p, n);
			p += n;
		}
	}
	return strbuf_detach(&out, NULL);
}

char *
url_resolve(const char *base, const char *ref)
{
	struct strbuf sb = STRBUF_INIT;
	size_t auth_end, path_end, rs;
	char *path, *clean;
	const char *rq;

	rs = scheme_len(ref);
	if (base == NULL || *base == '\0' || rs > 0) {
		/* Absolute already (or nothing to resolve against). */
		if (rs > 0 && ref[rs] == '/' && ref[rs + 1] == '/') {
			url_split(ref, &auth_end, &path_end);
			strbuf_add(&sb, ref, auth_end);
			path = xstrndup(ref + auth_end, path_end - auth_end);
			clean = remove_dots(path);
			strbuf_addstr(&sb, clean);
			strbuf_addstr(&sb, ref + path_end);
			free(path);
			free(clean);
			return strbuf_detach(&sb, NULL);
		}
		return xstrdup(ref);
	}
	url_split(base, &auth_end, &path_end);
	if (ref[0] == '/' && ref[1] == '/') {
		/* Network-path reference: the base's scheme only. */
		strbuf_add(&sb, base, scheme_len(base));
		strbuf_addstr(&sb, ref);
		path = url_resolve(NULL, sb.buf);
		strbuf_release(&sb);
		return path;
	}
	strbuf_add(&sb, base, auth_end);
	if (ref[0] == '\0' || ref[0] == '#') {
		strbuf_add(&sb, base + auth_end, path_end - auth_end);
		if (base[path_end] == '?')
			strbuf_add(&sb, base + path_end, strcspn(base + path_end, "#"));
		strbuf_addstr(&sb, ref);
		return strbuf_detach(&sb, NULL);
	}
	if (ref[0] == '?') {
		strbuf_add(&sb, base + auth_end, path_end - auth_end);
		strbuf_addstr(&sb, ref);
		return strbuf_detach(&sb, NULL);
	}
	rq = ref + strcspn(ref, "?#");
	if (ref[0] == '/')
		path = xstrndup(ref, (size_t)(rq - ref));
	else {
		/* Merge: the base path up to its last '/', then the reference. */
		const char *bp = base + auth_end;
		size_t dir = path_end - auth_end;
		struct strbuf m = STRBUF_INIT;

		while (dir > 0 && bp[dir - 1] != '/')
			dir--;
		if (dir == 0 && auth_end > scheme_len(base))
			strbuf_addch(&m, '/');
		else
			strbuf_add(&m, bp, dir);
		strbuf_add(&m, ref, (size_t)(rq - ref));
		path = strbuf_detach(&m, NULL);
	}
	clean = remove_dots(path);
	strbuf_addstr(&sb, clean);
	strbuf_addstr(&sb, rq);
	free(path);
	free(clean);
	return strbuf_detach(&sb, NULL);
}

static const char *
userinfo_span(const char *url, size_t *len)
{
	size_t s = scheme_len(url), auth;
	const char *at;

	if (s == 0 || url[s] != '/' || url[s + 1] != '/')
		return NULL;
	s += 2;
	auth = strcspn(url + s, "/?#");
	at = memchr(url + s, '@', auth);
	if (at == NULL)
		return NULL;
	/* The last '@' of the authority ends the userinfo. */
	for (const char *p = at + 1; p < url + s + auth; p++)
		if (*p == '@')
			at = p;
	*len = (size_t)(at + 1 - (url + s));
	return url + s;
}

/* Where a URL's authority ends in free text: at its path, query or fragment, or at
 * what no URL holds unquoted (space, a quote, a bracket, a control character). */
static size_t
authority_len_in_text(const char *s, const char *end)
{
	size_t n = 0;

	while (s + n < end && strchr("/?#\"'<>()[]{}` \t\r\n", s[n]) == NULL &&
	    (unsigned char)s[n] >= 0x20 && s[n] != 0x7f)
		n++;
	return n;
}

char *
url_redact_text(const char *text, size_t len, size_t *out_len)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = text, *end = text + len, *sep;

	strbuf_grow(&sb, len);
	for (sep = p; end - sep >= 3; sep++) {
		const char *auth = sep + 3, *at = NULL;
		size_t n;

		if (sep[0] != ':' || sep[1] != '/' || sep[2] != '/')
			continue;
		n = authority_len_in_text(auth, end);
		for (size_t i = 0; i < n; i++)
			if (auth[i] == '@')
				at = auth + i;	/* the last '@' ends the userinfo */
		strbuf_add(&sb, p, (size_t)(auth - p));
		p = at != NULL ? at + 1 : auth;
		sep = p - 1;
	}
	strbuf_add(&sb, p, (size_t)(end - p));
	return strbuf_detach(&sb, out_len);
}

bool
url_has_userinfo(const char *url)
{
	size_t len;

	return userinfo_span(url, &len) != NULL;
}

char *
url_redact(const char *url)
{
	size_t len;
	const char *ui = userinfo_span(url, &len);
	struct strbuf sb = STRBUF_INIT;

	if (ui == NULL)
		return xstrdup(url);
	strbuf_add(&sb, url, (size_t)(ui - url));
	strbuf_addstr(&sb, ui + len);
	return strbuf_detach(&sb, NULL);
}

bool
url_is_http(const char *url)
{
	const char *rest;

	if (strncasecmp(url, "http://", 7) == 0)
		rest = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		rest = url + 8;
	else
		return false;
	return *rest != '\0' && *rest != '/';
}

char *
url_percent_encode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "");	/* "" encodes to "", not NULL */
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		/* Not isalnum: in some locales it accepts bytes above 127. */
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL)
			strbuf_addch(&sb, *p);
		else {
			strbuf_addch(&sb, '%');
			strbuf_addch(&sb, hex[*p >> 4]);
			strbuf_addch(&sb, hex[*p & 15]);
		}
	}
	return strbuf_detach(&sb, NULL);
}

/* The parts of url that name where it goes; false when libcurl cannot parse it. */
static bool
url_parts(const char *url, char **scheme, char **host, char **port)
{
	CURLU *u = curl_url();
	bool ok;

	if (u == NULL)
		fatal("out of memory parsing a URL");
	*scheme = *host = *port = NULL;
	ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, port, CURLU_DEFAULT_PORT) == CURLUE_OK;
	curl_url_cleanup(u);
	return ok;
}

static void
url_parts_free(char *scheme, char *host, char *port)
{
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
}

char *
url_origin(const char *url)
{
	char *scheme, *host, *port, *origin = NULL;

	if (url_parts(url, &scheme, &host, &port)) {
		origin = xprintf("%s://%s:%s", scheme, host, port);
		for (char *c = origin; *c != '\0'; c++)
			*c = (char)tolower((unsigned char)*c);
	}
	url_parts_free(scheme, host, port);
	return origin;
}

char *
url_host_label(const char *url)
{
	char *scheme, *host, *port, *label = NULL;

	if (url_parts(url, &scheme, &host, &port)) {
		bool dflt = (strcasecmp(scheme, "https") == 0 && strcmp(port, "443") == 0) ||
		    (strcasecmp(scheme, "http") == 0 && strcmp(port, "80") == 0);

		label = dflt ? xstrdup(host) : xprintf("%s:%s", host, port);
	}
	url_parts_free(scheme, host, port);
	return label;
}

bool
url_same_origin(const char *a, const char *b)
{
	char *x = url_origin(a), *y = url_origin(b);
	bool same = x != NULL && y != NULL && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}
