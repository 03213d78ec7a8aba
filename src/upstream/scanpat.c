/* scanpat.c: the declaration patterns. Each is a literal anchor found with memmem (the
 * bulk of the work, which glibc does at memory speed) and a small check of the bytes
 * around it; a pattern is tried only in the file classes where it means something, so
 * documentation that merely mentions Py_MOD_GIL_NOT_USED is not a declaration. */
#define _GNU_SOURCE	/* memmem */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "scanpat.h"
#include "util.h"

enum {
	CL_C		= 1 << 0,	/* C, C++, Objective-C sources and headers */
	CL_CYTHON	= 1 << 1,	/* .pyx .pxd .pxi */
	CL_RUST		= 1 << 2,
	CL_PY		= 1 << 3,
	CL_CMAKE	= 1 << 4,	/* CMakeLists.txt, *.cmake */
	CL_MESON	= 1 << 5,	/* meson.build, meson.options */
	CL_TOML		= 1 << 6,
	CL_CFG		= 1 << 7,	/* setup.cfg, tox.ini, *.cfg, *.ini */
	CL_YAML		= 1 << 8,	/* CI configurations */
	CL_META		= 1 << 9,	/* PKG-INFO */
	CL_MAKE		= 1 << 10,	/* Makefile, *.mk */
	CL_SH		= 1 << 11,
};

static bool
is_ident(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_';
}

static bool
is_alnum(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The bytes of a match's line around the anchor: [ls, le) holds the line, p the
 * anchor, e the first byte after it; buf the file's first byte (for the lines before). */
struct site {
	const char	*ls, *le, *p, *e, *buf;
};

static const char *
skip_blank(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

static bool
at_word(const char *s, const char *end, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(end - s) >= n && memcmp(s, w, n) == 0;
}

static bool
line_has(const struct site *s, const char *from, const char *w)
{
	return memmem(from, (size_t)(s->le - from), w, strlen(w)) != NULL;
}

static bool
bounded(const struct site *s)
{
	return (s->p == s->ls || !is_ident((unsigned char)s->p[-1])) &&
	    (s->e == s->le || !is_ident((unsigned char)*s->e));
}

/* NAME [quote] = or : [quote] true -- the shape of a switch turned on in Python, TOML,
 * YAML, a Cython directive comment or a compiler argument. */
static bool
switched_on(const struct site *s, bool colon)
{
	const char *q = s->e;

	if (q < s->le && (*q == '\'' || *q == '"'))
		q++;
	q = skip_blank(q, s->le);
	if (q >= s->le || !(*q == '=' || (colon && *q == ':')))
		return false;
	q = skip_blank(q + 1, s->le);
	if (q < s->le && (*q == '\'' || *q == '"'))
		q++;
	return at_word(q, s->le, "True") || at_word(q, s->le, "true") ||
	    at_word(q, s->le, "TRUE") || at_word(q, s->le, "1") || at_word(q, s->le, "yes");
}

static bool
v_not_used(const struct site *s)
{
	return bounded(s);
}

static bool
v_set_gil(const struct site *s)
{
	const char *q = skip_blank(s->e, s->le);

	/* PyUnstable_Module_SetGIL(m, Py_MOD_GIL_USED) says the opposite. */
	return bounded(s) && (q == s->le || *q == '(') && !line_has(s, s->e, "Py_MOD_GIL_USED");
}

static bool
v_cython(const struct site *s)
{
	return bounded(s) && switched_on(s, true);
}

/* NAME [quote] = or : [quote] False -- the same switch turned off. */
static bool
switched_off(const struct site *s)
{
	const char *q = s->e;

	if (q < s->le && (*q == '\'' || *q == '"'))
		q++;
	q = skip_blank(q, s->le);
	if (q >= s->le || !(*q == '=' || *q == ':'))
		return false;
	q = skip_blank(q + 1, s->le);
	if (q < s->le && (*q == '\'' || *q == '"'))
		q++;
	return at_word(q, s->le, "False") || at_word(q, s->le, "false") ||
	    at_word(q, s->le, "FALSE") || at_word(q, s->le, "0") || at_word(q, s->le, "no");
}

static bool
v_cython_off(const struct site *s)
{
	return bounded(s) && switched_off(s);
}

/* Does the line, or one of the two before it, name the Py_mod_gil slot before p? A
 * slot is written {Py_mod_gil, Py_MOD_GIL_USED} in C and, in Rust, as a struct over
 * lines (slot: Py_mod_gil, / value: Py_MOD_GIL_USED,). */
static bool
slot_before(const struct site *s)
{
	const char *from = s->ls, *buf = s->buf;

	for (int back = 0; back < 2 && from > buf; back++) {
		from--;
		while (from > buf && from[-1] != '\n')
			from--;
	}
	return memmem(from, (size_t)(s->p - from), "Py_mod_gil", strlen("Py_mod_gil")) != NULL;
}

/* Not an import, a re-export or a macro's definition: those only name the value. */
static bool
names_only(const struct site *s)
{
	const char *q = skip_blank(s->ls, s->le);

	return at_word(q, s->le, "use ") || at_word(q, s->le, "pub use ") ||
	    at_word(q, s->le, "pub(crate) use ") || at_word(q, s->le, "#define") ||
	    at_word(q, s->le, "from ") || at_word(q, s->le, "import ") ||
	    at_word(q, s->le, "//") || at_word(q, s->le, "/*") || at_word(q, s->le, "*") ||
	    at_word(q, s->le, "#") || line_has(s, s->ls, "SetGIL");
}

static bool
v_gil_used(const struct site *s)
{
	return bounded(s) && !names_only(s) && slot_before(s);
}

static bool
v_set_gil_used(const struct site *s)
{
	const char *q = skip_blank(s->e, s->le);

	return bounded(s) && q < s->le && *q == '(' && line_has(s, s->e, "Py_MOD_GIL_USED");
}

/* After PyO3's gil_used: "= word", word a whole identifier. */
static bool
pyo3_gil_used_is(const struct site *s, const char *word)
{
	size_t n = strlen(word);
	const char *q;

	if (!bounded(s))
		return false;
	q = skip_blank(s->e, s->le);
	if (q >= s->le || *q != '=')
		return false;
	q = skip_blank(q + 1, s->le);
	return at_word(q, s->le, word) && (q + n == s->le || !is_ident((unsigned char)q[n]));
}

static bool
v_pyo3_used(const struct site *s)
{
	return pyo3_gil_used_is(s, "true");
}

static bool
v_pyo3(const struct site *s)
{
	return pyo3_gil_used_is(s, "false");
}

static bool
v_call(const struct site *s)
{
	const char *q = skip_blank(s->e, s->le);

	return bounded(s) && q < s->le && *q == '(';
}

static bool
v_word(const struct site *s)
{
	return bounded(s);
}

static bool
v_f2py(const struct site *s)
{
	return s->e == s->le || !(is_ident((unsigned char)*s->e) || *s->e == '-');
}

/* A cp313t-style tag, not in a line that skips it (CIBW_SKIP, skip = [...]). */
static bool
v_cp_tag(const struct site *s)
{
	const char *q = s->e;

	if (s->p > s->ls && is_alnum((unsigned char)s->p[-1]))
		return false;
	if (s->le - q < 2 || q[0] < '3' || q[0] > '9' || q[1] != 't')
		return false;
	q += 2;
	if (q < s->le && is_alnum((unsigned char)*q))
		return false;
	return !line_has(s, s->ls, "skip") && !line_has(s, s->ls, "SKIP");
}

static bool
v_cibw_switch(const struct site *s)
{
	return bounded(s) && switched_on(s, true);
}

static bool
v_cibw_enable(const struct site *s)
{
	return (s->p == s->ls || !is_alnum((unsigned char)s->p[-1])) &&
	    (s->e == s->le || !is_alnum((unsigned char)*s->e));
}

/* A 3.13t-style version: not part of a longer number (13.13t, 3.135t). */
static bool
v_ft_version(const struct site *s)
{
	const char *q = s->e;

	if (s->p > s->ls && (is_alnum((unsigned char)s->p[-1]) || s->p[-1] == '.'))
		return false;
	if (s->le - q < 2 || q[0] < '3' || q[0] > '9' || q[1] != 't')
		return false;
	q += 2;
	return (q == s->le || !(is_alnum((unsigned char)*q) || *q == '.')) &&
	    !line_has(s, s->ls, "skip") && !line_has(s, s->ls, "SKIP");
}

static bool
v_any(const struct site *s)
{
	(void)s;
	return true;
}

struct pattern {
	enum scanpat_kind	 kind;
	const char		*anchor;
	unsigned		 classes;
	bool			(*verify)(const struct site *s);
};

/* The order breaks ties on one line: PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED)
 * is a SetGIL call, not a slot. bench/scan carries the same patterns as git grep -E
 * expressions; keep the two in step. */
static const struct pattern patterns[] = {
	{ SCANPAT_SET_GIL, "PyUnstable_Module_SetGIL", CL_C | CL_CYTHON | CL_RUST, v_set_gil },
	{ SCANPAT_PY_MOD_GIL, "Py_MOD_GIL_NOT_USED", CL_C | CL_CYTHON | CL_RUST, v_not_used },
	{ SCANPAT_CYTHON, "freethreading_compatible",
	  CL_CYTHON | CL_PY | CL_TOML | CL_CFG | CL_MESON | CL_CMAKE, v_cython },
	{ SCANPAT_PYO3, "gil_used", CL_RUST, v_pyo3 },
	{ SCANPAT_PYBIND11, "mod_gil_not_used", CL_C, v_call },
	{ SCANPAT_NANOBIND, "FREE_THREADED", CL_CMAKE, v_word },
	{ SCANPAT_F2PY, "--freethreading-compatible",
	  CL_PY | CL_MESON | CL_CMAKE | CL_TOML | CL_CFG | CL_MAKE | CL_SH, v_f2py },
	{ SCANPAT_CIBUILDWHEEL, "cp31", CL_YAML | CL_TOML | CL_CFG, v_cp_tag },
	{ SCANPAT_CIBUILDWHEEL, "CIBW_FREE_THREADED_SUPPORT", CL_YAML | CL_TOML | CL_CFG,
	  v_cibw_switch },
	{ SCANPAT_CIBUILDWHEEL, "free-threaded-support", CL_TOML, v_cibw_switch },
	{ SCANPAT_CIBUILDWHEEL, "cpython-freethreading", CL_YAML | CL_TOML | CL_CFG,
	  v_cibw_enable },
	{ SCANPAT_CI_MATRIX, "3.1", CL_YAML, v_ft_version },
	{ SCANPAT_CLASSIFIER, "Python :: Free Threading", CL_TOML | CL_CFG | CL_PY | CL_META,
	  v_any },
	{ SCANPAT_SET_GIL_USED, "PyUnstable_Module_SetGIL", CL_C | CL_CYTHON | CL_RUST,
	  v_set_gil_used },
	{ SCANPAT_GIL_USED, "Py_MOD_GIL_USED", CL_C | CL_CYTHON | CL_RUST, v_gil_used },
	{ SCANPAT_CYTHON_GIL, "freethreading_compatible",
	  CL_CYTHON | CL_PY | CL_TOML | CL_CFG | CL_MESON | CL_CMAKE, v_cython_off },
	{ SCANPAT_PYO3_GIL, "gil_used", CL_RUST, v_pyo3_used },
};

static const struct {
	const char	*name, *label;
} kinds[SCANPAT_NKINDS] = {
	[SCANPAT_PY_MOD_GIL] = { "Py_mod_gil", "Py_mod_gil slot Py_MOD_GIL_NOT_USED" },
	[SCANPAT_SET_GIL] = { "PyUnstable_Module_SetGIL", "PyUnstable_Module_SetGIL" },
	[SCANPAT_CYTHON] = { "cython", "Cython freethreading_compatible" },
	[SCANPAT_PYO3] = { "pyo3", "PyO3 gil_used = false" },
	[SCANPAT_PYBIND11] = { "pybind11", "pybind11 mod_gil_not_used" },
	[SCANPAT_NANOBIND] = { "nanobind", "nanobind FREE_THREADED" },
	[SCANPAT_F2PY] = { "f2py", "f2py --freethreading-compatible" },
	[SCANPAT_CIBUILDWHEEL] = { "cibuildwheel", "cibuildwheel builds free-threaded wheels" },
	[SCANPAT_CI_MATRIX] = { "ci-matrix", "CI runs a free-threaded Python" },
	[SCANPAT_CLASSIFIER] = { "classifier", "Free Threading classifier" },
	[SCANPAT_GIL_USED] = { "Py_mod_gil-used",
	    "Py_mod_gil slot Py_MOD_GIL_USED: declares it needs the GIL" },
	[SCANPAT_SET_GIL_USED] = { "PyUnstable_Module_SetGIL-used",
	    "PyUnstable_Module_SetGIL(m, Py_MOD_GIL_USED): declares it needs the GIL" },
	[SCANPAT_CYTHON_GIL] = { "cython-gil",
	    "Cython freethreading_compatible=False: declares it needs the GIL" },
	[SCANPAT_PYO3_GIL] = { "pyo3-gil", "PyO3 gil_used = true: declares it needs the GIL" },
};

int
scanpat_kind_is_optout(enum scanpat_kind kind)
{
	return kind >= SCANPAT_GIL_USED && kind < SCANPAT_NKINDS;
}

const char *
scanpat_kind_name(enum scanpat_kind kind)
{
	return kind < SCANPAT_NKINDS ? kinds[kind].name : "?";
}

const char *
scanpat_kind_label(enum scanpat_kind kind)
{
	return kind < SCANPAT_NKINDS ? kinds[kind].label : "?";
}

int
scanpat_kind_from_name(const char *name)
{
	for (int k = 0; k < SCANPAT_NKINDS; k++)
		if (strcmp(kinds[k].name, name) == 0)
			return k;
	return -1;
}

static const struct {
	const char	*suffix;	/* of the base name; lower case */
	unsigned	 classes;
} by_suffix[] = {
	{ ".c", CL_C }, { ".h", CL_C }, { ".cc", CL_C }, { ".cpp", CL_C }, { ".cxx", CL_C },
	{ ".c++", CL_C }, { ".hpp", CL_C }, { ".hh", CL_C }, { ".hxx", CL_C }, { ".h++", CL_C },
	{ ".inl", CL_C }, { ".ipp", CL_C }, { ".m", CL_C }, { ".mm", CL_C },
	{ ".pyx", CL_CYTHON }, { ".pxd", CL_CYTHON }, { ".pxi", CL_CYTHON },
	{ ".rs", CL_RUST }, { ".py", CL_PY }, { ".cmake", CL_CMAKE },
	{ ".toml", CL_TOML }, { ".cfg", CL_CFG }, { ".ini", CL_CFG },
	{ ".yml", CL_YAML }, { ".yaml", CL_YAML }, { ".mk", CL_MAKE }, { ".sh", CL_SH },
};

static const struct {
	const char	*name;		/* the whole base name */
	unsigned	 classes;
} by_name[] = {
	{ "CMakeLists.txt", CL_CMAKE }, { "meson.build", CL_MESON },
	{ "meson.options", CL_MESON }, { "meson_options.txt", CL_MESON },
	{ "PKG-INFO", CL_META }, { "Makefile", CL_MAKE }, { "GNUmakefile", CL_MAKE },
	{ "makefile", CL_MAKE },
};

unsigned
scanpat_classes(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t blen;

	base = base != NULL ? base + 1 : path;
	for (size_t i = 0; i < nitems(by_name); i++)
		if (strcmp(base, by_name[i].name) == 0)
			return by_name[i].classes;
	blen = strlen(base);
	for (size_t i = 0; i < nitems(by_suffix); i++) {
		size_t n = strlen(by_suffix[i].suffix);

		if (blen > n && strcasecmp(base + blen - n, by_suffix[i].suffix) == 0)
			return by_suffix[i].classes;
	}
	return 0;
}

int
scanpat_is_binary(const char *buf, size_t len)
{
	return memchr(buf, '\0', len < 8000 ? len : 8000) != NULL;
}

struct hit {
	size_t			 pos;	/* of the line's start */
	size_t			 pat;	/* index in patterns[] */
};

static int
hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->pat < y->pat ? -1 : x->pat > y->pat;
}

size_t
scanpat_find(unsigned classes, const char *buf, size_t len,
    int (*cb)(const struct scanpat_match *m, void *arg), void *arg)
{
	struct hit *hits = NULL;
	size_t nhits = 0, alloc = 0, reported = 0;
	const char *end = buf + len;

	for (size_t i = 0; i < nitems(patterns); i++) {
		const struct pattern *pat = &patterns[i];
		size_t alen = strlen(pat->anchor);
		const char *p = buf;

		if ((pat->classes & classes) == 0)
			continue;
		while ((p = memmem(p, (size_t)(end - p), pat->anchor, alen)) != NULL) {
			struct site s = { p, p, p, p + alen, buf };

			while (s.ls > buf && s.ls[-1] != '\n')
				s.ls--;
			s.le = memchr(s.e, '\n', (size_t)(end - s.e));
			if (s.le == NULL)
				s.le = end;
			if (pat->verify(&s)) {
				if (nhits == alloc) {
					alloc = alloc == 0 ? 8 : alloc * 2;
					hits = xreallocarray(hits, alloc, sizeof *hits);
				}
				hits[nhits].pos = (size_t)(s.ls - buf);
				hits[nhits++].pat = i;
				p = s.le;	/* once per line for a pattern */
			} else
				p += alen;
			if (p >= end)
				break;
		}
	}
	if (nhits == 0)
		return 0;
	/* The table's order decides between kinds on one line. */
	qsort(hits, nhits, sizeof *hits, hit_cmp);

	unsigned line = 1;
	size_t counted = 0, last_ls = (size_t)-1;

	for (size_t i = 0; i < nhits; i++) {
		size_t ls = hits[i].pos;
		struct scanpat_match m;
		const char *le;

		if (ls == last_ls)
			continue;
		for (const char *q = buf + counted;
		    (q = memchr(q, '\n', (size_t)(buf + ls - q))) != NULL; q++)
			line++;
		counted = ls;
		last_ls = ls;
		le = memchr(buf + ls, '\n', len - ls);
		m.kind = patterns[hits[i].pat].kind;
		m.line = line;
		m.text = buf + ls;
		m.len = (size_t)((le != NULL ? le : end) - (buf + ls));
		reported++;
		if (cb(&m, arg) != 0)
			break;
	}
	free(hits);
	return reported;
}

struct has_arg {
	enum scanpat_kind	kind;
	bool			found;
};

static int
has_cb(const struct scanpat_match *m, void *arg)
{
	struct has_arg *h = arg;

	if (m->kind == h->kind)
		h->found = true;
	return h->found;
}

int
scanpat_has(unsigned classes, enum scanpat_kind kind, const char *buf, size_t len)
{
	struct has_arg h = { kind, false };

	scanpat_find(classes, buf, len, has_cb, &h);
	return h.found;
}
