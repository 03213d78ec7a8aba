/* test_env.c: unit tests for env.c and pyquery.c: finding the environment, the
 * interpreter run (and interpreters that fail, hang or lie), the pyvenv.cfg fallback,
 * scanning site directories (loops, unreadable entries), and agreement with
 * importlib.metadata on the fixtures and on Debian's dist-packages. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "env.h"
#include "pyquery.h"
#include "strbuf.h"
#include "testlib.h"
#include "util.h"

#define ENVS FIXTURES "/envs"
#define SITE1 ENVS "/site1"
#define SITE2 ENVS "/site2"
#define EGGDIR ENVS "/site2/thing-1.0-py3.11.egg"
#define DEBIAN_SITE "/usr/lib/python3/dist-packages"

/* --- helpers ---------------------------------------------------------------------- */

static const char *
python3(void)
{
	static char *found;
	const char *p = getenv("PYTHON3");

	if (p != NULL && *p != '\0' && strchr(p, '/') != NULL)
		return p;
	if (found == NULL)
		found = pyquery_which(p != NULL && *p != '\0' ? p : "python3");
	if (found == NULL)
		fail_msg("python3 is needed for this test");
	return found;
}

static bool
has_warning(const struct environment *e, const char *part)
{
	for (size_t i = 0; i < e->warnings.n; i++)
		if (strstr(e->warnings.v[i], part) != NULL)
			return true;
	return false;
}

static struct environment *
env_on(const char *const *paths, size_t n)
{
	struct environment *e = xcalloc(1, sizeof *e);

	for (size_t i = 0; i < n; i++)
		strlist_push(&e->site_paths, paths[i]);
	env_read_site_paths(e);
	return e;
}

/* A fake interpreter: a shell script that prints body (or does whatever body does). */
static char *
fake_python(const char *dir, const char *name, const char *body)
{
	char *path = xprintf("%s/%s", dir, name);
	char *text = xprintf("#!/bin/sh\n%s\n", body);

	tl_write_text(path, text, 0755);
	free(text);
	return path;
}

/* A fake interpreter's well-formed answer, with sys.path = [site]. */
static char *
fake_answer(const char *site, bool ft)
{
	/* echo, a shell builtin: the tests run some of these with a PATH without /bin. */
	return xprintf("echo '{\"ftport\": 1, \"path\": [\"%s\", \"/nonexistent\"], "
	    "\"prefix\": \"/fake\", \"base_prefix\": \"/fake\", \"executable\": \"\", "
	    "\"version\": \"3.14.0\", \"implementation\": \"cpython\", \"gil_disabled\": %s, "
	    "\"platform\": \"linux-x86_64\", \"markers\": {\"os_name\": \"posix\", "
	    "\"sys_platform\": \"linux\", \"platform_machine\": \"x86_64\", "
	    "\"platform_python_implementation\": \"CPython\", \"platform_release\": \"6.1\", "
	    "\"platform_system\": \"Linux\", \"platform_version\": \"#1 SMP\", "
	    "\"python_version\": \"3.14\", \"python_full_version\": \"3.14.0\", "
	    "\"implementation_name\": \"cpython\", \"implementation_version\": \"3.14.0\"}}'",
	    site, ft ? "true" : "false");
}

/* Saved environment variables, restored after each test that changes them. */
static struct tl_env saved;

static int
save_env(void **state)
{
	static const char *const names[] = { "VIRTUAL_ENV", "CONDA_PREFIX", "PATH", "HOME",
		NULL };

	tl_env_save(&saved, names);
	unsetenv("VIRTUAL_ENV");
	unsetenv("CONDA_PREFIX");
	env_set_timeout(0);
	return 0;
}

static int
restore_env(void **state)
{
	tl_env_restore(&saved);
	env_set_timeout(0);
	return 0;
}

static int
load(const char *python, const char *venv, const char *path1, struct environment **e,
    char **cause)
{
	struct env_options o = { python, venv, STRLIST_INIT, false, NULL, false };
	int rc;

	if (path1 != NULL)
		strlist_push(&o.paths, path1);
	*e = NULL;
	*cause = NULL;
	rc = env_load(&o, e, cause);
	strlist_clear(&o.paths);
	return rc;
}

/* --- agreement with importlib.metadata -------------------------------------------- */

/* Runs tests/fixtures/envs/importlib_dump.py with python3 on paths and checks that e
 * holds exactly the same distributions, versions and requirement strings. */
static void
compare_with_importlib(const struct environment *e, const char *const *paths, size_t n)
{
	char *argv[16];
	struct pyquery_child c;
	char *cause = NULL;
	json_error_t err;
	json_t *root, *v;
	const char *key;
	size_t i, k = 0;

	assert_true(n + 3 < nitems(argv));
	argv[k++] = (char *)python3();
	argv[k++] = (char *)ENVS "/importlib_dump.py";
	for (i = 0; i < n; i++)
		argv[k++] = (char *)paths[i];
	argv[k] = NULL;
	if (pyquery_spawn(argv, 60000, 64u << 20, &c, &cause) != 0)
		fail_msg("running %s: %s", argv[0], cause);
	if (c.status != 0)
		fail_msg("importlib_dump.py failed: %s", c.err);
	root = json_loadb(c.out, c.outlen, 0, &err);
	assert_non_null(root);
	assert_int_equal(json_object_size(root), e->ndists);
	json_object_foreach(root, key, v) {
		struct dist *d = env_find(e, key);
		json_t *reqs = json_object_get(v, "requires"), *r;
		size_t j;

		if (d == NULL)
			fail_msg("importlib finds %s, ftport does not", key);
		assert_string_equal(d->version, json_string_value(json_object_get(v, "version")));
		assert_string_equal(d->display_name,
		    json_string_value(json_object_get(v, "display_name")));
		if (json_array_size(reqs) != d->requires_dist.n)
			fail_msg("%s: importlib has %zu requirements, ftport %zu", key,
			    json_array_size(reqs), d->requires_dist.n);
		json_array_foreach(reqs, j, r)
			assert_string_equal(d->requires_dist.v[j], json_string_value(r));
	}
	json_decref(root);
	pyquery_child_free(&c);
}

static void
test_scan_matches_importlib(void **state)
{
	const char *paths[] = { SITE1, SITE2, EGGDIR };
	struct environment *e = env_on(paths, nitems(paths));

	compare_with_importlib(e, paths, nitems(paths));
	/* Sorted by name, found by binary search. */
	for (size_t i = 1; i < e->ndists; i++)
		assert_true(strcmp(e->dists[i - 1]->name, e->dists[i]->name) < 0);
	assert_non_null(env_find(e, "foo-bar"));
	assert_non_null(env_find(e, "thing"));
	assert_non_null(env_find(e, "oldegg"));
	assert_null(env_find(e, "numpy"));
	assert_null(env_find(e, ""));
	assert_null(env_find(e, "zzzz"));
	assert_string_equal(env_find(e, "thing")->location, EGGDIR);
	/* The skipped ones are said, naming their directories. */
	assert_true(has_warning(e, "noname-1.0.dist-info: metadata has no Name"));
	assert_true(has_warning(e, "noversion-1.0.dist-info: metadata has no Version"));
	assert_true(has_warning(e, "direct_url.json"));
	env_free(e);
}

static void
test_first_wins(void **state)
{
	const char *order1[] = { SITE1, SITE2 }, *order2[] = { SITE2, SITE1 };
	struct environment *e;

	e = env_on(order1, 2);
	assert_string_equal(env_find(e, "dup")->version, "1.0");
	assert_string_equal(env_find(e, "dup")->location, SITE1);
	env_free(e);
	e = env_on(order2, 2);
	assert_string_equal(env_find(e, "dup")->version, "2.0");
	assert_string_equal(env_find(e, "dup")->display_name, "Dup");
	compare_with_importlib(e, order2, 2);
	env_free(e);
}

static void
test_poetry_tree(void **state)
{
	const char *paths[] = {
		FIXTURES "/installed-trees/poetry-installed/lib/python3.7/site-packages",
		FIXTURES "/installed-trees/poetry-installed/lib64/python3.7/site-packages",
		FIXTURES "/installed-trees/poetry-installed/src/pendulum",
		FIXTURES "/installed-trees/poetry-installed/src/bender",
		FIXTURES "/installed-trees/poetry-installed/vendor/py3.7",
	};
	struct environment *e = env_on(paths, nitems(paths));

	compare_with_importlib(e, paths, nitems(paths));
	assert_non_null(env_find(e, "lib64"));
	assert_non_null(env_find(e, "pendulum"));
	assert_int_equal(env_find(e, "editable-directory-pep-610")->direct, DIRECT_EDITABLE);
	assert_int_equal(e->warnings.n, 0);
	env_free(e);
}

/* Debian's own dist-packages (a mix of dist-info and egg-info, some without file lists):
 * scanned without error and in agreement with importlib.metadata. */
static void
test_debian_dist_packages(void **state)
{
	const char *paths[] = { DEBIAN_SITE };
	struct environment *e;
	struct stat st;
	double t0 = now_ms();

	if (stat(DEBIAN_SITE, &st) != 0) {
		/* Not Debian (macOS, Fedora): nothing to compare; still scan nothing safely. */
		e = env_on(paths, 1);
		assert_int_equal(e->ndists, 0);
		env_free(e);
		return;
	}
	e = env_on(paths, 1);
	log_debug("%zu dists in %.1f ms", e->ndists, now_ms() - t0);
	assert_true(e->ndists > 0);
	compare_with_importlib(e, paths, 1);
	for (size_t i = 0; i < e->ndists; i++)
		assert_non_null(e->dists[i]->version);
	env_free(e);
}

/* --- bad site directories ------------------------------------------------------------ */

static void
test_symlink_loops_and_odd_entries(void **state)
{
	char *tmp = tl_tmpdir("env"), *site, *p, *loop_entry, *file_entry, *zip_entry, *locked;
	const char *paths[8];
	struct environment *e;
	size_t n = 0;

	site = xprintf("%s/site", tmp);
	mkdir(site, 0755);
	/* Inside a site directory: a metadata name that is a symlink loop, a dangling one,
	 * a loop with an ordinary name, and one good distribution. */
	p = xprintf("%s/loop-1.0.dist-info", site);
	assert_int_equal(symlink("loop-1.0.dist-info", p), 0);
	free(p);
	p = xprintf("%s/dangling-1.0.dist-info", site);
	assert_int_equal(symlink("/nonexistent/x", p), 0);
	free(p);
	p = xprintf("%s/spin", site);
	assert_int_equal(symlink("spin", p), 0);
	free(p);
	p = xprintf("%s/self-1.0.dist-info", site);
	assert_int_equal(symlink(".", p), 0);	/* a metadata dir that is the site itself */
	free(p);
	p = xprintf("%s/good-1.0.dist-info/METADATA", site);
	tl_write_text(p, "Name: good\nVersion: 1.0\n", 0644);
	free(p);
	/* sys.path entries: a loop, a regular file, a zipped egg, the site twice. */
	loop_entry = xprintf("%s/pathloop", tmp);
	assert_int_equal(symlink("pathloop", loop_entry), 0);
	file_entry = xprintf("%s/python311.zip", tmp);
	tl_write_text(file_entry, "PK not really", 0644);
	zip_entry = xprintf("%s/zipped-1.0-py3.11.egg", tmp);
	tl_write_text(zip_entry, "PK not really", 0644);
	locked = xprintf("%s/locked", tmp);
	mkdir(locked, 0);
	paths[n++] = loop_entry;
	paths[n++] = site;
	paths[n++] = file_entry;
	paths[n++] = zip_entry;
	paths[n++] = "/nonexistent/site-packages";
	paths[n++] = site;
	paths[n++] = locked;

	e = env_on(paths, n);
	assert_int_equal(e->ndists, 1);
	assert_string_equal(e->dists[0]->name, "good");
	assert_true(has_warning(e, "pathloop"));
	assert_true(has_warning(e, "loop-1.0.dist-info"));
	assert_true(has_warning(e, "dangling-1.0.dist-info"));
	assert_true(has_warning(e, "zipped egg"));
	assert_false(has_warning(e, "python311.zip"));
	assert_false(has_warning(e, "/nonexistent/site-packages"));
	/* Root reads a mode-0 directory; everyone else is told it was skipped. */
	if (geteuid() != 0)
		assert_true(has_warning(e, "locked"));
	env_free(e);

	tl_rm_rf(tmp);
	free(tmp);
	free(site);
	free(loop_entry);
	free(file_entry);
	free(zip_entry);
	free(locked);
}

/* The current directory: sys.path's "" entry is scanned as ".", as importlib does. */
static void
test_cwd_entry(void **state)
{
	const char *paths[] = { "" };
	char *old = getcwd(NULL, 0);
	struct environment *e;

	assert_int_equal(chdir(SITE2), 0);
	e = env_on(paths, 1);
	assert_int_equal(chdir(old), 0);
	free(old);
	assert_non_null(env_find(e, "crlf"));
	assert_string_equal(env_find(e, "crlf")->meta_dir, "crlf-1.0.dist-info");
	env_free(e);
}

/* --- finding the environment ---------------------------------------------------------- */

static void
test_python_bad(void **state)
{
	char *tmp = tl_tmpdir("env"), *cause, *p;
	struct environment *e;
	double t0;

	assert_int_equal(load("/nonexistent/python", NULL, NULL, &e, &cause), -1);
	assert_null(e);
	assert_string_equal(cause, "--python /nonexistent/python: no such file; give the path "
	    "of a Python interpreter (e.g. --python .venv/bin/python)");
	free(cause);

	assert_int_equal(load(tmp, NULL, NULL, &e, &cause), -1);
	assert_non_null(strstr(cause, "is a directory"));
	free(cause);

	p = xprintf("%s/notexec", tmp);
	tl_write_text(p, "#!/bin/sh\nexit 0\n", 0644);
	if (geteuid() != 0) {
		assert_int_equal(load(p, NULL, NULL, &e, &cause), -1);
		assert_non_null(strstr(cause, "not executable"));
		free(cause);
	}
	free(p);

	/* Executable, but not a program the system can start. */
	p = xprintf("%s/noexec-format", tmp);
	tl_write_text(p, "\x7f" "ELF garbage", 0755);
	assert_int_equal(load(p, NULL, NULL, &e, &cause), -1);
	assert_non_null(strstr(cause, p));
	assert_null(strchr(cause, '\n'));
	free(cause);
	free(p);

	p = fake_python(tmp, "fails", "echo 'Traceback (most recent call last):' >&2\n"
	    "echo 'ModuleNotFoundError: No module named platform' >&2\nexit 3");
	assert_int_equal(load(p, NULL, NULL, &e, &cause), -1);
	assert_non_null(strstr(cause, "exited with status 3: ModuleNotFoundError: No module "
	    "named platform"));
	assert_non_null(strstr(cause, "give the path of a Python interpreter"));
	free(cause);
	free(p);

	p = fake_python(tmp, "garbage", "printf 'hello \\033[31mworld\\n'");
	assert_int_equal(load(p, NULL, NULL, &e, &cause), -1);
	assert_non_null(strstr(cause, "did not answer like a Python interpreter"));
	assert_null(strchr(cause, '\033'));
	free(cause);
	free(p);

	p = fake_python(tmp, "wrongjson", "echo '{\"ftport\": 1, \"path\": 3}'");
	assert_int_equal(load(p, NULL, NULL, &e, &cause), -1);
	assert_non_null(strstr(cause, "answer has no"));
	free(cause);
	free(p);

	p = fake_python(tmp, "killed", "kill -9 $$");
	assert_int_equal(load(p, NULL, NULL, &e, &cause), -1);
	assert_non_null(strstr(cause, "killed by signal 9"));
	free(cause);
	free(p);

	/* A hang is cut by the timeout, grandchildren holding the pipe included. */
	env_set_timeout(300);
	p = fake_python(tmp, "hangs", "sleep 30 &\nsleep 30");
	t0 = now_ms();
	assert_int_equal(load(p, NULL, NULL, &e, &cause), -1);
	assert_true(now_ms() - t0 < 5000);
	assert_non_null(strstr(cause, "did not answer within 1 s"));
	free(cause);
	free(p);
	p = fake_python(tmp, "closes", "exec >/dev/null 2>&1\nsleep 30");
	t0 = now_ms();
	assert_int_equal(load(p, NULL, NULL, &e, &cause), -1);
	assert_true(now_ms() - t0 < 5000);
	free(cause);
	free(p);
	env_set_timeout(0);

	tl_rm_rf(tmp);
	free(tmp);
}

static void
test_python_fake_answer(void **state)
{
	char *tmp = tl_tmpdir("env"), *cause, *p, *body;
	struct environment *e;

	body = fake_answer(SITE1, true);
	p = fake_python(tmp, "python", body);
	assert_int_equal(load(p, NULL, NULL, &e, &cause), 0);
	assert_string_equal(e->source, "--python");
	assert_string_equal(e->python, p);	/* executable "" -> the path that ran */
	assert_string_equal(e->version, "3.14.0");
	assert_true(e->free_threaded);
	assert_string_equal(e->platform, "linux-x86_64");
	assert_string_equal(e->prefix, "/fake");
	assert_string_equal(e->markers.values[MV_PYTHON_VERSION], "3.14");
	assert_string_equal(e->markers.values[MV_PLATFORM_VERSION], "#1 SMP");
	assert_int_equal(e->site_paths.n, 2);
	assert_non_null(env_find(e, "wheelpkg"));
	env_free(e);

	/* --path replaces sys.path; the markers still come from the interpreter. */
	assert_int_equal(load(p, NULL, SITE2, &e, &cause), 0);
	assert_string_equal(e->source, "--path");
	assert_int_equal(e->site_paths.n, 1);
	assert_string_equal(e->site_paths.v[0], SITE2);
	assert_string_equal(e->markers.values[MV_PYTHON_VERSION], "3.14");
	assert_null(env_find(e, "wheelpkg"));
	assert_non_null(env_find(e, "crlf"));
	env_free(e);
	free(p);
	free(body);

	/* Found through $VIRTUAL_ENV, $CONDA_PREFIX and PATH. */
	p = xprintf("%s/venv/bin", tmp);
	assert_int_equal(mkdir_p(p, &cause), 0);
	free(p);
	body = fake_answer(SITE2, false);
	p = xprintf("%s/venv/bin", tmp);
	free(fake_python(p, "python", body));
	free(fake_python(p, "python3", body));
	free(p);
	p = xprintf("%s/venv", tmp);
	setenv("VIRTUAL_ENV", p, 1);
	setenv("CONDA_PREFIX", "/nonexistent/conda", 1);
	assert_int_equal(load(NULL, NULL, NULL, &e, &cause), 0);
	assert_string_equal(e->source, "VIRTUAL_ENV");
	assert_false(e->free_threaded);
	assert_non_null(env_find(e, "crlf"));
	env_free(e);
	unsetenv("VIRTUAL_ENV");
	setenv("CONDA_PREFIX", p, 1);
	assert_int_equal(load(NULL, NULL, NULL, &e, &cause), 0);
	assert_string_equal(e->source, "CONDA_PREFIX");
	env_free(e);
	unsetenv("CONDA_PREFIX");
	/* --venv beats $VIRTUAL_ENV. */
	setenv("VIRTUAL_ENV", "/nonexistent/venv", 1);
	assert_int_equal(load(NULL, p, NULL, &e, &cause), 0);
	assert_string_equal(e->source, "--venv");
	env_free(e);
	unsetenv("VIRTUAL_ENV");
	free(p);
	p = xprintf("/nonexistent:%s/venv/bin", tmp);
	setenv("PATH", p, 1);
	assert_int_equal(load(NULL, NULL, NULL, &e, &cause), 0);
	assert_string_equal(e->source, "PATH");
	assert_non_null(strstr(e->python, "/venv/bin/python3"));
	env_free(e);
	free(p);
	free(body);

	tl_rm_rf(tmp);
	free(tmp);
}

/* The site directories guessed from the interpreter's path are read while it starts;
 * sys.path still decides: its spelling of a directory is kept, and a guessed directory
 * that is not on it contributes nothing. */
static void
test_prescan(void **state)
{
	char *tmp = tl_tmpdir("env"), *cause, *p, *body, *site, *other, *alias;
	struct environment *e;
	struct dist *d;

	site = xprintf("%s/venv/lib/python3.12/site-packages", tmp);
	assert_int_equal(mkdir_p(site, &cause), 0);
	other = xprintf("%s/venv/lib/python3.13/site-packages", tmp);
	assert_int_equal(mkdir_p(other, &cause), 0);
	p = xprintf("%s/venv/bin", tmp);
	assert_int_equal(mkdir_p(p, &cause), 0);
	free(p);
	p = xprintf("%s/inside-1.0.dist-info/METADATA", site);
	tl_write_text(p, "Name: inside\nVersion: 1.0\n", 0644);
	free(p);
	p = xprintf("%s/stray-1.0.dist-info/METADATA", other);
	tl_write_text(p, "Name: stray\nVersion: 1.0\n", 0644);
	free(p);

	alias = xprintf("%s/venv/lib/../lib/python3.12/site-packages", tmp);
	body = fake_answer(alias, false);
	p = xprintf("%s/venv/bin", tmp);
	free(fake_python(p, "python", body));
	free(p);
	p = xprintf("%s/venv/bin/python", tmp);
	assert_int_equal(load(p, NULL, NULL, &e, &cause), 0);
	assert_null(env_find(e, "stray"));
	d = env_find(e, "inside");
	assert_non_null(d);
	assert_string_equal(d->location, alias);
	assert_true(str_starts_with(d->meta_dir, alias));
	assert_int_equal(e->ndists, 1);
	env_free(e);

	/* The same through --venv. */
	free(p);
	p = xprintf("%s/venv", tmp);
	assert_int_equal(load(NULL, p, NULL, &e, &cause), 0);
	assert_non_null(env_find(e, "inside"));
	assert_null(env_find(e, "stray"));
	env_free(e);

	free(p);
	free(body);
	free(alias);
	free(site);
	free(other);
	tl_rm_rf(tmp);
	free(tmp);
}

static void
test_env_vars_bad(void **state)
{
	char *tmp = tl_tmpdir("env"), *cause;
	struct environment *e;

	setenv("VIRTUAL_ENV", "/nonexistent/venv", 1);
	assert_int_equal(load(NULL, NULL, NULL, &e, &cause), -1);
	assert_non_null(strstr(cause, "$VIRTUAL_ENV is /nonexistent/venv"));
	assert_non_null(strstr(cause, "deactivate"));
	free(cause);
	unsetenv("VIRTUAL_ENV");

	assert_int_equal(load(NULL, "/nonexistent/venv", NULL, &e, &cause), -1);
	assert_non_null(strstr(cause, "--venv /nonexistent/venv"));
	free(cause);

	/* A --venv with neither an interpreter nor pyvenv.cfg nor site-packages. */
	assert_int_equal(load(NULL, tmp, NULL, &e, &cause), -1);
	assert_non_null(strstr(cause, "neither pyvenv.cfg"));
	free(cause);

	/* Nothing at all. */
	setenv("PATH", tmp, 1);
	assert_int_equal(load(NULL, NULL, NULL, &e, &cause), -1);
	assert_string_equal(cause, "no python3 on PATH and no virtual environment active; "
	    "give --python PATH or --venv DIR");
	free(cause);

	/* Nothing but --path: marker values from this machine, said in a warning. */
	assert_int_equal(load(NULL, NULL, ENVS "/venv312/lib/python3.12/site-packages", &e,
	    &cause), 0);
	assert_null(e->python);
	assert_string_equal(e->source, "--path");
	assert_string_equal(e->markers.values[MV_PYTHON_VERSION], "3.12");
	assert_string_equal(e->markers.values[MV_OS_NAME], "posix");
	assert_true(has_warning(e, "no interpreter ran"));
	assert_non_null(env_find(e, "venvpkg"));
	env_free(e);
	assert_int_equal(load(NULL, NULL, SITE1, &e, &cause), 0);
	assert_string_equal(e->markers.values[MV_PYTHON_VERSION], "");
	assert_true(has_warning(e, "python_version is unknown"));
	env_free(e);

	tl_rm_rf(tmp);
	free(tmp);
}

static void
test_pyvenv_fallback(void **state)
{
	char *cause;
	struct environment *e;

	assert_int_equal(load(NULL, ENVS "/venv312", NULL, &e, &cause), 0);
	assert_null(e->python);
	assert_string_equal(e->source, "--venv");
	assert_string_equal(e->prefix, ENVS "/venv312");
	assert_string_equal(e->version, "3.12.1");
	assert_false(e->free_threaded);
	assert_string_equal(e->markers.values[MV_PYTHON_VERSION], "3.12");
	assert_string_equal(e->markers.values[MV_PYTHON_FULL_VERSION], "3.12.1");
	assert_string_equal(e->markers.values[MV_IMPLEMENTATION_NAME], "cpython");
	assert_true(has_warning(e, "pyvenv.cfg"));
	assert_int_equal(e->ndists, 1);
	assert_string_equal(e->dists[0]->name, "venvpkg");
	env_free(e);

	setenv("VIRTUAL_ENV", ENVS "/venv313t", 1);
	assert_int_equal(load(NULL, NULL, NULL, &e, &cause), 0);
	assert_string_equal(e->source, "VIRTUAL_ENV");
	assert_string_equal(e->version, "3.13.0");
	assert_true(e->free_threaded);
	assert_non_null(env_find(e, "ftpkg"));
	env_free(e);
}

/* The real interpreter: one run, sane answers, sys.path as importlib sees it. */
static void
test_real_python(void **state)
{
	char *cause;
	struct environment *e;
	double t0 = now_ms();
	struct pyquery *q;

	assert_int_equal(load(python3(), NULL, NULL, &e, &cause), 0);
	log_debug("env_load on %s: %.1f ms", python3(), now_ms() - t0);
	assert_string_equal(e->source, "--python");
	assert_true(str_starts_with(e->version, "3."));
	assert_true(str_starts_with(e->markers.values[MV_PYTHON_FULL_VERSION],
	    e->markers.values[MV_PYTHON_VERSION]));
	assert_string_equal(e->markers.values[MV_OS_NAME], "posix");
	assert_true(e->site_paths.n > 0);
	assert_string_equal(e->site_paths.v[0], "");
	for (size_t i = 0; i < MV_COUNT; i++)
		assert_ptr_equal(e->markers.values[i], e->marker_values[i]);
	env_free(e);

	assert_int_equal(pyquery_run(python3(), 10000, &q, &cause), 0);
	assert_true(q->path.n > 0);
	pyquery_free(q);
}

/* The hand-written JSON of the query program: quotes, backslashes, control characters,
 * non-ASCII and astral characters in sys.path survive exactly. */
static void
test_query_strange_paths(void **state)
{
	static const char weird[] = "/tmp/ftport \"q\" back\\slash\ttab caf\xc3\xa9 "
	    "\xf0\x9f\x98\x80 \x7f end";
	struct pyquery *q;
	static const char *const vars[] = { "PYTHONPATH", NULL };
	struct tl_env saved_pp;
	char *cause = NULL;
	bool found = false;

	tl_env_save(&saved_pp, vars);
	setenv("PYTHONPATH", weird, 1);
	assert_int_equal(pyquery_run(python3(), 10000, &q, &cause), 0);
	for (size_t i = 0; i < q->path.n; i++)
		if (strcmp(q->path.v[i], weird) == 0)
			found = true;
	assert_true(found);
	pyquery_free(q);
	tl_env_restore(&saved_pp);
}

/* The marker values equal packaging.markers.default_environment() in the same
 * interpreter (pip's vendored copy, or packaging itself). */
static void
test_markers_match_packaging(void **state)
{
	static const char prog[] =
	    "import json, sys\n"
	    "try:\n"
	    "    from packaging.markers import default_environment\n"
	    "except ImportError:\n"
	    "    try:\n"
	    "        from pip._vendor.packaging.markers import default_environment\n"
	    "    except ImportError:\n"
	    "        sys.exit(5)\n"
	    "json.dump(default_environment(), sys.stdout)\n";
	char *argv[] = { (char *)python3(), (char *)"-c", (char *)prog, NULL };
	struct pyquery_child c;
	struct pyquery *q;
	char *cause = NULL;
	json_t *root;
	json_error_t err;

	assert_int_equal(pyquery_spawn(argv, 20000, 1 << 20, &c, &cause), 0);
	if (c.status == 5) {
		/* Neither packaging nor pip here: nothing to compare with. */
		pyquery_child_free(&c);
		return;
	}
	assert_int_equal(c.status, 0);
	root = json_loadb(c.out, c.outlen, 0, &err);
	assert_non_null(root);
	assert_int_equal(pyquery_run(python3(), 10000, &q, &cause), 0);
	for (size_t i = 0; i < MV_COUNT; i++) {
		json_t *v = json_object_get(root, pyquery_marker_names[i]);

		if (!json_is_string(v))
			fail_msg("packaging has no %s", pyquery_marker_names[i]);
		assert_string_equal(q->markers[i], json_string_value(v));
	}
	pyquery_free(q);
	json_decref(root);
	pyquery_child_free(&c);
}

static void
test_which(void **state)
{
	char *tmp = tl_tmpdir("env"), *p, *found;

	p = xprintf("%s/python3", tmp);
	tl_write_text(p, "#!/bin/sh\n", 0644);	/* not executable: skipped */
	free(p);
	p = xprintf("%s/sub", tmp);
	mkdir(p, 0755);
	free(p);
	p = xprintf("%s/sub/python3", tmp);
	tl_write_text(p, "#!/bin/sh\n", 0755);
	free(p);
	p = xprintf("%s:%s/sub", tmp, tmp);
	setenv("PATH", p, 1);
	free(p);
	found = pyquery_which("python3");
	if (geteuid() != 0) {
		p = xprintf("%s/sub/python3", tmp);
		assert_string_equal(found, p);
		free(p);
	} else
		assert_non_null(found);
	free(found);
	assert_null(pyquery_which("no-such-program-ftport"));
	tl_rm_rf(tmp);
	free(tmp);
}

/* PT_INTERP of real executables (glibc's loader here), and what is not an ELF
 * executable: a script, a file too short, a static-looking ELF without PT_INTERP. */
static void
test_elf_interp(void **state)
{
	char buf[4096], *tmp = tl_tmpdir("elf"), *p;
	unsigned char ehdr[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	struct pyquery *q;
	char *cause;

	(void)state;
	assert_int_equal(pyquery_elf_interp("/bin/sh", buf, sizeof buf), 0);
	assert_non_null(strstr(buf, "ld-"));
	/* The real interpreter on glibc: confstr answers, with the version. */
	assert_int_equal(pyquery_run(python3(), 10000, &q, &cause), 0);
	assert_string_equal(q->libc, "glibc");
	assert_true(q->libc_version[0] >= '2');
	pyquery_free(q);

	assert_int_equal(pyquery_elf_interp("/nonexistent", buf, sizeof buf), -1);
	p = xprintf("%s/script", tmp);
	tl_write_text(p, "#!/bin/sh\n", 0755);
	assert_int_equal(pyquery_elf_interp(p, buf, sizeof buf), -1);
	free(p);
	p = xprintf("%s/noph", tmp);
	tl_write_file(p, ehdr, sizeof ehdr, 0755);	/* no program headers */
	assert_int_equal(pyquery_elf_interp(p, buf, sizeof buf), -1);
	free(p);
	p = xprintf("%s/short", tmp);
	tl_write_file(p, ehdr, 20, 0755);
	assert_int_equal(pyquery_elf_interp(p, buf, sizeof buf), -1);
	free(p);
	/* A buffer too small for the path: refused, not cut. */
	assert_int_equal(pyquery_elf_interp("/bin/sh", buf, 4), -1);
	tl_rm_rf(tmp);
	free(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_matches_importlib),
		cmocka_unit_test(test_first_wins),
		cmocka_unit_test(test_poetry_tree),
		cmocka_unit_test(test_debian_dist_packages),
		cmocka_unit_test(test_symlink_loops_and_odd_entries),
		cmocka_unit_test(test_cwd_entry),
		cmocka_unit_test_setup_teardown(test_python_bad, save_env, restore_env),
		cmocka_unit_test_setup_teardown(test_python_fake_answer, save_env, restore_env),
		cmocka_unit_test_setup_teardown(test_prescan, save_env, restore_env),
		cmocka_unit_test_setup_teardown(test_env_vars_bad, save_env, restore_env),
		cmocka_unit_test_setup_teardown(test_pyvenv_fallback, save_env, restore_env),
		cmocka_unit_test_setup_teardown(test_real_python, save_env, restore_env),
		cmocka_unit_test_setup_teardown(test_which, save_env, restore_env),
		cmocka_unit_test(test_query_strange_paths),
		cmocka_unit_test(test_markers_match_packaging),
		cmocka_unit_test(test_elf_interp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
