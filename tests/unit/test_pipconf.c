/* test_pipconf.c: which index pip would use: --index-url, PIP_INDEX_URL, then pip.conf
 * files in pip's order (global, user, site, PIP_CONFIG_FILE), [install] over [global]. */
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

#include "pipconf.h"
#include "testlib.h"
#include "util.h"
#include "uvconf.h"

static void
write_conf(const char *rel, const char *text)
{
	char *path = xprintf("%s/%s", tl_root, rel);

	tl_write_text(path, text, 0644);
	free(path);
}

static void
remove_conf(const char *rel)
{
	char *path = xprintf("%s/%s", tl_root, rel);

	unlink(path);
	free(path);
}

/* An environment of temporary directories only: the machine's own /etc/pip.conf and
 * the developer's ~/.config/pip stay out of it. */
static void
env_for_test(struct pipconf_env *pe, char **bufs)
{
	memset(pe, 0, sizeof *pe);
	pe->home = bufs[0] = xprintf("%s/home", tl_root);
	pe->xdg_config_dirs = bufs[1] = xprintf("%s/xdg-dirs", tl_root);
	pe->etc = bufs[2] = xprintf("%s/etc", tl_root);
	pe->virtual_env = bufs[3] = xprintf("%s/venv", tl_root);
}

static void
expect(const struct pipconf_env *pe, const char *cli, const char *url, const char *origin)
{
	char *u, *o;

	pipconf_index_url(pe, cli, &u, &o);
	assert_string_equal(u, url);
	if (strstr(o, origin) == NULL)
		fail_msg("origin '%s' does not contain '%s'", o, origin);
	free(u);
	free(o);
}

static void
test_precedence(void **state)
{
	struct pipconf_env pe;
	char *bufs[4], *p;

	env_for_test(&pe, bufs);
	expect(&pe, NULL, "https://pypi.org/simple/", "default");

	write_conf("xdg-dirs/pip/pip.conf", "[global]\nindex-url = https://xdg-global/simple\n");
	expect(&pe, NULL, "https://xdg-global/simple", "xdg-dirs/pip/pip.conf [global]");
	write_conf("etc/pip.conf", "[global]\nindex-url = https://etc/simple\n");
	expect(&pe, NULL, "https://etc/simple", "etc/pip.conf [global]");
	write_conf("home/.pip/pip.conf", "[global]\nindex-url = https://legacy-user/simple\n");
	expect(&pe, NULL, "https://legacy-user/simple", ".pip/pip.conf");
	write_conf("home/.config/pip/pip.conf", "[global]\nindex-url = https://user/simple\n");
	expect(&pe, NULL, "https://user/simple", "home/.config/pip/pip.conf");

	/* XDG_CONFIG_HOME moves the user file. */
	pe.xdg_config_home = p = xprintf("%s/xdgcfg", tl_root);
	expect(&pe, NULL, "https://legacy-user/simple", ".pip/pip.conf");
	write_conf("xdgcfg/pip/pip.conf", "[global]\nindex-url = https://xdg-user/simple\n");
	expect(&pe, NULL, "https://xdg-user/simple", "xdgcfg/pip/pip.conf");

	/* The virtualenv's file beats the user's. */
	write_conf("venv/pip.conf", "[global]\nindex-url = https://site/simple\n");
	expect(&pe, NULL, "https://site/simple", "venv/pip.conf");

	/* PIP_CONFIG_FILE is read last and wins over the files. */
	write_conf("custom.conf", "[global]\nindex-url = https://custom/simple\n");
	pe.pip_config_file = bufs[0] == NULL ? NULL : xprintf("%s/custom.conf", tl_root);
	expect(&pe, NULL, "https://custom/simple", "custom.conf [global]");

	/* An [install] section anywhere beats [global] everywhere (pip's override
	 * order is by section first), as `pip install` sees it. */
	write_conf("etc/pip.conf", "[global]\nindex-url = https://etc/simple\n"
	    "[install]\nindex-url = https://etc-install/simple\n");
	expect(&pe, NULL, "https://etc-install/simple", "etc/pip.conf [install]");

	/* The environment beats the files, the command line beats everything. */
	pe.pip_index_url = "https://env/simple/";
	expect(&pe, NULL, "https://env/simple/", "PIP_INDEX_URL");
	expect(&pe, "https://cli/simple/", "https://cli/simple/", "--index-url");
	pe.pip_index_url = "";
	expect(&pe, NULL, "https://etc-install/simple", "[install]");

	/* PIP_CONFIG_FILE=/dev/null: no file at all is read. */
	free((char *)pe.pip_config_file);
	pe.pip_config_file = "/dev/null";
	expect(&pe, NULL, "https://pypi.org/simple/", "default");
	pe.pip_config_file = NULL;

	remove_conf("xdg-dirs/pip/pip.conf");
	remove_conf("etc/pip.conf");
	remove_conf("home/.pip/pip.conf");
	remove_conf("home/.config/pip/pip.conf");
	remove_conf("xdgcfg/pip/pip.conf");
	remove_conf("venv/pip.conf");
	remove_conf("custom.conf");
	free(p);
	for (int i = 0; i < 4; i++)
		free(bufs[i]);
}

static void
test_pip_config_file_skips_user(void **state)
{
	struct pipconf_env pe;
	char *bufs[4];
	struct strlist files = STRLIST_INIT;

	env_for_test(&pe, bufs);
	write_conf("home/.config/pip/pip.conf", "[global]\nindex-url = https://user/simple\n");
	write_conf("env.conf", "[global]\ntimeout = 60\n");
	/* A PIP_CONFIG_FILE that exists replaces the user files, even without index-url. */
	pe.pip_config_file = bufs[0] == NULL ? NULL : xprintf("%s/env.conf", tl_root);
	expect(&pe, NULL, "https://pypi.org/simple/", "default");
	pipconf_files(&pe, &files);
	assert_int_equal(files.n, 4);	/* xdg-dirs, etc, venv, the env file */
	assert_true(str_ends_with(files.v[0], "xdg-dirs/pip/pip.conf"));
	assert_true(str_ends_with(files.v[1], "etc/pip.conf"));
	assert_true(str_ends_with(files.v[2], "venv/pip.conf"));
	assert_true(str_ends_with(files.v[3], "env.conf"));
	strlist_clear(&files);
	/* One that does not exist does not. */
	free((char *)pe.pip_config_file);
	pe.pip_config_file = xprintf("%s/missing.conf", tl_root);
	expect(&pe, NULL, "https://user/simple", "home/.config/pip/pip.conf");
	pipconf_files(&pe, &files);
	assert_int_equal(files.n, 6);
	assert_true(str_ends_with(files.v[2], "home/.pip/pip.conf"));
	assert_true(str_ends_with(files.v[3], "home/.config/pip/pip.conf"));
	strlist_clear(&files);
	free((char *)pe.pip_config_file);
	remove_conf("home/.config/pip/pip.conf");
	remove_conf("env.conf");
	for (int i = 0; i < 4; i++)
		free(bufs[i]);
}

static void
test_ini_details(void **state)
{
	char *path = xprintf("%s/details.conf", tl_root), *v = NULL, *cause = NULL;

	write_conf("details.conf",
	    "# a comment\n"
	    "; another\n"
	    "[global]\r\n"
	    "timeout: 60\n"
	    "INDEX_URL   =   https://under-score/simple  \n"
	    "extra-index-url =\n"
	    "    https://a/simple\n"
	    "    https://b/simple\n"
	    "[Install]\n"
	    "index-url = https://wrong-case-section/simple\n"
	    "[install]\n"
	    "index-url =\n"
	    "[download]\n"
	    "index-url = https://download/simple\n");
	assert_int_equal(pipconf_read(path, "global", "index-url", &v, &cause), 1);
	assert_string_equal(v, "https://under-score/simple");
	free(v);
	assert_int_equal(pipconf_read(path, "global", "extra-index-url", &v, &cause), 1);
	assert_string_equal(v, "\nhttps://a/simple\nhttps://b/simple");
	free(v);
	assert_int_equal(pipconf_read(path, "global", "timeout", &v, &cause), 1);
	assert_string_equal(v, "60");
	free(v);
	/* Empty values are ignored, as pip ignores them; section names are exact. */
	assert_int_equal(pipconf_read(path, "install", "index-url", &v, &cause), 0);
	assert_int_equal(pipconf_read(path, "global", "no-such-key", &v, &cause), 0);
	free(path);
	path = xprintf("%s/does-not-exist.conf", tl_root);
	assert_int_equal(pipconf_read(path, "global", "index-url", &v, &cause), 0);
	free(path);
	/* A directory where a file should be cannot be read. */
	assert_int_equal(pipconf_read(tl_root, "global", "index-url", &v, &cause), -1);
	assert_non_null(cause);
	free(cause);
}

static void
test_from_real_environment(void **state)
{
	static const char *const vars[] = { "HOME", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS",
		"PIP_INDEX_URL", "PIP_CONFIG_FILE", "VIRTUAL_ENV", NULL };
	struct tl_env saved;
	struct pipconf_env pe;
	char *home = xprintf("%s/realhome", tl_root), *u, *o;

	/* The environment variables themselves (HOME, XDG_CONFIG_HOME, PIP_CONFIG_FILE). */
	tl_env_save(&saved, vars);
	setenv("HOME", home, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("PIP_INDEX_URL");
	unsetenv("PIP_CONFIG_FILE");
	unsetenv("VIRTUAL_ENV");
	setenv("XDG_CONFIG_DIRS", home, 1);
	write_conf("realhome/.config/pip/pip.conf", "[global]\nindex-url = https://home/simple\n");
	pipconf_env_init(&pe);
	pe.etc = home;		/* keep the machine's /etc/pip.conf out */
	pipconf_index_url(&pe, NULL, &u, &o);
	assert_string_equal(u, "https://home/simple");
	free(u);
	free(o);

	write_conf("realhome/xdg/pip/pip.conf", "[global]\nindex-url = https://xdg/simple\n");
	{
		char *x = xprintf("%s/xdg", home);

		setenv("XDG_CONFIG_HOME", x, 1);
		free(x);
	}
	pipconf_env_init(&pe);
	pe.etc = home;
	pipconf_index_url(&pe, NULL, &u, &o);
	assert_string_equal(u, "https://xdg/simple");
	free(u);
	free(o);

	write_conf("realhome/env.conf", "[global]\nindex-url = https://envfile/simple\n");
	{
		char *x = xprintf("%s/env.conf", home);

		setenv("PIP_CONFIG_FILE", x, 1);
		free(x);
	}
	pipconf_env_init(&pe);
	pe.etc = home;
	pipconf_index_url(&pe, NULL, &u, &o);
	assert_string_equal(u, "https://envfile/simple");
	free(u);
	free(o);

	setenv("PIP_INDEX_URL", "https://envvar/simple https://ignored/extra", 1);
	pipconf_env_init(&pe);
	pipconf_index_url(&pe, NULL, &u, &o);
	assert_string_equal(u, "https://envvar/simple");
	assert_string_equal(o, "PIP_INDEX_URL");
	free(u);
	free(o);
	tl_env_restore(&saved);
	free(home);
}

/* pip's cert: PIP_CERT > [install] > [global], none by default. */
static void
test_cert(void **state)
{
	struct pipconf_env pe;
	char *bufs[4], *path = NULL, *origin = NULL;

	(void)state;
	env_for_test(&pe, bufs);
	assert_int_equal(pipconf_cert(&pe, &path, &origin), 0);
	write_conf("etc/pip.conf", "[global]\ncert = /etc/ssl/global.pem  \n");
	assert_int_equal(pipconf_cert(&pe, &path, &origin), 1);
	assert_string_equal(path, "/etc/ssl/global.pem");
	assert_non_null(strstr(origin, "etc/pip.conf [global]"));
	free(path);
	free(origin);
	write_conf("venv/pip.conf", "[install]\ncert = /venv/install.pem\n");
	assert_int_equal(pipconf_cert(&pe, &path, &origin), 1);
	assert_string_equal(path, "/venv/install.pem");
	free(path);
	free(origin);
	pe.pip_cert = "/env/ca.pem";
	assert_int_equal(pipconf_cert(&pe, &path, &origin), 1);
	assert_string_equal(path, "/env/ca.pem");
	assert_string_equal(origin, "PIP_CERT");
	free(path);
	free(origin);
	remove_conf("etc/pip.conf");
	remove_conf("venv/pip.conf");
	for (int i = 0; i < 4; i++)
		free(bufs[i]);
}

/* pip's extra-index-url: the files' ([install] over [global]; a value holds several
 * URLs), replaced by PIP_EXTRA_INDEX_URL, and the command line's added after. */
static void
test_extra_index_urls(void **state)
{
	struct pipconf_env pe;
	struct strlist urls = STRLIST_INIT, from = STRLIST_INIT, cli = STRLIST_INIT;
	char *bufs[4];

	(void)state;
	env_for_test(&pe, bufs);
	pipconf_extra_index_urls(&pe, NULL, &urls, &from);
	assert_int_equal(urls.n, 0);
	write_conf("etc/pip.conf", "[global]\nextra-index-url =\n    https://a/simple\n"
	    "    https://b/simple\n");
	pipconf_extra_index_urls(&pe, NULL, &urls, &from);
	assert_int_equal(urls.n, 2);
	assert_string_equal(urls.v[1], "https://b/simple");
	assert_non_null(strstr(from.v[0], "etc/pip.conf [global]"));
	strlist_clear(&urls);
	strlist_clear(&from);
	write_conf("venv/pip.conf", "[install]\nextra_index_url = https://c/simple\n");
	strlist_push(&cli, "https://d/simple");
	strlist_push(&cli, "https://c/simple");
	pipconf_extra_index_urls(&pe, &cli, &urls, &from);
	assert_int_equal(urls.n, 2);	/* c once: an index named twice is asked once */
	assert_string_equal(urls.v[0], "https://c/simple");
	assert_string_equal(urls.v[1], "https://d/simple");
	assert_string_equal(from.v[1], "--extra-index-url");
	strlist_clear(&urls);
	strlist_clear(&from);
	pe.pip_extra_index_url = " https://e/simple\thttps://f/simple ";
	pipconf_extra_index_urls(&pe, NULL, &urls, &from);
	assert_int_equal(urls.n, 2);
	assert_string_equal(urls.v[0], "https://e/simple");
	assert_string_equal(urls.v[1], "https://f/simple");
	assert_string_equal(from.v[0], "PIP_EXTRA_INDEX_URL");
	strlist_clear(&urls);
	strlist_clear(&from);
	strlist_clear(&cli);
	remove_conf("etc/pip.conf");
	remove_conf("venv/pip.conf");
	for (int i = 0; i < 4; i++)
		free(bufs[i]);
}

/* uv's TOML: [[index]] tables (default, explicit), index-url, extra-index-url over
 * several lines, index-strategy; pyproject.toml's under tool.uv. */
static void
test_uvconf_parse(void **state)
{
	struct uvconf_file f;
	char uvtoml[] =
	    "index-strategy = \"unsafe-best-match\"  # comment\n"
	    "extra-index-url = [\n  \"https://x/simple\",\n  'https://y/simple',\n]\n"
	    "[[index]]\nname = \"a\"\nurl = \"https://a/simple\"\n"
	    "[[index]]\nurl = \"https://pinned/simple\"\nexplicit = true\n"
	    "[[index]]\nurl = \"https://def/simple\"\ndefault = true\n"
	    "[pip]\nindex-url = \"https://not-this/simple\"\n";
	char pyproject[] =
	    "[project]\nname = \"x\"\nindex-url = \"https://no/simple\"\n"
	    "[tool.uv]\nindex-url = \"https://old-default/simple\"\n"
	    "[[tool.uv.index]]\nurl = \"https://b/simple\"\n";
	char plain[] = "[project]\nname = \"x\"\n";

	(void)state;
	uvconf_parse(uvtoml, "", &f);
	assert_int_equal(f.indexes.n, 3);
	assert_string_equal(f.indexes.v[0], "https://a/simple");
	assert_string_equal(f.indexes.v[1], "https://x/simple");
	assert_string_equal(f.indexes.v[2], "https://y/simple");
	assert_string_equal(f.def, "https://def/simple");
	assert_string_equal(f.strategy, "unsafe-best-match");
	uvconf_file_clear(&f);
	uvconf_parse(pyproject, "tool.uv.", &f);
	assert_true(f.has_tool_uv);
	assert_int_equal(f.indexes.n, 1);
	assert_string_equal(f.indexes.v[0], "https://b/simple");
	assert_string_equal(f.def, "https://old-default/simple");
	uvconf_file_clear(&f);
	uvconf_parse(plain, "tool.uv.", &f);
	assert_false(f.has_tool_uv);
	assert_null(f.def);
	uvconf_file_clear(&f);
}

/* uv's order: UV_INDEX, UV_EXTRA_INDEX_URL, the project's, the user's, the default
 * (UV_DEFAULT_INDEX over the files') last. */
static void
test_uvconf_indexes(void **state)
{
	struct uvconf_env ue;
	struct strlist urls = STRLIST_INIT, from = STRLIST_INIT;
	char *proj = xprintf("%s/uvproj", tl_root), *xdg = xprintf("%s/xdg", tl_root);
	bool best = true;

	(void)state;
	memset(&ue, 0, sizeof ue);
	ue.xdg_config_home = xdg;
	uvconf_indexes(&ue, proj, &urls, &from, &best);
	assert_int_equal(urls.n, 1);
	assert_string_equal(urls.v[0], "https://pypi.org/simple/");
	assert_false(best);
	strlist_clear(&urls);
	strlist_clear(&from);
	write_conf("uvproj/uv.toml", "[[index]]\nurl = \"https://proj/simple\"\n");
	write_conf("uvproj/pyproject.toml", "[[tool.uv.index]]\nurl = \"https://ignored/simple\"\n");
	write_conf("xdg/uv/uv.toml", "index-url = \"https://user-default/simple\"\n"
	    "[[index]]\nurl = \"https://user/simple\"\n");
	ue.uv_index = "named=https://env/simple https://env2/simple";
	uvconf_indexes(&ue, proj, &urls, &from, &best);
	assert_int_equal(urls.n, 5);
	assert_string_equal(urls.v[0], "https://env/simple");
	assert_string_equal(urls.v[1], "https://env2/simple");
	assert_string_equal(urls.v[2], "https://proj/simple");
	assert_string_equal(urls.v[3], "https://user/simple");
	assert_string_equal(urls.v[4], "https://user-default/simple");
	assert_string_equal(from.v[0], "UV_INDEX");
	strlist_clear(&urls);
	strlist_clear(&from);
	ue.uv_default_index = "https://envdef/simple";
	ue.uv_index_strategy = "unsafe-best-match";
	uvconf_indexes(&ue, proj, &urls, &from, &best);
	assert_string_equal(urls.v[urls.n - 1], "https://envdef/simple");
	assert_string_equal(from.v[from.n - 1], "UV_DEFAULT_INDEX");
	assert_true(best);
	assert_true(uvconf_project_uses_uv(proj));
	remove_conf("uvproj/uv.toml");
	assert_true(uvconf_project_uses_uv(proj));	/* pyproject's [[tool.uv.index]] */
	write_conf("uvproj/pyproject.toml", "[project]\nname = \"x\"\n");
	assert_false(uvconf_project_uses_uv(proj));
	write_conf("uvproj/pyproject.toml", "[tool.uv.sources]\nx = { path = \".\" }\n");
	assert_true(uvconf_project_uses_uv(proj));
	remove_conf("uvproj/pyproject.toml");
	remove_conf("xdg/uv/uv.toml");
	strlist_clear(&urls);
	strlist_clear(&from);
	free(proj);
	free(xdg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_pip_config_file_skips_user),
		cmocka_unit_test(test_ini_details),
		cmocka_unit_test(test_from_real_environment),
		cmocka_unit_test(test_cert),
		cmocka_unit_test(test_extra_index_urls),
		cmocka_unit_test(test_uvconf_parse),
		cmocka_unit_test(test_uvconf_indexes),
	};

	return cmocka_run_group_tests(tests, tl_root_setup, tl_root_teardown);
}
