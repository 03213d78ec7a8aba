/* test_sanitize.c: unit tests for sanitize.c: nothing that drives a terminal survives. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "util.h"

static void
check(const char *in, const char *want)
{
	char *out = sanitize_text(in);

	assert_string_equal(out, want);
	free(out);
}

static void
checkn(const char *in, size_t len, int flags, const char *want)
{
	char *out = sanitize_buf(in, len, flags);

	assert_string_equal(out, want);
	free(out);
}

static void
test_plain(void **state)
{
	check("", "");
	check(NULL, "");
	check("requests 2.31.0", "requests 2.31.0");
	check("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x90\x8d", "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x90\x8d");
}

static void
test_osc_title(void **state)
{
	/* The window-title attack: the payload must go, not only the ESC. */
	check("\x1b]0;pwned\x07", "");
	check("a\x1b]0;pwned\x07z", "az");
	check("a\x1b]2;pwned\x1b\\z", "az");
	check("a\x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\z", "alinkz");
	/* Never terminated: the rest is the payload. */
	check("name\x1b]0;pwned", "name");
}

static void
test_csi(void **state)
{
	check("\x1b[2J", "");
	check("\x1b[2Jclear", "clear");
	check("\x1b[1;31mred\x1b[0m", "red");
	check("\x1b[?1049h", "");
	check("x\x1b[", "x");
	/* C1 CSI written as UTF-8 (U+009B). */
	check("a\xc2\x9b" "31mb", "ab");
	/* C1 OSC (U+009D) ended by C1 ST (U+009C). */
	check("a\xc2\x9d" "0;t\xc2\x9c" "b", "ab");
}

static void
test_other_escapes(void **state)
{
	check("\x1bPq#0;2;0;0;0\x1b\\after", "after");	/* DCS (sixel) */
	check("\x1b_apc\x1b\\x", "x");
	check("a\x1b" "cb", "ab");	/* RIS */
	check("a\x1b(Bb", "ab");	/* charset designation */
	check("a\x1b", "a");
}

static void
test_controls(void **state)
{
	check("a\x07" "b\x08" "c\x7f" "d\r", "abcd");
	check("a\tb\nc", "a b c");
	checkn("a\nb\tc", 5, SANITIZE_KEEP_NEWLINES, "a\nb c");
	checkn("a\0b", 3, 0, "ab");
	check("a\xc2\x85" "b", "ab");	/* NEL, a C1 control */
}

static void
test_invalid_utf8(void **state)
{
	check("a\xff" "b", "a\xef\xbf\xbd" "b");
	check("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");			/* overlong */
	check("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");	/* surrogate */
	check("x\xe2\x9c", "x\xef\xbf\xbd");		/* truncated: one maximal subpart */
	check("\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd");		/* two stray continuations */
	check("\xe2(\xa1", "\xef\xbf\xbd(\xef\xbf\xbd");
	check("\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	check("\x9b" "31m", "\xef\xbf\xbd" "31m");	/* raw C1 byte is not UTF-8 */
}

static void
test_bidi(void **state)
{
	check("abc\xe2\x80\xae" "fed", "abcfed");	/* RLO */
	check("\xe2\x81\xa6x\xe2\x81\xa9", "x");	/* LRI ... PDI */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_osc_title),
		cmocka_unit_test(test_csi),
		cmocka_unit_test(test_other_escapes),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_bidi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
