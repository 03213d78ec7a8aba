/* test_util.c: unit tests for util.c and strbuf.c. */
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

#include <sys/stat.h>

#include "fstree.h"
#include "strbuf.h"
#include "testlib.h"
#include "util.h"

static void
test_name_normalize(void **state)
{
	const char *cases[][2] = {
		{ "Django", "django" }, { "discord.py", "discord-py" },
		{ "ruamel.yaml.clib", "ruamel-yaml-clib" }, { "Foo__Bar--baz", "foo-bar-baz" },
		{ "zope.interface", "zope-interface" }, { "a", "a" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *n = name_normalize(cases[i][0]);

		assert_string_equal(n, cases[i][1]);
		free(n);
	}
}

static void
test_strbuf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;
	size_t len;

	assert_string_equal(strbuf_str(&sb), "");
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i);
	strbuf_addch(&sb, 'x');
	assert_true(str_starts_with(sb.buf, "0,1,2,"));
	assert_true(str_ends_with(sb.buf, "999,x"));
	s = strbuf_detach(&sb, &len);
	assert_int_equal(len, strlen(s));
	assert_null(sb.buf);
	free(s);
	s = strbuf_detach(&sb, NULL);
	assert_string_equal(s, "");
	free(s);
}

static void
test_strlist(void **state)
{
	struct strlist l = STRLIST_INIT;

	for (int i = 0; i < 100; i++)
		strlist_push_owned(&l, xprintf("s%d", i));
	assert_int_equal(l.n, 100);
	assert_true(strlist_contains(&l, "s99"));
	assert_false(strlist_contains(&l, "s100"));
	strlist_clear(&l);
	assert_int_equal(l.n, 0);
}

static void
test_file_roundtrip(void **state)
{
	char *dir = tl_tmpdir("test-util"), *path, *sub, *data, *cause = NULL;
	size_t len;

	sub = xprintf("%s/a/b/c", dir);
	assert_int_equal(mkdir_p(sub, &cause), 0);
	path = xprintf("%s/file", sub);
	assert_int_equal(write_file_atomic(path, "hello\0world", 11, &cause), 0);
	assert_int_equal(read_file(path, 1 << 20, &data, &len, &cause), 0);
	assert_int_equal(len, 11);
	assert_memory_equal(data, "hello\0world", 11);
	free(data);
	/* The size cap is an error with a cause, not a truncation. */
	assert_int_equal(read_file(path, 4, &data, &len, &cause), -1);
	assert_non_null(strstr(cause, "larger than"));
	free(cause);
	assert_int_equal(read_file(sub, 100, &data, &len, &cause), -1);
	free(cause);
	tl_rm_rf(dir);
	free(dir);
	free(path);
	free(sub);
}

static void
test_trim(void **state)
{
	char buf[] = "  \t hello world \n";

	assert_string_equal(str_trim(buf), "hello world");
}

/* Words of a command meant to be pasted: a shell reading them back gets the word as it
 * was, and runs nothing in it. */
static void
test_shell_quote(void **state)
{
	static const char *cases[][2] = {
		{ "numpy", "numpy" },
		{ "zope.interface", "zope.interface" },
		{ "markupsafe>=3.0.3", "\"markupsafe>=3.0.3\"" },
		{ "x;curl -s localhost:9|sh;", "\"x;curl -s localhost:9|sh;\"" },
		{ "$(touch x)", "'$(touch x)'" },
		{ "`id`", "'`id`'" },
		{ "it's \"$HOME\"", "'it'\\''s \"$HOME\"'" },
		{ "a\\b", "'a\\b'" },
		{ "!!", "'!!'" },
		{ "*", "\"*\"" },
		{ "", "\"\"" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *q = shell_quote(cases[i][0]), *cmd, got[128];
		FILE *sh;
		size_t n;

		assert_string_equal(q, cases[i][1]);
		/* And /bin/sh reads it back as the word it was. */
		cmd = xprintf("printf '%%s' %s", q);
		assert_non_null(sh = popen(cmd, "r"));
		n = fread(got, 1, sizeof got - 1, sh);
		got[n] = '\0';
		assert_int_equal(pclose(sh), 0);
		assert_string_equal(got, cases[i][0]);
		free(cmd);
		free(q);
	}
}

/* A tree is measured and removed below its path only: links are removed as links,
 * what they name stays (the one deleter of the program). */
static void
test_fstree(void **state)
{
	char *top = tl_tmpdir("fstree"), *tree = xprintf("%s/tree", top);
	char *outside = xprintf("%s/outside", top), *keep = xprintf("%s/outside/keep", top);
	char *p, *cause = NULL;
	unsigned long long bytes = 0;
	struct stat st;

	(void)state;
	assert_int_equal(mkdir(tree, 0700), 0);
	assert_int_equal(mkdir(outside, 0700), 0);
	assert_int_equal(write_file_atomic(keep, "kept", 4, &cause), 0);
	p = xprintf("%s/a", tree);
	assert_int_equal(write_file_atomic(p, "12345", 5, &cause), 0);
	free(p);
	p = xprintf("%s/sub", tree);
	assert_int_equal(mkdir(p, 0700), 0);
	free(p);
	p = xprintf("%s/sub/b", tree);
	assert_int_equal(write_file_atomic(p, "123", 3, &cause), 0);
	free(p);
	p = xprintf("%s/sub/link", tree);
	assert_int_equal(symlink(outside, p), 0);
	free(p);
	assert_int_equal(fstree_walk(tree, false, &bytes, &cause), 0);
	assert_int_equal(bytes, 8);
	assert_int_equal(fstree_remove(tree, &cause), 0);
	assert_int_not_equal(lstat(tree, &st), 0);
	assert_int_equal(stat(keep, &st), 0);
	/* A link given as the path goes as a link; a missing path is no error. */
	p = xprintf("%s/alias", top);
	assert_int_equal(symlink(outside, p), 0);
	assert_int_equal(fstree_remove(p, &cause), 0);
	assert_int_equal(stat(keep, &st), 0);
	assert_int_equal(fstree_remove(p, &cause), 0);
	free(p);
	free(keep);
	free(outside);
	free(tree);
	free(top);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name_normalize),
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_strlist),
		cmocka_unit_test(test_file_roundtrip),
		cmocka_unit_test(test_trim),
		cmocka_unit_test(test_shell_quote),
		cmocka_unit_test(test_fstree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
