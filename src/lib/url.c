/* url.c: credential removal, for keeping passwords out of the cache, logs and
 * messages; origins and host labels as libcurl's URL parser reads them. */
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
