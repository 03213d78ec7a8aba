/* tree.c: the tree view, the main list: one row per package (tree, blockers first or
 * reverse, as the view model orders them) with its status, fix, team marks and test
 * result; moving, folding, the view, the filter and the search go to the view model. */
#include "config.h"

#include <stdlib.h>

#include "app.h"
#include "sanitize.h"
#include "state.h"
#include "evidence.h"
#include "testui.h"
#include "text.h"
#include "tree.h"
#include "triage.h"
#include "view.h"

static void
tree_row(struct view *v, int y, size_t i)
{
	struct app *app = v->app;
	const struct vm_row *r = &app->vm->rows[i];
	const struct check_pkg *cp = app_check_pkg(app, r->node);
	const struct glyphs *g = text_glyphs();
	bool cur = i == app->vm->cursor;
	attr_t base = cur ? A_REVERSE : A_NORMAL, attr;
	short pair;
	struct strbuf rb = STRBUF_INIT;
	char *name, *right;
	int x = v->rect.x, w = v->rect.w, indent, rw, left;

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
		/* Runtime evidence beside the verdict, as a word: a test going, or the
		 * result the verdict carries ("passed", "passed on 3.0.2" for another
		 * version's), or this session's that is not one (ftport's own set-up). */
		const struct test_result *tr = testui_result(app, r->node->index);
		char *cell = cp != NULL && cp->state == CHECK_DONE && cp->verdicts != NULL ?
		    evidence_cell(&cp->verdicts[0], r->node->dist->version) : NULL;

		if (testui_running(app, r->node->index) != NULL)
			strbuf_addstr(&rb, " [testing]");
		else if (cell != NULL)
			strbuf_addf(&rb, " [%s]", cell);
		else if (tr != NULL)
			strbuf_addf(&rb, " [%s]", testresult_outcome_name(tr->outcome));
		free(cell);
	}
	right = sanitize_text(strbuf_str(&rb));
	strbuf_release(&rb);
	rw = text_width(right);
	if (rw > w / 2)
		rw = w / 2;
	left = w - (x - v->rect.x) - rw - 2;

	if (r->node != NULL) {
		struct strbuf nb = STRBUF_INIT;

		if (app->marked != NULL && app->marked[r->node->index])
			strbuf_addstr(&nb, "* ");
		strbuf_addstr(&nb, r->node->dist->display_name != NULL ?
		    r->node->dist->display_name : r->node->dist->name);
		strbuf_addf(&nb, " %s", r->node->dist->version);
		if (r->edge != NULL && !r->edge->satisfied)
			strbuf_addf(&nb, " (needs %s)", graph_edge_unmet(r->edge));
		/* What the team decided, and who has it. */
		{
			int dec = triage_decision(app, r->node->dist->name);
			const char *owner = triage_get(app, r->node->dist->name, STATE_OWNER);

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
	/* The last search's matches stand out (less, vim's hlsearch). */
	if (vm_search_matches(app->vm, i))
		text_trunc(y, x, left, name, base | A_BOLD | A_UNDERLINE,
		    text_color() ? PAIR_YELLOW : 0);
	else
		text_trunc(y, x, left, name, base | (r->match ? A_NORMAL : A_DIM), 0);
	text_status_attr(r->status, &attr, &pair);
	if (rw > 0)
		text_trunc(y, v->rect.x + w - rw - 1, rw, right, base | attr, pair);
	free(name);
	free(right);
}

static void
tree_draw(struct view *v)
{
	struct viewmodel *vm = v->app->vm;
	size_t h = (size_t)v->rect.h, margin;

	if (vm->nrows == 0) {
		text_put(v->rect.y, v->rect.x + 1, v->rect.w - 1, vm->filter != FILTER_ALL ?
		    "Nothing matches this filter (f: next filter)." :
		    "No packages found in this environment.", A_DIM, 0);
		return;
	}
	/* A margin of rows around the cursor (vim's scrolloff, tig's): a search or a jump
	 * that lands on the last row shows nothing of what comes after it. */
	margin = h >= 12 ? 3 : h >= 6 ? 1 : 0;
	if (vm->cursor < v->top + margin)
		v->top = vm->cursor > margin ? vm->cursor - margin : 0;
	if (vm->cursor + margin >= v->top + h)
		v->top = vm->cursor + margin - h + 1;
	if (vm->nrows > h && v->top > vm->nrows - h)
		v->top = vm->nrows - h;
	if (vm->nrows <= h)
		v->top = 0;
	for (size_t i = 0; i < h && v->top + i < vm->nrows; i++)
		tree_row(v, v->rect.y + (int)i, v->top + i);
}

void
tree_search_said(struct app *app)
{
	size_t nth, n = vm_search_count(app->vm, &nth);

	if (n == 1)
		app_message(app, false, "1 match for '%s'", app->vm->search);
	else if (nth != 0)
		app_message(app, false, "match %zu of %zu for '%s'", nth, n, app->vm->search);
	else
		app_message(app, false, "%zu matches for '%s'", n, app->vm->search);
}

static int
tree_request(struct view *v, enum action_id act, keycode key)
{
	struct app *app = v->app;
	struct viewmodel *vm = app->vm;
	long page = v->rect.h > 1 ? v->rect.h - 1 : 1;

	(void)key;
	switch (act) {
	case ACT_MOVE_DOWN:
		vm_move(vm, 1);
		break;
	case ACT_MOVE_UP:
		vm_move(vm, -1);
		break;
	case ACT_PAGE_DOWN:
		vm_move(vm, page);
		break;
	case ACT_PAGE_UP:
		vm_move(vm, -page);
		break;
	case ACT_MOVE_FIRST:
		vm_first(vm);
		break;
	case ACT_MOVE_LAST:
		vm_last(vm);
		break;
	case ACT_FOLD:
		vm_fold(vm);
		break;
	case ACT_UNFOLD:
		vm_unfold(vm);
		break;
	case ACT_FOLD_ALL:
		vm_fold_all(vm);
		break;
	case ACT_UNFOLD_ALL:
		vm_unfold_all(vm);
		break;
	case ACT_VIEW:
		vm_cycle_view(vm);
		break;
	case ACT_FILTER:
		vm_cycle_filter(vm);
		app_message(app, false, "filter: %s (%zu line%s)", vm_filter_name(vm->filter),
		    vm->nrows, vm->nrows == 1 ? "" : "s");
		break;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (vm->search == NULL)
			app_message(app, true, "no search yet: press / first");
		else if (!vm_search(vm, NULL, act == ACT_SEARCH_NEXT))
			app_message(app, true, "no package matches '%s'", vm->search);
		else
			tree_search_said(app);
		break;
	default:
		return VIEW_IGNORED;
	}
	return VIEW_HANDLED;
}

static const struct view_hint tree_hints[] = {
	{ ACT_MOVE_DOWN, ACT_MOVE_UP, "move" }, { ACT_FOLD, ACT_UNFOLD, "fold" },
	{ ACT_SEARCH, ACT_NONE, "search" }, { ACT_FILTER, ACT_NONE, "filter" },
	{ ACT_VIEW, ACT_NONE, "view" }, { ACT_DETAIL, ACT_NONE, "details" },
	{ ACT_HELP, ACT_NONE, "help" }, { ACT_QUIT, ACT_NONE, "quit" },
};

const struct view_ops tree_view_ops = {
	.name = "tree",
	.draw = tree_draw,
	.request = tree_request,
	.hints = tree_hints,
	.nhints = nitems(tree_hints),
};
