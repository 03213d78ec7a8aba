/* test_loop.c: sources of background work wait beside libcurl: a pipe's data wakes the
 * turn at once, a source's deadline shortens the wait, sources removed or added from a
 * callback are handled between turns. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fetch.h"
#include "loop.h"
#include "util.h"

struct pipe_src {
	struct loop	*l;
	unsigned	 id;
	int		 fd[2];
	int		 runs, ready;
	long		 due;		/* timeout_ms answer */
	bool		 remove_self;
	struct loop_source *add;	/* added from run, once */
};

static unsigned
pipe_fds(void *arg, struct curl_waitfd *fds, unsigned max)
{
	struct pipe_src *p = arg;

	assert_true(max >= 1);
	fds[0].fd = p->fd[0];
	fds[0].events = CURL_WAIT_POLLIN;
	fds[0].revents = 0;
	return 1;
}

static long
pipe_due(void *arg)
{
	return ((struct pipe_src *)arg)->due;
}

static bool
pipe_run(void *arg, const struct curl_waitfd *fds, unsigned n)
{
	struct pipe_src *p = arg;
	char buf[16];

	p->runs++;
	assert_int_equal(n, 1);
	if (fds[0].revents & CURL_WAIT_POLLIN) {
		p->ready++;
		assert_true(read(p->fd[0], buf, sizeof buf) > 0);
	}
	if (p->remove_self)
		loop_remove(p->l, p->id);
	if (p->add != NULL) {
		loop_add(p->l, p->add);
		p->add = NULL;
	}
	return fds[0].revents != 0;
}

static void
src_init(struct pipe_src *p, struct loop *l, struct loop_source *s)
{
	memset(p, 0, sizeof *p);
	p->l = l;
	p->due = -1;
	assert_int_equal(pipe(p->fd), 0);
	memset(s, 0, sizeof *s);
	s->fds = pipe_fds;
	s->timeout_ms = pipe_due;
	s->run = pipe_run;
	s->arg = p;
}

static void
test_pipe_wakes(void **state)
{
	struct fetch_config fc;
	struct fetch *f;
	struct loop *l;
	struct pipe_src p;
	struct loop_source s;
	double t0;

	fetch_config_defaults(&fc);
	f = fetch_new(&fc);
	l = loop_new(f);
	src_init(&p, l, &s);
	p.id = loop_add(l, &s);
	assert_int_equal(loop_count(l), 1);
	assert_int_equal(write(p.fd[1], "x", 1), 1);
	t0 = now_ms();
	assert_true(loop_turn(l, NULL, 0, 5000));
	assert_true(now_ms() - t0 < 2000);
	assert_int_equal(p.ready, 1);
	/* Nothing written: the source's own deadline ends the wait, not the 5 s. */
	p.due = 20;
	t0 = now_ms();
	assert_false(loop_turn(l, NULL, 0, 5000));
	assert_true(now_ms() - t0 < 2000);
	assert_int_equal(p.runs, 2);
	assert_int_equal(p.ready, 1);
	close(p.fd[0]);
	close(p.fd[1]);
	loop_free(l);
	fetch_free(f);
}

static void
test_add_remove_from_run(void **state)
{
	struct fetch_config fc;
	struct fetch *f;
	struct loop *l;
	struct pipe_src a, b;
	struct loop_source sa, sb;
	struct curl_waitfd extra;
	int xp[2];

	fetch_config_defaults(&fc);
	f = fetch_new(&fc);
	l = loop_new(f);
	src_init(&a, l, &sa);
	src_init(&b, l, &sb);
	a.due = b.due = 0;
	a.remove_self = true;
	a.add = &sb;
	a.id = loop_add(l, &sa);
	/* The caller's own descriptors keep their revents. */
	assert_int_equal(pipe(xp), 0);
	assert_int_equal(write(xp[1], "y", 1), 1);
	extra.fd = xp[0];
	extra.events = CURL_WAIT_POLLIN;
	extra.revents = 0;
	loop_turn(l, &extra, 1, 1000);
	assert_true(extra.revents & CURL_WAIT_POLLIN);
	assert_int_equal(a.runs, 1);
	assert_int_equal(b.runs, 0);	/* added during the turn: runs from the next */
	assert_int_equal(loop_count(l), 1);
	loop_turn(l, NULL, 0, 1000);
	assert_int_equal(a.runs, 1);	/* removed itself */
	assert_int_equal(b.runs, 1);
	close(xp[0]);
	close(xp[1]);
	close(a.fd[0]);
	close(a.fd[1]);
	close(b.fd[0]);
	close(b.fd[1]);
	loop_free(l);
	fetch_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe_wakes),
		cmocka_unit_test(test_add_remove_from_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
