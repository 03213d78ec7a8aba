/* test_scanpat.c: the source scan's pure parts: which files are read, each declaration
 * form and its look-alikes that are not declarations, line numbers, tag names, the
 * clone's directory name, the summary line and the result's JSON round trip. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "gitclone.h"
#include "gitrelease.h"
#include "gitscan.h"
#include "scanpat.h"
#include "util.h"

struct got {
	int		kinds[16];
	unsigned	lines[16];
	size_t		n;
};

static int
collect(const struct scanpat_match *m, void *arg)
{
	struct got *g = arg;

	if (g->n < 16) {
		g->kinds[g->n] = (int)m->kind;
		g->lines[g->n] = m->line;
	}
	g->n++;
	return 0;
}

/* The kind found in text as the file path, or -1 when nothing is found; exactly one
 * match is expected otherwise. */
static int
one(const char *path, const char *text)
{
	struct got g = { .n = 0 };

	scanpat_find(scanpat_classes(path), text, strlen(text), collect, &g);
	if (g.n == 0)
		return -1;
	assert_int_equal(g.n, 1);
	return g.kinds[0];
}

static void
test_classes(void **state)
{
	(void)state;
	assert_int_not_equal(scanpat_classes("src/mod.c"), 0);
	assert_int_not_equal(scanpat_classes("SRC/MOD.CPP"), 0);
	assert_int_not_equal(scanpat_classes("pyproject.toml"), 0);
	assert_int_not_equal(scanpat_classes(".github/workflows/wheels.yml"), 0);
	assert_int_not_equal(scanpat_classes("CMakeLists.txt"), 0);
	assert_int_not_equal(scanpat_classes("sub/meson.build"), 0);
	/* Documentation only mentions things. */
	assert_int_equal(scanpat_classes("README.md"), 0);
	assert_int_equal(scanpat_classes("docs/changelog.rst"), 0);
	assert_int_equal(scanpat_classes("notes.txt"), 0);
	assert_int_equal(scanpat_classes("logo.png"), 0);
	assert_int_equal(scanpat_classes(".c"), 0);
}

static void
test_c_api(void **state)
{
	(void)state;
	assert_int_equal(one("m.c", "static PyModuleDef_Slot s[] = {\n"
	    "    {Py_mod_gil, Py_MOD_GIL_NOT_USED},\n"), SCANPAT_PY_MOD_GIL);
	assert_int_equal(one("m.c", "{Py_mod_gil, Py_MOD_GIL_USED},\n"), SCANPAT_GIL_USED);
	assert_int_equal(one("m.c", "#ifdef Py_GIL_DISABLED\n"
	    "    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);\n#endif\n"),
	    SCANPAT_SET_GIL);
	assert_int_equal(one("m.c", "PyUnstable_Module_SetGIL (m, Py_MOD_GIL_USED);\n"),
	    SCANPAT_SET_GIL_USED);
	assert_int_equal(one("m.c", "int MyPy_MOD_GIL_NOT_USED_X;\n"), -1);
	/* In a document it is a mention, not a declaration. */
	assert_int_equal(one("README.md", "use {Py_mod_gil, Py_MOD_GIL_NOT_USED}\n"), -1);
	assert_int_equal(one("ext.rs", "pyo3_ffi::Py_MOD_GIL_NOT_USED\n"), SCANPAT_PY_MOD_GIL);
}

/* The opt-outs as real projects write them (orjson's Rust slot table spans lines),
 * and the places that only name the value. */
static void
test_optouts(void **state)
{
	(void)state;
	assert_int_equal(one("src/lib.rs", "    PyModuleDef_Slot {\n"
	    "        slot: crate::ffi::Py_mod_gil,\n"
	    "        value: crate::ffi::Py_MOD_GIL_USED,\n    },\n"), SCANPAT_GIL_USED);
	assert_int_equal(one("src/ffi/mod.rs",
	    "pub(crate) use pyo3_ffi::{Py_MOD_GIL_USED, Py_mod_gil};\n"), -1);
	assert_int_equal(one("m.h", "#define Py_MOD_GIL_USED ((void *)0)\n"), -1);
	assert_int_equal(one("m.c", "x = Py_MOD_GIL_USED;\n"), -1);	/* no slot named */
	assert_int_equal(one("m.c", "/* {Py_mod_gil, Py_MOD_GIL_USED} */\n"), -1);
	assert_int_equal(one("README.md", "{Py_mod_gil, Py_MOD_GIL_USED}\n"), -1);
	assert_true(scanpat_kind_is_optout(SCANPAT_GIL_USED));
	assert_true(scanpat_kind_is_optout(SCANPAT_PYO3_GIL));
	assert_false(scanpat_kind_is_optout(SCANPAT_PY_MOD_GIL));
	assert_false(scanpat_kind_is_optout(SCANPAT_CLASSIFIER));
}

static void
test_cython(void **state)
{
	(void)state;
	assert_int_equal(one("a.pyx", "# cython: language_level=3, freethreading_compatible=True\n"),
	    SCANPAT_CYTHON);
	assert_int_equal(one("setup.py", "compiler_directives={'freethreading_compatible': True}\n"),
	    SCANPAT_CYTHON);
	assert_int_equal(one("meson.build", "cython_args: ['-X', 'freethreading_compatible=true']\n"),
	    SCANPAT_CYTHON);
	assert_int_equal(one("a.pyx", "# cython: freethreading_compatible=False\n"),
	    SCANPAT_CYTHON_GIL);
	assert_int_equal(one("setup.py", "directives={'freethreading_compatible': False}\n"),
	    SCANPAT_CYTHON_GIL);
	assert_int_equal(one("a.pyx", "# see freethreading_compatible\n"), -1);
}

static void
test_bindings(void **state)
{
	(void)state;
	assert_int_equal(one("src/lib.rs", "#[pymodule(gil_used = false)]\n"), SCANPAT_PYO3);
	assert_int_equal(one("src/lib.rs", "#[pymodule(gil_used=false, name = \"x\")]\n"),
	    SCANPAT_PYO3);
	assert_int_equal(one("src/lib.rs", "#[pymodule(gil_used = true)]\n"), SCANPAT_PYO3_GIL);
	assert_int_equal(one("src/lib.rs", "#[pymodule(gil_used = trueish)]\n"), -1);
	assert_int_equal(one("src/lib.rs", "#[pymodule(gil_used = falsey)]\n"), -1);
	assert_int_equal(one("m.cpp", "PYBIND11_MODULE(m, mod, py::mod_gil_not_used()) {\n"),
	    SCANPAT_PYBIND11);
	assert_int_equal(one("m.cpp", "// mod_gil_not_used is new in 2.13\n"), -1);
	assert_int_equal(one("CMakeLists.txt", "nanobind_add_module(\n  _core\n  FREE_THREADED\n"),
	    SCANPAT_NANOBIND);
	assert_int_equal(one("CMakeLists.txt", "set(NOT_FREE_THREADED_X 1)\n"), -1);
	assert_int_equal(one("meson.build", "f2py_args = ['--freethreading-compatible']\n"),
	    SCANPAT_F2PY);
	assert_int_equal(one("meson.build", "f2py_args = ['--no-freethreading-compatible']\n"), -1);
}

static void
test_ci(void **state)
{
	(void)state;
	assert_int_equal(one(".github/workflows/w.yml", "  CIBW_BUILD: cp313-* cp313t-*\n"),
	    SCANPAT_CIBUILDWHEEL);
	assert_int_equal(one("pyproject.toml", "[tool.cibuildwheel]\nbuild = \"cp314t-*\"\n"),
	    SCANPAT_CIBUILDWHEEL);
	assert_int_equal(one("pyproject.toml", "[tool.cibuildwheel]\nskip = \"cp313t-*\"\n"), -1);
	assert_int_equal(one("w.yml", "  CIBW_SKIP: cp314t-*\n"), -1);
	assert_int_equal(one("w.yml", "  CIBW_BUILD: cp310-* cp311-*\n"), -1);
	assert_int_equal(one("w.yml", "  CIBW_FREE_THREADED_SUPPORT: True\n"),
	    SCANPAT_CIBUILDWHEEL);
	assert_int_equal(one("w.yml", "  CIBW_ENABLE: cpython-freethreading\n"),
	    SCANPAT_CIBUILDWHEEL);
	assert_int_equal(one("pyproject.toml", "free-threaded-support = true\n"),
	    SCANPAT_CIBUILDWHEEL);
	assert_int_equal(one("ci.yml", "python-version: [\"3.12\", \"3.13t\"]\n"),
	    SCANPAT_CI_MATRIX);
	assert_int_equal(one("ci.yml", "python: 3.14t\n"), SCANPAT_CI_MATRIX);
	assert_int_equal(one("ci.yml", "python-version: [\"3.13\", \"3.14\"]\n"), -1);
	assert_int_equal(one("ci.yml", "version: 13.13t\n"), -1);
	assert_int_equal(one("ci.yml", "version: 3.13tx\n"), -1);
	/* Not in a C file: there it is not configuration. */
	assert_int_equal(one("m.c", "/* cp313t */\n"), -1);
}

static void
test_classifier(void **state)
{
	(void)state;
	assert_int_equal(one("pyproject.toml",
	    "classifiers = [\n  \"Programming Language :: Python :: Free Threading :: 2 - Beta\",\n"),
	    SCANPAT_CLASSIFIER);
	assert_int_equal(one("setup.py",
	    "    'Programming Language :: Python :: Free Threading',\n"), SCANPAT_CLASSIFIER);
	assert_int_equal(one("README.md", "Programming Language :: Python :: Free Threading\n"), -1);
}

static void
test_lines_and_order(void **state)
{
	const char *text =
	    "line 1\n"
	    "{Py_mod_gil, Py_MOD_GIL_NOT_USED}, /* also py::mod_gil_not_used() */\n"
	    "\n"
	    "PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);\n"
	    "x\n"
	    "{Py_mod_gil, Py_MOD_GIL_NOT_USED}";	/* no final newline */
	struct got g = { .n = 0 };

	(void)state;
	assert_int_equal(scanpat_find(scanpat_classes("m.cc"), text, strlen(text), collect, &g), 3);
	assert_int_equal(g.n, 3);
	/* One match a line; on line 4 the SetGIL call, not the slot value inside it. */
	assert_int_equal(g.lines[0], 2);
	assert_int_equal(g.kinds[0], SCANPAT_PY_MOD_GIL);
	assert_int_equal(g.lines[1], 4);
	assert_int_equal(g.kinds[1], SCANPAT_SET_GIL);
	assert_int_equal(g.lines[2], 6);
	assert_true(scanpat_has(scanpat_classes("m.cc"), SCANPAT_SET_GIL, text, strlen(text)));
	assert_false(scanpat_has(scanpat_classes("m.cc"), SCANPAT_PYO3, text, strlen(text)));
}

static void
test_binary(void **state)
{
	char buf[9000];

	(void)state;
	memset(buf, 'a', sizeof buf);
	assert_false(scanpat_is_binary(buf, sizeof buf));
	buf[8500] = '\0';
	assert_false(scanpat_is_binary(buf, sizeof buf));	/* past git's 8,000 bytes */
	buf[10] = '\0';
	assert_true(scanpat_is_binary(buf, sizeof buf));
}

static void
test_kind_names(void **state)
{
	(void)state;
	for (int k = 0; k < SCANPAT_NKINDS; k++)
		assert_int_equal(scanpat_kind_from_name(scanpat_kind_name(k)), k);
	assert_int_equal(scanpat_kind_from_name("nope"), -1);
}

static void
test_tag_names(void **state)
{
	struct strlist l = STRLIST_INIT;
	static const char *want[] = { "v1.2.3", "1.2.3", "release-1.2.3", "Foo.Bar-1.2.3",
	    "Foo.Bar-v1.2.3",
	    "foo-bar-1.2.3", "foo-bar-v1.2.3", "foo_bar-1.2.3", "foo_bar-v1.2.3" };

	(void)state;
	scan_tag_names("Foo.Bar", "1.2.3", &l);
	assert_int_equal(l.n, nitems(want));
	for (size_t i = 0; i < nitems(want); i++)
		assert_string_equal(l.v[i], want[i]);
	strlist_clear(&l);
	/* Already normalised: no duplicates. */
	scan_tag_names("numpy", "2.0.1", &l);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.v[4], "numpy-v2.0.1");
	strlist_clear(&l);
	scan_tag_names(NULL, "2.0.1", &l);
	assert_int_equal(l.n, 3);
	strlist_clear(&l);
}

/* The release tag forms, and what is no release. */
static void
test_release_tags(void **state)
{
	struct pep440_version v;

	(void)state;
	assert_int_equal(release_tag_form("1.2", "foo", &v), 0);
	assert_int_equal(release_tag_form("v1.2", "foo", &v), 1);
	assert_int_equal(release_tag_form("foo-1.2", "foo", &v), 2);
	assert_int_equal(release_tag_form("Foo_Bar-v1.2", "foo-bar", &v), 2);
	assert_int_equal(release_tag_form("foo_bar-1.2", "Foo.Bar", &v), 2);
	assert_int_equal(release_tag_form("release-1.2", "foo", &v), 3);
	assert_int_equal(v.nrelease, 2);
	assert_int_equal(release_tag_form("release-1.2", NULL, &v), 3);
	assert_int_equal(release_tag_form("6.0.2rc1", "x", &v), 0);
	assert_true(pep440_is_prerelease(&v));
	/* Another package's tag in a shared repository, and names that are no version. */
	assert_int_equal(release_tag_form("bar-1.2", "foo", &v), -1);
	assert_int_equal(release_tag_form("2.1.x", "foo", &v), -1);
	assert_int_equal(release_tag_form("dec-11", "foo", &v), -1);
	assert_int_equal(release_tag_form("foo-", "foo", &v), -1);
	assert_int_equal(release_tag_form("", "foo", &v), -1);
	assert_int_equal(release_tag_form(" 1.2", "foo", &v), -1);
}

static void
test_clone_path(void **state)
{
	char *a = gitclone_path("/c", "https://user:secret@github.com/pyca/cryptography.git");
	char *b = gitclone_path("/c", "https://github.com/pyca/cryptography.git");
	char *c = gitclone_path("/c", "/srv/git/a b/../x");

	(void)state;
	/* Credentials are neither in the name nor in what it is hashed from. */
	assert_null(strstr(a, "secret"));
	assert_string_equal(a, b);
	assert_true(str_starts_with(a, "/c/git/github.com_pyca_cryptography.git-"));
	assert_true(str_ends_with(a, ".git"));
	assert_null(strstr(c + strlen("/c/git/"), "/"));
	free(a);
	free(b);
	free(c);
}

static struct scan_result *
sample(void)
{
	struct scan_result *r = xcalloc(1, sizeof *r);

	r->url = xstrdup("file:///srv/x.git");
	r->branch = xstrdup("main");
	strcpy(r->head, "0123456789abcdef0123456789abcdef01234567");
	r->state = SCAN_UNRELEASED;
	r->findings = xcalloc(1, sizeof *r->findings);
	r->findings[0].kind = SCANPAT_PYO3;
	r->findings[0].path = xstrdup("src/lib.rs");
	r->findings[0].line = 7;
	r->findings[0].text = xstrdup("#[pymodule(gil_used = false)]");
	r->nfindings = r->findings_total = 1;
	r->tag = xstrdup("v1.2.3");
	strcpy(r->tag_commit, "89abcdef0123456789abcdef0123456789abcdef");
	strcpy(r->intro, "fedcba9876543210fedcba9876543210fedcba98");
	r->intro_summary = xstrdup("Declare free-threading support");
	r->intro_time = 1780000000;	/* 2026-05-28 */
	r->files_read = 12;
	return r;
}

static void
test_summary_and_json(void **state)
{
	struct scan_result *r = sample(), *back;
	json_t *j, *j2;
	char *s, *d1, *d2;

	(void)state;
	s = scan_result_summary(r, "1.2.3");
	assert_string_equal(s, "support merged after 1.2.3, not yet released "
	    "(fedcba9 Declare free-threading support, 2026-05-28)");
	free(s);
	j = scan_result_json(r);
	back = scan_result_from_json(j);
	assert_non_null(back);
	j2 = scan_result_json(back);
	d1 = json_dumps(j, JSON_SORT_KEYS);
	d2 = json_dumps(j2, JSON_SORT_KEYS);
	assert_string_equal(d1, d2);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "unreleased");
	free(d1);
	free(d2);
	json_decref(j2);
	scan_result_free(back);
	/* A damaged cache entry is refused, not half-read. */
	json_object_set_new(json_array_get(json_object_get(j, "findings"), 0), "kind",
	    json_string("bogus"));
	assert_null(scan_result_from_json(j));
	json_decref(j);

	r->state = SCAN_RELEASED;
	s = scan_result_summary(r, "1.2.3");
	assert_string_equal(s, "free-threading support declared in 1.2.3 (tag v1.2.3)");
	free(s);
	r->state = SCAN_NONE;
	s = scan_result_summary(r, "1.2.3");
	assert_string_equal(s, "no declaration of free-threading support on main");
	free(s);

	/* Released after the installed version: the release and the command. */
	r->state = SCAN_UPGRADE;
	r->name = xstrdup("Foo_Bar");
	r->release_tag = xstrdup("v1.3.0");
	strcpy(r->release_version, "1.3.0");
	strcpy(r->release_commit, "0123456789abcdef0123456789abcdef01234567");
	r->latest_tag = xstrdup("release-2.0");
	strcpy(r->latest_version, "2.0");
	s = scan_result_summary(r, "1.2.3");
	assert_string_equal(s, "support released in 1.3.0 (upgrade: pip install "
	    "\"foo-bar>=1.3.0\")");
	free(s);
	j = scan_result_json(r);
	back = scan_result_from_json(j);
	assert_non_null(back);
	assert_string_equal(back->release_tag, "v1.3.0");
	assert_string_equal(back->latest_version, "2.0");
	assert_string_equal(back->name, "Foo_Bar");
	scan_result_free(back);
	json_decref(j);
	/* An epoch's '!' is history expansion inside double quotes in bash. */
	strcpy(r->release_version, "1!1.3.0");
	s = scan_result_pip(r);
	assert_string_equal(s, "pip install 'foo-bar>=1!1.3.0'");
	free(s);
	/* Not in any release: named after the latest one. */
	r->state = SCAN_UNRELEASED;
	s = scan_result_summary(r, "1.2.3");
	assert_string_equal(s, "support merged after the latest release 2.0, not yet released "
	    "(fedcba9 Declare free-threading support, 2026-05-28)");
	free(s);
	/* An opt-out: where. */
	r->state = SCAN_GIL_USED;
	r->findings[0].kind = SCANPAT_PYO3_GIL;
	s = scan_result_summary(r, "1.2.3");
	assert_string_equal(s, "upstream declares it needs the GIL (src/lib.rs:7)");
	free(s);
	scan_result_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_c_api),
		cmocka_unit_test(test_optouts),
		cmocka_unit_test(test_cython),
		cmocka_unit_test(test_bindings),
		cmocka_unit_test(test_ci),
		cmocka_unit_test(test_classifier),
		cmocka_unit_test(test_lines_and_order),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_tag_names),
		cmocka_unit_test(test_release_tags),
		cmocka_unit_test(test_clone_path),
		cmocka_unit_test(test_summary_and_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
