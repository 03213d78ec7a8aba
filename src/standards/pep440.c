/* pep440.c: PEP 440 versions (parse, order, format) and version specifier sets.
 * Behaviour follows the PyPA "packaging" library where PEP 440 leaves room. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pep440.h"
#include "strbuf.h"
#include "util.h"

/* ---- versions -------------------------------------------------------------- */

/* Python's \s for ASCII text. */
static bool
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* ASCII only: ctype's answers depend on the locale the UI sets. */
static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
to_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool
is_alnum(int c)
{
	return is_digit(c) || (to_lower(c) >= 'a' && to_lower(c) <= 'z');
}

static bool
ncase_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (to_lower((unsigned char)a[i]) != to_lower((unsigned char)b[i]))
			return false;
		if (a[i] == '\0')
			return true;
	}
	return true;
}

static bool
is_sep(int c)
{
	return c == '.' || c == '-' || c == '_';
}

/* Case-insensitive "does s start with word"; returns its length or 0. */
static size_t
match_word(const char *s, const char *word)
{
	size_t n = strlen(word);

	return ncase_eq(s, word, n) ? n : 0;
}

/* Reads a run of digits into *out; -1 on overflow, 0 if there are no digits. */
static int
read_number(const char **sp, unsigned long *out)
{
	const char *s = *sp;
	unsigned long n = 0;

	if (!is_digit(*s))
		return 0;
	for (; is_digit(*s); s++) {
		unsigned long d = (unsigned long)(*s - '0');

		if (n > (~0UL - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*out = n;
	*sp = s;
	return 1;
}

/* Optional separator, then an optional number (0 when absent): the tail of the
 * pre, post and dev segments ("a.1", "post-2", "dev"). */
static int
read_seg_number(const char **sp, unsigned long *out)
{
	const char *s = *sp;
	int r;

	if (is_sep(*s))
		s++;
	*out = 0;
	if ((r = read_number(&s, out)) < 0)
		return -1;
	*sp = s;
	return 0;
}

/* Local label: [a-z0-9]+([-_.][a-z0-9]+)*, normalised to lowercase, "." separators
 * and numeric parts without leading zeros (as packaging prints it). */
static int
read_local(const char **sp, char *out, size_t outlen)
{
	const char *s = *sp;
	size_t o = 0;

	for (;;) {
		const char *start = s;
		bool numeric = true;

		while (is_alnum(*s)) {
			if (!is_digit(*s))
				numeric = false;
			s++;
		}
		if (s == start)
			return -1;
		if (numeric) {
			while (start < s - 1 && *start == '0')
				start++;
		}
		if (o + (size_t)(s - start) + 1 > outlen)
			return -1;
		for (; start < s; start++)
			out[o++] = (char)to_lower((unsigned char)*start);
		if (!is_sep(*s) || !is_alnum(s[1]))
			break;
		out[o++] = '.';
		s++;
	}
	out[o] = '\0';
	*sp = s;
	return 0;
}

int
pep440_parse(const char *s, struct pep440_version *v)
{
	static const struct {
		const char	*word;
		int		 kind;
	} pre_words[] = {	/* longest first: "preview" before "pre", "rc" before "c" */
		{ "preview", 'c' }, { "alpha", 'a' }, { "beta", 'b' }, { "pre", 'c' },
		{ "rc", 'c' }, { "a", 'a' }, { "b", 'b' }, { "c", 'c' },
	};
	static const char *post_words[] = { "post", "rev", "r" };
	const char *p;
	unsigned long n;
	size_t len;
	int r;

	memset(v, 0, sizeof *v);
	if (s == NULL)
		return -1;
	while (is_ws(*s))
		s++;
	if (*s == 'v' || *s == 'V')
		s++;

	/* Epoch or first release number. */
	if ((r = read_number(&s, &n)) <= 0)
		return -1;
	if (*s == '!') {
		v->epoch = n;
		s++;
		if (read_number(&s, &n) <= 0)
			return -1;
	}
	v->release[v->nrelease++] = n;
	while (*s == '.' && is_digit(s[1])) {
		s++;
		if (v->nrelease == PEP440_MAX_RELEASE)
			return -1;
		if (read_number(&s, &n) < 0)
			return -1;
		v->release[v->nrelease++] = n;
	}

	/* Pre-release. */
	p = is_sep(*s) ? s + 1 : s;
	for (size_t i = 0; i < nitems(pre_words); i++) {
		if ((len = match_word(p, pre_words[i].word)) == 0)
			continue;
		p += len;
		if (read_seg_number(&p, &v->pre) < 0)
			return -1;
		v->pre_kind = pre_words[i].kind;
		s = p;
		break;
	}

	/* Post-release: "-N" or [sep](post|rev|r)[sep][N]. */
	if (*s == '-' && is_digit(s[1])) {
		s++;
		if (read_number(&s, &v->post) < 0)
			return -1;
		v->has_post = true;
	} else {
		p = is_sep(*s) ? s + 1 : s;
		for (size_t i = 0; i < nitems(post_words); i++) {
			if ((len = match_word(p, post_words[i])) == 0)
				continue;
			p += len;
			if (read_seg_number(&p, &v->post) < 0)
				return -1;
			v->has_post = true;
			s = p;
			break;
		}
	}

	/* Development release. */
	p = is_sep(*s) ? s + 1 : s;
	if ((len = match_word(p, "dev")) != 0) {
		p += len;
		if (read_seg_number(&p, &v->dev) < 0)
			return -1;
		v->has_dev = true;
		s = p;
	}

	/* Local label. */
	if (*s == '+') {
		s++;
		if (read_local(&s, v->local, sizeof v->local) < 0)
			return -1;
	}

	while (is_ws(*s))
		s++;
	return *s == '\0' ? 0 : -1;
}

/* Release segments compare as if padded with zeros. */
static int
compare_release(const struct pep440_version *a, const struct pep440_version *b, size_t upto)
{
	for (size_t i = 0; i < upto; i++) {
		unsigned long x = i < a->nrelease ? a->release[i] : 0;
		unsigned long y = i < b->nrelease ? b->release[i] : 0;

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

#define CMP(x, y) do { if ((x) != (y)) return (x) < (y) ? -1 : 1; } while (0)

/* Rank of the pre-release key: a dev release of a final sorts before its
 * pre-releases; a final (or post) release after them. */
static int
pre_rank(const struct pep440_version *v)
{
	if (v->pre_kind == 0)
		return (!v->has_post && v->has_dev) ? 0 : 4;
	return v->pre_kind == 'a' ? 1 : v->pre_kind == 'b' ? 2 : 3;
}

/* Local labels: segment by segment; numeric segments beat alphanumeric ones and
 * compare as integers (already without leading zeros: longer is larger). */
static int
compare_local(const char *a, const char *b)
{
	if (*a == '\0' || *b == '\0')
		return (*a != '\0') - (*b != '\0');
	for (;;) {
		size_t la = strcspn(a, "."), lb = strcspn(b, ".");
		bool na = strspn(a, "0123456789") == la;
		bool nb = strspn(b, "0123456789") == lb;
		int c;

		if (na != nb)
			return na ? 1 : -1;
		if (na) {
			CMP(la, lb);
			c = strncmp(a, b, la);
		} else {
			c = strncmp(a, b, la < lb ? la : lb);
			if (c == 0)
				c = (la > lb) - (la < lb);
		}
		if (c != 0)
			return c < 0 ? -1 : 1;
		a += la;
		b += lb;
		if (*a == '\0' || *b == '\0')
			return (*a != '\0') - (*b != '\0');
		a++;
		b++;
	}
}

static int
compare_public(const struct pep440_version *a, const struct pep440_version *b)
{
	size_t n = a->nrelease > b->nrelease ? a->nrelease : b->nrelease;
	int c;

	CMP(a->epoch, b->epoch);
	if ((c = compare_release(a, b, n)) != 0)
		return c;
	CMP(pre_rank(a), pre_rank(b));
	if (a->pre_kind != 0)
		CMP(a->pre, b->pre);
	CMP(a->has_post, b->has_post);
	if (a->has_post)
		CMP(a->post, b->post);
	CMP(!a->has_dev, !b->has_dev);
	if (a->has_dev)
		CMP(a->dev, b->dev);
	return 0;
}

int
pep440_compare(const struct pep440_version *a, const struct pep440_version *b)
{
	int c;

	if ((c = compare_public(a, b)) != 0)
		return c;
	return compare_local(a->local, b->local);
}

int
pep440_compare_str(const char *a, const char *b)
{
	struct pep440_version va, vb;
	bool oka = pep440_parse(a, &va) == 0, okb = pep440_parse(b, &vb) == 0;
	int c;

	if (oka && okb)
		return pep440_compare(&va, &vb);
	if (oka != okb)
		return oka ? 1 : -1;
	c = strcmp(a != NULL ? a : "", b != NULL ? b : "");
	return (c > 0) - (c < 0);
}

bool
pep440_is_prerelease(const struct pep440_version *v)
{
	return v->pre_kind != 0 || v->has_dev;
}

/* Appends to a fixed buffer, truncating safely. */
static void buf_addf(char *, size_t, size_t *, const char *, ...) PRINTFLIKE(4, 5);

static void
buf_addf(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off + 1 >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off = *off + (size_t)n < len ? *off + (size_t)n : len - 1;
}

void
pep440_format(const struct pep440_version *v, char *buf, size_t len)
{
	size_t off = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (v->epoch != 0)
		buf_addf(buf, len, &off, "%lu!", v->epoch);
	for (size_t i = 0; i < v->nrelease; i++)
		buf_addf(buf, len, &off, i == 0 ? "%lu" : ".%lu", v->release[i]);
	if (v->pre_kind != 0)
		buf_addf(buf, len, &off, "%s%lu", v->pre_kind == 'a' ? "a" :
		    v->pre_kind == 'b' ? "b" : "rc", v->pre);
	if (v->has_post)
		buf_addf(buf, len, &off, ".post%lu", v->post);
	if (v->has_dev)
		buf_addf(buf, len, &off, ".dev%lu", v->dev);
	if (v->local[0] != '\0')
		buf_addf(buf, len, &off, "+%s", v->local);
}

/* ---- specifiers ------------------------------------------------------------ */

enum spec_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_COMPAT, OP_ARB };

static const struct {
	const char	*text;
	enum spec_op	 op;
} spec_ops[] = {	/* longest first */
	{ "===", OP_ARB }, { "~=", OP_COMPAT }, { "==", OP_EQ }, { "!=", OP_NE },
	{ "<=", OP_LE }, { ">=", OP_GE }, { "<", OP_LT }, { ">", OP_GT },
};

struct spec_clause {
	enum spec_op		 op;
	bool			 wildcard;	/* "==1.2.*" / "!=1.2.*" */
	struct pep440_version	 v;		/* unused for === */
	char			*arbitrary;	/* the text after ===, else NULL */
};

struct pep440_specset {
	struct spec_clause	*c;
	size_t			 n;
	bool			 implies_pre;	/* a clause names a pre-release */
	char			*text;
};

static char *clause_version(struct spec_clause *, const char *, const char *, size_t);

/* Parses one clause (s has no surrounding space) and appends its canonical text.
 * NULL on success, else the cause. */
static char *
clause_parse(const char *s, size_t len, struct spec_clause *c, struct strbuf *text)
{
	const char *op = NULL, *vs, *rest = NULL;
	char *cause;
	size_t oplen = 0, vlen, restlen = 0;

	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < nitems(spec_ops); i++) {
		oplen = strlen(spec_ops[i].text);
		if (len >= oplen && strncmp(s, spec_ops[i].text, oplen) == 0) {
			op = spec_ops[i].text;
			c->op = spec_ops[i].op;
			break;
		}
	}
	if (op == NULL)
		return xprintf("expected an operator (==, !=, <=, >=, <, >, ~= or ===) "
		    "before \"%.*s\"", (int)len, s);
	vs = s + oplen;
	vlen = len - oplen;
	while (vlen > 0 && is_ws(*vs)) {
		vs++;
		vlen--;
	}
	if (vlen == 0)
		return xprintf("expected a version after \"%s\"", op);
	if (strchr("<>=!~", *vs) != NULL)
		return xprintf("expected a version after \"%s\", not \"%.*s\"", op,
		    (int)vlen, vs);
	/* The version is one word; anything after it is an error. */
	for (size_t i = 0; i < vlen; i++) {
		if (is_ws(vs[i])) {
			rest = vs + i;
			restlen = vlen - i;
			vlen = i;
			while (restlen > 0 && is_ws(*rest)) {
				rest++;
				restlen--;
			}
			break;
		}
	}
	if ((cause = clause_version(c, op, vs, vlen)) != NULL)
		return cause;
	if (restlen > 0)
		return xprintf("unexpected \"%.*s\" after \"%s%.*s\"", (int)restlen, rest,
		    op, (int)vlen, vs);
	strbuf_addstr(text, op);
	strbuf_add(text, vs, vlen);
	return NULL;
}

/* Checks and stores the version part of a clause. */
static char *
clause_version(struct spec_clause *c, const char *op, const char *vs, size_t vlen)
{
	char small[128], *tmp;
	bool bad;

	if (c->op == OP_ARB) {
		c->arbitrary = xstrndup(vs, vlen);
		if (pep440_parse(c->arbitrary, &c->v) != 0)
			memset(&c->v, 0, sizeof c->v);
		return NULL;
	}
	if (vlen >= 2 && vs[vlen - 2] == '.' && vs[vlen - 1] == '*') {
		if (c->op != OP_EQ && c->op != OP_NE)
			return xprintf("\".*\" is only allowed with == and != (in \"%s%.*s\")",
			    op, (int)vlen, vs);
		c->wildcard = true;
		vlen -= 2;
	}
	/* pep440_parse wants a C string; real versions fit the stack buffer. */
	tmp = vlen < sizeof small ? small : xmalloc(vlen + 1);
	memcpy(tmp, vs, vlen);
	tmp[vlen] = '\0';
	bad = pep440_parse(tmp, &c->v) != 0;
	if (tmp != small)
		free(tmp);
	if (bad)
		return xprintf(c->wildcard ? "\"%.*s.*\" is not a valid version prefix" :
		    "\"%.*s\" is not a valid version", (int)vlen, vs);
	if (c->wildcard && (c->v.pre_kind != 0 || c->v.has_post || c->v.has_dev ||
	    c->v.local[0] != '\0'))
		return xprintf("\".*\" may only follow release numbers (in \"%s%.*s.*\")",
		    op, (int)vlen, vs);
	if (c->v.local[0] != '\0' && c->op != OP_EQ && c->op != OP_NE)
		return xprintf("a local version label (\"+%s\") is only allowed with == "
		    "and !=", c->v.local);
	if (c->op == OP_COMPAT && c->v.nrelease < 2)
		return xprintf("\"~=\" needs a version with at least two release numbers "
		    "(\"~=%.*s\")", (int)vlen, vs);
	return NULL;
}

struct pep440_specset *
pep440_specset_parse(const char *s, char **cause)
{
	struct pep440_specset *set = xcalloc(1, sizeof *set);
	struct strbuf text = STRBUF_INIT;
	size_t alloc = 0;

	if (s == NULL)
		s = "";
	for (const char *p = s;;) {
		const char *e = p + strcspn(p, ","), *a = p, *b = e;
		struct spec_clause c;
		char *why;

		while (a < b && is_ws(*a))
			a++;
		while (b > a && is_ws(b[-1]))
			b--;
		if (a < b) {
			if (text.len > 0)
				strbuf_addch(&text, ',');
			if ((why = clause_parse(a, (size_t)(b - a), &c, &text)) != NULL) {
				free(c.arbitrary);
				if (cause != NULL)
					*cause = xprintf("invalid version specifier \"%s\": %s",
					    s, why);
				free(why);
				strbuf_release(&text);
				pep440_specset_free(set);
				return NULL;
			}
			if (set->n == alloc) {
				alloc = alloc == 0 ? 2 : alloc * 2;
				set->c = xreallocarray(set->c, alloc, sizeof *set->c);
			}
			set->c[set->n++] = c;
			if (c.op != OP_NE && !c.wildcard && pep440_is_prerelease(&c.v))
				set->implies_pre = true;
		}
		if (*e == '\0')
			break;
		p = e + 1;
	}
	set->text = strbuf_detach(&text, NULL);
	return set;
}

void
pep440_specset_free(struct pep440_specset *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->n; i++)
		free(set->c[i].arbitrary);
	free(set->c);
	free(set->text);
	free(set);
}

const char *
pep440_specset_text(const struct pep440_specset *set)
{
	return set != NULL ? set->text : "";
}

static bool
same_release_family(const struct pep440_version *v, const struct pep440_version *spec)
{
	size_t n = v->nrelease > spec->nrelease ? v->nrelease : spec->nrelease;

	return v->epoch == spec->epoch && compare_release(v, spec, n) == 0 &&
	    v->pre_kind == spec->pre_kind && v->pre == spec->pre;
}

/* Does the candidate (parsed as v from the string raw) satisfy one clause? */
static bool
clause_contains(const struct spec_clause *c, const struct pep440_version *v,
    const char *raw, size_t rawlen)
{
	const struct pep440_version *sv = &c->v;
	struct pep440_version bound;

	switch (c->op) {
	case OP_ARB:
		return strlen(c->arbitrary) == rawlen &&
		    ncase_eq(c->arbitrary, raw, rawlen);
	case OP_EQ:
	case OP_NE: {
		bool eq;

		if (c->wildcard)	/* prefix match, candidate padded with zeros */
			eq = v->epoch == sv->epoch &&
			    compare_release(v, sv, sv->nrelease) == 0;
		else if (sv->local[0] != '\0')
			eq = pep440_compare(v, sv) == 0;
		else	/* no local label in the spec: ignore the candidate's */
			eq = compare_public(v, sv) == 0;
		return c->op == OP_EQ ? eq : !eq;
	}
	case OP_LE:
		return compare_public(v, sv) <= 0;
	case OP_GE:
		return compare_public(v, sv) >= 0;
	case OP_LT:
		/* <V excludes V's own pre-releases unless V is one: compare against
		 * V.dev0, the first of them. */
		if (pep440_is_prerelease(sv))
			return pep440_compare(v, sv) < 0;
		bound = *sv;
		bound.has_dev = true;
		bound.dev = 0;
		bound.local[0] = '\0';
		return pep440_compare(v, &bound) < 0;
	case OP_GT:
		/* >V excludes V's post-releases and local versions unless V is a
		 * post-release; after a dev or post release the next public version
		 * is the first allowed. */
		if (sv->has_dev || sv->has_post)
			return compare_public(v, sv) > 0;
		if (pep440_compare(v, sv) <= 0)
			return false;
		if (same_release_family(v, sv) && (!v->has_dev || v->has_post))
			return false;
		return true;
	case OP_COMPAT:
		/* ~=V.N means >=V.N, ==V.* */
		return compare_public(v, sv) >= 0 && v->epoch == sv->epoch &&
		    compare_release(v, sv, sv->nrelease - 1) == 0;
	}
	return false;
}

bool
pep440_specset_contains(const struct pep440_specset *set, const char *version,
    bool prereleases)
{
	struct pep440_version v;
	const char *raw = version != NULL ? version : "";
	size_t rawlen;
	bool parsed;

	while (is_ws(*raw))
		raw++;
	rawlen = strlen(raw);
	while (rawlen > 0 && is_ws(raw[rawlen - 1]))
		rawlen--;
	parsed = pep440_parse(raw, &v) == 0;

	if (!parsed) {
		/* No clause asks nothing of the version: "Requires-Dist: b" holds for
		 * whatever b is installed, "1.0-custom.build" too (packaging from 22 on).
		 * Otherwise only === can match what is not a version. */
		if (set == NULL || set->n == 0)
			return rawlen > 0;
		for (size_t i = 0; i < set->n; i++) {
			if (set->c[i].op != OP_ARB ||
			    !clause_contains(&set->c[i], &v, raw, rawlen))
				return false;
		}
		return true;
	}
	if (pep440_is_prerelease(&v) && !prereleases &&
	    (set == NULL || !set->implies_pre))
		return false;
	if (set == NULL)
		return true;
	for (size_t i = 0; i < set->n; i++) {
		if (!clause_contains(&set->c[i], &v, raw, rawlen))
			return false;
	}
	return true;
}
