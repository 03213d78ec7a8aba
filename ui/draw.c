/* draw.c: the whole screen drawn from the view model into stdscr once per turn (curses
 * sends only what changed): header, tree, detail pane, status line, help. */
#include "config.h"

#include <ctype.h>
#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include "replace.h"
#include "sanitize.h"
#include "timeline.h"
#include "state.h"
#include "text.h"
#include "tui.h"

static const char *status_colour_names[ST_COUNT] = {
	"green", "green", "cyan", "yellow", "yellow", "yellow", "yellow", "magenta", "red",
	"red", "grey"
};

static const char *status_meanings[ST_COUNT] = {
	"a free-threaded wheel for the installed version",
	"no compiled code",
	"compiled; a pure-Python wheel works (no speed-ups)",
	"a newer release has a free-threaded wheel",
	"only a pre-release has one",
	"free-threaded wheels, not for this platform",
	"free-threaded wheels only for another target",
	"only an sdist: build from source, then test",
	"only abi3 wheels: they do not load free-threaded",
	"compiled, and no release has a usable wheel",
	"not on the index, local, or not checked yet",
};

/* --- layout ----------------------------------------------------------------- */

struct layout {
	int	 body_y, body_h;	/* rows between the separators */
	int	 tree_x, tree_y, tree_w, tree_h;
	int	 det_x, det_y, det_w, det_h;	/* det_w 0: no pane */
	bool	 side;			/* the pane is on the right */
};

static void
layout(const struct tui *t, struct layout *l)
{
	memset(l, 0, sizeof *l);
	l->body_y = 3;
	l->body_h = t->height - 5;
	if (l->body_h < 1)
		l->body_h = 1;
	l->tree_y = l->body_y;
	l->tree_w = t->width;
	l->tree_h = l->body_h;
	if (!t->detail)
		return;
	if (t->width >= 100) {
		l->side = true;
		l->det_w = t->width * 2 / 5;
		l->tree_w = t->width - l->det_w - 1;
		l->det_x = l->tree_w + 1;
		l->det_y = l->body_y;
		l->det_h = l->body_h;
	} else if (l->body_h >= 5) {
		l->det_h = l->body_h / 2;
		l->tree_h = l->body_h - l->det_h - 1;
		l->det_y = l->tree_y + l->tree_h + 1;
		l->det_w = t->width;
	}
}

int
draw_body_height(const struct tui *t)
{
	struct layout l;

	layout(t, &l);
	return l.tree_h;
}

/* --- header ----------------------------------------------------------------- */

/* Counts by status; packages the team decided to ignore are left out (and counted in
 * *ignored, which the header says). */
static void
get_counts(const struct tui *t, size_t counts[ST_COUNT], size_t *ignored)
{
	struct strlist ign = STRLIST_INIT;

	*ignored = 0;
	if (t->check != NULL)
		check_counts(t->check, counts);
	else {
		memset(counts, 0, ST_COUNT * sizeof counts[0]);
		counts[ST_UNKNOWN] = t->graph->nnodes;
	}
	/* The state's ignored packages, not every node: this runs each frame, and asking
	 * the state about each of 20,000 nodes made a keypress cost 5 ms. */
	state_decided(t->state, DECISION_IGNORE, &ign);
	for (size_t i = 0; i < ign.n; i++) {
		const struct graph_node *n = graph_find(t->graph, ign.v[i]);
		enum ft_status s = ST_UNKNOWN;
		bool checking;

		if (n == NULL)
			continue;	/* decided on, not installed here */
		if (t->check != NULL)
			s = vm_node_status(t->vm, n, &checking);
		if (counts[s] > 0)
			counts[s]--;
		(*ignored)++;
	}
	strlist_clear(&ign);
}

/* A status's count in the header: glyph, count and word, or just glyph and count. */
static char *
count_item(const struct tui *t, int s, size_t count, bool compact)
{
	if (compact)
		return xprintf("%s%zu", text_glyph((enum ft_status)s), count);
	return xprintf("%s %zu %s", text_glyph((enum ft_status)s), count,
	    status_name((enum ft_status)s));
}

static void
draw_header(struct tui *t)
{
	const struct environment *e = t->env;
	struct strbuf sb = STRBUF_INIT;
	size_t counts[ST_COUNT], done = 0, total = t->graph->nnodes, ignored;
	char *where, *impl, *line, *right;
	int x, rw, w = t->width;
	bool compact;
	attr_t attr;
	short pair;

	where = text_home_short(e->prefix);
	impl = xstrdup(e->implementation != NULL ? e->implementation : "python");
	if (strcmp(impl, "cpython") == 0) {
		free(impl);
		impl = xstrdup("CPython");
	}
	if (e->python == NULL && e->source != NULL && strcmp(e->source, "--lock") == 0)
		/* Nothing is installed: the lock is judged for the target below. */
		strbuf_addf(&sb, " ftport %s %s (lockfile)", text_glyphs()->dot, where);
	else {
		strbuf_addf(&sb, " ftport %s %s %s %s %s", text_glyphs()->dot, where, text_glyphs()->dot,
		    impl, e->version != NULL ? e->version : "?");
		strbuf_addstr(&sb, e->free_threaded ? " (free-threaded)" : " (GIL)");
	}
	strbuf_addf(&sb, " %s", text_glyphs()->dot);
	if (t->check != NULL) {
		for (size_t i = 0; i < t->check->ntargets; i++)
			strbuf_addf(&sb, " %d.%dt", t->check->targets[i].major,
			    t->check->targets[i].minor);
		for (size_t i = 0; i < t->check->nplatforms; i++)
			strbuf_addf(&sb, " %s", t->check->platforms[i]);
		done = t->check->ndone;
	}
	if (t->o->offline)
		strbuf_addf(&sb, " %s offline", text_glyphs()->dot);
	/* Answers from the bundled snapshot are as old as it is: say so (SPEC §5). */
	if (t->check != NULL && t->snapshot != NULL) {
		size_t nsnap = 0;

		for (size_t i = 0; i < t->check->npkgs; i++)
			if (t->check->pkgs[i].state == CHECK_DONE &&
			    t->check->pkgs[i].verdicts[0].source == VS_SNAPSHOT)
				nsnap++;
		if (nsnap > 0)
			strbuf_addf(&sb, " %s %zu from the snapshot of %s", text_glyphs()->dot, nsnap,
			    t->snapshot->date != NULL ? t->snapshot->date : "?");
	}
	line = sanitize_text(sb.buf);
	strbuf_release(&sb);
	free(where);
	free(impl);

	/* Right: a progress bar while answers are awaited, else the package count. */
	if (t->check != NULL && done < total) {
		int bar = w >= 100 ? 12 : w >= 60 ? 8 : 0;
		int filled = total > 0 ? (int)(done * (size_t)bar / total) : 0;

		right = xprintf("%zu/%zu", done, total);
		rw = (int)strlen(right) + (bar > 0 ? bar + 1 : 0) + 1;
		x = w - rw;
		if (x < 0)
			x = 0;
		text_trunc(0, 0, x - 1, line, A_BOLD, 0);
		for (int i = 0; i < bar; i++)
			text_put(0, x + i, 1, i < filled ? text_glyphs()->block : text_glyphs()->dot,
			    A_NORMAL, text_color() ? PAIR_CYAN : 0);
		text_put(0, x + (bar > 0 ? bar + 1 : 0), w - x, right, A_NORMAL, 0);
	} else {
		right = xprintf("%zu packages", total);
		rw = (int)strlen(right) + 1;
		x = w - rw;
		if (x <= 0 || text_width(line) + rw + 1 > w) {
			text_trunc(0, 0, w, line, A_BOLD, 0);
		} else {
			text_put(0, 0, x - 1, line, A_BOLD, 0);
			text_put(0, x, rw, right, A_NORMAL, 0);
		}
	}
	free(line);
	free(right);

	/* Line 1: counts by status, then the view. */
	get_counts(t, counts, &ignored);
	x = 1;
	{
		struct strbuf vb = STRBUF_INIT;

		if (ignored != 0)
			strbuf_addf(&vb, "%zu ignored, not counted %s ", ignored, text_glyphs()->dot);
		strbuf_addf(&vb, "view: %s", vm_view_name(t->vm->view));
		if (t->vm->filter != FILTER_ALL)
			strbuf_addf(&vb, " %s filter: %s", text_glyphs()->dot,
			    vm_filter_name(t->vm->filter));
		right = strbuf_detach(&vb, NULL);
	}
	rw = (int)strlen(right) + 1;
	/* Glyph, count and word when they all fit; glyph and count otherwise. */
	{
		int need = 1;

		for (int s = 0; s < ST_COUNT; s++) {
			char *item;

			if (counts[s] == 0)
				continue;
			item = count_item(t, s, counts[s], false);
			need += text_width(item) + 2;
			free(item);
		}
		compact = need > w - rw;
	}
	for (int s = 0; s < ST_COUNT; s++) {
		char *item;
		int iw;

		if (counts[s] == 0)
			continue;
		item = count_item(t, s, counts[s], compact);
		iw = text_width(item);
		if (x + iw > w - rw - 1) {
			free(item);
			break;
		}
		text_status_attr((enum ft_status)s, &attr, &pair);
		text_put(1, x, iw, item, attr, pair);
		x += iw + (compact ? 1 : 2);
		free(item);
	}
	if (w - rw > 0)
		text_put(1, w - rw, rw, right, A_NORMAL, 0);
	free(right);
}

/* --- tree ------------------------------------------------------------------- */

static const struct check_pkg *
row_pkg(const struct tui *t, const struct vm_row *r)
{
	if (t->check == NULL || r->node == NULL || r->node->index >= t->check->npkgs)
		return NULL;
	return &t->check->pkgs[r->node->index];
}

static void
draw_row(struct tui *t, const struct layout *l, int y, size_t i)
{
	const struct vm_row *r = &t->vm->rows[i];
	const struct check_pkg *cp = row_pkg(t, r);
	const struct glyphs *g = text_glyphs();
	bool cur = i == t->vm->cursor;
	attr_t base = cur ? A_REVERSE : A_NORMAL, attr;
	short pair;
	struct strbuf rb = STRBUF_INIT;
	char *name, *right;
	int x = l->tree_x, w = l->tree_w, indent, rw, left;

	/* The cursor is a mark as well as reverse video: it must show without attributes
	 * (monochrome terminals, screen dumps). */
	if (cur) {
		text_fill(y, x, w, A_REVERSE);
		text_put(y, x, 1, ">", A_REVERSE | A_BOLD, 0);
	}
	indent = (int)r->depth * 2;
	if (indent > w / 3)
		indent = w / 3;
	x += 1 + indent;
	text_put(y, x, 1, r->has_children ? (r->expanded ? g->open : g->closed) :
	    r->cycle ? g->cycle : " ", base, 0);
	x += 2;
	text_status_attr(r->status, &attr, &pair);
	text_put(y, x, 1, text_glyph(r->status), base | attr, pair);
	x += 2;

	/* Right column: the word, the fix, the leaf-blocker mark. */
	if (r->node == NULL)
		strbuf_addstr(&rb, "missing");
	else if (r->checking && r->status == ST_UNKNOWN)
		strbuf_addstr(&rb, w >= 60 ? "unknown (checking)" : "checking");
	else
		strbuf_addstr(&rb, status_name(r->status));
	if (cp != NULL && cp->state == CHECK_DONE && cp->verdicts != NULL &&
	    cp->verdicts[0].fix_version != NULL)
		strbuf_addf(&rb, " %s%s", g->up, cp->verdicts[0].fix_version);
	if (r->leaf_blocker)
		strbuf_addf(&rb, " %s", g->leaf);
	if (r->node != NULL) {
		/* Runtime evidence beside the verdict, as a word: a test going or its result. */
		const struct test_result *tr = tui_test_result(t, r->node->index);

		if (tui_test_running(t, r->node->index) != NULL)
			strbuf_addstr(&rb, " [testing]");
		else if (tr != NULL)
			strbuf_addf(&rb, " [%s]", testresult_outcome_name(tr->outcome));
	}
	right = sanitize_text(strbuf_str(&rb));
	strbuf_release(&rb);
	rw = text_width(right);
	if (rw > w / 2)
		rw = w / 2;
	left = w - (x - l->tree_x) - rw - 2;

	if (r->node != NULL) {
		struct strbuf nb = STRBUF_INIT;

		if (t->marked != NULL && t->marked[r->node->index])
			strbuf_addstr(&nb, "* ");
		strbuf_addstr(&nb, r->node->dist->display_name != NULL ?
		    r->node->dist->display_name : r->node->dist->name);
		strbuf_addf(&nb, " %s", r->node->dist->version);
		if (r->edge != NULL && !r->edge->satisfied)
			strbuf_addf(&nb, " (needs %s)", r->edge->req->specifier);
		/* What the team decided, and who has it. */
		{
			int dec = triage_decision(t, r->node->dist->name);
			const char *owner = triage_get(t, r->node->dist->name, STATE_OWNER);

			if (dec != DECISION_NONE)
				strbuf_addf(&nb, " [%s]", state_decision_name(dec));
			if (owner != NULL)
				strbuf_addf(&nb, " @%s", owner);
		}
		name = sanitize_text(nb.buf);
		strbuf_release(&nb);
	} else {
		char *tmp = xprintf("%s (not installed)", r->missing_name);

		name = sanitize_text(tmp);
		free(tmp);
	}
	text_trunc(y, x, left, name, base | (r->match ? A_NORMAL : A_DIM), 0);
	text_status_attr(r->status, &attr, &pair);
	if (rw > 0)
		text_trunc(y, l->tree_x + w - rw - 1, rw, right, base | attr, pair);
	free(name);
	free(right);
}

static void
draw_tree(struct tui *t, const struct layout *l)
{
	struct viewmodel *vm = t->vm;
	size_t h = (size_t)l->tree_h;

	if (vm->nrows == 0) {
		text_put(l->tree_y, 1, l->tree_w - 1, vm->filter != FILTER_ALL ?
		    "Nothing matches this filter (f: next filter)." :
		    "No packages found in this environment.", A_DIM, 0);
		return;
	}
	if (vm->cursor < vm->top)
		vm->top = vm->cursor;
	if (vm->cursor >= vm->top + h)
		vm->top = vm->cursor - h + 1;
	if (vm->nrows > h && vm->top > vm->nrows - h)
		vm->top = vm->nrows - h;
	if (vm->nrows <= h)
		vm->top = 0;
	for (size_t i = 0; i < h && vm->top + i < vm->nrows; i++)
		draw_row(t, l, l->tree_y + (int)i, vm->top + i);
}

/* --- detail pane ------------------------------------------------------------ */

/* The files found per target and platform, as the verdict code describes them. */
static void
detail_files(const struct tui *t, struct text_lines *d, const struct check_pkg *cp)
{
	if (cp->project == NULL)
		return;
	for (size_t ti = 0; ti < t->check->ntargets; ti++) {
		for (size_t pi = 0; pi < t->check->nplatforms; pi++) {
			char *text = verdict_files_text(cp->node->dist, cp->project,
			    &t->check->targets[ti], t->check->platforms[pi]);
			char *p = text, *nl;

			if (t->check->ntargets * t->check->nplatforms > 1)
				text_lines_add(d, LINE_TITLE, "Files for %s %s:", t->check->targets[ti].tag,
				    t->check->platforms[pi]);
			for (; *p != '\0'; p = nl) {
				if ((nl = strchr(p, '\n')) != NULL)
					*nl++ = '\0';
				else
					nl = p + strlen(p);
				text_lines_add(d, LINE_NORMAL, "%s", p);
			}
			free(text);
		}
	}
}

/* What upstream knows: the repository, then each finding (its line carries the
 * finding's index, for open-url), then what a source scan found. */
static void
detail_upstream(const struct tui *t, struct text_lines *d, const struct graph_node *n)
{
	const struct upstream *u = t->upstreams != NULL ? t->upstreams[n->index] : NULL;

	if (u == NULL)
		return;
	if (u->repo.forge == REPO_NONE)
		text_lines_add(d, LINE_TITLE, "Upstream: no repository known");
	else
		text_lines_add(d, LINE_TITLE, "Upstream: %s (from %s)", u->repo.url, u->repo.from);
	if (u->state == UP_QUEUED)
		text_lines_add(d, LINE_DIM, "  waiting for its turn (rate limit)...");
	else if (u->state == UP_RUNNING)
		text_lines_add(d, LINE_DIM, "  asking...");
	else if (u->state == UP_FAILED)
		text_lines_add(d, ST_UNKNOWN, "  %s", u->error);
	else if (u->nitems == 0)
		text_lines_add(d, LINE_NORMAL, "  no free-threading issues or pull requests found");
	for (size_t i = 0; i < u->nitems; i++) {
		const struct upstream_item *it = &u->items[i];
		char *label = upstream_item_label(it);
		struct strbuf sb = STRBUF_INIT;

		for (size_t k2 = 0; k2 < it->labels.n; k2++)
			strbuf_addf(&sb, "%s%s", k2 > 0 ? ", " : " [", it->labels.v[k2]);
		if (it->labels.n > 0)
			strbuf_addch(&sb, ']');
		d->cur_item = (long)i + 1;
		text_lines_add(d, it->merged ? ST_READY : it->open ? LINE_NORMAL : LINE_DIM, "  %s%s: %s%s%s%.10s", label,
		    it->tracking ? " (tracking)" : "", it->title != NULL ? it->title : "",
		    strbuf_str(&sb), it->updated != NULL ? ", updated " : "",
		    it->updated != NULL ? it->updated : "");
		d->cur_item = 0;
		strbuf_release(&sb);
		free(label);
	}
	if (u->state == UP_DONE && u->total > u->nitems)
		text_lines_add(d, LINE_DIM, "  (%zu found, %zu shown)", u->total, u->nitems);
	{
		struct strlist lines = STRLIST_INIT;
		const struct scan_result *sr = u->scan.result;
		int first = u->scan.error != NULL ? ST_UNKNOWN : u->scan.running ? LINE_DIM :
		    sr == NULL ? LINE_NORMAL : sr->state == SCAN_UNRELEASED ? ST_UPGRADE :
		    sr->state == SCAN_RELEASED ? ST_READY : LINE_NORMAL;

		upstream_scan_lines(u, &lines);
		for (size_t i = 0; i < lines.n; i++)
			text_lines_add(d, i == 0 ? first : LINE_NORMAL, "  %s%s", i > 0 ? "  " : "", lines.v[i]);
		strlist_clear(&lines);
	}
}

/* The test under PYTHON_GIL=0: what it is doing now, or what it found and with what. */
static void
detail_test(const struct tui *t, struct text_lines *d, const struct graph_node *n)
{
	const struct testrun_pkg *run = tui_test_running(t, n->index);
	const struct test_result *tr = tui_test_result(t, n->index);
	char *summary, *detail, *p, *nl, when[32];
	struct tm tm;
	int kind;

	if (run != NULL) {
		text_lines_add(d, LINE_TITLE, "Test: %s (t or Esc: cancel)", run->activity != NULL ?
		    run->activity : "starting");
		return;
	}
	if (t->test_of != NULL && t->test_of[n->index] != NULL &&
	    t->test_of[n->index]->state == TR_CANCELLED && tr == NULL) {
		text_lines_add(d, LINE_DIM, "Test: cancelled");
		return;
	}
	if (tr == NULL)
		return;
	summary = testresult_summary(tr);
	kind = tr->outcome == TO_PASSED ? ST_READY : tr->outcome == TO_GIL_REENABLED ?
	    ST_UPGRADE : ST_BLOCKED;
	text_lines_add(d, kind, "Test: %s", summary);
	free(summary);
	when[0] = '\0';
	if (tr->when > 0 && localtime_r(&tr->when, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	text_lines_add(d, LINE_DIM, "  %s %s with %s (Python %s%s)%s%s", n->dist->name,
	    tr->version != NULL ? tr->version : "", tr->python != NULL ? tr->python : "?",
	    tr->python_version != NULL ? tr->python_version : "?",
	    tr->free_threaded ? "" : ", GIL", *when != '\0' ? ", " : "", when);
	if (tr->detail != NULL && tr->outcome != TO_GIL_REENABLED) {
		detail = xstrdup(tr->detail);
		for (p = detail; *p != '\0'; p = nl) {
			if ((nl = strchr(p, '\n')) != NULL)
				*nl++ = '\0';
			else
				nl = p + strlen(p);
			text_lines_add(d, LINE_NORMAL, "  %s", p);
		}
		free(detail);
	}
	if (tr->log != NULL)
		text_lines_add(d, LINE_DIM, "  log: %s", tr->log);
}

/* The team state's owner, decision and note (keys a, x, c). */
static void
detail_team(const struct tui *t, struct text_lines *d, const char *name)
{
	const char *owner = triage_get(t, name, STATE_OWNER);
	const char *note = triage_get(t, name, STATE_NOTE);
	int dec = triage_decision(t, name);

	if (owner != NULL || dec != DECISION_NONE)
		text_lines_add(d, LINE_TITLE, "Owner: %s%s%s", owner != NULL ? owner : "nobody",
		    dec != DECISION_NONE ? "  Decision: " : "",
		    dec != DECISION_NONE ? state_decision_name(dec) : "");
	if (dec == DECISION_IGNORE)
		text_lines_add(d, LINE_DIM, "Ignored: left out of the blocker counts");
	if (note != NULL)
		text_lines_add(d, LINE_NORMAL, "Note: %s", note);
}

static void
detail_lines(const struct tui *t, const struct vm_row *r, struct text_lines *d)
{
	const struct check_pkg *cp = row_pkg(t, r);
	const struct dist *dist;
	struct strbuf sb = STRBUF_INIT;
	bool checking;
	enum ft_status own;

	if (r->node == NULL) {
		const struct graph_node *by = r->parent != SIZE_MAX ?
		    t->vm->rows[r->parent].node : NULL;

		text_lines_add(d, LINE_TITLE, "%s", r->missing_name);
		text_lines_add(d, ST_UNKNOWN, "%s not installed", text_glyph(ST_UNKNOWN));
		text_lines_add(d, LINE_NORMAL, "%s requires %s%s, which is not installed", by != NULL ?
		    by->dist->name : "a package", r->edge->req->display_name,
		    r->edge->req->specifier);
		if (r->edge->req->marker_text != NULL)
			text_lines_add(d, LINE_DIM, "  when %s", r->edge->req->marker_text);
		return;
	}
	dist = r->node->dist;
	own = vm_node_status(t->vm, r->node, &checking);
	text_lines_add(d, LINE_TITLE, "%s %s", dist->display_name != NULL ? dist->display_name : dist->name,
	    dist->version);
	text_lines_add(d, (int)own, "%s %s%s", text_glyph(own), status_name(own),
	    checking ? " (checking)" : "");
	if (dist->summary != NULL)
		text_lines_add(d, LINE_DIM, "%s", dist->summary);
	detail_team(t, d, dist->name);
	if (cp != NULL && cp->state == CHECK_DONE && cp->verdicts != NULL) {
		const struct verdict *v0 = &cp->verdicts[0];

		text_lines_add(d, LINE_NORMAL, "%s %s%s%s", dist->location != NULL && dist->meta_dir == NULL ?
		    "Locked" : "Installed", dist->version,
		    v0->latest != NULL ? ", latest " : "", v0->latest != NULL ? v0->latest : "");
		for (size_t ti = 0; ti < t->check->ntargets; ti++) {
			for (size_t pi = 0; pi < t->check->nplatforms; pi++) {
				const struct verdict *v =
				    &cp->verdicts[ti * t->check->nplatforms + pi];
				/* With what a source scan found upstream, once known. */
				char *reason = upstream_verdict_reason(t->upstreams != NULL ?
				    t->upstreams[r->node->index] : NULL, v->reason, v->status);

				text_lines_add(d, (int)v->status, "%s %s %s: %s", text_glyph(v->status),
				    t->check->targets[ti].tag, t->check->platforms[pi],
				    status_name(v->status));
				if (*reason != '\0')
					text_lines_add(d, LINE_NORMAL, "  %s", reason);
				free(reason);
			}
		}
		if (v0->fix_version != NULL)
			text_lines_add(d, LINE_TITLE, "Fix: pip install \"%s>=%s\"", dist->name, v0->fix_version);
		if (cp->replacement != NULL) {
			char *text = replace_text(cp->replacement);

			text_lines_add(d, LINE_TITLE, "%c%s", toupper((unsigned char)*text), text + 1);
			if (cp->replacement->source != NULL)
				text_lines_add(d, LINE_DIM, "  Source: %s", cp->replacement->source);
			free(text);
		}
		text_lines_add(d, LINE_DIM, "Answer from: %s", verdict_source_name(v0->source));
	} else
		text_lines_add(d, LINE_DIM, "Waiting for the index...");
	if (cp != NULL && cp->error != NULL)
		text_lines_add(d, LINE_DIM, "Index: %s", cp->error);
	if (cp != NULL && cp->leaf_blocker)
		text_lines_add(d, ST_BLOCKED, "%s leaf blocker: nothing below it blocks; fix it first",
		    text_glyphs()->leaf);
	if (cp != NULL && cp->worst != own && status_severity(cp->worst) > status_severity(own))
		text_lines_add(d, (int)cp->worst, "Worst below: %s", status_name(cp->worst));
	if (cp != NULL && cp->chain != NULL)
		text_lines_add(d, LINE_NORMAL, "Chain: %s", cp->chain);
	if (cp != NULL && cp->blocked_by.n > 0) {
		for (size_t i = 0; i < cp->blocked_by.n; i++)
			strbuf_addf(&sb, "%s%s", i > 0 ? ", " : "", cp->blocked_by.v[i]);
		text_lines_add(d, LINE_NORMAL, "Blocked by: %s", sb.buf);
		strbuf_reset(&sb);
	}
	if (r->node->nparents > 0) {
		for (size_t i = 0; i < r->node->nparents && i < 8; i++)
			strbuf_addf(&sb, "%s%s", i > 0 ? ", " : "", r->node->parents[i]->dist->name);
		if (r->node->nparents > 8)
			strbuf_addf(&sb, " and %zu more", r->node->nparents - 8);
		text_lines_add(d, LINE_NORMAL, "Needed by: %s", sb.buf);
		strbuf_reset(&sb);
	} else
		text_lines_add(d, LINE_NORMAL, "Needed by: nothing (a root)");
	for (size_t i = 0; i < r->node->nedges; i++) {
		const struct graph_edge *e = &r->node->edges[i];

		if (e->to == NULL)
			text_lines_add(d, ST_UNKNOWN, "Missing: %s%s", e->req->display_name,
			    e->req->specifier);
		else if (!e->satisfied)
			text_lines_add(d, ST_UPGRADE, "Unsatisfied: %s%s (installed %s)",
			    e->req->display_name, e->req->specifier, e->to->dist->version);
	}
	detail_test(t, d, r->node);
	detail_upstream(t, d, r->node);
	if (cp != NULL && t->check != NULL)
		detail_files(t, d, cp);
	{
		struct timeline_since ts;

		if (timeline_since(t->snapshot, dist->name, cp != NULL ? cp->project : NULL,
		    &ts)) {
			/* The history's date with it: it ages. */
			char *text = timeline_since_text(&ts, t->snapshot->date);

			text_lines_add(d, LINE_DIM, "%c%s", toupper((unsigned char)*text), text + 1);
			free(text);
			timeline_since_clear(&ts);
		}
	}
	if (dist->home_page != NULL)
		text_lines_add(d, LINE_NORMAL, "Home-page: %s", dist->home_page);
	/* Project-URL is "Label, URL". */
	for (size_t i = 0; i < dist->project_urls.n; i++) {
		const char *u = dist->project_urls.v[i], *comma = strchr(u, ',');

		if (comma != NULL)
			text_lines_add(d, LINE_NORMAL, "%.*s: %s", (int)(comma - u), u, comma + 1 +
			    strspn(comma + 1, " \t"));
		else
			text_lines_add(d, LINE_NORMAL, "%s", u);
	}
	strbuf_release(&sb);
}

static void
draw_detail(struct tui *t, const struct layout *l)
{
	const struct vm_row *r = vm_current(t->vm);
	struct text_lines d;
	int y = l->det_y;
	size_t last = 0;

	if (l->det_w == 0)
		return;
	if (l->side) {
		for (int i = 0; i < l->body_h; i++)
			text_put(l->body_y + i, l->tree_w, 1, text_glyphs()->vline, A_NORMAL, 0);
		text_put(2, l->tree_w, 1, text_glyphs()->tee_down, A_NORMAL, 0);
		text_put(t->height - 2, l->tree_w, 1, text_glyphs()->tee_up, A_NORMAL, 0);
	} else
		text_hline(l->det_y - 1, 0, t->width);
	if (r == NULL)
		return;
	/* Another package: back to the top of its details. */
	if (t->detail_node != r->node || r->node == NULL) {
		t->detail_node = r->node;
		t->detail_top = 0;
	}
	memset(&d, 0, sizeof d);
	detail_lines(t, r, &d);
	if (t->detail_top >= d.text.n)
		t->detail_top = d.text.n > 0 ? d.text.n - 1 : 0;
	/* open-url opens the first finding shown: scrolling the pane chooses another. */
	t->detail_finding = -1;
	for (size_t i = t->detail_top; i < d.text.n && y < l->det_y + l->det_h; i++) {
		attr_t attr;
		short pair;

		if (d.item[i] > 0 && t->detail_finding < 0) {
			t->detail_finding = d.item[i] - 1;
			d.text.v[i][0] = '>';
		}
		text_lines_attr(d.kind[i], &attr, &pair);
		y += text_wrapped(y, l->det_x + 1, l->det_w - 2, l->det_y + l->det_h - y,
		    d.text.v[i], attr, pair);
		last = i;
	}
	/* Say there is more, and which key shows it. */
	if (last + 1 < d.text.n) {
		keycode k[1];
		char *more;
		int mw;

		if (keymap_keys(&t->keys, ACT_DETAIL_DOWN, k, 1) == 1)
			more = xprintf(" %s more ", keyc_name(k[0]));
		else
			more = xstrdup(" more ");
		mw = text_width(more);
		text_put(l->det_y + l->det_h - 1, l->det_x + l->det_w - mw - 1, mw, more,
		    A_REVERSE, 0);
		free(more);
	}
	text_lines_clear(&d);
}

/* --- help ------------------------------------------------------------------- */

/* One action: keys, name and help, the help wrapped under itself when narrow. */
static void
help_entry(const struct tui *t, struct text_lines *d, int kw, const char *keys, int nw,
    const char *name, const char *help)
{
	int avail = t->width - 2 - (2 + kw + 2 + nw + 2);
	size_t len = strlen(help), start = 0;
	bool first = true;

	if (avail < 20 || (int)len <= avail) {
		text_lines_add(d, LINE_NORMAL, "  %-*s  %-*s  %s", kw, keys, nw, name, help);
		return;
	}
	while (start < len) {
		size_t end = start + (size_t)avail, cut;

		if (end >= len)
			cut = len;
		else {
			for (cut = end; cut > start && help[cut] != ' '; cut--)
				;
			if (cut == start)
				cut = end;
		}
		text_lines_add(d, LINE_NORMAL, "  %-*s  %-*s  %.*s", kw, first ? keys : "", nw, first ? name : "",
		    (int)(cut - start), help + start);
		first = false;
		start = cut;
		while (help[start] == ' ')
			start++;
	}
}

static void
help_lines(const struct tui *t, struct text_lines *d)
{
	const char *group = "";
	char *where = text_home_short(t->config_path != NULL ? t->config_path :
	    "~/.config/ftport/config");
	int kw = 9, nw = 0;

	text_lines_add(d, LINE_TITLE, "ftport keys (rebind them in %s)", where);
	free(where);
	for (int a = 1; a < ACT_COUNT; a++) {
		char *keys = keymap_describe(&t->keys, (enum action_id)a);

		if ((int)strlen(keys) > kw)
			kw = (int)strlen(keys);
		if ((int)strlen(action_table[a].name) > nw)
			nw = (int)strlen(action_table[a].name);
		free(keys);
	}
	for (int a = 1; a < ACT_COUNT; a++) {
		char *keys = keymap_describe(&t->keys, (enum action_id)a);

		if (strcmp(group, action_table[a].group) != 0) {
			group = action_table[a].group;
			text_lines_add(d, LINE_NORMAL, "%s", "");
			text_lines_add(d, LINE_TITLE, "%s", group);
		}
		help_entry(t, d, kw, *keys != '\0' ? keys : "(unbound)", nw, action_table[a].name,
		    action_table[a].help);
		free(keys);
	}
	text_lines_add(d, LINE_NORMAL, "%s", "");
	text_lines_add(d, LINE_TITLE, "Statuses%s", text_color() ? " (glyph, word, colour)" :
	    " (glyph and word; colours are off)");
	for (int s = 0; s < ST_COUNT; s++)
		text_lines_add(d, s, "  %s %-11s %-8s %s", text_glyph((enum ft_status)s),
		    status_name((enum ft_status)s), text_color() ? status_colour_names[s] : "",
		    status_meanings[s]);
	text_lines_add(d, LINE_NORMAL, "  %s leaf blocker (fix first)   %s/%s folded/unfolded   %s cycle",
	    text_glyphs()->leaf, text_glyphs()->closed, text_glyphs()->open, text_glyphs()->cycle);
	if (t->env->warnings.n > 0) {
		text_lines_add(d, LINE_NORMAL, "%s", "");
		text_lines_add(d, LINE_TITLE, "Environment warnings");
		for (size_t i = 0; i < t->env->warnings.n; i++)
			text_lines_add(d, ST_UPGRADE, "  %s", t->env->warnings.v[i]);
	}
	if (t->config_errors.n > 0) {
		text_lines_add(d, LINE_NORMAL, "%s", "");
		text_lines_add(d, LINE_TITLE, "Config problems");
		for (size_t i = 0; i < t->config_errors.n; i++)
			text_lines_add(d, ST_BLOCKED, "  %s", t->config_errors.v[i]);
	}
}

static void
draw_help(struct tui *t)
{
	struct text_lines d;
	int h = t->height - 1;

	memset(&d, 0, sizeof d);
	help_lines(t, &d);
	t->help_lines = d.text.n;
	if (t->help_top + (size_t)h > d.text.n)
		t->help_top = d.text.n > (size_t)h ? d.text.n - (size_t)h : 0;
	for (int y = 0; y < h && t->help_top + (size_t)y < d.text.n; y++) {
		size_t i = t->help_top + (size_t)y;
		attr_t attr;
		short pair;

		text_lines_attr(d.kind[i], &attr, &pair);
		text_trunc(y, 1, t->width - 2, d.text.v[i], attr, pair);
	}
	text_lines_clear(&d);
}

/* --- status line ------------------------------------------------------------ */

static void
draw_status(struct tui *t)
{
	/* A key hint: the first key of a (and of b), then the label. */
	struct hint {
		enum action_id	 a, b;
		const char	*label;
	};
	static const struct hint hints[] = {
		{ ACT_MOVE_DOWN, ACT_MOVE_UP, "move" }, { ACT_FOLD, ACT_UNFOLD, "fold" },
		{ ACT_SEARCH, ACT_NONE, "search" }, { ACT_FILTER, ACT_NONE, "filter" },
		{ ACT_VIEW, ACT_NONE, "view" }, { ACT_DETAIL, ACT_NONE, "details" },
		{ ACT_HELP, ACT_NONE, "help" }, { ACT_QUIT, ACT_NONE, "quit" },
	};
	/* In the help screen: how to scroll and close it. */
	static const struct hint help_hints[] = {
		{ ACT_MOVE_DOWN, ACT_MOVE_UP, "scroll" }, { ACT_PAGE_DOWN, ACT_PAGE_UP, "page" },
		{ ACT_QUIT, ACT_HELP, "close" },
	};
	struct strbuf sb = STRBUF_INIT;
	int y = t->height - 1;
	const struct hint *h = t->help ? help_hints : hints;
	size_t n = t->help ? nitems(help_hints) : nitems(hints);

	if (t->prompting) {
		char *text = sanitize_text(strbuf_str(&t->prompt));
		int used;

		const char *label = triage_prompt_label(t->prompt_kind);
		int lw = text_put(y, 0, t->width - 2, label, A_BOLD, 0);

		used = text_put(y, lw, t->width - 1 - lw, text, A_NORMAL, 0);
		text_fill(y, lw + used, 1, A_REVERSE);
		free(text);
		return;
	}
	if (t->message != NULL) {
		text_trunc(y, 1, t->width - 2, t->message,
		    t->message_error ? A_BOLD : A_NORMAL,
		    t->message_error && text_color() ? PAIR_RED : 0);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		keycode k[1], k2[1];

		if (keymap_keys(&t->keys, h[i].a, k, 1) == 0)
			continue;
		strbuf_addf(&sb, "%s%s", sb.len > 0 ? "  " : "", keyc_name(k[0]));
		if (h[i].b != ACT_NONE && keymap_keys(&t->keys, h[i].b, k2, 1) == 1)
			strbuf_addf(&sb, "/%s", keyc_name(k2[0]));
		strbuf_addf(&sb, " %s", h[i].label);
		if (text_width(sb.buf) > t->width - 2)
			break;
	}
	text_trunc(y, 1, t->width - 2, strbuf_str(&sb), A_DIM, 0);
	strbuf_release(&sb);
}

void
draw_screen(struct tui *t)
{
	struct layout l;

	werase(stdscr);
	if (t->height < 6 || t->width < 20) {
		text_put(0, 0, t->width, "terminal too small", A_BOLD, 0);
		wnoutrefresh(stdscr);
		return;
	}
	if (t->help) {
		draw_help(t);
		draw_status(t);
		wnoutrefresh(stdscr);
		return;
	}
	layout(t, &l);
	draw_header(t);
	text_hline(2, 0, t->width);
	draw_tree(t, &l);
	draw_detail(t, &l);
	text_hline(t->height - 2, 0, l.side ? l.tree_w : t->width);
	if (l.side)
		text_hline(t->height - 2, l.tree_w + 1, t->width - l.tree_w - 1);
	if (l.side) {
		text_put(2, l.tree_w, 1, text_glyphs()->tee_down, A_NORMAL, 0);
		text_put(t->height - 2, l.tree_w, 1, text_glyphs()->tee_up, A_NORMAL, 0);
	}
	if (t->vm->truncated)
		text_put(t->height - 2, 2, t->width - 4, " tree cut short: fold some of it ",
		    A_BOLD, 0);
	draw_status(t);
	wnoutrefresh(stdscr);
}
