/* test_verdict.c: unit tests for verdict.c: every status of the verdict table
 * (verdict.h), for targets and platform families, over real file lists
 * (tests/fixtures/wheel-lists, tests/fixtures/pypi) and releases derived from them
 * by renaming their versions. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"
#include "project.h"
#include "strbuf.h"
#include "util.h"
#include "verdict.h"
#include "wheel.h"

static json_t *lists;
static struct target t313, t314, t315;

static int
setup(void **state)
{
	json_error_t err;

	lists = json_load_file(FIXTURES "/wheel-lists/ftready-374287e-files.json", 0, &err);
	if (lists == NULL)
		return -1;
	assert_int_equal(target_parse("3.13t", &t313), 0);
	assert_int_equal(target_parse("3.14t", &t314), 0);
	assert_int_equal(target_parse("3.15t", &t315), 0);
	return 0;
}

static int
teardown(void **state)
{
	json_decref(lists);
	return 0;
}

/* --- building projects and dists ------------------------------------------- */

static struct project *
proj_new(const char *name)
{
	struct project *p = xcalloc(1, sizeof *p);

	p->name = xstrdup(name);
	return p;
}

static struct project_file *
proj_add(struct project *p, const char *filename)
{
	struct project_file *f;

	p->files = xreallocarray(p->files, p->nfiles + 1, sizeof *p->files);
	f = &p->files[p->nfiles++];
	memset(f, 0, sizeof *f);
	f->filename = xstrdup(filename);
	f->url = xprintf("https://files.example/%s", filename);
	return f;
}

/* The real files of one package of the ftready lists. */
static struct project *
ftready(const char *name)
{
	json_t *pkgs = json_object_get(lists, "packages"), *pkg, *f;
	size_t i, k;
	struct project *p;

	json_array_foreach(pkgs, i, pkg) {
		if (strcmp(json_string_value(json_object_get(pkg, "name")), name) != 0)
			continue;
		p = proj_new(name);
		json_array_foreach(json_object_get(pkg, "files"), k, f)
			proj_add(p, json_string_value(json_object_get(f, "filename")));
		return p;
	}
	fail_msg("%s is not in the ftready lists", name);
	return NULL;
}

static struct project *
pypi(const char *path, const char *name)
{
	char *body = NULL, *cause = NULL, *file = xprintf("%s/pypi/%s", FIXTURES, path);
	size_t len;
	struct project *p;

	if (read_file(file, 8 << 20, &body, &len, &cause) != 0)
		fail_msg("%s", cause);
	p = project_parse_json(name, body, len, "https://pypi.org/simple/", &cause);
	if (p == NULL)
		fail_msg("%s", cause);
	free(body);
	free(file);
	return p;
}

static char *
replace(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from);

	if (at == NULL)
		return xstrdup(s);
	return xprintf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

/* Adds release to_version to dst, derived from src's files of from_version (the
 * "-VERSION-"/"-VERSION." part renamed), keeping the files that contain every
 * '|'-separated word of keep (NULL: all) and dropping those that contain drop. */
static void
proj_derive(struct project *dst, const struct project *src, const char *from_version,
    const char *to_version, const char *keep, const char *drop)
{
	char *from_w = xprintf("-%s-", from_version), *to_w = xprintf("-%s-", to_version);
	char *from_s = xprintf("-%s.", from_version), *to_s = xprintf("-%s.", to_version);

	for (size_t i = 0; i < src->nfiles; i++) {
		const char *fn = src->files[i].filename;
		char *n;

		if (strstr(fn, from_w) == NULL && strstr(fn, from_s) == NULL)
			continue;
		if (drop != NULL && strstr(fn, drop) != NULL)
			continue;
		if (keep != NULL) {
			bool ok = false;
			char *words = xstrdup(keep), *w, *save = NULL;

			for (w = strtok_r(words, "|", &save); w != NULL;
			    w = strtok_r(NULL, "|", &save))
				ok = ok || strstr(fn, w) != NULL;
			free(words);
			if (!ok)
				continue;
		}
		n = strstr(fn, from_w) != NULL ? replace(fn, from_w, to_w) :
		    replace(fn, from_s, to_s);
		proj_add(dst, n);
		free(n);
	}
	free(from_w);
	free(to_w);
	free(from_s);
	free(to_s);
}

static struct dist *
dist_new(const char *name, const char *version, bool record_known, bool compiled)
{
	struct dist *d = xcalloc(1, sizeof *d);

	d->name = xstrdup(name);
	d->version = xstrdup(version);
	d->record_known = record_known;
	d->compiled = compiled;
	d->root_is_purelib = -1;
	return d;
}

static void
dist_del(struct dist *d)
{
	free(d->name);
	free(d->version);
	free(d->direct_url);
	strlist_clear(&d->ext_suffixes);
	free(d);
}

/* Judges and checks the status; returns the verdict for more checks. */
static void
expect(const struct dist *d, const struct project *p, enum verdict_source src,
    const struct target *t, const char *platform, enum ft_status want, struct verdict *v)
{
	memset(v, 0, sizeof *v);
	verdict_judge(d, p, src, t, platform, v);
	if (v->status != want)
		fail_msg("%s on %s for %s: got %s, want %s (%s)", d != NULL ? d->name : p->name,
		    platform, t->tag, status_name(v->status), status_name(want),
		    v->reason != NULL ? v->reason : "no reason");
	assert_non_null(v->reason);
	assert_string_equal(v->target, t->tag);
	assert_string_equal(v->platform, platform);
}

static void
has(const char *text, const char *part)
{
	if (text == NULL || strstr(text, part) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", text ? text : "(null)", part);
}

/* --- the status helpers ---------------------------------------------------- */

static void
test_status_names(void **state)
{
	struct target t;

	for (int s = 0; s < ST_COUNT; s++)
		assert_int_equal(status_from_name(status_name(s)), s);
	assert_string_equal(status_name(ST_OTHER_ABI), "other-abi");
	assert_int_equal(status_from_name("nope"), -1);
	/* Severity: how badly each status stops the move, worst first. */
	assert_true(status_severity(ST_BLOCKED) > status_severity(ST_ABI3));
	assert_true(status_severity(ST_ABI3) > status_severity(ST_SOURCE));
	assert_true(status_severity(ST_SOURCE) > status_severity(ST_UNKNOWN));
	assert_true(status_severity(ST_UNKNOWN) > status_severity(ST_OTHER_ABI));
	assert_true(status_severity(ST_OTHER_ABI) > status_severity(ST_ELSEWHERE));
	assert_true(status_severity(ST_ELSEWHERE) > status_severity(ST_PRERELEASE));
	assert_true(status_severity(ST_PRERELEASE) > status_severity(ST_UPGRADE));
	assert_true(status_severity(ST_UPGRADE) > status_severity(ST_FALLBACK));
	assert_true(status_severity(ST_FALLBACK) > status_severity(ST_PURE));
	assert_int_equal(status_severity(ST_PURE), status_severity(ST_READY));
	assert_true(status_is_blocker(ST_BLOCKED));
	assert_true(status_is_blocker(ST_ABI3));
	assert_false(status_is_blocker(ST_SOURCE));
	assert_string_equal(verdict_source_name(VS_INSTALLED), "installed");
	assert_string_equal(verdict_source_name(VS_SNAPSHOT), "snapshot");

	assert_int_equal(target_parse("3.14t", &t), 0);
	assert_string_equal(t.tag, "cp314t");
	assert_int_equal(t.minor, 14);
	assert_int_equal(target_parse("cp313t", &t), 0);
	assert_string_equal(t.tag, "cp313t");
	assert_int_equal(target_parse("3.15t", &t), 0);
	assert_string_equal(t.tag, "cp315t");
	assert_int_equal(target_parse("3.14", &t), -1);	/* not free-threaded */
	assert_int_equal(target_parse("3.12t", &t), -1);
	assert_int_equal(target_parse("2.7t", &t), -1);
	assert_int_equal(target_parse("cp314", &t), -1);
	assert_int_equal(target_parse("", &t), -1);
	assert_int_equal(target_parse("3.14tt", &t), -1);
}

/* --- ready ------------------------------------------------------------------ */

static void
test_ready(void **state)
{
	struct project *p = ftready("markupsafe");
	struct dist *d = dist_new("markupsafe", "3.0.3", true, true);
	struct verdict v;
	const char *platforms[] = {
		"linux-x86_64", "linux-aarch64", "musllinux-x86_64", "macos-arm64",
		"macos-x86_64", "windows-amd64", "win32", "win-arm64", "macosx-11.0-arm64",
	};

	for (size_t i = 0; i < nitems(platforms); i++) {
		expect(d, p, VS_INDEX, &t314, platforms[i], ST_READY, &v);
		assert_int_equal(v.source, VS_INDEX);
		assert_null(v.fix_version);
		assert_string_equal(v.latest, "3.0.3");
		verdict_clear(&v);
	}
	expect(d, p, VS_CACHE, &t314, "linux-x86_64", ST_READY, &v);
	assert_string_equal(v.reason, "markupsafe 3.0.3 has cp314t wheels for linux-x86_64.");
	assert_int_equal(v.source, VS_CACHE);
	verdict_clear(&v);
	/* cp313t + cp314t: ready for both targets. */
	expect(d, p, VS_INDEX, &t313, "linux-x86_64", ST_READY, &v);
	has(v.reason, "cp313t");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* cp314t-only via universal2 on both macOS architectures (charset-normalizer). */
	p = ftready("charset-normalizer");
	d = dist_new("charset-normalizer", "3.4.7", true, true);
	expect(d, p, VS_INDEX, &t314, "macos-arm64", ST_READY, &v);
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t314, "macos-x86_64", ST_READY, &v);
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t314, "linux-armv7l", ST_READY, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* tomli's cp314t musllinux wheel. */
	p = ftready("tomli");
	d = dist_new("tomli", "2.4.1", true, true);
	expect(d, p, VS_INDEX, &t314, "musllinux-x86_64", ST_READY, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);
}

/* ruff and prek: py3-none-<platform> wheels with executables work on any ABI. */
static void
test_ready_native_py(void **state)
{
	struct project *p = ftready("ruff");
	struct dist *d = dist_new("ruff", "0.15.9", true, true);
	struct verdict v;

	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_READY, &v);
	has(v.reason, "py3-none");
	has(v.reason, "no extension module");
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t313, "macos-arm64", ST_READY, &v);
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t315, "windows-amd64", ST_READY, &v);
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t314, "musllinux-aarch64", ST_READY, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	p = ftready("prek");
	d = dist_new("prek", "0.3.8", true, true);
	expect(d, p, VS_INDEX, &t314, "win-arm64", ST_READY, &v);
	verdict_clear(&v);
	/* prek's aarch64 wheel is tagged manylinux and musllinux at once. */
	expect(d, p, VS_INDEX, &t314, "musllinux-aarch64", ST_READY, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);
}

/* --- pure ------------------------------------------------------------------- */

static void
test_pure(void **state)
{
	struct project *p = ftready("requests");
	struct dist *d = dist_new("requests", "2.33.1", true, false);
	struct verdict v;

	/* From RECORD, whatever the index says, and when there is no index answer. */
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_PURE, &v);
	assert_int_equal(v.source, VS_INSTALLED);
	has(v.reason, "RECORD");
	verdict_clear(&v);
	expect(d, NULL, VS_NONE, &t314, "linux-x86_64", ST_PURE, &v);
	assert_int_equal(v.source, VS_INSTALLED);
	verdict_clear(&v);
	/* From the index when RECORD is unknown: only none-any wheels. */
	d->record_known = false;
	expect(d, p, VS_INDEX, &t314, "windows-amd64", ST_PURE, &v);
	assert_int_equal(v.source, VS_INDEX);
	assert_string_equal(v.reason, "requests 2.33.1 has only pure-Python (none-any) "
	    "wheels.");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* discord.py: a dot in the filename's name, project discord-py. */
	p = pypi("poetry/discord-py.json", "discord-py");
	d = dist_new("discord-py", "2.0.0", false, false);
	expect(d, p, VS_INDEX, &t314, "linux-aarch64", ST_PURE, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* py2.py3-none-any counts. */
	p = ftready("colorama");
	d = dist_new("colorama", "0.4.6", false, false);
	expect(d, p, VS_INDEX, &t315, "macos-arm64", ST_PURE, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* The real snowballstemmer answer: sdists and py2.py3 wheels. */
	p = pypi("micropip/snowballstemmer_simple.json", "snowballstemmer");
	d = dist_new("snowballstemmer", "2.0.0", false, false);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_PURE, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* A py2-only wheel is not pure for a 3.x target: the sdist decides. */
	p = proj_new("oldpkg");
	proj_add(p, "oldpkg-1.0-py2-none-any.whl");
	proj_add(p, "oldpkg-1.0.tar.gz");
	d = dist_new("oldpkg", "1.0", false, false);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_SOURCE, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* A pure wheel whose Requires-Python shuts the target out is not usable. */
	p = proj_new("capped");
	proj_add(p, "capped-1.0-py3-none-any.whl")->requires_python = xstrdup(">=3.8,<3.14");
	proj_add(p, "capped-1.0.tar.gz")->requires_python = xstrdup(">=3.8,<3.14");
	d = dist_new("capped", "1.0", false, false);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_SOURCE, &v);
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t313, "linux-x86_64", ST_PURE, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);
}

/* --- fallback ---------------------------------------------------------------- */

static void
test_fallback(void **state)
{
	struct project *p = ftready("tomli"), *src;
	struct dist *d = dist_new("tomli", "2.4.1", true, true);
	struct verdict v;

	/* tomli ships cp314t only, and a py3-none-any wheel. */
	expect(d, p, VS_INDEX, &t313, "linux-x86_64", ST_FALLBACK, &v);
	has(v.reason, "has cp311/cp312/cp313/cp314/cp314t wheels for linux-x86_64 but "
	    "none for cp313t");
	has(v.reason, "pure-Python wheel");
	assert_null(v.fix_version);
	verdict_clear(&v);
	project_free(p);

	/* Derived: 2.4.0 without the cp314t wheels, 2.4.1 as published. The fallback
	 * holds first (fallback precedes upgrade) and the reason names the fix. */
	src = ftready("tomli");
	p = proj_new("tomli");
	proj_derive(p, src, "2.4.1", "2.4.0", NULL, "cp314t");
	proj_derive(p, src, "2.4.1", "2.4.1", NULL, NULL);
	free(d->version);
	d->version = xstrdup("2.4.0");
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_FALLBACK, &v);
	has(v.reason, "(2.4.1 has cp314t wheels)");
	assert_string_equal(v.latest, "2.4.1");
	verdict_clear(&v);
	project_free(p);
	project_free(src);
	dist_del(d);

	/* Installed with compiled code, but the index has only the pure wheel. */
	p = ftready("requests");
	d = dist_new("requests", "2.33.1", true, true);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_FALLBACK, &v);
	has(v.reason, "installed with compiled code (from RECORD)");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* charset-normalizer for cp313t (mypyc-compiled plus a pure wheel). */
	p = ftready("charset-normalizer");
	d = dist_new("charset-normalizer", "3.4.7", false, false);
	expect(d, p, VS_INDEX, &t313, "windows-amd64", ST_FALLBACK, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);
}

/* --- upgrade and prerelease --------------------------------------------------- */

static struct project *
markupsafe_history(void)
{
	struct project *src = ftready("markupsafe"), *p = proj_new("markupsafe");

	/* 3.0.1 and 3.0.2 without free-threaded wheels, 3.0.3 as published, 3.1.0
	 * like 3.0.3. */
	proj_derive(p, src, "3.0.3", "3.0.1", NULL, "t-");
	proj_derive(p, src, "3.0.3", "3.0.2", NULL, "t-");
	proj_derive(p, src, "3.0.3", "3.0.3", NULL, NULL);
	proj_derive(p, src, "3.0.3", "3.1.0", NULL, NULL);
	project_free(src);
	return p;
}

static void
test_upgrade(void **state)
{
	struct project *p = markupsafe_history();
	struct dist *d = dist_new("markupsafe", "3.0.1", true, true);
	struct verdict v;

	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_UPGRADE, &v);
	assert_string_equal(v.fix_version, "3.0.3");	/* the lowest, not the latest */
	assert_string_equal(v.latest, "3.1.0");
	assert_string_equal(v.reason, "markupsafe 3.0.1 has cp311/cp312/cp313/cp314 wheels "
	    "for linux-x86_64 but none for cp314t; 3.0.3 has cp314t wheels for "
	    "linux-x86_64: upgrade to >= 3.0.3.");
	verdict_clear(&v);
	/* Only the installed version's own files decide "ready". */
	free(d->version);
	d->version = xstrdup("3.0.2");
	expect(d, p, VS_INDEX, &t313, "windows-amd64", ST_UPGRADE, &v);
	assert_string_equal(v.fix_version, "3.0.3");
	verdict_clear(&v);
	/* "1.0" and "1.0.0" are one release. */
	free(d->version);
	d->version = xstrdup("3.0.3.0");
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_READY, &v);
	verdict_clear(&v);

	/* Yanked files are skipped: with 3.0.3's yanked, 3.1.0 is the fix. */
	for (size_t i = 0; i < p->nfiles; i++) {
		if (strstr(p->files[i].filename, "-3.0.3-") != NULL) {
			p->files[i].yanked = true;
			p->files[i].yanked_reason = xstrdup("wrong tags");
		}
	}
	free(d->version);
	d->version = xstrdup("3.0.2");
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_UPGRADE, &v);
	assert_string_equal(v.fix_version, "3.1.0");
	verdict_clear(&v);
	project_free(p);

	/* The installed version is not on the index (a local build): newer ones decide. */
	p = ftready("markupsafe");
	free(d->version);
	d->version = xstrdup("2.1.5");
	expect(d, p, VS_INDEX, &t314, "linux-aarch64", ST_UPGRADE, &v);
	assert_string_equal(v.fix_version, "3.0.3");
	has(v.reason, "markupsafe 2.1.5 is not on the index");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* A newer release that dropped its compiled code is a fix too. */
	p = proj_new("simplejson");
	proj_add(p, "simplejson-3.19.2-cp312-cp312-manylinux_2_17_x86_64."
	    "manylinux2014_x86_64.whl");
	proj_add(p, "simplejson-3.19.2.tar.gz");
	proj_add(p, "simplejson-4.0.0-py3-none-any.whl");
	d = dist_new("simplejson", "3.19.2", true, true);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_UPGRADE, &v);
	assert_string_equal(v.fix_version, "4.0.0");
	has(v.reason, "4.0.0 has a pure-Python wheel");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);
}

static void
test_prerelease(void **state)
{
	struct project *src = ftready("markupsafe"), *p = proj_new("markupsafe");
	struct dist *d = dist_new("markupsafe", "3.0.2", true, true);
	struct verdict v;

	proj_derive(p, src, "3.0.3", "3.0.2", NULL, "t-");
	proj_derive(p, src, "3.0.3", "3.1.0rc1", NULL, NULL);
	proj_derive(p, src, "3.0.3", "3.1.0rc2", NULL, NULL);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_PRERELEASE, &v);
	assert_string_equal(v.fix_version, "3.1.0rc1");
	assert_string_equal(v.latest, "3.0.2");	/* the newest final release */
	has(v.reason, "only the pre-release 3.1.0rc1 has cp314t wheels");
	verdict_clear(&v);
	/* A final release with the fix wins over pre-releases. */
	proj_derive(p, src, "3.0.3", "3.1.0", NULL, NULL);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_UPGRADE, &v);
	assert_string_equal(v.fix_version, "3.1.0");
	verdict_clear(&v);
	project_free(p);
	project_free(src);
	dist_del(d);
}

/* --- elsewhere and other-abi -------------------------------------------------- */

static void
test_elsewhere(void **state)
{
	struct project *p = ftready("markupsafe"), *src;
	struct dist *d = dist_new("markupsafe", "3.0.3", true, true);
	struct verdict v;

	/* An old glibc: markupsafe's wheels need glibc 2.17; the reason names the
	 * families without their versions. */
	expect(d, p, VS_INDEX, &t314, "manylinux_2_12_x86_64", ST_ELSEWHERE, &v);
	has(v.reason, "cp314t wheels for macos-x86_64, macos-arm64, linux-aarch64, "
	    "linux-x86_64, linux-riscv64, musllinux-aarch64");
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t314, "manylinux_2_17_x86_64", ST_READY, &v);
	verdict_clear(&v);

	/* Real: markupsafe ships no ppc64le and no i686 Linux wheels at all. */
	expect(d, p, VS_INDEX, &t314, "linux-ppc64le", ST_ELSEWHERE, &v);
	has(v.reason, "markupsafe 3.0.3 has cp314t wheels for ");
	has(v.reason, "linux-x86_64");
	has(v.reason, "but not for linux-ppc64le.");
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t314, "linux-i686", ST_ELSEWHERE, &v);
	verdict_clear(&v);
	project_free(p);

	/* Derived: free-threaded wheels for macOS and Windows only. */
	src = ftready("markupsafe");
	p = proj_new("markupsafe");
	proj_derive(p, src, "3.0.3", "3.0.3", "cp314-cp314-|cp313-cp313-|cp312|cp311|"
	    "t-macosx|t-win|.tar.gz", NULL);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_ELSEWHERE, &v);
	assert_string_equal(v.reason, "markupsafe 3.0.3 has cp314t wheels for "
	    "macos-x86_64, macos-arm64, windows-x86, windows-amd64, windows-arm64 but not "
	    "for linux-x86_64.");
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t314, "macos-arm64", ST_READY, &v);
	verdict_clear(&v);
	project_free(p);
	project_free(src);
	dist_del(d);
}

static void
test_other_abi(void **state)
{
	struct project *p = ftready("markupsafe");
	struct dist *d = dist_new("markupsafe", "3.0.3", true, true);
	struct verdict v;

	/* cp313t and cp314t wheels; the target is 3.15t. */
	expect(d, p, VS_INDEX, &t315, "linux-x86_64", ST_OTHER_ABI, &v);
	assert_string_equal(v.reason, "markupsafe 3.0.3 has free-threaded wheels for "
	    "cp313t/cp314t only, none for cp315t.");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* pydantic-core: cp314t only and no pure wheel, target 3.13t. */
	p = ftready("pydantic-core");
	d = dist_new("pydantic-core", "2.41.5", true, true);
	expect(d, p, VS_INDEX, &t313, "linux-x86_64", ST_OTHER_ABI, &v);
	has(v.reason, "cp314t only, none for cp313t");
	verdict_clear(&v);
	/* ...and ready for its own target, PyPy and GraalPy wheels notwithstanding. */
	expect(d, p, VS_INDEX, &t314, "linux-aarch64", ST_READY, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);
}

/* --- source, abi3, blocked ---------------------------------------------------- */

static void
test_source(void **state)
{
	struct project *p = ftready("prek");
	struct dist *d = dist_new("prek", "0.3.8", true, true);
	struct verdict v;

	/* prek ships no ppc64le wheel: only its sdist. */
	expect(d, p, VS_INDEX, &t314, "linux-ppc64le", ST_SOURCE, &v);
	assert_string_equal(v.reason, "prek 0.3.8 has no wheel for linux-ppc64le, only an "
	    "sdist: it must be built from source for cp314t; test it.");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* PyYAML 3.13 (poetry's real answer): Windows wheels and an sdist named
	 * "PyYAML-3.13.tar.gz" for the project pyyaml. */
	p = pypi("poetry/pyyaml.json", "pyyaml");
	d = dist_new("pyyaml", "3.13", true, true);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_SOURCE, &v);
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t314, "windows-amd64", ST_BLOCKED, &v);
	has(v.reason, "pyyaml 3.13 has cp27m/cp34m/cp35m/cp36m/cp37m wheels for "
	    "windows-amd64 but none for cp314t");
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t314, "windows-x86", ST_BLOCKED, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* xo-gd: only sdists, non-PEP 440 "3.2.2-5" among them. */
	p = pypi("micropip/xo-gd_simple.json", "xo-gd");
	d = dist_new("xo-gd", "3.2.2-5", false, false);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_SOURCE, &v);
	assert_string_equal(v.latest, "3.2.8");
	verdict_clear(&v);
	/* 3.2.2.post5 is the same release. */
	free(d->version);
	d->version = xstrdup("3.2.2.post5");
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_SOURCE, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);
}

static void
test_abi3(void **state)
{
	struct project *p = proj_new("cryptography");
	struct dist *d = dist_new("cryptography", "43.0.1", true, true);
	struct verdict v;

	proj_add(p, "cryptography-43.0.1-cp37-abi3-macosx_10_9_universal2.whl");
	proj_add(p, "cryptography-43.0.1-cp37-abi3-manylinux_2_17_x86_64."
	    "manylinux2014_x86_64.whl");
	proj_add(p, "cryptography-43.0.1-cp37-abi3-manylinux_2_28_x86_64.whl");
	proj_add(p, "cryptography-43.0.1-cp37-abi3-musllinux_1_2_x86_64.whl");
	proj_add(p, "cryptography-43.0.1-cp37-abi3-win_amd64.whl");
	proj_add(p, "cryptography-43.0.1-cp39-abi3-manylinux_2_28_x86_64.whl");
	proj_add(p, "cryptography-43.0.1-pp310-pypy310_pp73-manylinux_2_28_x86_64.whl");
	proj_add(p, "cryptography-43.0.1.tar.gz");
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_ABI3, &v);
	has(v.reason, "only abi3 wheels for linux-x86_64");
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t314, "macos-arm64", ST_ABI3, &v);
	verdict_clear(&v);
	/* No wheel for this platform at all: the sdist comes first. */
	expect(d, p, VS_INDEX, &t314, "linux-aarch64", ST_SOURCE, &v);
	verdict_clear(&v);
	/* PEP 803: an abi3.abi3t release is usable from 3.15 on: an upgrade there,
	 * and "another target" for 3.14t. */
	proj_add(p, "cryptography-48.0.0-cp315-abi3.abi3t-manylinux_2_28_x86_64.whl");
	expect(d, p, VS_INDEX, &t315, "linux-x86_64", ST_UPGRADE, &v);
	assert_string_equal(v.fix_version, "48.0.0");
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_OTHER_ABI, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);
}

static void
test_blocked(void **state)
{
	struct project *p = pypi("micropip/numpy_simple.json", "numpy");
	struct dist *d = dist_new("numpy", "1.25.1", true, true);
	struct verdict v;

	/* The real numpy answer ends at 1.25.1: GIL wheels only. */
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_BLOCKED, &v);
	assert_string_equal(v.reason, "numpy 1.25.1 has cp39/cp310/cp311 wheels for "
	    "linux-x86_64 but none for cp314t, and no release has a wheel usable on cp314t "
	    "for linux-x86_64.");
	assert_null(v.fix_version);
	assert_string_equal(v.latest, "1.25.1");
	verdict_clear(&v);
	free(d->version);
	d->version = xstrdup("1.24.4");
	expect(d, p, VS_INDEX, &t313, "windows-amd64", ST_BLOCKED, &v);
	has(v.reason, "(latest 1.25.1)");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* Old maturin: cp312-none-win_amd64 is compiled, not pure. */
	p = proj_new("rpds-py");
	proj_add(p, "rpds_py-0.10.0-cp312-none-win_amd64.whl");
	proj_add(p, "rpds_py-0.10.0-cp311-none-win_amd64.whl");
	d = dist_new("rpds-py", "0.10.0", false, false);
	expect(d, p, VS_INDEX, &t314, "windows-amd64", ST_BLOCKED, &v);
	has(v.reason, "cp311-none/cp312-none wheels for windows-amd64");
	verdict_clear(&v);
	/* No wheel for the platform and no sdist. */
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_BLOCKED, &v);
	has(v.reason, "no wheel for linux-x86_64 and no sdist");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* PyPy and GraalPy wheels are no use to CPython. */
	p = ftready("pydantic-core");
	d = dist_new("pydantic-core", "2.41.5", true, true);
	for (size_t i = 0; i < p->nfiles; i++) {
		if (strstr(p->files[i].filename, "t-") != NULL ||
		    strstr(p->files[i].filename, "cp3") != NULL ||
		    str_ends_with(p->files[i].filename, ".tar.gz"))
			p->files[i].yanked = true;
	}
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_BLOCKED, &v);
	has(v.reason, "has only PyPy/GraalPy wheels for linux-x86_64 and no sdist");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);
}

/* --- unknown ------------------------------------------------------------------ */

static void
test_unknown(void **state)
{
	struct project *p = ftready("markupsafe"), *y;
	struct dist *d = dist_new("markupsafe", "3.0.3", true, true);
	struct verdict v;

	expect(d, NULL, VS_NONE, &t314, "linux-x86_64", ST_UNKNOWN, &v);
	has(v.reason, "not been checked");
	assert_int_equal(v.source, VS_NONE);
	verdict_clear(&v);
	expect(d, NULL, VS_INDEX, &t314, "linux-x86_64", ST_UNKNOWN, &v);
	has(v.reason, "not on the index");
	verdict_clear(&v);
	/* Editable: never judged from the index. */
	d->direct = DIRECT_EDITABLE;
	d->direct_url = xstrdup("file:///home/me/src/markupsafe");
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_UNKNOWN, &v);
	has(v.reason, "local or editable install (file:///home/me/src/markupsafe)");
	assert_int_equal(v.source, VS_INSTALLED);
	verdict_clear(&v);
	/* A VCS install: unknown if compiled, pure when RECORD says so. */
	d->direct = DIRECT_VCS;
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_UNKNOWN, &v);
	verdict_clear(&v);
	d->compiled = false;
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_PURE, &v);
	verdict_clear(&v);
	d->direct = DIRECT_NONE;
	d->compiled = true;
	/* A platform nobody knows. */
	expect(d, p, VS_INDEX, &t314, "current", ST_UNKNOWN, &v);
	has(v.reason, "not understood");
	verdict_clear(&v);
	/* Not on the index, nothing newer helps. */
	free(d->version);
	d->version = xstrdup("4.0.0.dev0");
	expect(d, p, VS_INDEX, &t315, "linux-x86_64", ST_UNKNOWN, &v);
	assert_string_equal(v.reason, "markupsafe 4.0.0.dev0 is not on the index (a local "
	    "build?); no newer release has a wheel usable on cp315t for linux-x86_64 "
	    "(latest 3.0.3).");
	assert_string_equal(v.latest, "3.0.3");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);

	/* Yanked: true and a reason string (derived xo-gd answer). */
	y = pypi("derived/xo-gd_yanked.json", "xo-gd");
	assert_true(y->files[0].yanked);
	assert_null(y->files[0].yanked_reason);
	assert_true(y->files[1].yanked);
	assert_string_equal(y->files[1].yanked_reason, "Broken: use 0.1.3 instead");
	d = dist_new("xo-gd", "3.1.4.2", false, false);
	expect(d, y, VS_INDEX, &t314, "linux-x86_64", ST_UNKNOWN, &v);
	has(v.reason, "Every file of xo-gd 3.1.4.2 is yanked");
	verdict_clear(&v);
	free(d->version);
	d->version = xstrdup("3.1.4.3");
	expect(d, y, VS_INDEX, &t314, "linux-x86_64", ST_SOURCE, &v);
	verdict_clear(&v);
	project_free(y);
	dist_del(d);

	/* An empty answer. */
	p = proj_new("empty");
	d = dist_new("empty", "1.0", false, false);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_UNKNOWN, &v);
	verdict_clear(&v);
	project_free(p);
	dist_del(d);
}

/* Boundaries between the rules, on releases derived from markupsafe's real files. */
static void
test_rule_edges(void **state)
{
	struct project *src = ftready("markupsafe"), *p;
	struct dist *d = dist_new("markupsafe", "3.0.2", true, true);
	struct verdict v;

	/* other-abi and elsewhere come from newer releases too. */
	p = proj_new("markupsafe");
	proj_derive(p, src, "3.0.3", "3.0.2", NULL, "t-");
	proj_derive(p, src, "3.0.3", "3.0.3", NULL, "cp314t");
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_OTHER_ABI, &v);
	assert_string_equal(v.reason, "markupsafe 3.0.3 has free-threaded wheels for "
	    "cp313t only, none for cp314t.");
	verdict_clear(&v);
	proj_derive(p, src, "3.0.3", "3.0.4", "cp314t-win", NULL);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_ELSEWHERE, &v);
	has(v.reason, "markupsafe 3.0.4 has cp314t wheels for windows-x86, windows-amd64, "
	    "windows-arm64 but not for linux-x86_64.");
	verdict_clear(&v);
	/* ...but an older release with free-threaded wheels is not a way forward. */
	free(d->version);
	d->version = xstrdup("3.0.5");
	proj_derive(p, src, "3.0.3", "3.0.5", NULL, "t-");
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_BLOCKED, &v);
	verdict_clear(&v);
	project_free(p);

	/* An installed pre-release with its own free-threaded wheels is ready. */
	p = proj_new("markupsafe");
	proj_derive(p, src, "3.0.3", "3.1.0b1", NULL, NULL);
	free(d->version);
	d->version = xstrdup("3.1.0b1");
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_READY, &v);
	assert_string_equal(v.latest, "3.1.0b1");	/* only pre-releases: the newest */
	verdict_clear(&v);
	project_free(p);

	/* Requires-Python: a fix that shuts the target out does not count. */
	p = proj_new("markupsafe");
	proj_derive(p, src, "3.0.3", "3.0.2", NULL, "t-");
	proj_derive(p, src, "3.0.3", "3.0.3", NULL, NULL);
	proj_derive(p, src, "3.0.3", "3.0.4", NULL, NULL);
	for (size_t i = 0; i < p->nfiles; i++) {
		if (strstr(p->files[i].filename, "-3.0.3") != NULL)
			p->files[i].requires_python = xstrdup(">=3.9,<3.14");
	}
	free(d->version);
	d->version = xstrdup("3.0.2");
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_UPGRADE, &v);
	assert_string_equal(v.fix_version, "3.0.4");
	verdict_clear(&v);
	expect(d, p, VS_INDEX, &t313, "linux-x86_64", ST_UPGRADE, &v);
	assert_string_equal(v.fix_version, "3.0.3");
	verdict_clear(&v);
	project_free(p);
	project_free(src);
	dist_del(d);

	/* abi3 next to a version-specific GIL wheel is blocked, not "only abi3". */
	p = proj_new("mixed");
	proj_add(p, "mixed-1.0-cp38-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
	proj_add(p, "mixed-1.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
	d = dist_new("mixed", "1.0", true, true);
	expect(d, p, VS_INDEX, &t314, "linux-x86_64", ST_BLOCKED, &v);
	has(v.reason, "abi3/cp313 wheels for linux-x86_64");
	verdict_clear(&v);
	project_free(p);
	dist_del(d);
}

/* RECORD alone, with no index answer: a free-threaded install is ready there. */
static void
test_record_ready(void **state)
{
	struct dist *d = dist_new("markupsafe", "3.0.3", true, true);
	struct verdict v;

	strlist_push(&d->ext_suffixes, "cpython-314t-x86_64-linux-gnu");
	expect(d, NULL, VS_NONE, &t314, "linux-x86_64", ST_READY, &v);
	assert_int_equal(v.source, VS_INSTALLED);
	verdict_clear(&v);
	expect(d, NULL, VS_NONE, &t314, "linux-aarch64", ST_UNKNOWN, &v);
	verdict_clear(&v);
	expect(d, NULL, VS_NONE, &t314, "musllinux-x86_64", ST_UNKNOWN, &v);
	verdict_clear(&v);
	expect(d, NULL, VS_NONE, &t313, "linux-x86_64", ST_UNKNOWN, &v);
	verdict_clear(&v);
	strlist_push(&d->ext_suffixes, "abi3");
	expect(d, NULL, VS_NONE, &t314, "linux-x86_64", ST_UNKNOWN, &v);
	verdict_clear(&v);
	strlist_clear(&d->ext_suffixes);
	strlist_push(&d->ext_suffixes, "cp314t-win_amd64");
	expect(d, NULL, VS_NONE, &t314, "windows-amd64", ST_READY, &v);
	verdict_clear(&v);
	strlist_clear(&d->ext_suffixes);
	strlist_push(&d->ext_suffixes, "cpython-314t-darwin");
	expect(d, NULL, VS_NONE, &t314, "macos-arm64", ST_READY, &v);
	verdict_clear(&v);
	dist_del(d);
}

/* No installed dist: the latest release is judged. */
static void
test_no_dist(void **state)
{
	struct project *p = ftready("wrapt");
	struct verdict v;

	expect(NULL, p, VS_SNAPSHOT, &t313, "linux-x86_64", ST_READY, &v);
	assert_int_equal(v.source, VS_SNAPSHOT);
	verdict_clear(&v);
	expect(NULL, p, VS_INDEX, &t315, "linux-x86_64", ST_FALLBACK, &v);
	verdict_clear(&v);
	project_free(p);
}

/* Every package of the real lists gets a verdict with a reason on every platform and
 * target; none is blocked, and what they are is what their files say. */
static void
test_all_real(void **state)
{
	json_t *pkgs = json_object_get(lists, "packages"), *pkg;
	const char *platforms[] = {
		"linux-x86_64", "linux-aarch64", "macos-arm64", "macos-x86_64", "windows-amd64",
	};
	const struct target *targets[] = { &t313, &t314, &t315 };
	size_t i, count[ST_COUNT] = { 0 };

	json_array_foreach(pkgs, i, pkg) {
		const char *name = json_string_value(json_object_get(pkg, "name"));
		const char *version = json_string_value(json_object_get(pkg, "version"));
		struct project *p = ftready(name);
		struct dist *d = dist_new(name, version, false, false);

		for (size_t t = 0; t < nitems(targets); t++) {
			for (size_t k = 0; k < nitems(platforms); k++) {
				struct verdict v;

				memset(&v, 0, sizeof v);
				verdict_judge(d, p, VS_INDEX, targets[t], platforms[k], &v);
				assert_non_null(v.reason);
				assert_string_equal(v.latest, version);
				count[v.status]++;
				if (t == 1)
					assert_true(v.status == ST_READY ||
					    v.status == ST_PURE);
				verdict_clear(&v);
			}
		}
		project_free(p);
		dist_del(d);
	}
	assert_int_equal(count[ST_BLOCKED], 0);
	assert_int_equal(count[ST_UNKNOWN], 0);
	assert_true(count[ST_PURE] >= 36 * 15);
	assert_true(count[ST_FALLBACK] > 0);	/* 3.13t and 3.15t */
	assert_true(count[ST_OTHER_ABI] > 0);	/* 3.15t */
}

static void
test_files_text(void **state)
{
	struct project *p = markupsafe_history();
	struct dist *d = dist_new("markupsafe", "3.0.2", true, true);
	char *s;

	s = verdict_files_text(d, p, &t314, "linux-x86_64");
	has(s, "installed 3.0.2 for linux-x86_64: cp311 cp312 cp313 cp314, sdist\n");
	has(s, "installed 3.0.2 cp314t wheels: none\n");
	has(s, "latest 3.1.0 for linux-x86_64: cp311 cp312 cp313 cp313t cp314 cp314t, "
	    "sdist\n");
	has(s, "latest 3.1.0 cp314t wheels: ");
	has(s, "macos-arm64");
	free(s);
	free(d->version);
	d->version = xstrdup("0.1");
	s = verdict_files_text(d, p, &t314, "linux-x86_64");
	has(s, "installed 0.1: not on the index\n");
	free(s);
	s = verdict_files_text(d, NULL, &t314, "linux-x86_64");
	has(s, "No answer");
	free(s);
	project_free(p);
	dist_del(d);

	p = ftready("ruff");
	d = dist_new("ruff", "0.15.9", true, true);
	s = verdict_files_text(d, p, &t314, "windows-amd64");
	has(s, "installed 0.15.9 for windows-amd64: py3-none, sdist");
	free(s);
	project_free(p);
	dist_del(d);
}

/* Random projects from real-looking files: every verdict has a reason, "upgrade"
 * always comes with its fix, and the statuses that need one say the platform. */
static void
test_random_projects(void **state)
{
	static const char *files[] = {
		"pkg-1.0-cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
		"pkg-1.0-cp314-cp314t-win_amd64.whl",
		"pkg-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",
		"pkg-1.0-py3-none-any.whl", "pkg-1.0.tar.gz",
		"pkg-2.0rc1-cp314-cp314t-manylinux_2_28_x86_64.whl",
		"pkg-2.0-cp39-abi3-manylinux_2_28_x86_64.whl",
		"pkg-2.0-pp310-pypy310_pp73-manylinux_2_28_x86_64.whl",
		"pkg-latest.tar.gz", "pkg-latest-py3-none-any.whl",
		"pkg-3-py3-none-macosx_11_0_arm64.whl",
		"pkg-1.0.0-cp312-none-win_amd64.whl",
		"pkg-4.0-cp315-abi3.abi3t-musllinux_1_2_x86_64.whl", "pkg-0.9.zip",
		"pkg-2.0.post1-cp314-cp314t-macosx_10_13_universal2.whl", "junk",
		"pkg-1.0-py2-none-any.whl", "pkg-1.0.win32-py2.4.exe",
	};
	static const char *versions[] = {
		"1.0", "2.0", "2.0rc1", "0.1", "latest", "9", "1.0.0", "not a version",
		"2.0.post1",
	};
	const char *platforms[] = {
		"linux-x86_64", "manylinux_2_17_x86_64", "musllinux-x86_64", "macos-arm64",
		"windows-amd64",
	};
	const struct target *targets[] = { &t313, &t314, &t315 };
	uint32_t x = 777;
	size_t seen[ST_COUNT] = { 0 };

	for (int it = 0; it < 3000; it++) {
		struct project p = { .name = (char *)"pkg" };
		struct dist d = { .name = (char *)"pkg" };
		size_t n;

		x = x * 1103515245 + 12345;
		n = (x >> 8) % 10;
		p.files = xcalloc(n + 1, sizeof *p.files);
		p.nfiles = n;
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245 + 12345;
			p.files[i].filename = (char *)files[(x >> 8) % nitems(files)];
			p.files[i].yanked = (x >> 20) % 6 == 0;
			if ((x >> 24) % 7 == 0)
				p.files[i].requires_python = (char *)"<3.14";
		}
		x = x * 1103515245 + 12345;
		d.version = (char *)versions[(x >> 8) % nitems(versions)];
		d.record_known = (x >> 12) & 1;
		d.compiled = (x >> 13) & 1;
		for (size_t t = 0; t < nitems(targets); t++) {
			for (size_t k = 0; k < nitems(platforms); k++) {
				struct verdict v;
				char *s;

				memset(&v, 0, sizeof v);
				verdict_judge(&d, &p, VS_INDEX, targets[t], platforms[k], &v);
				assert_non_null(v.reason);
				assert_true(strlen(v.reason) > 10);
				assert_int_equal(v.status == ST_UPGRADE ||
				    v.status == ST_PRERELEASE, v.fix_version != NULL);
				if (v.status == ST_SOURCE || v.status == ST_ELSEWHERE)
					has(v.reason, platforms[k]);
				seen[v.status]++;
				verdict_clear(&v);
				s = verdict_files_text(&d, &p, targets[t], platforms[k]);
				assert_non_null(s);
				free(s);
			}
		}
		free(p.files);
	}
	/* The mix reaches every status the wheels can give (the four a test gives come
	 * from evidence.c, never from verdict_judge). */
	for (int st = 0; st < ST_COUNT; st++) {
		if (st >= ST_GIL_REENABLED && st <= ST_CRASHED) {
			if (seen[st] != 0)
				fail_msg("verdict_judge gave %s", status_name(st));
			continue;
		}
		if (seen[st] == 0)
			fail_msg("no %s in 45,000 random verdicts", status_name(st));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_ready),
		cmocka_unit_test(test_ready_native_py),
		cmocka_unit_test(test_pure),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_upgrade),
		cmocka_unit_test(test_prerelease),
		cmocka_unit_test(test_elsewhere),
		cmocka_unit_test(test_other_abi),
		cmocka_unit_test(test_source),
		cmocka_unit_test(test_abi3),
		cmocka_unit_test(test_blocked),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_rule_edges),
		cmocka_unit_test(test_record_ready),
		cmocka_unit_test(test_no_dist),
		cmocka_unit_test(test_all_real),
		cmocka_unit_test(test_files_text),
		cmocka_unit_test(test_random_projects),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
