/* test_lockfile.c: unit tests for the lockfile readers (lockfile.c, reqfile.c): the
 * marker values of a target and platform, uv.lock and pylock.toml as tomllib hands
 * them over (JSON), forks and markers, versions refused, requirements line forms, and
 * the release an unpinned line is judged at. */
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
#include "reqfile.h"
#include "project.h"
#include "testlib.h"
#include "util.h"

static struct environment *
env_for(const char *platform)
{
	return lockenv_new("test.lock", 3, 14, platform);
}

static void
test_format(void **state)
{
	(void)state;
	assert_int_equal(lockfile_format("uv.lock"), LOCK_UV);
	assert_int_equal(lockfile_format("/a/b/other.lock"), LOCK_UV);
	assert_int_equal(lockfile_format("pylock.toml"), LOCK_PYLOCK);
	assert_int_equal(lockfile_format("x/pylock.dev.toml"), LOCK_PYLOCK);
	assert_int_equal(lockfile_format("requirements.txt"), LOCK_REQUIREMENTS);
	assert_int_equal(lockfile_format("pyproject.toml"), LOCK_REQUIREMENTS);
}

static void
test_markers(void **state)
{
	struct environment *e = env_for("windows-amd64");

	(void)state;
	assert_string_equal(e->markers.values[MV_SYS_PLATFORM], "win32");
	assert_string_equal(e->markers.values[MV_OS_NAME], "nt");
	assert_string_equal(e->markers.values[MV_PLATFORM_MACHINE], "AMD64");
	assert_string_equal(e->markers.values[MV_PYTHON_VERSION], "3.14");
	assert_string_equal(e->markers.values[MV_PYTHON_FULL_VERSION], "3.14.0");
	env_free(e);
	e = env_for("macos-arm64");
	assert_string_equal(e->markers.values[MV_SYS_PLATFORM], "darwin");
	assert_string_equal(e->markers.values[MV_PLATFORM_SYSTEM], "Darwin");
	assert_string_equal(e->markers.values[MV_PLATFORM_MACHINE], "arm64");
	env_free(e);
	e = env_for("linux-aarch64");
	assert_string_equal(e->markers.values[MV_SYS_PLATFORM], "linux");
	assert_string_equal(e->markers.values[MV_PLATFORM_MACHINE], "aarch64");
	env_free(e);
}

/* A uv.lock in tomllib's JSON: a project with a dev group and an extra, a package
 * forked by Python version, one only on Windows, and one nobody needs here. */
static const char uv_json[] =
    "{\"version\": 1, \"revision\": 3, \"package\": ["
    "{\"name\": \"app\", \"version\": \"0.1.0\", \"source\": {\"editable\": \".\"},"
    " \"dependencies\": [{\"name\": \"numpy\"}, {\"name\": \"colorama\","
    "  \"marker\": \"sys_platform == 'win32'\"}, {\"name\": \"rich\", \"extra\": [\"jupyter\"]}],"
    " \"dev-dependencies\": {\"dev\": [{\"name\": \"pytest\"}]}},"
    "{\"name\": \"numpy\", \"version\": \"1.26.4\","
    " \"resolution-markers\": [\"python_full_version < '3.12'\"],"
    " \"wheels\": [{\"url\": \"https://f/numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.whl\"}]},"
    "{\"name\": \"numpy\", \"version\": \"2.3.0\","
    " \"resolution-markers\": [\"python_full_version >= '3.12'\"],"
    " \"sdist\": {\"url\": \"https://f/numpy-2.3.0.tar.gz\"},"
    " \"wheels\": [{\"url\": \"https://f/numpy-2.3.0-cp314-cp314t-manylinux_2_28_x86_64.whl\"},"
    "  {\"url\": \"https://f/numpy-2.3.0%2Blocal-cp314-cp314t-win_amd64.whl\"}]},"
    "{\"name\": \"colorama\", \"version\": \"0.4.6\"},"
    "{\"name\": \"rich\", \"version\": \"14.0\", \"optional-dependencies\":"
    "  {\"jupyter\": [{\"name\": \"ipywidgets\"}], \"other\": [{\"name\": \"orphan\"}]}},"
    "{\"name\": \"ipywidgets\", \"version\": \"8.0\"},"
    "{\"name\": \"orphan\", \"version\": \"1.0\"},"
    "{\"name\": \"pytest\", \"version\": \"8.0\", \"source\": {\"registry\": \"https://pypi.org/simple\"}}"
    "]}";

static void
test_uv(void **state)
{
	struct environment *e = env_for("linux-x86_64");
	struct dist *d;
	char *cause = NULL;

	(void)state;
	assert_int_equal(lockfile_from_json(e, LOCK_UV, uv_json, strlen(uv_json), &cause), 0);
	/* app, numpy, rich, ipywidgets (rich[jupyter]), pytest (dev); not colorama
	 * (win32) nor orphan (an extra nobody asks for). */
	assert_int_equal(e->ndists, 5);
	assert_null(env_find(e, "colorama"));
	assert_null(env_find(e, "orphan"));
	assert_non_null(env_find(e, "ipywidgets"));
	assert_non_null(env_find(e, "pytest"));
	d = env_find(e, "numpy");
	assert_non_null(d);
	assert_string_equal(d->version, "2.3.0");
	assert_non_null(d->locked);
	assert_int_equal(d->locked->nfiles, 3);
	assert_string_equal(d->locked->files[1].filename,
	    "numpy-2.3.0+local-cp314-cp314t-win_amd64.whl");
	assert_string_equal(d->locked->files[2].filename, "numpy-2.3.0.tar.gz");
	d = env_find(e, "app");
	assert_int_equal(d->direct, DIRECT_EDITABLE);
	env_free(e);

	/* On Windows colorama comes in. */
	e = env_for("windows-amd64");
	assert_int_equal(lockfile_from_json(e, LOCK_UV, uv_json, strlen(uv_json), &cause), 0);
	assert_non_null(env_find(e, "colorama"));
	env_free(e);
}

static void
test_refused(void **state)
{
	static const struct { enum lock_format f; const char *json, *want; } bad[] = {
		{ LOCK_UV, "{\"version\": 2}", "uv.lock version 2 is not one ftport reads" },
		{ LOCK_UV, "{\"revision\": 1}", "no top-level version" },
		{ LOCK_UV, "{\"version\": 1, \"package\": {}}", "not a list of tables" },
		{ LOCK_UV, "{\"version\": 1, \"package\": [{\"version\": \"1\"}]}",
		    "package 1 of uv.lock has no name" },
		{ LOCK_PYLOCK, "{\"lock-version\": \"2.0\"}", "lock-version 2.0 is not one" },
		{ LOCK_PYLOCK, "{}", "no lock-version" },
		{ LOCK_PYLOCK, "[]", "not a table" },
	};

	(void)state;
	for (size_t i = 0; i < nitems(bad); i++) {
		struct environment *e = env_for("linux-x86_64");
		char *cause = NULL;

		assert_int_equal(lockfile_from_json(e, bad[i].f, bad[i].json,
		    strlen(bad[i].json), &cause), -1);
		assert_non_null(cause);
		if (strstr(cause, bad[i].want) == NULL)
			fail_msg("%s: cause '%s'", bad[i].json, cause);
		free(cause);
		env_free(e);
	}
}

static void
test_pylock(void **state)
{
	static const char json[] =
	    "{\"lock-version\": \"1.0\", \"packages\": ["
	    "{\"name\": \"A\", \"version\": \"1\", \"wheels\": [{\"name\": \"a-1-py3-none-any.whl\","
	    "  \"url\": \"https://f/x?download\"}]},"
	    "{\"name\": \"b\", \"version\": \"2\", \"marker\": \"os_name == 'nt'\"},"
	    "{\"name\": \"c\", \"version\": \"3\", \"directory\": {\"path\": \"./c\", \"editable\": true}},"
	    "{\"name\": \"a\", \"version\": \"9\"}"
	    "]}";
	struct environment *e = env_for("linux-x86_64");
	char *cause = NULL;
	struct dist *d;

	(void)state;
	assert_int_equal(lockfile_from_json(e, LOCK_PYLOCK, json, strlen(json), &cause), 0);
	assert_int_equal(e->ndists, 2);
	d = env_find(e, "a");
	assert_string_equal(d->version, "1");	/* the first of a name wins */
	assert_string_equal(d->locked->files[0].filename, "a-1-py3-none-any.whl");
	assert_int_equal(env_find(e, "c")->direct, DIRECT_EDITABLE);
	env_free(e);
}

/* pylock_extras_groups_markers: a package limited to an extra or a group is in only
 * when it is chosen; default-groups when no group is named. */
static void
test_pylock_extras_groups(void **state)
{
	static const char json[] =
	    "{\"lock-version\": \"1.0\", \"extras\": [\"fast\", \"docs\"],"
	    " \"dependency-groups\": [\"dev\", \"test\"], \"default-groups\": [\"dev\"],"
	    " \"packages\": ["
	    "{\"name\": \"base\", \"version\": \"1\"},"
	    "{\"name\": \"speedup\", \"version\": \"1\", \"marker\": \"'fast' in extras\"},"
	    "{\"name\": \"pytest\", \"version\": \"8\", \"marker\": \"'test' in dependency_groups\"},"
	    "{\"name\": \"ruff\", \"version\": \"1\", \"marker\": \"'dev' in dependency_groups\"}"
	    "]}";
	struct environment *e = env_for("linux-x86_64");
	char *cause = NULL;

	(void)state;
	assert_int_equal(lockfile_from_json(e, LOCK_PYLOCK, json, strlen(json), &cause), 0);
	assert_non_null(env_find(e, "base"));
	assert_null(env_find(e, "speedup"));
	assert_null(env_find(e, "pytest"));
	assert_non_null(env_find(e, "ruff"));	/* default-groups */
	env_free(e);

	e = env_for("linux-x86_64");
	strlist_push(&e->lock_extras, "fast");
	strlist_push(&e->lock_groups, "test");
	assert_int_equal(lockfile_from_json(e, LOCK_PYLOCK, json, strlen(json), &cause), 0);
	assert_non_null(env_find(e, "speedup"));
	assert_non_null(env_find(e, "pytest"));
	assert_null(env_find(e, "ruff"));	/* a group named replaces the defaults */
	env_free(e);

	e = env_for("linux-x86_64");
	strlist_push(&e->lock_extras, "gpu");
	assert_int_equal(lockfile_from_json(e, LOCK_PYLOCK, json, strlen(json), &cause), -1);
	assert_non_null(strstr(cause, "no extra 'gpu' (extras: fast, docs)"));
	free(cause);
	env_free(e);
}

static void
test_requirements(void **state)
{
	char *dir = tl_tmpdir("reqfile"), *main_path, *inc, *cause = NULL;
	struct environment *e = env_for("linux-x86_64");
	struct dist *d;

	(void)state;
	main_path = xprintf("%s/requirements.txt", dir);
	inc = xprintf("%s/sub/more.txt", dir);
	tl_write_text(main_path,
	    "# comment\n"
	    "\n"
	    "-i https://example.invalid/simple\n"
	    "--extra-index-url=https://example.invalid/b\n"
	    "-r sub/more.txt\n"
	    "a==1.0 --hash=sha256:00 \\\n"
	    "    --hash=sha256:11\n"
	    "b[x,y] == 2.0 ; python_version >= \"3.14\"\n"
	    "c==3.0; python_version < \"3.10\"\n"
	    "d>=1,<2   # trailing comment\n"
	    "e===weird\n"
	    "f==1.*\n"
	    "g @ https://f/g-1.0-py3-none-any.whl\n"
	    "-e git+https://example.invalid/h.git#egg=h\n"
	    "./local/dir\n"
	    "-c constraints.txt\n"
	    "not a requirement!\n"
	    "--bogus\n", 0644);
	tl_write_text(inc, "Sub.Pkg==0.9\r\n-r ../requirements.txt\n", 0644);
	assert_int_equal(reqfile_read(e, main_path, &cause), 0);

	assert_string_equal(env_find(e, "a")->version, "1.0");
	assert_string_equal(env_find(e, "b")->version, "2.0");
	assert_null(env_find(e, "c"));
	d = env_find(e, "d");
	assert_string_equal(d->version, "unpinned");
	assert_non_null(d->unpinned);
	assert_non_null(strstr(d->unpinned, ">=1"));
	assert_string_equal(env_find(e, "e")->version, "weird");
	assert_non_null(env_find(e, "f")->unpinned);
	assert_int_equal(env_find(e, "g")->direct, DIRECT_URL);
	assert_int_equal(env_find(e, "h")->direct, DIRECT_EDITABLE);
	assert_string_equal(env_find(e, "sub-pkg")->version, "0.9");
	assert_int_equal(e->ndists, 8);
	/* ./local/dir names no package; the bad line; the unknown option. */
	assert_int_equal(e->warnings.n, 3);
	assert_non_null(strstr(e->warnings.v[0], "#egg=NAME"));
	assert_non_null(strstr(e->warnings.v[2], "--bogus"));
	env_free(e);

	/* Text already read (the fuzzer's entry): a continuation on the last line. */
	e = env_for("linux-x86_64");
	assert_int_equal(reqfile_read_text(e, main_path, "y==1 \\\n --hash=sha256:0\nz==2 \\",
	    strlen("y==1 \\\n --hash=sha256:0\nz==2 \\"), &cause), 0);
	assert_int_equal(e->ndists, 2);
	assert_string_equal(env_find(e, "y")->version, "1");
	assert_string_equal(env_find(e, "z")->version, "2");
	env_free(e);

	/* A missing include is the file's error. */
	e = env_for("linux-x86_64");
	tl_write_text(main_path, "-r nowhere.txt\n", 0644);
	assert_int_equal(reqfile_read(e, main_path, &cause), -1);
	assert_non_null(strstr(cause, "nowhere.txt"));
	free(cause);
	env_free(e);

	free(main_path);
	free(inc);
	tl_rm_rf(dir);
	free(dir);
}

static void
add_file(struct project *p, const char *filename)
{
	p->files = xreallocarray(p->files, p->nfiles + 1, sizeof *p->files);
	memset(&p->files[p->nfiles], 0, sizeof p->files[0]);
	p->files[p->nfiles].filename = xstrdup(filename);
	p->files[p->nfiles].url = xstrdup(filename);
	p->nfiles++;
}

static void
test_pick_version(void **state)
{
	struct project *p = xcalloc(1, sizeof *p);
	struct dist d;
	char *v;

	(void)state;
	p->name = xstrdup("d");
	add_file(p, "d-1.0-py3-none-any.whl");
	add_file(p, "d-1.5-py3-none-any.whl");
	add_file(p, "d-2.0-py3-none-any.whl");
	add_file(p, "d-2.1rc1-py3-none-any.whl");
	memset(&d, 0, sizeof d);
	d.unpinned = (char *)"";
	assert_string_equal(v = lockfile_pick_version(&d, p), "2.0");
	free(v);
	d.unpinned = (char *)"<2";
	assert_string_equal(v = lockfile_pick_version(&d, p), "1.5");
	free(v);
	d.unpinned = (char *)">2.0";	/* only the pre-release is left */
	assert_string_equal(v = lockfile_pick_version(&d, p), "2.1rc1");
	free(v);
	d.unpinned = (char *)">5";
	assert_null(lockfile_pick_version(&d, p));
	project_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_uv),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_pylock),
		cmocka_unit_test(test_pylock_extras_groups),
		cmocka_unit_test(test_requirements),
		cmocka_unit_test(test_pick_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
