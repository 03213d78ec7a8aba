/* graph.c: the dependency graph of an environment: requirements evaluated for
 * the interpreter's markers, extras propagated to a fixpoint, one edge per child name,
 * parents, and roots chosen so that every node hangs under one. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "graph.h"
#include "strbuf.h"
#include "util.h"

/* One parsed requirement of a node and what activated it. */
struct greq {
	struct req	*req;
	bool		 owned;		/* parsed here, not borrowed from the dist */
	struct graph_node *child;	/* the installed child, NULL when missing */
	bool		 uses_extra;	/* its marker mentions "extra" */
	bool		 active;	/* holds for some active extra, or for none */
	bool		 plain;		/* holds with extra "" (no extra needed) */
	struct strlist	 from;		/* extras that made it hold when !plain */
};

struct gnode {
	struct greq	*reqs;
	size_t		 nreqs;
	size_t		 extras_done;	/* active_extras already evaluated */
	bool		 queued;
	bool		 reached;
};

/* The graph and its private state; g comes first so that a struct graph * is one. */
struct graph_impl {
	struct graph		 g;
	struct gnode		*gn;
	struct greq		*allreqs;	/* every node's greqs, one allocation */
	struct graph_edge	*alledges;
	struct graph_node	**allparents;
	struct graph_node	**byname;	/* nodes sorted by name */
	struct graph_node	**hash;		/* open addressing on the name */
	size_t			 hmask;
	struct req		**merged;	/* requirements made by merging, owned */
	size_t			 nmerged;
};

static int
cmp_node_name(const void *a, const void *b)
{
	const struct graph_node *x = *(struct graph_node *const *)a;
	const struct graph_node *y = *(struct graph_node *const *)b;

	return strcmp(x->dist->name, y->dist->name);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static struct graph_node *
lookup(const struct graph_impl *gi, const char *name)
{
	struct graph_node *n;

	if (gi->hash == NULL)
		return NULL;
	for (size_t i = str_hash(name) & gi->hmask;; i = (i + 1) & gi->hmask) {
		n = gi->hash[i];
		if (n == NULL || strcmp(n->dist->name, name) == 0)
			return n;
	}
}

/* Environments list a name once; should one come twice, the first stays. */
static void
hash_build(struct graph_impl *gi)
{
	size_t size = 16;

	while (size < 2 * gi->g.nnodes)
		size *= 2;
	gi->hash = xcalloc(size, sizeof *gi->hash);
	gi->hmask = size - 1;
	for (size_t k = 0; k < gi->g.nnodes; k++) {
		struct graph_node *n = &gi->g.nodes[k];
		size_t i = str_hash(n->dist->name) & gi->hmask;

		while (gi->hash[i] != NULL && strcmp(gi->hash[i]->dist->name, n->dist->name) != 0)
			i = (i + 1) & gi->hmask;
		if (gi->hash[i] == NULL)
			gi->hash[i] = n;
	}
}

const char *
graph_edge_unmet(const struct graph_edge *e)
{
	if (e->req->specifier != NULL && *e->req->specifier != '\0')
		return e->req->specifier;
	return "no installed version";
}

struct graph_node *
graph_find(const struct graph *g, const char *name)
{
	const struct graph_impl *gi = (const struct graph_impl *)g;
	struct graph_node *n;
	char *norm;

	n = lookup(gi, name);
	if (n == NULL) {
		norm = name_normalize(name);
		n = lookup(gi, norm);
		free(norm);
	}
	return n;
}

static void
parse_reqs(struct graph_impl *gi, struct graph_node *n, struct gnode *gn, struct greq *slots)
{
	const struct dist *d = n->dist;
	const struct strlist *rd = &d->requires_dist;
	struct req *r;
	char *cause;

	gn->reqs = slots;
	for (size_t i = 0; i < rd->n; i++) {
		cause = NULL;
		if (d->reqs != NULL) {
			r = d->reqs[i];
			if (r == NULL && d->req_causes[i] != NULL)
				cause = xstrdup(d->req_causes[i]);
		} else
			r = req_parse(rd->v[i], &cause);
		if (r == NULL) {
			/* req_parse's cause quotes the text already. */
			if (cause != NULL && str_starts_with(cause, "invalid requirement"))
				strlist_push(&n->req_errors, cause);
			else
				strlist_push_owned(&n->req_errors, xprintf("invalid requirement "
				    "'%s': %s", rd->v[i], cause != NULL ? cause : "does not parse"));
			free(cause);
			continue;
		}
		gn->reqs[gn->nreqs].req = r;
		gn->reqs[gn->nreqs].owned = d->reqs == NULL;
		gn->reqs[gn->nreqs].child = lookup(gi, r->name);
		gn->reqs[gn->nreqs].uses_extra = r->marker != NULL && marker_uses_extra(r->marker);
		gn->nreqs++;
	}
}

/*
 * Parsing the requirement strings is most of building a graph (2,000 distributions
 * carry 7,000 of them: 5 ms on one core). env's scan parses them as it reads
 * (meta_parse_requires); what is left (distributions made by hand) is parsed here, on
 * a few threads when there is much: each node's are independent. Nodes are handed out
 * in batches from a shared cursor.
 */
#define GRAPH_MAX_THREADS	4
#define GRAPH_THREAD_MIN	1024	/* requirement strings */
#define GRAPH_BATCH		32	/* nodes */

struct parse_work {
	struct graph_impl	*gi;
	size_t			*first;		/* per node: its first slot in allreqs */
	size_t			 next;
	pthread_mutex_t		 lock;
};

static void *
parse_worker(void *arg)
{
	struct parse_work *w = arg;
	struct graph_impl *gi = w->gi;

	for (;;) {
		size_t start, end;

		pthread_mutex_lock(&w->lock);
		start = w->next;
		w->next += GRAPH_BATCH;
		pthread_mutex_unlock(&w->lock);
		if (start >= gi->g.nnodes)
			break;
		end = start + GRAPH_BATCH < gi->g.nnodes ? start + GRAPH_BATCH : gi->g.nnodes;
		for (size_t i = start; i < end; i++)
			parse_reqs(gi, &gi->g.nodes[i], &gi->gn[i], gi->allreqs + w->first[i]);
	}
	return NULL;
}

static void
parse_all(struct graph_impl *gi)
{
	struct parse_work w = { gi, NULL, 0, PTHREAD_MUTEX_INITIALIZER };
	pthread_t tids[GRAPH_MAX_THREADS];
	size_t nthreads = 0, want = 1, sum = 0, todo = 0;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	w.first = xcalloc(gi->g.nnodes, sizeof *w.first);
	for (size_t i = 0; i < gi->g.nnodes; i++) {
		const struct dist *d = gi->g.nodes[i].dist;

		w.first[i] = sum;
		sum += d->requires_dist.n;
		if (d->reqs == NULL)
			todo += d->requires_dist.n;
	}
	if (todo >= GRAPH_THREAD_MIN && ncpu > 1)
		want = (size_t)ncpu < GRAPH_MAX_THREADS ? (size_t)ncpu : GRAPH_MAX_THREADS;
	for (size_t i = 1; i < want; i++) {
		if (pthread_create(&tids[nthreads], NULL, parse_worker, &w) != 0)
			break;
		nthreads++;
	}
	parse_worker(&w);
	for (size_t i = 0; i < nthreads; i++)
		pthread_join(tids[i], NULL);
	pthread_mutex_destroy(&w.lock);
	free(w.first);
}

/* A requirement became active: its extras become active on the child, which is queued
 * again if that gave it anything new. */
static void
activate(struct graph_impl *gi, struct greq *q, struct graph_node **queue, size_t *nq)
{
	struct graph_node *child;
	bool grew = false;

	q->active = true;
	child = q->child;
	if (q->req->extras.n == 0 || child == NULL)
		return;
	for (size_t i = 0; i < q->req->extras.n; i++) {
		if (!strlist_contains(&child->active_extras, q->req->extras.v[i])) {
			strlist_push(&child->active_extras, q->req->extras.v[i]);
			grew = true;
		}
	}
	if (grew && !gi->gn[child->index].queued) {
		gi->gn[child->index].queued = true;
		queue[(*nq)++] = child;
	}
}

/* Evaluates every requirement for "" and each active extra until nothing new turns on.
 * Extras only accumulate and are finite, so this ends, cycles included. */
static void
propagate(struct graph_impl *gi)
{
	const struct marker_env *menv = &gi->g.env->markers;
	struct graph_node **queue;
	struct graph_node *n;
	struct gnode *gn;
	struct greq *q;
	size_t nq = 0;

	if (gi->g.nnodes == 0)
		return;
	/* A node is in the queue at most once at a time, so nnodes slots suffice. */
	queue = xcalloc(gi->g.nnodes, sizeof *queue);
	for (size_t i = 0; i < gi->g.nnodes; i++) {
		gn = &gi->gn[i];
		for (size_t j = 0; j < gn->nreqs; j++) {
			q = &gn->reqs[j];
			if (q->req->marker == NULL || marker_eval(q->req->marker, menv, "")) {
				q->plain = true;
				activate(gi, q, queue, &nq);
			}
		}
	}
	while (nq > 0) {
		n = queue[--nq];
		gn = &gi->gn[n->index];
		gn->queued = false;
		for (; gn->extras_done < n->active_extras.n; gn->extras_done++) {
			const char *x = n->active_extras.v[gn->extras_done];

			for (size_t j = 0; j < gn->nreqs; j++) {
				q = &gn->reqs[j];
				if (q->plain || !q->uses_extra)
					continue;
				if (!marker_eval(q->req->marker, menv, x))
					continue;
				if (!strlist_contains(&q->from, x))
					strlist_push(&q->from, x);
				if (!q->active)
					activate(gi, q, queue, &nq);
			}
		}
	}
	free(queue);
}

static void
add_unique_clauses(struct strlist *clauses, const char *spec)
{
	char *copy, *p, *tok;

	copy = p = xstrdup(spec);
	while ((tok = strsep(&p, ",")) != NULL) {
		tok = str_trim(tok);
		if (*tok != '\0' && !strlist_contains(clauses, tok))
			strlist_push(clauses, tok);
	}
	free(copy);
}

/* Several active requirements name the same child (different markers, or a base and an
 * extra): one edge whose specifier is the intersection, whose extras are the union and
 * whose marker is the disjunction (none when one of them has none). It is written out
 * and parsed again so that the result is an ordinary requirement. */
static struct req *
merge_reqs(struct graph_impl *gi, struct greq **group, size_t n)
{
	struct strlist extras = STRLIST_INIT, clauses = STRLIST_INIT, markers = STRLIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	const char *url = NULL;
	bool unconditional = false;
	struct req *r;
	char *text, *cause = NULL;

	for (size_t i = 0; i < n; i++) {
		struct req *q = group[i]->req;

		for (size_t j = 0; j < q->extras.n; j++)
			if (!strlist_contains(&extras, q->extras.v[j]))
				strlist_push(&extras, q->extras.v[j]);
		add_unique_clauses(&clauses, q->specifier);
		if (url == NULL)
			url = q->url;
		if (q->marker_text == NULL)
			unconditional = true;
		else if (!strlist_contains(&markers, q->marker_text))
			strlist_push(&markers, q->marker_text);
	}
	if (extras.n > 1)
		qsort(extras.v, extras.n, sizeof *extras.v, cmp_str);

	strbuf_addstr(&sb, group[0]->req->name);
	if (extras.n > 0) {
		strbuf_addch(&sb, '[');
		for (size_t i = 0; i < extras.n; i++)
			strbuf_addf(&sb, "%s%s", i > 0 ? "," : "", extras.v[i]);
		strbuf_addch(&sb, ']');
	}
	if (url != NULL)
		strbuf_addf(&sb, " @ %s ", url);
	else
		for (size_t i = 0; i < clauses.n; i++)
			strbuf_addf(&sb, "%s%s", i > 0 ? "," : "", clauses.v[i]);
	if (!unconditional && markers.n > 0) {
		strbuf_addstr(&sb, "; ");
		if (markers.n == 1)
			strbuf_addstr(&sb, markers.v[0]);
		else
			for (size_t i = 0; i < markers.n; i++)
				strbuf_addf(&sb, "%s(%s)", i > 0 ? " or " : "", markers.v[i]);
	}
	text = strbuf_detach(&sb, NULL);
	r = req_parse(text, &cause);
	free(text);
	free(cause);
	strlist_clear(&extras);
	strlist_clear(&clauses);
	strlist_clear(&markers);
	if (r == NULL)
		return group[0]->req;	/* cannot happen with parts that parsed; stay usable */
	free(r->display_name);
	r->display_name = xstrdup(group[0]->req->display_name);
	gi->merged = xreallocarray(gi->merged, gi->nmerged + 1, sizeof *gi->merged);
	gi->merged[gi->nmerged++] = r;
	return r;
}

/* Turns the active requirements of n into edges, one per child name, in the order of
 * their first requirement line. */
static void
make_edges(struct graph_impl *gi, struct graph_node *n, struct graph_edge *slots,
    struct greq **group, bool *done)
{
	struct gnode *gn = &gi->gn[n->index];
	struct graph_edge *e;
	size_t ng;

	if (gn->nreqs == 0)
		return;
	n->edges = slots;
	memset(done, 0, gn->nreqs * sizeof *done);
	for (size_t i = 0; i < gn->nreqs; i++) {
		bool plain;

		if (!gn->reqs[i].active || done[i])
			continue;
		ng = 0;
		for (size_t j = i; j < gn->nreqs; j++) {
			if (gn->reqs[j].active && !done[j] &&
			    strcmp(gn->reqs[j].req->name, gn->reqs[i].req->name) == 0) {
				group[ng++] = &gn->reqs[j];
				done[j] = true;
			}
		}
		e = &n->edges[n->nedges++];
		e->req = ng == 1 ? group[0]->req : merge_reqs(gi, group, ng);
		plain = false;
		for (size_t j = 0; j < ng; j++)
			plain = plain || group[j]->plain;
		if (!plain) {
			for (size_t j = 0; j < ng; j++)
				for (size_t k = 0; k < group[j]->from.n; k++)
					if (!strlist_contains(&e->from_extras, group[j]->from.v[k]))
						strlist_push(&e->from_extras, group[j]->from.v[k]);
			if (e->from_extras.n > 1)
				qsort(e->from_extras.v, e->from_extras.n, sizeof *e->from_extras.v,
				    cmp_str);
		}
		e->to = group[0]->child;
		e->satisfied = e->to != NULL && e->to->dist->version != NULL &&
		    pep440_specset_contains(e->req->spec, e->to->dist->version, true);
	}
}

static void
link_parents(struct graph_impl *gi)
{
	struct graph *g = &gi->g;
	size_t *count = xcalloc(g->nnodes, sizeof *count), total = 0;

	for (size_t i = 0; i < g->nnodes; i++)
		for (size_t j = 0; j < g->nodes[i].nedges; j++)
			if (g->nodes[i].edges[j].to != NULL)
				count[g->nodes[i].edges[j].to->index]++;
	for (size_t i = 0; i < g->nnodes; i++)
		total += count[i];
	if (total > 0)
		gi->allparents = xcalloc(total, sizeof *gi->allparents);
	total = 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		if (count[i] > 0)
			g->nodes[i].parents = gi->allparents + total;
		total += count[i];
	}
	for (size_t i = 0; i < g->nnodes; i++) {
		for (size_t j = 0; j < g->nodes[i].nedges; j++) {
			struct graph_node *to = g->nodes[i].edges[j].to;

			if (to != NULL)
				to->parents[to->nparents++] = &g->nodes[i];
		}
	}
	free(count);
}

static void
mark_reached(struct graph_impl *gi, struct graph_node *start, struct graph_node **stack)
{
	size_t sp = 0;

	if (gi->gn[start->index].reached)
		return;
	gi->gn[start->index].reached = true;
	stack[sp++] = start;
	while (sp > 0) {
		struct graph_node *n = stack[--sp];

		for (size_t j = 0; j < n->nedges; j++) {
			struct graph_node *to = n->edges[j].to;

			if (to != NULL && !gi->gn[to->index].reached) {
				gi->gn[to->index].reached = true;
				stack[sp++] = to;
			}
		}
	}
}

/* Roots are the nodes that no other node requires (requiring oneself, as "pkg[all]"
 * does, does not count). Nodes left unreachable from them sit on cycles: the first of
 * each by name becomes a root too, so that every node hangs under some root. */
static void
find_roots(struct graph_impl *gi)
{
	struct graph *g = &gi->g;
	struct graph_node **stack;

	if (g->nnodes == 0)
		return;
	g->roots = xcalloc(g->nnodes, sizeof *g->roots);
	stack = xcalloc(g->nnodes, sizeof *stack);
	for (size_t k = 0; k < g->nnodes; k++) {
		struct graph_node *n = gi->byname[k];
		bool required = false;

		for (size_t j = 0; j < n->nparents && !required; j++)
			required = n->parents[j] != n;
		if (!required) {
			n->is_root = true;
			g->roots[g->nroots++] = n;
			mark_reached(gi, n, stack);
		}
	}
	for (size_t k = 0; k < g->nnodes; k++) {
		struct graph_node *n = gi->byname[k];

		if (!gi->gn[n->index].reached) {
			n->is_root = true;
			g->roots[g->nroots++] = n;
			mark_reached(gi, n, stack);
		}
	}
	free(stack);
	qsort(g->roots, g->nroots, sizeof *g->roots, cmp_node_name);
}

struct graph *
graph_build(struct environment *env)
{
	struct graph_impl *gi = xcalloc(1, sizeof *gi);
	struct graph *g = &gi->g;
	size_t total = 0, maxreqs = 0;
	struct greq **group = NULL;
	bool *done = NULL;

	g->env = env;
	g->nnodes = env->ndists;
	if (g->nnodes == 0)
		return g;
	g->nodes = xcalloc(g->nnodes, sizeof *g->nodes);
	gi->gn = xcalloc(g->nnodes, sizeof *gi->gn);
	gi->byname = xcalloc(g->nnodes, sizeof *gi->byname);
	for (size_t i = 0; i < g->nnodes; i++) {
		g->nodes[i].dist = env->dists[i];
		g->nodes[i].index = i;
		gi->byname[i] = &g->nodes[i];
	}
	qsort(gi->byname, g->nnodes, sizeof *gi->byname, cmp_node_name);
	hash_build(gi);
	for (size_t i = 0; i < g->nnodes; i++) {
		total += env->dists[i]->requires_dist.n;
		if (env->dists[i]->requires_dist.n > maxreqs)
			maxreqs = env->dists[i]->requires_dist.n;
	}
	if (total > 0) {
		gi->allreqs = xcalloc(total, sizeof *gi->allreqs);
		gi->alledges = xcalloc(total, sizeof *gi->alledges);
		group = xcalloc(maxreqs, sizeof *group);
		done = xcalloc(maxreqs, sizeof *done);
	}
	if (total > 0)
		parse_all(gi);
	propagate(gi);
	total = 0;
	for (size_t i = 0; i < g->nnodes; i++) {
		make_edges(gi, &g->nodes[i], gi->alledges + total, group, done);
		total += gi->gn[i].nreqs;
	}
	free(group);
	free(done);
	link_parents(gi);
	find_roots(gi);
	return g;
}

void
graph_free(struct graph *g)
{
	struct graph_impl *gi = (struct graph_impl *)g;

	if (g == NULL)
		return;
	for (size_t i = 0; i < g->nnodes; i++) {
		struct graph_node *n = &g->nodes[i];
		struct gnode *gn = &gi->gn[i];

		for (size_t j = 0; j < n->nedges; j++)
			strlist_clear(&n->edges[j].from_extras);
		strlist_clear(&n->active_extras);
		strlist_clear(&n->req_errors);
		for (size_t j = 0; j < gn->nreqs; j++) {
			if (gn->reqs[j].owned)
				req_free(gn->reqs[j].req);
			strlist_clear(&gn->reqs[j].from);
		}
	}
	free(gi->allreqs);
	free(gi->alledges);
	free(gi->allparents);
	free(gi->hash);
	for (size_t i = 0; i < gi->nmerged; i++)
		req_free(gi->merged[i]);
	free(gi->merged);
	free(gi->byname);
	free(gi->gn);
	free(g->nodes);
	free(g->roots);
	free(gi);
}

const char *
graph_node_name(const struct graph *g, size_t i)
{
	const struct dist *d = g->nodes[i].dist;

	return d != NULL && d->name != NULL ? d->name : "?";
}

const char *
graph_node_display(const struct graph *g, size_t i)
{
	const struct dist *d = g->nodes[i].dist;

	if (d != NULL && d->display_name != NULL)
		return d->display_name;
	return graph_node_name(g, i);
}
