/* test_snapshot.c: unit tests for snapshot.c: loading data/snapshot.json (the real
 * bundled one) and broken ones, lookups by any spelling, and the verdicts it gives. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "snapshot.h"
#include "testlib.h"
#include "util.h"
#include "verdict.h"

#define BUNDLED FIXTURES "/../../data/snapshot.json"

static struct snapshot *
load_bundled(void)
{
	struct snapshot *s = NULL;
	char *cause = NULL;

	if (snapshot_load(BUNDLED, &s, &cause) != 0)
		fail_msg("%s", cause);
	return s;
}

static void
test_load_bundled(void **state)
{
	struct snapshot *s = load_bundled();
	const struct snapshot_entry *e;

	assert_string_equal(s->date, "2026-06-14");
	/* Every hugovk package plus the tracking table's PyPI names. */
	assert_true(s->nentries >= 360);
	for (size_t i = 1; i < s->nentries; i++)
		assert_true(strcmp(s->entries[i - 1].name, s->entries[i].name) < 0);

	e = snapshot_lookup(s, "NumPy");
	assert_non_null(e);
	assert_string_equal(e->name, "numpy");
	assert_int_equal(e->wheels, SNAP_WHEELS_FT);
	assert_string_equal(e->first_version, "2.1.0");
	assert_string_equal(e->tracked_as, "NumPy");
	assert_string_equal(e->ft_wheel_since, "2024-08-19");
	assert_non_null(strstr(e->upstream_issue, "github.com/numpy/numpy"));

	/* Names as people write them reach the normalised entry. */
	assert_non_null(snapshot_lookup(s, "ruamel.yaml.clib"));
	assert_non_null(snapshot_lookup(s, "Ruamel_Yaml_Clib"));
	/* The tracking table's display names mapped to PyPI names. */
	e = snapshot_lookup(s, "torch");
	assert_non_null(e);
	assert_string_equal(e->tracked_as, "PyTorch");
	assert_null(snapshot_lookup(s, "pytorch"));
	assert_null(snapshot_lookup(s, "pyo3"));	/* a Rust crate, left out */
	assert_null(snapshot_lookup(s, "surely-not-a-package-xyz"));
	snapshot_free(s);
}

static void
test_judge(void **state)
{
	struct snapshot *s = load_bundled();
	struct verdict v;

	memset(&v, 0, sizeof v);
	/* Older than the first version with support: upgrade to it. */
	assert_true(snapshot_judge(s, "numpy", "2.0.2", "cp314t", "linux-x86_64", "timed out",
	    &v));
	assert_int_equal(v.status, ST_UPGRADE);
	assert_string_equal(v.fix_version, "2.1.0");
	assert_int_equal(v.source, VS_SNAPSHOT);
	assert_string_equal(v.target, "cp314t");
	assert_string_equal(v.platform, "linux-x86_64");
	assert_non_null(strstr(v.reason, "bundled snapshot of 2026-06-14"));
	assert_non_null(strstr(v.reason, "timed out"));
	/* tracking_version_worded: the table's version is its support listing, not a
	 * wheel fact. */
	assert_non_null(strstr(v.reason, "tracking table lists free-threading support from "
	    "2.1.0 on"));
	assert_null(strstr(v.reason, "wheels from"));

	/* offline_never_upgrade_without_version: only a day in the history (regex) does
	 * not place the installed version: unknown, saying so, no fix. */
	assert_true(snapshot_judge(s, "regex", "2026.5.9", "cp314t", "linux-x86_64", NULL,
	    &v));
	assert_int_equal(v.status, ST_UNKNOWN);
	assert_null(v.fix_version);
	assert_non_null(strstr(v.reason, "free-threaded wheels since 2025-09; whether "
	    "2026.5.9 has one: ask the index"));
	assert_null(strstr(v.reason, "upgrade"));

	/* At or past it (PEP 440 order, not text order: 2.10 > 2.9). */
	assert_true(snapshot_judge(s, "numpy", "2.10.0", "cp314t", "linux-x86_64", NULL, &v));
	assert_int_equal(v.status, ST_READY);
	assert_null(v.fix_version);
	assert_null(strstr(v.reason, "the index:"));

	/* hugovk: compiled plus a pure wheel. */
	assert_true(snapshot_judge(s, "protobuf", "5.0", "cp314t", "macos-arm64", NULL, &v));
	assert_int_equal(v.status, ST_FALLBACK);

	/* hugovk: compiled, no free-threaded wheel, not in the tracking table. */
	assert_true(snapshot_judge(s, "aiokafka", "0.12.0", "cp314t", "linux-x86_64", NULL,
	    &v));
	assert_int_equal(v.status, ST_BLOCKED);

	/* Tracked without a PyPI release: blocked, with the upstream issue. */
	assert_true(snapshot_judge(s, "grpcio", "1.70.0", "cp313t", "linux-x86_64", NULL, &v));
	assert_int_equal(v.status, ST_BLOCKED);
	assert_non_null(strstr(v.reason, "github.com/grpc/grpc"));

	/* Unknown to the snapshot: false, v untouched. */
	assert_false(snapshot_judge(s, "surely-not-a-package-xyz", "1.0", "cp314t",
	    "linux-x86_64", NULL, &v));
	assert_int_equal(v.status, ST_BLOCKED);
	/* No snapshot at all (it failed to load): nothing known. */
	assert_false(snapshot_judge(NULL, "numpy", "2.0", "cp314t", "linux-x86_64", NULL, &v));
	verdict_clear(&v);
	snapshot_free(s);
}

/* Writes text as snapshot.json in a fresh directory; returns the directory. */
static char *
write_snapshot(const char *text)
{
	char *dir = tl_tmpdir("test-snapshot"), *path = xprintf("%s/snapshot.json", dir);

	tl_write_text(path, text, 0644);
	free(path);
	return dir;
}

static void
remove_snapshot(char *dir)
{
	tl_rm_rf(dir);
	free(dir);
}

static void
test_broken(void **state)
{
	const char *bad[] = {
		"{\"schema_version\": 1, \"date\": \"2026-01-01\", \"packages\": {",
		"{\"schema_version\": 2, \"date\": \"2026-01-01\", \"packages\": {}}",
		"{\"schema_version\": 1, \"packages\": {}}",
		"{\"schema_version\": 1, \"date\": \"2026-01-01\", \"packages\": []}",
		"{\"schema_version\": 1, \"date\": \"2026-01-01\", \"packages\": {\"a\": 1}}",
		("{\"schema_version\": 1, \"date\": \"2026-01-01\", "
		    "\"packages\": {\"a\": {\"wheels\": \"maybe\"}}}"),
		"",
	};

	for (size_t i = 0; i < nitems(bad); i++) {
		char *dir = write_snapshot(bad[i]), *path = xprintf("%s/snapshot.json", dir);
		struct snapshot *s = (struct snapshot *)&s;
		char *cause = NULL;

		assert_int_equal(snapshot_load(path, &s, &cause), -1);
		assert_null(s);
		assert_non_null(cause);
		assert_null(strchr(cause, '\n'));
		free(cause);
		free(path);
		remove_snapshot(dir);
	}
}

static void
test_default_path(void **state)
{
	char *dir = write_snapshot("{\"schema_version\": 1, \"date\": \"2001-02-03\", "
	    "\"packages\": {\"Foo.Bar\": {\"wheels\": \"ft-wheels\", "
	    "\"first_version\": \"1.0\"}}}");
	struct snapshot *s = NULL;
	struct verdict v;
	char *path, *cause = NULL;

	/* FTPORT_DATA_DIR comes first. */
	setenv("FTPORT_DATA_DIR", dir, 1);
	path = snapshot_default_path();
	assert_non_null(path);
	assert_true(str_starts_with(path, dir));
	free(path);
	assert_int_equal(snapshot_load(NULL, &s, &cause), 0);
	assert_string_equal(s->date, "2001-02-03");
	/* 2001-02-03 00:00 UTC is 981158400; a day and a bit later is one day old. */
	assert_int_equal(snapshot_age_days(s, 981158400), 0);
	assert_int_equal(snapshot_age_days(s, 981158400 + 86400 + 5), 1);
	assert_int_equal(snapshot_age_days(s, 981158400 - 10), 0);
	assert_int_equal(s->nentries, 1);
	memset(&v, 0, sizeof v);
	assert_true(snapshot_judge(s, "foo_bar", "0.9", "cp314t", "linux-x86_64", NULL, &v));
	/* ft-wheels, a version not released with support: nothing places 0.9. */
	assert_int_equal(v.status, ST_UNKNOWN);
	assert_non_null(strstr(v.reason, "2001-02-03"));
	verdict_clear(&v);
	snapshot_free(s);

	/* A directory without the file is skipped, not an error. */
	setenv("FTPORT_DATA_DIR", "/nonexistent-ftport-dir", 1);
	path = snapshot_default_path();
	if (path != NULL)
		assert_false(str_starts_with(path, "/nonexistent-ftport-dir"));
	free(path);
	unsetenv("FTPORT_DATA_DIR");
	remove_snapshot(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_bundled),
		cmocka_unit_test(test_judge),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_default_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
