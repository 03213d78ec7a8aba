/* loop.c: the sources of background work around fetch_run_once (see loop.h). Sources
 * come and go from inside their own callbacks, so removal only marks a slot and the
 * slots are compacted between turns. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "loop.h"
#include "util.h"

/* Descriptors one source may wait on in a turn: a child's stdout and stderr, a
 * thread's pipe; a handful is plenty. */
#define LOOP_FDS_PER_SOURCE 4

struct loop_slot {
	struct loop_source	 src;
	unsigned		 id;
	bool			 live;
	unsigned		 first, n;	/* its descriptors in this turn's array */
};

struct loop {
	struct fetch		*fetch;
	struct loop_slot	*slots;
	unsigned		 nslots, alloc;
	unsigned		 next_id;
};

struct loop *
loop_new(struct fetch *f)
{
	struct loop *l = xcalloc(1, sizeof *l);

	l->fetch = f;
	l->next_id = 1;
	return l;
}

void
loop_free(struct loop *l)
{
	if (l == NULL)
		return;
	free(l->slots);
	free(l);
}

unsigned
loop_add(struct loop *l, const struct loop_source *s)
{
	struct loop_slot *slot;

	if (l->nslots == l->alloc) {
		l->alloc = l->alloc == 0 ? 8 : l->alloc * 2;
		l->slots = xreallocarray(l->slots, l->alloc, sizeof *l->slots);
	}
	slot = &l->slots[l->nslots++];
	memset(slot, 0, sizeof *slot);
	slot->src = *s;
	slot->id = l->next_id++;
	slot->live = true;
	return slot->id;
}

void
loop_remove(struct loop *l, unsigned id)
{
	for (unsigned i = 0; i < l->nslots; i++)
		if (l->slots[i].id == id)
			l->slots[i].live = false;
}

unsigned
loop_count(const struct loop *l)
{
	unsigned n = 0;

	for (unsigned i = 0; i < l->nslots; i++)
		n += l->slots[i].live;
	return n;
}

static void
loop_compact(struct loop *l)
{
	unsigned j = 0;

	for (unsigned i = 0; i < l->nslots; i++)
		if (l->slots[i].live)
			l->slots[j++] = l->slots[i];
	l->nslots = j;
}

bool
loop_turn(struct loop *l, struct curl_waitfd *extra, unsigned nextra, int timeout_ms)
{
	struct curl_waitfd *fds;
	unsigned nfds = nextra, nslots;
	bool changed = false;

	loop_compact(l);
	nslots = l->nslots;
	fds = xreallocarray(NULL, (size_t)nextra + (size_t)nslots * LOOP_FDS_PER_SOURCE + 1,
	    sizeof *fds);
	if (nextra > 0)
		memcpy(fds, extra, nextra * sizeof *fds);
	for (unsigned i = 0; i < nslots; i++) {
		struct loop_slot *s = &l->slots[i];
		long due;

		s->first = nfds;
		s->n = s->src.fds != NULL ?
		    s->src.fds(s->src.arg, fds + nfds, LOOP_FDS_PER_SOURCE) : 0;
		if (s->n > LOOP_FDS_PER_SOURCE)
			fatal("loop source gave %u descriptors", s->n);
		nfds += s->n;
		if (s->src.timeout_ms != NULL && (due = s->src.timeout_ms(s->src.arg)) >= 0 &&
		    due < timeout_ms)
			timeout_ms = (int)due;
	}
	fetch_run_once(l->fetch, fds, nfds, timeout_ms);
	if (nextra > 0)
		memcpy(extra, fds, nextra * sizeof *fds);
	/* Only the sources that were there before the wait run; ones added by a callback
	 * wait for the next turn, when their descriptors are in the array. */
	for (unsigned i = 0; i < nslots; i++) {
		/* A copy: a callback's loop_add may move the array. */
		struct loop_slot s = l->slots[i];

		if (l->slots[i].live && s.src.run(s.src.arg, fds + s.first, s.n))
			changed = true;
	}
	free(fds);
	return changed;
}
