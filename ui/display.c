/* display.c: the loop and the screen. The views (view.h) are laid out here (the tree,
 * the detail pane beside or below it, the help over both), keys go to the one with the
 * focus and then to the display's own actions, the status line shows the prompt, the
 * message or the focused view's key hints, and each turn of the loop ends with one
 * doupdate (curses sends only what changed). */
#include "config.h"

#include <curses.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "browser.h"
#include "detail.h"
#include "display.h"
#include "help.h"
#include "keys.h"
#include "messages.h"
#include "term.h"
#include "testui.h"
#include "text.h"
#include "title.h"
#include "tree.h"
#include "triage.h"
#include "upstreamui.h"
#include "view.h"

enum { V_TITLE, V_TREE, V_DETAIL, V_HELP, V_MESSAGES, V_COUNT };

static const struct view_ops *const display_views[V_COUNT] = {
	&title_view_ops, &tree_view_ops, &detail_view_ops, &help_view_ops, &messages_view_ops
};

struct display {
	struct app	*app;
	struct view	 views[V_COUNT];
	int		 height, width;
	bool		 side;		/* the detail pane is on the right of the tree */
	bool		 quit;
};

struct display *
display_new(struct app *app)
{
	struct display *d = xcalloc(1, sizeof *d);

	d->app = app;
	d->height = LINES;
	d->width = COLS;
	for (int i = 0; i < V_COUNT; i++) {
		d->views[i].ops = display_views[i];
		d->views[i].app = app;
		if (display_views[i]->private_size > 0)
			d->views[i].data = xcalloc(1, display_views[i]->private_size);
	}
	d->views[V_TITLE].shown = d->views[V_TREE].shown = true;
	return d;
}

void
display_free(struct display *d)
{
	if (d == NULL)
		return;
	for (int i = 0; i < V_COUNT; i++)
		free(d->views[i].data);
	free(d);
}

struct app *
display_app(const struct display *d)
{
	return d->app;
}

bool
display_quitting(const struct display *d)
{
	return d->quit;
}

static void
display_show(struct display *d, int i, bool shown)
{
	struct view *v = &d->views[i];

	if (v->shown == shown)
		return;
	v->shown = shown;
	if (shown && v->ops->open != NULL)
		v->ops->open(v);
	else if (!shown && v->ops->close != NULL)
		v->ops->close(v);
}

/* Where each view goes: two title rows and a rule, the body, a rule and the status
 * line; the detail pane takes two fifths on the right of a wide terminal, else the
 * lower half of the body (if there is room: otherwise it is shown nowhere). The help
 * takes all but the status line. */
static void
display_layout(struct display *d)
{
	struct rect *tree = &d->views[V_TREE].rect, *det = &d->views[V_DETAIL].rect;
	int body_y = 3, body_h = d->height - 5, w = d->width;

	if (body_h < 1)
		body_h = 1;
	d->views[V_TITLE].rect = (struct rect){ 0, 0, 2, w };
	d->views[V_HELP].rect = (struct rect){ 0, 0, d->height - 1, w };
	d->views[V_MESSAGES].rect = d->views[V_HELP].rect;
	*tree = (struct rect){ body_y, 0, body_h, w };
	*det = (struct rect){ 0, 0, 0, 0 };
	d->side = false;
	if (!d->views[V_DETAIL].shown)
		return;
	if (w >= 100) {
		int dw = w * 2 / 5;

		d->side = true;
		tree->w = w - dw - 1;
		*det = (struct rect){ body_y, tree->w + 1, body_h, dw };
	} else if (body_h >= 5) {
		int dh = body_h / 2;

		tree->h = body_h - dh - 1;
		*det = (struct rect){ tree->y + tree->h + 1, 0, dh, w };
	}
}

/* --- keys ------------------------------------------------------------------- */

/* The display's own actions: those of no view, which act on the app. */
static void
display_request(struct display *d, enum action_id act)
{
	struct app *app = d->app;

	switch (act) {
	case ACT_SEARCH:
		prompt_start(&app->prompt, PROMPT_SEARCH, "/", NULL);
		break;
	case ACT_OWNER:
		triage_prompt(app, PROMPT_OWNER);
		break;
	case ACT_NOTE:
		triage_prompt(app, PROMPT_NOTE);
		break;
	case ACT_DECISION:
		triage_prompt(app, PROMPT_DECISION);
		break;
	case ACT_EXPORT:
		triage_export(app);
		break;
	case ACT_DRAFT:
		triage_draft(app);
		break;
	case ACT_REFRESH:
		app_refresh(app);
		break;
	case ACT_REVALIDATE:
		app_revalidate(app);
		break;
	case ACT_NIGHTLY:
		app_toggle_nightly(app);
		break;
	case ACT_UPSTREAM:
		upstreamui_ask(app);
		break;
	case ACT_OPEN_URL:
		browser_open_url(app);
		break;
	case ACT_TEST:
		testui_test(app);
		break;
	case ACT_MARK:
		testui_mark(app);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_HELP:
		display_show(d, V_HELP, true);
		break;
	case ACT_MESSAGES:
		display_show(d, V_MESSAGES, true);
		break;
	case ACT_QUIT:
	case ACT_QUIT_ALL:
		d->quit = true;
		break;
	default:
		break;
	}
}

/* A view's answer to a request: shown or hidden as it asks. */
static bool
display_offer(struct display *d, int i, enum action_id act, keycode k)
{
	struct view *v = &d->views[i];
	int r = v->ops->request(v, act, k);

	if (r & VIEW_OPEN)
		display_show(d, i, true);
	if (r & VIEW_CLOSE)
		display_show(d, i, false);
	return (r & VIEW_HANDLED) != 0;
}

static void
display_prompt_entered(struct display *d)
{
	struct app *app = d->app;

	if (app->prompt.kind != PROMPT_SEARCH)
		triage_prompt_done(app);
	else if (app->prompt.text.len > 0 && !vm_search(app->vm, app->prompt.text.buf, true))
		app_message(app, true, "no package matches '%s'", app->prompt.text.buf);
	else if (app->prompt.text.len > 0)
		tree_search_said(app);
}

void
display_key(struct display *d, keycode k)
{
	struct app *app = d->app;
	enum action_id act;

	/* Every key draws: it may clear the message, and a rebuild put off while answers
	 * stream in is done with it. */
	app->screen_dirty = true;
	if (k == KEYC_RESIZE) {
		/* The terminal may have reflowed what it showed: repaint all of it. */
		d->height = LINES;
		d->width = COLS;
		clearok(curscr, TRUE);
		return;
	}
	if (app->prompt.active) {
		if (prompt_key(&app->prompt, k) == PROMPT_ENTERED)
			display_prompt_entered(d);
		return;
	}
	free(app->message);
	app->message = NULL;
	act = keymap_lookup(&app->keys, k);
	if (act == ACT_COUNT)
		act = ACT_NONE;
	/* Page sizes are the views' heights as they are now. */
	display_layout(d);
	/* Q quits from anywhere; q closes what is open first (tig's views). */
	if (act == ACT_QUIT_ALL) {
		d->quit = true;
		return;
	}
	if (d->views[V_HELP].shown) {
		display_offer(d, V_HELP, act, k);
		return;
	}
	if (d->views[V_MESSAGES].shown) {
		display_offer(d, V_MESSAGES, act, k);
		return;
	}
	/* Esc stops the tests first, then closes the detail pane. */
	if (act == ACT_NONE && k == KEYC_ESCAPE && testui_cancel_all(app))
		return;
	/* The pane takes its keys while hidden too (its first scroll shows it). */
	if (display_offer(d, V_DETAIL, act, k) || display_offer(d, V_TREE, act, k))
		return;
	display_request(d, act);
}

/* --- the screen ------------------------------------------------------------- */

/* The prompt being read, else the message, else the focused view's key hints. */
static void
display_status(struct display *d, const struct view *focus)
{
	struct app *app = d->app;
	const struct view_hint *h = focus->ops->hints;
	struct strbuf sb = STRBUF_INIT;
	int y = d->height - 1;

	if (app->prompt.active) {
		prompt_draw(&app->prompt, y, d->width);
		return;
	}
	if (app->message != NULL) {
		text_trunc(y, 1, d->width - 2, app->message,
		    app->message_error ? A_BOLD : A_NORMAL,
		    app->message_error && text_color() ? PAIR_RED : 0);
		return;
	}
	/* How to get help and how to quit are never dropped; the other hints go, last
	 * first, when the width is short. */
	{
		char *item[16];
		bool keep[16];
		int room = d->width - 2, used = 0;
		bool full = false;
		size_t n = focus->ops->nhints < 16 ? focus->ops->nhints : 16;

		for (size_t i = 0; i < n; i++) {
			keycode k[1], k2[1];
			struct strbuf ib = STRBUF_INIT;

			item[i] = NULL;
			keep[i] = h[i].a == ACT_HELP || h[i].a == ACT_QUIT;
			if (keymap_keys(&app->keys, h[i].a, k, 1) == 0)
				continue;
			strbuf_addstr(&ib, keyc_name(k[0]));
			if (h[i].b != ACT_NONE && keymap_keys(&app->keys, h[i].b, k2, 1) == 1)
				strbuf_addf(&ib, "/%s", keyc_name(k2[0]));
			strbuf_addf(&ib, " %s", h[i].label);
			item[i] = strbuf_detach(&ib, NULL);
			if (keep[i])
				used += text_width(item[i]) + 2;
		}
		for (size_t i = 0; i < n; i++) {
			if (item[i] == NULL || keep[i])
				continue;
			if (!full && used + text_width(item[i]) + 2 <= room + 2)
				used += text_width(item[i]) + 2;
			else {
				full = true;
				free(item[i]);
				item[i] = NULL;
			}
		}
		for (size_t i = 0; i < n; i++) {
			if (item[i] == NULL)
				continue;
			strbuf_addf(&sb, "%s%s", sb.len > 0 ? "  " : "", item[i]);
			free(item[i]);
		}
	}
	text_trunc(y, 1, d->width - 2, strbuf_str(&sb), A_DIM, 0);
	strbuf_release(&sb);
}

/* The rules between the title, the body and the status line, and around the pane. */
static void
display_rules(struct display *d)
{
	const struct glyphs *g = text_glyphs();
	const struct view *tree = &d->views[V_TREE], *det = &d->views[V_DETAIL];
	int bottom = d->height - 2, split = tree->rect.w;

	text_hline(2, 0, d->width);
	if (d->side) {
		for (int i = 0; i < det->rect.h; i++)
			text_put(det->rect.y + i, split, 1, g->vline, A_NORMAL, 0);
		text_hline(bottom, 0, split);
		text_hline(bottom, split + 1, d->width - split - 1);
		text_put(2, split, 1, g->tee_down, A_NORMAL, 0);
		text_put(bottom, split, 1, g->tee_up, A_NORMAL, 0);
	} else {
		if (det->rect.w > 0)
			text_hline(det->rect.y - 1, 0, d->width);
		text_hline(bottom, 0, d->width);
	}
	if (d->app->vm->truncated)
		text_put(bottom, 2, d->width - 4, " tree cut short: fold some of it ", A_BOLD, 0);
	/* Where the cursor is, as tig says it: "line 33/249 13%". */
	if (d->app->vm->nrows > 0) {
		const struct viewmodel *vm = d->app->vm;
		char *pos = xprintf(" line %zu/%zu %zu%% ", vm->cursor + 1, vm->nrows,
		    (vm->cursor + 1) * 100 / vm->nrows);
		int pw = text_width(pos);

		if (pw + 4 < split - (vm->truncated ? 36 : 0))
			text_put(bottom, split - pw - 1, pw, pos, A_NORMAL, 0);
		free(pos);
	}
}

static void
display_draw(struct display *d)
{
	struct view *help = &d->views[V_HELP];

	if (!help->shown && d->views[V_MESSAGES].shown)
		help = &d->views[V_MESSAGES];
	werase(stdscr);
	if (d->height < 6 || d->width < 20) {
		text_put(0, 0, d->width, "terminal too small", A_BOLD, 0);
		wnoutrefresh(stdscr);
		return;
	}
	display_layout(d);
	if (help->shown) {
		help->ops->draw(help);
		display_status(d, help);
		wnoutrefresh(stdscr);
		return;
	}
	display_rules(d);
	for (int i = V_TITLE; i <= V_DETAIL; i++) {
		struct view *v = &d->views[i];

		if (v->shown && v->rect.w > 0 && v->rect.h > 0)
			v->ops->draw(v);
	}
	display_status(d, &d->views[V_TREE]);
	wnoutrefresh(stdscr);
}

void
display_update(struct display *d)
{
	struct app *app = d->app;

	if (!app_update(app))
		return;
	display_draw(d);
	doupdate();
	app->screen_dirty = false;
	if (app->first_frame_ms < 0)
		app->first_frame_ms = now_ms() - app->start_ms;
	if (app->full_frame_ms < 0 && app_idle(app))
		app->full_frame_ms = now_ms() - app->start_ms;
}

/* --- the loop --------------------------------------------------------------- */

int
display_run(struct display *d, display_feed feed, void *arg)
{
	struct app *app = d->app;
	struct curl_waitfd fds[2];
	unsigned nfds;
	int rc;
	wint_t wch;

	display_update(d);
	while (!d->quit) {
		nfds = 0;
		fds[nfds].fd = term_wake_fd();
		fds[nfds].events = CURL_WAIT_POLLIN;
		fds[nfds].revents = 0;
		nfds++;
		if (feed == NULL) {
			fds[nfds].fd = STDIN_FILENO;
			fds[nfds].events = CURL_WAIT_POLLIN;
			fds[nfds].revents = 0;
			nfds++;
		}
		if (loop_turn(app->loop, fds, nfds, feed != NULL && app_idle(app) ? 0 :
		    app->model_dirty ? APP_REBUILD_MS : 1000))
			app->model_dirty = true;
		term_drain();
		upstreamui_tick(app);
		if (term_signal() != 0)
			return term_signal();
		browser_reap(app);
		if (feed != NULL) {
			display_update(d);
			if (!feed(d, arg))
				break;
		} else {
			size_t nkeys = 0;

			if (term_resized())
				display_key(d, KEYC_RESIZE);
			while (!d->quit && (rc = wget_wch(stdscr, &wch)) != ERR) {
				keycode k = keys_from_curses(rc, (unsigned int)wch);

				nkeys++;
				if (k != KEYC_NONE)
					display_key(d, k);
			}
			if (nkeys == 0 && term_hung_up())
				return SIGHUP;
		}
		display_update(d);
	}
	return 0;
}
