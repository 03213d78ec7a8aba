/* triage.c: the team keys of the TUI: a owner, c note, x decision (a prompt line
 * written into .ftport/state.json), e the checklist export, d an issue draft opened in
 * $VISUAL/$EDITOR with the screen given back afterwards. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checklist.h"
#include "draft.h"
#include "launch.h"
#include "sanitize.h"
#include "state.h"
#include "tui.h"

/* A path as the status line shows it: relative to the current directory when it is
 * below it. */
static const char *
triage_rel(const char *path)
{
	char cwd[4096];
	size_t n;

	if (getcwd(cwd, sizeof cwd) == NULL)
		return path;
	n = strlen(cwd);
	if (strncmp(path, cwd, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

void
triage_init(struct tui *t)
{
	char *cause = NULL;

	t->state_path = state_default_path(t->o->state, NULL);
	if (state_load(t->state_path, &t->state, &cause) != 0) {
		/* Left as it is: never written over; a, c, x say so again. */
		tui_message(t, true, "%s", cause);
		free(cause);
	}
}

void
triage_free(struct tui *t)
{
	state_free(t->state);
	free(t->state_path);
	free(t->prompt_pkg);
}

int
triage_decision(const struct tui *t, const char *pkg)
{
	return (int)state_get_decision(t->state, pkg);
}

const char *
triage_get(const struct tui *t, const char *pkg, const char *field)
{
	return state_get(t->state, pkg, field);
}

const char *
triage_prompt_label(enum tui_prompt kind)
{
	switch (kind) {
	case PROMPT_OWNER:
		return "owner: ";
	case PROMPT_NOTE:
		return "note: ";
	case PROMPT_DECISION:
		return "decision (ignore, waiting, fork, done; empty clears): ";
	default:
		return "/";
	}
}

static const char *
triage_field(enum tui_prompt kind)
{
	switch (kind) {
	case PROMPT_OWNER:
		return STATE_OWNER;
	case PROMPT_NOTE:
		return STATE_NOTE;
	default:
		return STATE_DECISION;
	}
}

static const struct graph_node *
triage_node(struct tui *t)
{
	const struct vm_row *r = vm_current(t->vm);

	if (r == NULL || r->node == NULL) {
		tui_message(t, true, "no installed package here");
		return NULL;
	}
	return r->node;
}

void
triage_prompt(struct tui *t, enum tui_prompt kind)
{
	const struct graph_node *n = triage_node(t);
	const char *now;

	if (n == NULL)
		return;
	free(t->prompt_pkg);
	t->prompt_pkg = xstrdup(n->dist->name);
	t->prompt_kind = kind;
	t->prompting = true;
	strbuf_reset(&t->prompt);
	/* The value there now, to edit; cleaned, since the file may say anything. */
	if ((now = state_get(t->state, n->dist->name, triage_field(kind))) != NULL) {
		char *clean = sanitize_text(now);

		strbuf_addstr(&t->prompt, clean);
		free(clean);
	}
}

void
triage_prompt_done(struct tui *t)
{
	const char *field = triage_field(t->prompt_kind);
	const char *value = strbuf_str(&t->prompt);
	struct state *fresh = NULL;
	char *cause = NULL, *clean;

	if (state_set(t->state_path, t->prompt_pkg, field, value, &fresh, &cause) != 0) {
		tui_message(t, true, "%s: %s", t->prompt_pkg, cause);
		free(cause);
		return;
	}
	/* What the file says now, other people's changes included. */
	state_free(t->state);
	t->state = fresh;
	t->model_dirty = true;
	clean = sanitize_text(value);
	if (*clean == '\0')
		tui_message(t, false, "%s: %s cleared", t->prompt_pkg, field);
	else
		tui_message(t, false, "%s: %s %s", t->prompt_pkg, field, clean);
	free(clean);
}

/* The checklist's model of the check now: state, local test results, upstream. */
static struct checklist *
triage_checklist(struct tui *t)
{
	struct checklist *c;
	struct test_result *results = NULL;
	char *root = state_project_root(NULL), *cause = NULL;
	size_t n = 0;

	c = checklist_build(t->check, t->env, t->state, t->snapshot, root, time(NULL));
	free(root);
	if (testresult_load_all(t->o->cache_dir, &results, &n, &cause) == 0) {
		for (size_t i = 0; i < n; i++)
			checklist_set_test(c, &results[i], NULL);
		testresult_free_all(results, n);
	} else
		free(cause);
	for (size_t i = 0; t->upstreams != NULL && i < t->graph->nnodes; i++)
		if (t->upstreams[i] != NULL)
			checklist_add_upstream(c, t->upstreams[i]);
	return c;
}

void
triage_export(struct tui *t)
{
	struct checklist *c;
	char *dir, *path, *cause = NULL;

	if (!tui_idle(t)) {
		tui_message(t, false, "still checking: export when the answers are in");
		return;
	}
	dir = state_dir(t->state_path);
	path = xprintf("%s/checklist.md", dir);
	c = triage_checklist(t);
	if (mkdir_p(dir, &cause) == 0 && checklist_write(c, path, CK_MD, &cause) == 0)
		tui_message(t, false, "checklist exported to %s (%zu packages)", triage_rel(path),
		    c->nitems);
	else {
		tui_message(t, true, "%s", cause);
		free(cause);
	}
	checklist_free(c);
	free(path);
	free(dir);
}

/* Runs the editor on the real terminal and gives the screen back after it. */
static int
triage_edit(struct tui *t, const char *path, char **cause)
{
	int rc;

	if (t->script != NULL)
		return 0;	/* scripted: no terminal to lend */
	def_prog_mode();
	endwin();
	rc = launch_editor(path, cause);
	reset_prog_mode();
	clearok(curscr, TRUE);
	t->screen_dirty = true;
	return rc;
}

void
triage_draft(struct tui *t)
{
	const struct graph_node *n = triage_node(t);
	const struct check_pkg *cp;
	const struct upstream *up;
	struct checklist *c = NULL;
	struct draft dr;
	char *tmpl_path = NULL, *tmpl = NULL, *dir = NULL, *path = NULL, *cause = NULL;

	memset(&dr, 0, sizeof dr);
	if (n == NULL)
		return;
	cp = &t->check->pkgs[n->index];
	if (cp->state != CHECK_DONE) {
		tui_message(t, false, "%s: still checking; draft when its answer is in",
		    n->dist->name);
		return;
	}
	if ((tmpl_path = draft_template_path()) == NULL) {
		cause = xstrdup("the draft template draft.md was not found");
		goto fail;
	}
	if (read_file(tmpl_path, 1024 * 1024, &tmpl, NULL, &cause) != 0)
		goto fail;
	c = triage_checklist(t);
	up = t->upstreams != NULL ? t->upstreams[n->index] : NULL;
	if (draft_make(tmpl, t->check, cp, t->env, checklist_find(c, n->dist->name), up,
	    &dr, &cause) != 0)
		goto fail;
	dir = state_dir(t->state_path);
	path = xprintf("%s/drafts", dir);
	if (mkdir_p(path, &cause) != 0)
		goto fail;
	free(path);
	path = xprintf("%s/drafts/%s.md", dir, n->dist->name);
	for (int i = 2; access(path, F_OK) == 0 && i < 1000; i++) {
		free(path);
		path = xprintf("%s/drafts/%s-%d.md", dir, n->dist->name, i);
	}
	if (write_file_atomic(path, dr.text, strlen(dr.text), &cause) != 0)
		goto fail;
	if (triage_edit(t, path, &cause) != 0)
		goto fail;
	tui_message(t, false, "draft saved to %s%s; `ftport draft %s --open` opens a prefilled "
	    "new issue", triage_rel(path), dr.nknown != 0 ? " (known upstream issues at its top)" : "",
	    n->dist->name);
	goto out;
fail:
	tui_message(t, true, "%s", cause);
	free(cause);
out:
	draft_clear(&dr);
	checklist_free(c);
	free(tmpl_path);
	free(tmpl);
	free(dir);
	free(path);
}
