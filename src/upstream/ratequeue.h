/* ratequeue.h: requests waiting their turn under per-API rate limits (forge.c's queue):
 * a budget of sends per minute plus what the server's headers said, and the order of
 * the waiting requests. Pure: every function takes the clock as a parameter. */
#ifndef FTPORT_RATEQUEUE_H
#define FTPORT_RATEQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* One API's budget. now is monotonic milliseconds (now_ms), wall is time(NULL). */
struct rq_budget {
	int		 per_minute;
	double		*sent;		/* the last per_minute send times, a ring */
	size_t		 nsent;
	long		 remaining;	/* what x-ratelimit-remaining said; -1: unknown */
	time_t		 reset;		/* when remaining refills (wall clock) */
	double		 blocked_until;	/* Retry-After or reset, in now's clock */
	bool		 busy;		/* one request at a time per API */
};

/* The sends a minute for an API: GitHub's search allows 10, 30 with a token; GitLab
 * without a token 10; anything else 30 (its hourly limit comes in its headers, 30 a
 * minute keeps a burst polite). */
int rq_per_minute(bool gitlab, bool search, bool token);

void rq_budget_init(struct rq_budget *b, int per_minute);
void rq_budget_clear(struct rq_budget *b);
/* Milliseconds until b may send again (0: now): the oldest of the last per_minute
 * sends must be 60 s old, unless headers told how many remain; then Retry-After. */
double rq_budget_wait_ms(struct rq_budget *b, double now, time_t wall);
/* A request went out at now: counted, and b is busy until rq_budget_answered. */
void rq_budget_sent(struct rq_budget *b, double now);
/* Its answer came, with the headers' remaining and reset when found (-1: not said). */
void rq_budget_answered(struct rq_budget *b, long remaining, time_t reset);

/* A waiting request: embedded in its owner, on the budget its next send spends. */
struct rq_item {
	struct rq_item		*next;
	struct rq_budget	*budget;
};

/* front: ahead of the others (what the user is looking at, or a retry of a request
 * already under way). */
void rq_push(struct rq_item **q, struct rq_item *it, bool front);
/* Moves it to the front; false when it is not in q. */
bool rq_bump(struct rq_item **q, struct rq_item *it);
/* The first request in q's order whose budget is free and allows a send at now,
 * taken out of q; NULL when none may go yet. Its budget is not charged: the caller
 * sends and calls rq_budget_sent. */
struct rq_item *rq_take(struct rq_item **q, double now, time_t wall);
/* Milliseconds until one of q's requests may go (0: now), -1 when none waits on a
 * clock (q empty, or each one's API busy); *first (may be NULL) gets the request
 * that waits the least. */
double rq_wait_ms(struct rq_item *q, double now, time_t wall, struct rq_item **first);

#endif
