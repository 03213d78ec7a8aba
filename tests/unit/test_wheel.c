/* test_wheel.c: unit tests for wheel.c: filenames, tag sets, classes, platforms and
 * releases, over real filenames (tests/fixtures/wheel-lists, tests/fixtures/pypi). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project.h"
#include "util.h"
#include "wheel.h"

static struct target t313, t314, t315;

static int
setup(void **state)
{
	assert_int_equal(target_parse("3.13t", &t313), 0);
	assert_int_equal(target_parse("cp314t", &t314), 0);
	assert_int_equal(target_parse("3.15t", &t315), 0);
	return 0;
}

static enum wheel_class
classify(const char *filename, const struct target *t)
{
	struct wheel w;
	char *cause = NULL;
	enum wheel_class c;

	if (wheel_parse(filename, &w, &cause) != 0)
		fail_msg("%s", cause);
	c = wheel_classify(&w, t);
	wheel_clear(&w);
	return c;
}

static bool
matches(const char *filename, const char *platform)
{
	struct wheel w;
	struct wheel_platform p;
	char *cause = NULL;
	bool m;

	assert_int_equal(wheel_platform_parse(platform, &p), 0);
	if (wheel_parse(filename, &w, &cause) != 0)
		fail_msg("%s", cause);
	m = wheel_matches_platform(&w, &p);
	wheel_clear(&w);
	return m;
}

static void
test_parse_compressed(void **state)
{
	struct wheel w;
	char *cause = NULL;

	/* Three platform tags in one field (coverage, real). */
	assert_int_equal(wheel_parse("coverage-7.13.5-cp313-cp313t-manylinux1_x86_64."
	    "manylinux_2_28_x86_64.manylinux_2_5_x86_64.whl", &w, &cause), 0);
	assert_string_equal(w.name, "coverage");
	assert_string_equal(w.version, "7.13.5");
	assert_null(w.build);
	assert_int_equal(w.pythons.n, 1);
	assert_string_equal(w.pythons.v[0], "cp313");
	assert_int_equal(w.abis.n, 1);
	assert_string_equal(w.abis.v[0], "cp313t");
	assert_int_equal(w.platforms.n, 3);
	assert_string_equal(w.platforms.v[0], "manylinux1_x86_64");
	assert_string_equal(w.platforms.v[1], "manylinux_2_28_x86_64");
	assert_string_equal(w.platforms.v[2], "manylinux_2_5_x86_64");
	wheel_clear(&w);

	/* The data README's example: two wheels' worth of tags. */
	assert_int_equal(wheel_parse("pkg-1.0-cp313-cp313t-manylinux_2_17_x86_64."
	    "manylinux2014_x86_64.whl", &w, &cause), 0);
	assert_int_equal(w.platforms.n, 2);
	assert_string_equal(w.platforms.v[1], "manylinux2014_x86_64");
	wheel_clear(&w);

	/* py2.py3 (colorama, real). */
	assert_int_equal(wheel_parse("colorama-0.4.6-py2.py3-none-any.whl", &w, &cause), 0);
	assert_int_equal(w.pythons.n, 2);
	assert_string_equal(w.pythons.v[0], "py2");
	assert_string_equal(w.pythons.v[1], "py3");
	assert_string_equal(w.abis.v[0], "none");
	assert_string_equal(w.platforms.v[0], "any");
	wheel_clear(&w);

	/* prek: manylinux and musllinux in one wheel. */
	assert_int_equal(wheel_parse("prek-0.3.8-py3-none-manylinux_2_17_aarch64."
	    "manylinux2014_aarch64.musllinux_1_1_aarch64.whl", &w, &cause), 0);
	assert_int_equal(w.platforms.n, 3);
	assert_string_equal(w.platforms.v[2], "musllinux_1_1_aarch64");
	wheel_clear(&w);
}

static void
test_parse_names(void **state)
{
	struct wheel w;
	char *cause = NULL;

	/* Dots and uppercase in the name; a build tag. */
	assert_int_equal(wheel_parse("zope.interface-6.0-cp311-cp311-win_amd64.whl", &w,
	    &cause), 0);
	assert_string_equal(w.name, "zope.interface");
	wheel_clear(&w);
	assert_int_equal(wheel_parse("PyYAML-6.0.1-1-cp312-cp312-win_amd64.whl", &w,
	    &cause), 0);
	assert_string_equal(w.name, "PyYAML");
	assert_string_equal(w.version, "6.0.1");
	assert_string_equal(w.build, "1");
	wheel_clear(&w);
	assert_int_equal(wheel_parse("typing_extensions-4.15.0-py3-none-any.whl", &w,
	    &cause), 0);
	assert_string_equal(w.name, "typing_extensions");
	wheel_clear(&w);
	/* A local version label. */
	assert_int_equal(wheel_parse("torch-2.5.1+cpu-cp313-cp313t-linux_x86_64.whl", &w,
	    &cause), 0);
	assert_string_equal(w.version, "2.5.1+cpu");
	wheel_clear(&w);

	const char *bad[] = {
		"numpy-1.25.1.tar.gz",				/* not a wheel */
		"numpy-1.25.1-cp311-manylinux2014_x86_64.whl",	/* 4 fields */
		"a-1-x-2-3-4-5.whl",				/* 7 fields */
		"pkg-1.0-beta-cp311-cp311-win32.whl",		/* build tag not a digit */
		"pkg--cp311-cp311-win32.whl",			/* empty version */
		"pkg-1.0-cp311..cp312-cp311-win32.whl",		/* empty tag in a set */
		"pkg-1.0-cp311-cp311-win32.",			/* empty platform */
		".whl",
	};
	for (size_t i = 0; i < nitems(bad); i++) {
		assert_int_equal(wheel_parse(bad[i], &w, &cause), -1);
		assert_non_null(cause);
		free(cause);
		cause = NULL;
	}
}

static void
test_file_types(void **state)
{
	char *name, *version;

	assert_int_equal(wheel_file_type("numpy-1.25.1.tar.gz"), WF_SDIST);
	assert_int_equal(wheel_file_type("numpy-1.22.4.zip"), WF_SDIST);
	assert_int_equal(wheel_file_type("numpy-1.25.1-cp39-cp39-win32.whl"), WF_WHEEL);
	assert_int_equal(wheel_file_type("numpy-1.0.1.dev3460.win32-py2.4.exe"), WF_OTHER);
	assert_int_equal(wheel_file_type("foo-1.0-py2.7.egg"), WF_OTHER);

	/* Real: the name itself has a dash. */
	assert_int_equal(wheel_sdist_parse("python_gitlab-6.5.0.tar.gz", "python-gitlab",
	    &name, &version), 0);
	assert_string_equal(name, "python_gitlab");
	assert_string_equal(version, "6.5.0");
	free(name);
	free(version);
	assert_int_equal(wheel_sdist_parse("python-gitlab-6.5.0.tar.gz", NULL, &name,
	    &version), 0);
	assert_string_equal(name, "python-gitlab");
	assert_string_equal(version, "6.5.0");
	free(name);
	free(version);
	/* xo-gd (real): "3.2.2-5" is a post release; the project name decides. */
	assert_int_equal(wheel_sdist_parse("xo-gd-3.2.2-5.tar.gz", "xo-gd", &name,
	    &version), 0);
	assert_string_equal(name, "xo-gd");
	assert_string_equal(version, "3.2.2-5");
	free(name);
	free(version);
	/* Without the name, the shortest PEP 440 suffix. */
	assert_int_equal(wheel_sdist_parse("foo-1.0-beta.zip", NULL, &name, &version), 0);
	assert_string_equal(name, "foo");
	assert_string_equal(version, "1.0-beta");
	free(name);
	free(version);
	/* Not PEP 440 at all: the text after the last dash, never a crash. */
	assert_int_equal(wheel_sdist_parse("weird-pkg-latest.tar.bz2", NULL, &name,
	    &version), 0);
	assert_string_equal(name, "weird-pkg");
	assert_string_equal(version, "latest");
	free(name);
	free(version);
	assert_int_equal(wheel_sdist_parse("noversion.tar.gz", NULL, &name, &version), -1);
	assert_int_equal(wheel_sdist_parse("foo-1.0.whl", NULL, &name, &version), -1);
}

static void
test_classes_real(void **state)
{
	/* cp3XYt for the target. */
	assert_int_equal(classify("markupsafe-3.0.3-cp314-cp314t-win_amd64.whl", &t314),
	    WC_FT);
	assert_int_equal(classify("markupsafe-3.0.3-cp313-cp313t-win_amd64.whl", &t313),
	    WC_FT);
	/* ... and for another target. */
	assert_int_equal(classify("markupsafe-3.0.3-cp313-cp313t-win_amd64.whl", &t314),
	    WC_OTHER_FT);
	assert_int_equal(classify("pydantic_core-2.41.5-cp314-cp314t-win_amd64.whl",
	    &t313), WC_OTHER_FT);
	/* A debug free-threaded build is usable too. */
	assert_int_equal(classify("pkg-1.0-cp314-cp314td-linux_x86_64.whl", &t314), WC_FT);
	/* The GIL build of the same interpreter. */
	assert_int_equal(classify("markupsafe-3.0.3-cp314-cp314-win_amd64.whl", &t314),
	    WC_GIL);
	assert_int_equal(classify("numpy-1.25.1-cp311-cp311-win_amd64.whl", &t314), WC_GIL);
	assert_int_equal(classify("numpy-1.9.2-cp27-cp27mu-manylinux1_x86_64.whl", &t314),
	    WC_GIL);
	/* Pure. */
	assert_int_equal(classify("certifi-2026.2.25-py3-none-any.whl", &t314), WC_PURE);
	assert_int_equal(classify("colorama-0.4.6-py2.py3-none-any.whl", &t314), WC_PURE);
	assert_int_equal(classify("snowballstemmer-2.0.0-py2.py3-none-any.whl", &t313),
	    WC_PURE);
	assert_int_equal(classify("oldpkg-1.0-py2-none-any.whl", &t314), WC_INCOMPATIBLE);
	assert_int_equal(classify("newpkg-1.0-py316-none-any.whl", &t314), WC_INCOMPATIBLE);
	/* ruff/prek ship executables in py3-none-<platform> wheels. */
	assert_int_equal(classify("ruff-0.15.9-py3-none-manylinux_2_17_x86_64."
	    "manylinux2014_x86_64.whl", &t314), WC_NATIVE_PY);
	assert_int_equal(classify("prek-0.3.8-py3-none-win_amd64.whl", &t314), WC_NATIVE_PY);
	/* Old maturin: compiled although the ABI field says none. */
	assert_int_equal(classify("pkg-0.4.0-cp312-none-win_amd64.whl", &t314),
	    WC_COMPILED_NONE);
	assert_int_equal(classify("numpy-1.9.2-cp27-none-macosx_10_6_intel."
	    "macosx_10_9_intel.macosx_10_9_x86_64.macosx_10_10_intel."
	    "macosx_10_10_x86_64.whl", &t314), WC_INCOMPATIBLE);
	assert_int_equal(classify("numpy-1.9.2-cp34-none-win32.whl", &t314),
	    WC_COMPILED_NONE);
	/* abi3 does not load on free-threaded builds. */
	assert_int_equal(classify("cryptography-43.0.1-cp39-abi3-manylinux_2_28_x86_64.whl",
	    &t314), WC_ABI3);
	/* PEP 803: abi3t from 3.15 on, with the python tag no newer than the target. */
	assert_int_equal(classify("pkg-1.0-cp315-abi3.abi3t-manylinux_2_28_x86_64.whl",
	    &t315), WC_FT);
	assert_int_equal(classify("pkg-1.0-cp315-abi3.abi3t-manylinux_2_28_x86_64.whl",
	    &t314), WC_OTHER_FT);
	assert_int_equal(classify("pkg-1.0-cp316-abi3t-manylinux_2_28_x86_64.whl", &t315),
	    WC_OTHER_FT);
	/* PyPy and GraalPy (pydantic-core, real). */
	assert_int_equal(classify("pydantic_core-2.41.5-pp311-pypy311_pp73-win_amd64.whl",
	    &t314), WC_OTHER_IMPL);
	assert_int_equal(classify("pydantic_core-2.41.5-graalpy312-graalpy250_312_native-"
	    "manylinux_2_17_x86_64.manylinux2014_x86_64.whl", &t314), WC_OTHER_IMPL);
	assert_int_equal(classify("numpy-1.25.1-pp39-pypy39_pp73-win_amd64.whl", &t314),
	    WC_OTHER_IMPL);
}

/* Tags pip never installs on a free-threaded CPython (packaging's sys_tags for
 * cp314t), which ftport counted as usable. */
static void
test_classes_pip_never_installs(void **state)
{
	(void)state;
	/* An ABI other than none with platform any: no installer offers it. */
	assert_int_equal(classify("pkg-1.0-cp314-cp314t-any.whl", &t314), WC_INCOMPATIBLE);
	assert_int_equal(classify("pkg-1.0-cp315-abi3t-any.whl", &t315), WC_INCOMPATIBLE);
	assert_false(wheel_class_usable(classify("pkg-1.0-cp314-cp314t-any.whl", &t314)));
	/* cp3N-none-any only for the target's own CPython. */
	assert_int_equal(classify("pkg-1.0-cp312-none-any.whl", &t314), WC_INCOMPATIBLE);
	assert_int_equal(classify("pkg-1.0-cp3-none-any.whl", &t314), WC_INCOMPATIBLE);
	assert_int_equal(classify("pkg-1.0-cp314-none-any.whl", &t314), WC_PURE);
	assert_int_equal(classify("pkg-1.0-cp312.cp314-none-any.whl", &t314), WC_PURE);
	/* A free-threaded ABI under an interpreter tag that is not cp3XY. */
	assert_int_equal(classify("pkg-1.0-py3-cp314t-manylinux_2_28_x86_64.whl", &t314),
	    WC_INCOMPATIBLE);
	assert_int_equal(classify("pkg-1.0-cp3-cp314t-manylinux_2_28_x86_64.whl", &t314),
	    WC_INCOMPATIBLE);
	assert_int_equal(classify("pkg-1.0-cp3-abi3t-manylinux_2_28_x86_64.whl", &t315),
	    WC_INCOMPATIBLE);
	assert_int_equal(classify("pkg-1.0-py3-cp313t-manylinux_2_28_x86_64.whl", &t314),
	    WC_INCOMPATIBLE);
	/* The real ones still are. */
	assert_int_equal(classify("pkg-1.0-cp314-cp314t-manylinux_2_28_x86_64.whl", &t314),
	    WC_FT);
	assert_int_equal(classify("pkg-1.0-cp315-abi3t-manylinux_2_28_x86_64.whl", &t315),
	    WC_FT);
}

/* macOS wheels carry the oldest macOS they run on: macosx_14_0_arm64 does not install
 * on macOS 13 (packaging's mac_platforms). */
static void
test_platform_macos_version(void **state)
{
	struct wheel_platform p;
	char name[64];
	int major = 0, minor = 0;

	(void)state;
	assert_false(matches("pkg-1.0-cp314-cp314t-macosx_14_0_arm64.whl", "macos-13-arm64"));
	assert_true(matches("pkg-1.0-cp314-cp314t-macosx_14_0_arm64.whl", "macos-14-arm64"));
	assert_true(matches("pkg-1.0-cp314-cp314t-macosx_14_0_arm64.whl", "macos-15.2-arm64"));
	assert_true(matches("pkg-1.0-cp314-cp314t-macosx_11_0_arm64.whl", "macos-13-arm64"));
	/* From 11 on only X_0 tags exist for pip. */
	assert_false(matches("pkg-1.0-cp314-cp314t-macosx_13_3_arm64.whl", "macos-13.5-arm64"));
	/* 10.x: the minor is the release; every 10.x runs on 11 and later. */
	assert_true(matches("pkg-1.0-cp314-cp314t-macosx_10_13_x86_64.whl",
	    "macos-10.15-x86_64"));
	assert_false(matches("pkg-1.0-cp314-cp314t-macosx_10_15_x86_64.whl",
	    "macos-10.13-x86_64"));
	assert_true(matches("pkg-1.0-cp314-cp314t-macosx_10_15_x86_64.whl", "macos-12-x86_64"));
	assert_true(matches("pkg-1.0-cp314-cp314t-macosx_10_15_universal2.whl",
	    "macos-13-arm64"));
	/* Without a version: the architecture's default (11.0 arm64, 10.15 x86_64). */
	assert_false(matches("pkg-1.0-cp314-cp314t-macosx_14_0_arm64.whl", "macos-arm64"));
	assert_true(matches("pkg-1.0-cp314-cp314t-macosx_11_0_arm64.whl", "macos-arm64"));
	assert_true(matches("pkg-1.0-cp314-cp314t-macosx_10_15_x86_64.whl", "macos-x86_64"));
	assert_false(matches("pkg-1.0-cp314-cp314t-macosx_11_0_x86_64.whl", "macos-x86_64"));
	/* sysconfig's spelling carries the deployment target. */
	assert_true(matches("pkg-1.0-cp314-cp314t-macosx_14_0_arm64.whl", "macosx-14.0-arm64"));
	/* Names round-trip; the default stays the plain name. */
	assert_int_equal(wheel_platform_parse("macos-13-arm64", &p), 0);
	wheel_platform_name(&p, name, sizeof name);
	assert_string_equal(name, "macos-13-arm64");
	assert_int_equal(wheel_platform_parse("macos-10.14-x86_64", &p), 0);
	wheel_platform_name(&p, name, sizeof name);
	assert_string_equal(name, "macos-10.14-x86_64");
	assert_int_equal(wheel_platform_parse("macos-10.15-x86_64", &p), 0);
	wheel_platform_name(&p, name, sizeof name);
	assert_string_equal(name, "macos-x86_64");
	assert_int_equal(wheel_platform_parse("macos-arm64", &p), 0);
	wheel_platform_name(&p, name, sizeof name);
	assert_string_equal(name, "macos-arm64");
	assert_int_equal(wheel_platform_parse("macos-11-arm64", &p), 0);
	wheel_platform_name(&p, name, sizeof name);
	assert_string_equal(name, "macos-arm64");
	assert_int_equal(wheel_platform_parse("macos-x-arm64", &p), -1);
	assert_int_equal(wheel_platform_parse("macos-9-arm64", &p), -1);
	/* The running system from its Darwin release. */
	assert_int_equal(wheel_macos_from_darwin("22.6.0", &major, &minor), 0);
	assert_int_equal(major, 13);
	assert_int_equal(minor, 0);
	assert_int_equal(wheel_macos_from_darwin("19.6.0", &major, &minor), 0);
	assert_int_equal(major, 10);
	assert_int_equal(minor, 15);
	assert_int_equal(wheel_macos_from_darwin("", &major, &minor), -1);
}

static void
test_platform_parse(void **state)
{
	struct wheel_platform p;
	char buf[64];
	const char *names[][2] = {
		{ "linux-x86_64", "linux-x86_64" },
		{ "linux-aarch64", "linux-aarch64" },
		{ "macos-arm64", "macos-arm64" },
		{ "macos-x86_64", "macos-x86_64" },
		{ "windows-amd64", "windows-amd64" },
		/* sysconfig.get_platform() spellings */
		{ "macosx-11.0-arm64", "macos-arm64" },
		{ "macosx-10.9-x86_64", "macos-10.9-x86_64" },
		{ "macosx-10.15-x86_64", "macos-x86_64" },
		{ "macosx-10.13-universal2", "macos-arm64" },
		{ "win-amd64", "windows-amd64" },
		{ "win32", "windows-x86" },
		{ "win-arm64", "windows-arm64" },
		{ "linux-i686", "linux-i686" },
		{ "musllinux-x86_64", "musllinux-x86_64" },
		{ "linux-musl-aarch64", "musllinux-aarch64" },
		/* a libc version, as a wheel tag */
		{ "manylinux_2_17_x86_64", "manylinux_2_17_x86_64" },
		{ "manylinux2014_aarch64", "manylinux_2_17_aarch64" },
		{ "manylinux1_x86_64", "manylinux_2_5_x86_64" },
		{ "musllinux_1_2_x86_64", "musllinux_1_2_x86_64" },
	};

	for (size_t i = 0; i < nitems(names); i++) {
		assert_int_equal(wheel_platform_parse(names[i][0], &p), 0);
		wheel_platform_name(&p, buf, sizeof buf);
		assert_string_equal(buf, names[i][1]);
	}
	assert_int_equal(wheel_platform_parse("linux-x86_64", &p), 0);
	assert_int_equal(p.os, WOS_LINUX);
	assert_int_equal(p.libc, WLIBC_GLIBC);
	assert_string_equal(p.arch, "x86_64");
	assert_int_equal(wheel_platform_parse("current", &p), -1);
	assert_int_equal(wheel_platform_parse("solaris-sparc", &p), -1);
	assert_int_equal(wheel_platform_parse("linux-", &p), -1);
	assert_int_equal(wheel_platform_parse("linux-x86_64-extra", &p), -1);

	assert_int_equal(wheel_platform_parse("manylinux_2_x86_64", &p), -1);
	assert_int_equal(wheel_platform_parse("manylinux-x86_64", &p), -1);
	assert_int_equal(wheel_platform_tag_parse("manylinux_2_28_aarch64", &p), 0);
	assert_int_equal(p.libc_major, 2);
	assert_int_equal(p.libc_minor, 28);
	assert_string_equal(p.arch, "aarch64");
	assert_int_equal(wheel_platform_tag_parse("manylinux2010_i686", &p), 0);
	assert_int_equal(p.libc_minor, 12);
	assert_int_equal(wheel_platform_tag_parse("musllinux_1_2_x86_64", &p), 0);
	assert_int_equal(p.libc, WLIBC_MUSL);
	assert_int_equal(p.libc_major, 1);
	assert_int_equal(p.libc_minor, 2);
	assert_string_equal(p.arch, "x86_64");
	assert_int_equal(wheel_platform_tag_parse("manylinux_2_31_riscv64", &p), 0);
	assert_int_equal(p.libc, WLIBC_GLIBC);
	assert_string_equal(p.arch, "riscv64");
	assert_int_equal(wheel_platform_tag_parse("pyodide_2024_0_wasm32", &p), 0);
	assert_int_equal(p.os, WOS_OTHER);
	assert_int_equal(wheel_platform_tag_parse("", &p), -1);
}

static void
test_platform_match(void **state)
{
	/* manylinux by arch, every generation. */
	assert_true(matches("numpy-1.19.0-pp36-pypy36_pp73-manylinux2010_x86_64.whl",
	    "linux-x86_64"));
	assert_true(matches("coverage-7.13.5-cp314-cp314t-manylinux1_x86_64."
	    "manylinux_2_28_x86_64.manylinux_2_5_x86_64.whl", "linux-x86_64"));
	assert_false(matches("coverage-7.13.5-cp314-cp314t-manylinux1_x86_64."
	    "manylinux_2_28_x86_64.manylinux_2_5_x86_64.whl", "linux-aarch64"));
	assert_true(matches("markupsafe-3.0.3-cp314-cp314t-manylinux2014_aarch64."
	    "manylinux_2_17_aarch64.manylinux_2_28_aarch64.whl", "linux-aarch64"));
	assert_false(matches("coverage-7.13.5-cp314-cp314t-manylinux1_i686."
	    "manylinux_2_28_i686.manylinux_2_5_i686.whl", "linux-x86_64"));
	/* musllinux does not install on glibc, and the reverse. */
	assert_false(matches("markupsafe-3.0.3-cp314-cp314t-musllinux_1_2_x86_64.whl",
	    "linux-x86_64"));
	assert_true(matches("markupsafe-3.0.3-cp314-cp314t-musllinux_1_2_x86_64.whl",
	    "musllinux-x86_64"));
	assert_false(matches("markupsafe-3.0.3-cp314-cp314t-manylinux2014_x86_64."
	    "manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl", "musllinux-x86_64"));
	/* prek's one wheel for both libcs. */
	assert_true(matches("prek-0.3.8-py3-none-manylinux_2_17_aarch64."
	    "manylinux2014_aarch64.musllinux_1_1_aarch64.whl", "musllinux-aarch64"));
	/* A local linux_* wheel counts for either libc. */
	assert_true(matches("torch-2.5.1+cpu-cp313-cp313t-linux_x86_64.whl",
	    "linux-x86_64"));
	assert_true(matches("torch-2.5.1+cpu-cp313-cp313t-linux_x86_64.whl",
	    "musllinux-x86_64"));
	assert_false(matches("ruff-0.15.9-py3-none-linux_armv6l.whl", "linux-aarch64"));
	/* macOS by arch, universal2 for both. */
	assert_true(matches("charset_normalizer-3.4.7-cp314-cp314t-macosx_10_15_"
	    "universal2.whl", "macos-arm64"));
	assert_true(matches("charset_normalizer-3.4.7-cp314-cp314t-macosx_10_15_"
	    "universal2.whl", "macos-10.15-x86_64"));
	/* ... and on 10.15, the default x86_64 Mac; not on 10.13. */
	assert_true(matches("charset_normalizer-3.4.7-cp314-cp314t-macosx_10_15_"
	    "universal2.whl", "macos-x86_64"));
	assert_false(matches("charset_normalizer-3.4.7-cp314-cp314t-macosx_10_15_"
	    "universal2.whl", "macos-10.13-x86_64"));
	assert_true(matches("markupsafe-3.0.3-cp314-cp314t-macosx_11_0_arm64.whl",
	    "macos-arm64"));
	assert_false(matches("markupsafe-3.0.3-cp314-cp314t-macosx_11_0_arm64.whl",
	    "macos-x86_64"));
	/* sysconfig's deployment target: a 10.13 wheel needs 10.13. */
	assert_false(matches("markupsafe-3.0.3-cp314-cp314t-macosx_10_13_x86_64.whl",
	    "macosx-10.9-x86_64"));
	assert_true(matches("markupsafe-3.0.3-cp314-cp314t-macosx_10_13_x86_64.whl",
	    "macosx-10.13-x86_64"));
	assert_false(matches("markupsafe-3.0.3-cp314-cp314t-macosx_10_13_x86_64.whl",
	    "macos-arm64"));
	assert_true(matches("numpy-1.9.2-cp27-none-macosx_10_6_intel.macosx_10_9_intel."
	    "macosx_10_9_x86_64.macosx_10_10_intel.macosx_10_10_x86_64.whl",
	    "macos-x86_64"));
	assert_false(matches("numpy-1.9.2-cp27-none-macosx_10_6_intel.whl", "macos-arm64"));
	assert_false(matches("markupsafe-3.0.3-cp314-cp314t-macosx_11_0_arm64.whl",
	    "linux-aarch64"));
	/* Windows by arch. */
	assert_true(matches("markupsafe-3.0.3-cp314-cp314t-win_amd64.whl", "windows-amd64"));
	assert_true(matches("markupsafe-3.0.3-cp314-cp314t-win_amd64.whl", "win-amd64"));
	assert_false(matches("markupsafe-3.0.3-cp314-cp314t-win32.whl", "windows-amd64"));
	assert_true(matches("markupsafe-3.0.3-cp314-cp314t-win32.whl", "win32"));
	assert_true(matches("markupsafe-3.0.3-cp314-cp314t-win_arm64.whl", "win-arm64"));
	assert_false(matches("markupsafe-3.0.3-cp314-cp314t-win_arm64.whl", "linux-aarch64"));
	/* any installs everywhere. */
	assert_true(matches("certifi-2026.2.25-py3-none-any.whl", "windows-amd64"));
	assert_true(matches("certifi-2026.2.25-py3-none-any.whl", "macos-arm64"));
	/* A platform with a glibc version: manylinux_2_28 wheels need glibc 2.28. */
	assert_false(matches("markupsafe-3.0.3-cp314-cp314t-manylinux2014_x86_64."
	    "manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl", "manylinux_2_12_x86_64"));
	assert_true(matches("markupsafe-3.0.3-cp314-cp314t-manylinux2014_x86_64."
	    "manylinux_2_17_x86_64.manylinux_2_28_x86_64.whl", "manylinux2014_x86_64"));
	assert_true(matches("coverage-7.13.5-cp314-cp314t-manylinux1_x86_64."
	    "manylinux_2_28_x86_64.manylinux_2_5_x86_64.whl", "manylinux_2_12_x86_64"));
	assert_false(matches("pkg-1.0-cp314-cp314t-manylinux_2_34_x86_64.whl",
	    "manylinux_2_28_x86_64"));
	assert_true(matches("pkg-1.0-cp314-cp314t-manylinux_2_34_x86_64.whl",
	    "manylinux_2_39_x86_64"));
	assert_false(matches("markupsafe-3.0.3-cp314-cp314t-musllinux_1_2_x86_64.whl",
	    "musllinux_1_1_x86_64"));
	assert_true(matches("markupsafe-3.0.3-cp314-cp314t-musllinux_1_2_x86_64.whl",
	    "musllinux_1_2_x86_64"));
	assert_true(matches("torch-2.5.1+cpu-cp313-cp313t-linux_x86_64.whl",
	    "manylinux_2_17_x86_64"));
	/* Other systems never match. */
	assert_false(matches("pkg-1.0-cp313-cp313-pyodide_2024_0_wasm32.whl",
	    "linux-x86_64"));
}

static void
test_labels(void **state)
{
	const char *cases[][2] = {
		{ "markupsafe-3.0.3-cp314-cp314t-win_amd64.whl", "cp314t" },
		{ "markupsafe-3.0.3-cp313-cp313t-win_amd64.whl", "cp313t" },
		{ "numpy-1.25.1-cp311-cp311-win_amd64.whl", "cp311" },
		{ "cryptography-43.0.1-cp39-abi3-win_amd64.whl", "abi3" },
		{ "pkg-0.4.0-cp312-none-win_amd64.whl", "cp312-none" },
		{ "ruff-0.15.9-py3-none-win_amd64.whl", "py3" },
		{ "pydantic_core-2.41.5-pp311-pypy311_pp73-win_amd64.whl", "pp311" },
		{ "pkg-1.0-cp315-abi3.abi3t-manylinux_2_28_x86_64.whl", "abi3t" },
	};
	struct wheel w;
	char *cause = NULL, buf[64];

	for (size_t i = 0; i < nitems(cases); i++) {
		assert_int_equal(wheel_parse(cases[i][0], &w, &cause), 0);
		wheel_label(&w, i == nitems(cases) - 1 ? &t315 : &t314, buf, sizeof buf);
		assert_string_equal(buf, cases[i][1]);
		wheel_clear(&w);
	}
	assert_string_equal(wheel_class_name(WC_NATIVE_PY), "native-py");
	assert_true(wheel_class_usable(WC_PURE));
	assert_false(wheel_class_usable(WC_ABI3));
}

/* Every filename of the real lists parses, and nothing of them is misread: each wheel
 * name normalises to its package and carries its pinned version. */
static void
test_all_real_filenames(void **state)
{
	json_error_t err;
	json_t *root = json_load_file(FIXTURES "/wheel-lists/ftready-374287e-files.json", 0,
	    &err), *pkgs, *pkg, *files, *f;
	size_t i, k, nwheels = 0, nsdists = 0, nclass[WC_COUNT] = { 0 };

	assert_non_null(root);
	pkgs = json_object_get(root, "packages");
	json_array_foreach(pkgs, i, pkg) {
		const char *pname = json_string_value(json_object_get(pkg, "name"));
		const char *pver = json_string_value(json_object_get(pkg, "version"));

		files = json_object_get(pkg, "files");
		json_array_foreach(files, k, f) {
			const char *fn = json_string_value(json_object_get(f, "filename"));
			struct wheel w;
			char *cause = NULL, *norm, *name, *version;

			if (wheel_file_type(fn) == WF_SDIST) {
				assert_int_equal(wheel_sdist_parse(fn, pname, &name, &version), 0);
				assert_string_equal(version, pver);
				free(name);
				free(version);
				nsdists++;
				continue;
			}
			assert_int_equal(wheel_file_type(fn), WF_WHEEL);
			if (wheel_parse(fn, &w, &cause) != 0)
				fail_msg("%s", cause);
			norm = name_normalize(w.name);
			assert_string_equal(norm, pname);
			assert_string_equal(w.version, pver);
			nclass[wheel_classify(&w, &t314)]++;
			free(norm);
			wheel_clear(&w);
			nwheels++;
		}
	}
	assert_int_equal(nsdists, 46);
	assert_true(nwheels > 500);
	/* Measured from the list: every class the list has shows up. */
	assert_true(nclass[WC_FT] > 50);
	assert_true(nclass[WC_PURE] >= 42);
	assert_int_equal(nclass[WC_NATIVE_PY], 33);	/* ruff 17 + prek 16 */
	assert_true(nclass[WC_OTHER_FT] > 30);	/* cp313t */
	assert_true(nclass[WC_GIL] > 100);
	assert_int_equal(nclass[WC_OTHER_IMPL], 16);	/* pydantic-core */
	assert_int_equal(nclass[WC_ABI3], 0);
	json_decref(root);
}

/* Releases: grouping by PEP 440 equality, sorting, yanked files. */
static void
test_releases(void **state)
{
	struct project p = { 0 };
	struct project_file files[] = {
		{ .filename = (char *)"pkg-1.0.0-py3-none-any.whl" },
		{ .filename = (char *)"pkg-1.0.tar.gz" },
		{ .filename = (char *)"pkg-2.0rc1-cp314-cp314t-win_amd64.whl" },
		{ .filename = (char *)"pkg-1.10-cp312-cp312-win_amd64.whl" },
		{ .filename = (char *)"pkg-1.9-cp312-cp312-win_amd64.whl", .yanked = true },
		{ .filename = (char *)"pkg-1.9.tar.gz", .yanked = true,
		    .yanked_reason = (char *)"broken build" },
		{ .filename = (char *)"pkg-latest.tar.gz" },
		{ .filename = (char *)"pkg-1.0.win32-py2.4.exe" },
		{ .filename = (char *)"pkg-1.1-bad.whl" },
	};
	struct wheel_releases r;
	struct wheel_release *x;

	p.name = (char *)"pkg";
	p.files = files;
	p.nfiles = nitems(files);
	wheel_releases_build(&p, &r);
	assert_int_equal(r.n, 5);
	/* Not PEP 440 first, then ascending. */
	assert_string_equal(r.v[0].version, "latest");
	assert_false(r.v[0].valid);
	assert_string_equal(r.v[1].version, "1.0.0");
	assert_int_equal(r.v[1].nfiles, 2);
	assert_string_equal(r.v[2].version, "1.9");
	assert_int_equal(r.v[2].nfiles, 0);
	assert_int_equal(r.v[2].nyanked, 2);
	assert_string_equal(r.v[3].version, "1.10");
	assert_string_equal(r.v[4].version, "2.0rc1");
	assert_true(r.v[4].prerelease);
	x = wheel_releases_find(&r, "1.0");
	assert_ptr_equal(x, &r.v[1]);
	assert_ptr_equal(wheel_releases_find(&r, "1.0.0.0"), &r.v[1]);
	assert_ptr_equal(wheel_releases_find(&r, "latest"), &r.v[0]);
	assert_null(wheel_releases_find(&r, "3.0"));
	/* Latest: the newest final release with files (not 2.0rc1, not yanked 1.9). */
	assert_ptr_equal(wheel_releases_latest(&r), &r.v[3]);
	assert_true(wheel_release_cmp(&r.v[3], &r.v[2]) > 0);
	assert_true(wheel_release_cmp(&r.v[0], &r.v[1]) < 0);
	wheel_releases_free(&r);

	/* Several files of one non-PEP 440 version group together. */
	{
		struct project_file odd[] = {
			{ .filename = (char *)"pkg-latest.tar.gz" },
			{ .filename = (char *)"pkg-latest-py3-none-any.whl" },
			{ .filename = (char *)"pkg-nightly.zip" },
			{ .filename = (char *)"pkg-latest-cp313-cp313t-win_amd64.whl" },
		};
		struct project q = { .name = (char *)"pkg", .files = odd,
		    .nfiles = nitems(odd) };

		wheel_releases_build(&q, &r);
		assert_int_equal(r.n, 2);
		assert_string_equal(r.v[0].version, "latest");
		assert_int_equal(r.v[0].nfiles, 3);
		assert_string_equal(r.v[1].version, "nightly");
		assert_ptr_equal(wheel_releases_latest(&r), &r.v[1]);
		wheel_releases_free(&r);
	}

	/* Only pre-releases: the newest of them. */
	p.files = &files[2];
	p.nfiles = 1;
	wheel_releases_build(&p, &r);
	assert_int_equal(r.n, 1);
	assert_ptr_equal(wheel_releases_latest(&r), &r.v[0]);
	wheel_releases_free(&r);
	p.nfiles = 0;
	wheel_releases_build(&p, &r);
	assert_int_equal(r.n, 0);
	assert_null(wheel_releases_latest(&r));
	wheel_releases_free(&r);
}

/* numpy's real Simple API answer: 2,210 files, every kind of old tag. */
static void
test_releases_numpy(void **state)
{
	char *body = NULL, *cause = NULL;
	size_t len;
	struct project *p;
	struct wheel_releases r;
	struct wheel_release *x;

	assert_int_equal(read_file(FIXTURES "/pypi/micropip/numpy_simple.json", 8 << 20,
	    &body, &len, &cause), 0);
	p = project_parse_json("numpy", body, len, "https://pypi.org/simple/numpy/", &cause);
	assert_non_null(p);
	wheel_releases_build(p, &r);
	assert_true(r.n > 100);
	for (size_t i = 1; i < r.n; i++)
		assert_true(wheel_release_cmp(&r.v[i - 1], &r.v[i]) < 0);
	x = wheel_releases_latest(&r);
	assert_string_equal(x->version, "1.25.1");
	x = wheel_releases_find(&r, "1.25.1");
	assert_int_equal(x->nfiles, 25);
	x = wheel_releases_find(&r, "1.25.0rc1");
	assert_non_null(x);
	assert_true(x->prerelease);
	wheel_releases_free(&r);
	project_free(p);
	free(body);
}

/* Mutated real filenames: every answer is a clean parse or a clean refusal. */
static void
test_mutations(void **state)
{
	static const char *seeds[] = {
		"coverage-7.13.5-cp313-cp313t-manylinux1_x86_64.manylinux_2_28_x86_64."
		    "manylinux_2_5_x86_64.whl",
		"pkg-1.0-cp315-abi3.abi3t-manylinux_2_28_x86_64.whl",
		"numpy-1.9.2-cp27-none-macosx_10_6_intel.whl",
		"xo-gd-3.2.2-5.tar.gz",
		"PyYAML-6.0.1-1-cp312-cp312-win_amd64.whl",
		"pydantic_core-2.41.5-graalpy312-graalpy250_312_native-macosx_11_0_arm64.whl",
		"charset_normalizer-3.4.7-cp314-cp314t-musllinux_1_2_armv7l.whl",
	};
	static const char alphabet[] = "-._0123456789abcdtcpnoeywhlmusxiz_";
	struct wheel_platform plat[3];
	uint32_t x = 12345;

	assert_int_equal(wheel_platform_parse("manylinux_2_17_x86_64", &plat[0]), 0);
	assert_int_equal(wheel_platform_parse("musllinux-aarch64", &plat[1]), 0);
	assert_int_equal(wheel_platform_parse("macos-arm64", &plat[2]), 0);
	for (int it = 0; it < 100000; it++) {
		char buf[256], *cause = NULL, *name, *version;
		size_t n;
		struct wheel w;
		struct wheel_platform p;

		x = x * 1103515245 + 12345;
		snprintf(buf, sizeof buf, "%s", seeds[(x >> 8) % nitems(seeds)]);
		n = strlen(buf);
		for (int m = 0; m < 3 && n > 1; m++) {
			size_t pos;

			x = x * 1103515245 + 12345;
			pos = (x >> 8) % n;
			switch ((x >> 4) % 3) {
			case 0:
				buf[pos] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
				break;
			case 1:
				memmove(buf + pos, buf + pos + 1, n - pos);
				n--;
				break;
			default:
				memmove(buf + pos + 1, buf + pos, n - pos + 1);
				buf[pos] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
				n++;
				break;
			}
		}
		if (wheel_parse(buf, &w, &cause) == 0) {
			char label[64];

			assert_true(*w.name != '\0' && *w.version != '\0');
			assert_true(w.pythons.n > 0 && w.abis.n > 0 && w.platforms.n > 0);
			assert_true(wheel_classify(&w, &t315) < WC_COUNT);
			wheel_label(&w, &t314, label, sizeof label);
			for (size_t k = 0; k < nitems(plat); k++)
				(void)wheel_matches_platform(&w, &plat[k]);
			wheel_clear(&w);
		} else {
			assert_non_null(cause);
			free(cause);
		}
		if (wheel_sdist_parse(buf, it & 1 ? "xo-gd" : NULL, &name, &version) == 0) {
			assert_true(*name != '\0' && *version != '\0');
			free(name);
			free(version);
		}
		if (wheel_platform_parse(buf, &p) == 0) {
			char pn[64];

			wheel_platform_name(&p, pn, sizeof pn);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_compressed),
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_file_types),
		cmocka_unit_test(test_classes_real),
		cmocka_unit_test(test_classes_pip_never_installs),
		cmocka_unit_test(test_platform_macos_version),
		cmocka_unit_test(test_platform_parse),
		cmocka_unit_test(test_platform_match),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_all_real_filenames),
		cmocka_unit_test(test_releases),
		cmocka_unit_test(test_releases_numpy),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
