/* propagate.c: worst status per subtree, leaf blockers and blocker chains over the
 * dependency graph. Strongly connected components (iterative Tarjan) make cycles one
 * unit, so every node and edge is visited a constant number of times. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "propagate.h"
#include "strbuf.h"

/* Adjacency in compressed rows: children of i are adj[off[i] .. off[i + 1]). */
struct csr {
	size_t	*off;
	size_t	*adj;
};

/* Edges touching a cut node (an ignored package) are left out: it blocks nothing
 * above it and nothing reaches past it. */
static void
csr_build(const struct graph *g, bool reverse, const bool *cut, struct csr *c)
{
	size_t n = g->nnodes, m = 0, *fill;

	c->off = xcalloc(n + 1, sizeof *c->off);
	for (size_t i = 0; i < n; i++) {
		const struct graph_node *v = &g->nodes[i];

		for (size_t k = 0; k < v->nedges; k++) {
			if (v->edges[k].to == NULL || (cut != NULL && (cut[i] ||
			    cut[v->edges[k].to->index])))
				continue;
			c->off[(reverse ? v->edges[k].to->index : i) + 1]++;
			m++;
		}
	}
	for (size_t i = 0; i < n; i++)
		c->off[i + 1] += c->off[i];
	c->adj = xcalloc(m != 0 ? m : 1, sizeof *c->adj);
	fill = xcalloc(n + 1, sizeof *fill);
	memcpy(fill, c->off, (n + 1) * sizeof *fill);
	for (size_t i = 0; i < n; i++) {
		const struct graph_node *v = &g->nodes[i];

		for (size_t k = 0; k < v->nedges; k++) {
			size_t to;

			if (v->edges[k].to == NULL)
				continue;
			to = v->edges[k].to->index;
			if (cut != NULL && (cut[i] || cut[to]))
				continue;
			if (reverse)
				c->adj[fill[to]++] = i;
			else
				c->adj[fill[i]++] = to;
		}
	}
	free(fill);
}

static void
csr_free(struct csr *c)
{
	free(c->off);
	free(c->adj);
}

/* Tarjan's algorithm without recursion. comp[i] is the component of node i;
 * components are numbered in completion order, so every edge leads to a component
 * with a number no larger than its own: increasing order visits dependencies first. */
static size_t
scc(size_t n, const struct csr *c, size_t *comp)
{
	size_t *index = xcalloc(n, sizeof *index), *low = xcalloc(n, sizeof *low);
	size_t *stack = xcalloc(n, sizeof *stack), *call = xcalloc(n, sizeof *call);
	size_t *edge = xcalloc(n, sizeof *edge);
	bool *on = xcalloc(n, sizeof *on);
	size_t next_index = 1, sp = 0, cp, ncomp = 0;

	for (size_t root = 0; root < n; root++) {
		if (index[root] != 0)
			continue;
		cp = 0;
		call[cp++] = root;
		index[root] = low[root] = next_index++;
		edge[root] = c->off[root];
		stack[sp++] = root;
		on[root] = true;
		while (cp > 0) {
			size_t v = call[cp - 1];

			if (edge[v] < c->off[v + 1]) {
				size_t w = c->adj[edge[v]++];

				if (index[w] == 0) {
					index[w] = low[w] = next_index++;
					edge[w] = c->off[w];
					stack[sp++] = w;
					on[w] = true;
					call[cp++] = w;
				} else if (on[w] && index[w] < low[v])
					low[v] = index[w];
				continue;
			}
			if (low[v] == index[v]) {
				size_t w;

				do {
					w = stack[--sp];
					on[w] = false;
					comp[w] = ncomp;
				} while (w != v);
				ncomp++;
			}
			cp--;
			if (cp > 0 && low[v] < low[call[cp - 1]])
				low[call[cp - 1]] = low[v];
		}
	}
	free(index);
	free(low);
	free(stack);
	free(call);
	free(edge);
	free(on);
	return ncomp;
}

static bool
worse(enum ft_status a, enum ft_status b)
{
	return status_severity(a) > status_severity(b);
}

struct propagation *
propagate_compute(const struct graph *g, const enum ft_status *status)
{
	return propagate_compute_cut(g, status, NULL);
}

struct propagation *
propagate_compute_cut(const struct graph *g, const enum ft_status *status, const bool *cut)
{
	struct propagation *pr = xcalloc(1, sizeof *pr);
	size_t n = g->nnodes, ncomp, nleaf = 0, words;
	struct csr fwd, rev;
	size_t *comp, *leaf_id, *order, *queue, head = 0, tail = 0;
	enum ft_status *cworst;
	bool *cblocker, *cbelow;
	uint64_t *bits;

	pr->n = n;
	if (n == 0)
		return pr;
	pr->worst = xcalloc(n, sizeof *pr->worst);
	pr->leaf_blocker = xcalloc(n, sizeof *pr->leaf_blocker);
	pr->blocked_by = xcalloc(n, sizeof *pr->blocked_by);
	pr->nblocked_by = xcalloc(n, sizeof *pr->nblocked_by);
	pr->next = xcalloc(n, sizeof *pr->next);
	pr->hops = xcalloc(n, sizeof *pr->hops);

	csr_build(g, false, cut, &fwd);
	csr_build(g, true, cut, &rev);
	comp = xcalloc(n, sizeof *comp);
	ncomp = scc(n, &fwd, comp);

	/* Members of each component, components in dependency-first order. */
	{
		size_t *count = xcalloc(ncomp + 1, sizeof *count);

		order = xcalloc(n, sizeof *order);
		for (size_t i = 0; i < n; i++)
			count[comp[i] + 1]++;
		for (size_t c = 0; c < ncomp; c++)
			count[c + 1] += count[c];
		for (size_t i = 0; i < n; i++)
			order[count[comp[i]]++] = i;
		free(count);
	}

	/* Worst status and "a blocker strictly below" per component. */
	cworst = xcalloc(ncomp, sizeof *cworst);
	cblocker = xcalloc(ncomp, sizeof *cblocker);
	cbelow = xcalloc(ncomp, sizeof *cbelow);
	for (size_t k = 0; k < n;) {
		size_t c = comp[order[k]], start = k;
		bool first = true;

		for (; k < n && comp[order[k]] == c; k++) {
			size_t v = order[k];

			if (first || worse(status[v], cworst[c]))
				cworst[c] = status[v];
			first = false;
			if (status_is_blocker(status[v]))
				cblocker[c] = true;
			for (size_t e = fwd.off[v]; e < fwd.off[v + 1]; e++) {
				size_t d = comp[fwd.adj[e]];

				if (d == c)
					continue;
				if (worse(cworst[d], cworst[c]))
					cworst[c] = cworst[d];
				if (cblocker[d] || cbelow[d])
					cbelow[c] = true;
			}
		}
		for (size_t m = start; m < k; m++) {
			size_t v = order[m];

			pr->worst[v] = worse(cworst[c], status[v]) ? cworst[c] : status[v];
			pr->leaf_blocker[v] = status_is_blocker(status[v]) && !cbelow[c];
		}
	}

	/* blocked_by: a bit set of leaf blockers per component, merged upwards. */
	leaf_id = xcalloc(n, sizeof *leaf_id);
	for (size_t i = 0; i < n; i++)
		leaf_id[i] = pr->leaf_blocker[i] ? nleaf++ : PROPAGATE_NONE;
	if (nleaf > 0) {
		size_t *leaves = xcalloc(nleaf, sizeof *leaves);

		for (size_t i = 0; i < n; i++) {
			if (leaf_id[i] != PROPAGATE_NONE)
				leaves[leaf_id[i]] = i;
		}
		words = (nleaf + 63) / 64;
		bits = xcalloc(ncomp * words, sizeof *bits);
		for (size_t k = 0; k < n;) {
			size_t c = comp[order[k]];
			uint64_t *b = bits + c * words;

			for (; k < n && comp[order[k]] == c; k++) {
				size_t v = order[k];

				if (leaf_id[v] != PROPAGATE_NONE)
					b[leaf_id[v] / 64] |= (uint64_t)1 << (leaf_id[v] % 64);
				for (size_t e = fwd.off[v]; e < fwd.off[v + 1]; e++) {
					size_t d = comp[fwd.adj[e]];
					const uint64_t *bd = bits + d * words;

					if (d != c) {
						for (size_t w = 0; w < words; w++)
							b[w] |= bd[w];
					}
				}
			}
		}
		for (size_t i = 0; i < n; i++) {
			const uint64_t *b = bits + comp[i] * words;
			size_t cnt = 0;

			for (size_t l = 0; l < nleaf; l++) {
				if ((b[l / 64] >> (l % 64) & 1) && leaves[l] != i)
					cnt++;
			}
			if (cnt == 0)
				continue;
			pr->blocked_by[i] = xcalloc(cnt, sizeof **pr->blocked_by);
			for (size_t l = 0; l < nleaf; l++) {
				if ((b[l / 64] >> (l % 64) & 1) && leaves[l] != i)
					pr->blocked_by[i][pr->nblocked_by[i]++] = leaves[l];
			}
		}
		free(bits);
		free(leaves);
	}

	/* Shortest paths down to a leaf blocker: breadth-first from every leaf blocker
	 * along the reversed edges. */
	queue = xcalloc(n, sizeof *queue);
	for (size_t i = 0; i < n; i++) {
		pr->next[i] = PROPAGATE_NONE;
		pr->hops[i] = PROPAGATE_NONE;
		if (pr->leaf_blocker[i]) {
			pr->hops[i] = 0;
			queue[tail++] = i;
		}
	}
	while (head < tail) {
		size_t u = queue[head++];

		for (size_t e = rev.off[u]; e < rev.off[u + 1]; e++) {
			size_t p = rev.adj[e];

			if (pr->hops[p] != PROPAGATE_NONE)
				continue;
			pr->hops[p] = pr->hops[u] + 1;
			pr->next[p] = u;
			queue[tail++] = p;
		}
	}

	free(queue);
	free(leaf_id);
	free(cworst);
	free(cblocker);
	free(cbelow);
	free(order);
	free(comp);
	csr_free(&fwd);
	csr_free(&rev);
	return pr;
}

void
propagate_free(struct propagation *pr)
{
	if (pr == NULL)
		return;
	for (size_t i = 0; i < pr->n; i++)
		free(pr->blocked_by[i]);
	free(pr->worst);
	free(pr->leaf_blocker);
	free(pr->blocked_by);
	free(pr->nblocked_by);
	free(pr->next);
	free(pr->hops);
	free(pr);
}

char *
propagate_chain(const struct propagation *pr, const struct graph *g, size_t node)
{
	return propagate_chain_marked(pr, g, node, NULL);
}

/* A package's name in a chain, "(ignored)" after it when marked. */
static void
chain_name(struct strbuf *sb, const struct graph *g, size_t v, const bool *marked)
{
	strbuf_addstr(sb, graph_node_display(g, v));
	if (marked != NULL && marked[v])
		strbuf_addstr(sb, " (ignored)");
}

char *
propagate_chain_marked(const struct propagation *pr, const struct graph *g, size_t node,
    const bool *marked)
{
	enum { RING = PROPAGATE_CHAIN_HEAD + 1 };
	struct strbuf sb = STRBUF_INIT;
	/* The last RING packages of the walk down from node, the leaf blocker last: the
	 * sentence starts with them. */
	size_t tail[RING], len = 0, shown;

	if (node >= pr->n || pr->hops[node] == PROPAGATE_NONE || pr->hops[node] == 0)
		return NULL;
	for (size_t v = node; v != PROPAGATE_NONE; v = pr->next[v])
		tail[len++ % RING] = v;
	/* UP(k): the k-th package up from the leaf blocker (k < RING, k < len). */
#define UP(k) tail[(len - 1 - (k)) % RING]
	/* A chain of 10,004 packages carried whole by each one above it made export
	 * write 1.1 GB: the middle of a long one is counted, not named (when that saves
	 * more than one name). Each package by the installed distribution's own name. */
	shown = len <= PROPAGATE_CHAIN_HEAD + 2 ? len - 1 : PROPAGATE_CHAIN_HEAD;
	chain_name(&sb, g, UP(0), marked);
	strbuf_addstr(&sb, " blocks ");
	chain_name(&sb, g, UP(1), marked);
	for (size_t k = 2; k < shown; k++) {
		strbuf_addstr(&sb, ", which blocks ");
		chain_name(&sb, g, UP(k), marked);
	}
	if (shown < len - 1) {
		strbuf_addf(&sb, ", ... and %zu more, which blocks ", len - 1 - shown);
		chain_name(&sb, g, node, marked);
	} else if (len > 2) {
		strbuf_addstr(&sb, ", which blocks ");
		chain_name(&sb, g, node, marked);
	}
#undef UP
	return strbuf_detach(&sb, NULL);
}
