/* viewmodel.h: the rows the TUI draws (tree, blockers first, reverse tree), rebuilt from
 * the graph and the check results after every change; stable 64-bit tags keep folds and
 * the cursor in place across rebuilds (tmux's mode-tree). No curses here. */
#ifndef FTPORT_VIEWMODEL_H
#define FTPORT_VIEWMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check.h"
#include "graph.h"
#include "verdict.h"

enum vm_view { VIEW_TREE, VIEW_BLOCKERS, VIEW_REVERSE, VIEW_COUNT };

/* Status classes the filter cycles through (in this order, from ALL). */
enum vm_filter {
	FILTER_ALL,
	FILTER_BLOCKED,		/* blocked, abi3 */
	FILTER_ATTENTION,	/* upgrade, prerelease, elsewhere, other-abi, source */
	FILTER_OK,		/* ready, pure, fallback */
	FILTER_UNKNOWN,		/* unknown (including not checked yet) */
	FILTER_COUNT
};

const char *vm_view_name(enum vm_view v);	/* "tree", "blockers", "reverse" */
const char *vm_filter_name(enum vm_filter f);	/* "all", "blocked", ... */
enum vm_filter vm_status_class(enum ft_status s);

struct vm_row {
	uint64_t		 tag;		/* hash of the view, names on the path */
	struct graph_node	*node;		/* NULL for a requirement not installed */
	const struct graph_edge	*edge;		/* the edge from the parent row, or NULL */
	const char		*missing_name;	/* display name when node is NULL */
	size_t			 parent;	/* row index of the parent, SIZE_MAX at top */
	unsigned		 depth;
	bool			 has_children;
	bool			 expanded;
	bool			 cycle;		/* already on the path above: not expanded */
	enum ft_status		 status;	/* what the row shows: worst below (tree), own */
	enum ft_status		 own;		/* the package's own status */
	bool			 checking;	/* no answer yet */
	bool			 leaf_blocker;
	bool			 match;		/* matches the filter itself (not only below) */
};

struct vm_foldmap;

struct viewmodel {
	const struct graph	*graph;		/* not owned */
	const struct check	*check;		/* not owned; may be NULL (nothing checked) */
	enum vm_view		 view;
	enum vm_filter		 filter;

	struct vm_row		*rows;
	size_t			 nrows;
	size_t			 arows;
	bool			 truncated;	/* hit VM_MAX_ROWS */

	size_t			 cursor;	/* row index */
	uint64_t		 cursor_tag;

	struct vm_foldmap	*folds;		/* tag -> explicitly folded or unfolded */
	unsigned		 open_depth[VIEW_COUNT]; /* unfolded by default above this */

	char			*search;	/* last search pattern, or NULL */
	/* Per graph node, refreshed by each rebuild. */
	enum ft_status		*own;
	enum ft_status		*worst;
	bool			*checking;
	unsigned char		*below;		/* filter classes in the subtree (bit per class) */
	size_t			 nnodes;
	struct graph_node	**tops;		/* the tree's top level, found once */
	size_t			 ntops;
};

#define VM_MAX_ROWS	200000
#define VM_MAX_DEPTH	64

struct viewmodel *vm_new(const struct graph *g, const struct check *ch);
void vm_free(struct viewmodel *vm);
void vm_set_check(struct viewmodel *vm, const struct check *ch);
/* Rebuilds the rows from the graph and check, keeping folds and the cursor's tag. */
void vm_rebuild(struct viewmodel *vm);

const struct vm_row *vm_current(const struct viewmodel *vm);	/* NULL when empty */
/* The package's own status and whether its answer is still awaited. */
enum ft_status vm_node_status(const struct viewmodel *vm, const struct graph_node *n,
    bool *checking);

void vm_move(struct viewmodel *vm, long delta);		/* clamped */
void vm_move_to(struct viewmodel *vm, size_t row);
void vm_first(struct viewmodel *vm);
void vm_last(struct viewmodel *vm);
/* Fold the current row; if it is folded or a leaf, go to its parent. */
void vm_fold(struct viewmodel *vm);
/* Unfold the current row; if it is unfolded, go to its first child. */
void vm_unfold(struct viewmodel *vm);
void vm_fold_all(struct viewmodel *vm);
void vm_unfold_all(struct viewmodel *vm);
/* Views and filters keep the cursor on the same package when it is still shown. */
void vm_set_view(struct viewmodel *vm, enum vm_view v);
void vm_cycle_view(struct viewmodel *vm);
void vm_set_filter(struct viewmodel *vm, enum vm_filter f);
void vm_cycle_filter(struct viewmodel *vm);
/* Case-insensitive substring search over package names from the cursor (exclusive),
 * wrapping; unfolds the tree to a match hidden under folds. pattern NULL repeats the
 * last search. Returns false when nothing matches. */
bool vm_search(struct viewmodel *vm, const char *pattern, bool forward);
/* The rows shown that match the last search, and which of them (from 1) is the
 * cursor's (0: not on one). */
size_t vm_search_count(const struct viewmodel *vm, size_t *nth);
/* Does the row match the last search? (for highlighting) */
bool vm_search_matches(const struct viewmodel *vm, size_t row);

/* The 64-bit tag hash (FNV-1a over seed and name), exposed for tests. */
uint64_t vm_tag(uint64_t seed, const char *name);

#endif
