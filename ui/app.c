/* app.c: the TUI's model in motion: the check started (again), one package asked again
 * past the cache, answers turned into rows once per turn, and the status line's
 * message, which every part of the UI writes. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "sanitize.h"
#include "state.h"

/* Into the message log ('!' or ' ' first: an error or not); the oldest goes past the
 * cap. No time of day: the order is what tells the story, as in vim's :messages. */
static void
app_message_keep(struct app *app, const char *text, bool error)
{
	if (app->messages.n >= APP_MESSAGES_MAX) {
		free(app->messages.v[0]);
		memmove(app->messages.v, app->messages.v + 1,
		    (app->messages.n - 1) * sizeof app->messages.v[0]);
		app->messages.n--;
	}
	strlist_push_owned(&app->messages, xprintf("%c%s", error ? '!' : ' ', text));
}

void
app_message(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;
	char *raw;

	const char *home = getenv("HOME");
	struct strbuf sb = STRBUF_INIT;
	size_t hl = home != NULL ? strlen(home) : 0;

	va_start(ap, fmt);
	raw = xvprintf(fmt, ap);
	va_end(ap);
	/* Paths under $HOME read as ~/..., as in the header. */
	for (const char *p = raw; *p != '\0'; p++) {
		if (hl > 1 && strncmp(p, home, hl) == 0 && (p[hl] == '/' || p[hl] == '\0' ||
		    p[hl] == ' ' || p[hl] == ':')) {
			strbuf_addch(&sb, '~');
			p += hl - 1;
		} else
			strbuf_addch(&sb, *p);
	}
	free(raw);
	raw = strbuf_detach(&sb, NULL);
	free(app->message);
	app->message = sanitize_text(raw);
	app->message_error = error;
	app->screen_dirty = true;
	free(raw);
	app_message_keep(app, app->message, error);
}

/* The UI whose status line receives log lines while curses owns the terminal: a
 * warning written to stderr then would land in the middle of the screen. */
static struct app *app_log_target;

static void
app_log(bool warning, const char *msg)
{
	if (app_log_target != NULL)
		app_message(app_log_target, warning, "%s", msg);
}

void
app_log_to(struct app *app)
{
	app_log_target = app;
	log_set_hook(app != NULL ? app_log : NULL);
}

bool
app_idle(const struct app *app)
{
	if (app->check != NULL && !app->check_started)
		return false;
	if (app->refreshing > 0 && fetch_pending(app->fetch) > 0)
		return false;
	/* Background work (tests, scans) is loading too: scripted keys wait for it. */
	if (app->loop != NULL && loop_count(app->loop) > 0)
		return false;
	if (app->check == NULL || check_finished(app->check))
		return true;
	/* Nothing in flight yet packages waiting would be a bug in the client; never let
	 * it hang the script. */
	return fetch_pending(app->fetch) == 0;
}

static void
app_changed(struct check_pkg *cp, void *arg)
{
	struct app *app = arg;

	app->model_dirty = true;
}

const struct check_pkg *
app_check_pkg(const struct app *app, const struct graph_node *n)
{
	if (app->check == NULL || n == NULL || n->index >= app->check->npkgs)
		return NULL;
	return &app->check->pkgs[n->index];
}

/* The old check must be finished: its pending callbacks would point into it. */
int
app_start_check(struct app *app, bool refresh, char **cause)
{
	struct index_config icfg;
	struct check_config cc;

	if (app->check != NULL) {
		check_free(app->check);
		app->check = NULL;
		if (app->vm != NULL)
			vm_set_check(app->vm, NULL);
	}
	/* The check's answers point into the clients: they go after it. */
	index_free(app->index_refresh);
	app->index_refresh = NULL;
	app->refreshing = 0;
	index_free(app->index);
	app->index = NULL;
	index_free(app->nightly);
	app->nightly = NULL;
	memset(&icfg, 0, sizeof icfg);
	icfg.index_url = app->o->index_url;
	icfg.extra_index_urls = &app->o->extra_index_urls;
	icfg.lock_path = app->o->lock;
	icfg.cache_dir = app->o->cache_dir;
	icfg.offline = app->o->offline;
	icfg.refresh = refresh || app->o->refresh;
	icfg.ttl_seconds = 3600;
	if ((app->index = index_new(&icfg, app->fetch, cause)) == NULL)
		return -1;
	if (app->o->nightly && (app->nightly = cmd_nightly_client(app->o, app->fetch,
	    cause)) == NULL)
		return -1;
	memset(&cc, 0, sizeof cc);
	cc.targets = app->o->targets;
	cc.platforms = app->o->platforms;
	if ((app->check = check_new(app->graph, &cc, app->index, app->snapshot, cause)) == NULL)
		return -1;
	app->check->replacements = app->repl;
	app->check->nightly = app->nightly;
	app->check->evidence = &app->evidence;
	app->check->changed = app_changed;
	app->check->changed_arg = app;
	/* At startup the first frame comes before the first question (tui_main). */
	app->check_started = false;
	app->check_reported = false;
	if (app->vm != NULL) {
		check_start(app->check);
		app->check_started = true;
		vm_set_check(app->vm, app->check);
	}
	app->model_dirty = true;
	return 0;
}

/* The check again from the start (the old one must be finished): false, with the
 * reason on the status line, when it cannot start. */
static bool
app_recheck(struct app *app, bool refresh)
{
	char *cause = NULL;

	if (!app_idle(app)) {
		app_message(app, false, "still checking: wait for the answers to come in");
		return false;
	}
	if (app_start_check(app, refresh, &cause) != 0) {
		app_message(app, true, "%s", cause);
		free(cause);
		return false;
	}
	return true;
}

void
app_revalidate(struct app *app)
{
	if (app_recheck(app, true))
		app_message(app, false, "asking the index again about %zu packages",
		    app->graph->nnodes);
}

void
app_toggle_nightly(struct app *app)
{
	if (!app_idle(app)) {
		app_message(app, false, "still checking: wait for the answers to come in");
		return;
	}
	app->o->nightly = !app->o->nightly;
	if (!app_recheck(app, false))
		app->o->nightly = !app->o->nightly;
	else if (app->o->nightly)
		app_message(app, false, "nightly wheels: asking %s about the packages that "
		    "are not ready", index_url(app->nightly));
	else
		app_message(app, false, "nightly wheels: not asked");
}

/* The answer to a `refresh`: judged again, in place, as the check would have. */
static void
app_refreshed(const struct index_answer *a, void *arg)
{
	struct app_refresh *r = arg;
	struct app *app = r->app;
	struct check *ch = app->check;
	struct check_pkg *cp = &ch->pkgs[r->i];

	r->pending = false;
	app->refreshing--;
	app->model_dirty = true;
	ch->dirty = true;
	if (a->project == NULL) {
		app_message(app, true, "%s: %s", cp->node->dist->name,
		    a->error != NULL ? a->error : "no answer from the index");
		return;
	}
	free(cp->error);
	cp->error = NULL;
	cp->not_found = false;
	cp->project = a->project;
	for (size_t ti = 0; ti < ch->ntargets; ti++)
		for (size_t pi = 0; pi < ch->nplatforms; pi++)
			verdict_judge(cp->node->dist, a->project, a->source, &ch->targets[ti],
			    ch->platforms[pi], &cp->verdicts[ti * ch->nplatforms + pi]);
	app_message(app, false, "%s: %s (asked the index again)", cp->node->dist->name,
	    status_name(cp->verdicts[0].status));
}

void
app_refresh(struct app *app)
{
	const struct vm_row *row = vm_current(app->vm);
	struct index_config icfg;
	struct check_pkg *cp;
	char *cause = NULL;

	if (row == NULL || row->node == NULL || app->check == NULL) {
		app_message(app, true, "no installed package here");
		return;
	}
	cp = &app->check->pkgs[row->node->index];
	if (cp->state != CHECK_DONE) {
		app_message(app, false, "%s: the index has not answered yet",
		    row->node->dist->name);
		return;
	}
	if (cp->verdicts[0].source == VS_INSTALLED) {
		app_message(app, false, "%s: judged from its installed files; the index is not "
		    "asked", row->node->dist->name);
		return;
	}
	if (app->o->offline) {
		app_message(app, true, "--offline: the index is not asked");
		return;
	}
	if (app->index_refresh == NULL) {
		memset(&icfg, 0, sizeof icfg);
		icfg.index_url = app->o->index_url;
		icfg.extra_index_urls = &app->o->extra_index_urls;
		icfg.lock_path = app->o->lock;
		icfg.cache_dir = app->o->cache_dir;
		icfg.refresh = true;
		icfg.ttl_seconds = 3600;
		if ((app->index_refresh = index_new(&icfg, app->fetch, &cause)) == NULL) {
			app_message(app, true, "%s", cause);
			free(cause);
			return;
		}
		free(app->refresh_ctx);
		app->refresh_ctx = xcalloc(app->check->npkgs + 1, sizeof *app->refresh_ctx);
	}
	if (app->refresh_ctx[row->node->index].pending)
		return;
	app->refresh_ctx[row->node->index].app = app;
	app->refresh_ctx[row->node->index].i = row->node->index;
	app->refresh_ctx[row->node->index].pending = true;
	app->refreshing++;
	index_request_from(app->index_refresh, row->node->dist->name,
	    row->node->dist->registry, app_refreshed,
	    &app->refresh_ctx[row->node->index]);
	app_message(app, false, "%s: asking the index again...", row->node->dist->name);
}

/* Once every answer is in: the index's failures summed up on the status line (each
 * package's own is in its details). */
static void
app_report_errors(struct app *app)
{
	char *line = check_errors_summary(app->check);

	app->check_reported = true;
	if (line != NULL)
		app_message(app, true, "%s", line);
	free(line);
}

/* The state's ignored packages handed to the check before it propagates: an ignored
 * package blocks nothing above it (x sets the decision and marks the check dirty). */
static void
app_sync_ignored(struct app *app)
{
	struct strlist ign = STRLIST_INIT;

	state_decided(app->state, DECISION_IGNORE, &ign);
	check_set_ignored(app->check, &ign);
	strlist_clear(&ign);
}

bool
app_update(struct app *app)
{
	bool streaming = !app_idle(app);
	double wait = APP_REBUILD_SHARE * app->build_cost_ms, t0;

	if (streaming && (app->check == NULL || app->check->dirty || app->model_dirty) &&
	    now_ms() - app->built_ms < (wait > APP_REBUILD_MS ? wait : APP_REBUILD_MS) &&
	    !app->screen_dirty) {
		app->model_dirty = true;
		return false;
	}
	t0 = now_ms();
	if (app->check != NULL && app->check->dirty) {
		app_sync_ignored(app);
		check_propagate(app->check);
		app->model_dirty = true;
	}
	if (!app->check_reported && app->check_started && app_idle(app))
		app_report_errors(app);
	if (app->model_dirty) {
		vm_rebuild(app->vm);
		app->built_ms = now_ms();
		app->build_cost_ms = app->built_ms - t0;
		app->model_dirty = false;
		app->screen_dirty = true;
	}
	return app->screen_dirty;
}
