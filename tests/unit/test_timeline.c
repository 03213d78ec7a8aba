/* test_timeline.c: unit tests for the support timeline (timeline.c) and the history
 * in the snapshot (snapshot.c): the first version with free-threaded wheels from an
 * index answer, the "since" text, month counts, and a malformed history refused. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lockfile.h"
#include "lockenv.h"
#include "project.h"
#include "snapshot.h"
#include "testlib.h"
#include "timeline.h"
#include "util.h"

static const char snap_json[] =
    "{\"schema_version\": 1, \"date\": \"2026-06-14\", \"sources\": [],"
    " \"history\": {\"repo\": \"hugovk/free-threaded-wheels\", \"first\": \"2024-08-12\","
    "  \"last\": \"2024-10-30\", \"top\": 3, \"packages\": 3,"
    "  \"months\": {\"2024-08\": 1, \"2024-09\": 1, \"2024-10\": 2}},"
    " \"packages\": {"
    "  \"alpha\": {\"wheels\": \"ft-wheels\", \"ft_wheel_since\": \"2024-08-19\","
    "   \"pypi_release\": true, \"first_version\": \"2.1.0\"},"
    "  \"beta\": {\"wheels\": \"ft-wheels\", \"ft_wheel_since\": \"2024-10-30\"},"
    "  \"gone\": {\"ft_wheel_since\": \"2024-09-01\"},"
    "  \"gamma\": {\"wheels\": \"no-ft-wheels\"}}}";

static struct snapshot *
load(const char *json, char **cause)
{
	char *dir = tl_tmpdir("timeline"), *path = xprintf("%s/snapshot.json", dir);
	struct snapshot *s = NULL;

	tl_write_text(path, json, 0644);
	if (snapshot_load(path, &s, cause) != 0)
		s = NULL;
	tl_rm_rf(dir);
	free(dir);
	free(path);
	return s;
}

static void
add_file(struct project *p, const char *filename, bool yanked)
{
	p->files = xreallocarray(p->files, p->nfiles + 1, sizeof *p->files);
	memset(&p->files[p->nfiles], 0, sizeof p->files[0]);
	p->files[p->nfiles].filename = xstrdup(filename);
	p->files[p->nfiles].url = xstrdup(filename);
	p->files[p->nfiles].yanked = yanked;
	p->nfiles++;
}

static void
test_since(void **state)
{
	char *cause = NULL, *text;
	struct snapshot *s = load(snap_json, &cause);
	struct project *p = xcalloc(1, sizeof *p);
	struct timeline_since ts;

	(void)state;
	assert_non_null(s);
	assert_non_null(s->history);
	assert_int_equal(s->history->nmonths, 3);
	assert_int_equal(s->history->months[2].ready, 2);

	/* The tracking table names the version. */
	assert_true(timeline_since(s, "Alpha", NULL, &ts));
	text = timeline_since_text(&ts, NULL);
	assert_string_equal(text, "free-threaded wheels since 2024-08 (version 2.1.0)");
	free(text);
	text = timeline_since_text(&ts, s->date);
	assert_string_equal(text, "free-threaded wheels since 2024-08 (version 2.1.0; "
	    "history of 2026-06-14)");
	free(text);
	timeline_since_clear(&ts);

	/* Else the index: the oldest release with a cp3XYt wheel, yanked files aside. */
	p->name = xstrdup("beta");
	add_file(p, "beta-1.0-cp313-cp313-manylinux_2_17_x86_64.whl", false);
	add_file(p, "beta-1.1-cp313-cp313t-manylinux_2_17_x86_64.whl", true);
	add_file(p, "beta-1.2-cp313-cp313t-win_amd64.whl", false);
	add_file(p, "beta-2.0-cp314-cp314t-manylinux_2_28_x86_64.whl", false);
	add_file(p, "beta-1.2.tar.gz", false);
	assert_true(timeline_since(s, "beta", p, &ts));
	assert_string_equal(ts.version, "1.2");
	assert_string_equal(ts.version_from, "index");
	timeline_since_clear(&ts);
	assert_true(timeline_since(s, "beta", NULL, &ts));
	assert_null(ts.version);
	timeline_since_clear(&ts);

	assert_false(timeline_since(s, "gamma", p, &ts));
	assert_false(timeline_since(s, "nobody", p, &ts));
	project_free(p);
	snapshot_free(s);
}

static void
test_stats(void **state)
{
	char *cause = NULL;
	struct snapshot *s = load(snap_json, &cause);
	struct environment *e = lockenv_new("x", 3, 14, "linux-x86_64");
	struct timeline_stats st;
	struct target t;
	struct dist *d;

	(void)state;
	target_parse("3.14t", &t);
	lockenv_add(e, "alpha", "2.2")->compiled = true;
	lockenv_add(e, "gone", "1.0")->compiled = true;
	lockenv_add(e, "gamma", "1.0")->compiled = true;
	lockenv_add(e, "purely", "1.0");
	/* No day, but its own wheels are cp314t: ready now. */
	d = lockenv_add(e, "fresh", "0.1");
	d->compiled = true;
	d->locked = xcalloc(1, sizeof *d->locked);
	d->locked->name = xstrdup("fresh");
	add_file(d->locked, "fresh-0.1-cp314-cp314t-manylinux_2_28_x86_64.whl", false);
	lockenv_finish(e, &(struct strlist)STRLIST_INIT);

	assert_int_equal(timeline_stats_build(e, s, &t, &st, &cause), 0);
	assert_int_equal(st.npkgs, 4);
	assert_int_equal(st.nmonths, 3);
	assert_int_equal(st.ready[0], 1);	/* alpha */
	assert_int_equal(st.ready[1], 2);	/* gone, out of the top but in the history */
	assert_int_equal(st.ready[2], 2);
	assert_int_equal(st.remaining, 1);	/* gamma */
	for (size_t i = 0; i < st.npkgs; i++)
		if (strcmp(st.pkgs[i].dist->name, "fresh") == 0)
			assert_true(st.pkgs[i].ready_now);
	timeline_stats_free(&st);
	env_free(e);
	snapshot_free(s);
}

static void
test_bad_history(void **state)
{
	static const char *const bad[] = {
		"{\"schema_version\": 1, \"date\": \"x\", \"packages\": {}, \"history\": 3}",
		"{\"schema_version\": 1, \"date\": \"x\", \"packages\": {}, \"history\":"
		" {\"first\": \"2024-08-01\", \"months\": {\"2024-09\": 1, \"2024-08\": 2}}}",
		"{\"schema_version\": 1, \"date\": \"x\", \"packages\": {}, \"history\":"
		" {\"first\": \"2024-08-01\", \"months\": {\"August\": 1}}}",
	};
	struct snapshot *s;
	char *cause = NULL;
	struct environment *e = lockenv_new("x", 3, 14, "linux-x86_64");
	struct timeline_stats st;
	struct target t;

	(void)state;
	for (size_t i = 0; i < nitems(bad); i++) {
		assert_null(load(bad[i], &cause));
		assert_non_null(strstr(cause, "history"));
		free(cause);
		cause = NULL;
	}
	/* No history at all: loads, but there are no statistics. */
	s = load("{\"schema_version\": 1, \"date\": \"x\", \"packages\": {}}", &cause);
	assert_non_null(s);
	target_parse("3.14t", &t);
	assert_int_equal(timeline_stats_build(e, s, &t, &st, &cause), -1);
	assert_non_null(strstr(cause, "no history"));
	free(cause);
	snapshot_free(s);
	env_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_since),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_bad_history),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
