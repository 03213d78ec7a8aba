/* project_parse.c: the Simple API's two forms of a project page, PEP 691 JSON and
 * PEP 503 HTML, turned into one struct project with absolute file URLs. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "project.h"
#include "sanitize.h"
#include "strbuf.h"
#include "url.h"
#include "utf8.h"
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
	f->index = NULL;
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
		free(p->files[i].index);
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

/* --- JSON, read directly ---------------------------------------------------------- *
 * jansson builds a tree of every value (a hash table per object, an allocation per
 * string) to hand back four strings a file: ~150 instructions a byte, 40 % of a warm
 * check's time over 200 cached pages. This reader takes what the verdict needs in one
 * pass over the body. It only ever says yes to a body jansson accepts with the same
 * result; anything it is not sure of (a syntax error, an escaped key, a surrogate, a
 * number jansson might refuse as too big, a deep or wide document) it declines, and
 * jansson reads the body instead, with its exact error messages. fuzz_project and
 * test_project_parse compare the two. */

static void utf8_put(struct strbuf *sb, unsigned long cp);

#define PJ_MAX_DEPTH	64
#define PJ_MAX_KEYS	64	/* per object, for the duplicate check */

struct pj {
	const char	*p, *end;
	int		 depth;
};

/* A string value: a slice of the body when it had no escapes, else decoded into own. */
struct pj_str {
	const char	*s;
	size_t		 len;
	char		*own;
};

static void
pj_str_clear(struct pj_str *v)
{
	free(v->own);
	memset(v, 0, sizeof *v);
}

static void
pj_ws(struct pj *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' ||
	    *j->p == '\r'))
		j->p++;
}

static int
pj_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A string at j->p (its opening quote). key: escapes are declined (keys are compared
 * as written). false: declined. */
static bool
pj_string(struct pj *j, struct pj_str *out, bool key)
{
	const unsigned char *p = (const unsigned char *)j->p + 1;
	const unsigned char *end = (const unsigned char *)j->end, *start = p;
	struct strbuf sb = STRBUF_INIT;
	bool escaped = false;
	uint32_t cp;

	memset(out, 0, sizeof *out);
	for (;;) {
		if (p >= end)
			goto decline;
		if (*p == '"')
			break;
		if (*p < 0x20)
			goto decline;
		if (*p < 0x80 && *p != '\\') {
			p++;
			continue;
		}
		if (*p >= 0x80) {
			size_t n = utf8_decode(p, (size_t)(end - p), &cp);

			if (n == 0)
				goto decline;
			p += n;
			continue;
		}
		/* A backslash: from here on the value is decoded into sb. */
		if (key)
			goto decline;
		if (!escaped) {
			strbuf_add(&sb, (const char *)start, (size_t)(p - start));
			escaped = true;
		}
		break;
	}
	if (escaped) {
		while (p < end && *p != '"') {
			if (*p < 0x20)
				goto decline;
			if (*p >= 0x80) {
				size_t n = utf8_decode(p, (size_t)(end - p), &cp);

				if (n == 0)
					goto decline;
				strbuf_add(&sb, (const char *)p, n);
				p += n;
				continue;
			}
			if (*p != '\\') {
				strbuf_addch(&sb, *p++);
				continue;
			}
			if (end - p < 2)
				goto decline;
			switch (p[1]) {
			case '"': case '\\': case '/':
				strbuf_addch(&sb, p[1]);
				break;
			case 'b': strbuf_addch(&sb, '\b'); break;
			case 'f': strbuf_addch(&sb, '\f'); break;
			case 'n': strbuf_addch(&sb, '\n'); break;
			case 'r': strbuf_addch(&sb, '\r'); break;
			case 't': strbuf_addch(&sb, '\t'); break;
			case 'u':
				cp = 0;
				if (end - p < 6)
					goto decline;
				for (int i = 2; i < 6; i++) {
					int h = pj_hex(p[i]);

					if (h < 0)
						goto decline;
					cp = (cp << 4) | (uint32_t)h;
				}
				/* Pairs are valid JSON, but rare here: jansson reads them. */
				if (cp >= 0xD800 && cp <= 0xDFFF)
					goto decline;
				if (cp < 0x80)
					strbuf_addch(&sb, (int)cp);	/* \u0000 too */
				else
					utf8_put(&sb, cp);
				p += 4;
				break;
			default:
				goto decline;
			}
			p += 2;
		}
		if (p >= end)
			goto decline;
		out->len = sb.len;
		out->own = strbuf_detach(&sb, NULL);
		out->s = out->own;
	} else {
		out->s = (const char *)start;
		out->len = (size_t)(p - start);
	}
	j->p = (const char *)p + 1;
	return true;
decline:
	strbuf_release(&sb);
	return false;
}

/* A number, checked against JSON's grammar; integers of up to 18 digits and decimals
 * without an exponent (neither can overflow jansson's strtoll or strtod). */
static bool
pj_number(struct pj *j)
{
	const char *p = j->p, *start;
	size_t digits = 0;

	if (p < j->end && *p == '-')
		p++;
	start = p;
	while (p < j->end && *p >= '0' && *p <= '9')
		p++;
	digits = (size_t)(p - start);
	if (digits == 0 || (*start == '0' && digits > 1))
		return false;
	if (p < j->end && *p == '.') {
		const char *f = ++p;

		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
		if (p == f || (size_t)(p - start) > 300)
			return false;
	} else if (digits > 18)
		return false;
	if (p < j->end && (*p == 'e' || *p == 'E' || *p == '+' || *p == '-' ||
	    (*p >= '0' && *p <= '9') || *p == '.'))
		return false;
	j->p = p;
	return true;
}

static bool
pj_literal(struct pj *j, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return false;
	j->p += n;
	/* "truex" is one bad token to jansson. */
	return !(j->p < j->end && ((*j->p >= 'a' && *j->p <= 'z') ||
	    (*j->p >= 'A' && *j->p <= 'Z') || (*j->p >= '0' && *j->p <= '9')));
}

enum pj_kind { PJ_NONE, PJ_STRING, PJ_TRUE, PJ_OTHER };

/* A container's close: 0 when it closes here (taken), -1 when the document is bad. */
static int
pj_close(struct pj *j, char close)
{
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		return 0;
	}
	return -1;
}

/* Past the '{' or '[' at j->p: 1 when a first member or element follows, 0 when the
 * container is empty (and closed), -1 when it nests too deep. */
static int
pj_open(struct pj *j, char close)
{
	if (++j->depth > PJ_MAX_DEPTH)
		return -1;
	j->p++;
	pj_ws(j);
	return pj_close(j, close) == 0 ? 0 : 1;
}

/* After a member or element: 1 when a ',' brings another, 0 when the container
 * closes, -1 otherwise. */
static int
pj_next(struct pj *j, char close)
{
	pj_ws(j);
	if (j->p < j->end && *j->p == ',') {
		j->p++;
		pj_ws(j);
		return 1;
	}
	return pj_close(j, close);
}

typedef bool (*pj_member_fn)(struct pj *j, const char *key, size_t klen, void *arg);

static bool pj_value(struct pj *j, struct pj_str *str, enum pj_kind *kind);

/* An object at j->p: each member's value is read by member (which must consume it),
 * keys checked for duplicates as jansson's JSON_REJECT_DUPLICATES does. */
static bool
pj_object(struct pj *j, pj_member_fn member, void *arg)
{
	struct { const char *s; size_t len; } keys[PJ_MAX_KEYS];
	size_t nkeys = 0;

	int more = pj_open(j, '}');

	while (more == 1) {
		struct pj_str k;

		if (j->p >= j->end || *j->p != '"' || !pj_string(j, &k, true))
			return false;
		/* jansson refuses a NUL in a key; keys are compared as written. */
		if (memchr(k.s, '\0', k.len) != NULL || nkeys == PJ_MAX_KEYS)
			return false;
		for (size_t i = 0; i < nkeys; i++)
			if (keys[i].len == k.len && memcmp(keys[i].s, k.s, k.len) == 0)
				return false;
		keys[nkeys].s = k.s;
		keys[nkeys++].len = k.len;
		pj_ws(j);
		if (j->p >= j->end || *j->p != ':')
			return false;
		j->p++;
		pj_ws(j);
		if (!member(j, k.s, k.len, arg))
			return false;
		more = pj_next(j, '}');
	}
	return more == 0;
}

static bool
pj_skip_member(struct pj *j, const char *key, size_t klen, void *arg)
{
	(void)key;
	(void)klen;
	(void)arg;
	return pj_value(j, NULL, NULL);
}

/* An array at j->p; each element read by elem. */
static bool
pj_array(struct pj *j, bool (*elem)(struct pj *j, void *arg), void *arg)
{
	int more = pj_open(j, ']');

	while (more == 1) {
		if (!elem(j, arg))
			return false;
		more = pj_next(j, ']');
	}
	return more == 0;
}

static bool
pj_skip_elem(struct pj *j, void *arg)
{
	(void)arg;
	return pj_value(j, NULL, NULL);
}

/* Any value; a string is handed back in *str when str is given (else dropped); *kind
 * says what it was. */
static bool
pj_value(struct pj *j, struct pj_str *str, enum pj_kind *kind)
{
	enum pj_kind k = PJ_OTHER;
	bool ok;

	if (j->p >= j->end)
		return false;
	switch (*j->p) {
	case '{':
		ok = pj_object(j, pj_skip_member, NULL);
		break;
	case '[':
		ok = pj_array(j, pj_skip_elem, NULL);
		break;
	case '"': {
		struct pj_str v;

		if ((ok = pj_string(j, &v, false))) {
			k = PJ_STRING;
			if (str != NULL)
				*str = v;
			else
				pj_str_clear(&v);
		}
		break;
	}
	case 't':
		ok = pj_literal(j, "true");
		k = PJ_TRUE;
		break;
	case 'f':
		ok = pj_literal(j, "false");
		break;
	case 'n':
		ok = pj_literal(j, "null");
		break;
	default:
		ok = (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) && pj_number(j);
		break;
	}
	if (ok && kind != NULL)
		*kind = k;
	return ok;
}

#define PJ_KEY(k, klen, lit) ((klen) == sizeof(lit) - 1 && memcmp((k), (lit), (klen)) == 0)

/* The page as read so far. */
struct pj_page {
	struct project	*p;
	size_t		 alloc;
	const char	*base_url;
	size_t		 nfiles;	/* array elements, objects or not */
	bool		 have_files;	/* "files" was an array */
	struct pj_str	 name;		/* "name", when a string */
	struct pj_str	 api;		/* meta's "api-version", when a string */
};

/* One element of "files": the four members the verdict needs, the rest checked and
 * dropped. */
struct pj_file {
	struct pj_str	 filename, url, yanked, rp;
	enum pj_kind	 kfilename, kurl, kyanked, krp;
};

static bool
pj_file_member(struct pj *j, const char *k, size_t klen, void *arg)
{
	struct pj_file *f = arg;

	if (PJ_KEY(k, klen, "filename"))
		return pj_value(j, &f->filename, &f->kfilename);
	if (PJ_KEY(k, klen, "url"))
		return pj_value(j, &f->url, &f->kurl);
	if (PJ_KEY(k, klen, "yanked"))
		return pj_value(j, &f->yanked, &f->kyanked);
	if (PJ_KEY(k, klen, "requires-python"))
		return pj_value(j, &f->rp, &f->krp);
	return pj_value(j, NULL, NULL);
}

/* A C string of a value, as json_string_value gives it: up to a NUL inside. */
static char *
pj_cstr(const struct pj_str *v)
{
	return xstrndup(v->s, v->len);
}

static bool
pj_files_elem(struct pj *j, void *arg)
{
	struct pj_page *pg = arg;
	struct pj_file f;
	char *fn, *url, *reason = NULL, *rp = NULL;
	bool ok;

	pg->nfiles++;
	if (j->p >= j->end || *j->p != '{')
		return pj_value(j, NULL, NULL);
	memset(&f, 0, sizeof f);
	ok = pj_object(j, pj_file_member, &f);
	/* As project_parse_json_dom: a file without a name (or with a NUL in it) or a
	 * URL is skipped. */
	if (ok && f.kfilename == PJ_STRING && f.filename.len > 0 && f.kurl == PJ_STRING &&
	    memchr(f.filename.s, '\0', f.filename.len) == NULL) {
		fn = pj_cstr(&f.filename);
		url = pj_cstr(&f.url);
		if (f.kyanked == PJ_STRING)
			reason = pj_cstr(&f.yanked);
		if (f.krp == PJ_STRING)
			rp = pj_cstr(&f.rp);
		project_add(pg->p, &pg->alloc, fn, url_resolve(pg->base_url, url),
		    f.kyanked == PJ_TRUE || f.kyanked == PJ_STRING, reason, rp);
		free(fn);
		free(url);
		free(reason);
		free(rp);
	}
	pj_str_clear(&f.filename);
	pj_str_clear(&f.url);
	pj_str_clear(&f.yanked);
	pj_str_clear(&f.rp);
	return ok;
}

static bool
pj_meta_member(struct pj *j, const char *k, size_t klen, void *arg)
{
	struct pj_page *pg = arg;
	enum pj_kind kind = PJ_NONE;

	if (PJ_KEY(k, klen, "api-version")) {
		if (!pj_value(j, &pg->api, &kind))
			return false;
		if (kind != PJ_STRING)
			pj_str_clear(&pg->api);
		return true;
	}
	return pj_value(j, NULL, NULL);
}

static bool
pj_top_member(struct pj *j, const char *k, size_t klen, void *arg)
{
	struct pj_page *pg = arg;
	enum pj_kind kind = PJ_NONE;

	if (j->p >= j->end)
		return false;
	if (PJ_KEY(k, klen, "files")) {
		if (*j->p != '[')
			return pj_value(j, NULL, NULL);
		pg->have_files = true;
		return pj_array(j, pj_files_elem, pg);
	}
	if (PJ_KEY(k, klen, "meta")) {
		if (*j->p != '{')
			return pj_value(j, NULL, NULL);
		return pj_object(j, pj_meta_member, pg);
	}
	if (PJ_KEY(k, klen, "name")) {
		if (!pj_value(j, &pg->name, &kind))
			return false;
		if (kind != PJ_STRING)
			pj_str_clear(&pg->name);
		return true;
	}
	return pj_value(j, NULL, NULL);
}

struct project *
project_parse_json_direct(const char *name, const char *body, size_t len,
    const char *base_url)
{
	struct pj j = { body, body + len, 0 };
	struct pj_page pg;
	bool ok;

	memset(&pg, 0, sizeof pg);
	pg.p = xcalloc(1, sizeof *pg.p);
	pg.base_url = base_url;
	pj_ws(&j);
	ok = j.p < j.end && *j.p == '{' && pj_object(&j, pj_top_member, &pg);
	if (ok) {
		pj_ws(&j);
		ok = j.p == j.end;
	}
	/* The checks project_parse_json_dom makes after parsing: their failures and
	 * messages are jansson's side's. */
	if (ok && pg.api.s != NULL) {
		char *v = pj_cstr(&pg.api);

		ok = api_major(v) == 1;
		free(v);
	}
	ok = ok && pg.have_files && pg.nfiles <= PROJECT_MAX_FILES;
	if (ok) {
		char *n = pg.name.s != NULL && pg.name.len > 0 ? pj_cstr(&pg.name) : NULL;

		pg.p->name = name_normalize(n != NULL ? n : name);
		free(n);
	}
	pj_str_clear(&pg.name);
	pj_str_clear(&pg.api);
	if (!ok) {
		project_free(pg.p);
		return NULL;
	}
	return pg.p;
}

struct project *
project_parse_json(const char *name, const char *body, size_t len,
    const char *base_url, char **cause)
{
	struct project *p;

	if (body != NULL && len > 0 &&
	    (p = project_parse_json_direct(name, body, len, base_url)) != NULL)
		return p;
	return project_parse_json_dom(name, body, len, base_url, cause);
}

struct project *
project_parse_json_dom(const char *name, const char *body, size_t len,
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
