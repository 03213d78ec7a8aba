/* test_testresult.c: test results as words, summaries and JSON, and their store:
 * saved and read back field for field, the latest replaces the earlier, damaged files
 * are refused, names cannot leave the directory, clear removes results and logs only. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"
#include "testresult.h"
#include "util.h"

static void
test_names(void **state)
{
	(void)state;
	for (int i = 0; i < TO_COUNT; i++)
		assert_int_equal(testresult_outcome_from_name(testresult_outcome_name(i)), i);
	assert_string_equal(testresult_outcome_name(TO_GIL_REENABLED), "gil-reenabled");
	assert_string_equal(testresult_outcome_name(TO_INSTALL_FAILED), "install-failed");
	assert_int_equal(testresult_outcome_from_name("fine"), -1);
	assert_true(testresult_worse(TO_CRASHED, TO_GIL_REENABLED));
	assert_false(testresult_worse(TO_PASSED, TO_GIL_REENABLED));
}

static void
fill(struct test_result *r, const char *name, enum test_outcome o)
{
	memset(r, 0, sizeof *r);
	r->name = xstrdup(name);
	r->version = xstrdup("1.2.3");
	r->outcome = o;
	r->step = xstrdup("import");
	r->seconds = 0.42;
	r->when = 1765000000;
	r->python = xstrdup("/opt/py/bin/python3.14t");
	r->python_version = xstrdup("3.14.0");
	r->free_threaded = true;
	r->target = xstrdup("3.14t");
	strlist_push(&r->modules, "foo");
	strlist_push(&r->modules, "_foo_speedups");
}

static void
test_summary(void **state)
{
	struct test_result r;
	char *s;

	(void)state;
	fill(&r, "foo", TO_CRASHED);
	r.signal = xstrdup("SIGSEGV");
	r.module = xstrdup("foo");
	s = testresult_summary(&r);
	assert_string_equal(s, "crashed (SIGSEGV) importing foo after 0.4 s");
	free(s);
	testresult_clear(&r);

	fill(&r, "foo", TO_GIL_REENABLED);
	r.module = xstrdup("_cffi_backend");
	s = testresult_summary(&r);
	assert_string_equal(s, "gil-reenabled by _cffi_backend");
	free(s);
	testresult_clear(&r);

	fill(&r, "foo", TO_IMPORT_FAILED);
	r.module = xstrdup("foo");
	r.detail = xstrdup("  File \"x\", line 1\nImportError: no _foo\n");
	s = testresult_summary(&r);
	assert_string_equal(s, "import-failed (foo): ImportError: no _foo");
	free(s);
	testresult_clear(&r);
}

static void
test_store(void **state)
{
	struct test_result r, back, *all;
	char *cause = NULL, *dir = xprintf("%s/store", tl_root), *path;
	unsigned long long bytes;
	size_t n;

	(void)state;
	assert_int_equal(testresult_load(dir, "foo", &back, &cause), 0);
	assert_int_equal(testresult_load_all(dir, &all, &n, &cause), 0);
	assert_int_equal(n, 0);

	fill(&r, "foo", TO_CRASHED);
	r.signal = xstrdup("SIGSEGV");
	r.module = xstrdup("foo._ext");
	r.detail = xstrdup("line one\nline \xff two");	/* invalid UTF-8 is cleaned */
	r.command = xstrdup("python -m pytest");
	r.log = xstrdup("/c/tests/foo.log");
	assert_int_equal(testresult_save(dir, &r, &cause), 0);
	assert_int_equal(testresult_load(dir, "Foo", &back, &cause), 1);
	assert_string_equal(back.name, "foo");
	assert_string_equal(back.version, "1.2.3");
	assert_int_equal(back.outcome, TO_CRASHED);
	assert_string_equal(back.signal, "SIGSEGV");
	assert_string_equal(back.module, "foo._ext");
	assert_non_null(strstr(back.detail, "line one\nline "));
	assert_string_equal(back.step, "import");
	assert_true(back.seconds > 0.41 && back.seconds < 0.43);
	assert_int_equal(back.when, 1765000000);
	assert_string_equal(back.python, "/opt/py/bin/python3.14t");
	assert_string_equal(back.python_version, "3.14.0");
	assert_true(back.free_threaded);
	assert_false(back.in_place);
	assert_string_equal(back.target, "3.14t");
	assert_string_equal(back.command, "python -m pytest");
	assert_string_equal(back.log, "/c/tests/foo.log");
	assert_int_equal(back.modules.n, 2);
	assert_string_equal(back.modules.v[1], "_foo_speedups");
	testresult_clear(&back);

	/* The latest replaces the earlier. */
	testresult_clear(&r);
	fill(&r, "foo", TO_PASSED);
	assert_int_equal(testresult_save(dir, &r, &cause), 0);
	testresult_clear(&r);
	fill(&r, "bar", TO_INSTALL_FAILED);
	r.detail = xstrdup("ERROR: No matching distribution found for bar==1.2.3");
	assert_int_equal(testresult_save(dir, &r, &cause), 0);
	testresult_clear(&r);
	assert_int_equal(testresult_load_all(dir, &all, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_string_equal(all[0].name, "bar");
	assert_int_equal(all[0].outcome, TO_INSTALL_FAILED);
	assert_string_equal(all[1].name, "foo");
	assert_int_equal(all[1].outcome, TO_PASSED);
	testresult_free_all(all, n);

	/* A damaged file is an error for its name and skipped in the list. */
	path = xprintf("%s/tests/baz.json", dir);
	tl_write_text(path, "{\"name\": \"baz\", \"result\": \"splendid\"}", 0644);
	free(path);
	assert_int_equal(testresult_load(dir, "baz", &back, &cause), -1);
	assert_non_null(strstr(cause, "splendid"));
	free(cause);
	cause = NULL;
	assert_int_equal(testresult_load_all(dir, &all, &n, &cause), 0);
	assert_int_equal(n, 2);
	testresult_free_all(all, n);

	/* A name that would leave the directory. */
	fill(&r, "../evil", TO_PASSED);
	free(r.name);
	r.name = xstrdup("a/../../evil");
	assert_int_equal(testresult_save(dir, &r, &cause), -1);
	free(cause);
	cause = NULL;
	testresult_clear(&r);

	/* Clear: results and logs ftport recognises (a result by its schema and result
	 * word, a log beside one), nothing else: not baz.json, which is no result of ours,
	 * whatever its name says. */
	path = xprintf("%s/tests/foo.log", dir);
	tl_write_text(path, "log\n", 0644);
	free(path);
	path = xprintf("%s/tests/keep.txt", dir);
	tl_write_text(path, "not ours\n", 0644);
	assert_int_equal(testresult_store_stats(dir, &n, &bytes, &cause), 0);
	assert_int_equal(n, 2);
	assert_true(bytes > 4);
	assert_int_equal(testresult_store_clear(dir, &n, &bytes, &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(access(path, F_OK), 0);
	free(path);
	path = xprintf("%s/tests/baz.json", dir);
	assert_int_equal(access(path, F_OK), 0);
	free(path);
	path = xprintf("%s/tests/foo.log", dir);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(testresult_store_stats(dir, &n, &bytes, &cause), 0);
	assert_int_equal(n, 0);
	free(path);
	free(dir);
}


/* Keyed by name, version and interpreter ABI: another version or ABI is kept beside,
 * the same key is replaced; a schema 1 file (NAME.json) moves to its key when the name
 * is tested again, or goes when it named no version; no key part leaves the directory. */
static void
test_store_keys(void **state)
{
	struct test_result r, back, *all;
	char *cause = NULL, *dir = xprintf("%s/keys", tl_root), *path;
	size_t n;

	(void)state;
	fill(&r, "markupsafe", TO_GIL_REENABLED);
	free(r.version);
	r.version = xstrdup("2.1.5");
	r.abi = xstrdup("cp313t");
	assert_int_equal(testresult_save(dir, &r, &cause), 0);
	path = xprintf("%s/tests/markupsafe@2.1.5@cp313t.json", dir);
	assert_int_equal(access(path, F_OK), 0);
	free(path);
	path = testresult_path(dir, &r, "log", &cause);
	assert_non_null(strstr(path, "/tests/markupsafe@2.1.5@cp313t.log"));
	free(path);
	/* 3.0.2 with the same interpreter, then 2.1.5 with a 3.14t one. */
	free(r.version);
	r.version = xstrdup("3.0.2");
	r.outcome = TO_PASSED;
	r.when++;
	assert_int_equal(testresult_save(dir, &r, &cause), 0);
	free(r.version);
	r.version = xstrdup("2.1.5");
	free(r.abi);
	r.abi = xstrdup("cp314t");
	r.when++;
	assert_int_equal(testresult_save(dir, &r, &cause), 0);
	/* The same key again: replaced. */
	r.outcome = TO_CRASHED;
	r.when++;
	assert_int_equal(testresult_save(dir, &r, &cause), 0);
	assert_int_equal(testresult_load_all(dir, &all, &n, &cause), 0);
	assert_int_equal(n, 3);
	testresult_free_all(all, n);
	assert_int_equal(testresult_load(dir, "MarkupSafe", &back, &cause), 1);
	assert_int_equal(back.outcome, TO_CRASHED);	/* the newest of the name */
	assert_string_equal(back.abi, "cp314t");
	testresult_clear(&back);

	/* Schema 1 files: one with a version and an interpreter (its ABI follows), one
	 * without a version. */
	path = xprintf("%s/tests/psutil.json", dir);
	tl_write_text(path, "{\"schema\": 1, \"name\": \"psutil\", \"version\": \"6.0.0\", "
	    "\"result\": \"gil-reenabled\", \"python_version\": \"3.13.5\", "
	    "\"free_threaded\": true, \"when\": 5}", 0644);
	assert_int_equal(testresult_load(dir, "psutil", &back, &cause), 1);
	assert_string_equal(back.abi, "cp313t");
	testresult_clear(&back);
	testresult_clear(&r);
	fill(&r, "psutil", TO_PASSED);
	free(r.version);
	r.version = xstrdup("6.1.0");
	r.abi = xstrdup("cp313t");
	assert_int_equal(testresult_save(dir, &r, &cause), 0);
	assert_int_not_equal(access(path, F_OK), 0);
	free(path);
	path = xprintf("%s/tests/psutil@6.0.0@cp313t.json", dir);
	assert_int_equal(access(path, F_OK), 0);
	free(path);
	testresult_clear(&r);

	path = xprintf("%s/tests/six.json", dir);
	tl_write_text(path, "{\"schema\": 1, \"name\": \"six\", \"result\": \"passed\"}", 0644);
	fill(&r, "six", TO_PASSED);
	r.abi = xstrdup("cp314t");
	assert_int_equal(testresult_save(dir, &r, &cause), 0);
	assert_int_not_equal(access(path, F_OK), 0);
	free(path);

	/* A version that would leave the directory. */
	free(r.version);
	r.version = xstrdup("../../x");
	assert_int_equal(testresult_save(dir, &r, &cause), -1);
	free(cause);
	cause = NULL;
	assert_null(testresult_path(dir, &r, "log", &cause));
	free(cause);
	testresult_clear(&r);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_store_keys),
	};

	return cmocka_run_group_tests(tests, tl_root_setup, tl_root_teardown);
}
