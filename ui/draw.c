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
#include "tui.h"

enum {
	PAIR_GREEN = 1,
	PAIR_CYAN,
	PAIR_YELLOW,
	PAIR_MAGENTA,
	PAIR_RED,
	PAIR_GREY,
	PAIR_TITLE,
};

struct glyphs {
	const char	*status[ST_COUNT];
	const char	*open, *closed, *cycle, *leaf, *hline, *vline, *tee_down, *tee_up;
	const char	*block, *ellipsis, *up, *dot;
};

static const struct glyphs glyphs_utf8 = {
	{ "✓", "✓", "≈", "↑", "β", "⇄", "≠", "◌", "⚠", "✗", "?" },
	"▾", "▸", "↻", "●", "─", "│", "┬", "┴", "█", "…", "↑", "·"
};
static const struct glyphs glyphs_ascii = {
	{ "+", "+", "~", "^", "b", ">", "=", "o", "!", "x", "?" },
	"-", "+", "@", "*", "-", "|", "+", "+", "#", "~", "^", "-"
};

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

static const struct glyphs *
G(const struct tui *t)
{
	return t->utf8 ? &glyphs_utf8 : &glyphs_ascii;
}

const char *
draw_glyph(const struct tui *t, enum ft_status s)
{
	return s < ST_COUNT ? G(t)->status[s] : "?";
}

void
draw_init_colors(struct tui *t)
{
	short grey = COLOR_WHITE, bg = -1;

	if (!t->color)
		return;
	start_color();
	/* The terminal's own background when it can keep it, else black. */
	if (use_default_colors() == ERR)
		bg = COLOR_BLACK;
	if (COLORS >= 16)
		grey = 8;
	init_pair(PAIR_GREEN, COLOR_GREEN, bg);
	init_pair(PAIR_CYAN, COLOR_CYAN, bg);
	init_pair(PAIR_YELLOW, COLOR_YELLOW, bg);
	init_pair(PAIR_MAGENTA, COLOR_MAGENTA, bg);
	init_pair(PAIR_RED, COLOR_RED, bg);
	init_pair(PAIR_GREY, grey, bg);
	init_pair(PAIR_TITLE, COLOR_CYAN, bg);
}

static short
status_pair(enum ft_status s)
{
	switch (s) {
	case ST_READY:
	case ST_PURE:
		return PAIR_GREEN;
	case ST_FALLBACK:
		return PAIR_CYAN;
	case ST_UPGRADE:
	case ST_PRERELEASE:
	case ST_ELSEWHERE:
	case ST_OTHER_ABI:
		return PAIR_YELLOW;
	case ST_SOURCE:
		return PAIR_MAGENTA;
	case ST_ABI3:
	case ST_BLOCKED:
		return PAIR_RED;
	default:
		return PAIR_GREY;
	}
}

/* Attributes for a status: its colour, and bold for blockers so that a monochrome
 * terminal still tells them apart beside the word and glyph. */
static void
status_attr(const struct tui *t, enum ft_status s, attr_t *attr, short *pair)
{
	*attr = status_is_blocker(s) ? A_BOLD : s == ST_UNKNOWN ? A_DIM : A_NORMAL;
	*pair = t->color ? status_pair(s) : 0;
}

/* The next character of the UTF-8 text *s, which it moves past: '?' for a byte that
 * does not start a valid sequence, and for anything outside ASCII without a UTF-8
 * locale (one '?' per character, not per byte: a CJK name keeps its length). */
static wchar_t
next_char(const struct tui *t, const char **s, mbstate_t *ps)
{
	unsigned char c = (unsigned char)**s;
	wchar_t wc;
	size_t n = 1;

	if (c < 0x80)
		wc = c;
	else if (!t->utf8) {
		wc = L'?';
		if (c >= 0xc0) {
			while (n < 4 && ((unsigned char)(*s)[n] & 0xc0) == 0x80)
				n++;
		}
	} else {
		n = mbrtowc(&wc, *s, strlen(*s), ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(ps, 0, sizeof *ps);
			wc = L'?';
			n = 1;
		}
	}
	*s += n;
	return wc;
}

/* Puts UTF-8 text at (y, x) in at most maxw columns; characters that are not printable
 * are dropped (defence behind sanitize_text). Returns the columns used. */
static int
put_text(const struct tui *t, int y, int x, int maxw, const char *s, attr_t attr,
    short pair)
{
	mbstate_t ps;
	wchar_t wc;
	int used = 0, w;

	if (s == NULL || maxw <= 0)
		return 0;
	memset(&ps, 0, sizeof ps);
	wattr_set(stdscr, attr, pair, NULL);
	wmove(stdscr, y, x);
	while (*s != '\0') {
		wc = next_char(t, &s, &ps);
		if (!iswprint((wint_t)wc) || (w = wcwidth(wc)) < 0)
			continue;
		if (used + w > maxw)
			break;
		waddnwstr(stdscr, &wc, 1);
		used += w;
	}
	wattr_set(stdscr, A_NORMAL, 0, NULL);
	return used;
}

/* Display width of UTF-8 text as put_text would draw it. */
static int
text_width(const struct tui *t, const char *s)
{
	mbstate_t ps;
	wchar_t wc;
	int used = 0, w;

	memset(&ps, 0, sizeof ps);
	while (s != NULL && *s != '\0') {
		wc = next_char(t, &s, &ps);
		if (iswprint((wint_t)wc) && (w = wcwidth(wc)) > 0)
			used += w;
	}
	return used;
}

/* Like put_text, but ends with an ellipsis when the text does not fit. */
static int
put_trunc(const struct tui *t, int y, int x, int maxw, const char *s, attr_t attr,
    short pair)
{
	int used;

	if (text_width(t, s) <= maxw)
		return put_text(t, y, x, maxw, s, attr, pair);
	if (maxw <= 1)
		return put_text(t, y, x, maxw, s, attr, pair);
	used = put_text(t, y, x, maxw - 1, s, attr, pair);
	return used + put_text(t, y, x + used, 1, G(t)->ellipsis, attr, pair);
}

static void
fill(int y, int x, int w, attr_t attr)
{
	wattr_set(stdscr, attr, 0, NULL);
	for (int i = 0; i < w; i++)
		mvwaddch(stdscr, y, x + i, ' ');
	wattr_set(stdscr, A_NORMAL, 0, NULL);
}

static void
draw_hline(const struct tui *t, int y, int x, int w)
{
	for (int i = 0; i < w; i++)
		put_text(t, y, x + i, 1, G(t)->hline, A_NORMAL, 0);
}

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

static char *
home_short(const char *path)
{
	const char *home = getenv("HOME");
	size_t n;

	if (path == NULL)
		return xstrdup("?");
	if (home != NULL && (n = strlen(home)) > 1 && strncmp(path, home, n) == 0 &&
	    (path[n] == '/' || path[n] == '\0'))
		return xprintf("~%s", path + n);
	return xstrdup(path);
}

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
		return xprintf("%s%zu", draw_glyph(t, (enum ft_status)s), count);
	return xprintf("%s %zu %s", draw_glyph(t, (enum ft_status)s), count,
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

	where = home_short(e->prefix);
	impl = xstrdup(e->implementation != NULL ? e->implementation : "python");
	if (strcmp(impl, "cpython") == 0) {
		free(impl);
		impl = xstrdup("CPython");
	}
	if (e->python == NULL && e->source != NULL && strcmp(e->source, "--lock") == 0)
		/* Nothing is installed: the lock is judged for the target below. */
		strbuf_addf(&sb, " ftport %s %s (lockfile)", G(t)->dot, where);
	else {
		strbuf_addf(&sb, " ftport %s %s %s %s %s", G(t)->dot, where, G(t)->dot,
		    impl, e->version != NULL ? e->version : "?");
		strbuf_addstr(&sb, e->free_threaded ? " (free-threaded)" : " (GIL)");
	}
	strbuf_addf(&sb, " %s", G(t)->dot);
	if (t->check != NULL) {
		for (size_t i = 0; i < t->check->ntargets; i++)
			strbuf_addf(&sb, " %d.%dt", t->check->targets[i].major,
			    t->check->targets[i].minor);
		for (size_t i = 0; i < t->check->nplatforms; i++)
			strbuf_addf(&sb, " %s", t->check->platforms[i]);
		done = t->check->ndone;
	}
	if (t->o->offline)
		strbuf_addf(&sb, " %s offline", G(t)->dot);
	/* Answers from the bundled snapshot are as old as it is: say so (SPEC §5). */
	if (t->check != NULL && t->snapshot != NULL) {
		size_t nsnap = 0;

		for (size_t i = 0; i < t->check->npkgs; i++)
			if (t->check->pkgs[i].state == CHECK_DONE &&
			    t->check->pkgs[i].verdicts[0].source == VS_SNAPSHOT)
				nsnap++;
		if (nsnap > 0)
			strbuf_addf(&sb, " %s %zu from the snapshot of %s", G(t)->dot, nsnap,
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
		put_trunc(t, 0, 0, x - 1, line, A_BOLD, 0);
		for (int i = 0; i < bar; i++)
			put_text(t, 0, x + i, 1, i < filled ? G(t)->block : G(t)->dot,
			    A_NORMAL, t->color ? PAIR_CYAN : 0);
		put_text(t, 0, x + (bar > 0 ? bar + 1 : 0), w - x, right, A_NORMAL, 0);
	} else {
		right = xprintf("%zu packages", total);
		rw = (int)strlen(right) + 1;
		x = w - rw;
		if (x <= 0 || text_width(t, line) + rw + 1 > w) {
			put_trunc(t, 0, 0, w, line, A_BOLD, 0);
		} else {
			put_text(t, 0, 0, x - 1, line, A_BOLD, 0);
			put_text(t, 0, x, rw, right, A_NORMAL, 0);
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
			strbuf_addf(&vb, "%zu ignored, not counted %s ", ignored, G(t)->dot);
		strbuf_addf(&vb, "view: %s", vm_view_name(t->vm->view));
		if (t->vm->filter != FILTER_ALL)
			strbuf_addf(&vb, " %s filter: %s", G(t)->dot,
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
			need += text_width(t, item) + 2;
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
		iw = text_width(t, item);
		if (x + iw > w - rw - 1) {
			free(item);
			break;
		}
		status_attr(t, (enum ft_status)s, &attr, &pair);
		put_text(t, 1, x, iw, item, attr, pair);
		x += iw + (compact ? 1 : 2);
		free(item);
	}
	if (w - rw > 0)
		put_text(t, 1, w - rw, rw, right, A_NORMAL, 0);
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
	const struct glyphs *g = G(t);
	bool cur = i == t->vm->cursor;
	attr_t base = cur ? A_REVERSE : A_NORMAL, attr;
	short pair;
	struct strbuf rb = STRBUF_INIT;
	char *name, *right;
	int x = l->tree_x, w = l->tree_w, indent, rw, left;

	/* The cursor is a mark as well as reverse video: it must show without attributes
	 * (monochrome terminals, screen dumps). */
	if (cur) {
		fill(y, x, w, A_REVERSE);
		put_text(t, y, x, 1, ">", A_REVERSE | A_BOLD, 0);
	}
	indent = (int)r->depth * 2;
	if (indent > w / 3)
		indent = w / 3;
	x += 1 + indent;
	put_text(t, y, x, 1, r->has_children ? (r->expanded ? g->open : g->closed) :
	    r->cycle ? g->cycle : " ", base, 0);
	x += 2;
	status_attr(t, r->status, &attr, &pair);
	put_text(t, y, x, 1, draw_glyph(t, r->status), base | attr, pair);
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
	rw = text_width(t, right);
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
	put_trunc(t, y, x, left, name, base | (r->match ? A_NORMAL : A_DIM), 0);
	status_attr(t, r->status, &attr, &pair);
	if (rw > 0)
		put_trunc(t, y, l->tree_x + w - rw - 1, rw, right, base | attr, pair);
	free(name);
	free(right);
}

static void
draw_tree(struct tui *t, const struct layout *l)
{
	struct viewmodel *vm = t->vm;
	size_t h = (size_t)l->tree_h;

	if (vm->nrows == 0) {
		put_text(t, l->tree_y, 1, l->tree_w - 1, vm->filter != FILTER_ALL ?
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

struct dlines {
	struct strlist	 text;
	int		*kind;		/* -1 normal, -2 title, -3 dim, else a status */
	long		*item;		/* 1 + the upstream finding a line shows, or 0 */
	long		 cur_item;	/* what dl_add records */
	size_t		 alloc;
};

static void
dl_add(struct dlines *d, int kind, const char *fmt, ...) PRINTFLIKE(3, 4);

/* How a line of the given kind is drawn. */
static void
dl_attr(const struct tui *t, int kind, attr_t *attr, short *pair)
{
	*attr = A_NORMAL;
	*pair = 0;
	if (kind == -2)
		*attr = A_BOLD;
	else if (kind == -3)
		*attr = A_DIM;
	else if (kind >= 0)
		status_attr(t, (enum ft_status)kind, attr, pair);
}

static void
dl_add(struct dlines *d, int kind, const char *fmt, ...)
{
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	raw = xvprintf(fmt, ap);
	va_end(ap);
	if (d->text.n == d->alloc) {
		d->alloc = d->alloc == 0 ? 32 : d->alloc * 2;
		d->kind = xreallocarray(d->kind, d->alloc, sizeof *d->kind);
		d->item = xreallocarray(d->item, d->alloc, sizeof *d->item);
	}
	d->kind[d->text.n] = kind;
	d->item[d->text.n] = d->cur_item;
	strlist_push_owned(&d->text, sanitize_text(raw));
	free(raw);
}

/* The files found per target and platform, as the verdict code describes them. */
static void
detail_files(const struct tui *t, struct dlines *d, const struct check_pkg *cp)
{
	if (cp->project == NULL)
		return;
	for (size_t ti = 0; ti < t->check->ntargets; ti++) {
		for (size_t pi = 0; pi < t->check->nplatforms; pi++) {
			char *text = verdict_files_text(cp->node->dist, cp->project,
			    &t->check->targets[ti], t->check->platforms[pi]);
			char *p = text, *nl;

			if (t->check->ntargets * t->check->nplatforms > 1)
				dl_add(d, -2, "Files for %s %s:", t->check->targets[ti].tag,
				    t->check->platforms[pi]);
			for (; *p != '\0'; p = nl) {
				if ((nl = strchr(p, '\n')) != NULL)
					*nl++ = '\0';
				else
					nl = p + strlen(p);
				dl_add(d, -1, "%s", p);
			}
			free(text);
		}
	}
}

/* What upstream knows: the repository, then each finding (its line carries the
 * finding's index, for open-url), then what a source scan found. */
static void
detail_upstream(const struct tui *t, struct dlines *d, const struct graph_node *n)
{
	const struct upstream *u = t->upstreams != NULL ? t->upstreams[n->index] : NULL;

	if (u == NULL)
		return;
	if (u->repo.forge == REPO_NONE)
		dl_add(d, -2, "Upstream: no repository known");
	else
		dl_add(d, -2, "Upstream: %s (from %s)", u->repo.url, u->repo.from);
	if (u->state == UP_QUEUED)
		dl_add(d, -3, "  waiting for its turn (rate limit)...");
	else if (u->state == UP_RUNNING)
		dl_add(d, -3, "  asking...");
	else if (u->state == UP_FAILED)
		dl_add(d, ST_UNKNOWN, "  %s", u->error);
	else if (u->nitems == 0)
		dl_add(d, -1, "  no free-threading issues or pull requests found");
	for (size_t i = 0; i < u->nitems; i++) {
		const struct upstream_item *it = &u->items[i];
		char *label = upstream_item_label(it);
		struct strbuf sb = STRBUF_INIT;

		for (size_t k2 = 0; k2 < it->labels.n; k2++)
			strbuf_addf(&sb, "%s%s", k2 > 0 ? ", " : " [", it->labels.v[k2]);
		if (it->labels.n > 0)
			strbuf_addch(&sb, ']');
		d->cur_item = (long)i + 1;
		dl_add(d, it->merged ? ST_READY : it->open ? -1 : -3, "  %s%s: %s%s%s%.10s", label,
		    it->tracking ? " (tracking)" : "", it->title != NULL ? it->title : "",
		    strbuf_str(&sb), it->updated != NULL ? ", updated " : "",
		    it->updated != NULL ? it->updated : "");
		d->cur_item = 0;
		strbuf_release(&sb);
		free(label);
	}
	if (u->state == UP_DONE && u->total > u->nitems)
		dl_add(d, -3, "  (%zu found, %zu shown)", u->total, u->nitems);
	{
		struct strlist lines = STRLIST_INIT;
		const struct scan_result *sr = u->scan.result;
		int first = u->scan.error != NULL ? ST_UNKNOWN : u->scan.running ? -3 :
		    sr == NULL ? -1 : sr->state == SCAN_UNRELEASED ? ST_UPGRADE :
		    sr->state == SCAN_RELEASED ? ST_READY : -1;

		upstream_scan_lines(u, &lines);
		for (size_t i = 0; i < lines.n; i++)
			dl_add(d, i == 0 ? first : -1, "  %s%s", i > 0 ? "  " : "", lines.v[i]);
		strlist_clear(&lines);
	}
}

/* The test under PYTHON_GIL=0: what it is doing now, or what it found and with what. */
static void
detail_test(const struct tui *t, struct dlines *d, const struct graph_node *n)
{
	const struct testrun_pkg *run = tui_test_running(t, n->index);
	const struct test_result *tr = tui_test_result(t, n->index);
	char *summary, *detail, *p, *nl, when[32];
	struct tm tm;
	int kind;

	if (run != NULL) {
		dl_add(d, -2, "Test: %s (t or Esc: cancel)", run->activity != NULL ?
		    run->activity : "starting");
		return;
	}
	if (t->test_of != NULL && t->test_of[n->index] != NULL &&
	    t->test_of[n->index]->state == TR_CANCELLED && tr == NULL) {
		dl_add(d, -3, "Test: cancelled");
		return;
	}
	if (tr == NULL)
		return;
	summary = testresult_summary(tr);
	kind = tr->outcome == TO_PASSED ? ST_READY : tr->outcome == TO_GIL_REENABLED ?
	    ST_UPGRADE : ST_BLOCKED;
	dl_add(d, kind, "Test: %s", summary);
	free(summary);
	when[0] = '\0';
	if (tr->when > 0 && localtime_r(&tr->when, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	dl_add(d, -3, "  %s %s with %s (Python %s%s)%s%s", n->dist->name,
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
			dl_add(d, -1, "  %s", p);
		}
		free(detail);
	}
	if (tr->log != NULL)
		dl_add(d, -3, "  log: %s", tr->log);
}

/* The team state's owner, decision and note (keys a, x, c). */
static void
detail_team(const struct tui *t, struct dlines *d, const char *name)
{
	const char *owner = triage_get(t, name, STATE_OWNER);
	const char *note = triage_get(t, name, STATE_NOTE);
	int dec = triage_decision(t, name);

	if (owner != NULL || dec != DECISION_NONE)
		dl_add(d, -2, "Owner: %s%s%s", owner != NULL ? owner : "nobody",
		    dec != DECISION_NONE ? "  Decision: " : "",
		    dec != DECISION_NONE ? state_decision_name(dec) : "");
	if (dec == DECISION_IGNORE)
		dl_add(d, -3, "Ignored: left out of the blocker counts");
	if (note != NULL)
		dl_add(d, -1, "Note: %s", note);
}

static void
detail_lines(const struct tui *t, const struct vm_row *r, struct dlines *d)
{
	const struct check_pkg *cp = row_pkg(t, r);
	const struct dist *dist;
	struct strbuf sb = STRBUF_INIT;
	bool checking;
	enum ft_status own;

	if (r->node == NULL) {
		const struct graph_node *by = r->parent != SIZE_MAX ?
		    t->vm->rows[r->parent].node : NULL;

		dl_add(d, -2, "%s", r->missing_name);
		dl_add(d, ST_UNKNOWN, "%s not installed", draw_glyph(t, ST_UNKNOWN));
		dl_add(d, -1, "%s requires %s%s, which is not installed", by != NULL ?
		    by->dist->name : "a package", r->edge->req->display_name,
		    r->edge->req->specifier);
		if (r->edge->req->marker_text != NULL)
			dl_add(d, -3, "  when %s", r->edge->req->marker_text);
		return;
	}
	dist = r->node->dist;
	own = vm_node_status(t->vm, r->node, &checking);
	dl_add(d, -2, "%s %s", dist->display_name != NULL ? dist->display_name : dist->name,
	    dist->version);
	dl_add(d, (int)own, "%s %s%s", draw_glyph(t, own), status_name(own),
	    checking ? " (checking)" : "");
	if (dist->summary != NULL)
		dl_add(d, -3, "%s", dist->summary);
	detail_team(t, d, dist->name);
	if (cp != NULL && cp->state == CHECK_DONE && cp->verdicts != NULL) {
		const struct verdict *v0 = &cp->verdicts[0];

		dl_add(d, -1, "%s %s%s%s", dist->location != NULL && dist->meta_dir == NULL ?
		    "Locked" : "Installed", dist->version,
		    v0->latest != NULL ? ", latest " : "", v0->latest != NULL ? v0->latest : "");
		for (size_t ti = 0; ti < t->check->ntargets; ti++) {
			for (size_t pi = 0; pi < t->check->nplatforms; pi++) {
				const struct verdict *v =
				    &cp->verdicts[ti * t->check->nplatforms + pi];
				/* With what a source scan found upstream, once known. */
				char *reason = upstream_verdict_reason(t->upstreams != NULL ?
				    t->upstreams[r->node->index] : NULL, v->reason, v->status);

				dl_add(d, (int)v->status, "%s %s %s: %s", draw_glyph(t, v->status),
				    t->check->targets[ti].tag, t->check->platforms[pi],
				    status_name(v->status));
				if (*reason != '\0')
					dl_add(d, -1, "  %s", reason);
				free(reason);
			}
		}
		if (v0->fix_version != NULL)
			dl_add(d, -2, "Fix: pip install \"%s>=%s\"", dist->name, v0->fix_version);
		if (cp->replacement != NULL) {
			char *text = replace_text(cp->replacement);

			dl_add(d, -2, "%c%s", toupper((unsigned char)*text), text + 1);
			if (cp->replacement->source != NULL)
				dl_add(d, -3, "  Source: %s", cp->replacement->source);
			free(text);
		}
		dl_add(d, -3, "Answer from: %s", verdict_source_name(v0->source));
	} else
		dl_add(d, -3, "Waiting for the index...");
	if (cp != NULL && cp->error != NULL)
		dl_add(d, -3, "Index: %s", cp->error);
	if (cp != NULL && cp->leaf_blocker)
		dl_add(d, ST_BLOCKED, "%s leaf blocker: nothing below it blocks; fix it first",
		    G(t)->leaf);
	if (cp != NULL && cp->worst != own && status_severity(cp->worst) > status_severity(own))
		dl_add(d, (int)cp->worst, "Worst below: %s", status_name(cp->worst));
	if (cp != NULL && cp->chain != NULL)
		dl_add(d, -1, "Chain: %s", cp->chain);
	if (cp != NULL && cp->blocked_by.n > 0) {
		for (size_t i = 0; i < cp->blocked_by.n; i++)
			strbuf_addf(&sb, "%s%s", i > 0 ? ", " : "", cp->blocked_by.v[i]);
		dl_add(d, -1, "Blocked by: %s", sb.buf);
		strbuf_reset(&sb);
	}
	if (r->node->nparents > 0) {
		for (size_t i = 0; i < r->node->nparents && i < 8; i++)
			strbuf_addf(&sb, "%s%s", i > 0 ? ", " : "", r->node->parents[i]->dist->name);
		if (r->node->nparents > 8)
			strbuf_addf(&sb, " and %zu more", r->node->nparents - 8);
		dl_add(d, -1, "Needed by: %s", sb.buf);
		strbuf_reset(&sb);
	} else
		dl_add(d, -1, "Needed by: nothing (a root)");
	for (size_t i = 0; i < r->node->nedges; i++) {
		const struct graph_edge *e = &r->node->edges[i];

		if (e->to == NULL)
			dl_add(d, ST_UNKNOWN, "Missing: %s%s", e->req->display_name,
			    e->req->specifier);
		else if (!e->satisfied)
			dl_add(d, ST_UPGRADE, "Unsatisfied: %s%s (installed %s)",
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

			dl_add(d, -3, "%c%s", toupper((unsigned char)*text), text + 1);
			free(text);
			timeline_since_clear(&ts);
		}
	}
	if (dist->home_page != NULL)
		dl_add(d, -1, "Home-page: %s", dist->home_page);
	/* Project-URL is "Label, URL". */
	for (size_t i = 0; i < dist->project_urls.n; i++) {
		const char *u = dist->project_urls.v[i], *comma = strchr(u, ',');

		if (comma != NULL)
			dl_add(d, -1, "%.*s: %s", (int)(comma - u), u, comma + 1 +
			    strspn(comma + 1, " \t"));
		else
			dl_add(d, -1, "%s", u);
	}
	strbuf_release(&sb);
}

/* Draws text wrapped at blanks into the box; returns rows used. */
static int
put_wrapped(const struct tui *t, int y, int x, int w, int maxrows, const char *s,
    attr_t attr, short pair)
{
	int rows = 0, indent = 0;
	const char *p = s;

	/* Continuation lines hang two columns in from the first line's indent. */
	while (s[indent] == ' ' && indent < w / 2)
		indent++;
	while (*p != '\0' && rows < maxrows) {
		if (rows == 1) {
			x += indent + 2;
			w -= indent + 2;
			if (w < 1)
				break;
		}
		size_t fit = 0, lastsp = 0, len = strlen(p);
		int cw = 0;

		/* Longest prefix that fits, by display width. */
		while (fit < len) {
			size_t n = 1;
			char tmp[8];
			int ww;

			while (fit + n < len && ((unsigned char)p[fit + n] & 0xc0) == 0x80)
				n++;
			if (n >= sizeof tmp)
				n = sizeof tmp - 1;
			memcpy(tmp, p + fit, n);
			tmp[n] = '\0';
			ww = text_width(t, tmp);
			if (cw + ww > w)
				break;
			cw += ww;
			if (p[fit] == ' ')
				lastsp = fit;
			fit += n;
		}
		if (fit < len && lastsp > 0)
			fit = lastsp;
		if (fit == 0)
			fit = 1;
		{
			char *part = xstrndup(p, fit);

			put_text(t, y + rows, x, w, part, attr, pair);
			free(part);
		}
		p += fit;
		while (*p == ' ')
			p++;
		rows++;
	}
	return rows;
}

static void
draw_detail(struct tui *t, const struct layout *l)
{
	const struct vm_row *r = vm_current(t->vm);
	struct dlines d;
	int y = l->det_y;
	size_t last = 0;

	if (l->det_w == 0)
		return;
	if (l->side) {
		for (int i = 0; i < l->body_h; i++)
			put_text(t, l->body_y + i, l->tree_w, 1, G(t)->vline, A_NORMAL, 0);
		put_text(t, 2, l->tree_w, 1, G(t)->tee_down, A_NORMAL, 0);
		put_text(t, t->height - 2, l->tree_w, 1, G(t)->tee_up, A_NORMAL, 0);
	} else
		draw_hline(t, l->det_y - 1, 0, t->width);
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
		dl_attr(t, d.kind[i], &attr, &pair);
		y += put_wrapped(t, y, l->det_x + 1, l->det_w - 2, l->det_y + l->det_h - y,
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
		mw = text_width(t, more);
		put_text(t, l->det_y + l->det_h - 1, l->det_x + l->det_w - mw - 1, mw, more,
		    A_REVERSE, 0);
		free(more);
	}
	strlist_clear(&d.text);
	free(d.kind);
	free(d.item);
}

/* --- help ------------------------------------------------------------------- */

/* One action: keys, name and help, the help wrapped under itself when narrow. */
static void
help_entry(const struct tui *t, struct dlines *d, int kw, const char *keys, int nw,
    const char *name, const char *help)
{
	int avail = t->width - 2 - (2 + kw + 2 + nw + 2);
	size_t len = strlen(help), start = 0;
	bool first = true;

	if (avail < 20 || (int)len <= avail) {
		dl_add(d, -1, "  %-*s  %-*s  %s", kw, keys, nw, name, help);
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
		dl_add(d, -1, "  %-*s  %-*s  %.*s", kw, first ? keys : "", nw, first ? name : "",
		    (int)(cut - start), help + start);
		first = false;
		start = cut;
		while (help[start] == ' ')
			start++;
	}
}

static void
help_lines(const struct tui *t, struct dlines *d)
{
	const char *group = "";
	char *where = home_short(t->config_path != NULL ? t->config_path :
	    "~/.config/ftport/config");
	int kw = 9, nw = 0;

	dl_add(d, -2, "ftport keys (rebind them in %s)", where);
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
			dl_add(d, -1, "%s", "");
			dl_add(d, -2, "%s", group);
		}
		help_entry(t, d, kw, *keys != '\0' ? keys : "(unbound)", nw, action_table[a].name,
		    action_table[a].help);
		free(keys);
	}
	dl_add(d, -1, "%s", "");
	dl_add(d, -2, "Statuses%s", t->color ? " (glyph, word, colour)" :
	    " (glyph and word; colours are off)");
	for (int s = 0; s < ST_COUNT; s++)
		dl_add(d, s, "  %s %-11s %-8s %s", draw_glyph(t, (enum ft_status)s),
		    status_name((enum ft_status)s), t->color ? status_colour_names[s] : "",
		    status_meanings[s]);
	dl_add(d, -1, "  %s leaf blocker (fix first)   %s/%s folded/unfolded   %s cycle",
	    G(t)->leaf, G(t)->closed, G(t)->open, G(t)->cycle);
	if (t->env->warnings.n > 0) {
		dl_add(d, -1, "%s", "");
		dl_add(d, -2, "Environment warnings");
		for (size_t i = 0; i < t->env->warnings.n; i++)
			dl_add(d, ST_UPGRADE, "  %s", t->env->warnings.v[i]);
	}
	if (t->config_errors.n > 0) {
		dl_add(d, -1, "%s", "");
		dl_add(d, -2, "Config problems");
		for (size_t i = 0; i < t->config_errors.n; i++)
			dl_add(d, ST_BLOCKED, "  %s", t->config_errors.v[i]);
	}
}

static void
draw_help(struct tui *t)
{
	struct dlines d;
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

		dl_attr(t, d.kind[i], &attr, &pair);
		put_trunc(t, y, 1, t->width - 2, d.text.v[i], attr, pair);
	}
	strlist_clear(&d.text);
	free(d.kind);
	free(d.item);
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
		int lw = put_text(t, y, 0, t->width - 2, label, A_BOLD, 0);

		used = put_text(t, y, lw, t->width - 1 - lw, text, A_NORMAL, 0);
		fill(y, lw + used, 1, A_REVERSE);
		free(text);
		return;
	}
	if (t->message != NULL) {
		put_trunc(t, y, 1, t->width - 2, t->message,
		    t->message_error ? A_BOLD : A_NORMAL,
		    t->message_error && t->color ? PAIR_RED : 0);
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
		if (text_width(t, sb.buf) > t->width - 2)
			break;
	}
	put_trunc(t, y, 1, t->width - 2, strbuf_str(&sb), A_DIM, 0);
	strbuf_release(&sb);
}

void
draw_screen(struct tui *t)
{
	struct layout l;

	werase(stdscr);
	if (t->height < 6 || t->width < 20) {
		put_text(t, 0, 0, t->width, "terminal too small", A_BOLD, 0);
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
	draw_hline(t, 2, 0, t->width);
	draw_tree(t, &l);
	draw_detail(t, &l);
	draw_hline(t, t->height - 2, 0, l.side ? l.tree_w : t->width);
	if (l.side)
		draw_hline(t, t->height - 2, l.tree_w + 1, t->width - l.tree_w - 1);
	if (l.side) {
		put_text(t, 2, l.tree_w, 1, G(t)->tee_down, A_NORMAL, 0);
		put_text(t, t->height - 2, l.tree_w, 1, G(t)->tee_up, A_NORMAL, 0);
	}
	if (t->vm->truncated)
		put_text(t, t->height - 2, 2, t->width - 4, " tree cut short: fold some of it ",
		    A_BOLD, 0);
	draw_status(t);
	wnoutrefresh(stdscr);
}
