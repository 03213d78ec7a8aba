/* cmd_draft.c: `ftport draft PKG`: an upstream issue draft for one package, saved under
 * .ftport/drafts/, the known upstream issues said first, and a prefilled new-issue URL.
 * Nothing is posted. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checklist.h"
#include "cmd.h"
#include "cmdtable.h"
#include "cmd_export.h"
#include "cmd_upstream.h"
#include "draft.h"
#include "forge.h"
#include "launch.h"
#include "loop.h"
#include "report.h"
#include "sanitize.h"
#include "state.h"

/* .ftport/drafts/NAME.md beside the state: one draft per package, the same file on
 * every run (each rerun once added NAME-2.md, NAME-3.md ...). */
static char *
cmd_draft_path(const char *state_path, const char *name, char **cause)
{
	char *dir = state_dir(state_path), *drafts = xprintf("%s/drafts", dir), *path, *file;

	free(dir);
	if (mkdir_p(drafts, cause) != 0) {
		free(drafts);
		return NULL;
	}
	file = draft_file_name(name);
	path = xprintf("%s/%s", drafts, file);
	free(file);
	free(drafts);
	return path;
}

static void
cmd_draft_scanned(struct upstream *u, void *arg)
{
	(void)arg;
	if (!u->scan.running && u->scan.error != NULL)
		log_debug("%s: %s", u->name, u->scan.error);
}

/* What upstream knows, asked of the forge (cached a day; --offline: the cache), and
 * what a clone already in the cache declares (ftport upstream --scan made it; read
 * without fetching, as check --upstream does). */
static struct upstream *
cmd_draft_upstream(struct options *o, struct cmd_run *run, const struct dist *d)
{
	struct upstream *up = upstream_for_dist(d, run->snap, o->repo);
	struct upstream_scan_config scfg;
	struct loop *l;
	struct forge *fg = NULL;

	l = loop_new(run->fetch);
	if (up->repo.forge == REPO_GITHUB || up->repo.forge == REPO_GITLAB) {
		fg = cmd_forge_new(o, run->fetch, l);
		forge_ask(fg, up, true, cmd_upstream_done, NULL);
		(void)cmd_forge_wait(fg, run->fetch, l);
		forge_free(fg);
	}
	cmd_scan_config(o, &scfg);
	scfg.no_fetch = scfg.if_cloned = true;
	if (upstream_scan_start(up, l, &scfg, cmd_draft_scanned, NULL) == 0)
		while (up->scan.running)
			loop_turn(l, NULL, 0, 1000);
	loop_free(l);
	if (up->state == UP_FAILED && up->error != NULL) {
		char *e = sanitize_text(up->error);

		log_warn("%s: the forge did not answer (%s); drafting without its issues",
		    d->name, e);
		free(e);
	}
	return up;
}

/* The known issues first: maybe one of them is the place to comment. */
static void
cmd_draft_say_known(const struct draft *dr, const struct upstream *up)
{
	const char *path = up->repo.path != NULL ? up->repo.path : up->name;

	if (dr->known == NULL)
		return;
	printf("Known upstream issues in %s:\n%s", path, dr->known);
	for (size_t i = 0; i < up->nitems; i++) {
		if (up->items[i].open || i + 1 == up->nitems) {
			printf("Comment on #%lu instead?\n\n", up->items[i].number);
			break;
		}
	}
}

int
cmd_draft(struct options *o)
{
	struct cmd_run run;
	struct state *st = NULL;
	struct checklist *c = NULL;
	struct upstream *up = NULL;
	struct draft dr;
	const struct check_pkg *cp = NULL;
	char *state_path = NULL, *root = NULL, *name = NULL, *tmpl_path = NULL;
	char *tmpl = NULL, *path = NULL, *cause = NULL, *title = NULL, *body = NULL;
	char *url = NULL, *text = NULL, *note = NULL;
	bool to_stdout = o->output != NULL && strcmp(o->output, "-") == 0, shortened;
	int rc;

	memset(&dr, 0, sizeof dr);
	memset(&run, 0, sizeof run);
	if (o->args.n != 1) {
		cmd_usage_error("draft", "draft takes one package name%s", o->args.n == 0 ?
		    "" : ", not several");
		return EXIT_USAGE;
	}
	if (to_stdout && (o->edit || o->open)) {
		cmd_usage_error("draft", "--edit and --open need a file, not -o -");
		return EXIT_USAGE;
	}
	if (cmd_validate_targets(o, "draft") != 0)
		return EXIT_USAGE;
	if ((tmpl_path = draft_template_path()) == NULL) {
		cmd_error("the draft template draft.md was not found (set FTPORT_DATA_DIR, or put "
		    "one in $XDG_CONFIG_HOME/ftport/)");
		return EXIT_USAGE;
	}
	if (read_file(tmpl_path, 1024 * 1024, &tmpl, NULL, &cause) != 0) {
		rc = EXIT_USAGE;
		goto fail;
	}
	if (cmd_load_state(o, &st, &state_path) != 0) {
		rc = EXIT_USAGE;
		goto done;
	}
	if ((rc = cmd_run_check(o, "draft", &run, NULL, NULL)) != EXIT_DONE)
		goto done;
	name = name_normalize(o->args.v[0]);
	for (size_t i = 0; i < run.ch->npkgs && cp == NULL; i++)
		if (strcmp(run.ch->pkgs[i].node->dist->name, name) == 0)
			cp = &run.ch->pkgs[i];
	if (cp == NULL) {
		char *clean = sanitize_text(o->args.v[0]);

		cause = xprintf("%s is not installed in this environment", clean);
		free(clean);
		rc = EXIT_USAGE;
		goto fail;
	}
	if (!o->force && draft_nothing_to_ask(run.ch, cp)) {
		char *clean = sanitize_text(report_display_name(cp));

		fprintf(stderr, "ftport: %s is %s on every target and platform checked: nothing to "
		    "ask upstream (--force drafts anyway)\n", clean,
		    status_name(cp->verdicts[0].status));
		free(clean);
		rc = EXIT_MATCHED;
		goto done;
	}
	root = state_project_root(NULL);
	c = checklist_build(run.ch, run.env, st, run.snap, root, time(NULL));
	up = cmd_draft_upstream(o, &run, cp->node->dist);
	if (draft_make(tmpl, run.ch, cp, run.env, checklist_find(c, name), up, &dr,
	    &cause) != 0) {
		rc = EXIT_USAGE;
		goto fail;
	}

	if (dr.note != NULL)
		printf("%s\n\n", dr.note);
	cmd_draft_say_known(&dr, up);
	if (to_stdout) {
		fputs(dr.text, stdout);
		rc = fflush(stdout) == 0 ? EXIT_DONE : EXIT_USAGE;
		goto done;
	}
	path = o->output != NULL ? xstrdup(o->output) : cmd_draft_path(state_path, name, &cause);
	if (path == NULL) {
		rc = EXIT_USAGE;
		goto fail;
	}
	/* The package's draft is there already: it is the one used, as it is (it may
	 * hold someone's edits; a new one would be written over them or beside them). */
	if (o->output == NULL && access(path, F_OK) == 0)
		printf("Draft already at %s: kept as it is (remove it for a fresh one)\n", path);
	else if (write_file_atomic(path, dr.text, strlen(dr.text), &cause) != 0) {
		rc = EXIT_USAGE;
		goto fail;
	} else
		printf("Draft saved to %s\n", path);
	if (o->edit) {
		fflush(stdout);
		if (launch_editor(path, &cause) != 0) {
			rc = EXIT_USAGE;
			goto fail;
		}
	}
	/* The URL from the file as it is now (edited or not). */
	if (read_file(path, 1024 * 1024, &text, NULL, &cause) != 0) {
		rc = EXIT_USAGE;
		goto fail;
	}
	if (draft_split(text, &title, &body) != 0) {
		cause = xprintf("%s has no title line (\"# ...\") any more", path);
		rc = EXIT_USAGE;
		goto fail;
	}
	note = xprintf("in %s.md of the reporter's drafts", name);
	url = draft_issue_url(&up->repo, title, body, note, DRAFT_URL_MAX, &shortened);
	if (url == NULL) {
		printf("No GitHub or GitLab project is known for %s: file the draft where its "
		    "tracker is.\n", name);
		if (o->open)
			log_warn("--open: no new-issue URL to open");
	} else {
		printf("New issue, prefilled (nothing is posted%s):\n%s\n", shortened ?
		    "; the body was shortened to fit in 8 KB" : "", url);
		if (o->open) {
			pid_t pid;

			fflush(stdout);
			/* The draft is saved and the URL printed: what failed is only the
			 * browser, not the command line (exit 1, not 2). */
			if (launch_browser(url, &pid, &cause) != 0) {
				rc = EXIT_MATCHED;
				goto fail;
			}
		}
	}
	rc = EXIT_DONE;
	goto done;
fail:
	cmd_error(cause);
	free(cause);
done:
	draft_clear(&dr);
	upstream_free(up);
	checklist_free(c);
	cmd_run_free(&run);
	state_free(st);
	free(state_path);
	free(root);
	free(name);
	free(tmpl_path);
	free(tmpl);
	free(path);
	free(text);
	free(title);
	free(body);
	free(note);
	free(url);
	return rc;
}
