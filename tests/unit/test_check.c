/* test_check.c: unit tests for check.c and report.c on an environment built in memory,
 * with a real index client that answers from a cache written by the test (--offline),
 * so the answers stream in through fetch_run_once as they do from the network. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cache.h"
#include "check.h"
#include "env.h"
#include "evidence.h"
#include "fetch.h"
#include "graph.h"
#include "index.h"
#include "meta.h"
#include "report.h"
#include "snapshot.h"
#include "strbuf.h"
#include "testlib.h"
#include "testresult.h"
#include "util.h"

#define INDEX_URL "http://127.0.0.1:9/simple/"

struct fixture {
	struct environment	 env;
	struct dist		*d[16];
	char			*cache_dir;
	struct snapshot		*snap;
	struct fetch		*fetch;
	struct index_client	*index;
	struct graph		*graph;
	unsigned		 changed;
};

/* flags: 'c' compiled, 'p' pure RECORD, '?' no RECORD, 'e' editable. */
static struct dist *
mkdist(const char *name, const char *version, int kind, const char *requires)
{
	struct dist *d = xcalloc(1, sizeof *d);

	d->name = name_normalize(name);
	d->display_name = xstrdup(name);
	d->version = xstrdup(version);
	d->root_is_purelib = -1;
	d->record_known = kind != '?';
	d->compiled = kind == 'c';
	if (kind == 'c')
		strlist_push(&d->ext_suffixes, "cpython-312-x86_64-linux-gnu");
	if (kind == 'e') {
		d->direct = DIRECT_EDITABLE;
		d->direct_url = xstrdup("file:///home/me/src/mine");
		d->compiled = true;
	}
	if (requires != NULL)
		strlist_push(&d->requires_dist, requires);
	return d;
}

/* A PEP 691 answer in the cache, as if fetched a moment ago. */
static void
cache_project(struct fixture *fx, const char *name, const char *const *files)
{
	struct cache *c;
	struct cache_entry e;
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL, *key;

	strbuf_addf(&sb, "{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"%s\", \"files\": [",
	    name);
	for (size_t i = 0; files[i] != NULL; i++)
		strbuf_addf(&sb, "%s{\"filename\": \"%s\", \"url\": \"https://files.example/%s\", "
		    "\"hashes\": {}}", i == 0 ? "" : ",", files[i], files[i]);
	strbuf_addstr(&sb, "]}");
	c = cache_open(fx->cache_dir, &cause);
	if (c == NULL)
		fail_msg("%s", cause);
	memset(&e, 0, sizeof e);
	e.fetched = time(NULL);
	e.content_type = (char *)"application/vnd.pypi.simple.v1+json";
	e.body = sb.buf;
	e.len = sb.len;
	key = xprintf("%s%s/", INDEX_URL, name);
	if (cache_put(c, "simple", key, &e, &cause) != 0)
		fail_msg("%s", cause);
	free(key);
	cache_close(c);
	strbuf_release(&sb);
}

static int
setup(void **state)
{
	static const char *values[MV_COUNT];
	struct fixture *fx = xcalloc(1, sizeof *fx);
	struct index_config ic;
	struct fetch_config fc;
	char *cause = NULL;
	static const char *const blocked_files[] = {
		"blockedpkg-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
		NULL
	};
	static const char *const upg_files[] = {
		"upg-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",
		"upg-1.5-cp312-cp312-manylinux_2_17_x86_64.whl",
		"upg-2.0-cp314-cp314t-manylinux_2_28_x86_64.whl",
		"upg-2.1-cp314-cp314t-manylinux_2_28_x86_64.whl",
		NULL
	};

	values[MV_OS_NAME] = "posix";
	values[MV_SYS_PLATFORM] = "linux";
	values[MV_PLATFORM_MACHINE] = "x86_64";
	values[MV_PLATFORM_PYTHON_IMPLEMENTATION] = "CPython";
	values[MV_PYTHON_VERSION] = "3.12";
	values[MV_PYTHON_FULL_VERSION] = "3.12.3";
	values[MV_IMPLEMENTATION_NAME] = "cpython";
	for (int i = 0; i < MV_COUNT; i++)
		fx->env.markers.values[i] = values[i];
	fx->env.platform = xstrdup("linux-x86_64");
	fx->env.dists = fx->d;
	/* Sorted by name, as env_load leaves them. */
	fx->d[fx->env.ndists++] = mkdist("app", "0.1", 'p', "blockedpkg>=1");
	fx->d[fx->env.ndists++] = mkdist("blockedpkg", "1.0", 'c', NULL);
	fx->d[fx->env.ndists++] = mkdist("mine", "0.0.1", 'e', NULL);
	fx->d[fx->env.ndists++] = mkdist("mystery-pkg", "3.0", 'c', NULL);
	fx->d[fx->env.ndists++] = mkdist("NumPy", "2.0.2", 'c', NULL);
	fx->d[fx->env.ndists++] = mkdist("upg", "1.0", '?', NULL);

	fx->cache_dir = tl_tmpdir("test-check");
	cache_project(fx, "blockedpkg", blocked_files);
	cache_project(fx, "upg", upg_files);

	if (snapshot_load(FIXTURES "/../../data/snapshot.json", &fx->snap, &cause) != 0)
		fail_msg("%s", cause);
	fetch_config_defaults(&fc);
	fx->fetch = fetch_new(&fc);
	index_config_defaults(&ic);
	ic.index_url = INDEX_URL;
	ic.cache_dir = fx->cache_dir;
	ic.offline = true;
	if ((fx->index = index_new(&ic, fx->fetch, &cause)) == NULL)
		fail_msg("%s", cause);
	fx->graph = graph_build(&fx->env);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	graph_free(fx->graph);
	index_free(fx->index);
	fetch_free(fx->fetch);
	snapshot_free(fx->snap);
	for (size_t i = 0; i < fx->env.ndists; i++)
		dist_free(fx->d[i]);
	free(fx->env.platform);
	tl_rm_rf(fx->cache_dir);
	free(fx->cache_dir);
	free(fx);
	return 0;
}

static void
on_changed(struct check_pkg *cp, void *arg)
{
	struct fixture *fx = arg;

	fx->changed++;
}

static struct check *
run(struct fixture *fx, const char *const *targets, const char *const *platforms,
    struct snapshot *snap)
{
	struct check_config cc;
	struct check *ch;
	char *cause = NULL;
	int turns = 0;

	memset(&cc, 0, sizeof cc);
	for (size_t i = 0; targets != NULL && targets[i] != NULL; i++)
		strlist_push(&cc.targets, targets[i]);
	for (size_t i = 0; platforms != NULL && platforms[i] != NULL; i++)
		strlist_push(&cc.platforms, platforms[i]);
	ch = check_new(fx->graph, &cc, fx->index, snap, &cause);
	if (ch == NULL)
		fail_msg("%s", cause);
	strlist_clear(&cc.targets);
	strlist_clear(&cc.platforms);
	fx->changed = 0;
	ch->changed = on_changed;
	ch->changed_arg = fx;
	check_start(ch);
	while (!check_finished(ch)) {
		assert_true(fetch_pending(fx->fetch) > 0);
		assert_true(++turns < 100);
		fetch_run_once(fx->fetch, NULL, 0, 100);
	}
	check_propagate(ch);
	return ch;
}

static struct check_pkg *
pkg(struct check *ch, const char *name)
{
	for (size_t i = 0; i < ch->npkgs; i++)
		if (strcmp(ch->pkgs[i].node->dist->name, name) == 0)
			return &ch->pkgs[i];
	fail_msg("no package %s", name);
	return NULL;
}

static void
test_statuses(void **state)
{
	struct fixture *fx = *state;
	struct check *ch = run(fx, NULL, NULL, fx->snap);
	struct check_pkg *cp;
	size_t counts[ST_COUNT];

	/* The defaults: 3.14t on the interpreter's platform. */
	assert_int_equal(ch->ntargets, 1);
	assert_string_equal(ch->targets[0].tag, "cp314t");
	assert_int_equal(ch->nplatforms, 1);
	assert_string_equal(ch->platforms[0], "linux-x86_64");
	assert_int_equal(fx->changed, ch->npkgs);

	cp = pkg(ch, "app");		/* pure RECORD: settled without the index */
	assert_int_equal(cp->verdicts[0].status, ST_PURE);
	assert_int_equal(cp->verdicts[0].source, VS_INSTALLED);
	assert_null(cp->project);

	cp = pkg(ch, "blockedpkg");	/* from the cache: cp312 wheels only */
	assert_int_equal(cp->verdicts[0].status, ST_BLOCKED);
	assert_int_equal(cp->verdicts[0].source, VS_CACHE);
	assert_non_null(cp->project);
	assert_null(cp->error);

	cp = pkg(ch, "upg");		/* the lowest release that fixes it */
	assert_int_equal(cp->verdicts[0].status, ST_UPGRADE);
	assert_string_equal(cp->verdicts[0].fix_version, "2.0");
	assert_string_equal(cp->verdicts[0].latest, "2.1");

	cp = pkg(ch, "mine");		/* editable: unknown, and says why */
	assert_int_equal(cp->verdicts[0].status, ST_UNKNOWN);
	assert_int_equal(cp->verdicts[0].source, VS_INSTALLED);
	assert_non_null(strstr(cp->verdicts[0].reason, "editable"));

	cp = pkg(ch, "numpy");		/* offline miss: the snapshot answers */
	assert_int_equal(cp->verdicts[0].status, ST_UPGRADE);
	assert_int_equal(cp->verdicts[0].source, VS_SNAPSHOT);
	assert_string_equal(cp->verdicts[0].fix_version, "2.1.0");
	assert_non_null(strstr(cp->verdicts[0].reason, "bundled snapshot of 2026-06-14"));
	assert_non_null(strstr(cp->error, "offline"));

	cp = pkg(ch, "mystery-pkg");	/* offline miss, unknown to the snapshot */
	assert_int_equal(cp->verdicts[0].status, ST_UNKNOWN);
	assert_non_null(strstr(cp->verdicts[0].reason, "offline"));
	assert_non_null(strstr(cp->verdicts[0].reason, "snapshot does not know"));

	/* Propagation: app is held back by its dependency. */
	cp = pkg(ch, "app");
	assert_int_equal(cp->worst, ST_BLOCKED);
	assert_false(cp->leaf_blocker);
	assert_int_equal(cp->blocked_by.n, 1);
	assert_string_equal(cp->blocked_by.v[0], "blockedpkg");
	assert_non_null(cp->chain);
	assert_non_null(strstr(cp->chain, "blockedpkg blocks app"));
	assert_true(pkg(ch, "blockedpkg")->leaf_blocker);

	check_counts(ch, counts);
	assert_int_equal(counts[ST_PURE], 1);
	assert_int_equal(counts[ST_BLOCKED], 1);
	assert_int_equal(counts[ST_UPGRADE], 2);
	assert_int_equal(counts[ST_UNKNOWN], 2);
	check_free(ch);
}

static void
test_no_snapshot(void **state)
{
	struct fixture *fx = *state;
	struct check *ch = run(fx, NULL, NULL, NULL);
	struct check_pkg *cp = pkg(ch, "numpy");

	assert_int_equal(cp->verdicts[0].status, ST_UNKNOWN);
	assert_non_null(strstr(cp->verdicts[0].reason, "offline"));
	check_free(ch);
}

static void
test_matrix(void **state)
{
	struct fixture *fx = *state;
	static const char *const targets[] = { "3.13t", "3.14t", "cp314t", NULL };
	static const char *const platforms[] = { "linux-x86_64", "macos-arm64", NULL };
	struct check *ch = run(fx, targets, platforms, fx->snap);
	struct check_pkg *cp = pkg(ch, "upg");

	/* cp314t given twice is one target. */
	assert_int_equal(ch->ntargets, 2);
	assert_int_equal(ch->nplatforms, 2);
	assert_string_equal(cp->verdicts[0].target, "cp313t");
	assert_string_equal(cp->verdicts[0].platform, "linux-x86_64");
	assert_string_equal(cp->verdicts[1].target, "cp313t");
	assert_string_equal(cp->verdicts[1].platform, "macos-arm64");
	assert_string_equal(cp->verdicts[3].target, "cp314t");
	assert_string_equal(cp->verdicts[3].platform, "macos-arm64");
	/* Only linux wheels for cp314t: fine on linux, not on macOS. */
	assert_int_equal(cp->verdicts[2].status, ST_UPGRADE);
	assert_int_not_equal(cp->verdicts[3].status, ST_UPGRADE);
	assert_int_not_equal(cp->verdicts[3].status, ST_READY);
	/* cp313t: no wheel for it anywhere, only cp314t ones. */
	assert_int_equal(cp->verdicts[0].status, ST_OTHER_ABI);
	check_free(ch);
}

static void
test_bad_config(void **state)
{
	struct fixture *fx = *state;
	struct check_config cc;
	char *cause = NULL;

	memset(&cc, 0, sizeof cc);
	strlist_push(&cc.targets, "3.14");
	assert_null(check_new(fx->graph, &cc, fx->index, fx->snap, &cause));
	assert_non_null(strstr(cause, "'3.14'"));
	free(cause);
	cause = NULL;
	strlist_clear(&cc.targets);
	strlist_push(&cc.platforms, "plan9-mips");
	assert_null(check_new(fx->graph, &cc, fx->index, fx->snap, &cause));
	assert_non_null(strstr(cause, "'plan9-mips'"));
	free(cause);
	strlist_clear(&cc.platforms);
}

static void
test_current_platform(void **state)
{
	struct fixture *fx = *state;
	struct check_config cc;
	struct check *ch;
	char *cause = NULL;

	free(fx->env.platform);
	fx->env.platform = xstrdup("macosx-11.0-arm64");
	memset(&cc, 0, sizeof cc);
	strlist_push(&cc.platforms, "current");
	strlist_push(&cc.platforms, "macos-arm64");
	ch = check_new(fx->graph, &cc, fx->index, fx->snap, &cause);
	assert_non_null(ch);
	assert_int_equal(ch->nplatforms, 1);
	assert_string_equal(ch->platforms[0], "macos-arm64");
	/* Before the start everything is pending and says so. */
	assert_false(check_finished(ch));
	assert_int_equal(ch->pkgs[0].verdicts[0].status, ST_UNKNOWN);
	assert_non_null(strstr(ch->pkgs[0].verdicts[0].reason, "not checked yet"));
	check_free(ch);
	strlist_clear(&cc.platforms);

	/* current_macos_running_version: sysconfig names the deployment target (11.0);
	 * the Darwin release says the Mac runs macOS 13, whose wheels count. */
	fx->env.markers.values[MV_PLATFORM_RELEASE] = "22.6.0";
	strlist_push(&cc.platforms, "current");
	ch = check_new(fx->graph, &cc, fx->index, fx->snap, &cause);
	assert_non_null(ch);
	assert_string_equal(ch->platforms[0], "macos-13-arm64");
	check_free(ch);
	strlist_clear(&cc.platforms);
	fx->env.markers.values[MV_PLATFORM_RELEASE] = NULL;
}

/* not_on_index_apart: the index's 404s ("not on the index") are said apart from the
 * packages that got no answer at all. */
static void
test_errors_summary(void **state)
{
	struct fixture *fx = *state;
	struct check *ch = run(fx, NULL, (const char *const[]){ "linux-x86_64", NULL },
	    fx->snap);
	char *line;

	for (size_t i = 0; i < ch->npkgs; i++) {
		free(ch->pkgs[i].error);
		ch->pkgs[i].error = NULL;
		ch->pkgs[i].not_found = false;
	}
	assert_null(check_errors_summary(ch));
	pkg(ch, "mystery-pkg")->error = xstrdup("not on the index");
	pkg(ch, "mystery-pkg")->not_found = true;
	line = check_errors_summary(ch);
	assert_string_equal(line, "1 package is not on the index (mystery-pkg)");
	free(line);
	pkg(ch, "blockedpkg")->error = xstrdup("not on the index");
	pkg(ch, "blockedpkg")->not_found = true;
	pkg(ch, "numpy")->error = xstrdup("timed out");
	line = check_errors_summary(ch);
	assert_string_equal(line, "numpy: timed out; 2 are not on it (blockedpkg, "
	    "mystery-pkg)");
	free(line);
	pkg(ch, "upg")->error = xstrdup("HTTP 500");
	line = check_errors_summary(ch);
	assert_string_equal(line, "2 packages got no answer from the index (numpy: timed "
	    "out); 2 are not on it (blockedpkg, mystery-pkg)");
	free(line);
	check_free(ch);
}

/* --- report.c --------------------------------------------------------------- */

static void
test_csv_cell(void **state)
{
	const char *cases[][2] = {
		{ "plain", "plain" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"" },
		{ "+1", "\"'+1\"" },
		{ "-cmd", "\"'-cmd\"" },
		{ "@SUM(A1)", "\"'@SUM(A1)\"" },
		{ "a\x1b[31mred", "ared" },
		{ "", "" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		struct strbuf sb = STRBUF_INIT;

		report_csv_cell(&sb, cases[i][0]);
		assert_string_equal(strbuf_str(&sb), cases[i][1]);
		strbuf_release(&sb);
	}
}

static char *
render(struct check *ch, struct fixture *fx, enum report_format fmt, bool color)
{
	struct report r;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	memset(&r, 0, sizeof r);
	r.check = ch;
	r.env = &fx->env;
	r.index_url = INDEX_URL;
	r.index_origin = "--index-url";
	r.snapshot = fx->snap;
	r.color = color;
	r.offline = true;
	report_write(f, fmt, &r);
	fclose(f);
	return buf;
}

static void
test_report_json(void **state)
{
	struct fixture *fx = *state;
	struct check *ch;
	json_t *root, *pkgs, *p, *v;
	json_error_t err;
	char *out;
	size_t i;

	/* Metadata with a terminal escape in it must come out as JSON text, intact
	 * but escaped, never raw. */
	free(fx->d[0]->display_name);
	fx->d[0]->display_name = xstrdup("App\x1b]0;pwned\x07");
	ch = run(fx, NULL, NULL, fx->snap);
	out = render(ch, fx, REPORT_JSON, false);
	assert_null(strchr(out, '\x1b'));
	root = json_loads(out, 0, &err);
	if (root == NULL)
		fail_msg("%s: %s", err.text, out);
	assert_int_equal(json_integer_value(json_object_get(root, "schema_version")), 1);
	assert_true(json_is_object(json_object_get(root, "environment")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(root,
	    "environment"), "platform")), "linux-x86_64");
	pkgs = json_object_get(root, "packages");
	assert_int_equal(json_array_size(pkgs), 6);
	json_array_foreach(pkgs, i, p) {
		assert_true(json_is_string(json_object_get(p, "name")));
		assert_true(json_is_string(json_object_get(p, "version")));
		assert_non_null(json_object_get(p, "compiled"));
		assert_true(json_is_array(json_object_get(p, "blocked_by")));
		v = json_array_get(json_object_get(p, "verdicts"), 0);
		assert_string_equal(json_string_value(json_object_get(v, "target")), "cp314t");
		assert_true(status_from_name(json_string_value(json_object_get(v,
		    "status"))) >= 0);
		assert_non_null(json_object_get(v, "fix_version"));
		assert_non_null(json_object_get(v, "source"));
		if (strcmp(json_string_value(json_object_get(p, "name")), "numpy") == 0)
			assert_string_equal(json_string_value(json_object_get(v, "source")),
			    "snapshot");
		if (strcmp(json_string_value(json_object_get(p, "name")), "app") == 0) {
			assert_string_equal(json_string_value(json_array_get(
			    json_object_get(p, "blocked_by"), 0)), "blockedpkg");
			assert_string_equal(json_string_value(json_object_get(p, "worst")),
			    "blocked");
		}
	}
	/* Two offline misses: numpy and mystery-pkg. */
	assert_int_equal(json_array_size(json_object_get(root, "errors")), 2);
	json_decref(root);
	free(out);
	check_free(ch);
}

static void
test_report_text(void **state)
{
	struct fixture *fx = *state;
	struct check *ch;
	char *out;

	free(fx->d[0]->display_name);
	fx->d[0]->display_name = xstrdup("App\x1b[2J|*x*");
	ch = run(fx, NULL, NULL, fx->snap);

	out = render(ch, fx, REPORT_TABLE, false);
	assert_null(strchr(out, '\x1b'));
	assert_non_null(strstr(out, "PACKAGE"));
	assert_non_null(strstr(out, "blockedpkg"));
	assert_non_null(strstr(out, ">= 2.0"));
	assert_non_null(strstr(out, "Leaf blockers"));
	assert_non_null(strstr(out, "bundled snapshot of 2026-06-14"));
	free(out);

	/* Colour only when asked, and only ANSI SGR. */
	out = render(ch, fx, REPORT_TABLE, true);
	assert_non_null(strstr(out, "\033[31mblocked\033[0m"));
	assert_null(strstr(out, "\033[2J"));
	free(out);

	out = render(ch, fx, REPORT_MD, false);
	assert_true(str_starts_with(out, "| Package | Version | Status | Fix | Reason |\n"
	    "|---|---|---|---|---|\n"));
	assert_non_null(strstr(out, "App\\|\\*x\\*"));
	assert_null(strchr(out, '\x1b'));
	free(out);

	out = render(ch, fx, REPORT_CSV, false);
	assert_true(str_starts_with(out, "name,version,compiled,target,platform,status,"));
	/* compiled is a yes/no like tree --json's boolean, even without a RECORD. */
	assert_non_null(strstr(out, "\r\nupg,1.0,no,cp314t,linux-x86_64,upgrade,2.0,cache,"));
	free(out);
	check_free(ch);
}


/* A result as `ftport test` stores it: name, version, ABI (NULL: an old result that
 * names neither), outcome, module, when. */
static void
result(struct evidence *e, const char *name, const char *version, const char *abi,
    enum test_outcome o, const char *module, time_t when)
{
	struct test_result r;

	memset(&r, 0, sizeof r);
	r.name = xstrdup(name);
	r.version = version != NULL ? xstrdup(version) : NULL;
	r.abi = abi != NULL ? xstrdup(abi) : NULL;
	r.python_version = xstrdup(abi != NULL && strcmp(abi, "cp313t") == 0 ? "3.13.5" :
	    "3.14.0");
	r.free_threaded = true;
	r.outcome = o;
	r.module = module != NULL ? xstrdup(module) : NULL;
	if (o == TO_CRASHED)
		r.signal = xstrdup("SIGSEGV");
	r.when = when;
	strlist_push(&r.modules, name);
	evidence_add(e, &r);
	testresult_clear(&r);
}

/* Runtime evidence of this version and the target's ABI decides the status everywhere
 * (the verdict, counts, propagation, the report); another version's or ABI's is shown
 * as such and changes nothing; applying twice gives the same. */
static void
test_evidence(void **state)
{
	struct fixture *fx = *state;
	struct evidence e;
	struct check *ch;
	struct check_pkg *cp;
	size_t counts[ST_COUNT];
	char *out, *cell;

	evidence_init(&e);
	result(&e, "mystery-pkg", "3.0", "cp314t", TO_CRASHED, "mystery_pkg", 100);
	result(&e, "app", "0.1", "cp314t", TO_GIL_REENABLED, "app._speedups", 100);
	result(&e, "mine", "0.0.1", "cp314t", TO_PASSED, NULL, 100);
	/* Another version, another ABI, an old result that names no version. */
	result(&e, "upg", "2.0", "cp314t", TO_GIL_REENABLED, "upg._speedups", 100);
	result(&e, "numpy", "2.0.2", "cp313t", TO_IMPORT_FAILED, "numpy", 100);
	result(&e, "blockedpkg", NULL, NULL, TO_PASSED, NULL, 100);
	assert_int_equal(e.n, 6);
	assert_int_equal(e.unkeyed, 1);
	/* The same key: the newer stays, an older one changes nothing. */
	result(&e, "mine", "0.0.1", "cp314t", TO_PASSED, NULL, 50);
	assert_int_equal(e.n, 6);

	ch = run(fx, NULL, NULL, fx->snap);
	check_set_evidence(ch, &e);
	check_set_evidence(ch, &e);	/* idempotent */
	check_propagate(ch);

	cp = pkg(ch, "mystery-pkg");
	assert_int_equal(cp->verdicts[0].status, ST_CRASHED);
	assert_int_equal(cp->verdicts[0].wheel, ST_UNKNOWN);
	assert_true(cp->leaf_blocker);
	cp = pkg(ch, "app");
	assert_int_equal(cp->verdicts[0].status, ST_GIL_REENABLED);
	assert_int_equal(cp->verdicts[0].wheel, ST_PURE);
	assert_int_equal(cp->worst, ST_BLOCKED);	/* blockedpkg below is worse */
	assert_false(cp->leaf_blocker);
	cp = pkg(ch, "mine");
	assert_int_equal(cp->verdicts[0].status, ST_UNKNOWN);
	assert_non_null(cp->verdicts[0].test);
	assert_int_equal(cp->verdicts[0].test->when, 100);

	cp = pkg(ch, "upg");
	assert_int_equal(cp->verdicts[0].status, ST_UPGRADE);
	assert_null(cp->verdicts[0].test);
	assert_non_null(cp->verdicts[0].other);
	cell = evidence_cell(&cp->verdicts[0], "1.0");
	assert_string_equal(cell, "gil-reenabled (upg._speedups) on 2.0");
	free(cell);
	cp = pkg(ch, "numpy");
	assert_int_equal(cp->verdicts[0].status, ST_UPGRADE);
	assert_null(cp->verdicts[0].test);
	cell = evidence_cell(&cp->verdicts[0], "2.0.2");
	assert_string_equal(cell, "import-failed on cp313t");
	free(cell);
	cp = pkg(ch, "blockedpkg");
	assert_int_equal(cp->verdicts[0].status, ST_BLOCKED);
	assert_null(cp->verdicts[0].test);
	cell = evidence_sentence(&cp->verdicts[0], "1.0");
	assert_non_null(strstr(cell, "without its version"));
	assert_non_null(strstr(cell, "not used"));
	free(cell);

	check_counts(ch, counts);
	assert_int_equal(counts[ST_CRASHED], 1);
	assert_int_equal(counts[ST_GIL_REENABLED], 1);
	assert_int_equal(counts[ST_PURE], 0);
	assert_int_equal(counts[ST_UPGRADE], 2);

	out = render(ch, fx, REPORT_TABLE, false);
	assert_non_null(strstr(out, "TEST"));
	assert_non_null(strstr(out, "1 gil-reenabled"));
	assert_non_null(strstr(out, "1 crashed"));
	assert_non_null(strstr(out, "the wheels alone say pure"));
	assert_non_null(strstr(out, "import-failed on cp313t"));
	free(out);
	out = render(ch, fx, REPORT_JSON, false);
	assert_non_null(strstr(out, "\"wheel_status\": \"unknown\""));
	assert_non_null(strstr(out, "\"current\": false"));
	free(out);

	/* Without the evidence, the wheel verdicts come back. */
	check_set_evidence(ch, NULL);
	check_propagate(ch);
	assert_int_equal(pkg(ch, "app")->verdicts[0].status, ST_PURE);
	assert_int_equal(pkg(ch, "mystery-pkg")->verdicts[0].status, ST_UNKNOWN);
	assert_null(pkg(ch, "upg")->verdicts[0].other);
	check_free(ch);
	evidence_free(&e);
}

/* The rule itself, outcome by outcome. */
static void
test_evidence_rule(void **state)
{
	struct test_result r;
	struct verdict v;

	(void)state;
	memset(&r, 0, sizeof r);
	strlist_push(&r.modules, "markupsafe");
	r.outcome = TO_GIL_REENABLED;
	r.module = xstrdup("markupsafe._speedups");
	assert_int_equal(evidence_status(ST_READY, &r), ST_GIL_REENABLED);
	free(r.module);
	r.module = xstrdup("_cffi_backend");	/* a dependency's module */
	assert_int_equal(evidence_status(ST_READY, &r), ST_READY);
	r.outcome = TO_FAILED;
	assert_int_equal(evidence_status(ST_SOURCE, &r), ST_TEST_FAILED);
	r.outcome = TO_IMPORT_FAILED;
	assert_int_equal(evidence_status(ST_FALLBACK, &r), ST_IMPORT_FAILED);
	r.outcome = TO_CRASHED;
	assert_int_equal(evidence_status(ST_READY, &r), ST_CRASHED);
	r.outcome = TO_TIMEOUT;
	assert_int_equal(evidence_status(ST_READY, &r), ST_READY);
	r.outcome = TO_INSTALL_FAILED;
	assert_int_equal(evidence_status(ST_SOURCE, &r), ST_SOURCE);
	r.outcome = TO_PASSED;
	assert_int_equal(evidence_status(ST_SOURCE, &r), ST_SOURCE);
	for (int s = ST_GIL_REENABLED; s <= ST_CRASHED; s++)
		assert_true(status_is_blocker(s));

	/* A pass confirms a source build: known to work (check --fail-on any). */
	memset(&v, 0, sizeof v);
	v.status = ST_SOURCE;
	assert_false(evidence_works(&v));
	v.test = &r;
	v.wheel = ST_SOURCE;
	assert_true(evidence_works(&v));
	r.outcome = TO_TIMEOUT;
	assert_false(evidence_works(&v));

	/* Versions compare by PEP 440; no version or ABI is never current. */
	r.version = xstrdup("2.1.05");
	r.abi = xstrdup("cp313t");
	assert_true(evidence_current(&r, "2.1.5", "cp313t"));
	assert_false(evidence_current(&r, "2.1.5", "cp314t"));
	assert_false(evidence_current(&r, "3.0.2", "cp313t"));
	free(r.abi);
	r.abi = NULL;
	assert_false(evidence_current(&r, "2.1.5", "cp313t"));
	testresult_clear(&r);
}

static void
test_format_parse(void **state)
{
	enum report_format f;

	assert_int_equal(report_format_parse("json", &f), 0);
	assert_int_equal(f, REPORT_JSON);
	assert_int_equal(report_format_parse("md", &f), 0);
	assert_int_equal(f, REPORT_MD);
	assert_int_equal(report_format_parse("yaml", &f), -1);
	assert_int_equal(report_format_parse("", &f), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_statuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_snapshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matrix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_current_platform, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evidence, setup, teardown),
		cmocka_unit_test(test_evidence_rule),
		cmocka_unit_test(test_csv_cell),
		cmocka_unit_test(test_format_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
