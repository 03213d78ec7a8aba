/* test_pep440.c: unit tests for PEP 440 versions and specifier sets (pep440.c).
 * Expected answers were checked against the PyPA "packaging" library. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pep440.h"
#include "util.h"

static void
check_norm(const char *in, const char *want)
{
	struct pep440_version v;
	char buf[256];

	if (pep440_parse(in, &v) != 0)
		fail_msg("\"%s\" did not parse", in);
	pep440_format(&v, buf, sizeof buf);
	if (strcmp(buf, want) != 0)
		fail_msg("\"%s\" normalised to \"%s\", want \"%s\"", in, buf, want);
}

static void
test_parse_normalise(void **state)
{
	static const char *cases[][2] = {
		{ "1.0", "1.0" }, { "1", "1" }, { "1.0.0", "1.0.0" },
		{ "v1.0", "1.0" }, { "V1.0", "1.0" }, { "  1.0\t\n", "1.0" },
		{ "01.002.0003", "1.2.3" }, { "0!1.0", "1.0" }, { "1!2.0", "1!2.0" },
		/* pre-releases and their spellings */
		{ "1.0a1", "1.0a1" }, { "1.0alpha1", "1.0a1" }, { "1.0ALPHA1", "1.0a1" },
		{ "1.0b2", "1.0b2" }, { "1.0beta2", "1.0b2" }, { "1.0c3", "1.0rc3" },
		{ "1.0rc3", "1.0rc3" }, { "1.0pre3", "1.0rc3" }, { "1.0preview3", "1.0rc3" },
		{ "1.0RC3", "1.0rc3" }, { "1.0a", "1.0a0" }, { "1.0.a1", "1.0a1" },
		{ "1.0-a1", "1.0a1" }, { "1.0_a1", "1.0a1" }, { "1.0a.1", "1.0a1" },
		{ "1.0a-1", "1.0a1" }, { "1.0a_1", "1.0a1" }, { "1.0a.", "1.0a0" },
		/* post-releases, including the implicit "-N" */
		{ "1.0.post1", "1.0.post1" }, { "1.0post1", "1.0.post1" },
		{ "1.0-post1", "1.0.post1" }, { "1.0_post_1", "1.0.post1" },
		{ "1.0.post", "1.0.post0" }, { "1.0-1", "1.0.post1" }, { "1.0r1", "1.0.post1" },
		{ "1.0rev1", "1.0.post1" }, { "1.0.REV", "1.0.post0" }, { "1.0-r", "1.0.post0" },
		{ "1.0.post.1", "1.0.post1" }, { "1.0a1-1", "1.0a1.post1" },
		/* development releases */
		{ "1.0.dev1", "1.0.dev1" }, { "1.0dev1", "1.0.dev1" }, { "1.0-dev", "1.0.dev0" },
		{ "1.0_dev_2", "1.0.dev2" }, { "1.0.DEV3", "1.0.dev3" }, { "1.0dev.", "1.0.dev0" },
		{ "1.0a1.dev1", "1.0a1.dev1" }, { "1.0.post1.dev1", "1.0.post1.dev1" },
		{ "1.0rc1.post2", "1.0rc1.post2" }, { "1.0a1.post2.dev3", "1.0a1.post2.dev3" },
		/* local labels */
		{ "1.0+abc", "1.0+abc" }, { "1.0+ABC.5", "1.0+abc.5" },
		{ "1.0+a-b_c", "1.0+a.b.c" }, { "1.0+01.2", "1.0+1.2" }, { "1.0+000", "1.0+0" },
		{ "1.0+x.y.z.01", "1.0+x.y.z.1" }, { "1.0+ubuntu1", "1.0+ubuntu1" },
		{ "v1!2.3.4rc5.post6.dev7+Ab.01-x", "1!2.3.4rc5.post6.dev7+ab.1.x" },
		/* real ones */
		{ "2023.12.1", "2023.12.1" }, { "0.0.138", "0.0.138" }, { "1.26.4", "1.26.4" },
		{ "3.0.0rc8", "3.0.0rc8" }, { "1.0.0rc8", "1.0.0rc8" }, { "2.1.0+cu121", "2.1.0+cu121" },
		{ "1.24.2+dfsg", "1.24.2+dfsg" }, { "3.11.2", "3.11.2" }, { "5.6.0.0", "5.6.0.0" },
	};

	for (size_t i = 0; i < nitems(cases); i++)
		check_norm(cases[i][0], cases[i][1]);
}

static void
test_parse_invalid(void **state)
{
	static const char *bad[] = {
		"", " ", "v", "a", "1.", ".1", "1..0", "1.0.", "1.0-", "1.0+", "1.0+a..b",
		"1.0+abc-", "1.0x1", "1.0abc", "1.0.dev1.post1", "1.0a1a2", "1.0 1",
		"1.0-1-1", "1!", "!1", "1!!2", "1.0+a+b", "foo", "1.0_", "vv1.0", "1.0.*",
		"1.0+ab c", "1,0", "1.0\x01", "1.0+\xc3\xa9", "\xef\xbb\xbf\x31.0", "1.0.post1.post2",
		"1.0dev1dev2", "-1.0", "+1.0", "1.0a1b2", "0x10", "1e5",
		"99999999999999999999999", "1.99999999999999999999999",
		"1.0+abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd",
	};
	struct pep440_version v;

	for (size_t i = 0; i < nitems(bad); i++) {
		if (pep440_parse(bad[i], &v) == 0)
			fail_msg("\"%s\" should not parse", bad[i]);
	}
	assert_int_equal(pep440_parse(NULL, &v), -1);
}

static void
test_release_cap(void **state)
{
	struct pep440_version v;
	char buf[256], s[256] = "1";

	for (int i = 1; i < PEP440_MAX_RELEASE; i++)
		strcat(s, ".1");
	assert_int_equal(pep440_parse(s, &v), 0);
	assert_int_equal(v.nrelease, PEP440_MAX_RELEASE);
	pep440_format(&v, buf, sizeof buf);
	assert_string_equal(buf, s);
	strcat(s, ".1");
	assert_int_equal(pep440_parse(s, &v), -1);
	/* a local label that fills the field exactly still fits; one more does not */
	assert_int_equal(pep440_parse("1+abcdefghijabcdefghijabcdefghij"
	    "abcdefghijabcdefghijabcdefghijabcd", &v), -1);
	assert_int_equal(pep440_parse("1+abcdefghijabcdefghijabcdefghij"
	    "abcdefghijabcdefghijabcdefghijabc", &v), 0);
	assert_int_equal(strlen(v.local), 63);
}

static void
test_fields(void **state)
{
	struct pep440_version v;

	assert_int_equal(pep440_parse("2!1.2.3rc4.post5.dev6+loc.7", &v), 0);
	assert_int_equal(v.epoch, 2);
	assert_int_equal(v.nrelease, 3);
	assert_int_equal(v.release[0], 1);
	assert_int_equal(v.release[2], 3);
	assert_int_equal(v.pre_kind, 'c');
	assert_int_equal(v.pre, 4);
	assert_true(v.has_post);
	assert_int_equal(v.post, 5);
	assert_true(v.has_dev);
	assert_int_equal(v.dev, 6);
	assert_string_equal(v.local, "loc.7");
	assert_int_equal(pep440_parse("1.0", &v), 0);
	assert_int_equal(v.pre_kind, 0);
	assert_false(v.has_post);
	assert_false(v.has_dev);
	assert_string_equal(v.local, "");
}

/* Every element sorts strictly before every later one. */
static void
check_order(const char **list, size_t n)
{
	struct pep440_version *v = xcalloc(n, sizeof *v);

	for (size_t i = 0; i < n; i++) {
		if (pep440_parse(list[i], &v[i]) != 0)
			fail_msg("\"%s\" did not parse", list[i]);
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			int c = pep440_compare(&v[i], &v[j]), want = (i > j) - (i < j);

			if ((c > 0) - (c < 0) != want)
				fail_msg("compare(\"%s\", \"%s\") = %d, want %d", list[i],
				    list[j], c, want);
			c = pep440_compare_str(list[i], list[j]);
			if ((c > 0) - (c < 0) != want)
				fail_msg("compare_str(\"%s\", \"%s\") = %d", list[i], list[j], c);
		}
	}
	free(v);
}

static void
test_order_brief(void **state)
{
	static const char *list[] = {
		"1.0.dev0", "1.0a1.dev0", "1.0a1", "1.0b1", "1.0rc1", "1.0", "1.0+local",
		"1.0.post1.dev0", "1.0.post1",
	};

	check_order(list, nitems(list));
}

static void
test_order_pep440(void **state)
{
	/* PEP 440's "summary of permitted suffixes and relative ordering" example,
	 * extended with epochs and local labels as packaging's test suite does. */
	static const char *list[] = {
		"1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12",
		"1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345",
		"1.0b2-346", "1.0c1.dev456", "1.0c1", "1.0rc2", "1.0c3", "1.0",
		"1.0.post456.dev34", "1.0.post456", "1.1.dev1", "1.2+123abc",
		"1.2+123abc456", "1.2+abc", "1.2+abc123", "1.2+abc123def", "1.2+1234.abc",
		"1.2+123456", "1.2.r32+123456", "1.2.rev33+123456",
		"1!1.0.dev456", "1!1.0a1", "1!1.0", "1!1.0.post456", "1!1.2+123456",
	};

	check_order(list, nitems(list));
}

static void
test_order_local(void **state)
{
	static const char *list[] = {
		"1.0", "1.0+a", "1.0+a.b", "1.0+a.1", "1.0+a.2", "1.0+a.10", "1.0+abc",
		"1.0+abd", "1.0+0", "1.0+1", "1.0+1.a", "1.0+1.0", "1.0+2", "1.0+10",
		"1.0+99999999999999999999999999",
	};

	check_order(list, nitems(list));
}

static void
test_order_release(void **state)
{
	static const char *list[] = {
		"0.dev0", "0", "0.0.1", "0.1", "0.9", "0.9.1", "0.10", "1.0.dev0", "1.0",
		"1.0.0.1", "1.1", "1.10", "2", "10", "2023.1", "0!2024.1", "1!0.1",
		"2!0.0.1",
	};

	check_order(list, nitems(list));
}

static void
test_equal(void **state)
{
	static const char *pairs[][2] = {
		{ "1.0", "1.0.0" }, { "1", "1.0.0.0" }, { "1.0", "v1.0" }, { "1.0", "0!1.0" },
		{ "1.0-1", "1.0.post1" }, { "1.0alpha1", "1.0a1" }, { "1.0c1", "1.0rc1" },
		{ "1.0+01", "1.0+1" }, { "1.0+A-b", "1.0+a.b" }, { "1.0.DEV", "1.0.dev0" },
		{ "01.0", "1.00" }, { "1.0a1", "1.0.0a1" }, { "1.0.post1", "1.0.0.post1" },
	};

	for (size_t i = 0; i < nitems(pairs); i++) {
		if (pep440_compare_str(pairs[i][0], pairs[i][1]) != 0)
			fail_msg("\"%s\" != \"%s\"", pairs[i][0], pairs[i][1]);
	}
}

static void
test_compare_str_invalid(void **state)
{
	/* Non-versions sort before every version, and among themselves by strcmp. */
	assert_true(pep440_compare_str("foo", "0.dev0") < 0);
	assert_true(pep440_compare_str("0.dev0", "foo") > 0);
	assert_true(pep440_compare_str("bar", "foo") < 0);
	assert_true(pep440_compare_str("foo", "bar") > 0);
	assert_int_equal(pep440_compare_str("foo", "foo"), 0);
	assert_true(pep440_compare_str("", "1") < 0);
	assert_true(pep440_compare_str("1.0-beta-x", "0") < 0);
}

static void
test_is_prerelease(void **state)
{
	static const struct {
		const char	*v;
		bool		 pre;
	} cases[] = {
		{ "1.0", false }, { "1.0a1", true }, { "1.0b1", true }, { "1.0rc1", true },
		{ "1.0.dev0", true }, { "1.0.post1", false }, { "1.0.post1.dev1", true },
		{ "1.0+local", false }, { "1.0a1+local", true }, { "1!1.0", false },
	};
	struct pep440_version v;

	for (size_t i = 0; i < nitems(cases); i++) {
		assert_int_equal(pep440_parse(cases[i].v, &v), 0);
		if (pep440_is_prerelease(&v) != cases[i].pre)
			fail_msg("is_prerelease(\"%s\") wrong", cases[i].v);
	}
}

static void
test_format_truncates(void **state)
{
	struct pep440_version v;
	char buf[8];

	assert_int_equal(pep440_parse("1!2.3.4rc5.post6", &v), 0);
	memset(buf, 'x', sizeof buf);
	pep440_format(&v, buf, sizeof buf);
	assert_string_equal(buf, "1!2.3.4");
	pep440_format(&v, buf, 1);
	assert_string_equal(buf, "");
	pep440_format(&v, buf, 0);	/* must not write */
}

/* ---- specifiers ------------------------------------------------------------ */

struct contains_case {
	const char	*spec;
	const char	*version;
	bool		 pre;	/* prereleases argument */
	bool		 want;
};

static void
check_contains(const struct contains_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *cause = NULL;
		struct pep440_specset *s = pep440_specset_parse(cases[i].spec, &cause);

		if (s == NULL)
			fail_msg("\"%s\" did not parse: %s", cases[i].spec, cause);
		if (pep440_specset_contains(s, cases[i].version, cases[i].pre) != cases[i].want)
			fail_msg("\"%s\" contains \"%s\" (prereleases %d): want %d",
			    cases[i].spec, cases[i].version, cases[i].pre, cases[i].want);
		pep440_specset_free(s);
	}
}

static void
test_spec_basic(void **state)
{
	static const struct contains_case cases[] = {
		{ "==1.0", "1.0", false, true }, { "==1.0", "1.0.0", false, true },
		{ "==1.0.0", "1", false, true }, { "==1.0", "1.0.1", false, false },
		{ "==1.0", "v1.0", false, true }, { "!=1.0", "1.0", false, false },
		{ "!=1.0", "1.1", false, true }, { ">=1.0", "1.0", false, true },
		{ ">=1.0", "0.9", false, false }, { "<=1.0", "1.0", false, true },
		{ "<=1.0", "1.0.1", false, false }, { "<2", "1.9.9", false, true },
		{ "<2", "2", false, false }, { ">1", "1.0.1", false, true },
		{ ">1", "1", false, false }, { ">=1.0,<2", "1.5", false, true },
		{ ">=1.0,<2", "2.0", false, false }, { ">=1.0,!=1.5", "1.5.0", false, false },
		{ "", "1.0", false, true }, { "", "0", false, true },
		{ ">= 1.0 , < 2", "1.1", false, true }, { ">=1.0,", "1.1", false, true },
		{ "==1!1.0", "1.0", false, false }, { "==1!1.0", "1!1.0", false, true },
		{ ">=1.0", "1!0.1", false, true }, { "<1!0", "9999", false, true },
		{ "==1.1.post1", "1.1", false, false }, { "==1.1.post1", "1.1.post1", false, true },
		{ "==1.1", "1.1.post1", false, false }, { "==1.1a1", "1.1a1", false, true },
		{ "==1.1.dev1", "1.1", false, false }, { ">=1.0-1", "1.0.post1", false, true },
		{ "<=1.0_rc1", "1.0rc1", false, true }, { "==V1.0", "1.0", false, true },
		/* real specifier sets */
		{ "!=3.0.0,!=3.0.1,!=3.0.2,!=3.0.3,<4,>=2.4.2", "3.0.9", false, true },
		{ "!=3.0.0,!=3.0.1,!=3.0.2,!=3.0.3,<4,>=2.4.2", "3.0.2", false, false },
		{ "!=1.7,!=1.7.1,!=1.7.2,!=1.7.3,!=1.8,!=1.8.1,<2.0.0,>=1.6.2", "1.10.7", false, true },
		{ "!=1.7,!=1.7.1,!=1.7.2,!=1.7.3,!=1.8,!=1.8.1,<2.0.0,>=1.6.2", "1.8.0", false, false },
		{ ">=0.971,<0.990", "0.982", false, true }, { "<1.27.0,>=1.19.5", "1.24.2", false, true },
		{ ">=1.0.0rc8", "1.1.0", false, true }, { ">=1.0.0rc8", "1.0.0rc9", false, true },
		{ ">=1.0.0rc8", "1.0.0rc7", true, false },
	};

	check_contains(cases, nitems(cases));
}

static void
test_spec_compatible(void **state)
{
	/* PEP 440: ~=2.2 is >=2.2,==2.*; ~=1.4.5 is >=1.4.5,==1.4.*; suffixes are
	 * ignored for the prefix; a zero release segment is significant. */
	static const struct contains_case cases[] = {
		{ "~=2.2", "2.2", false, true }, { "~=2.2", "2.3", false, true },
		{ "~=2.2", "2.10.1", false, true }, { "~=2.2", "3.0", false, false },
		{ "~=2.2", "2.1", false, false }, { "~=2.2", "2.2.post1", false, true },
		{ "~=1.4.5", "1.4.5", false, true }, { "~=1.4.5", "1.4.99", false, true },
		{ "~=1.4.5", "1.5.0", false, false }, { "~=1.4.5", "1.4.4", false, false },
		{ "~=2.2.post3", "2.2.post3", false, true }, { "~=2.2.post3", "2.2.post2", false, false },
		{ "~=2.2.post3", "2.9", false, true }, { "~=2.2.post3", "3.0", false, false },
		{ "~=1.4.5a4", "1.4.5a4", false, true }, { "~=1.4.5a4", "1.4.5", false, true },
		{ "~=1.4.5a4", "1.4.9", false, true }, { "~=1.4.5a4", "1.5", false, false },
		{ "~=1.4.5a4", "1.4.5a3", true, false },
		{ "~=2.2.0", "2.2.9", false, true }, { "~=2.2.0", "2.3.0", false, false },
		{ "~=1.0", "1.0+local", false, true }, { "~=1.0", "2.0.dev1", true, false },
		{ "~=1.0", "1!1.5", false, false }, { "~=1!1.0", "1!1.5", false, true },
		{ "~=1!1.0", "1.5", false, false }, { "~=0.9", "1!1.0", false, false },
		{ "~=0.9.1", "0.9.1", false, true }, { "~=3.3.6", "3.3.7", false, true },
	};

	check_contains(cases, nitems(cases));
}

static void
test_spec_wildcard(void **state)
{
	static const struct contains_case cases[] = {
		{ "==1.1.*", "1.1", false, true }, { "==1.1.*", "1.1.0", false, true },
		{ "==1.1.*", "1.1.7", false, true }, { "==1.1.*", "1.1.post1", false, true },
		{ "==1.1.*", "1.1+local", false, true }, { "==1.1.*", "1.1a1", true, true },
		{ "==1.1.*", "1.1a1", false, false }, { "==1.1.*", "1.1.dev1", true, true },
		{ "==1.1.*", "1.2", false, false }, { "==1.1.*", "1.10", false, false },
		{ "==1.1.*", "1", false, false }, { "==1.1.*", "0.1.1", false, false },
		{ "==1.0.0.*", "1", false, true }, { "==1.0.0.*", "1.0.0.5", false, true },
		{ "==1.0.0.*", "1.0.1", false, false }, { "==1.*", "1.99", false, true },
		{ "==8.*", "8.1.3", false, true }, { "==2.*", "3.0", false, false },
		{ "!=1.1.*", "1.1.5", false, false }, { "!=1.1.*", "1.2", false, true },
		{ "!=5.0.*,>=4.12", "5.3.0", false, true }, { "!=5.0.*,>=4.12", "5.0.1", false, false },
		{ "==1!1.*", "1!1.0", false, true }, { "==1!1.*", "1.0", false, false },
		{ "==1!1.0.*", "1!1", false, true }, { "==v1.*", "1.2", false, true },
	};

	check_contains(cases, nitems(cases));
}

static void
test_spec_local(void **state)
{
	static const struct contains_case cases[] = {
		/* == without a local label ignores the candidate's */
		{ "==1.0", "1.0+local", false, true }, { "==1.0", "1.0+1", false, true },
		{ "==1.0+local", "1.0+local", false, true }, { "==1.0+local", "1.0", false, false },
		{ "==1.0+local", "1.0+other", false, false }, { "==1.0+LOCAL", "1.0+local", false, true },
		{ "==1.0+1", "1.0+01", false, true },
		{ "!=1.0", "1.0+local", false, false }, { "!=1.0+local", "1.0", false, true },
		{ "!=1.0+local", "1.0+local", false, false },
		{ ">=1.0", "1.0+local", false, true }, { "<=1.0", "1.0+local", false, true },
		{ "<1.0", "1.0+local", false, false }, { "<1.0", "0.9+local", false, true },
		/* >V does not admit V's local versions */
		{ ">1.0", "1.0+local", false, false }, { ">1.0", "1.0.1+local", false, true },
		{ ">1.7", "1.7.0+local", false, false },
	};

	check_contains(cases, nitems(cases));
}

static void
test_spec_exclusive(void **state)
{
	/* PEP 440's exclusive ordered comparisons. */
	static const struct contains_case cases[] = {
		{ ">1.7", "1.7.1", false, true }, { ">1.7", "1.7.0.post1", false, false },
		{ ">1.7", "1.7.post1", false, false }, { ">1.7", "1.7.post1.dev1", true, false },
		{ ">1.7", "1.8.dev0", true, true }, { ">1.7", "1.7", false, false },
		{ ">1.7.post2", "1.7.1", false, true }, { ">1.7.post2", "1.7.0.post3", false, true },
		{ ">1.7.post2", "1.7.0", false, false }, { ">1.7.post2", "1.7.post2", false, false },
		{ ">1.7.post2", "1.7.post2+local", false, false },
		{ ">1.7.post2", "1.7.post3.dev0", true, true },
		{ ">1.7a1", "1.7a1.post1", true, false }, { ">1.7a1", "1.7a2", true, true },
		{ ">1.7a1", "1.7", false, true }, { ">1.7a1", "1.7.post1", false, true },
		{ ">1.7a1", "1.7a1+local", true, false }, { ">1.7a1", "1.7+local", false, true },
		{ ">1.7.dev1", "1.7.dev2", true, true }, { ">1.7.dev1", "1.7.dev1+x", true, false },
		{ ">1.7.dev1", "1.7a1", true, true },
		{ "<3.1", "3.0", false, true }, { "<3.1", "3.1.dev0", true, false },
		{ "<3.1", "3.1a1", true, false }, { "<3.1", "3.0.dev0", true, true },
		{ "<3.1", "3.1.0rc1", true, false }, { "<3.1", "3.0.post1", false, true },
		{ "<3.1rc1", "3.1a1", true, true }, { "<3.1rc1", "3.1rc1", true, false },
		{ "<3.1rc1", "3.1.dev0", true, true },
		{ "<1.7.post1", "1.7", false, true }, { "<1.7.post1", "1.7.post1.dev0", true, false },
		{ "<1.7.post1", "1.7rc1", true, true }, { "<1.7.post1", "1.7.post0", false, true },
		{ "<1!1.0", "1!0.9", false, true }, { "<1!1.0", "1!1.0a1", true, false },
	};

	check_contains(cases, nitems(cases));
}

static void
test_spec_arbitrary(void **state)
{
	static const struct contains_case cases[] = {
		{ "===foo", "foo", false, true }, { "===foo", "FOO", false, true },
		{ "===foo", "foo1", false, false }, { "===foo", " foo ", false, true },
		{ "===1.0", "1.0", false, true }, { "===1.0", "1.0.0", false, false },
		{ "===1.0", "v1.0", false, false }, { "===1.0", "0!1.0", false, false },
		{ "===1.0+downstream1", "1.0+downstream1", false, true },
		{ "=== 2.0-weird_thing", "2.0-WEIRD_thing", false, true },
		{ "===foo,===foo", "foo", false, true }, { "===foo,>=1", "foo", false, false },
		{ "===1.0,>=1", "1.0", false, true }, { "===1.0,<1", "1.0", false, false },
		{ "===1.0a1", "1.0a1", false, true },
	};

	check_contains(cases, nitems(cases));
}

static void
test_spec_prereleases(void **state)
{
	static const struct contains_case cases[] = {
		{ ">=1.0", "1.1a1", false, false }, { ">=1.0", "1.1a1", true, true },
		{ ">=1.0", "1.1.dev1", false, false }, { ">=1.0", "1.1.post1", false, true },
		{ "", "1.1a1", false, false }, { "", "1.1a1", true, true },
		/* a clause naming a pre-release lets them in */
		{ ">=1.1a1", "1.1a2", false, true }, { ">=1.1a1", "1.2b1", false, true },
		{ ">=1.0,<=2.0rc1", "1.5a1", false, true }, { "==1.1a1", "1.1a1", false, true },
		{ "~=1.1a1", "1.1b1", false, true }, { "<2.0a1", "1.5a1", false, true },
		{ ">1.0.dev1", "1.1.dev1", false, true },
		/* ... but not != or a wildcard */
		{ "!=1.1a1", "1.1a2", false, false }, { "!=1.1a1", "1.1a2", true, true },
		{ "==1.1.*", "1.1a1", false, false },
		{ "===1.0a1", "1.0a1", false, true },
	};

	check_contains(cases, nitems(cases));
}

static void
test_spec_unparseable(void **state)
{
	struct pep440_specset *s;

	/* empty_specifier_any_version: an empty set asks nothing of the version, so a
	 * version that is not PEP 440 is in it (packaging >= 22). */
	s = pep440_specset_parse("", NULL);
	assert_true(pep440_specset_contains(s, "foo", true));
	assert_true(pep440_specset_contains(s, "1.0-custom.build", false));
	assert_true(pep440_specset_contains(NULL, "1.0-custom.build", false));
	assert_false(pep440_specset_contains(s, "", true));
	assert_false(pep440_specset_contains(s, NULL, true));
	pep440_specset_free(s);
	s = pep440_specset_parse(">=1.0", NULL);
	assert_false(pep440_specset_contains(s, "1.0-beta-x", true));
	pep440_specset_free(s);
	s = pep440_specset_parse("!=1.0", NULL);
	assert_false(pep440_specset_contains(s, "garbage", true));
	pep440_specset_free(s);
	assert_true(pep440_specset_contains(NULL, "1.0", false));
	assert_string_equal(pep440_specset_text(NULL), "");
}

static void
test_spec_text(void **state)
{
	static const char *cases[][2] = {
		{ "", "" }, { "  ", "" }, { ",", "" }, { ">=1.0", ">=1.0" },
		{ ">= 1.0 , < 2", ">=1.0,<2" }, { ">=1.0,,<2,", ">=1.0,<2" },
		{ "<2,>=1", "<2,>=1" }, { "==1.0.*", "==1.0.*" }, { "=== foo", "===foo" },
		{ "~=1.4.5a4", "~=1.4.5a4" }, { "\t!=1.0\t", "!=1.0" },
		{ "!=3.0.0,!=3.0.1,!=3.0.2,!=3.0.3,<4,>=2.4.2",
		    "!=3.0.0,!=3.0.1,!=3.0.2,!=3.0.3,<4,>=2.4.2" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *cause = NULL;
		struct pep440_specset *s = pep440_specset_parse(cases[i][0], &cause);

		if (s == NULL)
			fail_msg("\"%s\": %s", cases[i][0], cause);
		assert_string_equal(pep440_specset_text(s), cases[i][1]);
		pep440_specset_free(s);
	}
}

static void
test_spec_errors(void **state)
{
	static const char *cases[][2] = {
		{ ">=", "expected a version after \">=\"" },
		{ ">=1.0,<", "expected a version after \"<\"" },
		{ "===", "expected a version after \"===\"" },
		{ "> = 1.0", "\"= 1.0\"" }, { "=1.0", "expected an operator" },
		{ "1.0", "expected an operator" }, { "=>1", "expected an operator" },
		{ ">>1", "after \">\", not \">1\"" },
		{ "~=1", "at least two release numbers" }, { "~=1.0.*", "only allowed with" },
		{ ">=1.0+local", "local version label" }, { "~=1.0+x", "local version label" },
		{ "<1.*", "only allowed with == and !=" }, { "==1.0a1.*", "only follow release" },
		{ "==1.0+abc.*", "only follow release" }, { "==1.0.post1.*", "only follow release" },
		{ "==1.0.*.*", "not a valid version prefix" }, { "==*", "not a valid version" },
		{ ">=1.0 2", "unexpected \"2\" after \">=1.0\"" },
		{ "===foo bar", "unexpected \"bar\"" }, { ">=1.0x", "\"1.0x\" is not a valid version" },
		{ ">=1.0,foo", "expected an operator" }, { "=", "expected an operator" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *cause = NULL;
		struct pep440_specset *s = pep440_specset_parse(cases[i][0], &cause);

		if (s != NULL)
			fail_msg("\"%s\" should not parse", cases[i][0]);
		assert_non_null(cause);
		if (strstr(cause, cases[i][1]) == NULL)
			fail_msg("cause for \"%s\" is \"%s\", want \"%s\"", cases[i][0], cause,
			    cases[i][1]);
		assert_non_null(strstr(cause, "invalid version specifier"));
		assert_null(strchr(cause, '\n'));
		free(cause);
		/* cause may be NULL */
		assert_null(pep440_specset_parse(cases[i][0], NULL));
	}
}

/* Deterministic pseudo-random garbage: nothing may crash or read out of bounds. */
static void
test_garbage(void **state)
{
	static const char alphabet[] = "0123456789.!+-_*=<>~,  abcdeprvostlABC\t\x80\xff";
	struct pep440_version v;
	uint32_t seed = 12345;
	char buf[64];

	for (int i = 0; i < 200000; i++) {
		size_t len;

		seed = seed * 1103515245 + 12345;
		len = (seed >> 16) % (sizeof buf - 1);
		for (size_t j = 0; j < len; j++) {
			seed = seed * 1103515245 + 12345;
			buf[j] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		buf[len] = '\0';
		if (pep440_parse(buf, &v) == 0) {
			char out[128];

			pep440_format(&v, out, sizeof out);
			/* canonical text reparses to an equal version */
			struct pep440_version w;

			assert_int_equal(pep440_parse(out, &w), 0);
			assert_int_equal(pep440_compare(&v, &w), 0);
		}
		(void)pep440_compare_str(buf, "1.0");
		struct pep440_specset *s = pep440_specset_parse(buf, NULL);

		if (s != NULL) {
			(void)pep440_specset_contains(s, "1.0", false);
			(void)pep440_specset_contains(s, buf, true);
			pep440_specset_free(s);
		}
	}
}

static void
test_long_input(void **state)
{
	size_t n = 1 << 20;
	char *s = xmalloc(n + 8);
	struct pep440_version v;
	struct pep440_specset *set;
	char *cause = NULL;

	memset(s, '1', n);
	s[n] = '\0';
	assert_int_equal(pep440_parse(s, &v), -1);	/* overflows */
	for (size_t i = 1; i < n; i += 2)
		s[i] = '.';
	assert_int_equal(pep440_parse(s, &v), -1);	/* too many segments */
	memcpy(s, ">=", 2);
	set = pep440_specset_parse(s, &cause);
	assert_null(set);
	free(cause);
	for (size_t i = 0; i < n; i++)
		s[i] = i % 6 == 5 ? ',' : ">=1.0"[i % 6];
	s[n] = '\0';
	set = pep440_specset_parse(s, &cause);
	if (set == NULL)	/* the last clause may be cut short */
		free(cause);
	else {
		assert_true(pep440_specset_contains(set, "1.0", false));
		pep440_specset_free(set);
	}
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_normalise),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_release_cap),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_order_brief),
		cmocka_unit_test(test_order_pep440),
		cmocka_unit_test(test_order_local),
		cmocka_unit_test(test_order_release),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_compare_str_invalid),
		cmocka_unit_test(test_is_prerelease),
		cmocka_unit_test(test_format_truncates),
		cmocka_unit_test(test_spec_basic),
		cmocka_unit_test(test_spec_compatible),
		cmocka_unit_test(test_spec_wildcard),
		cmocka_unit_test(test_spec_local),
		cmocka_unit_test(test_spec_exclusive),
		cmocka_unit_test(test_spec_arbitrary),
		cmocka_unit_test(test_spec_prereleases),
		cmocka_unit_test(test_spec_unparseable),
		cmocka_unit_test(test_spec_text),
		cmocka_unit_test(test_spec_errors),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_long_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
