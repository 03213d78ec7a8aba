/* project_parse.c: the Simple API's two forms of a project page, PEP 691 JSON and
 * PEP 503 HTML, turned into one struct project with absolute file URLs. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "project.h"
#include "strbuf.h"
#include "url.h"
#include "util.h"

/* Anything larger is not a project page; it also keeps the file array's growth sane. */
#define PROJECT_MAX_FILES 1000000

/* Causes quote the body ("near 'xyz'", a version string): one line of printable ASCII,
 * whatever the index sent. */
static char *
cause_clean(char *cause)
{
	for (unsigned char *p = (unsigned char *)cause; *p != '\0'; p++)
		if (*p < 0x20 || *p >= 0x7f)
			*p = '?';
	return cause;
}

static void
project_add(struct project *p, size_t *alloc, const char *filename, char *url,
    bool yanked, const char *reason, const char *requires_python)
{
	struct project_file *f;

	if (p->nfiles == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 64;
		p->files = xreallocarray(p->files, *alloc, sizeof *p->files);
	}
	f = &p->files[p->nfiles++];
	f->filename = xstrdup(filename);
	f->url = url;
	f->yanked = yanked;
	f->yanked_reason = (reason != NULL && *reason != '\0') ? xstrdup(reason) : NULL;
	f->requires_python = (requires_python != NULL && *requires_python != '\0') ?
	    xstrdup(requires_python) : NULL;
}

void
project_free(struct project *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nfiles; i++) {
		free(p->files[i].filename);
		free(p->files[i].url);
		free(p->files[i].yanked_reason);
		free(p->files[i].requires_python);
	}
	free(p->files);
	free(p->name);
	free(p);
}

/* "1.1" -> 1; -1 when it is not a version number. */
static int
api_major(const char *v)
{
	char *end;
	long major;

	if (v == NULL || !isdigit((unsigned char)*v))
		return -1;
	major = strtol(v, &end, 10);
	if (*end != '\0' && *end != '.')
		return -1;
	return major > 1000 ? 1000 : (int)major;
}

struct project *
project_parse_json(const char *name, const char *body, size_t len,
    const char *base_url, char **cause)
{
	json_t *root, *files, *meta, *jname, *v;
	json_error_t jerr;
	struct project *p;
	size_t alloc = 0, i;
	int major;

	if (body == NULL || len == 0) {
		*cause = xstrdup("empty response");
		return NULL;
	}
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (root == NULL) {
		*cause = cause_clean(xprintf("line %d: %s", jerr.line, jerr.text));
		return NULL;
	}
	if (!json_is_object(root)) {
		*cause = xstrdup("the top level is not an object");
		json_decref(root);
		return NULL;
	}
	meta = json_object_get(root, "meta");
	v = json_is_object(meta) ? json_object_get(meta, "api-version") : NULL;
	if (json_is_string(v) && (major = api_major(json_string_value(v))) != 1) {
		*cause = cause_clean(xprintf("unsupported Simple API version %.20s",
		    json_string_value(v)));
		json_decref(root);
		return NULL;
	}
	files = json_object_get(root, "files");
	if (!json_is_array(files)) {
		*cause = xstrdup("no \"files\" list");
		json_decref(root);
		return NULL;
	}
	if (json_array_size(files) > PROJECT_MAX_FILES) {
		*cause = xprintf("more than %d files", PROJECT_MAX_FILES);
		json_decref(root);
		return NULL;
	}

	p = xcalloc(1, sizeof *p);
	jname = json_object_get(root, "name");
	p->name = name_normalize(json_is_string(jname) && json_string_length(jname) > 0 ?
	    json_string_value(jname) : name);
	for (i = 0; i < json_array_size(files); i++) {
		json_t *f = json_array_get(files, i);
		json_t *fn, *u, *y, *rp;
		const char *reason = NULL;
		bool yanked = false;

		if (!json_is_object(f))
			continue;
		fn = json_object_get(f, "filename");
		u = json_object_get(f, "url");
		/* A file without a name or a URL cannot be judged or fetched: skip it,
		 * as pip does, rather than fail the whole project. */
		if (!json_is_string(fn) || json_string_length(fn) == 0 || !json_is_string(u) ||
		    strlen(json_string_value(fn)) != json_string_length(fn))
			continue;
		y = json_object_get(f, "yanked");
		if (json_is_true(y))
			yanked = true;
		else if (json_is_string(y)) {
			yanked = true;
			reason = json_string_value(y);
		}
		rp = json_object_get(f, "requires-python");
		project_add(p, &alloc, json_string_value(fn),
		    url_resolve(base_url, json_string_value(u)), yanked, reason,
		    json_is_string(rp) ? json_string_value(rp) : NULL);
	}
	json_decref(root);
	return p;
}

/* --- HTML ------------------------------------------------------------------------- */

static void
utf8_put(struct strbuf *sb, unsigned long cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80)
		strbuf_addch(sb, (int)cp);
	else if (cp < 0x800) {
		strbuf_addch(sb, (int)(0xC0 | (cp >> 6)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (int)(0xE0 | (cp >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addch(sb, (int)(0xF0 | (cp >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 12) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (cp & 0x3F)));
	}
}

/* Decodes the character references that index pages use: the five XML ones, a few
 * common HTML names, and numeric ones. Unknown references are kept as written. */
static char *
project_html_unescape(const char *s, size_t len)
{
	static const struct { const char *name; unsigned long cp; } named[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", 0xA0 }, { "equals", '=' }, { "excl", '!' },
		{ "num", '#' }, { "sol", '/' }, { "tilde", '~' }, { "comma", ',' },
	};
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;

	strbuf_addstr(&sb, "");
	while (i < len) {
		if (s[i] == '&') {
			size_t j = i + 1;
			unsigned long cp = 0;
			bool ok = false;

			if (j < len && s[j] == '#') {
				int base = 10;
				size_t start;

				j++;
				if (j < len && (s[j] == 'x' || s[j] == 'X')) {
					base = 16;
					j++;
				}
				start = j;
				while (j < len && (base == 16 ? isxdigit((unsigned char)s[j]) :
				    isdigit((unsigned char)s[j])) && j - start < 8) {
					int d = isdigit((unsigned char)s[j]) ? s[j] - '0' :
					    tolower((unsigned char)s[j]) - 'a' + 10;

					cp = cp * (unsigned long)base + (unsigned long)d;
					j++;
				}
				ok = j > start;
			} else {
				size_t start = j;

				while (j < len && isalnum((unsigned char)s[j]) && j - start < 10)
					j++;
				for (size_t k = 0; k < nitems(named); k++) {
					if (strlen(named[k].name) == j - start &&
					    memcmp(named[k].name, s + start, j - start) == 0) {
						cp = named[k].cp;
						ok = true;
						break;
					}
				}
			}
			if (ok) {
				if (j < len && s[j] == ';')
					j++;
				utf8_put(&sb, cp);
				i = j;
				continue;
			}
		}
		strbuf_addch(&sb, s[i]);
		i++;
	}
	return strbuf_detach(&sb, NULL);
}

struct html_attr {
	const char	*name;
	size_t		 nlen;
	const char	*value;		/* NULL when the attribute has no value */
	size_t		 vlen;
};

/* Reads the attributes of a tag starting after its name; *pos ends after '>'. */
static size_t
html_attrs(const char *s, size_t len, size_t *pos, struct html_attr *out, size_t max)
{
	size_t i = *pos, n = 0;

	for (;;) {
		struct html_attr a = { NULL, 0, NULL, 0 };

		while (i < len && (isspace((unsigned char)s[i]) || s[i] == '/'))
			i++;
		if (i >= len)
			break;
		if (s[i] == '>') {
			i++;
			break;
		}
		a.name = s + i;
		while (i < len && !isspace((unsigned char)s[i]) && s[i] != '=' &&
		    s[i] != '>' && s[i] != '/')
			i++;
		a.nlen = (size_t)(s + i - a.name);
		if (a.nlen == 0) {
			i++;	/* a stray '=' or the like */
			continue;
		}
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		if (i < len && s[i] == '=') {
			i++;
			while (i < len && isspace((unsigned char)s[i]))
				i++;
			if (i < len && (s[i] == '"' || s[i] == '\'')) {
				char q = s[i++];
				const char *e = memchr(s + i, q, len - i);

				a.value = s + i;
				a.vlen = e != NULL ? (size_t)(e - (s + i)) : len - i;
				i += a.vlen + (e != NULL);
			} else {
				a.value = s + i;
				while (i < len && !isspace((unsigned char)s[i]) && s[i] != '>')
					i++;
				a.vlen = (size_t)(s + i - a.value);
			}
		}
		if (n < max)
			out[n++] = a;
	}
	*pos = i;
	return n;
}

static const struct html_attr *
html_attr_find(const struct html_attr *a, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].nlen == strlen(name) && strncasecmp(a[i].name, name, a[i].nlen) == 0)
			return &a[i];
	return NULL;
}

static bool
tag_is(const char *s, size_t len, size_t i, const char *tag)
{
	size_t tl = strlen(tag);

	return i + tl <= len && strncasecmp(s + i, tag, tl) == 0 &&
	    (i + tl == len || isspace((unsigned char)s[i + tl]) || s[i + tl] == '>' ||
	    s[i + tl] == '/');
}

static char *
strip_fragment(char *url)
{
	char *hash = strchr(url, '#');

	if (hash != NULL)
		*hash = '\0';
	return url;
}

struct project *
project_parse_html(const char *name, const char *body, size_t len,
    const char *base_url, char **cause)
{
	struct project *p;
	size_t alloc = 0, i = 0;
	char *base = xstrdup(base_url != NULL ? base_url : "");
	bool saw_html = false;

	if (body == NULL || len == 0) {
		*cause = xstrdup("empty response");
		free(base);
		return NULL;
	}
	p = xcalloc(1, sizeof *p);
	p->name = name_normalize(name);
	while (i < len) {
		const char *lt = memchr(body + i, '<', len - i);
		struct html_attr attrs[32];
		const struct html_attr *a;
		size_t n;

		if (lt == NULL)
			break;
		i = (size_t)(lt - body) + 1;
		if (i + 3 <= len && memcmp(body + i, "!--", 3) == 0) {
			const char *end = NULL;

			for (size_t k = i + 3; k + 3 <= len; k++)
				if (memcmp(body + k, "-->", 3) == 0) {
					end = body + k;
					break;
				}
			i = end != NULL ? (size_t)(end - body) + 3 : len;
			continue;
		}
		if (tag_is(body, len, i, "html") || tag_is(body, len, i, "!doctype"))
			saw_html = true;
		if (tag_is(body, len, i, "meta")) {
			i += 4;
			n = html_attrs(body, len, &i, attrs, nitems(attrs));
			a = html_attr_find(attrs, n, "name");
			if (a != NULL && a->value != NULL &&
			    a->vlen == strlen("pypi:repository-version") &&
			    strncasecmp(a->value, "pypi:repository-version", a->vlen) == 0 &&
			    (a = html_attr_find(attrs, n, "content")) != NULL && a->value != NULL) {
				char *v = xstrndup(a->value, a->vlen);
				int major = api_major(v);

				if (major != 1) {
					*cause = cause_clean(xprintf("unsupported Simple API version %.20s", v));
					free(v);
					free(base);
					project_free(p);
					return NULL;
				}
				free(v);
			}
			continue;
		}
		if (tag_is(body, len, i, "base")) {
			i += 4;
			n = html_attrs(body, len, &i, attrs, nitems(attrs));
			if ((a = html_attr_find(attrs, n, "href")) != NULL && a->value != NULL) {
				char *href = project_html_unescape(a->value, a->vlen);
				char *nb = url_resolve(base, href);

				free(href);
				free(base);
				base = nb;
			}
			continue;
		}
		if (tag_is(body, len, i, "a")) {
			const struct html_attr *href, *y, *rp;
			const char *close;
			char *text, *url, *filename, *reason = NULL, *requires = NULL;

			i += 1;
			n = html_attrs(body, len, &i, attrs, nitems(attrs));
			href = html_attr_find(attrs, n, "href");
			/* The text runs to the closing tag (or the next tag, if unclosed). */
			close = memchr(body + i, '<', len - i);
			text = project_html_unescape(body + i,
			    close != NULL ? (size_t)(close - (body + i)) : len - i);
			if (href == NULL || href->value == NULL || href->vlen == 0) {
				free(text);
				continue;
			}
			{
				char *h = project_html_unescape(href->value, href->vlen);

				url = strip_fragment(url_resolve(base, h));
				free(h);
			}
			filename = xstrdup(str_trim(text));
			free(text);
			if (*filename == '\0') {
				/* No text: the last path segment of the URL names the file. */
				const char *slash = strrchr(url, '/');
				char *q;

				free(filename);
				filename = xstrdup(slash != NULL ? slash + 1 : url);
				if ((q = strchr(filename, '?')) != NULL)
					*q = '\0';
			}
			if (*filename == '\0') {
				free(filename);
				free(url);
				continue;
			}
			y = html_attr_find(attrs, n, "data-yanked");
			if (y != NULL && y->value != NULL)
				reason = project_html_unescape(y->value, y->vlen);
			rp = html_attr_find(attrs, n, "data-requires-python");
			if (rp != NULL && rp->value != NULL)
				requires = project_html_unescape(rp->value, rp->vlen);
			project_add(p, &alloc, filename, url, y != NULL, reason, requires);
			free(filename);
			free(reason);
			free(requires);
			if (p->nfiles > PROJECT_MAX_FILES) {
				*cause = xprintf("more than %d files", PROJECT_MAX_FILES);
				free(base);
				project_free(p);
				return NULL;
			}
			continue;
		}
	}
	free(base);
	/* A page with no anchors is a valid empty project only when it looks like HTML;
	 * anything else (a JSON error body, plain text) is not an index page. */
	if (p->nfiles == 0 && !saw_html) {
		const char *s = body;

		while (s < body + len && isspace((unsigned char)*s))
			s++;
		if (s == body + len || *s != '<') {
			*cause = xstrdup("not an HTML index page");
			project_free(p);
			return NULL;
		}
	}
	return p;
}
