/* testui.c: `t` and `m` in the TUI: packages tested under PYTHON_GIL=0 in the background
 * (testrun.h on the TUI's loop), several at once, with live status in the tree and the
 * detail pane; `t` again or Esc cancels; results from earlier runs come from the store. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pipconf.h"
#include "state.h"
#include "testrun.h"
#include "tui.h"

/* The stored results, by graph node: what earlier runs found. */
void
tui_test_load(struct tui *t)
{
	struct test_result *all;
	size_t n;
	char *cause = NULL;

	t->test_stored = xcalloc(t->graph->nnodes + 1, sizeof *t->test_stored);
	t->test_of = xcalloc(t->graph->nnodes + 1, sizeof *t->test_of);
	t->marked = xcalloc(t->graph->nnodes + 1, sizeof *t->marked);
	if (testresult_load_all(t->o->cache_dir, &all, &n, &cause) != 0) {
		free(cause);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct graph_node *node = graph_find(t->graph, all[i].name);

		if (node != NULL) {
			t->test_stored[node->index] = all[i];
			memset(&all[i], 0, sizeof all[i]);
		}
	}
	testresult_free_all(all, n);
}

/* The latest result for a node: this session's, else the store's; NULL when none. */
const struct test_result *
tui_test_result(const struct tui *t, size_t node)
{
	const struct testrun_pkg *p = t->test_of != NULL ? t->test_of[node] : NULL;

	if (p != NULL && p->state == TR_DONE)
		return &p->result;
	if (t->test_stored != NULL && t->test_stored[node].name != NULL)
		return &t->test_stored[node];
	return NULL;
}

/* This session's run of a node when it is still going, else NULL. */
const struct testrun_pkg *
tui_test_running(const struct tui *t, size_t node)
{
	const struct testrun_pkg *p = t->test_of != NULL ? t->test_of[node] : NULL;

	return p != NULL && (p->state == TR_WAITING || p->state == TR_INSTALLING ||
	    p->state == TR_RUNNING) ? p : NULL;
}

static void
tui_test_changed(struct testrun_pkg *p, void *arg)
{
	struct tui *t = arg;

	t->model_dirty = true;
	t->screen_dirty = true;
	if (p->state == TR_DONE) {
		char *s = testresult_summary(&p->result);

		tui_message(t, p->result.outcome != TO_PASSED, "%s: %s", p->name, s);
		free(s);
	}
}

/* The run, made on first use: the interpreter is found then (one short query). */
static int
tui_test_setup(struct tui *t, char **cause)
{
	struct ftpython_env fe;
	struct pipconf_env pe;
	struct testrun_config tc;
	const char *target = t->o->targets.n > 0 ? t->o->targets.v[0] : "3.14t";
	char *url = NULL, *origin = NULL;

	if (t->tests != NULL)
		return 0;
	ftpython_env_init(&fe);
	if (ftpython_find(&fe, t->o->ft_python, t->env, target, &t->ftpython, cause) != 0)
		return -1;
	pipconf_env_init(&pe);
	pipconf_index_url(&pe, t->o->index_url, &url, &origin);
	memset(&tc, 0, sizeof tc);
	tc.python = t->ftpython;
	tc.target = target;
	tc.cache_dir = t->o->cache_dir;
	tc.index_url = strcmp(origin, "default") != 0 ? url : NULL;
	tc.command = t->o->test_cmd;
	tc.timeout_ms = (t->o->timeout > 0 ? t->o->timeout : TESTRUN_TIMEOUT_S) * 1000;
	tc.jobs = t->o->jobs;
	tc.env = t->env;
	t->tests = testrun_new(t->loop, &tc, cause);
	free(url);
	free(origin);
	if (t->tests == NULL) {
		ftpython_free(t->ftpython);
		t->ftpython = NULL;
		return -1;
	}
	testrun_set_changed(t->tests, tui_test_changed, t);
	return 0;
}

/* Starts a node's test, or cancels it when it is running (t is a toggle). */
static void
tui_test_one(struct tui *t, struct graph_node *node, size_t *started, size_t *cancelled)
{
	const struct testrun_pkg *run = tui_test_running(t, node->index);
	const char *version = node->dist->version;
	const struct check_pkg *cp;

	if (run != NULL) {
		testrun_cancel(t->tests, t->test_of[node->index]);
		(*cancelled)++;
		return;
	}
	/* The version the verdict suggests, when the installed one has no usable wheel. */
	cp = t->check != NULL && node->index < t->check->npkgs ? &t->check->pkgs[node->index] :
	    NULL;
	if (!t->ftpython->in_place && cp != NULL && cp->state == CHECK_DONE &&
	    cp->verdicts != NULL && (cp->verdicts[0].status == ST_UPGRADE ||
	    cp->verdicts[0].status == ST_PRERELEASE) && cp->verdicts[0].fix_version != NULL)
		version = cp->verdicts[0].fix_version;
	t->test_of[node->index] = testrun_add(t->tests, node->dist->name, version,
	    t->o->test_cmd == NULL && t->state != NULL ?
	    state_get(t->state, node->dist->name, STATE_TEST_COMMAND) : NULL);
	(*started)++;
}

void
tui_test(struct tui *t)
{
	const struct vm_row *row = vm_current(t->vm);
	size_t started = 0, cancelled = 0;
	char *cause = NULL;

	if (t->nmarked == 0 && (row == NULL || row->node == NULL)) {
		tui_message(t, true, "no installed package here");
		return;
	}
	if (tui_test_setup(t, &cause) != 0) {
		tui_message(t, true, "%s", cause);
		free(cause);
		return;
	}
	if (t->nmarked > 0) {
		for (size_t i = 0; i < t->graph->nnodes; i++) {
			if (t->marked[i]) {
				tui_test_one(t, &t->graph->nodes[i], &started, &cancelled);
				t->marked[i] = false;
			}
		}
		t->nmarked = 0;
	} else
		tui_test_one(t, row->node, &started, &cancelled);
	if (started > 0)
		tui_message(t, false, "testing %zu package%s with %s%s (t again or Esc: cancel)",
		    started, started == 1 ? "" : "s", t->ftpython->path,
		    t->ftpython->free_threaded ? "" : ", which is NOT free-threaded");
	else
		tui_message(t, false, "cancelled %zu test%s", cancelled, cancelled == 1 ? "" : "s");
	t->model_dirty = true;
}

bool
tui_test_cancel_all(struct tui *t)
{
	size_t n = 0;

	for (size_t i = 0; t->tests != NULL && i < t->graph->nnodes; i++) {
		if (tui_test_running(t, i) != NULL) {
			testrun_cancel(t->tests, t->test_of[i]);
			n++;
		}
	}
	if (n > 0) {
		tui_message(t, false, "cancelled %zu test%s", n, n == 1 ? "" : "s");
		t->model_dirty = true;
	}
	return n > 0;
}

void
tui_mark(struct tui *t)
{
	const struct vm_row *row = vm_current(t->vm);

	if (row == NULL || row->node == NULL) {
		tui_message(t, true, "no installed package here");
		return;
	}
	t->marked[row->node->index] = !t->marked[row->node->index];
	t->nmarked += t->marked[row->node->index] ? 1 : (size_t)-1;
	tui_message(t, false, "%zu marked: t tests them", t->nmarked);
	t->model_dirty = true;
}

void
tui_test_free(struct tui *t)
{
	/* Children are killed and reaped: nothing outlives the TUI. */
	testrun_free(t->tests);
	t->tests = NULL;
	ftpython_free(t->ftpython);
	for (size_t i = 0; t->test_stored != NULL && i < t->graph->nnodes; i++)
		testresult_clear(&t->test_stored[i]);
	free(t->test_stored);
	free(t->test_of);
	free(t->marked);
}
