/* graph.h: the dependency graph of an environment: edges with their specifier and
 * marker evaluated for its interpreter, extras propagated, roots and cycles. */
#ifndef FTPORT_GRAPH_H
#define FTPORT_GRAPH_H

#include <stdbool.h>

#include "env.h"
#include "req.h"

struct graph_node;

struct graph_edge {
	struct req		*req;		/* the requirement (owned by the graph) */
	struct graph_node	*to;		/* NULL when not installed (missing) */
	bool			 satisfied;	/* installed and version within the specifier */
	struct strlist		 from_extras;	/* parent's extras that activated it, sorted;
						   empty when it holds without any */
};

/* Why an installed dependency does not meet its requirement, for a label: the
 * specifier it misses (">=2"), or "no installed version" when the dependency has no
 * version to compare (an empty specifier holds for any version, PEP 440 or not). */
const char *graph_edge_unmet(const struct graph_edge *e);

struct graph_node {
	struct dist		*dist;
	size_t			 index;		/* position in graph->nodes */
	struct graph_edge	*edges;		/* requirements whose markers hold */
	size_t			 nedges;
	struct strlist		 active_extras;	/* extras some parent asked for */
	struct graph_node	**parents;	/* who requires this */
	size_t			 nparents;
	bool			 is_root;
	struct strlist		 req_errors;	/* requirement strings that did not parse */
};

struct graph {
	struct environment	*env;		/* not owned */
	struct graph_node	*nodes;		/* one per env->dists, same order */
	size_t			 nnodes;
	struct graph_node	**roots;
	size_t			 nroots;
};

/* Builds the graph of env (which must outlive it). Requirements for one child name are
 * merged into one edge (specifiers intersected, extras united, a marker only when
 * every merged line has one); roots are sorted by name. */
struct graph *graph_build(struct environment *env);
void graph_free(struct graph *g);
/* The node of an installed distribution, by name (normalised here if need be). */
struct graph_node *graph_find(const struct graph *g, const char *name);

/* The name of node i's distribution as installed ("?" when it has none). */
const char *graph_node_name(const struct graph *g, size_t i);
/* The name as the distribution's METADATA writes it (jupyter_client, not
 * jupyter-client), for text people read. */
const char *graph_node_display(const struct graph *g, size_t i);

#endif
