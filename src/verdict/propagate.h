/* propagate.h: tree propagation: the worst status below each package, the
 * leaf blockers (fix those first) and the chains that explain them ("cffi blocks
 * cryptography, which blocks paramiko"). Cycle-safe, O(nodes + edges) plus the
 * blocked_by sets. */
#ifndef FTPORT_PROPAGATE_H
#define FTPORT_PROPAGATE_H

#include <stdbool.h>
#include <stddef.h>

#include "graph.h"
#include "verdict.h"

#define PROPAGATE_NONE ((size_t)-1)

struct propagation {
	size_t		  n;		/* g->nnodes */
	enum ft_status	 *worst;	/* the worst status of each node's subtree, its own
					   included (status_severity; ties keep its own) */
	bool		 *leaf_blocker;	/* a blocker with no blocker below it; blockers in
					   one cycle with none below it are all leaves */
	size_t		**blocked_by;	/* per node: the leaf blockers below it (never the
					   node itself), ascending node indexes */
	size_t		 *nblocked_by;
	size_t		 *next;		/* per node: the next package on a shortest path
					   down to a leaf blocker, PROPAGATE_NONE if none */
	size_t		 *hops;		/* its length, PROPAGATE_NONE if none */
};

/* status[i] is the status of g->nodes[i]. */
struct propagation *propagate_compute(const struct graph *g, const enum ft_status *status);
/* The same with cut[i] (may be NULL) true for packages left out of every path: the
 * edges to and from them do not count (the team ignores them). */
struct propagation *propagate_compute_cut(const struct graph *g,
    const enum ft_status *status, const bool *cut);
void propagate_free(struct propagation *pr);
/* "cffi blocks cryptography, which blocks paramiko" for node paramiko (names as
 * normalised), along one shortest path from a leaf blocker; NULL when there is no
 * leaf blocker below node (and for a leaf blocker itself). A longer chain names its
 * first PROPAGATE_CHAIN_HEAD packages and node: "a blocks b, which blocks c, which
 * blocks d, ... and 9 more, which blocks z". Allocated. */
#define PROPAGATE_CHAIN_HEAD 4
char *propagate_chain(const struct propagation *pr, const struct graph *g, size_t node);
/* The same with " (ignored)" after each package marked[i] (may be NULL): the chain
 * through a package the team ignores, said as such rather than dropped. */
char *propagate_chain_marked(const struct propagation *pr, const struct graph *g,
    size_t node, const bool *marked);

#endif
