/* cmd_export.c: `ftport export`: the porting checklist from a full check, the
 * team state and the test results on its verdicts, as Markdown merged into the previous export,
 * CSV or JSON. */
#include "config.h"

#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checklist.h"
#include "cmd.h"
#include "cmdtable.h"
#include "cmd_check.h"
#include "cmd_export.h"
#include "cmd_upstream.h"
#include "state.h"
#include "upstream.h"

/* Loads the team state for export and draft: --state, else the project's. An invalid
 * file stops the command (its owners and notes would silently vanish otherwise). */
int
cmd_load_state(struct options *o, struct state **st, char **path)
{
	char *cause = NULL;

	*path = state_default_path(o->state, NULL);
	if (state_load(*path, st, &cause) != 0) {
		cmd_error(cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* The Markdown checklist written, recorded in the team state (relative to the project
 * root), so that the UI's e writes the same file: a README's `export -o PORTING.md`
 * and e's .ftport/checklist.md were two checklists that silently disagreed. */
static void
cmd_export_remember(const char *state_path, const char *root, const char *out)
{
	char *abs = NULL, *dir, *slash, *real, *cause = NULL, *top = realpath(root, NULL);
	size_t n = top != NULL ? strlen(top) : 0;

	dir = xstrdup(out);
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	real = realpath(slash != NULL ? (*dir != '\0' ? dir : "/") : ".", NULL);
	if (real != NULL)
		abs = xprintf("%s/%s", real, slash != NULL ? slash + 1 : out);
	if (abs != NULL && top != NULL && strncmp(abs, top, n) == 0 && abs[n] == '/') {
		if (state_set_checklist(state_path, abs + n + 1, &cause) != 0) {
			log_warn("the checklist's path was not recorded in the team state: %s",
			    cause);
			free(cause);
		}
	} else
		log_debug("%s is outside the project: the UI's e keeps its own checklist", out);
	free(real);
	free(abs);
	free(dir);
	free(top);
}

int
cmd_export(struct options *o)
{
	enum ck_format fmt = CK_MD;
	const char *out = o->output != NULL ? o->output : "-";
	struct cmd_run run;
	struct state *st = NULL;
	struct checklist *c = NULL;
	struct upstream **ups = NULL;
	char *state_path = NULL, *root = NULL, *cause = NULL;
	int rc;

	if (o->args.n != 0) {
		cmd_usage_error("export", "export takes no operands, not '%s'", o->args.v[0]);
		return EXIT_USAGE;
	}
	if (o->format != NULL && checklist_format_parse(o->format, &fmt) != 0) {
		cmd_usage_error("export", "--format takes md, csv or json, not '%s'", o->format);
		return EXIT_USAGE;
	}
	if (o->format == NULL && strcmp(out, "-") != 0)
		fmt = checklist_format_for(out);
	if (cmd_validate_targets(o, "export") != 0)
		return EXIT_USAGE;
	if (cmd_load_state(o, &st, &state_path) != 0) {
		free(state_path);
		return EXIT_USAGE;
	}
	if ((rc = cmd_run_check(o, "export", &run, NULL, NULL)) != EXIT_DONE)
		goto done;
	root = state_project_root(NULL);
	c = checklist_build(run.ch, run.env, st, run.snap, root, time(NULL));
	if (o->upstream) {
		/* Kept until the checklist is written: its items point at them. */
		ups = cmd_check_upstream(o, run.ch, run.snap, run.fetch);
		for (size_t i = 0; i < run.ch->npkgs; i++)
			if (ups[i] != NULL)
				checklist_add_upstream(c, ups[i]);
	}
	if (checklist_write(c, out, fmt, &cause) != 0) {
		cmd_error(cause);
		free(cause);
		rc = EXIT_USAGE;
	} else if (fmt == CK_MD && strcmp(out, "-") != 0)
		cmd_export_remember(state_path, root, out);
	if (rc == EXIT_DONE && o->upstream && cmd_forge_stopped != 0)
		rc = 128 + cmd_forge_stopped;	/* ^C: written with what was found */
	for (size_t i = 0; ups != NULL && i < run.ch->npkgs; i++)
		upstream_free(ups[i]);
	free(ups);
done:
	checklist_free(c);
	cmd_run_free(&run);
	state_free(st);
	free(state_path);
	free(root);
	return rc;
}
