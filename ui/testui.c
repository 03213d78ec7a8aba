/* testui.c: `t` and `m` in the TUI: packages tested under PYTHON_GIL=0 in the background
 * (testrun.h on the TUI's loop), several at once, with live status in the tree and the
 * detail pane; `t` again or Esc cancels; results from earlier runs come from the store. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pipconf.h"
#include "state.h"
#include "testrun.h"
#include "testui.h"

/* The stored results, by graph node: what earlier runs found. */
void
testui_load(struct app *app)
{
	struct test_result *all;
	size_t n;
	char *cause = NULL;

	app->test_stored = xcalloc(app->graph->nnodes + 1, sizeof *app->test_stored);
	app->test_of = xcalloc(app->graph->nnodes + 1, sizeof *app->test_of);
	app->marked = xcalloc(app->graph->nnodes + 1, sizeof *app->marked);
	if (testresult_load_all(app->o->cache_dir, &all, &n, &cause) != 0) {
		free(cause);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct graph_node *node = graph_find(app->graph, all[i].name);

		if (node != NULL) {
			app->test_stored[node->index] = all[i];
			memset(&all[i], 0, sizeof all[i]);
		}
	}
	testresult_free_all(all, n);
}

/* The latest result for a node: this session's, else the store's; NULL when none. */
const struct test_result *
testui_result(const struct app *app, size_t node)
{
	const struct testrun_pkg *p = app->test_of != NULL ? app->test_of[node] : NULL;

	/* A failure that was not the package's (pipfail) is no result: the stored one
	 * stands. */
	if (p != NULL && p->state == TR_DONE && p->pipfail == PF_PACKAGE)
		return &p->result;
	if (app->test_stored != NULL && app->test_stored[node].name != NULL)
		return &app->test_stored[node];
	return NULL;
}

/* This session's run of a node when it is still going, else NULL. */
const struct testrun_pkg *
testui_running(const struct app *app, size_t node)
{
	const struct testrun_pkg *p = app->test_of != NULL ? app->test_of[node] : NULL;

	return p != NULL && (p->state == TR_WAITING || p->state == TR_INSTALLING ||
	    p->state == TR_RUNNING) ? p : NULL;
}

static void
testui_changed(struct testrun_pkg *p, void *arg)
{
	struct app *app = arg;

	app->model_dirty = true;
	app->screen_dirty = true;
	if (p->state == TR_DONE && p->pipfail != PF_PACKAGE) {
		app_message(app, true, "%s: not tested, %s: %s (nothing recorded)", p->name,
		    pipfail_name(p->pipfail), p->result.detail);
	} else if (p->state == TR_DONE) {
		char *s = testresult_summary(&p->result);

		app_message(app, p->result.outcome != TO_PASSED, "%s: %s", p->name, s);
		free(s);
	}
}

/* The run, made on first use: the interpreter is found then (one short query). */
static int
testui_setup(struct app *app, char **cause)
{
	struct ftpython_env fe;
	struct pipconf_env pe;
	struct testrun_config tc;
	const char *target = app->o->targets.n > 0 ? app->o->targets.v[0] : "3.14t";
	char *url = NULL, *origin = NULL;

	if (app->tests != NULL)
		return 0;
	ftpython_env_init(&fe);
	if (ftpython_find(&fe, app->o->ft_python, app->env, target, &app->ftpython, cause) != 0)
		return -1;
	pipconf_env_init(&pe);
	pipconf_index_url(&pe, app->o->index_url, &url, &origin);
	memset(&tc, 0, sizeof tc);
	tc.python = app->ftpython;
	tc.target = target;
	tc.cache_dir = app->o->cache_dir;
	tc.index_url = strcmp(origin, "default") != 0 ? url : NULL;
	tc.command = app->o->test_cmd;
	tc.timeout_ms = (app->o->timeout > 0 ? app->o->timeout : TESTRUN_TIMEOUT_S) * 1000;
	tc.jobs = options_test_jobs(app->o);
	tc.env = app->env;
	tc.state_path = app->state_path;
	tc.fetch = app->fetch;
	app->tests = testrun_new(app->loop, &tc, cause);
	free(url);
	free(origin);
	if (app->tests == NULL) {
		ftpython_free(app->ftpython);
		app->ftpython = NULL;
		return -1;
	}
	testrun_set_changed(app->tests, testui_changed, app);
	return 0;
}

/* Starts a node's test, or cancels it when it is running (t is a toggle). */
static void
testui_one(struct app *app, struct graph_node *node, size_t *started, size_t *cancelled)
{
	const struct testrun_pkg *run = testui_running(app, node->index);
	const char *version = node->dist->version;
	const struct check_pkg *cp;

	if (run != NULL) {
		testrun_cancel(app->tests, app->test_of[node->index]);
		(*cancelled)++;
		return;
	}
	/* The version the verdict suggests, when the installed one has no usable wheel. */
	cp = app->check != NULL && node->index < app->check->npkgs ? &app->check->pkgs[node->index] :
	    NULL;
	if (!app->ftpython->in_place && cp != NULL && cp->state == CHECK_DONE &&
	    cp->verdicts != NULL && (cp->verdicts[0].status == ST_UPGRADE ||
	    cp->verdicts[0].status == ST_PRERELEASE) && cp->verdicts[0].fix_version != NULL)
		version = cp->verdicts[0].fix_version;
	app->test_of[node->index] = testrun_add(app->tests, node->dist->name, version,
	    app->o->test_cmd == NULL && app->state != NULL ?
	    state_get(app->state, node->dist->name, STATE_TEST_COMMAND) : NULL);
	(*started)++;
}

void
testui_test(struct app *app)
{
	const struct vm_row *row = vm_current(app->vm);
	size_t started = 0, cancelled = 0;
	char *cause = NULL, *note;

	if (app->nmarked == 0 && (row == NULL || row->node == NULL)) {
		app_message(app, true, "no installed package here");
		return;
	}
	if (testui_setup(app, &cause) != 0) {
		app_message(app, true, "%s", cause);
		free(cause);
		return;
	}
	if (app->nmarked > 0) {
		for (size_t i = 0; i < app->graph->nnodes; i++) {
			if (app->marked[i]) {
				testui_one(app, &app->graph->nodes[i], &started, &cancelled);
				app->marked[i] = false;
			}
		}
		app->nmarked = 0;
	} else
		testui_one(app, row->node, &started, &cancelled);
	if (started > 0 && !app->test_note_said &&
	    (note = ftpython_target_note(app->ftpython, app->o->targets.n > 0 ?
	    app->o->targets.v[0] : "3.14t")) != NULL) {
		/* Once per session: every later test is for the same ABI. */
		app_message(app, false, "testing %zu package%s: %s (t again or Esc: cancel)",
		    started, started == 1 ? "" : "s", note);
		app->test_note_said = true;
		free(note);
	} else if (started > 0)
		app_message(app, false, "testing %zu package%s with %s (t again or Esc: cancel)",
		    started, started == 1 ? "" : "s", app->ftpython->path);
	else
		app_message(app, false, "cancelled %zu test%s", cancelled, cancelled == 1 ? "" : "s");
	app->model_dirty = true;
}

bool
testui_cancel_all(struct app *app)
{
	size_t n = 0;

	for (size_t i = 0; app->tests != NULL && i < app->graph->nnodes; i++) {
		if (testui_running(app, i) != NULL) {
			testrun_cancel(app->tests, app->test_of[i]);
			n++;
		}
	}
	if (n > 0) {
		app_message(app, false, "cancelled %zu test%s", n, n == 1 ? "" : "s");
		app->model_dirty = true;
	}
	return n > 0;
}

void
testui_mark(struct app *app)
{
	const struct vm_row *row = vm_current(app->vm);

	if (row == NULL || row->node == NULL) {
		app_message(app, true, "no installed package here");
		return;
	}
	app->marked[row->node->index] = !app->marked[row->node->index];
	app->nmarked += app->marked[row->node->index] ? 1 : (size_t)-1;
	app_message(app, false, "%zu marked: t tests them", app->nmarked);
	app->model_dirty = true;
}

void
testui_free(struct app *app)
{
	/* Children are killed and reaped: nothing outlives the TUI. */
	testrun_free(app->tests);
	app->tests = NULL;
	ftpython_free(app->ftpython);
	for (size_t i = 0; app->test_stored != NULL && i < app->graph->nnodes; i++)
		testresult_clear(&app->test_stored[i]);
	free(app->test_stored);
	free(app->test_of);
	free(app->marked);
}
