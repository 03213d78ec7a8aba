/* viewmodel.c: the TUI's rows built from graph and check results; folds and the cursor
 * are keyed by stable tags so a rebuild after each index answer moves nothing. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "viewmodel.h"

/* Tag seeds per view: the same path means different things in the tree and the reverse
 * tree, so their folds must not collide. */
#define SEED_TREE	0x6674706f72742d74ULL
#define SEED_BLOCKERS	0x6674706f72742d62ULL
#define SEED_REVERSE	0x6674706f72742d72ULL

enum { FOLD_NONE, FOLD_OPEN, FOLD_CLOSED };

struct vm_foldmap {
	uint64_t	*keys;
	unsigned char	*vals;
	size_t		 size;	/* power of two */
	size_t		 used;
};

static const char *view_names[VIEW_COUNT] = { "tree", "blockers", "reverse" };
static const char *filter_names[FILTER_COUNT] = {
	"all", "blocked", "attention", "ok", "unknown"
};

const char *
vm_view_name(enum vm_view v)
{
	return v < VIEW_COUNT ? view_names[v] : "?";
}

const char *
vm_filter_name(enum vm_filter f)
{
	return f < FILTER_COUNT ? filter_names[f] : "?";
}

enum vm_filter
vm_status_class(enum ft_status s)
{
	if (status_is_blocker(s))	/* what a test found too */
		return FILTER_BLOCKED;
	switch (s) {
	case ST_UPGRADE:
	case ST_PRERELEASE:
	case ST_ELSEWHERE:
	case ST_OTHER_ABI:
	case ST_SOURCE:
		return FILTER_ATTENTION;
	case ST_READY:
	case ST_PURE:
	case ST_FALLBACK:
		return FILTER_OK;
	default:
		return FILTER_UNKNOWN;
	}
}

uint64_t
vm_tag(uint64_t seed, const char *name)
{
	unsigned char bytes[8];

	/* The seed's bytes (least significant first), a separator and the name. */
	for (int i = 0; i < 8; i++)
		bytes[i] = (unsigned char)(seed >> (i * 8));
	return hash_bytes(name, strlen(name), hash_bytes("/", 1, hash_bytes(bytes, 8,
	    HASH_FNV_BASIS)));
}

/* --- fold map ------------------------------------------------------------------ */

static struct vm_foldmap *
foldmap_new(void)
{
	struct vm_foldmap *m = xcalloc(1, sizeof *m);

	m->size = 64;
	m->keys = xcalloc(m->size, sizeof *m->keys);
	m->vals = xcalloc(m->size, 1);
	return m;
}

static void
foldmap_free(struct vm_foldmap *m)
{
	free(m->keys);
	free(m->vals);
	free(m);
}

static void
foldmap_clear(struct vm_foldmap *m)
{
	memset(m->vals, 0, m->size);
	m->used = 0;
}

static size_t
foldmap_slot(const struct vm_foldmap *m, uint64_t key)
{
	size_t i = (size_t)(key ^ (key >> 29)) & (m->size - 1);

	while (m->vals[i] != FOLD_NONE && m->keys[i] != key)
		i = (i + 1) & (m->size - 1);
	return i;
}

static int
foldmap_get(const struct vm_foldmap *m, uint64_t key)
{
	return m->vals[foldmap_slot(m, key)];
}

static void
foldmap_set(struct vm_foldmap *m, uint64_t key, int val)
{
	size_t i;

	if ((m->used + 1) * 2 > m->size) {
		struct vm_foldmap old = *m;

		m->size *= 2;
		m->keys = xcalloc(m->size, sizeof *m->keys);
		m->vals = xcalloc(m->size, 1);
		m->used = 0;
		for (size_t j = 0; j < old.size; j++)
			if (old.vals[j] != FOLD_NONE)
				foldmap_set(m, old.keys[j], old.vals[j]);
		free(old.keys);
		free(old.vals);
	}
	i = foldmap_slot(m, key);
	if (m->vals[i] == FOLD_NONE)
		m->used++;
	m->keys[i] = key;
	m->vals[i] = (unsigned char)val;
}

/* --- model ------------------------------------------------------------------ */

struct viewmodel *
vm_new(const struct graph *g, const struct check *ch)
{
	struct viewmodel *vm = xcalloc(1, sizeof *vm);

	vm->graph = g;
	vm->check = ch;
	vm->folds = foldmap_new();
	/* Roots open on their direct requirements; the reverse tree starts folded. */
	vm->open_depth[VIEW_TREE] = 1;
	vm->open_depth[VIEW_BLOCKERS] = 0;
	vm->open_depth[VIEW_REVERSE] = 0;
	vm_rebuild(vm);
	return vm;
}

void
vm_free(struct viewmodel *vm)
{
	if (vm == NULL)
		return;
	free(vm->rows);
	foldmap_free(vm->folds);
	free(vm->search);
	free(vm->own);
	free(vm->worst);
	free(vm->checking);
	free(vm->below);
	free(vm->tops);
	free(vm);
}

void
vm_set_check(struct viewmodel *vm, const struct check *ch)
{
	vm->check = ch;
}

enum ft_status
vm_node_status(const struct viewmodel *vm, const struct graph_node *n, bool *checking)
{
	const struct check_pkg *cp;

	if (checking != NULL)
		*checking = vm->check != NULL;
	if (vm->check == NULL || n->index >= vm->check->npkgs)
		return ST_UNKNOWN;
	cp = &vm->check->pkgs[n->index];
	if (cp->state != CHECK_DONE || cp->verdicts == NULL)
		return ST_UNKNOWN;
	if (checking != NULL)
		*checking = false;
	return cp->verdicts[0].status;
}

static bool
node_leaf_blocker(const struct viewmodel *vm, const struct graph_node *n)
{
	if (vm->check == NULL || n->index >= vm->check->npkgs)
		return false;
	return vm->check->pkgs[n->index].leaf_blocker;
}

static unsigned char
class_bit(enum ft_status s)
{
	return (unsigned char)(1u << vm_status_class(s));
}

/* Which filter classes occur at or below each node, following edges down (tree) or
 * parents up (reverse): propagated until nothing changes, so cycles come out right.
 * Each pass can only add bits, so it ends after a few passes. */
static void
below_compute(struct viewmodel *vm, bool reverse)
{
	const struct graph *g = vm->graph;
	bool changed = true;

	for (size_t i = 0; i < g->nnodes; i++)
		vm->below[i] = class_bit(vm->own[i]);
	while (changed) {
		changed = false;
		for (size_t i = 0; i < g->nnodes; i++) {
			const struct graph_node *n = &g->nodes[i];
			unsigned char m = vm->below[i];

			if (reverse) {
				for (size_t j = 0; j < n->nparents; j++)
					m |= vm->below[n->parents[j]->index];
			} else {
				for (size_t j = 0; j < n->nedges; j++)
					m |= n->edges[j].to != NULL ?
					    vm->below[n->edges[j].to->index] :
					    (unsigned char)(1u << FILTER_UNKNOWN);
			}
			if (m != vm->below[i]) {
				vm->below[i] = m;
				changed = true;
			}
		}
	}
}

static void
node_data(struct viewmodel *vm)
{
	const struct graph *g = vm->graph;

	if (vm->nnodes != g->nnodes) {
		free(vm->own);
		free(vm->worst);
		free(vm->checking);
		free(vm->below);
		vm->nnodes = g->nnodes;
		vm->own = xcalloc(vm->nnodes + 1, sizeof *vm->own);
		vm->worst = xcalloc(vm->nnodes + 1, sizeof *vm->worst);
		vm->checking = xcalloc(vm->nnodes + 1, sizeof *vm->checking);
		vm->below = xcalloc(vm->nnodes + 1, sizeof *vm->below);
	}
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct check_pkg *cp = NULL;

		vm->own[i] = vm_node_status(vm, &g->nodes[i], &vm->checking[i]);
		if (vm->check != NULL && i < vm->check->npkgs)
			cp = &vm->check->pkgs[i];
		/* The worst below is never better than the package itself. */
		if (cp != NULL && cp->worst < ST_COUNT &&
		    status_severity(cp->worst) >= status_severity(vm->own[i]))
			vm->worst[i] = cp->worst;
		else
			vm->worst[i] = vm->own[i];
	}
	if (vm->filter == FILTER_ALL || vm->view == VIEW_BLOCKERS)
		return;
	below_compute(vm, vm->view == VIEW_REVERSE);
}

static bool
node_passes(const struct viewmodel *vm, const struct graph_node *n)
{
	if (vm->filter == FILTER_ALL)
		return true;
	if (n == NULL)
		return vm->filter == FILTER_UNKNOWN;
	if (vm->view == VIEW_BLOCKERS)
		return vm_status_class(vm->own[n->index]) == vm->filter;
	return (vm->below[n->index] & (1u << vm->filter)) != 0;
}

static struct vm_row *
add_row(struct viewmodel *vm)
{
	struct vm_row *r;

	if (vm->nrows == vm->arows) {
		vm->arows = vm->arows == 0 ? 256 : vm->arows * 2;
		vm->rows = xreallocarray(vm->rows, vm->arows, sizeof *vm->rows);
	}
	r = &vm->rows[vm->nrows++];
	memset(r, 0, sizeof *r);
	r->parent = SIZE_MAX;
	return r;
}

/* The children of a node in the current view: requirements (tree) or dependents. */
static size_t
nchildren(const struct viewmodel *vm, const struct graph_node *n)
{
	if (n == NULL)
		return 0;
	return vm->view == VIEW_REVERSE ? n->nparents : n->nedges;
}

static struct graph_node *
child_at(const struct viewmodel *vm, const struct graph_node *n, size_t i,
    const struct graph_edge **edge)
{
	if (vm->view == VIEW_REVERSE) {
		*edge = NULL;
		return n->parents[i];
	}
	*edge = &n->edges[i];
	return n->edges[i].to;
}

static const char *
child_name(const struct graph_node *n, const struct graph_edge *e)
{
	if (n != NULL)
		return n->dist->name;
	return e->req->name;
}

static bool
any_child_passes(const struct viewmodel *vm, const struct graph_node *n)
{
	const struct graph_edge *e;

	for (size_t i = 0; i < nchildren(vm, n); i++)
		if (node_passes(vm, child_at(vm, n, i, &e)))
			return true;
	return false;
}

static void
add_subtree(struct viewmodel *vm, struct graph_node *n, const struct graph_edge *edge,
    size_t parent, unsigned depth, uint64_t seed, bool *onpath)
{
	struct vm_row *r;
	size_t self;
	uint64_t tag;
	int fold;
	bool expanded;
	const struct graph_edge *ce;

	if (vm->nrows >= VM_MAX_ROWS) {
		vm->truncated = true;
		return;
	}
	if (!node_passes(vm, n))
		return;
	tag = vm_tag(seed, child_name(n, edge));
	r = add_row(vm);
	self = vm->nrows - 1;
	r->tag = tag;
	r->node = n;
	r->edge = edge;
	r->parent = parent;
	r->depth = depth;
	if (n == NULL) {
		r->missing_name = edge->req->display_name;
		r->status = r->own = ST_UNKNOWN;
		r->match = vm->filter == FILTER_ALL || vm->filter == FILTER_UNKNOWN;
		return;
	}
	r->own = vm->own[n->index];
	r->status = vm->view == VIEW_TREE ? vm->worst[n->index] : r->own;
	r->checking = vm->checking[n->index];
	r->leaf_blocker = node_leaf_blocker(vm, n);
	r->match = vm->filter == FILTER_ALL || vm_status_class(r->own) == vm->filter;
	if (onpath[n->index]) {
		r->cycle = true;
		return;
	}
	r->has_children = vm->filter == FILTER_ALL ? nchildren(vm, n) != 0 :
	    any_child_passes(vm, n);
	if (!r->has_children)
		return;
	fold = foldmap_get(vm->folds, tag);
	expanded = fold == FOLD_OPEN || (fold == FOLD_NONE && depth < vm->open_depth[vm->view]);
	if (depth + 1 >= VM_MAX_DEPTH)
		expanded = false;
	r->expanded = expanded;
	if (!expanded)
		return;
	onpath[n->index] = true;
	for (size_t i = 0; i < nchildren(vm, n); i++) {
		struct graph_node *c = child_at(vm, n, i, &ce);

		add_subtree(vm, c, ce, self, depth + 1, tag, onpath);
	}
	onpath[n->index] = false;
}

/* Top-level nodes of the tree: the roots, then whatever only cycles reach. */
static struct graph_node **
tree_tops(const struct graph *g, size_t *ntops)
{
	struct graph_node **tops, **stack;
	bool *seen;
	size_t n = 0, sp = 0;

	tops = xcalloc(g->nnodes + 1, sizeof *tops);
	seen = xcalloc(g->nnodes + 1, sizeof *seen);
	stack = xcalloc(g->nnodes + 1, sizeof *stack);
	for (size_t i = 0; i < g->nroots; i++) {
		tops[n++] = g->roots[i];
		if (!seen[g->roots[i]->index]) {
			seen[g->roots[i]->index] = true;
			stack[sp++] = g->roots[i];
		}
	}
	for (;;) {
		while (sp > 0) {
			struct graph_node *x = stack[--sp];

			for (size_t j = 0; j < x->nedges; j++) {
				struct graph_node *c = x->edges[j].to;

				if (c != NULL && !seen[c->index]) {
					seen[c->index] = true;
					stack[sp++] = c;
				}
			}
		}
		/* A node nothing reached is in a cycle with no root above it. */
		size_t i;
		for (i = 0; i < g->nnodes; i++)
			if (!seen[i])
				break;
		if (i == g->nnodes)
			break;
		tops[n++] = &g->nodes[i];
		seen[i] = true;
		stack[sp++] = &g->nodes[i];
	}
	free(seen);
	free(stack);
	*ntops = n;
	return tops;
}

/* The graph does not change under a view model: its top level is found once. */
static struct graph_node **
vm_tops(struct viewmodel *vm, size_t *ntops)
{
	if (vm->tops == NULL)
		vm->tops = tree_tops(vm->graph, &vm->ntops);
	*ntops = vm->ntops;
	return vm->tops;
}

static const struct viewmodel *sort_vm;

static int
blocker_cmp(const void *a, const void *b)
{
	const struct graph_node *x = *(struct graph_node *const *)a;
	const struct graph_node *y = *(struct graph_node *const *)b;
	bool lx = node_leaf_blocker(sort_vm, x), ly = node_leaf_blocker(sort_vm, y);
	int sx = status_severity(sort_vm->own[x->index]);
	int sy = status_severity(sort_vm->own[y->index]);

	if (lx != ly)
		return lx ? -1 : 1;
	if (sx != sy)
		return sx > sy ? -1 : 1;
	return strcmp(x->dist->name, y->dist->name);
}

static void
build_rows(struct viewmodel *vm)
{
	const struct graph *g = vm->graph;
	struct graph_node **tops;
	size_t ntops = 0;
	bool *onpath;

	vm->nrows = 0;
	vm->truncated = false;
	node_data(vm);
	onpath = xcalloc(g->nnodes + 1, sizeof *onpath);
	switch (vm->view) {
	case VIEW_TREE:
		tops = vm_tops(vm, &ntops);
		for (size_t i = 0; i < ntops; i++)
			add_subtree(vm, tops[i], NULL, SIZE_MAX, 0, SEED_TREE, onpath);
		break;
	case VIEW_REVERSE:
		for (size_t i = 0; i < g->nnodes; i++)
			add_subtree(vm, &g->nodes[i], NULL, SIZE_MAX, 0, SEED_REVERSE, onpath);
		break;
	case VIEW_BLOCKERS:
		tops = xcalloc(g->nnodes + 1, sizeof *tops);
		for (size_t i = 0; i < g->nnodes; i++)
			tops[i] = &g->nodes[i];
		sort_vm = vm;
		if (g->nnodes > 1)
			qsort(tops, g->nnodes, sizeof *tops, blocker_cmp);
		sort_vm = NULL;
		for (size_t i = 0; i < g->nnodes; i++) {
			struct vm_row *r;

			if (!node_passes(vm, tops[i]))
				continue;
			r = add_row(vm);
			r->tag = vm_tag(SEED_BLOCKERS, tops[i]->dist->name);
			r->node = tops[i];
			r->own = r->status = vm->own[tops[i]->index];
			r->checking = vm->checking[tops[i]->index];
			r->leaf_blocker = node_leaf_blocker(vm, tops[i]);
			r->match = true;
		}
		free(tops);
		break;
	default:
		break;
	}
	free(onpath);
}

static void
set_cursor(struct viewmodel *vm, size_t row)
{
	if (vm->nrows == 0) {
		vm->cursor = 0;
		vm->cursor_tag = 0;
		return;
	}
	if (row >= vm->nrows)
		row = vm->nrows - 1;
	vm->cursor = row;
	vm->cursor_tag = vm->rows[row].tag;
}

static size_t
find_tag(const struct viewmodel *vm, uint64_t tag)
{
	for (size_t i = 0; i < vm->nrows; i++)
		if (vm->rows[i].tag == tag)
			return i;
	return SIZE_MAX;
}

static size_t
find_node(const struct viewmodel *vm, const struct graph_node *n)
{
	if (n == NULL)
		return SIZE_MAX;
	for (size_t i = 0; i < vm->nrows; i++)
		if (vm->rows[i].node == n)
			return i;
	return SIZE_MAX;
}

/* Rebuilds and puts the cursor back: on the same tag, else the nearest ancestor still
 * shown, else the same package anywhere, else the same line number. */
static void
rebuild_keep(struct viewmodel *vm, const struct graph_node *prefer)
{
	uint64_t chain[VM_MAX_DEPTH + 1];
	size_t nchain = 0, old = vm->cursor, at = SIZE_MAX;
	const struct graph_node *node = NULL;

	if (vm->cursor < vm->nrows) {
		size_t i = vm->cursor;

		node = vm->rows[i].node;
		while (i != SIZE_MAX && nchain < nitems(chain)) {
			chain[nchain++] = vm->rows[i].tag;
			i = vm->rows[i].parent;
		}
	} else if (vm->cursor_tag != 0)
		chain[nchain++] = vm->cursor_tag;
	build_rows(vm);
	if (prefer != NULL)
		at = find_node(vm, prefer);
	if (at == SIZE_MAX && nchain > 0)
		at = find_tag(vm, chain[0]);
	if (at == SIZE_MAX && node != NULL)
		at = find_node(vm, node);
	for (size_t j = 1; at == SIZE_MAX && j < nchain; j++)
		at = find_tag(vm, chain[j]);
	if (at == SIZE_MAX)
		at = old != SIZE_MAX ? old : 0;
	set_cursor(vm, at);
}

void
vm_rebuild(struct viewmodel *vm)
{
	rebuild_keep(vm, NULL);
}

const struct vm_row *
vm_current(const struct viewmodel *vm)
{
	return vm->cursor < vm->nrows ? &vm->rows[vm->cursor] : NULL;
}

void
vm_move(struct viewmodel *vm, long delta)
{
	long to = (long)vm->cursor + delta;

	if (vm->nrows == 0)
		return;
	if (to < 0)
		to = 0;
	set_cursor(vm, (size_t)to);
}

void
vm_move_to(struct viewmodel *vm, size_t row)
{
	set_cursor(vm, row);
}

void
vm_first(struct viewmodel *vm)
{
	set_cursor(vm, 0);
}

void
vm_last(struct viewmodel *vm)
{
	if (vm->nrows > 0)
		set_cursor(vm, vm->nrows - 1);
}

void
vm_fold(struct viewmodel *vm)
{
	const struct vm_row *r = vm_current(vm);

	if (r == NULL)
		return;
	if (r->has_children && r->expanded) {
		foldmap_set(vm->folds, r->tag, FOLD_CLOSED);
		vm_rebuild(vm);
	} else if (r->parent != SIZE_MAX)
		set_cursor(vm, r->parent);
}

void
vm_unfold(struct viewmodel *vm)
{
	const struct vm_row *r = vm_current(vm);

	if (r == NULL || !r->has_children)
		return;
	if (!r->expanded) {
		foldmap_set(vm->folds, r->tag, FOLD_OPEN);
		vm_rebuild(vm);
	} else if (vm->cursor + 1 < vm->nrows)
		set_cursor(vm, vm->cursor + 1);
}

void
vm_fold_all(struct viewmodel *vm)
{
	foldmap_clear(vm->folds);
	vm->open_depth[vm->view] = 0;
	vm_rebuild(vm);
}

void
vm_unfold_all(struct viewmodel *vm)
{
	foldmap_clear(vm->folds);
	vm->open_depth[vm->view] = VM_MAX_DEPTH;
	vm_rebuild(vm);
}

void
vm_set_view(struct viewmodel *vm, enum vm_view v)
{
	const struct vm_row *r = vm_current(vm);
	const struct graph_node *n = r != NULL ? r->node : NULL;

	vm->view = v;
	vm->cursor = SIZE_MAX;
	vm->cursor_tag = 0;
	rebuild_keep(vm, n);
	/* Blockers first is read from its top: the cursor kept on the package had them
	 * scrolled away. */
	if (v == VIEW_BLOCKERS) {
		set_cursor(vm, 0);
		return;
	}
	/* The reverse tree answers "who needs this?" for the package under the cursor. */
	r = vm_current(vm);
	if (v == VIEW_REVERSE && r != NULL && r->node == n && n != NULL &&
	    r->has_children && !r->expanded) {
		foldmap_set(vm->folds, r->tag, FOLD_OPEN);
		vm_rebuild(vm);
	}
}

void
vm_cycle_view(struct viewmodel *vm)
{
	vm_set_view(vm, (enum vm_view)((vm->view + 1) % VIEW_COUNT));
}

void
vm_set_filter(struct viewmodel *vm, enum vm_filter f)
{
	vm->filter = f;
	vm_rebuild(vm);
}

void
vm_cycle_filter(struct viewmodel *vm)
{
	vm_set_filter(vm, (enum vm_filter)((vm->filter + 1) % FILTER_COUNT));
}

/* --- search ------------------------------------------------------------------- */

static bool
contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return true;
	for (; *hay != '\0'; hay++) {
		size_t i;

		for (i = 0; i < n && hay[i] != '\0'; i++)
			if (tolower((unsigned char)hay[i]) != tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return true;
	}
	return false;
}

static bool
name_matches(const struct graph_node *n, const char *missing, const char *pattern,
    const char *normal)
{
	if (n == NULL)
		return missing != NULL && contains_nocase(missing, pattern);
	return contains_nocase(n->dist->name, normal) ||
	    (n->dist->display_name != NULL && contains_nocase(n->dist->display_name, pattern));
}

/* Depth-first over the whole tree (folds ignored, filter kept): the tags of the path to
 * the first node that matches and is not in rows now. */
static bool
find_hidden(struct viewmodel *vm, struct graph_node *n, const struct graph_edge *edge,
    uint64_t seed, unsigned depth, bool *onpath, const char *pattern, const char *normal,
    uint64_t *path, unsigned *npath, unsigned *budget)
{
	uint64_t tag;
	const struct graph_edge *ce;

	if (*budget == 0 || depth >= VM_MAX_DEPTH || !node_passes(vm, n))
		return false;
	(*budget)--;
	tag = vm_tag(seed, child_name(n, edge));
	path[depth] = tag;
	if (name_matches(n, edge != NULL ? edge->req->display_name : NULL, pattern, normal) &&
	    find_tag(vm, tag) == SIZE_MAX) {
		*npath = depth + 1;
		return true;
	}
	if (n == NULL || onpath[n->index])
		return false;
	onpath[n->index] = true;
	for (size_t i = 0; i < nchildren(vm, n); i++) {
		struct graph_node *c = child_at(vm, n, i, &ce);

		if (find_hidden(vm, c, ce, tag, depth + 1, onpath, pattern, normal, path,
		    npath, budget)) {
			onpath[n->index] = false;
			return true;
		}
	}
	onpath[n->index] = false;
	return false;
}

static bool
reveal(struct viewmodel *vm, const char *pattern, const char *normal)
{
	const struct graph *g = vm->graph;
	uint64_t path[VM_MAX_DEPTH];
	unsigned npath = 0, budget = 1000000;
	struct graph_node **tops;
	size_t ntops;
	bool *onpath, found = false;

	if (vm->view == VIEW_BLOCKERS)
		return false;
	onpath = xcalloc(g->nnodes + 1, sizeof *onpath);
	if (vm->view == VIEW_TREE)
		tops = vm_tops(vm, &ntops);
	else {
		ntops = g->nnodes;
		tops = NULL;
	}
	for (size_t i = 0; i < ntops && !found; i++)
		found = find_hidden(vm, tops != NULL ? tops[i] : &g->nodes[i], NULL,
		    vm->view == VIEW_TREE ? SEED_TREE : SEED_REVERSE, 0, onpath, pattern,
		    normal, path, &npath, &budget);
	free(onpath);
	if (!found)
		return false;
	for (unsigned i = 0; i + 1 < npath; i++)
		foldmap_set(vm->folds, path[i], FOLD_OPEN);
	build_rows(vm);
	set_cursor(vm, find_tag(vm, path[npath - 1]));
	return find_tag(vm, path[npath - 1]) != SIZE_MAX;
}

size_t
vm_search_count(const struct viewmodel *vm, size_t *nth)
{
	char *normal;
	size_t count = 0;

	*nth = 0;
	if (vm->search == NULL || *vm->search == '\0')
		return 0;
	normal = name_normalize(vm->search);
	for (size_t i = 0; i < vm->nrows; i++) {
		if (!name_matches(vm->rows[i].node, vm->rows[i].missing_name, vm->search, normal))
			continue;
		count++;
		if (i == vm->cursor)
			*nth = count;
	}
	free(normal);
	return count;
}

bool
vm_search_matches(const struct viewmodel *vm, size_t row)
{
	char *normal;
	bool m;

	if (vm->search == NULL || *vm->search == '\0' || row >= vm->nrows)
		return false;
	normal = name_normalize(vm->search);
	m = name_matches(vm->rows[row].node, vm->rows[row].missing_name, vm->search, normal);
	free(normal);
	return m;
}

bool
vm_search(struct viewmodel *vm, const char *pattern, bool forward)
{
	char *normal;
	bool found = false;

	if (pattern != NULL) {
		free(vm->search);
		vm->search = xstrdup(pattern);
	}
	if (vm->search == NULL || *vm->search == '\0' || vm->nrows == 0)
		return false;
	normal = name_normalize(vm->search);
	for (size_t k = 1; k <= vm->nrows; k++) {
		size_t i = forward ? (vm->cursor + k) % vm->nrows :
		    (vm->cursor + vm->nrows - k % vm->nrows) % vm->nrows;
		const struct vm_row *r = &vm->rows[i];

		if (name_matches(r->node, r->missing_name, vm->search, normal)) {
			set_cursor(vm, i);
			found = true;
			break;
		}
	}
	if (!found)
		found = reveal(vm, vm->search, normal);
	free(normal);
	return found;
}
