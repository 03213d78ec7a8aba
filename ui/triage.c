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
#include "triage.h"

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
triage_init(struct app *app)
{
	char *cause = NULL;

	app->state_path = state_default_path(app->o->state, NULL);
	if (state_load(app->state_path, &app->state, &cause) != 0) {
		/* Left as it is: never written over; a, c, x say so again. Said at start:
		 * it showed only once an owner was typed. */
		app_message(app, true, "team state unreadable (%s): a, c, x write nothing",
		    cause);
		free(cause);
	}
}

void
triage_free(struct app *app)
{
	state_free(app->state);
	free(app->state_path);
	free(app->prompt_pkg);
}

int
triage_decision(const struct app *app, const char *pkg)
{
	return (int)state_get_decision(app->state, pkg);
}

const char *
triage_get(const struct app *app, const char *pkg, const char *field)
{
	return state_get(app->state, pkg, field);
}

static const char *
triage_prompt_label(enum prompt_for kind)
{
	switch (kind) {
	case PROMPT_OWNER:
		return "owner: ";
	case PROMPT_NOTE:
		return "note: ";
	case PROMPT_DECISION:
		return "decision: i ignore  w waiting  f fork  d done  - clear  Esc cancel";
	default:
		return "/";
	}
}

static const char *
triage_field(enum prompt_for kind)
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
triage_node(struct app *app)
{
	const struct vm_row *r = vm_current(app->vm);

	if (r == NULL || r->node == NULL) {
		app_message(app, true, "no installed package here");
		return NULL;
	}
	return r->node;
}

void
triage_prompt(struct app *app, enum prompt_for kind)
{
	const struct graph_node *n = triage_node(app);
	const char *now;

	if (n == NULL)
		return;
	free(app->prompt_pkg);
	app->prompt_pkg = xstrdup(n->dist->name);
	/* A decision is one of four: a menu, one key each (lazygit's menus), not a line
	 * to type a word into. */
	if (kind == PROMPT_DECISION) {
		prompt_start_menu(&app->prompt, kind, triage_prompt_label(kind));
		return;
	}
	/* The value there now, to edit; cleaned, since the file may say anything. */
	if ((now = state_get(app->state, n->dist->name, triage_field(kind))) != NULL) {
		char *clean = sanitize_text(now);

		prompt_start(&app->prompt, kind, triage_prompt_label(kind), clean);
		free(clean);
	} else
		prompt_start(&app->prompt, kind, triage_prompt_label(kind), NULL);
}

/* The decision a menu key stands for ("" clears it), or NULL when none. */
static const char *
triage_menu_choice(const char *key)
{
	static const char *const choices[][2] = {
		{ "i", "ignore" }, { "w", "waiting" }, { "f", "fork" }, { "d", "done" },
		{ "-", "" },
	};

	for (size_t i = 0; i < nitems(choices); i++)
		if (strcmp(key, choices[i][0]) == 0)
			return choices[i][1];
	return NULL;
}

/* What was entered is refused: said in the message log, and the prompt opened again
 * with the text kept (a note typed out is never lost to a refusal). */
static void
triage_refuse(struct app *app, const char *why)
{
	app_message(app, true, "%s: %s", app->prompt_pkg, why);
	prompt_refuse(&app->prompt, app->message);
	free(app->message);
	app->message = NULL;
}

void
triage_prompt_done(struct app *app)
{
	const char *field = triage_field(app->prompt.kind);
	const char *value = strbuf_str(&app->prompt.text);
	struct state *fresh = NULL;
	char *cause = NULL, *clean;

	if (app->prompt.menu && (value = triage_menu_choice(value)) == NULL) {
		triage_refuse(app, "press i, w, f, d or - (Esc cancels)");
		return;
	}
	if (state_set(app->state_path, app->prompt_pkg, field, value, &fresh, &cause) != 0) {
		triage_refuse(app, cause);
		free(cause);
		return;
	}
	/* What the file says now, other people's changes included. */
	state_free(app->state);
	app->state = fresh;
	app->model_dirty = true;
	/* A decision to ignore (or not) changes what blocks what above it. */
	if (app->check != NULL && strcmp(field, STATE_DECISION) == 0)
		app->check->dirty = true;
	clean = sanitize_text(value);
	if (*clean == '\0')
		app_message(app, false, "%s: %s cleared", app->prompt_pkg, field);
	else
		app_message(app, false, "%s: %s %s", app->prompt_pkg, field, clean);
	free(clean);
}

/* The checklist's model of the check now: state, test results (on the verdicts),
 * upstream. */
static struct checklist *
triage_checklist(struct app *app)
{
	struct checklist *c;
	char *root = state_project_root(NULL);

	c = checklist_build(app->check, app->env, app->state, app->snapshot, root, time(NULL));
	free(root);
	for (size_t i = 0; app->upstreams != NULL && i < app->graph->nnodes; i++)
		if (app->upstreams[i] != NULL)
			checklist_add_upstream(c, app->upstreams[i]);
	return c;
}

void
triage_export(struct app *app)
{
	struct checklist *c;
	char *dir, *path, *cause = NULL;
	const char *recorded;

	if (!app_idle(app)) {
		app_message(app, false, "still checking: export when the answers are in");
		return;
	}
	dir = state_dir(app->state_path);
	/* The file the last `ftport export -o FILE` wrote, as the state records it: one
	 * checklist, not two that disagree; else .ftport/checklist.md. */
	if ((recorded = state_get_checklist(app->state)) != NULL) {
		char *root = state_project_root(NULL);

		path = xprintf("%s/%s", root, recorded);
		free(root);
		free(dir);
		dir = xstrdup(path);
		*strrchr(dir, '/') = '\0';
	} else
		path = xprintf("%s/checklist.md", dir);
	c = triage_checklist(app);
	if (mkdir_p(dir, &cause) == 0 && checklist_write(c, path, CK_MD, &cause) == 0)
		/* Counted as the file counts them: the ignored ones left out. */
		if (c->ignored != 0)
			app_message(app, false, "checklist exported to %s (%zu packages, %zu "
			    "ignored)", triage_rel(path), c->nitems - c->ignored, c->ignored);
		else
			app_message(app, false, "checklist exported to %s (%zu packages)",
			    triage_rel(path), c->nitems);
	else {
		app_message(app, true, "%s", cause);
		free(cause);
	}
	checklist_free(c);
	free(path);
	free(dir);
}

/* Runs the editor on the real terminal and gives the screen back after it. */
static int
triage_edit(struct app *app, const char *path, char **cause)
{
	int rc;

	if (app->scripted)
		return 0;	/* scripted: no terminal to lend */
	def_prog_mode();
	endwin();
	rc = launch_editor(path, cause);
	reset_prog_mode();
	clearok(curscr, TRUE);
	app->screen_dirty = true;
	return rc;
}

void
triage_draft(struct app *app)
{
	const struct graph_node *n = triage_node(app);
	const struct check_pkg *cp;
	const struct upstream *up;
	struct checklist *c = NULL;
	struct draft dr;
	char *tmpl_path = NULL, *tmpl = NULL, *dir = NULL, *path = NULL, *cause = NULL;
	char *norm, *word = NULL, *file;
	bool kept;

	memset(&dr, 0, sizeof dr);
	if (n == NULL)
		return;
	cp = &app->check->pkgs[n->index];
	if (cp->state != CHECK_DONE) {
		app_message(app, false, "%s: still checking; draft when its answer is in",
		    n->dist->name);
		return;
	}
	/* The name comes from metadata: normalised (it cannot pass for an option) and one
	 * shell word in the commands meant to be pasted. */
	norm = name_normalize(n->dist->name);
	word = shell_quote(norm);
	free(norm);
	if (draft_nothing_to_ask(app->check, cp)) {
		app_message(app, false, "%s is %s: nothing to ask upstream (ftport draft %s "
		    "--force drafts anyway)", n->dist->name, status_name(cp->verdicts[0].status),
		    word);
		free(word);
		return;
	}
	if ((tmpl_path = draft_template_path()) == NULL) {
		cause = xstrdup("the draft template draft.md was not found");
		goto fail;
	}
	if (read_file(tmpl_path, 1024 * 1024, &tmpl, NULL, &cause) != 0)
		goto fail;
	c = triage_checklist(app);
	up = app->upstreams != NULL ? app->upstreams[n->index] : NULL;
	if (draft_make(tmpl, app->check, cp, app->env, checklist_find(c, n->dist->name), up,
	    &dr, &cause) != 0)
		goto fail;
	dir = state_dir(app->state_path);
	path = xprintf("%s/drafts", dir);
	if (mkdir_p(path, &cause) != 0)
		goto fail;
	free(path);
	/* One draft per package, as ftport draft keeps it: one already there is opened
	 * as it is (it may hold someone's edits). */
	file = draft_file_name(n->dist->name);
	path = xprintf("%s/drafts/%s", dir, file);
	free(file);
	kept = access(path, F_OK) == 0;
	if (!kept && write_file_atomic(path, dr.text, strlen(dr.text), &cause) != 0)
		goto fail;
	if (triage_edit(app, path, &cause) != 0)
		goto fail;
	app_message(app, false, "draft %s %s%s; `ftport draft %s --open` opens a prefilled "
	    "new issue", kept ? "kept as it was at" : "saved to", triage_rel(path),
	    dr.nknown != 0 && !kept ? " (known upstream issues at its top)" : "", word);
	goto out;
fail:
	app_message(app, true, "%s", cause);
	free(cause);
out:
	draft_clear(&dr);
	checklist_free(c);
	free(word);
	free(tmpl_path);
	free(tmpl);
	free(dir);
	free(path);
}
