/* test_state.c: the team state: fields set and read back, unknown keys and the schema
 * version kept on rewrite, values with escapes refused, a corrupt file reported with
 * line and column and left byte for byte, writers in several processes at once losing
 * nothing, test results with their log excerpt, and the project root found by git. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>

#include "state.h"
#include "strbuf.h"
#include "testlib.h"
#include "testresult.h"
#include "util.h"

/* A new directory under tl_root (removed after the last test). */
static char *
newdir(void)
{
	static int n;
	char *dir = xprintf("%s/d%d", tl_root, n++), *cause = NULL;

	if (mkdir_p(dir, &cause) != 0)
		fail_msg("%s", cause);
	return dir;
}

static char *
slurp(const char *path)
{
	char *text, *cause = NULL;

	if (read_file(path, 1 << 20, &text, NULL, &cause) != 0)
		fail_msg("%s", cause);
	return text;
}

static void
test_round_trip(void **unused)
{
	char *dir = newdir(), *path = xprintf("%s/.ftport/state.json", dir);
	struct state *s = NULL;
	char *cause = NULL;

	(void)unused;
	/* No file: an empty state, and nothing written by reading. */
	assert_int_equal(state_load(path, &s, &cause), 0);
	assert_null(state_get(s, "numpy", STATE_OWNER));
	assert_int_equal(state_get_decision(s, "numpy"), DECISION_NONE);
	state_free(s);
	assert_int_equal(access(path, F_OK), -1);

	assert_int_equal(state_set(path, "numpy", STATE_OWNER, "alice", NULL, &cause), 0);
	assert_int_equal(state_set(path, "numpy", STATE_NOTE, "wait for 2.1 — ça ira", NULL,
	    &cause), 0);
	assert_int_equal(state_set(path, "numpy", STATE_DECISION, "waiting", NULL, &cause), 0);
	assert_int_equal(state_set(path, "cffi", STATE_TEST_COMMAND,
	    "python -m pytest --pyargs cffi -p pytest_run_parallel", &s, &cause), 0);
	assert_non_null(s);
	assert_string_equal(state_get(s, "numpy", STATE_OWNER), "alice");
	state_free(s);

	assert_int_equal(state_load(path, &s, &cause), 0);
	assert_string_equal(state_get(s, "numpy", STATE_OWNER), "alice");
	assert_string_equal(state_get(s, "numpy", STATE_NOTE), "wait for 2.1 — ça ira");
	assert_int_equal(state_get_decision(s, "numpy"), DECISION_WAITING);
	/* The packages with one decision, and none from a state that is not there. */
	{
		struct strlist l = STRLIST_INIT;

		state_decided(s, DECISION_WAITING, &l);
		assert_int_equal(l.n, 1);
		assert_string_equal(l.v[0], "numpy");
		strlist_clear(&l);
		state_decided(s, DECISION_IGNORE, &l);
		state_decided(NULL, DECISION_WAITING, &l);
		assert_int_equal(l.n, 0);
	}
	assert_string_equal(state_get(s, "cffi", STATE_TEST_COMMAND),
	    "python -m pytest --pyargs cffi -p pytest_run_parallel");
	state_free(s);

	/* Clearing the last field removes the package's entry. */
	assert_int_equal(state_set(path, "cffi", STATE_TEST_COMMAND, "", &s, &cause), 0);
	assert_null(json_object_get(json_object_get(s->root, "packages"), "cffi"));
	state_free(s);

	for (int d = 0; d < DECISION_COUNT; d++)
		assert_int_equal(state_decision_parse(state_decision_name(d)), d);
	assert_int_equal(state_decision_parse("later"), -1);
	free(path);
	free(dir);
}

/* The checklist export recorded for the UI's e: only a relative .md path inside the
 * project is taken, from ftport or from a hand-edited (or hostile) file. */
static void
test_checklist_path(void **unused)
{
	char *dir = newdir(), *path = xprintf("%s/state.json", dir), *cause = NULL;
	struct state *s = NULL;
	const char *bad[] = { "/etc/cron.d/x.md", "../outside.md", "docs/../../x.md",
	    "notes.txt", "", "a\nb.md" };

	(void)unused;
	assert_int_equal(state_set(path, "numpy", STATE_OWNER, "alice", NULL, &cause), 0);
	assert_int_equal(state_set_checklist(path, "docs/PORTING.md", &cause), 0);
	assert_int_equal(state_load(path, &s, &cause), 0);
	assert_string_equal(state_get_checklist(s), "docs/PORTING.md");
	assert_string_equal(state_get(s, "numpy", STATE_OWNER), "alice");
	state_free(s);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *str = json_string(bad[i]);
		char *quoted = json_dumps(str, JSON_ENCODE_ANY), *text;

		assert_int_equal(state_set_checklist(path, bad[i], &cause), -1);
		free(cause);
		cause = NULL;
		text = xprintf("{\"schema_version\": 1, \"packages\": {}, \"checklist\": %s}\n",
		    quoted);
		tl_write_text(path, text, 0644);
		assert_int_equal(state_load(path, &s, &cause), 0);
		assert_null(state_get_checklist(s));
		state_free(s);
		free(text);
		free(quoted);
		json_decref(str);
	}
	free(path);
	free(dir);
}

static void
test_unknown_keys(void **unused)
{
	char *dir = newdir(), *path = xprintf("%s/state.json", dir), *text;
	struct state *s;
	char *cause = NULL;
	json_t *root;

	(void)unused;
	tl_write_text(path, "{\"schema_version\": 1, \"team\": {\"lead\": \"kim\"},\n"
	    " \"packages\": {\"numpy\": {\"owner\": \"bob\", \"priority\": 3}}}\n", 0644);
	assert_int_equal(state_set(path, "numpy", STATE_NOTE, "hi", NULL, &cause), 0);
	text = slurp(path);
	root = json_loads(text, 0, NULL);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(json_object_get(root, "team"),
	    "lead")), "kim");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(root,
	    "packages"), "numpy"), "priority")), 3);
	assert_int_equal(json_integer_value(json_object_get(root, "schema_version")),
	    STATE_SCHEMA_VERSION);
	assert_int_equal(state_load(path, &s, &cause), 0);
	assert_string_equal(state_get(s, "numpy", STATE_OWNER), "bob");
	assert_string_equal(state_get(s, "numpy", STATE_NOTE), "hi");
	state_free(s);
	json_decref(root);
	free(text);
	free(path);
	free(dir);
}

static void
test_refused_values(void **unused)
{
	static const char *const bad[] = {
		"evil\033]0;title\007", "two\nlines", "tab\there", "c1 \xc2\x9b" "31m",
		"bidi \xe2\x80\xae" "gnp.exe", "bad utf8 \xff", "bell\007",
	};
	char *dir = newdir(), *path = xprintf("%s/state.json", dir);
	char *cause = NULL, big[600];

	(void)unused;
	for (size_t i = 0; i < nitems(bad); i++) {
		assert_int_equal(state_set(path, "x", STATE_NOTE, bad[i], NULL, &cause), -1);
		assert_non_null(strstr(cause, "refused"));
		free(cause);
		cause = NULL;
	}
	assert_int_equal(state_set(path, "x", STATE_DECISION, "maybe", NULL, &cause), -1);
	assert_non_null(strstr(cause, "ignore, waiting, fork or done"));
	free(cause);
	cause = NULL;
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(state_set(path, "x", STATE_OWNER, big, NULL, &cause), -1);
	free(cause);
	/* Nothing was written for any of them. */
	assert_int_equal(access(path, F_OK), -1);
	free(path);
	free(dir);
}

static void
test_corrupt(void **unused)
{
	static const char broken[] = "{\n  \"packages\": {\n    \"numpy\": {\"owner\": \"a\",}\n  }\n}\n";
	char *dir = newdir(), *path = xprintf("%s/state.json", dir), *after;
	struct state *s = NULL;
	char *cause = NULL;

	(void)unused;
	tl_write_text(path, broken, 0644);
	assert_int_equal(state_load(path, &s, &cause), -1);
	assert_null(s);
	/* Line 3, the column of the '}' after the trailing comma. */
	assert_non_null(strstr(cause, ":3:"));
	assert_non_null(strstr(cause, path));
	free(cause);
	cause = NULL;
	assert_int_equal(state_set(path, "numpy", STATE_OWNER, "b", NULL, &cause), -1);
	assert_non_null(strstr(cause, ":3:"));
	free(cause);
	cause = NULL;
	after = slurp(path);
	assert_string_equal(after, broken);
	free(after);

	/* Valid JSON of the wrong shape is refused too, and left alone. */
	tl_write_text(path, "{\"packages\": {\"numpy\": {\"decision\": \"someday\"}}}", 0644);
	assert_int_equal(state_set(path, "numpy", STATE_OWNER, "b", NULL, &cause), -1);
	assert_non_null(strstr(cause, "someday"));
	free(cause);
	cause = NULL;
	tl_write_text(path, "{\"schema_version\": 99}", 0644);
	assert_int_equal(state_load(path, &s, &cause), -1);
	assert_non_null(strstr(cause, "newer"));
	free(cause);
	after = slurp(path);
	assert_string_equal(after, "{\"schema_version\": 99}");
	free(after);
	free(path);
	free(dir);
}

/* Several processes change the same file at once: every change must be there. */
static void
test_writers(void **unused)
{
	enum { PROCS = 6, WRITES = 15 };
	char *dir = newdir(), *path = xprintf("%s/.ftport/state.json", dir);
	struct state *s;
	char *cause = NULL;
	pid_t pids[PROCS];
	int status;

	(void)unused;
	for (int p = 0; p < PROCS; p++) {
		if ((pids[p] = fork()) == 0) {
			int bad = 0;

			for (int w = 0; w < WRITES; w++) {
				char pkg[32], value[32];
				char *why = NULL;

				/* Each its own package, and all of them one shared package's fields. */
				snprintf(pkg, sizeof pkg, "pkg-%d-%d", p, w);
				snprintf(value, sizeof value, "owner-%d", p);
				bad += state_set(path, pkg, STATE_OWNER, value, NULL, &why) != 0;
				free(why);
				why = NULL;
				snprintf(pkg, sizeof pkg, "k-%d-%d", p, w);
				bad += state_set(path, "shared", pkg, value, NULL, &why) != 0;
				free(why);
			}
			_exit(bad == 0 ? 0 : 1);
		}
		assert_true(pids[p] > 0);
	}
	for (int p = 0; p < PROCS; p++) {
		assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_int_equal(state_load(path, &s, &cause), 0);
	for (int p = 0; p < PROCS; p++) {
		for (int w = 0; w < WRITES; w++) {
			char pkg[32], value[32];

			snprintf(pkg, sizeof pkg, "pkg-%d-%d", p, w);
			snprintf(value, sizeof value, "owner-%d", p);
			assert_non_null(state_get(s, pkg, STATE_OWNER));
			assert_string_equal(state_get(s, pkg, STATE_OWNER), value);
		}
	}
	assert_int_equal(json_object_size(json_object_get(s->root, "packages")),
	    PROCS * WRITES + 1);
	assert_int_equal(json_object_size(json_object_get(json_object_get(s->root, "packages"),
	    "shared")), PROCS * WRITES);
	state_free(s);
	free(path);
	free(dir);
}

static void
test_test_results(void **unused)
{
	char *dir = newdir(), *path = xprintf("%s/state.json", dir);
	char *log = xprintf("%s/cffi.log", dir), *cause = NULL, *excerpt = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct test_result r, back;
	struct state *s;

	(void)unused;
	for (int i = 1; i <= 40; i++)
		strbuf_addf(&sb, "line %d of the log\n", i);
	strbuf_addstr(&sb, "Fatal Python error: Segmentation fault \033[31m\n");
	tl_write_text(log, strbuf_str(&sb), 0644);
	memset(&r, 0, sizeof r);
	r.name = xstrdup("cffi");
	r.version = xstrdup("1.17.1");
	r.outcome = TO_CRASHED;
	r.signal = xstrdup("SIGSEGV");
	r.step = xstrdup("command");
	r.when = 1700000000;
	r.log = xstrdup(log);
	assert_int_equal(state_set_test(path, &r, NULL, &cause), 0);
	assert_int_equal(state_set(path, "cffi", STATE_OWNER, "dana", NULL, &cause), 0);

	assert_int_equal(state_load(path, &s, &cause), 0);
	memset(&back, 0, sizeof back);
	assert_true(state_get_test(s, "cffi", &back, &excerpt));
	assert_int_equal(back.outcome, TO_CRASHED);
	assert_string_equal(back.signal, "SIGSEGV");
	assert_int_equal(back.when, 1700000000);
	assert_null(back.log);		/* a path in one machine's cache is not shared */
	assert_non_null(excerpt);
	assert_non_null(strstr(excerpt, "Segmentation fault"));
	assert_non_null(strstr(excerpt, "line 40 of the log"));
	assert_null(strstr(excerpt, "line 20 of"));	/* the last lines only */
	assert_null(strchr(excerpt, '\033'));
	assert_string_equal(state_get(s, "cffi", STATE_OWNER), "dana");
	testresult_clear(&back);
	free(excerpt);
	memset(&back, 0, sizeof back);
	assert_false(state_get_test(s, "numpy", &back, &excerpt));
	testresult_clear(&r);
	free(excerpt);
	state_free(s);
	strbuf_release(&sb);
	free(log);
	free(path);
	free(dir);
}

static void
test_project_root(void **unused)
{
	char *dir = newdir(), *sub = xprintf("%s/a/b", dir), *root, *path;
	char *plain = newdir(), *want;
	git_repository *repo = NULL;
	char *cause = NULL;

	(void)unused;
	assert_int_equal(mkdir_p(sub, &cause), 0);
	git_libgit2_init();
	assert_int_equal(git_repository_init(&repo, dir, 0), 0);
	git_repository_free(repo);
	git_libgit2_shutdown();
	root = state_project_root(sub);
	/* tmpdir may be reached through a symbolic link: compare real paths. */
	want = realpath(dir, NULL);
	{
		char *got = realpath(root, NULL);

		assert_non_null(got);
		assert_string_equal(got, want);
		free(got);
	}
	path = state_default_path(NULL, sub);
	assert_true(str_ends_with(path, "/.ftport/state.json"));
	free(path);
	path = state_default_path("/elsewhere/s.json", sub);
	assert_string_equal(path, "/elsewhere/s.json");
	free(path);
	free(root);
	/* Outside any repository: the directory itself (unless tmp is in one). */
	root = state_project_root(plain);
	assert_non_null(root);
	free(root);
	free(want);
	free(sub);
	free(dir);
	free(plain);
}

/* Numbers people put in the state come back as they wrote them: jansson's 17 digits
 * made 0.1 0.10000000000000001. */
static void
test_numbers_kept(void **unused)
{
	char *dir = newdir(), *path = xprintf("%s/state.json", dir), *text, *cause = NULL;

	(void)unused;
	tl_write_text(path, "{\"schema_version\": 1, \"weights\": [0.1, 2.5, 1e-07, 1e+300, "
	    "-0.3, 100.0, 7, 0.30000000000000004, 1234.5678, 1e16],\n \"packages\": {\"numpy\": {\"effort\": "
	    "0.1, \"x\": {\"y\": [1.1]}, \"note_like\": \"ftport-real:0:0\"}}}\n", 0644);
	assert_int_equal(state_set(path, "numpy", STATE_NOTE, "hi", NULL, &cause), 0);
	text = slurp(path);
	assert_non_null(strstr(text, "\"effort\": 0.1,"));
	assert_non_null(strstr(text, "    0.1,\n    2.5,\n    1e-7,\n    1e300,\n    -0.3,\n"
	    "    100.0,\n    7,\n    0.30000000000000004,\n    1234.5678,\n    1e16\n"));
	assert_non_null(strstr(text, "\"y\": [\n          1.1\n        ]"));
	/* A string that looks like the placeholder is a string still. */
	assert_non_null(strstr(text, "\"note_like\": \"ftport-real:0:0\""));
	assert_null(strstr(text, "0000000001"));
	free(text);
	free(path);
	free(dir);
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

/* A state.json that is a symbolic link (a team sharing one state between checkouts)
 * is written through the link; the file keeps its mode, a new one gets the umask's;
 * a read-only one and a link to nothing are refused with the file as it was. */
static void
test_link_mode_readonly(void **unused)
{
	char *dir = newdir(), *real = xprintf("%s/shared.json", dir);
	char *path = xprintf("%s/.ftport/state.json", dir), *cause = NULL, *text;
	char *fresh = xprintf("%s/new/.ftport/state.json", dir);
	struct stat st;
	mode_t old = umask(022);

	(void)unused;
	tl_write_text(real, "{\"packages\": {}}\n", 0664);
	{
		char *ftdir = xprintf("%s/.ftport", dir);

		assert_int_equal(mkdir(ftdir, 0755), 0);
		free(ftdir);
	}
	assert_int_equal(symlink("../shared.json", path), 0);
	assert_int_equal(state_set(path, "numpy", STATE_OWNER, "alice", NULL, &cause), 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	text = slurp(real);
	assert_non_null(strstr(text, "\"alice\""));
	free(text);
	assert_int_equal(mode_of(real), 0664);
	/* The lock sits beside the file the link names. */
	{
		char *lock = xprintf("%s/shared.json.lock", dir);

		assert_int_equal(access(lock, F_OK), 0);
		free(lock);
	}

	/* A new state: 0666 less the umask, not 0600. */
	assert_int_equal(state_set(fresh, "numpy", STATE_OWNER, "bob", NULL, &cause), 0);
	assert_int_equal(mode_of(fresh), 0644);

	/* Read-only: refused, one line, nothing changed. */
	assert_int_equal(chmod(real, 0444), 0);
	text = slurp(real);
	assert_int_equal(state_set(path, "numpy", STATE_OWNER, "carol", NULL, &cause), -1);
	assert_non_null(strstr(cause, "read-only"));
	assert_null(strchr(cause, '\n'));
	free(cause);
	cause = NULL;
	{
		char *after = slurp(real);

		assert_string_equal(after, text);
		free(after);
	}
	free(text);

	/* A link to nothing: refused, the link left. */
	assert_int_equal(unlink(real), 0);
	assert_int_equal(state_set(path, "numpy", STATE_OWNER, "dan", NULL, &cause), -1);
	assert_non_null(strstr(cause, "does not exist"));
	free(cause);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(access(real, F_OK), -1);
	umask(old);
	free(fresh);
	free(path);
	free(real);
	free(dir);
}

/* After a kill -9 between write and rename, .ftport/ holds state.json.tmp.PID: git
 * ignores it, and the next write removes it when PID is gone (not a live writer's). */
static void
test_tmp_left_by_kill(void **unused)
{
	char *dir = newdir(), *path = xprintf("%s/.ftport/state.json", dir), *cause = NULL;
	char *dead, *live, *other, *text, *ignore;
	pid_t pid = fork();

	(void)unused;
	if (pid == 0)
		_exit(0);
	assert_true(pid > 0);
	waitpid(pid, NULL, 0);		/* pid is dead now, and not reused this soon */
	dead = xprintf("%s/.ftport/state.json.tmp.%ld", dir, (long)pid);
	live = xprintf("%s/.ftport/state.json.tmp.%ld", dir, (long)getppid());
	other = xprintf("%s/.ftport/notes.txt.tmp.%ld", dir, (long)pid);
	tl_write_text(dead, "{\"half", 0600);
	tl_write_text(live, "{\"half", 0600);
	tl_write_text(other, "mine", 0600);
	assert_int_equal(state_set(path, "numpy", STATE_OWNER, "alice", NULL, &cause), 0);
	assert_int_equal(access(dead, F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	assert_int_equal(access(other, F_OK), 0);
	ignore = xprintf("%s/.ftport/.gitignore", dir);
	text = slurp(ignore);
	assert_string_equal(text, "*.lock\n*.tmp.*\n");
	free(text);

	/* The .gitignore an older ftport wrote is brought up to date; people's is theirs. */
	tl_write_text(ignore, "*.lock\n", 0644);
	assert_int_equal(state_set(path, "numpy", STATE_OWNER, "bob", NULL, &cause), 0);
	text = slurp(ignore);
	assert_string_equal(text, "*.lock\n*.tmp.*\n");
	free(text);
	tl_write_text(ignore, "*.lock\n# ours\n", 0644);
	assert_int_equal(state_set(path, "numpy", STATE_OWNER, "carol", NULL, &cause), 0);
	text = slurp(ignore);
	assert_string_equal(text, "*.lock\n# ours\n");
	free(text);
	free(ignore);
	free(dead);
	free(live);
	free(other);
	free(path);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_checklist_path),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_refused_values),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_writers),
		cmocka_unit_test(test_test_results),
		cmocka_unit_test(test_project_root),
		cmocka_unit_test(test_numbers_kept),
		cmocka_unit_test(test_link_mode_readonly),
		cmocka_unit_test(test_tmp_left_by_kill),
	};

	return cmocka_run_group_tests(tests, tl_root_setup, tl_root_teardown);
}
