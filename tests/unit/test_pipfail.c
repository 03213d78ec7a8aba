/* test_pipfail.c: pip's failures told apart, on pip 25.1.1's real output (the
 * free-threaded CPython 3.13.5's pip against tests/fakeindex.py: down, lacking the
 * project, serving only a cp311 wheel) and on index answers built here. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "pipfail.h"
#include "testlib.h"
#include "util.h"

/* Port 1, nothing listening: five retries, then the same words a missing wheel gives. */
static const char pip_down[] =
    "WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, "
    "status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3."
    "connection.HTTPConnection object at 0x4374a50e590>: Failed to establish a new "
    "connection: [Errno 111] Connection refused')': /simple/okpkg/\n"
    "ERROR: Could not find a version that satisfies the requirement okpkg==1.0 (from "
    "versions: none)\n"
    "ERROR: No matching distribution found for okpkg==1.0\n";
/* The index answers 404 for the project, or lists only a cp311 wheel: the same text. */
static const char pip_nothing[] =
    "ERROR: Could not find a version that satisfies the requirement cponly==1.0 (from "
    "versions: none)\n"
    "ERROR: No matching distribution found for cponly==1.0\n";
/* A plain http index that is not on 127.0.0.1: pip does not even ask it. */
static const char pip_untrusted[] =
    "WARNING: The repository located at no-such-host.invalid is not a trusted or secure "
    "host and is being ignored. If this repository is available via HTTPS we recommend "
    "you use HTTPS instead\n"
    "ERROR: No matching distribution found for okpkg\n";
/* The package's own failure. */
static const char pip_conflict[] =
    "ERROR: Cannot install a==1.0 because these package versions have conflicting "
    "dependencies.\n";

static void
test_output(void **state)
{
	char *detail = NULL;

	(void)state;
	assert_int_equal(pipfail_from_output(pip_down, &detail), PF_INDEX);
	assert_non_null(strstr(detail, "Connection refused"));
	assert_true(strncmp(detail, "WARNING: Retrying (", 19) == 0);
	free(detail);
	assert_int_equal(pipfail_from_output(pip_untrusted, &detail), PF_INDEX);
	assert_non_null(strstr(detail, "no-such-host.invalid"));
	free(detail);
	assert_int_equal(pipfail_from_output(pip_nothing, &detail), PF_PACKAGE);
	assert_null(detail);
	assert_int_equal(pipfail_from_output(pip_conflict, &detail), PF_PACKAGE);
	assert_true(pipfail_found_nothing(pip_nothing));
	assert_false(pipfail_found_nothing(pip_conflict));
	assert_string_equal(pipfail_name(PF_NO_WHEEL), "no-wheel");
	assert_string_equal(pipfail_name(PF_INDEX), "index-failed");
}

static struct project *
project_of(const char *name, const char *const *files)
{
	struct project *p = xcalloc(1, sizeof *p);

	p->name = xstrdup(name);
	while (files[p->nfiles] != NULL)
		p->nfiles++;
	p->files = xcalloc(p->nfiles, sizeof *p->files);
	for (size_t i = 0; i < p->nfiles; i++) {
		p->files[i].filename = xstrdup(files[i]);
		p->files[i].url = xprintf("http://127.0.0.1/files/%s", files[i]);
	}
	return p;
}

static enum pipfail
judge(struct index_answer *a, const char *version, const char *abi, char **detail)
{
	struct target t;
	struct wheel_platform plat;

	assert_int_equal(target_parse(abi, &t), 0);
	assert_int_equal(wheel_platform_parse("linux-x86_64", &plat), 0);
	return pipfail_from_index(a, "cponly", version, &t, &plat, detail);
}

static void
test_index(void **state)
{
	static const char *const cp311[] = {
		"cponly-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", "cponly-1.0.tar.gz", NULL };
	static const char *const ft[] = {
		"cponly-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl",
		"cponly-2.0-cp311-cp311-manylinux_2_17_x86_64.whl", NULL };
	struct index_answer a = { .name = "cponly", .source = VS_INDEX };
	char *detail = NULL;

	(void)state;
	/* Only a cp311 wheel (and an sdist, which --only-binary refuses): no wheel. */
	a.project = project_of("cponly", cp311);
	assert_int_equal(judge(&a, "1.0", "cp313t", &detail), PF_NO_WHEEL);
	assert_string_equal(detail, "the index has no wheel of cponly 1.0 for cp313t on "
	    "linux-x86_64 (the wheel verdict: ftport check --target cp313t)");
	free(detail);
	assert_int_equal(judge(&a, NULL, "cp313t", &detail), PF_NO_WHEEL);
	free(detail);
	assert_int_equal(judge(&a, "9.9", "cp313t", &detail), PF_NOT_ON_INDEX);
	assert_string_equal(detail, "the index has no release 9.9 of cponly");
	free(detail);
	/* Only a stale cached copy: the index did not answer now. */
	a.source = VS_CACHE;
	assert_int_equal(judge(&a, "1.0", "cp313t", &detail), PF_INDEX);
	free(detail);
	a.source = VS_INDEX;
	project_free(a.project);

	/* A cp313t wheel of 1.0: pip had one, so its failure is the package's; not 2.0's,
	 * and not for 3.14t. */
	a.project = project_of("cponly", ft);
	assert_int_equal(judge(&a, "1.0", "cp313t", &detail), PF_PACKAGE);
	assert_null(detail);
	assert_int_equal(judge(&a, NULL, "cp313t", &detail), PF_PACKAGE);
	assert_int_equal(judge(&a, "2.0", "cp313t", &detail), PF_NO_WHEEL);
	free(detail);
	assert_int_equal(judge(&a, "1.0", "cp314t", &detail), PF_NO_WHEEL);
	free(detail);
	project_free(a.project);

	/* 404, and an error. */
	a.project = NULL;
	a.not_found = true;
	a.source = VS_NONE;
	assert_int_equal(judge(&a, "1.0", "cp313t", &detail), PF_NOT_ON_INDEX);
	assert_string_equal(detail, "the index has no project cponly");
	free(detail);
	a.not_found = false;
	a.error = (char *)"HTTP 500";
	assert_int_equal(judge(&a, "1.0", "cp313t", &detail), PF_INDEX);
	assert_string_equal(detail, "the index could not be reached: HTTP 500");
	free(detail);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_output),
		cmocka_unit_test(test_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
