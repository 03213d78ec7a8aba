/* upstreamui.c: `u` in the TUI: the forge's issues and pull requests about the package
 * under the cursor and the scan of its source, in the background; what they find is in
 * the detail pane, their progress on the status line. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd_upstream.h"
#include "upstream.h"
#include "upstreamui.h"

static void
upstreamui_done(struct upstream *u, void *arg)
{
	struct app *app = arg;

	app->model_dirty = true;
	free(app->forge_said);
	app->forge_said = NULL;
	if (u->state == UP_FAILED)
		app_message(app, true, "%s: %s", u->name, u->error);
	else
		app_message(app, false, "%s: %zu upstream finding%s%s", u->name, u->nitems,
		    u->nitems == 1 ? "" : "s", u->cached ? " (cached)" : "");
}

/* The scan's progress and its end, on the status line. */
static void
upstreamui_scanned(struct upstream *u, void *arg)
{
	struct app *app = arg;

	app->model_dirty = true;
	if (u->scan.running)
		app_message(app, false, "%s: %s", u->name, u->scan.progress);
	else if (u->scan.error != NULL)
		app_message(app, true, "%s: scan failed: %s", u->name, u->scan.error);
	else if (u->scan.result != NULL) {
		char *sum = scan_result_summary(u->scan.result, u->version);

		app_message(app, false, "%s: %s", u->name, sum);
		free(sum);
	}
}

void
upstreamui_ask(struct app *app)
{
	const struct vm_row *row = vm_current(app->vm);
	struct upstream_scan_config cfg;
	struct upstream *u;
	size_t i;

	if (row == NULL || row->node == NULL) {
		app_message(app, true, "no installed package here");
		return;
	}
	i = row->node->index;
	if (app->forge == NULL) {
		app->forge = cmd_forge_new(app->o, app->fetch, app->loop);
		app->upstreams = xcalloc(app->graph->nnodes + 1, sizeof *app->upstreams);
	}
	u = app->upstreams[i];
	if (u != NULL && u->scan.running) {
		app_message(app, false, "%s: already scanning its source", u->name);
		return;
	}
	if (u != NULL && (u->state == UP_QUEUED || u->state == UP_RUNNING)) {
		forge_bump(app->forge, u);
		app_message(app, false, "%s: already asking upstream", u->name);
		return;
	}
	upstream_free(u);
	u = app->upstreams[i] = upstream_for_dist(row->node->dist, app->snapshot, NULL);
	/* What the user asks for now goes first. */
	forge_ask(app->forge, u, true, upstreamui_done, app);
	if (u->state == UP_QUEUED || u->state == UP_RUNNING)
		app_message(app, false, "%s: asking %s...", u->name, u->repo.host != NULL ?
		    u->repo.host : "upstream");
	/* The source scan runs beside the forge's answer, on its own thread. */
	cmd_scan_config(app->o, &cfg);
	if (u->repo.clone != NULL &&
	    upstream_scan_start(u, app->loop, &cfg, upstreamui_scanned, app) != 0)
		app_message(app, true, "%s: %s", u->name, u->scan.error);
	app->model_dirty = true;
}

void
upstreamui_tick(struct app *app)
{
	const struct vm_row *row;
	char *st;

	if (app->forge == NULL || forge_pending(app->forge) == 0)
		return;
	row = vm_current(app->vm);
	if (row != NULL && row->node != NULL && app->upstreams[row->node->index] != NULL &&
	    app->upstreams[row->node->index]->state == UP_QUEUED)
		forge_bump(app->forge, app->upstreams[row->node->index]);
	st = forge_status(app->forge);
	if (st != NULL && (app->forge_said == NULL || strcmp(st, app->forge_said) != 0)) {
		app_message(app, false, "%s", st);
		free(app->forge_said);
		app->forge_said = st;
	} else
		free(st);
}

void
upstreamui_free(struct app *app)
{
	forge_free(app->forge);
	app->forge = NULL;
	for (size_t i = 0; app->upstreams != NULL && i < app->graph->nnodes; i++)
		upstream_free(app->upstreams[i]);
	free(app->upstreams);
	app->upstreams = NULL;
	free(app->forge_said);
	app->forge_said = NULL;
}
