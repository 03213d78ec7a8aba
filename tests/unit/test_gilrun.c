/* test_gilrun.c: test children on the loop: words split as a shell would but never by
 * one, signal names, the GIL warning found when a read cuts it, the output's tail kept,
 * a timeout that kills the whole process group, a cancel; and the modules a test
 * imports (top_level.txt, else RECORD). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fetch.h"
#include "gilrun.h"
#include "words.h"
#include "loop.h"
#include "meta.h"
#include "scratch.h"
#include "testlib.h"
#include "util.h"

static void
split_ok(const char *cmd, const char *const *want)
{
	struct strlist l = STRLIST_INIT;
	char *cause = NULL;
	size_t n = 0;

	if (words_split(cmd, &l, &cause) != 0)
		fail_msg("'%s': %s", cmd, cause);
	while (want[n] != NULL)
		n++;
	assert_int_equal(l.n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(l.v[i], want[i]);
	strlist_clear(&l);
}

static void
test_split(void **state)
{
	struct strlist l = STRLIST_INIT;
	char *cause = NULL;

	(void)state;
	split_ok("python -m pytest --pyargs foo -p pytest_run_parallel --parallel-threads=4",
	    (const char *[]){ "python", "-m", "pytest", "--pyargs", "foo", "-p",
	    "pytest_run_parallel", "--parallel-threads=4", NULL });
	split_ok("  a   'b c'  \"d 'e'\" f\\ g ''", (const char *[]){ "a", "b c", "d 'e'", "f g", "",
	    NULL });
	/* What a shell would act on is ordinary text here. */
	split_ok("echo ; rm -rf / $(id) `id` a|b &", (const char *[]){ "echo", ";", "rm", "-rf",
	    "/", "$(id)", "`id`", "a|b", "&", NULL });
	split_ok("\"a \\\"q\\\" \\$x \\n\"", (const char *[]){ "a \"q\" $x \\n", NULL });
	split_ok("x'y'\"z\"", (const char *[]){ "xyz", NULL });
	assert_int_equal(words_split("a 'b", &l, &cause), -1);
	assert_non_null(strstr(cause, "unbalanced single"));
	free(cause);
	strlist_clear(&l);
	assert_int_equal(words_split("a \"b", &l, &cause), -1);
	free(cause);
	strlist_clear(&l);
	assert_int_equal(words_split("   ", &l, &cause), -1);
	assert_non_null(strstr(cause, "empty"));
	free(cause);
	strlist_clear(&l);
	assert_int_equal(words_split("a\\", &l, &cause), -1);
	free(cause);
	strlist_clear(&l);
}

static void
test_signal_names(void **state)
{
	(void)state;
	assert_string_equal(gilrun_signal_name(SIGSEGV), "SIGSEGV");
	assert_string_equal(gilrun_signal_name(SIGABRT), "SIGABRT");
	assert_string_equal(gilrun_signal_name(SIGBUS), "SIGBUS");
	assert_string_equal(gilrun_signal_name(77), "signal 77");
}

/* Whether pid is gone (or a zombie, which cannot run) within 10 s: once its parent
 * died, init reaps it at its own pace. */
static bool
gone(pid_t pid)
{
	char *stat, *st = NULL, *cause = NULL;
	bool zombie = false;

	if (kill(pid, 0) != 0)
		return true;
	stat = xprintf("/proc/%ld/stat", (long)pid);
	if (read_file(stat, 4096, &st, NULL, &cause) == 0)
		zombie = strstr(st, ") Z ") != NULL;
	free(cause);
	free(st);
	free(stat);
	return zombie;
}

static bool
wait_gone(pid_t pid)
{
	double cap = now_ms() + 10000;
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	while (!gone(pid) && now_ms() < cap)
		nanosleep(&ts, NULL);
	return gone(pid);
}

struct done {
	bool			 called;
	struct gilrun_result	 r;
};

static void
on_done(struct gilrun_result *r, void *arg)
{
	struct done *d = arg;

	d->called = true;
	d->r = *r;
	d->r.log = xstrdup(r->log);
	d->r.out_tail = xstrdup(r->out_tail);
	d->r.err_tail = xstrdup(r->err_tail);
	d->r.gil_module = r->gil_module != NULL ? xstrdup(r->gil_module) : NULL;
}

static void
done_free(struct done *d)
{
	free(d->r.log);
	free(d->r.out_tail);
	free(d->r.err_tail);
	free(d->r.gil_module);
}

/* Runs sh -c SCRIPT (the test's own script, not a user's) on a loop to the end. */
static struct gilrun *
run_sh(struct loop *l, const char *script, int timeout_ms, size_t keep, struct done *d,
    bool wait)
{
	char *argv[] = { (char *)"/bin/sh", (char *)"-c", (char *)script, NULL };
	const char *set[] = { "FTPORT_TEST_VAR=set", NULL };
	const char *unset[] = { "HOME", NULL };
	struct gilrun_spec s = { argv, set, unset, timeout_ms, keep };
	struct gilrun *g;
	char *cause = NULL;
	double cap = now_ms() + 60000;

	memset(d, 0, sizeof *d);
	g = gilrun_start(l, &s, on_done, d, &cause);
	assert_non_null(g);
	while (wait && !d->called && now_ms() < cap)
		loop_turn(l, NULL, 0, 1000);
	if (wait)
		assert_true(d->called);
	return g;
}

static void
test_child(void **state)
{
	struct fetch_config fc;
	struct fetch *f;
	struct loop *l;
	struct done d;

	(void)state;
	fetch_config_defaults(&fc);
	f = fetch_new(&fc);
	l = loop_new(f);

	/* The warning cut in two by a pause between writes; stdout and stderr apart; the
	 * environment as asked. */
	run_sh(l, "printf 'x.py:1: RuntimeWarning: The global interpreter lock (GIL) has "
	    "been enab' >&2; sleep 0.2; printf 'led to load module '\\''_cffi_backend'\\'', "
	    "which has not declared\\n' >&2; echo \"out $FTPORT_TEST_VAR ${HOME-unset}\"; exit 4",
	    0, 1 << 20, &d, true);
	assert_int_equal(d.r.status, 4);
	assert_int_equal(d.r.signal, 0);
	assert_false(d.r.timed_out);
	assert_string_equal(d.r.gil_module, "_cffi_backend");
	assert_string_equal(d.r.out_tail, "out set unset\n");
	assert_non_null(strstr(d.r.err_tail, "which has not declared"));
	done_free(&d);

	/* No warning, a signal, and only the last bytes kept. */
	run_sh(l, "i=0; while [ $i -lt 100 ]; do echo line$i; i=$((i+1)); done; kill -SEGV $$",
	    0, 16, &d, true);
	assert_null(d.r.gil_module);
	assert_int_equal(d.r.signal, SIGSEGV);
	assert_int_equal(d.r.status, -1);
	assert_int_equal(d.r.loglen, 16);
	assert_string_equal(d.r.log + d.r.loglen - 7, "line99\n");
	assert_true(d.r.total > 500);
	done_free(&d);

	/* A timeout kills the group: the grandchild too. */
	{
		char *pidfile = xprintf("%s/grandchild.pid", tl_root);
		char *script = xprintf("sleep 300 & echo $! > '%s'; wait", pidfile);
		char *text = NULL, *cause = NULL;
		long pid;

		run_sh(l, script, 300, 1024, &d, true);
		assert_true(d.r.timed_out);
		assert_int_equal(d.r.signal, 0);
		assert_int_equal(read_file(pidfile, 100, &text, NULL, &cause), 0);
		pid = strtol(text, NULL, 10);
		assert_true(pid > 0);
		assert_true(wait_gone((pid_t)pid));
		free(text);
		free(script);
		free(pidfile);
		done_free(&d);
	}

	/* Cancel: done follows, cancelled, not a crash. */
	{
		struct gilrun *g = run_sh(l, "sleep 300", 0, 1024, &d, false);
		double cap = now_ms() + 30000;

		loop_turn(l, NULL, 0, 10);
		gilrun_cancel(g);
		while (!d.called && now_ms() < cap)
			loop_turn(l, NULL, 0, 1000);
		assert_true(d.called);
		assert_true(d.r.cancelled);
		assert_int_equal(d.r.signal, 0);
		done_free(&d);
	}
	/* Abandon: killed and reaped at once, no callback. */
	{
		struct gilrun *g = run_sh(l, "sleep 300", 0, 1024, &d, false);
		long pid = gilrun_pid(g);

		gilrun_abandon(g);
		assert_false(d.called);
		assert_true(wait_gone((pid_t)pid));
		assert_int_equal(loop_count(l), 0);
	}
	loop_free(l);
	fetch_free(f);
}

static void
test_modules(void **state)
{
	struct dist d;
	struct strlist mods = STRLIST_INIT;
	char *dir = xprintf("%s/site/foo-1.0.dist-info", tl_root), *rec;

	(void)state;
	memset(&d, 0, sizeof d);
	strlist_push(&d.top_level, "foo");
	strlist_push(&d.top_level, "_foo_speedups");
	strlist_push(&d.top_level, "foo/sub");
	scratch_modules(&d, &mods);
	assert_int_equal(mods.n, 3);
	assert_string_equal(mods.v[2], "foo.sub");
	strlist_clear(&mods);
	strlist_clear(&d.top_level);

	rec = xprintf("%s/RECORD", dir);
	tl_write_text(rec,
	    "foo/__init__.py,sha256=x,1\n"
	    "foo/_ext.cpython-313t-x86_64-linux-gnu.so,sha256=x,1\n"
	    "_foo_c.cpython-313t-x86_64-linux-gnu.so,sha256=x,1\n"
	    "foo_mod.py,sha256=x,1\n"
	    "foo-1.0.dist-info/RECORD,,\n"
	    "foo-1.0.data/scripts/x,,\n"
	    "../../bin/foo,sha256=x,1\n"
	    "__pycache__/foo_mod.cpython-313.pyc,,\n"
	    "data/README.txt,,\n"
	    "\"weird,name.py\",,\n"
	    "foo.pth,,\n", 0644);
	d.meta_dir = dir;
	scratch_modules(&d, &mods);
	assert_int_equal(mods.n, 3);
	assert_string_equal(mods.v[0], "foo");
	assert_string_equal(mods.v[1], "_foo_c");
	assert_string_equal(mods.v[2], "foo_mod");
	strlist_clear(&mods);
	free(rec);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_signal_names),
		cmocka_unit_test(test_child),
		cmocka_unit_test(test_modules),
	};

	return cmocka_run_group_tests(tests, tl_root_setup, tl_root_teardown);
}
