/* test_graph.c: unit tests for graph.c on environments built by hand in memory:
 * markers, extras propagated to a fixpoint, merged edges, missing and unsatisfied
 * requirements, parents, roots and cycles. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "graph.h"
#include "meta.h"
#include "util.h"

struct fake_env {
	struct environment	 env;
	struct dist		*d[32];
};

static struct dist *
mkdist(const char *name, const char *version, ...)
{
	struct dist *d = xcalloc(1, sizeof *d);
	const char *r;
	va_list ap;

	d->name = name_normalize(name);
	d->display_name = xstrdup(name);
	d->version = xstrdup(version);
	d->root_is_purelib = -1;
	va_start(ap, version);
	while ((r = va_arg(ap, const char *)) != NULL)
		strlist_push(&d->requires_dist, r);
	va_end(ap);
	return d;
}

static void
fake_init(struct fake_env *fe)
{
	static const char *values[MV_COUNT];

	memset(fe, 0, sizeof *fe);
	values[MV_OS_NAME] = "posix";
	values[MV_SYS_PLATFORM] = "linux";
	values[MV_PLATFORM_MACHINE] = "x86_64";
	values[MV_PLATFORM_PYTHON_IMPLEMENTATION] = "CPython";
	values[MV_PLATFORM_RELEASE] = "6.1.0";
	values[MV_PLATFORM_SYSTEM] = "Linux";
	values[MV_PLATFORM_VERSION] = "#1 SMP";
	values[MV_PYTHON_VERSION] = "3.11";
	values[MV_PYTHON_FULL_VERSION] = "3.11.7";
	values[MV_IMPLEMENTATION_NAME] = "cpython";
	values[MV_IMPLEMENTATION_VERSION] = "3.11.7";
	for (int i = 0; i < MV_COUNT; i++)
		fe->env.markers.values[i] = values[i];
	fe->env.dists = fe->d;
}

static void
fake_add(struct fake_env *fe, struct dist *d)
{
	fe->d[fe->env.ndists++] = d;
}

static void
fake_free(struct fake_env *fe)
{
	for (size_t i = 0; i < fe->env.ndists; i++) {
		struct dist *d = fe->d[i];

		free(d->name);
		free(d->display_name);
		free(d->version);
		strlist_clear(&d->requires_dist);
		free(d);
	}
}

static const struct graph_edge *
edge_to(const struct graph *g, const char *from, const char *to)
{
	const struct graph_node *n = graph_find(g, from);

	assert_non_null(n);
	for (size_t i = 0; i < n->nedges; i++)
		if (strcmp(n->edges[i].req->name, to) == 0)
			return &n->edges[i];
	return NULL;
}

static bool
has_parent(const struct graph_node *n, const struct graph_node *p)
{
	for (size_t i = 0; i < n->nparents; i++)
		if (n->parents[i] == p)
			return true;
	return false;
}

static void
assert_roots(const struct graph *g, const char *want)
{
	char buf[512] = "";

	for (size_t i = 0; i < g->nroots; i++) {
		if (i > 0)
			strcat(buf, " ");
		strcat(buf, g->roots[i]->dist->name);
	}
	assert_string_equal(buf, want);
}

static void
test_chain_missing_unsatisfied(void **state)
{
	struct fake_env fe;
	struct graph *g;
	const struct graph_edge *e;

	fake_init(&fe);
	fake_add(&fe, mkdist("App", "1.0", "Lib>=1.0", "ghost (>=2)", "old>=2", NULL));
	fake_add(&fe, mkdist("lib", "1.5", "pre>=1.0", NULL));
	fake_add(&fe, mkdist("old", "1.9", NULL));
	fake_add(&fe, mkdist("pre", "2.0rc1", NULL));
	g = graph_build(&fe.env);
	assert_int_equal(g->nnodes, 4);

	e = edge_to(g, "app", "lib");
	assert_non_null(e);
	assert_ptr_equal(e->to, graph_find(g, "lib"));
	assert_true(e->satisfied);
	assert_int_equal(e->from_extras.n, 0);

	e = edge_to(g, "app", "ghost");
	assert_non_null(e);
	assert_null(e->to);
	assert_false(e->satisfied);
	assert_string_equal(e->req->specifier, ">=2");

	e = edge_to(g, "app", "old");
	assert_non_null(e);
	assert_non_null(e->to);
	assert_false(e->satisfied);

	/* An installed pre-release satisfies a specifier (pip's rule). */
	e = edge_to(g, "lib", "pre");
	assert_non_null(e);
	assert_true(e->satisfied);

	assert_true(has_parent(graph_find(g, "lib"), graph_find(g, "app")));
	assert_int_equal(graph_find(g, "app")->nparents, 0);
	assert_roots(g, "app");
	assert_true(graph_find(g, "app")->is_root);
	assert_false(graph_find(g, "pre")->is_root);
	graph_free(g);
	fake_free(&fe);
}

static void
test_markers(void **state)
{
	struct fake_env fe;
	struct graph *g;

	fake_init(&fe);
	fake_add(&fe, mkdist("a", "1",
	    "b; python_version < \"3\"",
	    "c; sys_platform == \"linux\" and python_version >= \"3.8\"",
	    "d; sys_platform == \"win32\"",
	    "e; extra == \"test\"", NULL));
	fake_add(&fe, mkdist("b", "1", NULL));
	fake_add(&fe, mkdist("c", "1", NULL));
	fake_add(&fe, mkdist("d", "1", NULL));
	fake_add(&fe, mkdist("e", "1", NULL));
	g = graph_build(&fe.env);
	assert_int_equal(graph_find(g, "a")->nedges, 1);
	assert_non_null(edge_to(g, "a", "c"));
	assert_null(edge_to(g, "a", "b"));
	assert_null(edge_to(g, "a", "e"));
	assert_roots(g, "a b d e");
	graph_free(g);
	fake_free(&fe);
}

static void
test_extras_propagate(void **state)
{
	struct fake_env fe;
	struct graph *g;
	const struct graph_edge *e;
	const struct graph_node *d;

	fake_init(&fe);
	fake_add(&fe, mkdist("top", "1", "mid[X]", NULL));
	fake_add(&fe, mkdist("mid", "1",
	    "leaf; extra == \"x\"",
	    "deep[y]; extra == 'x'",
	    "unused; extra == \"z\"", NULL));
	fake_add(&fe, mkdist("deep", "1", "bottom>=1; extra == \"y\"", NULL));
	fake_add(&fe, mkdist("bottom", "1", NULL));
	fake_add(&fe, mkdist("leaf", "1", NULL));
	fake_add(&fe, mkdist("unused", "1", NULL));
	g = graph_build(&fe.env);

	assert_true(strlist_contains(&graph_find(g, "mid")->active_extras, "x"));
	e = edge_to(g, "mid", "leaf");
	assert_non_null(e);
	assert_int_equal(e->from_extras.n, 1);
	assert_string_equal(e->from_extras.v[0], "x");
	assert_null(edge_to(g, "mid", "unused"));

	d = graph_find(g, "deep");
	assert_int_equal(d->active_extras.n, 1);
	assert_string_equal(d->active_extras.v[0], "y");
	e = edge_to(g, "deep", "bottom");
	assert_non_null(e);
	assert_true(e->satisfied);
	assert_string_equal(e->from_extras.v[0], "y");
	assert_roots(g, "top unused");
	graph_free(g);
	fake_free(&fe);
}

static void
test_self_extras_and_cycles(void **state)
{
	struct fake_env fe;
	struct graph *g;
	const struct graph_edge *e;

	fake_init(&fe);
	/* "pkg[all]" pulls in its own extras, as many real packages do. */
	fake_add(&fe, mkdist("user", "1", "pkg[all]", NULL));
	fake_add(&fe, mkdist("pkg", "1",
	    "pkg[test,docs]; extra == \"all\"",
	    "tool; extra == \"test\"",
	    "sphinx; extra == \"docs\"", NULL));
	fake_add(&fe, mkdist("tool", "1", NULL));
	/* A pure cycle that nothing else requires, and a self-requiring loner. */
	fake_add(&fe, mkdist("yy", "1", "xx", NULL));
	fake_add(&fe, mkdist("xx", "1", "yy", NULL));
	fake_add(&fe, mkdist("loner", "1", "loner[extra]", NULL));
	g = graph_build(&fe.env);

	e = edge_to(g, "pkg", "pkg");
	assert_non_null(e);
	assert_ptr_equal(e->to, graph_find(g, "pkg"));
	e = edge_to(g, "pkg", "tool");
	assert_non_null(e);
	assert_string_equal(e->from_extras.v[0], "test");
	e = edge_to(g, "pkg", "sphinx");
	assert_non_null(e);
	assert_null(e->to);
	assert_string_equal(e->from_extras.v[0], "docs");
	assert_int_equal(graph_find(g, "pkg")->active_extras.n, 3);

	/* Every node hangs under a root: xx (first by name) stands for the cycle. */
	assert_roots(g, "loner user xx");
	assert_true(has_parent(graph_find(g, "xx"), graph_find(g, "yy")));
	assert_true(has_parent(graph_find(g, "yy"), graph_find(g, "xx")));
	graph_free(g);
	fake_free(&fe);
}

static void
test_merge_same_name(void **state)
{
	struct fake_env fe;
	struct graph *g;
	const struct graph_edge *e;

	fake_init(&fe);
	fake_add(&fe, mkdist("a", "1",
	    "b>=1",
	    "c>=1; os_name == \"posix\"",
	    "b<3; python_version >= \"3\"",
	    "c!=2; python_version >= \"3\"",
	    "b[fast]; python_version < \"3\"", NULL));
	fake_add(&fe, mkdist("b", "2", NULL));
	fake_add(&fe, mkdist("c", "2", NULL));
	g = graph_build(&fe.env);
	assert_int_equal(graph_find(g, "a")->nedges, 2);
	/* File order of the first line per name. */
	assert_string_equal(graph_find(g, "a")->edges[0].req->name, "b");

	e = edge_to(g, "a", "b");
	assert_non_null(strstr(e->req->specifier, ">=1"));
	assert_non_null(strstr(e->req->specifier, "<3"));
	assert_null(e->req->marker_text);	/* one of them is unconditional */
	assert_int_equal(e->req->extras.n, 0);	/* the [fast] line does not hold */
	assert_true(e->satisfied);

	e = edge_to(g, "a", "c");
	assert_non_null(strstr(e->req->specifier, "!=2"));
	assert_non_null(e->req->marker_text);
	assert_non_null(strstr(e->req->marker_text, " or "));
	assert_false(e->satisfied);
	assert_int_equal(graph_find(g, "b")->nparents, 1);
	graph_free(g);
	fake_free(&fe);
}

static void
test_invalid_requirement_kept(void **state)
{
	struct fake_env fe;
	struct graph *g;
	const struct graph_node *n;

	fake_init(&fe);
	fake_add(&fe, mkdist("a", "1", "b>=1", "this is not a requirement!!", "c; bogus_var == '1'",
	    NULL));
	fake_add(&fe, mkdist("b", "1", NULL));
	g = graph_build(&fe.env);
	n = graph_find(g, "a");
	assert_non_null(n);
	assert_int_equal(n->req_errors.n, 2);
	assert_non_null(strstr(n->req_errors.v[0], "this is not a requirement!!"));
	assert_int_equal(n->nedges, 1);
	assert_non_null(edge_to(g, "a", "b"));
	graph_free(g);
	fake_free(&fe);
}

static void
test_find_and_empty(void **state)
{
	struct fake_env fe;
	struct graph *g;

	fake_init(&fe);
	fake_add(&fe, mkdist("Foo_Bar.baz", "1", NULL));
	g = graph_build(&fe.env);
	assert_non_null(graph_find(g, "foo-bar-baz"));
	assert_non_null(graph_find(g, "FOO.bar_BAZ"));
	assert_null(graph_find(g, "foo"));
	assert_roots(g, "foo-bar-baz");
	graph_free(g);
	fake_free(&fe);

	fake_init(&fe);
	g = graph_build(&fe.env);
	assert_int_equal(g->nnodes, 0);
	assert_int_equal(g->nroots, 0);
	assert_null(graph_find(g, "x"));
	graph_free(g);
}

/* A long chain and a wide fan-in with extras everywhere: the fixpoint ends and every
 * node is reached. */
static void
test_big_fixpoint(void **state)
{
	struct fake_env fe;
	struct graph *g;
	char name[16], req[64], req2[64];

	fake_init(&fe);
	for (int i = 0; i < 30; i++) {
		snprintf(name, sizeof name, "n%02d", i);
		snprintf(req, sizeof req, "n%02d[e%d]", (i + 1) % 30, i);
		snprintf(req2, sizeof req2, "n%02d[e%d]; extra == \"e%d\"", (i + 7) % 30, i,
		    (i + 29) % 30);
		fake_add(&fe, mkdist(name, "1", req, req2, NULL));
	}
	g = graph_build(&fe.env);
	assert_roots(g, "n00");
	for (size_t i = 0; i < g->nnodes; i++) {
		assert_int_equal(g->nodes[i].nedges, 2);
		assert_true(g->nodes[i].active_extras.n >= 1);
	}
	graph_free(g);
	fake_free(&fe);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chain_missing_unsatisfied),
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_extras_propagate),
		cmocka_unit_test(test_self_extras_and_cycles),
		cmocka_unit_test(test_merge_same_name),
		cmocka_unit_test(test_invalid_requirement_kept),
		cmocka_unit_test(test_find_and_empty),
		cmocka_unit_test(test_big_fixpoint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
