/* test_marker.c: unit tests for PEP 508 markers (marker.c). Expected answers follow
 * the PyPA packaging library's current rules (checked against it). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marker.h"
#include "strbuf.h"
#include "util.h"

/* CPython 3.11.2 on Debian 12, x86_64. */
static struct marker_env
linux_env(void)
{
	struct marker_env env = { { NULL }, NULL, NULL };

	env.values[MV_OS_NAME] = "posix";
	env.values[MV_SYS_PLATFORM] = "linux";
	env.values[MV_PLATFORM_MACHINE] = "x86_64";
	env.values[MV_PLATFORM_PYTHON_IMPLEMENTATION] = "CPython";
	env.values[MV_PLATFORM_RELEASE] = "6.1.0-18-amd64";
	env.values[MV_PLATFORM_SYSTEM] = "Linux";
	env.values[MV_PLATFORM_VERSION] = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)";
	env.values[MV_PYTHON_VERSION] = "3.11";
	env.values[MV_PYTHON_FULL_VERSION] = "3.11.2";
	env.values[MV_IMPLEMENTATION_NAME] = "cpython";
	env.values[MV_IMPLEMENTATION_VERSION] = "3.11.2";
	return env;
}

struct eval_case {
	const char	*marker;
	const char	*extra;
	bool		 want;
};

static void
check_eval(const struct marker_env *env, const struct eval_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *cause = NULL;
		struct marker *m = marker_parse(cases[i].marker, &cause);

		if (m == NULL)
			fail_msg("'%s' did not parse: %s", cases[i].marker, cause);
		if (marker_eval(m, env, cases[i].extra) != cases[i].want)
			fail_msg("'%s' with extra '%s': want %d", cases[i].marker,
			    cases[i].extra, cases[i].want);
		marker_free(m);
	}
}

static void
test_var_names(void **state)
{
	static const char *names[] = {
		"os_name", "sys_platform", "platform_machine", "platform_python_implementation",
		"platform_release", "platform_system", "platform_version", "python_version",
		"python_full_version", "implementation_name", "implementation_version",
	};

	for (int v = 0; v < MV_COUNT; v++) {
		assert_string_equal(marker_var_name((enum marker_var)v), names[v]);
		assert_int_equal(marker_var_lookup(names[v]), v);
	}
	assert_int_equal(marker_var_lookup("os.name"), MV_OS_NAME);
	assert_int_equal(marker_var_lookup("sys.platform"), MV_SYS_PLATFORM);
	assert_int_equal(marker_var_lookup("platform.version"), MV_PLATFORM_VERSION);
	assert_int_equal(marker_var_lookup("platform.machine"), MV_PLATFORM_MACHINE);
	assert_int_equal(marker_var_lookup("platform.python_implementation"),
	    MV_PLATFORM_PYTHON_IMPLEMENTATION);
	assert_int_equal(marker_var_lookup("python_implementation"),
	    MV_PLATFORM_PYTHON_IMPLEMENTATION);
	assert_int_equal(marker_var_lookup("platform.release"), -1);
	assert_int_equal(marker_var_lookup("extra"), -1);
	assert_int_equal(marker_var_lookup("Python_Version"), -1);
	assert_int_equal(marker_var_lookup(""), -1);
	assert_int_equal(marker_var_lookup(NULL), -1);
	assert_null(marker_var_name(MV_COUNT));
}

static void
test_precedence(void **state)
{
	struct marker_env env = linux_env();
	/* T is true, F is false in this environment. */
	static const struct eval_case cases[] = {
		{ "os_name == 'posix' or os_name == 'nt' and os_name == 'nt'", "", true },
		{ "os_name == 'nt' and os_name == 'nt' or os_name == 'posix'", "", true },
		{ "os_name == 'nt' and os_name == 'posix' or os_name == 'posix'", "", true },
		{ "os_name == 'posix' and os_name == 'nt' or os_name == 'nt'", "", false },
		{ "(os_name == 'posix' or os_name == 'nt') and os_name == 'nt'", "", false },
		{ "os_name == 'nt' and (os_name == 'nt' or os_name == 'posix')", "", false },
		{ "os_name == 'posix' and (os_name == 'nt' or os_name == 'posix')", "", true },
		{ "os_name == 'nt' or os_name == 'nt' or os_name == 'nt' or os_name == 'posix'",
		    "", true },
		{ "os_name == 'posix' and os_name == 'posix' and os_name == 'nt'", "", false },
		/* T or F and F or F and T */
		{ "os_name == 'posix' or os_name == 'nt' and os_name == 'nt' or "
		    "os_name == 'nt' and os_name == 'posix'", "", true },
		/* F or T and F or F */
		{ "os_name == 'nt' or os_name == 'posix' and os_name == 'nt' or "
		    "os_name == 'nt'", "", false },
		{ "((os_name == 'posix'))", "", true },
		{ "(((((((os_name == 'nt')))))))", "", false },
		{ "( os_name == 'posix' ) and ( ( sys_platform == 'linux' ) )", "", true },
		{ "(os_name=='nt'or(sys_platform=='linux'and(python_version>='3')))", "", true },
		{ "extra == \"trio\" and ( python_version == '3.6')", "trio", false },
		{ "(platform_python_implementation == \"CPython\") and extra == 'tests-no-zope'",
		    "tests-no-zope", true },
	};

	check_eval(&env, cases, nitems(cases));
}

static void
test_quotes_and_space(void **state)
{
	struct marker_env env = linux_env();
	static const struct eval_case cases[] = {
		{ "sys_platform == \"linux\"", "", true }, { "sys_platform == 'linux'", "", true },
		{ "sys_platform=='linux'", "", true }, { "sys_platform\t==\t'linux'", "", true },
		{ "  sys_platform == 'linux'  ", "", true },
		{ "python_version>'3'and os_name=='posix'", "", true },
		{ "python_version>'3'or(os_name=='nt')", "", true },
		{ "platform_version == 'x\"y'", "", false }, { "\"it's\" == os_name", "", false },
		{ "sys_platform == \"\"", "", false }, { "'' in sys_platform", "", true },
		{ "sys_platform not  in 'win32 cygwin'", "", true },
	};

	check_eval(&env, cases, nitems(cases));
}

static void
test_versions(void **state)
{
	struct marker_env env = linux_env();
	static const struct eval_case cases[] = {
		/* as versions, 3.11 > 3.8 (as strings it would not be) */
		{ "python_version > '3.8'", "", true }, { "python_version > \"3.10\"", "", true },
		{ "python_version < '3.8'", "", false }, { "python_version <= '3.11'", "", true },
		{ "python_version >= '3.11.0'", "", true }, { "python_version == '3.11.0'", "", true },
		{ "python_version == '3.11'", "", true }, { "python_version != '3.11'", "", false },
		{ "python_version == '3.11.*'", "", true }, { "python_version == '3.1.*'", "", false },
		{ "python_version != '3.8.*'", "", true }, { "python_version ~= '3.8'", "", true },
		{ "python_version ~= '3.12'", "", false }, { "python_version === '3.11'", "", true },
		{ "python_version === '3.11.0'", "", false }, { "python_version > '3'", "", true },
		{ "python_version < '3'", "", false }, { "python_version >= '2.7'", "", true },
		{ "python_full_version >= '3.11.1'", "", true },
		{ "python_full_version < '3.11.3'", "", true },
		{ "python_full_version == '3.11.2'", "", true },
		{ "implementation_version >= '3.11'", "", true },
		{ "implementation_version > '3.11.2'", "", false },
		/* reversed operands */
		{ "'3.8' <= python_version", "", true }, { "'3.12' <= python_version", "", false },
		{ "\"3.11\" == python_version", "", true }, { "'3.8' > python_version", "", false },
		{ "'3.11.*' == python_version", "", false },	/* "==3.11" contains "3.11.*"? no */
		{ "'3.11.2' >= python_full_version", "", true },
		/* a version variable against something that is not a specifier: strings */
		{ "python_version == 'foo'", "", false }, { "python_version != 'foo'", "", true },
		{ "python_version < 'foo'", "", false }, { "python_version > 'foo'", "", false },
		{ "python_version in '2.6 2.7 3.2 3.3'", "", false },
		{ "python_version not in '2.6 2.7 3.2 3.3'", "", true },
		{ "python_version in '3.10 3.11 3.12'", "", true },
		{ "python_version == '3.8,3.11'", "", false },
		/* platform_release is compared as a version when it is one */
		{ "platform_release >= '5.0'", "", false },	/* not a version: false */
		{ "platform_release == '6.1.0-18-amd64'", "", true },
		{ "platform_release >= '6.1.0-18-amd64'", "", true },
		{ "platform_release > '6.1.0-18-amd64'", "", false },
		{ "'amd64' in platform_release", "", true },
		/* other variables never compare as versions */
		{ "platform_machine >= '1'", "", false }, { "os_name <= 'posix'", "", true },
	};

	check_eval(&env, cases, nitems(cases));
}

static void
test_version_edge_envs(void **state)
{
	struct marker_env env = linux_env();
	static const struct eval_case pre[] = {
		/* a pre-release interpreter: <3.12 excludes 3.12's own pre-releases */
		{ "python_full_version >= '3.12'", "", false },
		{ "python_full_version < '3.12'", "", false },
		{ "python_full_version >= '3.12.0a1'", "", true },
		{ "python_full_version >= '3.11'", "", true },
		{ "python_version >= '3.12'", "", true },
	};
	static const struct eval_case plus[] = {
		/* "3.11.2+" (an untagged build) reads as 3.11.2+local */
		{ "python_full_version == '3.11.2'", "", true },
		{ "python_full_version > '3.11.2'", "", false },
		{ "python_full_version >= '3.11'", "", true },
		{ "python_full_version < '3.12'", "", true },
	};
	static const struct eval_case release[] = {
		{ "platform_release >= '5.0'", "", true }, { "platform_release < '22'", "", false },
		{ "platform_release == '22.1.0'", "", true },
	};

	env.values[MV_PYTHON_VERSION] = "3.12";
	env.values[MV_PYTHON_FULL_VERSION] = "3.12.0a1";
	check_eval(&env, pre, nitems(pre));
	env.values[MV_PYTHON_VERSION] = "3.11";
	env.values[MV_PYTHON_FULL_VERSION] = "3.11.2+";
	check_eval(&env, plus, nitems(plus));
	env.values[MV_PLATFORM_RELEASE] = "22.1.0";
	check_eval(&env, release, nitems(release));
}

static void
test_strings(void **state)
{
	struct marker_env env = linux_env();
	static const struct eval_case cases[] = {
		{ "sys_platform == 'linux'", "", true }, { "sys_platform != 'linux'", "", false },
		{ "sys_platform == 'Linux'", "", false }, { "sys_platform == 'win32'", "", false },
		{ "'lin' in sys_platform", "", true }, { "sys_platform in 'linux2 linux'", "", true },
		{ "sys_platform in 'win32 cygwin'", "", false },
		{ "sys_platform not in 'win32 cygwin'", "", true },
		{ "'win' not in sys_platform", "", true },
		/* strings have no order: <= and >= are ==, < and > are false */
		{ "os_name < 'z'", "", false }, { "os_name > 'a'", "", false },
		{ "os_name <= 'posix'", "", true }, { "os_name >= 'posix'", "", true },
		{ "os_name <= 'z'", "", false }, { "'a' < os_name", "", false },
		{ "os_name === 'posix'", "", true }, { "os_name ~= 'posix'", "", false },
		{ "platform_system == 'Linux'", "", true }, { "platform_machine == 'x86_64'", "", true },
		{ "platform_python_implementation == 'CPython'", "", true },
		{ "implementation_name == 'cpython'", "", true },
		{ "'Debian' in platform_version", "", true },
		/* legacy names */
		{ "os.name == 'posix'", "", true }, { "sys.platform == 'linux'", "", true },
		{ "platform.machine == 'x86_64'", "", true },
		{ "platform.python_implementation == 'CPython'", "", true },
		{ "python_implementation == 'CPython'", "", true },
		{ "'Debian' in platform.version", "", true },
		/* two literals, two variables */
		{ "'a' == 'a'", "", true }, { "'a' in 'abc'", "", true }, { "'a' == 'b'", "", false },
		{ "os_name == os_name", "", true }, { "os_name == sys_platform", "", false },
	};

	check_eval(&env, cases, nitems(cases));
}

static void
test_extra(void **state)
{
	struct marker_env env = linux_env();
	static const struct eval_case cases[] = {
		{ "extra == 'test'", "", false }, { "extra != 'test'", "", true },
		{ "extra == 'test'", "test", true }, { "extra == 'test'", "tests", false },
		{ "extra == \"test\"", "Test", true }, { "'test' == extra", "test", true },
		/* PEP 685: both sides normalised */
		{ "extra == 'tests-no-zope'", "tests_no_zope", true },
		{ "extra == 'tests_no_zope'", "tests-no-zope", true },
		{ "extra == 'Tests.No_Zope'", "tests--no..zope", true },
		{ "extra == 'format-nongpl'", "format_nongpl", true },
		{ "extra == 'format-nongpl'", "format", false },
		{ "extra == 'a' or extra == 'b'", "b", true },
		{ "extra == 'a' and extra == 'b'", "b", false },
		{ "platform_python_implementation == 'CPython' and extra == 'brotli'", "brotli", true },
		{ "platform_python_implementation != 'CPython' and extra == 'brotli'", "brotli", false },
		{ "platform_python_implementation == 'CPython' and extra == 'brotli'", "", false },
		{ "extra == 'test' and python_version < '3.8'", "test", false },
		{ "(platform_python_implementation == \"CPython\" and python_version < \"3.12\") "
		    "and extra == 'tests'", "tests", true },
		{ "extra in 'test dev'", "dev", true },
	};

	check_eval(&env, cases, nitems(cases));
}

static void
test_uses_extra(void **state)
{
	static const struct {
		const char	*marker;
		bool		 uses;
	} cases[] = {
		{ "extra == 'x'", true }, { "'x' == extra", true },
		{ "python_version < '3.8'", false },
		{ "python_version < '3.8' or (os_name == 'nt' and extra == 'x')", true },
		{ "(((sys_platform == 'linux')))", false },
		{ "sys_platform == 'extra'", false },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		struct marker *m = marker_parse(cases[i].marker, NULL);

		assert_non_null(m);
		assert_int_equal(marker_uses_extra(m), cases[i].uses);
		marker_free(m);
	}
	assert_false(marker_uses_extra(NULL));
}

static void
test_null_and_missing(void **state)
{
	struct marker_env empty = { { NULL }, NULL, NULL };
	struct marker *m;

	assert_true(marker_eval(NULL, NULL, ""));
	marker_free(NULL);
	m = marker_parse("sys_platform == ''", NULL);
	assert_true(marker_eval(m, &empty, ""));
	assert_true(marker_eval(m, NULL, NULL));
	marker_free(m);
	m = marker_parse("python_version >= '3'", NULL);
	assert_false(marker_eval(m, &empty, ""));
	marker_free(m);
	m = marker_parse("extra == 'x'", NULL);
	assert_false(marker_eval(m, &empty, NULL));
	marker_free(m);
}

static void
test_parse_errors(void **state)
{
	static const char *cases[][2] = {
		{ "", "empty marker" }, { "   ", "empty marker" },
		{ "python_version", "expected a marker operator" },
		{ "python_version >", "expected a marker variable or a quoted string at end" },
		{ "> '3'", "expected a marker variable or a quoted string at \"> '3'\"" },
		{ "python_version > '3' and", "at end of marker" },
		{ "(python_version > '3'", "expected \")\"" },
		{ "python_version > '3')", "expected \"and\", \"or\" or the end" },
		{ "python_version >> '3'", "expected a marker variable or a quoted string" },
		{ "python_version = '3'", "expected a marker operator" },
		{ "foo == 'x'", "unknown marker variable \"foo\"" },
		{ "platform.release == 'x'", "unknown marker variable \"platform.release\"" },
		{ "Extra == 'x'", "unknown marker variable \"Extra\"" },
		{ "python_version not'3'", "expected \"in\" after \"not\"" },
		{ "python_version notin '3'", "expected a marker operator" },
		{ "python_version > '3' or or", "unknown marker variable \"or\"" },
		{ "'a' 'b'", "expected a marker operator" },
		{ "python_version > \"3'", "unterminated string" },
		{ "python_version>'3'andos_name=='x'", "\"andos_name=='x'\"" },
		{ "sys_platform == 'linux' AND os_name == 'posix'", "\"AND os_name" },
		{ "()", "expected a marker variable" },
		{ "python_version > '3' # comment", "at \"# comment\"" },
		{ "python_version > '3' ;", "at \";\"" },
		{ "python_version.x > '3'", "unknown marker variable" },
		{ "not in 'x'", "unknown marker variable \"not\"" },
		{ "python_version in", "at end of marker" },
		{ "python_version ==\n'3'\n)", "at \")\"" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *cause = NULL;
		struct marker *m = marker_parse(cases[i][0], &cause);

		if (m != NULL)
			fail_msg("'%s' should not parse", cases[i][0]);
		assert_non_null(cause);
		if (strstr(cause, cases[i][1]) == NULL)
			fail_msg("cause for '%s' is '%s', want '%s'", cases[i][0], cause,
			    cases[i][1]);
		assert_true(str_starts_with(cause, "invalid marker \""));
		assert_null(strchr(cause, '\n'));
		free(cause);
		assert_null(marker_parse(cases[i][0], NULL));
	}
	assert_null(marker_parse(NULL, NULL));
}

static void
test_depth(void **state)
{
	struct marker_env env = linux_env();
	struct strbuf sb = STRBUF_INIT;
	struct marker *m;
	char *cause = NULL;

	for (int i = 0; i < 64; i++)
		strbuf_addch(&sb, '(');
	strbuf_addstr(&sb, "os_name == 'posix'");
	for (int i = 0; i < 64; i++)
		strbuf_addch(&sb, ')');
	m = marker_parse(sb.buf, &cause);
	assert_non_null(m);
	assert_true(marker_eval(m, &env, ""));
	marker_free(m);
	strbuf_reset(&sb);
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, '(');
	m = marker_parse(sb.buf, &cause);
	assert_null(m);
	assert_non_null(strstr(cause, "nested too deeply"));
	assert_true(strlen(cause) < 400);	/* the text is cut short */
	free(cause);
	strbuf_release(&sb);
}

static void
test_long_chains(void **state)
{
	struct marker_env env = linux_env();
	struct strbuf sb = STRBUF_INIT;
	struct marker *m;
	double t0;

	/* 100,000 comparisons: flat lists, linear time, no deep recursion */
	t0 = now_ms();
	for (int i = 0; i < 50000; i++)
		strbuf_addf(&sb, "%sos_name == 'nt' and python_version < '3.8'", i ? " or " : "");
	strbuf_addstr(&sb, " or sys_platform == 'linux'");
	m = marker_parse(sb.buf, NULL);
	assert_non_null(m);
	assert_true(marker_eval(m, &env, ""));
	assert_false(marker_uses_extra(m));
	marker_free(m);
	assert_true(now_ms() - t0 < 5000);
	strbuf_release(&sb);
}

/* The markers of every Requires-Dist in Debian 12's dist-packages and the
 * installed-trees fixtures, with their value on CPython 3.11 / Linux. */
static void
test_real_markers(void **state)
{
	struct marker_env env = linux_env();
	static const struct eval_case cases[] = {
		{ "extra == 'azure-pipelines'", "azure-pipelines", true },
		{ "extra == 'test'", "", false },
		{ "sys_platform == \"linux\"", "", true },
		{ "sys_platform == \"darwin\"", "", false },
		{ "platform_system == 'Darwin'", "", false },
		{ "extra == \"trio\" and ( python_version == '3.6')", "trio", false },
		{ "python_version < '3'", "", false },
		{ "python_version < \"3.8\"", "", false },
		{ "platform_python_implementation == 'CPython' and extra == 'brotli'", "brotli", true },
		{ "platform_python_implementation != 'CPython' and extra == 'brotli'", "brotli", false },
		{ "implementation_name == \"pypy\"", "", false },
		{ "(platform_python_implementation == \"CPython\") and extra == 'tests-no-zope'",
		    "tests_no_zope", true },
		{ "(platform_python_implementation == \"CPython\") and extra == 'tests_no_zope'",
		    "tests-no-zope", true },
		{ "sys_platform == \"win32\"", "", false },
		{ "sys_platform == 'win32'", "", false },
		{ "python_version < \"3.11\"", "", false },
		{ "(python_version < \"3.9\") and extra == 'testing'", "testing", false },
		{ "python_version < \"3.7\"", "", false },
		{ "python_version < '3.9'", "", false },
		{ "python_version < '3.10'", "", false },
		{ "(platform_python_implementation != \"PyPy\") and extra == 'json'", "json", true },
		{ "sys_platform != \"win32\"", "", true },
		{ "os_name != 'nt'", "", true },
		{ "implementation_name == \"pypy\"", "", false },
		{ "python_version > \"3.0\"", "", true },
		{ "python_version < \"3.0\"", "", false },
		{ "(platform_python_implementation != \"PyPy\") and extra == 'testing'", "testing",
		    true },
		{ "(platform_python_implementation == \"CPython\" and python_version < \"3.11\") "
		    "and extra == 'tests-no-zope'", "tests-no-zope", false },
		{ "(sys_platform == \"darwin\") and extra == 'nativelib'", "nativelib", false },
		{ "(sys_platform == \"win32\") and extra == 'nativelib'", "nativelib", false },
		{ "sys_platform == 'win32' and platform_python_implementation != 'PyPy'", "", false },
		{ "os_name == 'nt'", "", false },
		{ "(python_version >= \"3.11\") and extra == 'tests'", "tests", true },
		{ "extra == \"test\" and ( python_version < '3.8')", "test", false },
		{ "sys_platform != \"win32\" or python_version != \"3.9\"", "", true },
		{ "sys_platform == \"win32\" and python_version == \"3.9\"", "", false },
		{ "python_version<'3.8'", "", false },
		/* egg-info requires.txt section conditions */
		{ "python_version < \"3.5\"", "", false },
		{ "platform_system == \"Windows\"", "", false },
		{ "python_version <= \"3.7\"", "", false },
		{ "python_version >= \"3\" and (platform_machine == \"aarch64\" or (platform_machine "
		    "== \"ppc64le\" or (platform_machine == \"x86_64\" or (platform_machine == "
		    "\"amd64\" or (platform_machine == \"AMD64\" or (platform_machine == \"win32\" or "
		    "platform_machine == \"WIN32\"))))))", "", true },
		{ "python_version in \"2.6 2.7 3.2 3.3\"", "", false },
		{ "(os_name != \"nt\" or python_version >= \"3\") and platform_python_implementation "
		    "!= \"CPython\"", "", false },
		{ "(os_name != \"nt\" or python_version >= \"3\") and platform_python_implementation "
		    "== \"CPython\"", "", true },
		{ "os_name == \"nt\" and python_version < \"3\"", "", false },
	};

	check_eval(&env, cases, nitems(cases));
}

static void
test_garbage(void **state)
{
	static const char *tokens[] = {
		"python_version", "extra", "os.name", "'3.8'", "\"x\"", "'", "\"", "(", ")",
		" and ", " or ", "==", "<", ">=", "~=", "===", " in ", " not in ", "not", " ",
		"\t", "3.8", "\x80", ",", ";", "@", "sys_platform", "'a'", "!",
	};
	struct marker_env env = linux_env();
	uint32_t seed = 4242;

	for (int i = 0; i < 100000; i++) {
		struct strbuf sb = STRBUF_INIT;
		struct marker *m;
		char *cause = NULL;
		int n;

		seed = seed * 1103515245 + 12345;
		n = (int)((seed >> 16) % 12);
		strbuf_addstr(&sb, "");
		for (int j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			strbuf_addstr(&sb, tokens[(seed >> 16) % nitems(tokens)]);
		}
		m = marker_parse(sb.buf, &cause);
		if (m != NULL) {
			(void)marker_eval(m, &env, "");
			(void)marker_eval(m, &env, "x");
			(void)marker_uses_extra(m);
			marker_free(m);
		} else {
			assert_non_null(cause);
			assert_null(strchr(cause, '\n'));
			free(cause);
		}
		strbuf_release(&sb);
	}
}

/* pylock_extras_groups_markers: PEP 751's set-valued markers. */
static void
test_extras_groups_sets(void **state)
{
	struct marker_env env = linux_env();
	struct strlist extras = STRLIST_INIT, groups = STRLIST_INIT;
	struct marker *m;
	char *cause = NULL;

	(void)state;
	strlist_push(&extras, "Fast_Math");
	strlist_push(&groups, "dev");
	env.extras = &extras;
	env.dependency_groups = &groups;
	m = marker_parse("'fast-math' in extras", &cause);
	assert_non_null(m);
	assert_true(marker_eval(m, &env, ""));
	marker_free(m);
	m = marker_parse("\"docs\" in extras or \"dev\" in dependency_groups", &cause);
	assert_non_null(m);
	assert_true(marker_eval(m, &env, ""));
	marker_free(m);
	m = marker_parse("\"docs\" in dependency_groups and python_version >= '3.8'", &cause);
	assert_non_null(m);
	assert_false(marker_eval(m, &env, ""));
	/* No sets given: nothing is in them. */
	assert_false(marker_eval(m, &(struct marker_env){ { NULL }, NULL, NULL }, ""));
	marker_free(m);
	m = marker_parse("'docs' not in extras", &cause);
	assert_non_null(m);
	assert_true(marker_eval(m, &env, ""));
	marker_free(m);
	/* Only "NAME" in / not in a set. */
	assert_null(marker_parse("extras == 'x'", &cause));
	assert_non_null(strstr(cause, "sets"));
	free(cause);
	cause = NULL;
	assert_null(marker_parse("'x' == dependency_groups", &cause));
	free(cause);
	strlist_clear(&extras);
	strlist_clear(&groups);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_var_names),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_quotes_and_space),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_version_edge_envs),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_extra),
		cmocka_unit_test(test_uses_extra),
		cmocka_unit_test(test_null_and_missing),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_long_chains),
		cmocka_unit_test(test_real_markers),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_extras_groups_sets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
