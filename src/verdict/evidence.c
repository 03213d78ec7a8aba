/* evidence.c: test results matched to packages by name, version and ABI, and the rule
 * that puts them beside (or in place of) the wheel verdict. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "meta.h"
#include "pep440.h"
#include "strbuf.h"
#include "util.h"

void
evidence_init(struct evidence *e)
{
	memset(e, 0, sizeof *e);
}

void
evidence_free(struct evidence *e)
{
	for (size_t i = 0; i < e->n; i++) {
		testresult_clear(e->v[i]);
		free(e->v[i]);
	}
	free(e->v);
	memset(e, 0, sizeof *e);
}

static bool
same_version(const char *a, const char *b)
{
	return a != NULL && b != NULL && pep440_compare_str(a, b) == 0;
}

static bool
keyed(const struct test_result *r)
{
	return r->version != NULL && *r->version != '\0' && r->abi != NULL && *r->abi != '\0';
}

/* The first result for name (or where it would go). */
static size_t
first_of(const struct evidence *e, const char *name)
{
	size_t lo = 0, hi = e->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(e->v[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
evidence_add(struct evidence *e, const struct test_result *r)
{
	char *name;
	size_t at;

	if (r->name == NULL)
		return false;
	name = name_normalize(r->name);
	at = first_of(e, name);
	/* The same key: the newer stays. Unkeyed results are not compared with anything
	 * (they are never current), only the newest of a name is worth showing. */
	for (size_t i = at; i < e->n && strcmp(e->v[i]->name, name) == 0; i++) {
		struct test_result *old = e->v[i];
		bool same = keyed(r) ? keyed(old) && same_version(old->version, r->version) &&
		    strcmp(old->abi, r->abi) == 0 : !keyed(old);

		if (!same)
			continue;
		free(name);
		if (old->when >= r->when)
			return false;
		testresult_clear(old);
		testresult_copy(old, r);
		free(old->name);
		old->name = name_normalize(r->name);
		return true;
	}
	if (e->n == e->alloc) {
		e->alloc = e->alloc == 0 ? 16 : e->alloc * 2;
		e->v = xreallocarray(e->v, e->alloc, sizeof *e->v);
	}
	memmove(&e->v[at + 1], &e->v[at], (e->n - at) * sizeof *e->v);
	e->v[at] = xcalloc(1, sizeof **e->v);
	testresult_copy(e->v[at], r);
	free(e->v[at]->name);
	e->v[at]->name = name;
	e->n++;
	if (!keyed(r))
		e->unkeyed++;
	return true;
}

int
evidence_load_store(struct evidence *e, const char *cache_dir, char **cause)
{
	struct test_result *all;
	size_t n;

	if (testresult_load_all(cache_dir, &all, &n, cause) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		evidence_add(e, &all[i]);
	testresult_free_all(all, n);
	return 0;
}

bool
evidence_current(const struct test_result *r, const char *version, const char *abi)
{
	return keyed(r) && abi != NULL && strcmp(r->abi, abi) == 0 &&
	    same_version(r->version, version);
}

/* Is the module a gil-reenabled result names one of the tested package's own? The
 * warning can name a dependency's module, imported on the way: that is its finding. */
static bool
own_module(const struct test_result *r)
{
	size_t len;

	if (r->module == NULL || r->modules.n == 0)
		return true;
	len = strcspn(r->module, ".");
	for (size_t i = 0; i < r->modules.n; i++)
		if (strlen(r->modules.v[i]) == len && strncmp(r->modules.v[i], r->module, len) == 0)
			return true;
	return false;
}

enum ft_status
evidence_status(enum ft_status wheel, const struct test_result *r)
{
	if (r == NULL)
		return wheel;
	switch (r->outcome) {
	case TO_GIL_REENABLED:
		return own_module(r) ? ST_GIL_REENABLED : wheel;
	case TO_FAILED:
		return ST_TEST_FAILED;
	case TO_IMPORT_FAILED:
		return ST_IMPORT_FAILED;
	case TO_CRASHED:
		return ST_CRASHED;
	default:
		return wheel;
	}
}

bool
evidence_works(const struct verdict *v)
{
	switch (v->status) {
	case ST_READY:
	case ST_PURE:
	case ST_FALLBACK:
		return true;
	case ST_SOURCE:
		return v->test != NULL && v->test->outcome == TO_PASSED;
	default:
		return false;
	}
}

void
evidence_apply(const struct evidence *e, const struct dist *d, const char *abi,
    struct verdict *v)
{
	const struct test_result *cur = NULL, *other = NULL;

	if (v->test != NULL)
		v->status = v->wheel;
	v->test = v->other = NULL;
	if (e == NULL || e->n == 0)
		return;
	for (size_t i = first_of(e, d->name); i < e->n && strcmp(e->v[i]->name, d->name) == 0;
	    i++) {
		const struct test_result *r = e->v[i];

		if (evidence_current(r, d->version, abi)) {
			if (cur == NULL || r->when > cur->when)
				cur = r;
		} else if (other == NULL || r->when > other->when)
			other = r;
	}
	v->other = other;
	if (cur != NULL) {
		v->test = cur;
		v->wheel = v->status;
		v->status = evidence_status(v->wheel, cur);
	}
}

/* The word with what it names: "gil-reenabled (markupsafe._speedups)", "crashed
 * (SIGSEGV)". */
static void
outcome_words(struct strbuf *sb, const struct test_result *r)
{
	const char *extra = NULL;

	if (r->outcome == TO_GIL_REENABLED)
		extra = r->module;
	else if (r->outcome == TO_CRASHED)
		extra = r->signal;
	strbuf_addstr(sb, testresult_outcome_name(r->outcome));
	if (extra != NULL)
		strbuf_addf(sb, " (%s)", extra);
}

/* What makes another result not this one's: "3.0.2", "cp314t", "an unknown version". */
static const char *
other_what(const struct test_result *r, const char *installed)
{
	if (r->version == NULL || *r->version == '\0')
		return "an unknown version";
	if (!same_version(r->version, installed))
		return r->version;
	return r->abi != NULL ? r->abi : "an unknown interpreter";
}

char *
evidence_cell(const struct verdict *v, const char *installed)
{
	struct strbuf sb = STRBUF_INIT;

	if (v->test != NULL) {
		outcome_words(&sb, v->test);
		if (v->test->outcome == TO_GIL_REENABLED && !own_module(v->test))
			strbuf_addstr(&sb, ", another package's module");
	} else if (v->other != NULL) {
		outcome_words(&sb, v->other);
		strbuf_addf(&sb, " on %s", other_what(v->other, installed));
	} else
		return NULL;
	return strbuf_detach(&sb, NULL);
}

/* "with CPython 3.13.5 (cp313t)" */
static void
interpreter_words(struct strbuf *sb, const struct test_result *r)
{
	if (r->python_version != NULL)
		strbuf_addf(sb, " with CPython %s", r->python_version);
	if (r->abi != NULL)
		strbuf_addf(sb, " (%s)", r->abi);
}

char *
evidence_sentence(const struct verdict *v, const char *installed)
{
	struct strbuf sb = STRBUF_INIT;
	const struct test_result *r = v->test != NULL ? v->test : v->other;
	char *summary;

	if (r == NULL)
		return NULL;
	summary = testresult_summary(r);
	if (r == v->other) {
		if (r->version == NULL || r->abi == NULL)
			strbuf_addf(&sb, "A test stored without its %s (an older ftport) says %s: "
			    "not used; test it again.", r->version == NULL ? "version" :
			    "interpreter's ABI", summary);
		else if (!same_version(r->version, installed))
			strbuf_addf(&sb, "A test of %s, not the installed %s, says %s: not used.",
			    r->version, installed != NULL ? installed : "version", summary);
		else
			strbuf_addf(&sb, "A test with a %s interpreter, not %s, says %s: not used.",
			    r->abi, v->target != NULL ? v->target : "this target", summary);
	} else if (r->outcome == TO_PASSED) {
		strbuf_addstr(&sb, "Passed under PYTHON_GIL=0");
		interpreter_words(&sb, r);
		strbuf_addch(&sb, '.');
	} else {
		strbuf_addstr(&sb, "Under PYTHON_GIL=0");
		interpreter_words(&sb, r);
		strbuf_addf(&sb, ": %s", summary);
		if (v->status != v->wheel)
			strbuf_addf(&sb, "; the wheels alone say %s.", status_name(v->wheel));
		else if (r->outcome == TO_GIL_REENABLED)
			strbuf_addstr(&sb, ", another package's module: not counted against this one.");
		else
			strbuf_addstr(&sb, " (not counted: it says nothing about free-threading).");
	}
	free(summary);
	return strbuf_detach(&sb, NULL);
}
