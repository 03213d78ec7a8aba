/* test_ftpython.c: where free-threaded interpreters are looked for, without running
 * them: python3.XYt on PATH, uv's and pyenv's trees (HOME, XDG_DATA_HOME, PYENV_ROOT,
 * UV_PYTHON_INSTALL_DIR), the target's version first, then PATH > uv > pyenv, then newer;
 * what is not executable or not free-threaded by name is not a candidate. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ftpython.h"
#include "testlib.h"
#include "util.h"

static void
exe(const char *rel, mode_t mode)
{
	char *path = xprintf("%s/%s", tl_root, rel);

	tl_write_text(path, "#!/bin/sh\nexit 1\n", mode);
	free(path);
}

static void
expect(const struct ftpython_env *fe, const char *target, const char *const *want)
{
	struct strlist paths = STRLIST_INIT, origins = STRLIST_INIT;
	size_t n = 0;

	ftpython_candidates(fe, target, &paths, &origins);
	while (want[n] != NULL)
		n++;
	for (size_t i = 0; i < paths.n; i++)
		print_message("%s: %s (%s)\n", target, paths.v[i], origins.v[i]);
	assert_int_equal(paths.n, n / 2);
	for (size_t i = 0; i < n / 2; i++) {
		if (strstr(paths.v[i], want[2 * i]) == NULL)
			fail_msg("candidate %zu is %s, not ...%s", i, paths.v[i], want[2 * i]);
		assert_string_equal(origins.v[i], want[2 * i + 1]);
	}
	strlist_clear(&paths);
	strlist_clear(&origins);
}

static void
test_candidates(void **state)
{
	struct ftpython_env fe;
	char *path, *home, *root;

	(void)state;
	exe("bin1/python3.13t", 0755);
	exe("bin1/python3.12", 0755);		/* not free-threaded by name */
	exe("bin2/python3.14t", 0755);
	exe("bin2/python3.15t", 0644);		/* not executable */
	exe("home/.local/share/uv/python/cpython-3.14.0+freethreaded-linux-x86_64-gnu/bin/python3.14t", 0755);
	exe("home/.local/share/uv/python/cpython-3.13.1-linux-x86_64-gnu/bin/python3.13", 0755);
	exe("home/.pyenv/versions/3.13.2t/bin/python", 0755);
	exe("home/.pyenv/versions/3.13.2/bin/python", 0755);
	exe("pyroot/versions/3.14.1t/bin/python3.14t", 0755);
	exe("uvdir/cpython-3.15.0a1+freethreaded/bin/python3.15t", 0755);

	memset(&fe, 0, sizeof fe);
	path = xprintf("%s/bin1::%s/bin2:%s/missing", tl_root, tl_root, tl_root);
	home = xprintf("%s/home", tl_root);
	fe.path = path;
	fe.home = home;
	expect(&fe, "3.14t", (const char *[]){
	    "/bin2/python3.14t", "PATH",
	    "freethreaded-linux-x86_64-gnu/bin/python3.14t", "uv",
	    "/bin1/python3.13t", "PATH",
	    "/3.13.2t/bin/python", "pyenv", NULL });
	expect(&fe, "3.13t", (const char *[]){
	    "/bin1/python3.13t", "PATH",
	    "/3.13.2t/bin/python", "pyenv",
	    "/bin2/python3.14t", "PATH",
	    "freethreaded-linux-x86_64-gnu/bin/python3.14t", "uv", NULL });

	root = xprintf("%s/pyroot", tl_root);
	fe.pyenv_root = root;
	free(path);
	path = xprintf("%s/uvdir", tl_root);
	fe.uv_python_dir = path;
	fe.path = NULL;
	expect(&fe, "3.15t", (const char *[]){
	    "/uvdir/cpython-3.15.0a1+freethreaded/bin/python3.15t", "uv",
	    "freethreaded-linux-x86_64-gnu/bin/python3.14t", "uv",
	    "/pyroot/versions/3.14.1t/bin/python3.14t", "pyenv",
	    "/3.13.2t/bin/python", "pyenv", NULL });

	/* Nothing at all. */
	memset(&fe, 0, sizeof fe);
	expect(&fe, "3.14t", (const char *[]){ NULL });
	free(root);
	free(path);
	free(home);
}

static void
test_none_found(void **state)
{
	struct ftpython_env fe;
	struct ftpython *p = NULL;
	char *cause = NULL, *home = xprintf("%s/empty", tl_root);

	(void)state;
	memset(&fe, 0, sizeof fe);
	fe.home = home;
	fe.path = home;
	assert_int_equal(ftpython_find(&fe, NULL, NULL, "3.14t", &p, &cause), -1);
	assert_null(p);
	assert_non_null(strstr(cause, "no free-threaded Python found"));
	assert_non_null(strstr(cause, ftpython_howto));
	assert_null(strchr(cause, '\n'));
	free(cause);
	cause = NULL;
	assert_int_equal(ftpython_find(&fe, "/no/such/python3.14t", NULL, "3.14t", &p, &cause), -1);
	assert_non_null(strstr(cause, "--ft-python"));
	free(cause);
	free(home);
}

/* A 3.13t interpreter asked about 3.14t: one line naming both ABIs; none when they
 * agree, or when the version is unknown. */
static void
test_target_note(void **state)
{
	struct ftpython p = { .version = (char *)"3.13.5", .free_threaded = true };
	char *note;

	(void)state;
	strcpy(p.abi, "cp313t");
	note = ftpython_target_note(&p, "3.14t");
	assert_non_null(note);
	assert_string_equal(note, "the free-threaded Python 3.13.5 is cp313t, not the target "
	    "cp314t: the results are for cp313t");
	free(note);
	assert_null(ftpython_target_note(&p, "3.13t"));
	assert_null(ftpython_target_note(&p, "cp313t"));
	p.abi[0] = '\0';
	assert_null(ftpython_target_note(&p, "3.14t"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_note),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_none_found),
	};

	return cmocka_run_group_tests(tests, tl_root_setup, tl_root_teardown);
}
