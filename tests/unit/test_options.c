/* test_options.c: --jobs has two defaults: 16 index connections, and 8 test processes
 * (ftport(1) says so for `ftport test`); given, it sets both. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "options.h"

/* Parses a command line of words split at spaces; o points into buf afterwards.
 * Returns options_parse's answer. */
static int
parse_rc(struct options *o, char *buf, size_t size, const char *line)
{
	char *argv[16], *save = NULL;
	int argc = 0;

	snprintf(buf, size, "%s", line);
	for (char *w = strtok_r(buf, " ", &save); w != NULL && argc < 15;
	    w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	optind = 0;	/* glibc: start getopt afresh for each command line */
	return options_parse(o, argc, argv);
}

static void
parse(struct options *o, char *buf, size_t size, const char *line)
{
	assert_int_equal(parse_rc(o, buf, size, line), 0);
}

static void
test_jobs_defaults(void **unused)
{
	char buf[128];
	struct options o;

	(void)unused;
	parse(&o, buf, sizeof buf, "ftport test numpy");
	assert_int_equal(o.jobs, 16);
	assert_int_equal(options_test_jobs(&o), TEST_DEFAULT_JOBS);
	assert_int_equal(TEST_DEFAULT_JOBS, 8);
	options_free(&o);
	parse(&o, buf, sizeof buf, "ftport test --jobs 3 numpy");
	assert_int_equal(o.jobs, 3);
	assert_int_equal(options_test_jobs(&o), 3);
	options_free(&o);
	parse(&o, buf, sizeof buf, "ftport check --jobs 40");
	assert_int_equal(o.jobs, 40);
	options_free(&o);
}

/* Numbers are range-checked whole: (int)strtol took 4294967304 as 8 and 4294967297
 * seconds as 1. */
static void
test_numbers_checked_whole(void **unused)
{
	static const char *const refused[] = {
		"ftport check --jobs 4294967304", "ftport test x --timeout 4294967297",
		"ftport check --jobs 0", "ftport check --jobs 65", "ftport check --jobs 8x",
		"ftport check --jobs -8", "ftport check --jobs  ", "ftport test x --timeout 86401",
		"ftport upstream x --scan-timeout 99999999999999999999",
		"ftport upstream x --max-repo-mb 1000001",
	};
	char buf[128];
	struct options o;

	(void)unused;
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		assert_int_equal(parse_rc(&o, buf, sizeof buf, refused[i]), -1);
		options_free(&o);
	}
	parse(&o, buf, sizeof buf, "ftport test x --timeout 86400 --jobs 64");
	assert_int_equal(o.timeout, 86400);
	assert_int_equal(o.jobs, 64);
	options_free(&o);
	parse(&o, buf, sizeof buf, "ftport upstream x --max-repo-mb 1000000 --scan-timeout 1");
	assert_int_equal(o.max_repo_mb, 1000000);
	assert_int_equal(o.scan_timeout, 1);
	options_free(&o);
}

/* Each option applies to the commands its declaration names, and no others. */
static void
test_options_apply_per_command(void **unused)
{
	char buf[128];
	struct options o;

	(void)unused;
	assert_int_equal(parse_rc(&o, buf, sizeof buf, "ftport tree --format json"), -1);
	options_free(&o);
	/* The index, cache and colour options go to every command, which ignores those
	 * that do not concern it (as pip does): a wrapper can pass them to any. */
	assert_int_equal(parse_rc(&o, buf, sizeof buf, "ftport tree --jobs 3"), 0);
	options_free(&o);
	assert_int_equal(parse_rc(&o, buf, sizeof buf, "ftport stats --offline"), 0);
	options_free(&o);
	assert_int_equal(parse_rc(&o, buf, sizeof buf,
	    "ftport upstream x --index-url http://h/simple/ --color never"), 0);
	options_free(&o);
	assert_int_equal(parse_rc(&o, buf, sizeof buf, "ftport cache info --refresh"), 0);
	options_free(&o);
	assert_int_equal(parse_rc(&o, buf, sizeof buf, "ftport tree -o x"), -1);
	options_free(&o);
	assert_int_equal(parse_rc(&o, buf, sizeof buf, "ftport --fail-on any"), -1);
	options_free(&o);
	parse(&o, buf, sizeof buf, "ftport -q export -o x.md --format md --upstream");
	assert_string_equal(o.output, "x.md");
	assert_string_equal(o.format, "md");
	assert_true(o.upstream);
	assert_true(o.given[OPT_OUTPUT]);
	assert_false(o.given[OPT_JOBS]);
	options_free(&o);
	parse(&o, buf, sizeof buf, "ftport --color never --target 3.13t --target 3.14t");
	assert_int_equal(o.color, COLOR_NEVER);
	assert_int_equal(o.targets.n, 2);
	assert_null(o.command);
	options_free(&o);
}

/* "--" ends the options: what follows is an operand, even one that looks like an
 * option. glibc's getopt_long moved optind back to the "--" on each later call: `ftport
 * tree -- x` looped until memory ran out. */
static void
test_double_dash(void **unused)
{
	char buf[128];
	struct options o;

	(void)unused;
	parse(&o, buf, sizeof buf, "ftport tree -- x");
	assert_string_equal(o.command, "tree");
	assert_int_equal(o.args.n, 1);
	assert_string_equal(o.args.v[0], "x");
	options_free(&o);
	parse(&o, buf, sizeof buf, "ftport -q tree -- --json y");
	assert_false(o.json);
	assert_int_equal(o.args.n, 2);
	assert_string_equal(o.args.v[0], "--json");
	assert_string_equal(o.args.v[1], "y");
	options_free(&o);
	parse(&o, buf, sizeof buf, "ftport -- tree z");
	assert_string_equal(o.command, "tree");
	assert_int_equal(o.args.n, 1);
	options_free(&o);
	/* A "--" that is an option's argument ends nothing. */
	parse(&o, buf, sizeof buf, "ftport test --cmd -- --jobs 3 x");
	assert_string_equal(o.test_cmd, "--");
	assert_int_equal(o.jobs, 3);
	assert_int_equal(o.args.n, 1);
	options_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jobs_defaults),
		cmocka_unit_test(test_numbers_checked_whole),
		cmocka_unit_test(test_options_apply_per_command),
		cmocka_unit_test(test_double_dash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
