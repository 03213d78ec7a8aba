/* test_actions.c: unit tests for actions.c: key names, the default bindings, and the
 * config parser shared with the user's file. */
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

#include "actions.h"
#include "testlib.h"
#include "util.h"

static void
test_key_names(void **state)
{
	const struct {
		const char	*name;
		keycode		 key;
	} cases[] = {
		{ "j", 'j' }, { "G", 'G' }, { "/", '/' }, { "?", '?' }, { "+", '+' },
		{ "Down", KEYC_DOWN }, { "down", KEYC_DOWN }, { "<Down>", KEYC_DOWN },
		{ "PageUp", KEYC_PAGE_UP }, { "PgDn", KEYC_PAGE_DOWN }, { "Enter", KEYC_ENTER },
		{ "Space", ' ' }, { "C-l", 12 }, { "C-F", 6 }, { "F1", KEYC_F1 },
		{ "F12", KEYC_F1 + 11 }, { "é", 0xe9 }, { "<", '<' }, { "<C-b>", 2 },
		{ "Escape", KEYC_ESCAPE }, { "Home", KEYC_HOME }, { "End", KEYC_END },
	};
	const char *bad[] = { "", "jj", "Foo", "C-", "C-1", "F13", "F0", "<>", "\x01",
	    "\xc3", "\xff" };

	for (size_t i = 0; i < nitems(cases); i++) {
		keycode k = keyc_from_name(cases[i].name);

		assert_int_equal(k, cases[i].key);
		/* The printed name reads back as the same key. */
		assert_int_equal(keyc_from_name(keyc_name(k)), k);
	}
	for (size_t i = 0; i < nitems(bad); i++)
		assert_int_equal(keyc_from_name(bad[i]), KEYC_NONE);
	assert_string_equal(keyc_name(KEYC_PAGE_DOWN), "PageDown");
	assert_string_equal(keyc_name(12), "C-l");
	assert_string_equal(keyc_name(' '), "Space");
	assert_string_equal(keyc_name(0x2191), "\xe2\x86\x91");
}

static void
test_table(void **state)
{
	/* The table is indexed by its ids, and names are unique. */
	for (int i = 0; i < ACT_COUNT; i++) {
		assert_int_equal(action_table[i].id, i);
		assert_int_equal(action_find(action_table[i].name), i);
		assert_non_null(action_table[i].help);
		assert_true(strlen(action_table[i].help) > 0);
	}
	assert_int_equal(action_find("no-such-action"), -1);
	/* Actions that are not built yet are not in the table. */
	assert_int_equal(action_find("test"), ACT_TEST);
	assert_int_equal(action_find("mark"), ACT_MARK);
	/* The team keys: a c x e d. */
	assert_int_equal(action_find("draft"), ACT_DRAFT);
	assert_int_equal(action_find("export"), ACT_EXPORT);
	assert_int_equal(action_find("owner"), ACT_OWNER);
	assert_int_equal(action_find("note"), ACT_NOTE);
	assert_int_equal(action_find("decision"), ACT_DECISION);
}

static void
test_defaults(void **state)
{
	struct keymap km = KEYMAP_INIT;
	struct strlist errors = STRLIST_INIT;
	keycode keys[8];

	assert_int_equal(keymap_parse(&km, actions_default_config, "defaults", &errors), 0);
	assert_int_equal(errors.n, 0);
	/* Every action has a default key: the help screen never shows one unbound. */
	for (int a = 1; a < ACT_COUNT; a++)
		assert_true(keymap_keys(&km, (enum action_id)a, keys, nitems(keys)) > 0);
	/* The default bindings: vim keys and arrows. */
	assert_int_equal(keymap_lookup(&km, 'j'), ACT_MOVE_DOWN);
	assert_int_equal(keymap_lookup(&km, KEYC_DOWN), ACT_MOVE_DOWN);
	assert_int_equal(keymap_lookup(&km, 'k'), ACT_MOVE_UP);
	assert_int_equal(keymap_lookup(&km, 'h'), ACT_FOLD);
	assert_int_equal(keymap_lookup(&km, KEYC_RIGHT), ACT_UNFOLD);
	assert_int_equal(keymap_lookup(&km, 'g'), ACT_MOVE_FIRST);
	assert_int_equal(keymap_lookup(&km, 'G'), ACT_MOVE_LAST);
	assert_int_equal(keymap_lookup(&km, KEYC_PAGE_DOWN), ACT_PAGE_DOWN);
	assert_int_equal(keymap_lookup(&km, KEYC_ENTER), ACT_DETAIL);
	assert_int_equal(keymap_lookup(&km, '/'), ACT_SEARCH);
	assert_int_equal(keymap_lookup(&km, 'n'), ACT_SEARCH_NEXT);
	assert_int_equal(keymap_lookup(&km, 'N'), ACT_SEARCH_PREV);
	assert_int_equal(keymap_lookup(&km, 'f'), ACT_FILTER);
	assert_int_equal(keymap_lookup(&km, 'v'), ACT_VIEW);
	assert_int_equal(keymap_lookup(&km, 'o'), ACT_OPEN_URL);
	assert_int_equal(keymap_lookup(&km, 'R'), ACT_REVALIDATE);
	assert_int_equal(keymap_lookup(&km, '?'), ACT_HELP);
	assert_int_equal(keymap_lookup(&km, 'q'), ACT_QUIT);
	assert_int_equal(keymap_lookup(&km, 't'), ACT_TEST);
	assert_int_equal(keymap_lookup(&km, 'm'), ACT_MARK);
	assert_int_equal(keymap_lookup(&km, 'T'), ACT_NONE);
	keymap_free(&km);
}

static void
test_user_config(void **state)
{
	struct keymap km = KEYMAP_INIT;
	struct strlist errors = STRLIST_INIT;
	const char *text =
	    "# mine\n"
	    "bind x quit\n"
	    "unbind q\n"
	    "bind J move-last   # trailing comment\n"
	    "bind Q explode\n"		/* 5: unknown action */
	    "bind NoSuchKey quit\n"	/* 6: unknown key */
	    "rebind j quit\n"		/* 7: unknown command */
	    "bind k\n"			/* 8: no action */
	    "bind k move-up extra\n"	/* 9: trailing word */
	    "\n"
	    "  bind\tw  move-up\r\n"
	    "bind j none\n";
	char *d;

	keymap_parse(&km, actions_default_config, "defaults", &errors);
	assert_int_equal(keymap_parse(&km, text, "config", &errors), 5);
	assert_int_equal(errors.n, 5);
	assert_string_equal(errors.v[0], "config:5: unknown action 'explode'");
	assert_string_equal(errors.v[1], "config:6: unknown key 'NoSuchKey'");
	assert_non_null(strstr(errors.v[2], "config:7: unknown command 'rebind'"));
	assert_non_null(strstr(errors.v[3], "config:8:"));
	assert_non_null(strstr(errors.v[4], "config:9: unexpected 'extra'"));
	/* The good lines took effect despite the bad ones. */
	assert_int_equal(keymap_lookup(&km, 'x'), ACT_QUIT);
	assert_int_equal(keymap_lookup(&km, 'q'), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, 'J'), ACT_MOVE_LAST);
	assert_int_equal(keymap_lookup(&km, 'w'), ACT_MOVE_UP);
	assert_int_equal(keymap_lookup(&km, 'j'), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, 'k'), ACT_MOVE_UP);
	d = keymap_describe(&km, ACT_QUIT);
	assert_string_equal(d, "x");
	free(d);
	d = keymap_describe(&km, ACT_MOVE_DOWN);
	assert_string_equal(d, "Down");
	free(d);
	d = keymap_describe(&km, ACT_MOVE_LAST);
	assert_string_equal(d, "G, End, J");
	free(d);
	strlist_clear(&errors);
	keymap_free(&km);
}

static void
test_load_file(void **state)
{
	static const char *const vars[] = { "XDG_CONFIG_HOME", "HOME", NULL };
	struct tl_env saved;
	struct keymap km = KEYMAP_INIT;
	struct strlist errors = STRLIST_INIT;
	char *dir = tl_tmpdir("test-actions"), *cfgdir, *path, *p;
	const char *text = "bind y help\nbind\n";

	tl_env_save(&saved, vars);
	setenv("XDG_CONFIG_HOME", dir, 1);
	p = actions_config_path();
	cfgdir = xprintf("%s/ftport", dir);
	path = xprintf("%s/config", cfgdir);
	assert_string_equal(p, path);
	free(p);
	/* No file: the defaults alone, no error. */
	assert_int_equal(keymap_load(&km, path, &errors), 0);
	assert_int_equal(errors.n, 0);
	assert_int_equal(keymap_lookup(&km, 'y'), ACT_NONE);
	keymap_free(&km);

	tl_write_text(path, text, 0644);
	assert_int_equal(keymap_load(&km, path, &errors), 1);
	assert_int_equal(errors.n, 1);
	assert_non_null(strstr(errors.v[0], "/ftport/config:2: bind needs a key"));
	assert_int_equal(keymap_lookup(&km, 'y'), ACT_HELP);
	assert_int_equal(keymap_lookup(&km, '?'), ACT_HELP);
	keymap_free(&km);
	strlist_clear(&errors);

	/* Without XDG_CONFIG_HOME, ~/.config. */
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/someone", 1);
	p = actions_config_path();
	assert_string_equal(p, "/home/someone/.config/ftport/config");
	free(p);

	tl_env_restore(&saved);
	tl_rm_rf(dir);
	free(dir);
	free(path);
	free(cfgdir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_user_config),
		cmocka_unit_test(test_load_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
