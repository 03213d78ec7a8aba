/* title.c: the title view, two rows on top: where the environment is, the targets,
 * progress while answers come in, then the count of each status and the view shown. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "sanitize.h"
#include "state.h"
#include "text.h"
#include "title.h"
#include "view.h"

/* Counts by status; packages the team decided to ignore are left out (and counted in
 * *ignored, which the header says). */
static void
get_counts(const struct app *app, size_t counts[ST_COUNT], size_t *ignored)
{
	struct strlist ign = STRLIST_INIT;

	*ignored = 0;
	if (app->check != NULL)
		check_counts(app->check, counts);
	else {
		memset(counts, 0, ST_COUNT * sizeof counts[0]);
		counts[ST_UNKNOWN] = app->graph->nnodes;
	}
	/* The state's ignored packages, not every node: this runs each frame, and asking
	 * the state about each of 20,000 nodes made a keypress cost 5 ms. */
	state_decided(app->state, DECISION_IGNORE, &ign);
	for (size_t i = 0; i < ign.n; i++) {
		const struct graph_node *n = graph_find(app->graph, ign.v[i]);
		enum ft_status s = ST_UNKNOWN;
		bool checking;

		if (n == NULL)
			continue;	/* decided on, not installed here */
		if (app->check != NULL)
			s = vm_node_status(app->vm, n, &checking);
		if (counts[s] > 0)
			counts[s]--;
		(*ignored)++;
	}
	strlist_clear(&ign);
}

/* A status's count in the header: glyph, count and word, or just glyph and count. */
static char *
count_item(int s, size_t count, bool compact)
{
	if (compact)
		return xprintf("%s%zu", text_glyph((enum ft_status)s), count);
	return xprintf("%s %zu %s", text_glyph((enum ft_status)s), count,
	    status_name((enum ft_status)s));
}

static void
title_draw(struct view *v)
{
	struct app *app = v->app;
	int y = v->rect.y, x0 = v->rect.x;
	const struct environment *e = app->env;
	struct strbuf sb = STRBUF_INIT;
	size_t counts[ST_COUNT], done = 0, total = app->graph->nnodes, ignored, nsnap = 0;
	char *where, *impl, *line, *right;
	int x, rw, w = v->rect.w;
	bool compact;
	attr_t attr;
	short pair;

	where = text_home_short(e->prefix);
	impl = xstrdup(e->implementation != NULL ? e->implementation : "python");
	if (strcmp(impl, "cpython") == 0) {
		free(impl);
		impl = xstrdup("CPython");
	}
	if (app->check != NULL && app->snapshot != NULL) {
		for (size_t i = 0; i < app->check->npkgs; i++)
			if (app->check->pkgs[i].state == CHECK_DONE &&
			    app->check->pkgs[i].verdicts[0].source == VS_SNAPSHOT)
				nsnap++;
	}
	/* Two tries: the full line, then one that drops words before facts (the
	 * implementation's name, "from the ... of"), so that the snapshot's date and the
	 * targets stay at 80 columns. */
	for (int shortened = 0; shortened < 2; shortened++) {
		strbuf_reset(&sb);
		if (e->python == NULL && e->source != NULL && strcmp(e->source, "--lock") == 0)
			/* Nothing is installed: the lock is judged for the target below. */
			strbuf_addf(&sb, " ftport %s %s (lockfile)", text_glyphs()->dot, where);
		else {
			strbuf_addf(&sb, " ftport %s %s %s", text_glyphs()->dot, where,
			    text_glyphs()->dot);
			if (!shortened)
				strbuf_addf(&sb, " %s", impl);
			strbuf_addf(&sb, " %s", e->version != NULL ? e->version : "?");
			strbuf_addstr(&sb, e->free_threaded ? " (free-threaded)" : " (GIL)");
		}
		strbuf_addf(&sb, " %s", text_glyphs()->dot);
		if (app->check != NULL) {
			for (size_t i = 0; i < app->check->ntargets; i++)
				strbuf_addf(&sb, " %d.%dt", app->check->targets[i].major,
				    app->check->targets[i].minor);
			for (size_t i = 0; i < app->check->nplatforms; i++)
				strbuf_addf(&sb, " %s", app->check->platforms[i]);
			done = app->check->ndone;
		}
		if (app->o->offline)
			strbuf_addf(&sb, " %s offline", text_glyphs()->dot);
		/* Answers from the bundled snapshot are as old as it is: say so. */
		if (nsnap > 0 && !shortened)
			strbuf_addf(&sb, " %s %zu from the snapshot of %s", text_glyphs()->dot, nsnap,
			    app->snapshot->date != NULL ? app->snapshot->date : "?");
		else if (nsnap > 0)
			strbuf_addf(&sb, " %s snapshot %s (%zu)", text_glyphs()->dot,
			    app->snapshot->date != NULL ? app->snapshot->date : "?", nsnap);
		if (text_width(sb.buf) + 14 <= w)
			break;
	}
	line = sanitize_text(sb.buf);
	strbuf_release(&sb);
	free(where);
	free(impl);

	/* Right: a progress bar while answers are awaited, else the package count. */
	if (app->check != NULL && done < total) {
		int bar = w >= 100 ? 12 : w >= 60 ? 8 : 0;
		int filled = total > 0 ? (int)(done * (size_t)bar / total) : 0;

		right = xprintf("%zu/%zu", done, total);
		rw = (int)strlen(right) + (bar > 0 ? bar + 1 : 0) + 1;
		x = w - rw;
		if (x < 0)
			x = 0;
		text_trunc(y, x0, x - 1, line, A_BOLD, 0);
		for (int i = 0; i < bar; i++)
			text_put(y, x0 + x + i, 1, i < filled ? text_glyphs()->block : text_glyphs()->dot,
			    A_NORMAL, text_color() ? PAIR_CYAN : 0);
		text_put(y, x0 + x + (bar > 0 ? bar + 1 : 0), w - x, right, A_NORMAL, 0);
	} else {
		right = xprintf("%zu packages", total);
		rw = (int)strlen(right) + 1;
		x = w - rw;
		if (x <= 0 || text_width(line) + rw + 1 > w) {
			text_trunc(y, x0, w, line, A_BOLD, 0);
		} else {
			text_put(y, x0, x - 1, line, A_BOLD, 0);
			text_put(y, x0 + x, rw, right, A_NORMAL, 0);
		}
	}
	free(line);
	free(right);

	/* Line 1: counts by status, then the view. */
	get_counts(app, counts, &ignored);
	x = 1;
	{
		struct strbuf vb = STRBUF_INIT;

		if (ignored != 0)
			strbuf_addf(&vb, "%zu ignored, not counted %s ", ignored, text_glyphs()->dot);
		strbuf_addf(&vb, "view: %s", vm_view_name(app->vm->view));
		if (app->vm->filter != FILTER_ALL)
			strbuf_addf(&vb, " %s filter: %s", text_glyphs()->dot,
			    vm_filter_name(app->vm->filter));
		right = strbuf_detach(&vb, NULL);
	}
	/* Numbers before decoration: the counts with their words when all fit beside the
	 * view; else glyph and count; the view's words shortened or dropped to leave them
	 * room; and on the narrowest, the good news goes first (blocked and unknown stay). */
	{
		int need_full = 1, need_compact = 1;

		for (int s = 0; s < ST_COUNT; s++) {
			char *item;

			if (counts[s] == 0)
				continue;
			item = count_item(s, counts[s], false);
			need_full += text_width(item) + 2;
			free(item);
			item = count_item(s, counts[s], true);
			need_compact += text_width(item) + 1;
			free(item);
		}
		rw = (int)strlen(right) + 1;
		compact = need_full > w - rw;
		/* The view's words cut to what is left, or gone when that is too little. */
		if (compact && need_compact > w - rw)
			rw = w - need_compact - 1 >= 8 ? w - need_compact - 1 : 0;
	}
	{
		static const enum ft_status drop_first[] = {
			ST_READY, ST_PURE, ST_FALLBACK, ST_PRERELEASE, ST_ELSEWHERE, ST_OTHER_ABI,
			ST_UPGRADE, ST_SOURCE, ST_ABI3, ST_UNKNOWN, ST_CRASHED, ST_IMPORT_FAILED,
			ST_TEST_FAILED, ST_GIL_REENABLED, ST_BLOCKED
		};
		bool shown[ST_COUNT];
		int room = w - rw, used = 1;

		for (int s = 0; s < ST_COUNT; s++) {
			char *item = count_item(s, counts[s], compact);

			shown[s] = counts[s] != 0;
			if (shown[s])
				used += text_width(item) + (compact ? 1 : 2);
			free(item);
		}
		for (size_t k = 0; used > room && k < sizeof drop_first / sizeof drop_first[0]; k++) {
			enum ft_status s = drop_first[k];
			char *item;

			if (!shown[s])
				continue;
			item = count_item(s, counts[s], compact);
			used -= text_width(item) + 1;
			shown[s] = false;
			free(item);
		}
		for (int s = 0; s < ST_COUNT; s++) {
			char *item;
			int iw;

			if (!shown[s])
				continue;
			item = count_item(s, counts[s], compact);
			iw = text_width(item);
			text_status_attr((enum ft_status)s, &attr, &pair);
			text_put(y + 1, x0 + x, iw, item, attr, pair);
			x += iw + (compact ? 1 : 2);
			free(item);
		}
	}
	if (rw > 1)
		text_trunc(y + 1, x0 + w - rw, rw, right, A_NORMAL, 0);
	free(right);
}

const struct view_ops title_view_ops = {
	.name = "title",
	.draw = title_draw,
};
