/* test_propagate.c: unit tests for propagate.c: worst status per subtree, leaf
 * blockers, blocked_by and chains, on hand-built graphs, cycles, and 2,000-node
 * random graphs checked against a brute-force reference. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "graph.h"
#include "meta.h"
#include "propagate.h"
#include "util.h"
#include "verdict.h"

static struct graph *
graph_mk(size_t n, const char *const *names)
{
	struct graph *g = xcalloc(1, sizeof *g);

	g->nnodes = n;
	g->nodes = xcalloc(n != 0 ? n : 1, sizeof *g->nodes);
	for (size_t i = 0; i < n; i++) {
		g->nodes[i].index = i;
		g->nodes[i].dist = xcalloc(1, sizeof *g->nodes[i].dist);
		g->nodes[i].dist->name = names != NULL ? xstrdup(names[i]) : xprintf("p%zu", i);
	}
	return g;
}

static void
edge(struct graph *g, size_t from, size_t to)
{
	struct graph_node *v = &g->nodes[from];

	v->edges = xreallocarray(v->edges, v->nedges + 1, sizeof *v->edges);
	memset(&v->edges[v->nedges], 0, sizeof *v->edges);
	v->edges[v->nedges].to = to == PROPAGATE_NONE ? NULL : &g->nodes[to];
	v->edges[v->nedges].satisfied = to != PROPAGATE_NONE;
	v->nedges++;
}

static void
graph_del(struct graph *g)
{
	for (size_t i = 0; i < g->nnodes; i++) {
		free(g->nodes[i].edges);
		free(g->nodes[i].dist->name);
		free(g->nodes[i].dist);
	}
	free(g->nodes);
	free(g);
}

static void
chain_is(const struct propagation *pr, const struct graph *g, size_t node,
    const char *want)
{
	char *c = propagate_chain(pr, g, node);

	if (want == NULL) {
		if (c != NULL)
			fail_msg("chain of %zu: got \"%s\", want none", node, c);
		return;
	}
	if (c == NULL || strcmp(c, want) != 0)
		fail_msg("chain of %zu: got \"%s\", want \"%s\"", node, c ? c : "(none)",
		    want);
	free(c);
}

/* The README's example: myapp -> paramiko -> cryptography -> cffi. */
static void
test_spec_chain(void **state)
{
	const char *names[] = { "myapp", "paramiko", "cryptography", "cffi", "bcrypt",
	    "requests" };
	enum { MYAPP, PARAMIKO, CRYPTO, CFFI, BCRYPT, REQUESTS };
	struct graph *g = graph_mk(6, names);
	enum ft_status st[] = { ST_PURE, ST_PURE, ST_ABI3, ST_BLOCKED, ST_READY, ST_PURE };
	struct propagation *pr;

	edge(g, MYAPP, PARAMIKO);
	edge(g, MYAPP, REQUESTS);
	edge(g, PARAMIKO, CRYPTO);
	edge(g, PARAMIKO, BCRYPT);
	edge(g, CRYPTO, CFFI);
	edge(g, MYAPP, PROPAGATE_NONE);		/* a missing dependency */
	pr = propagate_compute(g, st);

	assert_int_equal(pr->worst[MYAPP], ST_BLOCKED);
	assert_int_equal(pr->worst[PARAMIKO], ST_BLOCKED);
	assert_int_equal(pr->worst[CRYPTO], ST_BLOCKED);
	assert_int_equal(pr->worst[CFFI], ST_BLOCKED);
	assert_int_equal(pr->worst[BCRYPT], ST_READY);
	assert_int_equal(pr->worst[REQUESTS], ST_PURE);

	assert_true(pr->leaf_blocker[CFFI]);
	assert_false(pr->leaf_blocker[CRYPTO]);	/* cffi is below it */
	assert_false(pr->leaf_blocker[PARAMIKO]);

	assert_int_equal(pr->nblocked_by[MYAPP], 1);
	assert_int_equal(pr->blocked_by[MYAPP][0], CFFI);
	assert_int_equal(pr->nblocked_by[CRYPTO], 1);
	assert_int_equal(pr->nblocked_by[CFFI], 0);
	assert_int_equal(pr->nblocked_by[BCRYPT], 0);

	chain_is(pr, g, PARAMIKO, "cffi blocks cryptography, which blocks paramiko");
	chain_is(pr, g, MYAPP, "cffi blocks cryptography, which blocks paramiko, which "
	    "blocks myapp");
	chain_is(pr, g, CRYPTO, "cffi blocks cryptography");
	chain_is(pr, g, CFFI, NULL);
	chain_is(pr, g, BCRYPT, NULL);
	chain_is(pr, g, REQUESTS, NULL);
	assert_int_equal(pr->hops[MYAPP], 3);
	propagate_free(pr);

	/* With cffi fixed, cryptography becomes the leaf blocker. */
	st[CFFI] = ST_READY;
	pr = propagate_compute(g, st);
	assert_true(pr->leaf_blocker[CRYPTO]);
	assert_int_equal(pr->worst[MYAPP], ST_ABI3);
	chain_is(pr, g, MYAPP, "cryptography blocks paramiko, which blocks myapp");
	propagate_free(pr);
	graph_del(g);
}

/* Worst by severity; a tie keeps the node's own status. */
static void
test_worst_order(void **state)
{
	struct graph *g = graph_mk(5, NULL);
	enum ft_status st[] = { ST_READY, ST_PURE, ST_UNKNOWN, ST_OTHER_ABI, ST_SOURCE };
	struct propagation *pr;

	edge(g, 0, 1);
	edge(g, 1, 2);
	edge(g, 1, 3);
	edge(g, 3, 4);
	pr = propagate_compute(g, st);
	assert_int_equal(pr->worst[4], ST_SOURCE);
	assert_int_equal(pr->worst[3], ST_SOURCE);
	assert_int_equal(pr->worst[2], ST_UNKNOWN);
	assert_int_equal(pr->worst[1], ST_SOURCE);
	assert_int_equal(pr->worst[0], ST_SOURCE);
	for (size_t i = 0; i < 5; i++) {
		assert_false(pr->leaf_blocker[i]);
		assert_int_equal(pr->nblocked_by[i], 0);
		chain_is(pr, g, i, NULL);
	}
	propagate_free(pr);

	/* ready above pure stays ready; unknown beats other-abi. */
	st[2] = ST_READY;
	st[3] = ST_PURE;
	st[4] = ST_PURE;
	pr = propagate_compute(g, st);
	assert_int_equal(pr->worst[0], ST_READY);
	assert_int_equal(pr->worst[1], ST_PURE);
	propagate_free(pr);
	graph_del(g);
}

/* Cycles: shown once, never loop. */
static void
test_cycles(void **state)
{
	const char *names[] = { "a", "b", "c", "x", "y", "z", "self" };
	enum { A, B, C, X, Y, Z, SELF };
	struct graph *g = graph_mk(7, names);
	enum ft_status st[] = { ST_PURE, ST_UPGRADE, ST_ABI3, ST_BLOCKED, ST_BLOCKED,
	    ST_READY, ST_BLOCKED };
	struct propagation *pr;

	edge(g, A, B);
	edge(g, B, A);
	edge(g, B, C);
	/* Two blockers in one cycle with nothing below: both are leaves. */
	edge(g, X, Y);
	edge(g, Y, X);
	edge(g, Z, X);
	edge(g, SELF, SELF);
	pr = propagate_compute(g, st);
	assert_int_equal(pr->worst[A], ST_ABI3);
	assert_int_equal(pr->worst[B], ST_ABI3);
	assert_true(pr->leaf_blocker[C]);
	chain_is(pr, g, A, "c blocks b, which blocks a");
	chain_is(pr, g, B, "c blocks b");
	assert_int_equal(pr->nblocked_by[A], 1);

	assert_true(pr->leaf_blocker[X]);
	assert_true(pr->leaf_blocker[Y]);
	assert_int_equal(pr->worst[Z], ST_BLOCKED);
	assert_int_equal(pr->nblocked_by[Z], 2);
	assert_int_equal(pr->blocked_by[Z][0], X);
	assert_int_equal(pr->blocked_by[Z][1], Y);
	assert_int_equal(pr->nblocked_by[X], 1);
	assert_int_equal(pr->blocked_by[X][0], Y);
	chain_is(pr, g, Z, "x blocks z");
	chain_is(pr, g, X, NULL);

	assert_true(pr->leaf_blocker[SELF]);
	assert_int_equal(pr->nblocked_by[SELF], 0);
	chain_is(pr, g, SELF, NULL);
	propagate_free(pr);
	graph_del(g);
}

/* One shortest path: the direct edge, not the long way round. */
static void
test_shortest(void **state)
{
	const char *names[] = { "top", "mid1", "mid2", "leaf", "other" };
	struct graph *g = graph_mk(5, names);
	enum ft_status st[] = { ST_PURE, ST_PURE, ST_PURE, ST_BLOCKED, ST_ABI3 };
	struct propagation *pr;

	edge(g, 0, 1);
	edge(g, 1, 2);
	edge(g, 2, 3);
	edge(g, 0, 3);
	edge(g, 1, 4);
	pr = propagate_compute(g, st);
	chain_is(pr, g, 0, "leaf blocks top");
	assert_int_equal(pr->nblocked_by[0], 2);
	assert_int_equal(pr->nblocked_by[1], 2);
	assert_int_equal(pr->nblocked_by[2], 1);
	propagate_free(pr);
	graph_del(g);

	g = graph_mk(0, NULL);
	pr = propagate_compute(g, NULL);
	assert_int_equal(pr->n, 0);
	propagate_free(pr);
	graph_del(g);
}

/* --- 2,000 nodes against brute force ---------------------------------------- */

static uint64_t rng = 88172645463325252ULL;

static size_t
rnd(size_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (size_t)(rng % n);
}

/* Nodes reachable from s through one edge or more. */
static void
reach(const struct graph *g, size_t s, bool *seen, size_t *stack)
{
	size_t sp = 0;

	memset(seen, 0, g->nnodes * sizeof *seen);
	stack[sp++] = s;
	while (sp > 0) {
		const struct graph_node *v = &g->nodes[stack[--sp]];

		for (size_t k = 0; k < v->nedges; k++) {
			size_t w;

			if (v->edges[k].to == NULL)
				continue;
			w = v->edges[k].to->index;
			if (!seen[w]) {
				seen[w] = true;
				stack[sp++] = w;
			}
		}
	}
}

static void
check_random(size_t n, size_t m, size_t nblock, bool dag)
{
	struct graph *g = graph_mk(n, NULL);
	enum ft_status *st = xcalloc(n, sizeof *st);
	bool **r = xcalloc(n, sizeof *r), *leaf = xcalloc(n, sizeof *leaf);
	size_t *stack = xcalloc(n * 8 + m + 1, sizeof *stack), *dist = xcalloc(n, sizeof *dist);
	struct propagation *pr;
	double t0, ms;

	for (size_t i = 0; i < n; i++)
		st[i] = (enum ft_status)rnd(ST_COUNT);
	for (size_t i = 0; i < n; i++) {
		if (status_is_blocker(st[i]))
			st[i] = ST_PURE;
	}
	for (size_t b = 0; b < nblock; b++)
		st[rnd(n)] = rnd(2) ? ST_BLOCKED : ST_ABI3;
	for (size_t e = 0; e < m; e++) {
		size_t a = rnd(n), b = rnd(n);

		if (dag && a == b)
			continue;
		if (dag && a > b) {
			size_t t = a;

			a = b;
			b = t;
		}
		edge(g, a, b);
	}

	t0 = now_ms();
	pr = propagate_compute(g, st);
	ms = now_ms() - t0;
	print_message("propagate_compute: %zu nodes, %zu edges: %.2f ms\n", n, m, ms);
	assert_true(ms < 1000);

	for (size_t i = 0; i < n; i++) {
		r[i] = xcalloc(n, sizeof **r);
		reach(g, i, r[i], stack);
	}
	/* Leaf blockers: every blocker reachable from it reaches it back. */
	for (size_t i = 0; i < n; i++) {
		leaf[i] = status_is_blocker(st[i]);
		for (size_t j = 0; j < n && leaf[i]; j++) {
			if (j != i && r[i][j] && status_is_blocker(st[j]) && !r[j][i])
				leaf[i] = false;
		}
		assert_int_equal(pr->leaf_blocker[i], leaf[i]);
	}
	for (size_t i = 0; i < n; i++) {
		enum ft_status w = st[i];
		size_t nb = 0, k = 0;

		for (size_t j = 0; j < n; j++) {
			if (r[i][j] && status_severity(st[j]) > status_severity(w))
				w = st[j];
			if (r[i][j] && leaf[j] && j != i)
				nb++;
		}
		assert_int_equal(status_severity(pr->worst[i]), status_severity(w));
		assert_int_equal(pr->nblocked_by[i], nb);
		for (size_t j = 0; j < n; j++) {
			if (r[i][j] && leaf[j] && j != i)
				assert_int_equal(pr->blocked_by[i][k++], j);
		}
	}
	/* Shortest distance to a leaf blocker, by breadth-first search per node. */
	for (size_t i = 0; i < n; i++) {
		size_t head = 0, tail = 0, best = PROPAGATE_NONE;

		for (size_t j = 0; j < n; j++)
			dist[j] = PROPAGATE_NONE;
		dist[i] = 0;
		stack[tail++] = i;
		while (head < tail && best == PROPAGATE_NONE) {
			size_t u = stack[head++];
			const struct graph_node *v = &g->nodes[u];

			if (leaf[u]) {
				best = dist[u];
				break;
			}
			for (size_t e = 0; e < v->nedges; e++) {
				size_t w;

				if (v->edges[e].to == NULL)
					continue;
				w = v->edges[e].to->index;
				if (dist[w] == PROPAGATE_NONE) {
					dist[w] = dist[u] + 1;
					stack[tail++] = w;
				}
			}
		}
		assert_int_equal(pr->hops[i], best);
		if (best != PROPAGATE_NONE && best > 0) {
			/* The path follows real edges and ends at a leaf blocker. */
			size_t v = i, steps = 0;
			char *c = propagate_chain(pr, g, i);

			assert_non_null(c);
			while (pr->next[v] != PROPAGATE_NONE) {
				bool found = false;

				for (size_t e = 0; e < g->nodes[v].nedges; e++)
					found = found || (g->nodes[v].edges[e].to != NULL &&
					    g->nodes[v].edges[e].to->index == pr->next[v]);
				assert_true(found);
				v = pr->next[v];
				steps++;
			}
			assert_true(leaf[v]);
			assert_int_equal(steps, best);
			free(c);
		}
	}

	for (size_t i = 0; i < n; i++)
		free(r[i]);
	free(r);
	free(leaf);
	free(stack);
	free(dist);
	free(st);
	propagate_free(pr);
	graph_del(g);
}

static void
test_random_dag(void **state)
{
	check_random(2000, 8000, 60, true);
}

static void
test_random_cyclic(void **state)
{
	check_random(2000, 4000, 40, false);
	check_random(300, 1500, 30, false);
	check_random(50, 60, 10, false);
}

/* A 20,000-deep chain: no recursion to overflow. */
static void
test_deep(void **state)
{
	size_t n = 20000;
	struct graph *g = graph_mk(n, NULL);
	enum ft_status *st = xcalloc(n, sizeof *st);
	struct propagation *pr;
	char *c;

	for (size_t i = 0; i + 1 < n; i++) {
		edge(g, i, i + 1);
		st[i] = ST_PURE;
	}
	st[n - 1] = ST_BLOCKED;
	edge(g, n - 1, 0);	/* and one cycle through all of it */
	pr = propagate_compute(g, st);
	assert_true(pr->leaf_blocker[n - 1]);
	assert_int_equal(pr->worst[0], ST_BLOCKED);
	c = propagate_chain(pr, g, 0);
	assert_string_equal(c, "p19999 blocks p19998, which blocks p19997, which blocks "
	    "p19996, ... and 19995 more, which blocks p0");
	free(c);
	/* Each package above carries a chain of a few names, not all of them: export wrote
	 * 1.1 GB for a chain of 10,004. */
	{
		size_t total = 0;

		for (size_t i = 0; i < n; i++) {
			c = propagate_chain(pr, g, i);
			total += c != NULL ? strlen(c) : 0;
			free(c);
		}
		assert_true(total < n * 200);
	}
	c = propagate_chain(pr, g, n - 6);	/* five relations: all named */
	assert_string_equal(c, "p19999 blocks p19998, which blocks p19997, which blocks "
	    "p19996, which blocks p19995, which blocks p19994");
	free(c);
	propagate_free(pr);
	free(st);
	graph_del(g);
}

/* check_propagate fills check_pkg from the first verdict; pending counts unknown. */
static void
test_check(void **state)
{
	const char *names[] = { "paramiko", "cryptography", "cffi", "pending" };
	struct graph *g = graph_mk(4, names);
	struct check ch;
	enum ft_status st[] = { ST_PURE, ST_ABI3, ST_BLOCKED, ST_READY };

	edge(g, 0, 1);
	edge(g, 1, 2);
	edge(g, 0, 3);
	memset(&ch, 0, sizeof ch);
	ch.graph = g;
	ch.ntargets = 1;
	ch.nplatforms = 2;
	ch.npkgs = 4;
	ch.pkgs = xcalloc(4, sizeof *ch.pkgs);
	for (size_t i = 0; i < 4; i++) {
		ch.pkgs[i].node = &g->nodes[i];
		ch.pkgs[i].state = i == 3 ? CHECK_PENDING : CHECK_DONE;
		ch.pkgs[i].verdicts = xcalloc(2, sizeof *ch.pkgs[i].verdicts);
		ch.pkgs[i].verdicts[0].status = st[i];
		ch.pkgs[i].verdicts[1].status = ST_BLOCKED;	/* second platform: unused */
		ch.pkgs[i].chain = xstrdup("stale");
		strlist_push(&ch.pkgs[i].blocked_by, "stale");
	}
	check_propagate(&ch);
	assert_int_equal(ch.pkgs[0].worst, ST_BLOCKED);
	assert_int_equal(ch.pkgs[3].worst, ST_UNKNOWN);
	assert_true(ch.pkgs[2].leaf_blocker);
	assert_false(ch.pkgs[1].leaf_blocker);
	assert_int_equal(ch.pkgs[0].blocked_by.n, 1);
	assert_string_equal(ch.pkgs[0].blocked_by.v[0], "cffi");
	assert_int_equal(ch.pkgs[2].blocked_by.n, 0);
	assert_string_equal(ch.pkgs[0].chain, "cffi blocks cryptography, which blocks "
	    "paramiko");
	assert_null(ch.pkgs[2].chain);
	assert_null(ch.pkgs[3].chain);
	/* Again, after an answer: nothing stale is kept. */
	ch.pkgs[2].verdicts[0].status = ST_READY;
	check_propagate(&ch);
	assert_true(ch.pkgs[1].leaf_blocker);
	assert_string_equal(ch.pkgs[0].chain, "cryptography blocks paramiko");
	assert_int_equal(ch.pkgs[0].worst, ST_ABI3);

	/* ignored_blocks_nothing: the team ignores cryptography (x ignore): it blocks
	 * nothing above it, is no leaf blocker, and cffi reaches nothing through it;
	 * the chain still shows the path, with cryptography marked as ignored. */
	ch.pkgs[2].verdicts[0].status = ST_BLOCKED;
	strlist_push(&ch.ignored, "cryptography");
	check_propagate(&ch);
	assert_int_equal(ch.pkgs[0].worst, ST_UNKNOWN);	/* the pending one, no more */
	assert_string_equal(ch.pkgs[0].chain, "cffi blocks cryptography (ignored), which "
	    "blocks paramiko");
	assert_string_equal(ch.pkgs[1].chain, "cffi blocks cryptography (ignored)");
	assert_true(ch.pkgs[1].ignored);
	assert_false(ch.pkgs[0].ignored);
	assert_int_equal(ch.pkgs[0].blocked_by.n, 0);
	assert_false(ch.pkgs[1].leaf_blocker);
	assert_true(ch.pkgs[2].leaf_blocker);		/* cffi itself still blocks */
	assert_int_equal(ch.pkgs[1].worst, ST_ABI3);	/* its own status is kept */
	strlist_clear(&ch.ignored);
	check_propagate(&ch);
	assert_int_equal(ch.pkgs[0].worst, ST_BLOCKED);
	assert_false(ch.pkgs[1].ignored);
	assert_string_equal(ch.pkgs[0].chain, "cffi blocks cryptography, which blocks "
	    "paramiko");
	for (size_t i = 0; i < 4; i++) {
		free(ch.pkgs[i].verdicts);
		free(ch.pkgs[i].chain);
		strlist_clear(&ch.pkgs[i].blocked_by);
	}
	free(ch.pkgs);
	graph_del(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_chain),
		cmocka_unit_test(test_worst_order),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_shortest),
		cmocka_unit_test(test_random_dag),
		cmocka_unit_test(test_random_cyclic),
		cmocka_unit_test(test_deep),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
