/* marker.c: PEP 508 environment markers: a recursive-descent parser into a small
 * tree and its evaluation, with the comparison rules of the PyPA packaging library. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marker.h"
#include "sanitize.h"
#include "pep440.h"
#include "strbuf.h"
#include "util.h"

/* Parenthesised groups nest at most this deep, so neither parsing nor evaluating
 * can exhaust the stack; and/or chains are flat lists and have no limit. */
#define MARKER_MAX_DEPTH 64

/* Operand kinds besides the marker_var values. */
#define VAR_LITERAL	(-1)
#define VAR_EXTRA	MV_COUNT
/* PEP 751's set-valued variables: only "LITERAL in VAR" and "not in" are defined. */
#define VAR_EXTRAS	(MV_COUNT + 1)
#define VAR_GROUPS	(MV_COUNT + 2)

enum marker_op {
	MO_LT, MO_LE, MO_EQ, MO_NE, MO_GE, MO_GT, MO_COMPAT, MO_ARB, MO_IN, MO_NOT_IN
};

static const struct {
	const char	*text;
	enum marker_op	 op;
} marker_ops[] = {	/* longest first */
	{ "===", MO_ARB }, { "==", MO_EQ }, { "~=", MO_COMPAT }, { "!=", MO_NE },
	{ "<=", MO_LE }, { ">=", MO_GE }, { "<", MO_LT }, { ">", MO_GT },
};

static const char *
marker_op_text(enum marker_op op)
{
	if (op == MO_IN)
		return "in";
	if (op == MO_NOT_IN)
		return "not in";
	for (size_t i = 0; i < nitems(marker_ops); i++) {
		if (marker_ops[i].op == op)
			return marker_ops[i].text;
	}
	return "?";
}

struct operand {
	int	 var;	/* VAR_LITERAL, a marker_var, VAR_EXTRA, VAR_EXTRAS, VAR_GROUPS */
	char	*str;	/* the literal (normalised when compared with extra) */
};

enum node_kind { MN_AND, MN_OR, MN_CMP };

struct marker {
	enum node_kind		 kind;
	/* MN_AND, MN_OR */
	struct marker		**kids;
	size_t			 nkids;
	/* MN_CMP */
	struct operand		 lhs, rhs;
	enum marker_op		 op;
	int			 key;	/* the variable that decides the rules, or -1 */
	struct pep440_specset	*spec;	/* op + literal rhs, when that is a specifier */
};

static const struct {
	const char	*name;
	int		 var;
} var_names[] = {
	{ "os_name", MV_OS_NAME },
	{ "sys_platform", MV_SYS_PLATFORM },
	{ "platform_machine", MV_PLATFORM_MACHINE },
	{ "platform_python_implementation", MV_PLATFORM_PYTHON_IMPLEMENTATION },
	{ "platform_release", MV_PLATFORM_RELEASE },
	{ "platform_system", MV_PLATFORM_SYSTEM },
	{ "platform_version", MV_PLATFORM_VERSION },
	{ "python_version", MV_PYTHON_VERSION },
	{ "python_full_version", MV_PYTHON_FULL_VERSION },
	{ "implementation_name", MV_IMPLEMENTATION_NAME },
	{ "implementation_version", MV_IMPLEMENTATION_VERSION },
	/* the old spellings PEP 508 still accepts */
	{ "os.name", MV_OS_NAME },
	{ "sys.platform", MV_SYS_PLATFORM },
	{ "platform.version", MV_PLATFORM_VERSION },
	{ "platform.machine", MV_PLATFORM_MACHINE },
	{ "platform.python_implementation", MV_PLATFORM_PYTHON_IMPLEMENTATION },
	{ "python_implementation", MV_PLATFORM_PYTHON_IMPLEMENTATION },
};

const char *
marker_var_name(enum marker_var v)
{
	if ((int)v < 0 || v >= MV_COUNT)
		return NULL;
	return var_names[v].name;
}

int
marker_var_lookup(const char *name)
{
	if (name == NULL)
		return -1;
	for (size_t i = 0; i < nitems(var_names); i++) {
		if (strcmp(var_names[i].name, name) == 0)
			return var_names[i].var;
	}
	return -1;
}

/* The variables whose values packaging compares as versions when the other side
 * makes a valid specifier. */
static bool
is_version_var(int var)
{
	return var == MV_PYTHON_VERSION || var == MV_PYTHON_FULL_VERSION ||
	    var == MV_IMPLEMENTATION_VERSION || var == MV_PLATFORM_RELEASE;
}

/* ---- parsing --------------------------------------------------------------- */

struct mparser {
	const char	*text;
	const char	*p;
	char		*error;	/* the detail, without the "invalid marker" prefix */
};

static bool
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool
is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_';
}

static void
skip_space(struct mparser *mp)
{
	while (is_space(*mp->p))
		mp->p++;
}

/* Does the text at p start with the keyword kw, as a whole word? */
static bool
at_keyword(const char *p, const char *kw)
{
	size_t n = strlen(kw);

	return strncmp(p, kw, n) == 0 && !is_word(p[n]);
}

/* Where parsing stopped, for messages: a short quoted excerpt. */
static char *
excerpt(const char *p)
{
	struct strbuf sb = STRBUF_INIT;

	if (*p == '\0')
		return xstrdup("end of marker");
	strbuf_addch(&sb, '"');
	sanitize_add_excerpt(&sb, p, 30);
	strbuf_addch(&sb, '"');
	return strbuf_detach(&sb, NULL);
}

static void
set_error(struct mparser *mp, const char *what)
{
	char *at;

	if (mp->error != NULL)
		return;
	at = excerpt(mp->p);
	mp->error = xprintf("%s at %s", what, at);
	free(at);
}

static void
node_free(struct marker *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nkids; i++)
		node_free(m->kids[i]);
	free(m->kids);
	free(m->lhs.str);
	free(m->rhs.str);
	pep440_specset_free(m->spec);
	free(m);
}

static int
parse_operand(struct mparser *mp, struct operand *o)
{
	const char *start = mp->p;

	skip_space(mp);
	start = mp->p;
	if (*mp->p == '"' || *mp->p == '\'') {
		const char *end = strchr(mp->p + 1, *mp->p);

		if (end == NULL) {
			set_error(mp, "unterminated string");
			return -1;
		}
		o->var = VAR_LITERAL;
		o->str = xstrndup(mp->p + 1, (size_t)(end - mp->p - 1));
		mp->p = end + 1;
		return 0;
	}
	while (is_word(*mp->p) || *mp->p == '.')
		mp->p++;
	if (mp->p == start) {
		set_error(mp, "expected a marker variable or a quoted string");
		return -1;
	}
	{
		char *name = xstrndup(start, (size_t)(mp->p - start));

		o->var = strcmp(name, "extra") == 0 ? VAR_EXTRA :
		    strcmp(name, "extras") == 0 ? VAR_EXTRAS :
		    strcmp(name, "dependency_groups") == 0 ? VAR_GROUPS :
		    marker_var_lookup(name);
		if (o->var < 0) {
			mp->error = xprintf("unknown marker variable \"%.40s\"", name);
			free(name);
			return -1;
		}
		free(name);
	}
	o->str = NULL;
	return 0;
}

static int
parse_op(struct mparser *mp, enum marker_op *op)
{
	skip_space(mp);
	if (at_keyword(mp->p, "in")) {
		mp->p += 2;
		*op = MO_IN;
		return 0;
	}
	if (at_keyword(mp->p, "not")) {
		const char *q = mp->p + 3;

		if (is_space(*q)) {
			while (is_space(*q))
				q++;
			if (at_keyword(q, "in")) {
				mp->p = q + 2;
				*op = MO_NOT_IN;
				return 0;
			}
		}
		mp->p += 3;
		set_error(mp, "expected \"in\" after \"not\"");
		return -1;
	}
	for (size_t i = 0; i < nitems(marker_ops); i++) {
		size_t n = strlen(marker_ops[i].text);

		if (strncmp(mp->p, marker_ops[i].text, n) == 0) {
			mp->p += n;
			*op = marker_ops[i].op;
			return 0;
		}
	}
	set_error(mp, "expected a marker operator (<, <=, ==, !=, >=, >, ~=, ===, in, "
	    "not in)");
	return -1;
}

/* Normalises a literal compared with "extra" (PEP 685), and prepares the
 * specifier when the comparison is a version comparison. */
static void
prepare_comparison(struct marker *m)
{
	if (m->lhs.var != VAR_LITERAL)
		m->key = m->lhs.var;
	else if (m->rhs.var != VAR_LITERAL)
		m->key = m->rhs.var;
	else
		m->key = -1;

	if (m->key == VAR_EXTRA || m->key == VAR_EXTRAS || m->key == VAR_GROUPS) {
		struct operand *lit = m->lhs.var == VAR_LITERAL ? &m->lhs :
		    m->rhs.var == VAR_LITERAL ? &m->rhs : NULL;

		if (lit != NULL) {
			char *n = name_normalize(lit->str);

			free(lit->str);
			lit->str = n;
		}
	}
	if (is_version_var(m->key) && m->op != MO_IN && m->op != MO_NOT_IN &&
	    m->rhs.var == VAR_LITERAL && strchr(m->rhs.str, ',') == NULL) {
		char *spec = xprintf("%s%s", marker_op_text(m->op), m->rhs.str);

		m->spec = pep440_specset_parse(spec, NULL);
		free(spec);
	}
}

static struct marker *parse_or(struct mparser *mp, int depth);

static struct marker *
parse_atom(struct mparser *mp, int depth)
{
	struct marker *m;

	skip_space(mp);
	if (*mp->p == '(') {
		if (depth >= MARKER_MAX_DEPTH) {
			set_error(mp, "parentheses nested too deeply");
			return NULL;
		}
		mp->p++;
		if ((m = parse_or(mp, depth + 1)) == NULL)
			return NULL;
		skip_space(mp);
		if (*mp->p != ')') {
			set_error(mp, "expected \")\"");
			node_free(m);
			return NULL;
		}
		mp->p++;
		return m;
	}
	m = xcalloc(1, sizeof *m);
	m->kind = MN_CMP;
	m->lhs.var = m->rhs.var = VAR_LITERAL;
	if (parse_operand(mp, &m->lhs) != 0 || parse_op(mp, &m->op) != 0 ||
	    parse_operand(mp, &m->rhs) != 0) {
		node_free(m);
		return NULL;
	}
	if (m->lhs.var == VAR_EXTRAS || m->lhs.var == VAR_GROUPS ||
	    ((m->rhs.var == VAR_EXTRAS || m->rhs.var == VAR_GROUPS) &&
	    ((m->op != MO_IN && m->op != MO_NOT_IN) || m->lhs.var != VAR_LITERAL))) {
		set_error(mp, "extras and dependency_groups are sets: only \"NAME\" in "
		    "and not in them");
		node_free(m);
		return NULL;
	}
	prepare_comparison(m);
	return m;
}

/* A flat list of operands joined by one keyword (and binds tighter than or). */
static struct marker *
parse_list(struct mparser *mp, int depth, enum node_kind kind)
{
	const char *kw = kind == MN_AND ? "and" : "or";
	struct marker *first, *list;
	size_t alloc = 0;

	first = kind == MN_AND ? parse_atom(mp, depth) : parse_list(mp, depth, MN_AND);
	if (first == NULL)
		return NULL;
	skip_space(mp);
	if (!at_keyword(mp->p, kw))
		return first;
	list = xcalloc(1, sizeof *list);
	list->kind = kind;
	list->lhs.var = list->rhs.var = VAR_LITERAL;
	for (struct marker *m = first; m != NULL;) {
		if (list->nkids == alloc) {
			alloc = alloc == 0 ? 4 : alloc * 2;
			list->kids = xreallocarray(list->kids, alloc, sizeof *list->kids);
		}
		list->kids[list->nkids++] = m;
		skip_space(mp);
		if (!at_keyword(mp->p, kw))
			break;
		mp->p += strlen(kw);
		m = kind == MN_AND ? parse_atom(mp, depth) : parse_list(mp, depth, MN_AND);
		if (m == NULL) {
			node_free(list);
			return NULL;
		}
	}
	return list;
}

static struct marker *
parse_or(struct mparser *mp, int depth)
{
	return parse_list(mp, depth, MN_OR);
}

struct marker *
marker_parse(const char *text, char **cause)
{
	struct mparser mp = { text != NULL ? text : "", NULL, NULL };
	struct marker *m;

	mp.p = mp.text;
	skip_space(&mp);
	if (*mp.p == '\0')
		mp.error = xstrdup("empty marker");
	else if ((m = parse_or(&mp, 0)) != NULL) {
		skip_space(&mp);
		if (*mp.p == '\0')
			return m;
		node_free(m);
		set_error(&mp, "expected \"and\", \"or\" or the end of the marker");
	}
	if (cause != NULL) {
		char *q = sanitize_excerpt(mp.text, 200);

		*cause = xprintf("invalid marker \"%s\": %s", q, mp.error);
		free(q);
	}
	free(mp.error);
	return NULL;
}

void
marker_free(struct marker *m)
{
	node_free(m);
}

bool
marker_uses_extra(const struct marker *m)
{
	if (m == NULL)
		return false;
	if (m->kind == MN_CMP)
		return m->lhs.var == VAR_EXTRA || m->rhs.var == VAR_EXTRA;
	for (size_t i = 0; i < m->nkids; i++) {
		if (marker_uses_extra(m->kids[i]))
			return true;
	}
	return false;
}

/* ---- evaluation ------------------------------------------------------------ */

static const char *normalize_into(const char *s, char *buf, size_t len);

struct meval {
	const struct marker_env	*env;
	const char		*extra;		/* normalised */
	char			 full_version[64];	/* repaired, see below */
};

static const char *
operand_value(const struct meval *ev, const struct operand *o)
{
	const char *v;

	if (o->var == VAR_LITERAL)
		return o->str;
	if (o->var == VAR_EXTRA)
		return ev->extra;
	if (o->var == MV_PYTHON_FULL_VERSION && ev->full_version[0] != '\0')
		return ev->full_version;
	v = ev->env != NULL ? ev->env->values[o->var] : NULL;
	return v != NULL ? v : "";
}

/* Strings have no order: packaging (since its markers stopped using Python's
 * string comparison) treats <= and >= as ==, < and > as false, and raises on ~=
 * and === (false and == here). */
static bool
string_compare(enum marker_op op, const char *l, const char *r)
{
	switch (op) {
	case MO_IN:
		return strstr(r, l) != NULL;
	case MO_NOT_IN:
		return strstr(r, l) == NULL;
	case MO_EQ:
	case MO_LE:
	case MO_GE:
	case MO_ARB:
		return strcmp(l, r) == 0;
	case MO_NE:
		return strcmp(l, r) != 0;
	case MO_LT:
	case MO_GT:
	case MO_COMPAT:
		return false;
	}
	return false;
}

/* Is the (normalised) literal one of the set's names? Names are compared after
 * normalisation (PEP 685 for extras, PEP 735 for groups: the same rule). */
static bool
set_has(const struct strlist *set, const char *name)
{
	char buf[128];

	for (size_t i = 0; set != NULL && i < set->n; i++) {
		const char *n = normalize_into(set->v[i], buf, sizeof buf);
		char *heap = n == NULL ? name_normalize(set->v[i]) : NULL;
		bool same = strcmp(n != NULL ? n : heap, name) == 0;

		free(heap);
		if (same)
			return true;
	}
	return false;
}

static bool
eval_cmp(const struct meval *ev, const struct marker *m)
{
	const char *l, *r;

	if (m->rhs.var == VAR_EXTRAS || m->rhs.var == VAR_GROUPS) {
		const struct strlist *set = ev->env == NULL ? NULL :
		    m->rhs.var == VAR_EXTRAS ? ev->env->extras : ev->env->dependency_groups;
		bool in = set_has(set, m->lhs.str);

		return m->op == MO_IN ? in : !in;
	}
	l = operand_value(ev, &m->lhs);
	r = operand_value(ev, &m->rhs);

	/* For python_version and the other version variables, "lhs op rhs" is a
	 * version comparison when "op rhs" is a valid specifier: then a lhs that is
	 * not a version makes it false. Otherwise it is a string comparison. */
	if (is_version_var(m->key) && m->op != MO_IN && m->op != MO_NOT_IN) {
		if (m->spec != NULL)
			return pep440_specset_contains(m->spec, l, true);
		if (m->rhs.var != VAR_LITERAL && strchr(r, ',') == NULL) {
			char *text = xprintf("%s%s", marker_op_text(m->op), r);
			struct pep440_specset *spec = pep440_specset_parse(text, NULL);
			bool result = false;

			free(text);
			if (spec != NULL) {
				result = pep440_specset_contains(spec, l, true);
				pep440_specset_free(spec);
				return result;
			}
		}
	}
	return string_compare(m->op, l, r);
}

static bool
eval_node(const struct meval *ev, const struct marker *m)
{
	switch (m->kind) {
	case MN_CMP:
		return eval_cmp(ev, m);
	case MN_AND:
		for (size_t i = 0; i < m->nkids; i++) {
			if (!eval_node(ev, m->kids[i]))
				return false;
		}
		return true;
	case MN_OR:
		for (size_t i = 0; i < m->nkids; i++) {
			if (eval_node(ev, m->kids[i]))
				return true;
		}
		return false;
	}
	return false;
}

/* PEP 503 normalisation into buf when it fits, else NULL. */
static const char *
normalize_into(const char *s, char *buf, size_t len)
{
	size_t o = 0;
	bool sep = false;

	for (; *s != '\0'; s++) {
		if (*s == '-' || *s == '_' || *s == '.') {
			sep = true;
			continue;
		}
		if (o + 3 > len)
			return NULL;
		if (sep && o != 0)
			buf[o++] = '-';
		sep = false;
		buf[o++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
	}
	buf[o] = '\0';
	return buf;
}

bool
marker_eval(const struct marker *m, const struct marker_env *env, const char *extra)
{
	struct meval ev;
	char buf[128], *heap = NULL;
	const char *fv;
	bool result;

	if (m == NULL)
		return true;
	memset(&ev, 0, sizeof ev);
	ev.env = env;
	if (extra == NULL || *extra == '\0')
		ev.extra = "";
	else if ((ev.extra = normalize_into(extra, buf, sizeof buf)) == NULL)
		ev.extra = heap = name_normalize(extra);
	/* platform.python_version() of an untagged CPython build ends in "+", which
	 * is not PEP 440; packaging reads it as a local version, and so do we. */
	fv = env != NULL ? env->values[MV_PYTHON_FULL_VERSION] : NULL;
	if (fv != NULL && str_ends_with(fv, "+") && strlen(fv) + 6 < sizeof ev.full_version)
		snprintf(ev.full_version, sizeof ev.full_version, "%slocal", fv);
	result = eval_node(&ev, m);
	free(heap);
	return result;
}
