/* cmd_check.c: `ftport check`: every installed package asked of the index at once,
 * judged per target and platform, printed as a table, JSON, CSV or Markdown; the exit
 * status answers --fail-on for CI. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cmd.h"
#include "cmdtable.h"
#include "cmd_check.h"
#include "cmd_upstream.h"
#include "env.h"
#include "evidence.h"
#include "fetch.h"
#include "forge.h"
#include "graph.h"
#include "index.h"
#include "loop.h"
#include "options.h"
#include "report.h"
#include "sanitize.h"
#include "snapshot.h"
#include "state.h"
#include "strbuf.h"
#include "termsize.h"
#include "upstream.h"
#include "verdict.h"
#include "wheel.h"

enum fail_on { FAIL_NEVER, FAIL_BLOCKED, FAIL_ANY };

/* Does this verdict meet the --fail-on threshold? blocked: it stops the move as things
 * stand (blocked, abi3, or a test of this version that turned the GIL back on, failed,
 * could not import or crashed). any: it is not known to work as installed (everything
 * but ready, pure, fallback and a source build that passed its test; unknown
 * included). */
static bool
cmd_check_fails(enum fail_on fail_on, const struct verdict *v)
{
	switch (fail_on) {
	case FAIL_BLOCKED:
		return status_is_blocker(v->status);
	case FAIL_ANY:
		return !evidence_works(v);
	default:
		return false;
	}
}

/* Everything that can be refused before the environment is read, so that a typo is
 * exit 2 whatever the environment. Returns -1 after saying what is wrong. */
static int
cmd_check_validate(struct options *o, enum report_format *fmt, enum fail_on *fail_on)
{
	if (o->args.n != 0)
		return cmd_usage_error("check", "check takes no operands, not '%s'", o->args.v[0]);
	*fmt = REPORT_TABLE;
	if (o->json && o->format == NULL)
		*fmt = REPORT_JSON;
	if (o->format != NULL && report_format_parse(o->format, fmt) != 0)
		return cmd_usage_error("check", "--format takes table, json, csv or md, not '%s'",
		    o->format);
	*fail_on = FAIL_NEVER;
	if (o->fail_on != NULL) {
		if (strcmp(o->fail_on, "blocked") == 0)
			*fail_on = FAIL_BLOCKED;
		else if (strcmp(o->fail_on, "any") == 0)
			*fail_on = FAIL_ANY;
		else
			return cmd_usage_error("check", "--fail-on takes blocked or any, not '%s'",
			    o->fail_on);
	}
	return cmd_validate_targets(o, "check");
}

/* Says on stderr, in one line, which packages met --fail-on (a CI log that shows only
 * "exit 1" sends the reader back to the whole report): the first few by name with
 * the status that matched, then how many more. Returns EXIT_MATCHED or EXIT_DONE. */
#define CMD_CHECK_FAIL_NAMES	8

static int
cmd_check_fail_on(const struct options *o, enum fail_on fail_on, const struct check *ch)
{
	struct strbuf sb = STRBUF_INIT, ign = STRBUF_INIT;
	size_t nmatched = 0, nignored = 0;
	char *line;

	for (size_t i = 0; i < ch->npkgs; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];

		for (size_t v = 0; v < ch->ntargets * ch->nplatforms; v++) {
			if (!cmd_check_fails(fail_on, &cp->verdicts[v]))
				continue;
			/* The team decided to move without it: it fails no job. */
			if (cp->ignored) {
				if (nignored++ < CMD_CHECK_FAIL_NAMES)
					strbuf_addf(&ign, "%s%s", nignored == 1 ? "" : ", ",
					    cp->node->dist->name);
				break;
			}
			if (nmatched++ < CMD_CHECK_FAIL_NAMES)
				strbuf_addf(&sb, "%s%s (%s)", nmatched == 1 ? "" : ", ",
				    cp->node->dist->name, status_name(cp->verdicts[v].status));
			break;
		}
	}
	if (nignored > CMD_CHECK_FAIL_NAMES)
		strbuf_addf(&ign, " and %zu more", nignored - CMD_CHECK_FAIL_NAMES);
	if (nmatched == 0) {
		/* Why a job passed although the report shows a blocker. */
		if (nignored != 0)
			log_warn("--fail-on %s matched only what the team state ignores: %s",
			    o->fail_on, strbuf_str(&ign));
		strbuf_release(&sb);
		strbuf_release(&ign);
		return EXIT_DONE;
	}
	if (nmatched > CMD_CHECK_FAIL_NAMES)
		strbuf_addf(&sb, " and %zu more", nmatched - CMD_CHECK_FAIL_NAMES);
	if (nignored != 0)
		strbuf_addf(&sb, " (not counted, ignored by the team state: %s)",
		    strbuf_str(&ign));
	/* Said with -q too: it is why the job failed. Names come from metadata:
	 * cmd_error strips their control characters. */
	line = xprintf("--fail-on %s matched %zu package%s: %s", o->fail_on, nmatched,
	    nmatched == 1 ? "" : "s", strbuf_str(&sb));
	cmd_error(line);
	free(line);
	strbuf_release(&sb);
	strbuf_release(&ign);
	return EXIT_MATCHED;
}

struct cmd_check_progress {
	struct cmd_progress	 line;
	struct cmd_run		*run;		/* its check counts the answers */
};

/* When this few answers are left, or none came for a second, the progress line names
 * what it waits for (this many at most): a slow package held the line at "checking
 * 256/257 packages" for 30 s with no name. */
#define CMD_CHECK_NAME_LEFT	3

static void
cmd_check_changed(struct check_pkg *cp, void *arg)
{
	struct cmd_check_progress *pr = arg;
	const struct check *ch = pr->run->ch;
	size_t left = ch->npkgs - ch->ndone, width;
	struct strbuf sb;
	char *names, *line;

	if (left == 0 || (left > CMD_CHECK_NAME_LEFT && cp != NULL)) {
		cmd_progress_line(&pr->line, "checking %zu/%zu packages", ch->ndone, ch->npkgs);
		return;
	}
	strbuf_init(&sb);
	for (size_t i = 0, n = 0; i < ch->npkgs && n < CMD_CHECK_NAME_LEFT; i++) {
		if (ch->pkgs[i].state != CHECK_PENDING)
			continue;
		strbuf_addstr(&sb, n++ == 0 ? "" : ", ");
		strbuf_addstr(&sb, report_display_name(&ch->pkgs[i]));
	}
	if (left > CMD_CHECK_NAME_LEFT)
		strbuf_addf(&sb, " and %zu more", left - CMD_CHECK_NAME_LEFT);
	names = sanitize_text(strbuf_str(&sb));
	line = xprintf("checking %zu/%zu packages, waiting for %s", ch->ndone, ch->npkgs,
	    names);
	/* One terminal line, or the erase at the end leaves the rest behind. */
	width = termsize_columns(STDERR_FILENO);
	free(names);
	names = termsize_fit(line, width > 1 ? width - 1 : 79);
	/* Always drawn: it may stay up for a while. */
	pr->line.last = 0;
	cmd_progress_line(&pr->line, "%s", names);
	free(names);
	free(line);
	strbuf_release(&sb);
}

static bool
cmd_check_color(const struct options *o)
{
	const char *no_color = getenv("NO_COLOR");

	switch (o->color) {
	case COLOR_ALWAYS:
		return true;
	case COLOR_NEVER:
		return false;
	default:
		return isatty(STDOUT_FILENO) && (no_color == NULL || *no_color == '\0');
	}
}

static void
cmd_check_scanned(struct upstream *u, void *arg)
{
	(void)arg;
	if (u->scan.error != NULL)
		log_debug("%s: %s", u->name, u->scan.error);
}

/* check --upstream: the forges asked about every package that is not fine as it
 * stands (ready, pure and fallback are not: their issues would only spend the rate
 * limit). Returns one slot per package, NULL where not asked. */
struct upstream **
cmd_check_upstream(const struct options *o, const struct check *ch,
    const struct snapshot *snap, struct fetch *f)
{
	struct upstream **ups = xcalloc(ch->npkgs + 1, sizeof *ups);
	struct loop *l = loop_new(f);
	struct forge *fg = cmd_forge_new(o, f, l);
	struct upstream_scan_config scfg;

	for (size_t i = 0; i < ch->npkgs; i++) {
		enum ft_status s = report_worst_verdict(ch, &ch->pkgs[i])->status;

		if (s == ST_READY || s == ST_PURE || s == ST_FALLBACK)
			continue;
		ups[i] = upstream_for_dist(ch->pkgs[i].node->dist, snap, NULL);
		forge_ask(fg, ups[i], false, cmd_upstream_done, NULL);
	}
	(void)cmd_forge_wait(fg, f, l);
	forge_free(fg);
	if (cmd_forge_stopped != 0) {
		/* Interrupted: what was found so far, without the scans. */
		loop_free(l);
		return ups;
	}
	/* The scans already made (ftport upstream --scan, the UI's u) are read again from
	 * their clones, without fetching: the result cache answers an unchanged one. */
	cmd_scan_config(o, &scfg);
	scfg.no_fetch = scfg.if_cloned = true;
	for (size_t i = 0; i < ch->npkgs; i++)
		if (ups[i] != NULL)
			(void)upstream_scan_start(ups[i], l, &scfg, cmd_check_scanned, NULL);
	for (size_t i = 0; i < ch->npkgs; i++)
		while (ups[i] != NULL && ups[i]->scan.running)
			loop_turn(l, NULL, 0, 1000);
	loop_free(l);
	return ups;
}

int
cmd_check(struct options *o)
{
	enum report_format fmt = REPORT_TABLE;
	enum fail_on fail_on = FAIL_NEVER;
	struct cmd_run run;
	struct check *ch;
	struct cmd_check_progress pr;
	struct report r;
	struct upstream **ups = NULL;
	struct strlist index_urls = STRLIST_INIT, index_origins = STRLIST_INIT;
	size_t nups = 0;
	int rc;

	if (cmd_check_validate(o, &fmt, &fail_on) != 0)
		return EXIT_USAGE;
	pr.line.show = isatty(STDERR_FILENO) && log_verbosity >= 0;
	pr.line.last = 0;
	pr.run = &run;
	if ((rc = cmd_run_check(o, "check", &run, cmd_check_changed, &pr)) != EXIT_DONE)
		goto out;
	ch = run.ch;
	cmd_progress_end(&pr.line);
	if (o->upstream) {
		ups = cmd_check_upstream(o, ch, run.snap, run.fetch);
		nups = ch->npkgs;
	}

	memset(&r, 0, sizeof r);
	r.check = ch;
	r.env = run.env;
	r.index_url = index_url(run.ic);
	r.index_origin = index_url_origin(run.ic);
	for (size_t i = 0; i < index_count(run.ic); i++) {
		const char *from, *url = index_nth_url(run.ic, i, &from);

		strlist_push(&index_urls, url);
		strlist_push(&index_origins, from);
	}
	r.index_urls = &index_urls;
	r.index_origins = &index_origins;
	r.snapshot = run.snap;
	r.errors = &run.errors;
	r.color = fmt == REPORT_TABLE && cmd_check_color(o);
	/* On a terminal the rows fit its width; -v, a pipe or a file get them whole. */
	if (fmt == REPORT_TABLE && log_verbosity <= 0)
		r.columns = termsize_columns(STDOUT_FILENO);
	r.offline = o->offline;
	r.upstreams = ups;
	report_write(stdout, fmt, &r);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ftport: writing the report failed\n");
		rc = EXIT_USAGE;
		goto out;
	}

	if (o->upstream && cmd_forge_stopped != 0) {
		rc = 128 + cmd_forge_stopped;
		goto out;
	}
	rc = cmd_check_fail_on(o, fail_on, ch);

out:
	/* The index client first (in cmd_run_free): its pending callbacks point into the
	 * check. */
	cmd_run_free(&run);
	strlist_clear(&index_urls);
	strlist_clear(&index_origins);
	for (size_t i = 0; ups != NULL && i < nups; i++)
		upstream_free(ups[i]);
	free(ups);
	return rc;
}
