/* testui.c: `t` and `m` in the TUI: packages tested under PYTHON_GIL=0 in the background
 * (testrun.h on the TUI's loop), several at once, with live status in the tree and the
 * detail pane; `t` again or Esc cancels; results from earlier runs come from the store. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "pipconf.h"
#include "state.h"
#include "testrun.h"
#include "testui.h"

/* What earlier runs found: the store's results and the team state's (read first). */
void
testui_load(struct app *app)
{
	char *cause = NULL;

	app->test_of = xcalloc(app->graph->nnodes + 1, sizeof *app->test_of);
	app->marked = xcalloc(app->graph->nnodes + 1, sizeof *app->marked);
	evidence_init(&app->evidence);
	if (evidence_load_store(&app->evidence, app->o->cache_dir, &cause) != 0)
		free(cause);
	(void)state_add_evidence(app->state, &app->evidence);
	if (app->evidence.unkeyed > 0)
		app_message(app, false, "%zu old test result%s without a version or ABI: not "
		    "used; t tests again",
		    app->evidence.unkeyed, app->evidence.unkeyed == 1 ? "" : "s");
}

/* The result for a node: this session's, else the one its first verdict carries
 * (this version's, or another's, which the caller says is not used); NULL when none. */
const struct test_result *
testui_result(const struct app *app, size_t node)
{
	const struct testrun_pkg *p = app->test_of != NULL ? app->test_of[node] : NULL;
	const struct check_pkg *cp;

	/* A failure that was not the package's (pipfail) is no result: the stored one
	 * stands. */
	if (p != NULL && p->state == TR_DONE && p->pipfail == PF_PACKAGE)
		return &p->result;
	if (app->check == NULL || node >= app->check->npkgs)
		return NULL;
	cp = &app->check->pkgs[node];
	if (cp->state != CHECK_DONE || cp->verdicts == NULL)
		return NULL;
	return cp->verdicts[0].test != NULL ? cp->verdicts[0].test : cp->verdicts[0].other;
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
		const struct graph_node *n = graph_find(app->graph, p->result.name);

		/* A result (not a failure of ftport's own set-up) is evidence from now on:
		 * the verdict, the counts and the tree take it in at once. */
		if (p->saved && evidence_add(&app->evidence, &p->result) && n != NULL &&
		    app->check != NULL && n->index < app->check->npkgs &&
		    app->check->pkgs[n->index].state == CHECK_DONE) {
			check_apply_evidence(app->check, &app->check->pkgs[n->index]);
			app->check->dirty = true;
		}
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
testui_one(struct app *app, struct graph_node *node, size_t *started, size_t *cancelled,
    size_t *unapproved)
{
	const struct testrun_pkg *run = testui_running(app, node->index);
	const char *version = node->dist->version;
	const struct check_pkg *cp;
	const char *command;

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
	/* The team state's command runs only once approved on this machine (approval.h):
	 * the UI does not ask; `ftport test` in a terminal does. */
	command = app->o->test_cmd == NULL && app->state != NULL ?
	    state_get(app->state, node->dist->name, STATE_TEST_COMMAND) : NULL;
	if (command != NULL && !app->o->yes && !approval_granted(app->state_path, command)) {
		command = NULL;
		(*unapproved)++;
	}
	app->test_of[node->index] = testrun_add(app->tests, node->dist->name, version, command);
	(*started)++;
}

void
testui_test(struct app *app)
{
	const struct vm_row *row = vm_current(app->vm);
	size_t started = 0, cancelled = 0, unapproved = 0;
	char *cause = NULL, *note = NULL;

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
				testui_one(app, &app->graph->nodes[i], &started, &cancelled,
				    &unapproved);
				app->marked[i] = false;
			}
		}
		app->nmarked = 0;
	} else
		testui_one(app, row->node, &started, &cancelled, &unapproved);
	/* An interpreter whose ABI is not the target's: said once per session, every
	 * later test being for the same ABI. */
	if (started > 0 && !app->test_note_said)
		note = ftpython_target_note(app->ftpython, app->o->targets.n > 0 ?
		    app->o->targets.v[0] : "3.14t");
	if (started > 0 && unapproved > 0)
		app_message(app, false, "testing %zu package%s, %zu without the team state's test "
		    "command: not approved on this machine (ftport test in a terminal asks)",
		    started, started == 1 ? "" : "s", unapproved);
	else if (started > 0 && note != NULL) {
		app_message(app, false, "testing %zu package%s: %s (t again or Esc: cancel)",
		    started, started == 1 ? "" : "s", note);
		app->test_note_said = true;
	} else if (started > 0)
		app_message(app, false, "testing %zu package%s with %s (t again or Esc: cancel)",
		    started, started == 1 ? "" : "s", app->ftpython->path);
	else
		app_message(app, false, "cancelled %zu test%s", cancelled, cancelled == 1 ? "" : "s");
	free(note);
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
	evidence_free(&app->evidence);
	free(app->test_of);
	free(app->marked);
}
