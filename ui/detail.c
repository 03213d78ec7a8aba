/* detail.c: the detail view, the pane beside or below the tree: everything known about
 * the package under the cursor (verdicts per target and platform, the fix, the chain,
 * what needs it, tests, upstream findings, the team's notes), scrolled on its own. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "detail.h"
#include "replace.h"
#include "state.h"
#include "evidence.h"
#include "testui.h"
#include "text.h"
#include "timeline.h"
#include "triage.h"
#include "upstream.h"
#include "view.h"

/* The files found per target and platform, as the verdict code describes them. */
static void
detail_files(const struct app *app, struct text_lines *d, const struct check_pkg *cp)
{
	if (cp->project == NULL)
		return;
	for (size_t ti = 0; ti < app->check->ntargets; ti++) {
		for (size_t pi = 0; pi < app->check->nplatforms; pi++) {
			char *text = verdict_files_text(cp->node->dist, cp->project,
			    &app->check->targets[ti], app->check->platforms[pi]);
			char *p = text, *nl;

			if (app->check->ntargets * app->check->nplatforms > 1)
				text_lines_add(d, LINE_TITLE, "Files for %s %s:", app->check->targets[ti].tag,
				    app->check->platforms[pi]);
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
detail_upstream(const struct app *app, struct text_lines *d, const struct graph_node *n)
{
	const struct upstream *u = app->upstreams != NULL ? app->upstreams[n->index] : NULL;

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
		    sr->state == SCAN_UPGRADE ? ST_UPGRADE : sr->state == SCAN_GIL_USED ?
		    ST_BLOCKED : sr->state == SCAN_RELEASED ? ST_READY : LINE_NORMAL;

		upstream_scan_lines(u, &lines);
		for (size_t i = 0; i < lines.n; i++)
			text_lines_add(d, i == 0 ? first : LINE_NORMAL, "  %s%s", i > 0 ? "  " : "", lines.v[i]);
		strlist_clear(&lines);
	}
}

/* The test under PYTHON_GIL=0: what it is doing now, or what it found and with what. */
static void
detail_test(const struct app *app, struct text_lines *d, const struct graph_node *n)
{
	const struct check_pkg *cp = app_check_pkg(app, n);
	const struct testrun_pkg *run = testui_running(app, n->index);
	const struct test_result *tr = testui_result(app, n->index);
	char *summary, *detail, *p, *nl, when[32];
	struct tm tm;
	int kind;

	if (run != NULL) {
		text_lines_add(d, LINE_TITLE, "Test: %s (t or Esc: cancel)", run->activity != NULL ?
		    run->activity : "starting");
		return;
	}
	if (app->test_of != NULL && app->test_of[n->index] != NULL &&
	    app->test_of[n->index]->state == TR_CANCELLED && tr == NULL) {
		text_lines_add(d, LINE_DIM, "Test: cancelled");
		return;
	}
	if (tr == NULL)
		return;
	if (cp != NULL && cp->state == CHECK_DONE && cp->verdicts != NULL &&
	    tr != cp->verdicts[0].test && (tr == cp->verdicts[0].other ||
	    !evidence_current(tr, n->dist->version, cp->verdicts[0].target))) {
		/* Another version's or interpreter's: said so, and never as this one's. */
		char *s = evidence_sentence(&cp->verdicts[0], n->dist->version);

		if (s == NULL)
			s = testresult_summary(tr);
		text_lines_add(d, LINE_DIM, "Test: %s", s);
		free(s);
		return;
	}
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
detail_team(const struct app *app, struct text_lines *d, const char *name)
{
	const char *owner = triage_get(app, name, STATE_OWNER);
	const char *note = triage_get(app, name, STATE_NOTE);
	int dec = triage_decision(app, name);

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
detail_lines(const struct app *app, const struct vm_row *r, struct text_lines *d)
{
	const struct check_pkg *cp = app_check_pkg(app, r->node);
	const struct dist *dist;
	struct strbuf sb = STRBUF_INIT;
	bool checking;
	enum ft_status own;

	if (r->node == NULL) {
		const struct graph_node *by = r->parent != SIZE_MAX ?
		    app->vm->rows[r->parent].node : NULL;

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
	own = vm_node_status(app->vm, r->node, &checking);
	text_lines_add(d, LINE_TITLE, "%s %s", dist->display_name != NULL ? dist->display_name : dist->name,
	    dist->version);
	if (cp != NULL && cp->state == CHECK_DONE && cp->verdicts != NULL &&
	    cp->verdicts[0].test != NULL && !checking) {
		/* Runtime evidence beside the wheel verdict, or in its place. */
		const struct verdict *v0 = &cp->verdicts[0];

		if (v0->status != v0->wheel)
			text_lines_add(d, (int)own, "%s %s under PYTHON_GIL=0 (the wheels alone "
			    "say %s)", text_glyph(own), status_name(own), status_name(v0->wheel));
		else
			text_lines_add(d, (int)own, "%s %s, %s under PYTHON_GIL=0", text_glyph(own),
			    status_name(own), testresult_outcome_name(v0->test->outcome));
	} else
		text_lines_add(d, (int)own, "%s %s%s", text_glyph(own), status_name(own),
		    checking ? " (checking)" : "");
	if (dist->summary != NULL)
		text_lines_add(d, LINE_DIM, "%s", dist->summary);
	detail_team(app, d, dist->name);
	if (cp != NULL && cp->state == CHECK_DONE && cp->verdicts != NULL) {
		const struct verdict *v0 = &cp->verdicts[0];

		text_lines_add(d, LINE_NORMAL, "%s %s%s%s", dist->location != NULL && dist->meta_dir == NULL ?
		    "Locked" : "Installed", dist->version,
		    v0->latest != NULL ? ", latest " : "", v0->latest != NULL ? v0->latest : "");
		for (size_t ti = 0; ti < app->check->ntargets; ti++) {
			for (size_t pi = 0; pi < app->check->nplatforms; pi++) {
				const struct verdict *v =
				    &cp->verdicts[ti * app->check->nplatforms + pi];
				/* With what a source scan found upstream, once known. */
				char *reason = upstream_verdict_reason(app->upstreams != NULL ?
				    app->upstreams[r->node->index] : NULL, v->reason, v->status);

				text_lines_add(d, (int)v->status, "%s %s %s: %s", text_glyph(v->status),
				    app->check->targets[ti].tag, app->check->platforms[pi],
				    status_name(v->status));
				if (*reason != '\0')
					text_lines_add(d, LINE_NORMAL, "  %s", reason);
				free(reason);
			}
		}
		if (v0->fix_version != NULL) {
			/* One shell word, whatever the name from metadata holds. */
			char *req = xprintf("%s>=%s", dist->name, v0->fix_version);
			char *word = shell_quote(req);

			text_lines_add(d, LINE_TITLE, "Fix: pip install %s", word);
			free(req);
			free(word);
		}
		if (cp->replacement != NULL) {
			char *text = replace_text(cp->replacement);

			text_lines_add(d, LINE_TITLE, "%c%s", toupper((unsigned char)*text), text + 1);
			if (cp->replacement->source != NULL)
				text_lines_add(d, LINE_DIM, "  Source: %s", cp->replacement->source);
			free(text);
		}
		if (cp->nightly != NULL)
			text_lines_add(d, LINE_TITLE, "%c%s%s%s%s", toupper((unsigned char)*cp->nightly),
			    cp->nightly + 1, cp->nightly_version != NULL ? " (" : "",
			    cp->nightly_version != NULL ? cp->nightly_version : "",
			    cp->nightly_version != NULL ? ")" : "");
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
			text_lines_add(d, ST_UPGRADE, "Unsatisfied: %s %s (installed %s)",
			    e->req->display_name, graph_edge_unmet(e),
			    e->to->dist->version != NULL ? e->to->dist->version : "-");
	}
	detail_test(app, d, r->node);
	detail_upstream(app, d, r->node);
	if (cp != NULL && app->check != NULL)
		detail_files(app, d, cp);
	{
		struct timeline_since ts;

		if (timeline_since(app->snapshot, dist->name, cp != NULL ? cp->project : NULL,
		    &ts)) {
			/* The history's date with it: it ages. */
			char *text = timeline_since_text(&ts, app->snapshot->date);

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

/* The view's own state. */
struct detail_data {
	const struct graph_node	*node;		/* whose details v->top is for */
	long			 hidden;	/* 1 + app->finding while hidden */
};

static void
detail_draw(struct view *v)
{
	struct app *app = v->app;
	struct detail_data *dd = v->data;
	const struct rect *box = &v->rect;
	const struct vm_row *r = vm_current(app->vm);
	struct text_lines d;
	int y = box->y;
	size_t last = 0;

	if (r == NULL)
		return;
	/* Another package: back to the top of its details. */
	if (dd->node != r->node || r->node == NULL) {
		dd->node = r->node;
		v->top = 0;
	}
	memset(&d, 0, sizeof d);
	detail_lines(app, r, &d);
	if (v->top >= d.text.n)
		v->top = d.text.n > 0 ? d.text.n - 1 : 0;
	/* open-url opens the first finding shown: scrolling the pane chooses another. */
	app->finding = -1;
	for (size_t i = v->top; i < d.text.n && y < box->y + box->h; i++) {
		attr_t attr;
		short pair;

		if (d.item[i] > 0 && app->finding < 0) {
			app->finding = d.item[i] - 1;
			d.text.v[i][0] = '>';
		}
		text_lines_attr(d.kind[i], &attr, &pair);
		y += text_wrapped(y, box->x + 1, box->w - 2, box->y + box->h - y,
		    d.text.v[i], attr, pair);
		last = i;
	}
	/* Say there is more, and which key shows it. */
	if (last + 1 < d.text.n) {
		keycode k[1];
		char *more;
		int mw;

		if (keymap_keys(&app->keys, ACT_DETAIL_DOWN, k, 1) == 1)
			more = xprintf(" %s more ", keyc_name(k[0]));
		else
			more = xstrdup(" more ");
		mw = text_width(more);
		text_put(box->y + box->h - 1, box->x + box->w - mw - 1, mw, more, A_REVERSE, 0);
		free(more);
	}
	text_lines_clear(&d);
}

/* open-url opens the marked finding only while the pane shows it. */
static void
detail_open(struct view *v)
{
	struct detail_data *dd = v->data;

	v->app->finding = dd->hidden - 1;
}

static void
detail_close(struct view *v)
{
	struct detail_data *dd = v->data;

	dd->hidden = v->app->finding + 1;
	v->app->finding = -1;
}

/* Its keys work while it is hidden too: the first scroll down shows it. */
static int
detail_request(struct view *v, enum action_id act, keycode key)
{
	switch (act) {
	case ACT_DETAIL:
		return VIEW_HANDLED | (v->shown ? VIEW_CLOSE : VIEW_OPEN);
	case ACT_DETAIL_DOWN:
		if (!v->shown)
			return VIEW_HANDLED | VIEW_OPEN;
		v->top++;
		return VIEW_HANDLED;
	case ACT_DETAIL_UP:
		if (v->top > 0)
			v->top--;
		return VIEW_HANDLED;
	case ACT_QUIT:
		/* q closes the pane before it quits. */
		return v->shown ? VIEW_HANDLED | VIEW_CLOSE : VIEW_IGNORED;
	case ACT_NONE:
		return key == KEYC_ESCAPE && v->shown ? VIEW_HANDLED | VIEW_CLOSE : VIEW_IGNORED;
	default:
		return VIEW_IGNORED;
	}
}

const struct view_ops detail_view_ops = {
	.name = "detail",
	.private_size = sizeof(struct detail_data),
	.open = detail_open,
	.close = detail_close,
	.draw = detail_draw,
	.request = detail_request,
};
