/* test_viewmodel.c: unit tests for viewmodel.c over a graph and check results built by
 * hand: the three views, folds and the cursor surviving rebuilds, filters, search. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viewmodel.h"

/* app -> paramiko, requests, ghost (not installed); paramiko -> cryptography, bcrypt;
 * cryptography -> cffi; a <-> b (a cycle no root reaches). */
enum { A, APP, B, BCRYPT, CFFI, CRYPTO, PARAMIKO, REQUESTS, N };

static const char *names[N] = {
	"a", "app", "b", "bcrypt", "cffi", "cryptography", "paramiko", "requests"
};

struct fixture {
	struct graph		 g;
	struct graph_node	 nodes[N];
	struct graph_node	*roots[1];
	struct dist		 dists[N];
	struct req		 reqs[8];
	struct graph_edge	 edges[8];
	struct graph_node	*parents[N][4];
	struct check		 ch;
	struct check_pkg	 pkgs[N];
	struct verdict		 v[N];
};

static void
edge(struct fixture *f, size_t *ne, int from, int to, const char *missing)
{
	struct graph_edge *e = &f->edges[*ne];
	struct req *r = &f->reqs[*ne];
	struct graph_node *p = &f->nodes[from];

	r->name = (char *)(to >= 0 ? names[to] : missing);
	r->display_name = r->name;
	r->specifier = (char *)"";
	e->req = r;
	e->to = to >= 0 ? &f->nodes[to] : NULL;
	e->satisfied = to >= 0;
	if (p->edges == NULL)
		p->edges = e;
	p->nedges++;
	if (to >= 0) {
		struct graph_node *c = &f->nodes[to];

		c->parents = f->parents[to];
		c->parents[c->nparents++] = p;
	}
	(*ne)++;
}

static void
set(struct fixture *f, int i, enum ft_status own, enum ft_status worst, bool done)
{
	f->v[i].status = own;
	f->pkgs[i].worst = worst;
	f->pkgs[i].state = done ? CHECK_DONE : CHECK_PENDING;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	size_t ne = 0;

	for (int i = 0; i < N; i++) {
		f->dists[i].name = (char *)names[i];
		f->dists[i].display_name = (char *)names[i];
		f->dists[i].version = (char *)"1.0";
		f->nodes[i].dist = &f->dists[i];
		f->nodes[i].index = (size_t)i;
		f->pkgs[i].node = &f->nodes[i];
		f->pkgs[i].verdicts = &f->v[i];
	}
	/* Edges are laid out per parent, contiguous. */
	edge(f, &ne, A, B, NULL);
	edge(f, &ne, APP, PARAMIKO, NULL);
	edge(f, &ne, APP, REQUESTS, NULL);
	edge(f, &ne, APP, -1, "ghost");
	edge(f, &ne, B, A, NULL);
	edge(f, &ne, CRYPTO, CFFI, NULL);
	edge(f, &ne, PARAMIKO, CRYPTO, NULL);
	edge(f, &ne, PARAMIKO, BCRYPT, NULL);
	f->nodes[APP].is_root = true;
	f->roots[0] = &f->nodes[APP];
	f->g.nodes = f->nodes;
	f->g.nnodes = N;
	f->g.roots = f->roots;
	f->g.nroots = 1;

	f->ch.graph = &f->g;
	f->ch.pkgs = f->pkgs;
	f->ch.npkgs = N;
	set(f, A, ST_UNKNOWN, ST_UNKNOWN, false);
	set(f, APP, ST_PURE, ST_BLOCKED, true);
	set(f, B, ST_SOURCE, ST_SOURCE, true);
	set(f, BCRYPT, ST_READY, ST_READY, true);
	set(f, CFFI, ST_BLOCKED, ST_BLOCKED, true);
	set(f, CRYPTO, ST_UPGRADE, ST_BLOCKED, true);
	set(f, PARAMIKO, ST_PURE, ST_BLOCKED, true);
	set(f, REQUESTS, ST_PURE, ST_PURE, true);
	f->pkgs[CFFI].leaf_blocker = true;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	free(*state);
	return 0;
}

/* The rows as "name" or "-name" (folded) or "+name" (unfolded), indented by depth. */
static char *
rows_text(const struct viewmodel *vm)
{
	size_t len = 0;
	char *out = xcalloc(1, 4096);

	for (size_t i = 0; i < vm->nrows; i++) {
		const struct vm_row *r = &vm->rows[i];
		const char *name = r->node != NULL ? r->node->dist->name : r->missing_name;

		len += (size_t)snprintf(out + len, 4096 - len, "%s%*s%s%s%s",
		    i > 0 ? " " : "", (int)r->depth, "", r->has_children ?
		    (r->expanded ? "+" : "-") : "", name, r->cycle ? "@" : "");
	}
	return out;
}

static void
assert_rows(const struct viewmodel *vm, const char *expected)
{
	char *got = rows_text(vm);

	assert_string_equal(got, expected);
	free(got);
}

static const char *
cur_name(const struct viewmodel *vm)
{
	const struct vm_row *r = vm_current(vm);

	assert_non_null(r);
	return r->node != NULL ? r->node->dist->name : r->missing_name;
}

static void
test_tree(void **state)
{
	struct fixture *f = *state;
	struct viewmodel *vm = vm_new(&f->g, &f->ch);
	const struct vm_row *r;

	/* Roots open on their direct requirements; a cycle no root reaches comes last. */
	assert_rows(vm, "+app  -paramiko  requests  ghost +a  -b");
	assert_int_equal(vm->cursor, 0);
	r = &vm->rows[0];
	/* A tree row shows the worst status below it. */
	assert_int_equal(r->status, ST_BLOCKED);
	assert_int_equal(r->own, ST_PURE);
	assert_false(r->checking);
	assert_null(vm->rows[3].node);
	assert_string_equal(vm->rows[3].missing_name, "ghost");
	assert_true(vm->rows[4].checking);
	assert_int_equal(vm->rows[4].status, ST_UNKNOWN);
	assert_int_equal(vm->rows[1].parent, 0);

	/* Unfold, go in, fold, go out (h/l as in tig and mode-tree). */
	vm_move(vm, 1);
	vm_unfold(vm);
	assert_rows(vm, "+app  +paramiko   -cryptography   bcrypt  requests  ghost +a  -b");
	assert_string_equal(cur_name(vm), "paramiko");
	vm_unfold(vm);
	assert_string_equal(cur_name(vm), "cryptography");
	vm_unfold(vm);
	assert_rows(vm, "+app  +paramiko   +cryptography    cffi   bcrypt  requests  ghost +a  -b");
	vm_move(vm, 1);
	assert_string_equal(cur_name(vm), "cffi");
	assert_true(vm_current(vm)->leaf_blocker);
	vm_fold(vm);	/* a leaf: to its parent */
	assert_string_equal(cur_name(vm), "cryptography");
	vm_fold(vm);
	assert_rows(vm, "+app  +paramiko   -cryptography   bcrypt  requests  ghost +a  -b");
	assert_string_equal(cur_name(vm), "cryptography");

	/* Clamped moves. */
	vm_move(vm, -100);
	assert_int_equal(vm->cursor, 0);
	vm_move(vm, 100);
	assert_string_equal(cur_name(vm), "b");
	vm_first(vm);
	assert_string_equal(cur_name(vm), "app");
	vm_last(vm);
	assert_string_equal(cur_name(vm), "b");
	vm_free(vm);
}

static void
test_fold_all_and_cycles(void **state)
{
	struct fixture *f = *state;
	struct viewmodel *vm = vm_new(&f->g, &f->ch);

	vm_unfold_all(vm);
	/* The cycle is shown once and not followed. */
	assert_rows(vm, "+app  +paramiko   +cryptography    cffi   bcrypt  requests  ghost"
	    " +a  +b   a@");
	vm_move(vm, 3);
	assert_string_equal(cur_name(vm), "cffi");
	/* Folding everything keeps the cursor on the nearest ancestor still shown. */
	vm_fold_all(vm);
	assert_rows(vm, "-app -a");
	assert_string_equal(cur_name(vm), "app");
	vm_free(vm);
}

static void
test_stable_across_rebuilds(void **state)
{
	struct fixture *f = *state;
	struct viewmodel *vm = vm_new(&f->g, &f->ch);
	uint64_t tag;

	vm_move(vm, 1);
	vm_unfold(vm);
	vm_move(vm, 2);
	assert_string_equal(cur_name(vm), "bcrypt");
	tag = vm_current(vm)->tag;
	/* An answer arrives for a, then the whole thing is rebuilt: nothing moves. */
	set(f, A, ST_BLOCKED, ST_BLOCKED, true);
	set(f, B, ST_SOURCE, ST_BLOCKED, true);
	vm_rebuild(vm);
	assert_string_equal(cur_name(vm), "bcrypt");
	assert_int_equal(vm_current(vm)->tag, tag);
	assert_rows(vm, "+app  +paramiko   -cryptography   bcrypt  requests  ghost +a  -b");
	assert_int_equal(vm->rows[6].status, ST_BLOCKED);
	assert_false(vm->rows[6].checking);
	/* The same package on another path has another tag; a tag depends on the path. */
	assert_int_not_equal(vm_tag(1, "x"), vm_tag(2, "x"));
	assert_int_equal(vm_tag(7, "cffi"), vm_tag(7, "cffi"));
	/* A check that goes away (revalidation) leaves everything unknown, in place. */
	vm_set_check(vm, NULL);
	vm_rebuild(vm);
	assert_string_equal(cur_name(vm), "bcrypt");
	assert_int_equal(vm_current(vm)->status, ST_UNKNOWN);
	vm_free(vm);
}

static void
test_blockers_view(void **state)
{
	struct fixture *f = *state;
	struct viewmodel *vm = vm_new(&f->g, &f->ch);

	vm_move(vm, 1);	/* paramiko */
	vm_set_view(vm, VIEW_BLOCKERS);
	/* Leaf blockers first, then by severity, then by name. */
	assert_rows(vm, "cffi b a cryptography app bcrypt paramiko requests");
	/* At the top, on the first blocker: staying on paramiko scrolled them away. */
	assert_int_equal(vm->cursor, 0);
	assert_string_equal(cur_name(vm), "cffi");
	vm_move_to(vm, 6);
	assert_string_equal(cur_name(vm), "paramiko");
	assert_int_equal(vm->rows[0].status, ST_BLOCKED);
	/* Own status in this view, not the worst below. */
	assert_int_equal(vm->rows[3].status, ST_UPGRADE);
	vm_set_filter(vm, FILTER_OK);
	assert_rows(vm, "app bcrypt paramiko requests");
	assert_string_equal(cur_name(vm), "paramiko");
	/* Hidden by the filter: the cursor stays on a line that exists. */
	vm_set_filter(vm, FILTER_ATTENTION);
	assert_rows(vm, "b cryptography");
	assert_non_null(vm_current(vm));
	/* A view where the package is not shown: the first line. */
	vm_set_filter(vm, FILTER_OK);
	vm_last(vm);
	assert_string_equal(cur_name(vm), "requests");
	vm_set_filter(vm, FILTER_BLOCKED);
	vm_set_view(vm, VIEW_TREE);
	assert_int_equal(vm->cursor, 0);
	assert_string_equal(cur_name(vm), "app");
	vm_free(vm);
}

static void
test_reverse_view(void **state)
{
	struct fixture *f = *state;
	struct viewmodel *vm = vm_new(&f->g, &f->ch);

	/* From a package that nothing needs: nothing to unfold. */
	vm_set_view(vm, VIEW_REVERSE);
	assert_rows(vm, "-a app -b -bcrypt -cffi -cryptography -paramiko -requests");
	assert_string_equal(cur_name(vm), "app");
	vm_cycle_view(vm);
	assert_int_equal(vm->view, VIEW_TREE);
	vm_cycle_view(vm);
	assert_int_equal(vm->view, VIEW_BLOCKERS);
	vm_cycle_view(vm);
	assert_int_equal(vm->view, VIEW_REVERSE);
	/* Who needs cffi? Blockers first put the cursor on it (its top), and the
	 * reverse tree unfolds the package it comes in on. */
	assert_string_equal(cur_name(vm), "cffi");
	assert_true(vm_current(vm)->expanded);
	vm_move(vm, 1);
	vm_unfold(vm);
	vm_move(vm, 1);
	vm_unfold(vm);
	assert_rows(vm, "-a app -b -bcrypt +cffi  +cryptography   +paramiko    app"
	    " -cryptography -paramiko -requests");
	/* Own statuses here. */
	assert_int_equal(vm->rows[5].status, ST_UPGRADE);
	/* Folds are per view: the tree keeps its own. */
	vm_set_view(vm, VIEW_TREE);
	assert_rows(vm, "+app  -paramiko  requests  ghost +a  -b");
	/* Entering the reverse tree on paramiko unfolds it: who needs it? */
	vm_set_view(vm, VIEW_BLOCKERS);
	vm_first(vm);
	assert_true(vm_search(vm, "bcrypt", true));
	vm_set_view(vm, VIEW_REVERSE);
	assert_string_equal(cur_name(vm), "bcrypt");
	assert_true(vm_current(vm)->expanded);
	assert_string_equal(vm->rows[vm->cursor + 1].node->dist->name, "paramiko");
	vm_free(vm);
}

static void
test_filter_tree(void **state)
{
	struct fixture *f = *state;
	struct viewmodel *vm = vm_new(&f->g, &f->ch);

	assert_int_equal(vm_status_class(ST_ABI3), FILTER_BLOCKED);
	assert_int_equal(vm_status_class(ST_SOURCE), FILTER_ATTENTION);
	assert_int_equal(vm_status_class(ST_FALLBACK), FILTER_OK);
	assert_int_equal(vm_status_class(ST_UNKNOWN), FILTER_UNKNOWN);
	vm_cycle_filter(vm);
	assert_int_equal(vm->filter, FILTER_BLOCKED);
	assert_string_equal(vm_filter_name(vm->filter), "blocked");
	/* Paths that lead to a blocked package, nothing else. */
	vm_unfold_all(vm);
	assert_rows(vm, "+app  +paramiko   +cryptography    cffi");
	assert_false(vm->rows[0].match);
	assert_true(vm->rows[3].match);
	vm_set_filter(vm, FILTER_UNKNOWN);
	/* ghost (not installed) and a (not checked yet) are unknown. */
	assert_rows(vm, "+app  ghost +a  +b   a@");
	vm_cycle_filter(vm);
	assert_int_equal(vm->filter, FILTER_ALL);
	vm_free(vm);
}

static void
test_search(void **state)
{
	struct fixture *f = *state;
	struct viewmodel *vm = vm_new(&f->g, &f->ch);

	/* cryptography is hidden under the folded paramiko: the search unfolds to it. */
	assert_true(vm_search(vm, "CRYPT", true));
	assert_string_equal(cur_name(vm), "cryptography");
	assert_rows(vm, "+app  +paramiko   -cryptography   bcrypt  requests  ghost +a  -b");
	assert_string_equal(vm->search, "CRYPT");
	/* n and N over what is shown, wrapping. */
	assert_true(vm_search(vm, "r", true));
	assert_string_equal(cur_name(vm), "bcrypt");
	assert_true(vm_search(vm, NULL, true));
	assert_string_equal(cur_name(vm), "requests");
	assert_true(vm_search(vm, NULL, false));
	assert_string_equal(cur_name(vm), "bcrypt");
	assert_true(vm_search(vm, NULL, false));
	assert_string_equal(cur_name(vm), "cryptography");
	assert_true(vm_search(vm, "ghost", true));
	assert_null(vm_current(vm)->node);
	assert_false(vm_search(vm, "zzz", true));
	assert_string_equal(cur_name(vm), "ghost");
	vm_first(vm);
	assert_true(vm_search(vm, "PARAMIKO", true));
	assert_string_equal(cur_name(vm), "paramiko");
	vm_free(vm);
}

static void
test_empty(void **state)
{
	struct graph g;
	struct viewmodel *vm;

	memset(&g, 0, sizeof g);
	vm = vm_new(&g, NULL);
	assert_int_equal(vm->nrows, 0);
	assert_null(vm_current(vm));
	vm_move(vm, 1);
	vm_fold(vm);
	vm_unfold(vm);
	vm_last(vm);
	assert_false(vm_search(vm, "x", true));
	for (int v = 0; v < VIEW_COUNT; v++)
		vm_set_view(vm, (enum vm_view)v);
	assert_string_equal(vm_view_name(VIEW_REVERSE), "reverse");
	vm_free(vm);
}

/* A lattice of 2 x 24 nodes where each node requires both of the next level: 2^24
 * paths, so unfolding everything must stop at VM_MAX_ROWS and say so. */
static void
test_explosion_capped(void **state)
{
	enum { LEVELS = 24, W = 2, NN = LEVELS * W + 1 };
	struct graph g;
	struct graph_node *nodes = xcalloc(NN, sizeof *nodes);
	struct dist *dists = xcalloc(NN, sizeof *dists);
	struct graph_edge *edges = xcalloc(NN * W, sizeof *edges);
	struct graph_node **parents = xcalloc(NN * W, sizeof *parents);
	struct graph_node *roots[1];
	char (*labels)[16] = xcalloc(NN, sizeof *labels);
	struct viewmodel *vm;
	size_t ne = 0;

	for (int i = 0; i < NN; i++) {
		snprintf(labels[i], sizeof labels[i], "n%03d", i);
		dists[i].name = dists[i].display_name = labels[i];
		dists[i].version = (char *)"1";
		nodes[i].dist = &dists[i];
		nodes[i].index = (size_t)i;
		nodes[i].parents = &parents[i * W];
	}
	/* Node 0 is the root; level k holds nodes 1 + k*W ... */
	for (int i = 0; i < NN; i++) {
		int level = i == 0 ? -1 : (i - 1) / W, next = level + 1;

		if (next >= LEVELS)
			continue;
		nodes[i].edges = &edges[ne];
		for (int j = 0; j < W; j++) {
			struct graph_node *c = &nodes[1 + next * W + j];

			edges[ne].to = c;
			edges[ne].satisfied = true;
			ne++;
			nodes[i].nedges++;
			if (c->nparents < W)
				c->parents[c->nparents++] = &nodes[i];
		}
	}
	memset(&g, 0, sizeof g);
	roots[0] = &nodes[0];
	g.nodes = nodes;
	g.nnodes = NN;
	g.roots = roots;
	g.nroots = 1;
	vm = vm_new(&g, NULL);
	assert_int_equal(vm->nrows, 1 + W);
	assert_false(vm->truncated);
	vm_unfold_all(vm);
	assert_true(vm->truncated);
	assert_true(vm->nrows <= VM_MAX_ROWS);
	assert_true(vm->nrows > 1000);
	/* Depth is capped too: nothing deeper than VM_MAX_DEPTH. */
	for (size_t i = 0; i < vm->nrows; i++)
		assert_true(vm->rows[i].depth < VM_MAX_DEPTH);
	vm_fold_all(vm);
	assert_false(vm->truncated);
	assert_int_equal(vm->nrows, 1);
	vm_free(vm);
	free(nodes);
	free(dists);
	free(edges);
	free(parents);
	free(labels);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold_all_and_cycles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stable_across_rebuilds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blockers_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reverse_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test(test_explosion_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
