/* ratequeue.c: the forge queue's budgets and order, apart from the requests, so the
 * clock is a parameter (and the unit tests need not wait a minute). */
#include "config.h"

#include <stdlib.h>

#include "ratequeue.h"
#include "util.h"

int
rq_per_minute(bool gitlab, bool search, bool token)
{
	if (token)
		return 30;
	if (gitlab)
		return 10;
	return search ? 10 : 30;
}

void
rq_budget_init(struct rq_budget *b, int per_minute)
{
	b->per_minute = per_minute > 0 ? per_minute : 1;
	b->sent = xcalloc((size_t)b->per_minute, sizeof *b->sent);
	b->nsent = 0;
	b->remaining = -1;
	b->reset = 0;
	b->blocked_until = 0;
	b->busy = false;
}

void
rq_budget_clear(struct rq_budget *b)
{
	free(b->sent);
	b->sent = NULL;
}

double
rq_budget_wait_ms(struct rq_budget *b, double now, time_t wall)
{
	double wait = 0;

	if (b->blocked_until > now)
		wait = b->blocked_until - now;
	if (b->remaining >= 0 && wall >= b->reset)
		b->remaining = -1;	/* the window the headers spoke of is over */
	if (b->remaining == 0) {
		double w = (double)(b->reset - wall) * 1000.0 + 500;

		if (w > wait)
			wait = w;
	} else if (b->remaining < 0 && b->nsent >= (size_t)b->per_minute) {
		/* The oldest of the last per_minute sends must be a minute old. */
		double oldest = b->sent[b->nsent % (size_t)b->per_minute];
		double w = oldest + 60000.0 - now;

		if (w > wait)
			wait = w;
	}
	return wait;
}

void
rq_budget_sent(struct rq_budget *b, double now)
{
	b->sent[b->nsent % (size_t)b->per_minute] = now;
	b->nsent++;
	if (b->remaining > 0)
		b->remaining--;
	b->busy = true;
}

void
rq_budget_answered(struct rq_budget *b, long remaining, time_t reset)
{
	b->busy = false;
	if (remaining >= 0) {
		b->remaining = remaining;
		b->reset = reset;
	}
}

void
rq_push(struct rq_item **q, struct rq_item *it, bool front)
{
	if (!front)
		while (*q != NULL)
			q = &(*q)->next;
	it->next = *q;
	*q = it;
}

bool
rq_bump(struct rq_item **q, struct rq_item *it)
{
	for (struct rq_item **p = q; *p != NULL; p = &(*p)->next)
		if (*p == it) {
			*p = it->next;
			it->next = *q;
			*q = it;
			return true;
		}
	return false;
}

struct rq_item *
rq_take(struct rq_item **q, double now, time_t wall)
{
	for (struct rq_item **p = q; *p != NULL; p = &(*p)->next) {
		struct rq_item *it = *p;

		if (it->budget->busy || rq_budget_wait_ms(it->budget, now, wall) > 0)
			continue;
		*p = it->next;
		it->next = NULL;
		return it;
	}
	return NULL;
}

double
rq_wait_ms(struct rq_item *q, double now, time_t wall, struct rq_item **first)
{
	double best = -1;

	if (first != NULL)
		*first = NULL;
	for (; q != NULL; q = q->next) {
		double w;

		if (q->budget->busy)
			continue;
		w = rq_budget_wait_ms(q->budget, now, wall);
		if (best < 0 || w < best) {
			best = w;
			if (first != NULL)
				*first = q;
		}
	}
	return best;
}
