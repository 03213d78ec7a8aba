/* test_meta.c: unit tests for meta.c: every parser (METADATA, requires.txt, WHEEL,
 * RECORD, direct_url.json, file lists), real fixtures, and bad input made at run time. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "meta.h"
#include "strbuf.h"
#include "testlib.h"
#include "util.h"

#define TREES FIXTURES "/installed-trees/poetry-installed"
#define SP37 TREES "/lib/python3.7/site-packages"
#define SITE1 FIXTURES "/envs/site1"

static struct dist *
new_dist(void)
{
	struct dist *d = xcalloc(1, sizeof *d);

	d->meta_dir = xstrdup("test");
	d->root_is_purelib = -1;
	return d;
}

static struct dist *
read_ok(const char *location, const char *dir)
{
	struct dist *d = NULL;
	char *cause = NULL;

	if (meta_read_dist(location, dir, &d, &cause) != 0)
		fail_msg("%s: %s", dir, cause);
	assert_non_null(d);
	return d;
}

static bool
has_warning(const struct dist *d, const char *part)
{
	for (size_t i = 0; i < d->warnings.n; i++)
		if (strstr(d->warnings.v[i], part) != NULL)
			return true;
	return false;
}

/* --- files made at run time -------------------------------------------------- */

static char *
make_dist_dir(const char *tmp, const char *name, const void *metadata, size_t len)
{
	char *dir = xprintf("%s/%s", tmp, name), *meta;

	assert_int_equal(mkdir(dir, 0755), 0);
	meta = xprintf("%s/METADATA", dir);
	tl_write_file(meta, metadata, len, 0644);
	free(meta);
	return dir;
}

/* --- meta_ext_suffix ------------------------------------------------------------ */

static void
test_ext_suffix(void **state)
{
	const char *cases[][2] = {
		{ "foo.cpython-313t-x86_64-linux-gnu.so", "cpython-313t-x86_64-linux-gnu" },
		{ "pkg/sub/_foo.cpython-311-darwin.so", "cpython-311-darwin" },
		{ "foo.abi3.so", "abi3" },
		{ "foo.cp313-win_amd64.pyd", "cp313-win_amd64" },
		{ "foo.cp313t-win_amd64.pyd", "cp313t-win_amd64" },
		{ "foo.pypy310-pp73-x86_64-linux-gnu.so", "pypy310-pp73-x86_64-linux-gnu" },
		{ "foo.so", "so" },
		{ "foo.pyd", "pyd" },
		{ "FOO.PYD", "pyd" },
		{ "libfoo-1.2.so", "so" },	/* a dotted name that is no ABI tag */
		{ "foo.py", NULL },
		{ "foo.so.6", NULL },
		{ "foo.dylib", NULL },
		{ ".so", NULL },
		{ "", NULL },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *s = meta_ext_suffix(cases[i][0]);

		if (cases[i][1] == NULL) {
			if (s != NULL)
				fail_msg("%s: expected NULL, got %s", cases[i][0], s);
		} else {
			if (s == NULL)
				fail_msg("%s: expected %s, got NULL", cases[i][0], cases[i][1]);
			assert_string_equal(s, cases[i][1]);
		}
	}
}

/* --- METADATA ---------------------------------------------------------------------- */

static void
test_parse_metadata_fields(void **state)
{
	static const char text[] =
	    "Metadata-Version: 2.1\n"
	    "NAME: My_Package\n"
	    "version:   1.0.post1  \n"
	    "Summary: first line\n"
	    "\tsecond line\n"
	    "Requires-Dist: a>=1\n"
	    "requires-dist: b ; extra == 'x'\n"
	    "Requires-Dist: c\n"
	    "  (>=2)\n"
	    "Provides-Extra: x\n"
	    "Requires-Python: >=3.9\n"
	    "Home-page: https://example.org\n"
	    "Project-URL: Source, https://github.com/a/b\n"
	    "Classifier: A :: B\n"
	    "Classifier: C :: D\n"
	    "Name: second-name-ignored\n"
	    "Description: x\n"
	    "\n"
	    "Requires-Dist: body\n";
	struct dist *d = new_dist();

	meta_parse_metadata(d, text, sizeof text - 1);
	assert_string_equal(d->display_name, "My_Package");
	assert_string_equal(d->version, "1.0.post1");
	assert_string_equal(d->summary, "first line second line");
	assert_int_equal(d->requires_dist.n, 3);
	assert_string_equal(d->requires_dist.v[0], "a>=1");
	assert_string_equal(d->requires_dist.v[1], "b ; extra == 'x'");
	/* Continuation lines kept as the email parser returns them. */
	assert_string_equal(d->requires_dist.v[2], "c\n  (>=2)");
	assert_int_equal(d->provides_extra.n, 1);
	assert_string_equal(d->requires_python, ">=3.9");
	assert_string_equal(d->home_page, "https://example.org");
	assert_int_equal(d->project_urls.n, 1);
	assert_string_equal(d->project_urls.v[0], "Source, https://github.com/a/b");
	assert_int_equal(d->classifiers.n, 2);
	assert_int_equal(d->warnings.n, 0);
	dist_free(d);
}

static void
test_parse_metadata_edges(void **state)
{
	struct dist *d;
	static const char crlf[] = "Name: a\r\nVersion: 1\r\nSummary: x\r\n y\r\n\r\nName: b\r\n";
	static const char cr[] = "Name: a\rVersion: 2\r\rName: b\r";
	static const char junk[] = "Name: a\nthis line is not a header\nVersion: 3\n";
	static const char lead[] = "\nName: a\nVersion: 1\n";
	static const char nocolon_space[] = "Name : a\nVersion: 1\n";
	static const char cont_first[] = "  orphan continuation\nName: a\nVersion: 1\n";

	d = new_dist();
	meta_parse_metadata(d, crlf, sizeof crlf - 1);
	assert_string_equal(d->display_name, "a");
	assert_string_equal(d->version, "1");
	assert_string_equal(d->summary, "x y");
	dist_free(d);

	d = new_dist();
	meta_parse_metadata(d, cr, sizeof cr - 1);
	assert_string_equal(d->display_name, "a");
	assert_string_equal(d->version, "2");
	dist_free(d);

	/* A non-header line ends the headers (the email parser's missing separator). */
	d = new_dist();
	meta_parse_metadata(d, junk, sizeof junk - 1);
	assert_string_equal(d->display_name, "a");
	assert_null(d->version);
	dist_free(d);

	/* A leading blank line: no headers at all. */
	d = new_dist();
	meta_parse_metadata(d, lead, sizeof lead - 1);
	assert_null(d->display_name);
	dist_free(d);

	/* "Name :" is not a header name (space is not allowed): body starts there. */
	d = new_dist();
	meta_parse_metadata(d, nocolon_space, sizeof nocolon_space - 1);
	assert_null(d->display_name);
	dist_free(d);

	d = new_dist();
	meta_parse_metadata(d, cont_first, sizeof cont_first - 1);
	assert_string_equal(d->display_name, "a");
	dist_free(d);

	/* Empty and truncated input. */
	d = new_dist();
	meta_parse_metadata(d, "", 0);
	assert_null(d->display_name);
	meta_parse_metadata(d, "Name: trunc\nVersion: 1.", 23);
	assert_string_equal(d->display_name, "trunc");
	assert_string_equal(d->version, "1.");
	dist_free(d);
}

static void
test_parse_metadata_bad_bytes(void **state)
{
	/* Invalid UTF-8 (a lone continuation byte, an overlong '/', a surrogate, a
	 * sequence cut short) and a NUL byte in a value. */
	static const char text[] =
	    "Name: bad\x80name\n"
	    "Version: 1.0\n"
	    "Summary: over\xc0\xaflong \xed\xa0\x80 cut\xe2\x82\n"
	    "Requires-Dist: six\0garbage after NUL\n"
	    "Home-page: caf\xc3\xa9\n"
	    "\n";
	struct dist *d = new_dist();

	meta_parse_metadata(d, text, sizeof text - 1);
	assert_string_equal(d->display_name, "bad\xef\xbf\xbdname");
	assert_string_equal(d->version, "1.0");
	/* Repaired as Python's errors="replace" does (and sanitize_text): one U+FFFD per
	 * maximal subpart, so the overlong pair is two and the cut sequence one. */
	assert_string_equal(d->summary, "over\xef\xbf\xbd\xef\xbf\xbdlong "
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd cut\xef\xbf\xbd");
	assert_null(strchr(d->summary, '\xc0'));
	assert_string_equal(d->requires_dist.v[0], "six");
	assert_string_equal(d->home_page, "caf\xc3\xa9");
	assert_true(has_warning(d, "invalid UTF-8"));
	assert_true(has_warning(d, "NUL"));
	dist_free(d);
}

/* --- RECORD ---------------------------------------------------------------------- */

static void
test_parse_record(void **state)
{
	static const char rec[] =
	    "pkg/__init__.py,sha256=x,1\n"
	    "\"pkg/we,ird \"\"x\"\".cpython-312-x86_64-linux-gnu.so\",sha256=y,2\n"
	    "pkg/_a.abi3.so,,\n"
	    "pkg/_b.abi3.so,,\n"
	    "pkg/_w.cp313t-win_amd64.pyd,,\r\n"
	    "\n"
	    "pkg-1.0.dist-info/RECORD,,";
	static const char pure[] = "pkg/__init__.py,,\npkg/data.json,,\n";
	static const char libs[] = "pkg/__init__.py,,\nnumpy.libs/libopenblas-r0.3.so,,\n";
	static const char dylibs[] = "PIL/.dylibs/libjpeg.62.dylib,,\n";
	static const char sover[] = "pkg/libthing.so.1.2,,\n";
	struct dist *d = new_dist();

	meta_parse_record(d, rec, sizeof rec - 1);
	assert_true(d->record_known);
	assert_true(d->compiled);
	assert_int_equal(d->ext_suffixes.n, 3);
	assert_string_equal(d->ext_suffixes.v[0], "cpython-312-x86_64-linux-gnu");
	assert_string_equal(d->ext_suffixes.v[1], "abi3");
	assert_string_equal(d->ext_suffixes.v[2], "cp313t-win_amd64");
	dist_free(d);

	d = new_dist();
	meta_parse_record(d, pure, sizeof pure - 1);
	assert_true(d->record_known);
	assert_false(d->compiled);
	assert_int_equal(d->ext_suffixes.n, 0);
	dist_free(d);

	d = new_dist();
	meta_parse_record(d, "", 0);
	assert_true(d->record_known);
	assert_false(d->compiled);
	dist_free(d);

	const char *natives[] = { libs, dylibs, sover };
	for (size_t i = 0; i < nitems(natives); i++) {
		d = new_dist();
		meta_parse_record(d, natives[i], strlen(natives[i]));
		assert_true(d->compiled);
		assert_int_equal(d->ext_suffixes.n, 0);
		dist_free(d);
	}
}

/* --- real fixtures (python-poetry) ----------------------------------------------- */

static void
test_poetry_direct_url(void **state)
{
	const struct {
		const char	*dir;
		enum direct_kind kind;
		const char	*url;
	} cases[] = {
		{ "url_pep_610-1.2.3.dist-info", DIRECT_URL,
		  "https://mock.pythonhosted.org/distributions/url-pep-610-1.2.3.tar.gz" },
		{ "file_pep_610-1.2.3.dist-info", DIRECT_URL,
		  "file:///path/to/distributions/file-pep-610-1.2.3.tar.gz" },
		{ "git_pep_610-1.2.3.dist-info", DIRECT_VCS,
		  "https://github.com/demo/git-pep-610.git" },
		{ "git_pep_610_no_requested_version-1.2.3.dist-info", DIRECT_VCS,
		  "https://github.com/demo/git-pep-610-no-requested-version.git" },
		{ "git_pep_610_subdirectory-1.2.3.dist-info", DIRECT_VCS,
		  "https://github.com/demo/git-pep-610-subdirectory.git" },
		{ "directory_pep_610-1.2.3.dist-info", DIRECT_DIR,
		  "file:///path/to/distributions/directory-pep-610" },
		{ "editable_directory_pep_610-1.2.3.dist-info", DIRECT_EDITABLE,
		  "file:///path/to/distributions/directory-pep-610" },
		{ "standard-1.2.3.dist-info", DIRECT_NONE, NULL },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *dir = xprintf("%s/%s", SP37, cases[i].dir);
		struct dist *d = read_ok(SP37, dir);

		assert_int_equal(d->direct, cases[i].kind);
		if (cases[i].url == NULL)
			assert_null(d->direct_url);
		else
			assert_string_equal(d->direct_url, cases[i].url);
		assert_int_equal(d->format, DIST_INFO);
		assert_string_equal(d->version, "1.2.3");
		assert_string_equal(d->location, SP37);
		assert_string_equal(d->meta_dir, dir);
		assert_int_equal(d->warnings.n, 0);
		/* No RECORD in these fixtures. */
		assert_false(d->record_known);
		assert_false(d->compiled);
		dist_free(d);
		free(dir);
	}
}

static void
test_poetry_metadata(void **state)
{
	struct dist *d;

	d = read_ok(SP37, SP37 "/cleo-0.7.6.dist-info");
	assert_string_equal(d->name, "cleo");
	assert_string_equal(d->display_name, "cleo");
	assert_string_equal(d->version, "0.7.6");
	assert_string_equal(d->summary,
	    "Cleo allows you to create beautiful and testable command-line interfaces.");
	assert_string_equal(d->home_page, "https://github.com/sdispater/cleo");
	assert_string_equal(d->requires_python, ">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*");
	assert_int_equal(d->requires_dist.n, 1);
	assert_string_equal(d->requires_dist.v[0], "clikit (>=0.4.0,<0.5.0)");
	assert_int_equal(d->classifiers.n, 9);
	assert_int_equal(d->root_is_purelib, -1);
	assert_null(d->installer);
	dist_free(d);

	/* lib64 layout. */
	d = read_ok(TREES "/lib64/python3.7/site-packages",
	    TREES "/lib64/python3.7/site-packages/lib64-2.3.4.dist-info");
	assert_string_equal(d->name, "lib64");
	assert_string_equal(d->version, "2.3.4");
	dist_free(d);

	d = read_ok(TREES "/vendor/py3.7", TREES "/vendor/py3.7/attrs-19.3.0.dist-info");
	assert_string_equal(d->name, "attrs");
	assert_string_equal(d->version, "19.3.0");
	assert_true(d->provides_extra.n > 0);
	dist_free(d);
}

static void
test_poetry_egg_info(void **state)
{
	struct dist *d;

	/* PKG-INFO (metadata 1.2, Description as a folded header) plus requires.txt with a
	 * [:marker] section, converted as importlib.metadata does. */
	d = read_ok(TREES "/src/pendulum", TREES "/src/pendulum/pendulum.egg-info");
	assert_int_equal(d->format, EGG_INFO);
	assert_string_equal(d->name, "pendulum");
	assert_string_equal(d->version, "2.0.5");
	assert_string_equal(d->summary, "Python datetimes made easy");
	assert_string_equal(d->home_page, "https://pendulum.eustace.io");
	/* The folded Description has an empty line, which ends the headers for the email
	 * parser too: importlib.metadata also sees no Requires-Python here. */
	assert_null(d->requires_python);
	assert_int_equal(d->requires_dist.n, 3);
	assert_string_equal(d->requires_dist.v[0], "python-dateutil<3.0,>=2.6");
	assert_string_equal(d->requires_dist.v[1], "pytzdata>=2018.3");
	assert_string_equal(d->requires_dist.v[2], "typing<4.0,>=3.6; python_version < \"3.5\"");
	dist_free(d);

	d = read_ok(TREES "/src/bender", TREES "/src/bender/bender.egg-info");
	assert_string_equal(d->name, "bender");
	assert_int_equal(d->requires_dist.n, 0);
	dist_free(d);
}

/* --- hand-made fixtures ------------------------------------------------------------- */

static void
test_wheel_record_installer(void **state)
{
	struct dist *d = read_ok(SITE1, SITE1 "/wheelpkg-1.0.dist-info");

	assert_string_equal(d->name, "wheelpkg");
	assert_string_equal(d->display_name, "WheelPkg");
	assert_string_equal(d->summary, "A package with a folded summary");
	assert_int_equal(d->requires_dist.n, 3);
	assert_string_equal(d->requires_dist.v[1],
	    "requests[socks] (>=2.0) ; python_version >= \"3.8\"");
	assert_int_equal(d->wheel_tags.n, 2);
	assert_string_equal(d->wheel_tags.v[0], "cp313-cp313t-manylinux_2_17_x86_64");
	assert_int_equal(d->root_is_purelib, 0);
	assert_true(d->record_known);
	assert_true(d->compiled);
	assert_int_equal(d->ext_suffixes.n, 2);
	assert_string_equal(d->ext_suffixes.v[0], "cpython-313t-x86_64-linux-gnu");
	assert_string_equal(d->ext_suffixes.v[1], "abi3");
	assert_string_equal(d->installer, "pip");
	assert_int_equal(d->top_level.n, 1);
	assert_string_equal(d->top_level.v[0], "wheelpkg");
	assert_int_equal(d->direct, DIRECT_NONE);
	assert_int_equal(d->warnings.n, 0);
	dist_free(d);
}

static void
test_egg_info_variants(void **state)
{
	struct dist *d;

	d = read_ok(SITE1, SITE1 "/legacy.egg-info");
	assert_int_equal(d->requires_dist.n, 6);
	assert_string_equal(d->requires_dist.v[0], "six>=1.0");
	assert_string_equal(d->requires_dist.v[1], "attrs");
	assert_string_equal(d->requires_dist.v[2], "typing>=3.6; python_version < \"3.5\"");
	assert_string_equal(d->requires_dist.v[3], "PySocks!=1.5.7,>=1.5.6; extra == \"socks\"");
	assert_string_equal(d->requires_dist.v[4],
	    "pywin32; (sys_platform == \"win32\") and extra == \"security\"");
	assert_string_equal(d->requires_dist.v[5],
	    "pkg @ https://example.org/pkg.zip ; extra == \"url\"");
	/* installed-files.txt names an extension module. */
	assert_true(d->record_known);
	assert_true(d->compiled);
	assert_string_equal(d->ext_suffixes.v[0], "cpython-311-x86_64-linux-gnu");
	dist_free(d);

	/* A distutils egg-info file. */
	d = read_ok(SITE1, SITE1 "/oldegg-2.0.egg-info");
	assert_int_equal(d->format, EGG_INFO);
	assert_string_equal(d->name, "oldegg");
	assert_string_equal(d->version, "2.0");
	assert_string_equal(d->summary, "distutils wrote this file");
	dist_free(d);

	/* An egg directory's EGG-INFO. */
	d = read_ok(FIXTURES "/envs/site2/thing-1.0-py3.11.egg",
	    FIXTURES "/envs/site2/thing-1.0-py3.11.egg/EGG-INFO");
	assert_int_equal(d->format, EGG_INFO);
	assert_string_equal(d->name, "thing");
	assert_int_equal(d->requires_dist.n, 1);
	dist_free(d);
}

static void
test_compiled_guess(void **state)
{
	struct dist *d;

	/* No file list: top_level.txt's package directory holds an extension module. */
	d = read_ok(SITE1, SITE1 "/debianish-1.0.egg-info");
	assert_false(d->record_known);
	assert_true(d->compiled);
	assert_string_equal(d->ext_suffixes.v[0], "cpython-311-x86_64-linux-gnu");
	dist_free(d);

	/* ... or a top-level module file next to the metadata. */
	d = read_ok(SITE1, SITE1 "/topmod-0.5.egg-info");
	assert_true(d->compiled);
	dist_free(d);

	d = read_ok(SITE1, SITE1 "/puremod-0.5.egg-info");
	assert_false(d->compiled);
	assert_false(d->record_known);
	dist_free(d);
}

static void
test_missing_name_version(void **state)
{
	struct dist *d = NULL;
	char *cause = NULL;

	assert_int_equal(meta_read_dist(SITE1, SITE1 "/noname-1.0.dist-info", &d, &cause), -1);
	assert_null(d);
	assert_non_null(strstr(cause, "noname-1.0.dist-info"));
	assert_non_null(strstr(cause, "no Name"));
	free(cause);
	cause = NULL;
	assert_int_equal(meta_read_dist(SITE1, SITE1 "/noversion-1.0.dist-info", &d, &cause), -1);
	assert_non_null(strstr(cause, "no Version"));
	free(cause);
}

static void
test_bad_direct_url(void **state)
{
	struct dist *d = read_ok(SITE1, SITE1 "/badjson-1.0.dist-info");

	assert_true(has_warning(d, "direct_url.json"));
	assert_int_equal(d->direct, DIRECT_NONE);
	dist_free(d);
}

/* --- bad input made at run time ------------------------------------------------------ */

static void
test_bad_files(void **state)
{
	char *tmp = tl_tmpdir("meta"), *dir, *p, *cause = NULL;
	struct dist *d = NULL;
	static const char bin[] = "Name: bin\xff\xfe\nVersion: 1\0.0\nRequires-Dist: x\x80y\n";

	/* Invalid UTF-8 and NUL bytes in a file. */
	dir = make_dist_dir(tmp, "bin-1.dist-info", bin, sizeof bin - 1);
	d = read_ok(tmp, dir);
	assert_string_equal(d->version, "1");
	assert_string_equal(d->requires_dist.v[0], "x\xef\xbf\xbdy");
	assert_true(has_warning(d, "UTF-8"));
	assert_true(has_warning(d, "NUL"));
	assert_non_null(strstr(d->warnings.v[0], dir));
	dist_free(d);
	free(dir);

	/* A file cut in the middle of a header and of a UTF-8 sequence. */
	dir = make_dist_dir(tmp, "cut-1.dist-info", "Name: cut\nVersion: 2\nSummary: caf\xc3", 35);
	d = read_ok(tmp, dir);
	assert_string_equal(d->version, "2");
	assert_string_equal(d->summary, "caf\xef\xbf\xbd");
	dist_free(d);
	free(dir);

	/* An empty METADATA falls through to PKG-INFO, as importlib's "or" does. */
	dir = make_dist_dir(tmp, "empty-1.dist-info", "", 0);
	p = xprintf("%s/PKG-INFO", dir);
	tl_write_file(p, "Name: empty\nVersion: 1\n", 23, 0644);
	free(p);
	d = read_ok(tmp, dir);
	assert_string_equal(d->name, "empty");
	dist_free(d);
	free(dir);

	/* METADATA that is a directory, and a dist-info that is a file of garbage. */
	dir = xprintf("%s/isdir-1.dist-info", tmp);
	mkdir(dir, 0755);
	p = xprintf("%s/METADATA", dir);
	mkdir(p, 0755);
	assert_int_equal(meta_read_dist(tmp, dir, &d, &cause), -1);
	assert_non_null(strstr(cause, "no readable METADATA"));
	free(cause);
	cause = NULL;
	free(p);
	free(dir);
	dir = xprintf("%s/garbage-1.dist-info", tmp);
	tl_write_file(dir, "\x01\x02\x03\xff garbage without headers", 28, 0644);
	assert_int_equal(meta_read_dist(tmp, dir, &d, &cause), -1);
	free(cause);
	cause = NULL;
	free(dir);

	/* A metadata directory that is a symlink loop. */
	dir = xprintf("%s/loop-1.dist-info", tmp);
	assert_int_equal(symlink("loop-1.dist-info", dir), 0);
	assert_int_equal(meta_read_dist(tmp, dir, &d, &cause), -1);
	assert_non_null(strstr(cause, "loop-1.dist-info"));
	free(cause);
	cause = NULL;
	free(dir);

	/* Unreadable METADATA: only meaningful when not root (root reads anything). */
	dir = make_dist_dir(tmp, "secret-1.dist-info", "Name: secret\nVersion: 1\n", 24);
	p = xprintf("%s/METADATA", dir);
	chmod(p, 0);
	if (geteuid() != 0) {
		assert_int_equal(meta_read_dist(tmp, dir, &d, &cause), -1);
		assert_non_null(strstr(cause, "Permission denied"));
		free(cause);
		cause = NULL;
	}
	/* An unreadable WHEEL/RECORD is a warning, never fatal. */
	chmod(p, 0644);
	free(p);
	p = xprintf("%s/RECORD", dir);
	tl_write_file(p, "x.so,,\n", 7, 0644);
	chmod(p, 0);
	d = read_ok(tmp, dir);
	if (geteuid() != 0) {
		assert_true(has_warning(d, "RECORD"));
		assert_false(d->record_known);
	} else
		assert_true(d->compiled);
	dist_free(d);
	free(p);
	free(dir);

	tl_rm_rf(tmp);
	free(tmp);
}

static void
test_huge_metadata(void **state)
{
	char *tmp = tl_tmpdir("meta"), *dir, *path, *chunk;
	struct dist *d;
	double t0, t1;
	int fd;
	const size_t mb = 1024 * 1024;
	static const char head[] = "Name: huge\nVersion: 1\nRequires-Dist: a\n\n";

	/* 50 MB of body after normal headers: only the headers are read. */
	dir = xprintf("%s/huge-1.dist-info", tmp);
	mkdir(dir, 0755);
	path = xprintf("%s/METADATA", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd != -1);
	assert_int_equal(write(fd, head, sizeof head - 1), (ssize_t)(sizeof head - 1));
	chunk = xmalloc(mb);
	memset(chunk, 'x', mb);
	for (size_t i = 0; i < mb; i += 80)
		chunk[i] = '\n';
	for (int i = 0; i < 50; i++)
		assert_int_equal(write(fd, chunk, mb), (ssize_t)mb);
	close(fd);
	t0 = now_ms();
	d = read_ok(tmp, dir);
	t1 = now_ms();
	assert_string_equal(d->name, "huge");
	assert_int_equal(d->requires_dist.n, 1);
	assert_int_equal(d->warnings.n, 0);
	assert_true(t1 - t0 < 100.0);
	dist_free(d);

	/* 50 MB of headers (one endless folded header): capped, with a warning. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_int_equal(write(fd, "Name: huge\nVersion: 2\nDescription: x\n", 37), 37);
	for (size_t i = 0; i < mb; i += 80)
		chunk[i] = ' ';
	for (size_t i = 79; i < mb; i += 80)
		chunk[i] = '\n';
	for (int i = 0; i < 50; i++)
		assert_int_equal(write(fd, chunk, mb), (ssize_t)mb);
	close(fd);
	t0 = now_ms();
	d = read_ok(tmp, dir);
	t1 = now_ms();
	assert_string_equal(d->version, "2");
	assert_true(has_warning(d, "read only the first"));
	assert_true(t1 - t0 < 2000.0);
	dist_free(d);

	free(chunk);
	free(path);
	free(dir);
	tl_rm_rf(tmp);
	free(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ext_suffix),
		cmocka_unit_test(test_parse_metadata_fields),
		cmocka_unit_test(test_parse_metadata_edges),
		cmocka_unit_test(test_parse_metadata_bad_bytes),
		cmocka_unit_test(test_parse_record),
		cmocka_unit_test(test_poetry_direct_url),
		cmocka_unit_test(test_poetry_metadata),
		cmocka_unit_test(test_poetry_egg_info),
		cmocka_unit_test(test_wheel_record_installer),
		cmocka_unit_test(test_egg_info_variants),
		cmocka_unit_test(test_compiled_guess),
		cmocka_unit_test(test_missing_name_version),
		cmocka_unit_test(test_bad_direct_url),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_huge_metadata),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
