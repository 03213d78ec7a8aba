/* req.c: PEP 508 dependency specifications: "name[extras] (specifier); marker" and
 * "name[extras] @ url ; marker". One left-to-right pass; errors name what is wrong. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marker.h"
#include "pep440.h"
#include "req.h"
#include "sanitize.h"
#include "strbuf.h"
#include "util.h"

static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool
is_name_char(int c)
{
	return is_alnum(c) || c == '.' || c == '-' || c == '_';
}

static bool
is_op_char(int c)
{
	return c == '<' || c == '>' || c == '=' || c == '!' || c == '~';
}

static const char *
skip_space(const char *p)
{
	while (is_space(*p))
		p++;
	return p;
}

char *
extra_normalize(const char *extra)
{
	return name_normalize(extra != NULL ? extra : "");
}

void
req_free(struct req *r)
{
	if (r == NULL)
		return;
	free(r->name);
	free(r->display_name);
	strlist_clear(&r->extras);
	free(r->specifier);
	pep440_specset_free(r->spec);
	free(r->url);
	free(r->marker_text);
	marker_free(r->marker);
	free(r);
}

struct rparser {
	const char	*p;
	char		*error;	/* the detail */
};

static int PRINTFLIKE(2, 3)
fail(struct rparser *rp, const char *fmt, ...)
{
	va_list ap;

	if (rp->error == NULL) {
		va_start(ap, fmt);
		rp->error = xvprintf(fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* What follows p, for messages. */
static char *
rest_of(const char *p)
{
	return sanitize_excerpt(p, 30);
}

/* An identifier (name or extra): letters, digits and [-_.], starting and ending
 * with a letter or digit. Returns its length, 0 when there is none, -1 (with
 * the error set) when it ends badly. */
static int
read_identifier(struct rparser *rp, const char *what, size_t *len)
{
	const char *s = rp->p, *e = s;

	*len = 0;
	if (!is_alnum(*s))
		return 0;
	while (is_name_char(*e))
		e++;
	if (!is_alnum(e[-1]))
		return fail(rp, "invalid %s \"%.*s\": it must start and end with a letter "
		    "or digit", what, (int)(e - s), s);
	*len = (size_t)(e - s);
	rp->p = e;
	return 1;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
parse_extras(struct rparser *rp, struct strlist *extras)
{
	const char *start;
	size_t len;
	int r;

	rp->p = skip_space(rp->p + 1);	/* past '[' */
	if (*rp->p == ']') {
		rp->p++;
		return 0;
	}
	for (;;) {
		start = rp->p;
		if ((r = read_identifier(rp, "extra name", &len)) < 0)
			return -1;
		if (r == 0) {
			char *at;

			if (*rp->p == '\0')
				return fail(rp, "expected an extra name and \"]\"");
			at = rest_of(rp->p);
			fail(rp, "expected an extra name, not \"%s\"", at);
			free(at);
			return -1;
		}
		{
			char *raw = xstrndup(start, len);

			strlist_push_owned(extras, extra_normalize(raw));
			free(raw);
		}
		rp->p = skip_space(rp->p);
		if (*rp->p == ']') {
			rp->p++;
			break;
		}
		if (*rp->p == ',') {
			rp->p = skip_space(rp->p + 1);
			continue;
		}
		if (is_alnum(*rp->p))
			return fail(rp, "expected \",\" between extra names");
		if (*rp->p == '\0')
			return fail(rp, "expected \"]\" to close the extras");
		{
			char *at = rest_of(rp->p);

			fail(rp, "expected \"]\" to close the extras, not \"%s\"", at);
			free(at);
			return -1;
		}
	}
	/* Sorted and unique; sorting first keeps long lists linear-logarithmic. */
	if (extras->n > 1) {
		size_t o = 1;

		qsort(extras->v, extras->n, sizeof *extras->v, cmp_str);
		for (size_t i = 1; i < extras->n; i++) {
			if (strcmp(extras->v[i], extras->v[o - 1]) == 0)
				free(extras->v[i]);
			else
				extras->v[o++] = extras->v[i];
		}
		extras->n = o;
	}
	return 0;
}

/* One clause: operator, optional space, version (up to space , ; or ) ). */
static int
parse_clause(struct rparser *rp, struct strbuf *spec)
{
	static const char *ops[] = { "===", "~=", "==", "!=", "<=", ">=", "<", ">" };
	const char *op = rp->p, *v;
	size_t oplen = 0, vlen = 0;
	bool known = false;

	while (is_op_char(op[oplen]))
		oplen++;
	for (size_t i = 0; i < nitems(ops); i++) {
		if (strlen(ops[i]) == oplen && strncmp(ops[i], op, oplen) == 0)
			known = true;
	}
	if (!known)
		return fail(rp, "invalid operator \"%.*s\"", (int)oplen, op);
	v = op + oplen;
	while (*v == ' ' || *v == '\t')
		v++;
	if (is_op_char(*v)) {
		char *at = rest_of(v);

		fail(rp, "expected a version after \"%.*s\", not \"%s\"", (int)oplen, op, at);
		free(at);
		return -1;
	}
	while (v[vlen] != '\0' && !is_space(v[vlen]) && v[vlen] != ',' && v[vlen] != ';' &&
	    v[vlen] != ')')
		vlen++;
	if (vlen == 0)
		return fail(rp, "expected a version after \"%.*s\"", (int)oplen, op);
	if (spec->len > 0)
		strbuf_addch(spec, ',');
	strbuf_add(spec, op, oplen);
	strbuf_add(spec, v, vlen);
	rp->p = v + vlen;
	return 0;
}

/* version_many: clauses separated by commas (a trailing comma is accepted, as
 * packaging does). */
static int
parse_clauses(struct rparser *rp, struct strbuf *spec)
{
	while (is_op_char(*rp->p)) {
		if (parse_clause(rp, spec) != 0)
			return -1;
		rp->p = skip_space(rp->p);
		if (*rp->p != ',') {
			if (is_op_char(*rp->p)) {
				char *at = rest_of(rp->p);

				fail(rp, "expected \",\" between version clauses, not \"%s\"", at);
				free(at);
				return -1;
			}
			break;
		}
		rp->p = skip_space(rp->p + 1);
	}
	return 0;
}

/* The detail of a cause that starts with prefix + quoted + "\": ", or all of it. */
static char *
strip_cause(char *cause, const char *prefix, const char *quoted)
{
	size_t pl = strlen(prefix), ql = strlen(quoted);
	char *detail;

	if (cause == NULL)
		return xstrdup("invalid");
	if (strncmp(cause, prefix, pl) == 0 && strncmp(cause + pl, quoted, ql) == 0 &&
	    strncmp(cause + pl + ql, "\": ", 3) == 0) {
		detail = xstrdup(cause + pl + ql + 3);
		free(cause);
		return detail;
	}
	return cause;
}

static int
parse_marker_part(struct rparser *rp, struct req *r)
{
	const char *start = skip_space(rp->p + 1), *end;
	char *cause = NULL, *q;

	end = start + strlen(start);
	while (end > start && is_space(end[-1]))
		end--;
	if (end == start)
		return fail(rp, "expected a marker after \";\"");
	r->marker_text = xstrndup(start, (size_t)(end - start));
	if ((r->marker = marker_parse(r->marker_text, &cause)) == NULL) {
		q = sanitize_excerpt(r->marker_text, 200);
		rp->error = strip_cause(cause, "invalid marker \"", q);
		free(q);
		return -1;
	}
	rp->p = start + strlen(start);
	return 0;
}

static int
parse_requirement(struct rparser *rp, struct req *r)
{
	struct strbuf spec = STRBUF_INIT;
	const char *name;
	char *cause = NULL, *at;
	size_t len;
	int ret;

	rp->p = skip_space(rp->p);
	name = rp->p;
	if ((ret = read_identifier(rp, "name", &len)) <= 0) {
		if (ret == 0)
			fail(rp, "expected a package name at the start");
		return -1;
	}
	r->display_name = xstrndup(name, len);
	r->name = name_normalize(r->display_name);

	rp->p = skip_space(rp->p);
	if (*rp->p == '[') {
		if (parse_extras(rp, &r->extras) != 0)
			return -1;
		rp->p = skip_space(rp->p);
	}

	if (*rp->p == '@') {
		const char *u = skip_space(rp->p + 1);

		len = 0;
		while (u[len] != '\0' && !is_space(u[len]))
			len++;
		if (len == 0)
			return fail(rp, "expected a URL after \"@\"");
		r->url = xstrndup(u, len);
		r->spec = pep440_specset_parse("", NULL);
		r->specifier = xstrdup("");
		/* A ";" that touches the URL is part of it: markers need a space. */
		rp->p = skip_space(u + len);
		if (*rp->p == '\0')
			return 0;
		if (*rp->p == ';')
			return parse_marker_part(rp, r);
		at = rest_of(rp->p);
		fail(rp, "expected \";\" or the end after the URL, not \"%s\"", at);
		free(at);
		return -1;
	}

	if (*rp->p == '(') {
		rp->p = skip_space(rp->p + 1);
		if (parse_clauses(rp, &spec) != 0)
			goto fail;
		rp->p = skip_space(rp->p);
		if (*rp->p == '\0') {
			fail(rp, "expected \")\" to close the version specifier");
			goto fail;
		}
		if (*rp->p != ')') {
			at = rest_of(rp->p);
			fail(rp, "expected \")\" to close the version specifier, not \"%s\"",
			    at);
			free(at);
			goto fail;
		}
		rp->p = skip_space(rp->p + 1);
	} else if (parse_clauses(rp, &spec) != 0)
		goto fail;

	if ((r->spec = pep440_specset_parse(strbuf_str(&spec), &cause)) == NULL) {
		rp->error = strip_cause(cause, "invalid version specifier \"",
		    strbuf_str(&spec));
		goto fail;
	}
	strbuf_release(&spec);
	r->specifier = xstrdup(pep440_specset_text(r->spec));

	rp->p = skip_space(rp->p);
	if (*rp->p == '\0')
		return 0;
	if (*rp->p == ';')
		return parse_marker_part(rp, r);
	at = rest_of(rp->p);
	if (r->specifier[0] == '\0' && is_alnum(*rp->p))
		fail(rp, "expected a version operator (==, !=, <=, >=, <, >, ~=, ===) "
		    "before \"%s\"", at);
	else
		fail(rp, "unexpected \"%s\" after the %s%s", at,
		    r->specifier[0] != '\0' ? "version specifier" : "name",
		    *rp->p == '#' ? " (comments are not allowed)" : "");
	free(at);
	return -1;

fail:
	strbuf_release(&spec);
	return -1;
}

struct req *
req_parse(const char *text, char **cause)
{
	struct rparser rp = { text != NULL ? text : "", NULL };
	struct req *r = xcalloc(1, sizeof *r);

	if (parse_requirement(&rp, r) == 0)
		return r;
	if (cause != NULL) {
		char *q = sanitize_excerpt(text != NULL ? text : "", 200);

		*cause = xprintf("invalid requirement \"%s\": %s", q,
		    rp.error != NULL ? rp.error : "does not parse");
		free(q);
	}
	free(rp.error);
	req_free(r);
	return NULL;
}
