/* test_ratequeue.c: unit tests for ratequeue.c, the forge queue's budgets and order,
 * on a clock the tests move: the 11th search within a minute waits until the first
 * is 60 s old, 30 with a token, the headers' remaining and reset, Retry-After, and
 * what the user is looking at going first. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ratequeue.h"

#define WALL ((time_t)1800000000)	/* any wall clock; only its differences count */

/* n sends, one a second from t0, each answered without rate-limit headers. */
static double
send_n(struct rq_budget *b, int n, double t0)
{
	double t = t0;

	for (int i = 0; i < n; i++, t += 1000) {
		assert_true(rq_budget_wait_ms(b, t, WALL) == 0);
		rq_budget_sent(b, t);
		assert_true(b->busy);
		rq_budget_answered(b, -1, 0);
	}
	return t;
}

static void
test_per_minute(void **state)
{
	(void)state;
	assert_int_equal(rq_per_minute(false, true, false), 10);	/* GitHub search */
	assert_int_equal(rq_per_minute(false, true, true), 30);
	assert_int_equal(rq_per_minute(false, false, false), 30);	/* GitHub core */
	assert_int_equal(rq_per_minute(true, false, false), 10);	/* GitLab */
	assert_int_equal(rq_per_minute(true, false, true), 30);
}

/* Ten in a minute go at once; the 11th waits until the first is 60 s old, then the
 * 12th until the second is. */
static void
test_ten_a_minute(void **state)
{
	struct rq_budget b;
	double t;

	(void)state;
	rq_budget_init(&b, rq_per_minute(false, true, false));
	t = send_n(&b, 10, 5000);		/* sent at 5 s .. 14 s; t = 15 s */
	assert_true(rq_budget_wait_ms(&b, t, WALL) == 50000);
	assert_true(rq_budget_wait_ms(&b, 64999, WALL) == 1);
	assert_true(rq_budget_wait_ms(&b, 65000, WALL) == 0);
	rq_budget_sent(&b, 65000);
	rq_budget_answered(&b, -1, 0);
	assert_true(rq_budget_wait_ms(&b, 65000, WALL) == 1000);	/* the second, at 6 s */
	assert_true(rq_budget_wait_ms(&b, 66000, WALL) == 0);
	rq_budget_clear(&b);
}

/* With a token: 30 go before any waits. */
static void
test_thirty_with_token(void **state)
{
	struct rq_budget b;
	double t;

	(void)state;
	rq_budget_init(&b, rq_per_minute(false, true, true));
	t = send_n(&b, 29, 0);
	assert_true(rq_budget_wait_ms(&b, t, WALL) == 0);
	t = send_n(&b, 1, t);			/* the 30th, at 29 s; t = 30 s */
	assert_true(rq_budget_wait_ms(&b, t, WALL) == 30000);
	assert_true(rq_budget_wait_ms(&b, 60000, WALL) == 0);
	rq_budget_clear(&b);
}

/* What the headers say wins over the own count; Retry-After blocks; a request in
 * flight holds its API. */
static void
test_headers(void **state)
{
	struct rq_budget b;

	(void)state;
	rq_budget_init(&b, 10);
	rq_budget_sent(&b, 0);
	rq_budget_answered(&b, 0, WALL + 42);	/* x-ratelimit-remaining: 0, reset in 42 s */
	assert_true(rq_budget_wait_ms(&b, 1000, WALL) == 42500);
	assert_true(rq_budget_wait_ms(&b, 43000, WALL + 42) == 0);	/* the window is over */
	assert_int_equal(b.remaining, -1);
	rq_budget_sent(&b, 44000);
	rq_budget_answered(&b, 5, WALL + 100);	/* five more may go, whatever the count */
	assert_true(rq_budget_wait_ms(&b, 44000, WALL + 43) == 0);
	b.blocked_until = 50000;		/* Retry-After */
	assert_true(rq_budget_wait_ms(&b, 44000, WALL + 43) == 6000);
	rq_budget_clear(&b);
}

/* The order: pushed at the back, urgent and bumped at the front; a request whose API
 * is busy or out of budget lets the next one (on another API) go. */
static void
test_order(void **state)
{
	struct rq_budget search, core;
	struct rq_item it[4], *q = NULL, *first;

	(void)state;
	rq_budget_init(&search, 10);
	rq_budget_init(&core, 30);
	for (int i = 0; i < 3; i++) {
		it[i].budget = &search;
		rq_push(&q, &it[i], false);
	}
	assert_ptr_equal(q, &it[0]);
	assert_true(rq_bump(&q, &it[2]));	/* the package the user is looking at */
	assert_ptr_equal(rq_take(&q, 0, WALL), &it[2]);
	assert_false(rq_bump(&q, &it[2]));	/* no longer queued */
	rq_budget_sent(&search, 0);
	assert_null(rq_take(&q, 0, WALL));	/* one at a time per API */
	assert_true(rq_wait_ms(q, 0, WALL, NULL) < 0);
	rq_budget_answered(&search, -1, 0);
	it[3].budget = &core;
	rq_push(&q, &it[3], true);		/* urgent: ahead of what waited */
	assert_ptr_equal(rq_take(&q, 0, WALL), &it[3]);
	assert_ptr_equal(rq_take(&q, 0, WALL), &it[0]);
	assert_ptr_equal(rq_take(&q, 0, WALL), &it[1]);
	assert_null(q);

	/* The search budget spent: it[0] waits 60 s from the first send, it[1] on the
	 * core API goes past it. */
	send_n(&search, 9, 1000);		/* 10 in all, from 0 s */
	it[0].budget = &search;
	it[1].budget = &core;
	rq_push(&q, &it[0], false);
	rq_push(&q, &it[1], false);
	assert_ptr_equal(rq_take(&q, 10000, WALL), &it[1]);
	assert_null(rq_take(&q, 10000, WALL));
	assert_true(rq_wait_ms(q, 10000, WALL, &first) == 50000);
	assert_ptr_equal(first, &it[0]);
	assert_ptr_equal(rq_take(&q, 60000, WALL), &it[0]);
	rq_budget_clear(&search);
	rq_budget_clear(&core);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_per_minute),
		cmocka_unit_test(test_ten_a_minute),
		cmocka_unit_test(test_thirty_with_token),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
