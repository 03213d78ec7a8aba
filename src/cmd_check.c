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
#include "env.h"
#include "fetch.h"
#include "forge.h"
#include "loop.h"
#include "graph.h"
#include "index.h"
#include "options.h"
#include "report.h"
#include "sanitize.h"
#include "snapshot.h"
#include "upstream.h"
#include "verdict.h"
#include "wheel.h"

enum fail_on { FAIL_NEVER, FAIL_BLOCKED, FAIL_ANY };

/* Does this verdict meet the --fail-on threshold? blocked: it stops the move as things
 * stand (blocked, abi3). any: it is not known to work as installed (everything but
 * ready, pure and fallback, unknown included). */
static bool
cmd_check_fails(enum fail_on fail_on, enum ft_status s)
{
	switch (fail_on) {
	case FAIL_BLOCKED:
		return status_is_blocker(s);
	case FAIL_ANY:
		return s != ST_READY && s != ST_PURE && s != ST_FALLBACK;
	default:
		return false;
	}
}

/* Everything that can be refused before the environment is read, so that a typo is
 * exit 2 whatever the environment. Returns -1 after saying what is wrong. */
static int
cmd_check_validate(struct options *o, enum report_format *fmt, enum fail_on *fail_on)
{
	struct target t;
	struct wheel_platform wp;

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
	for (size_t i = 0; i < o->targets.n; i++)
		if (target_parse(o->targets.v[i], &t) != 0)
			return cmd_usage_error("check", "--target takes a free-threaded CPython such as "
			    "3.13t, 3.14t or 3.15t, not '%s'", o->targets.v[i]);
	for (size_t i = 0; i < o->platforms.n; i++) {
		const char *p = o->platforms.v[i];

		if (strcmp(p, "current") != 0 && (wheel_platform_parse(p, &wp) != 0 ||
		    wp.os == WOS_ANY || wp.os == WOS_OTHER))
			return cmd_usage_error("check", "--platform takes %s, not '%s'",
			    CHECK_PLATFORM_CHOICES, p);
	}
	return 0;
}

struct cmd_check_progress {
	bool		 show;		/* stderr is a terminal and not -q */
	double		 last;
	struct check	*ch;
};

static void
cmd_check_progress(struct cmd_check_progress *pr, bool final)
{
	double now;

	if (!pr->show)
		return;
	if (final) {
		fputs("\r\033[K", stderr);
		return;
	}
	/* A few redraws a second are enough; more only cost the terminal. */
	now = now_ms();
	if (now - pr->last < 100)
		return;
	pr->last = now;
	fprintf(stderr, "\rchecking %zu/%zu packages\033[K", pr->ch->ndone, pr->ch->npkgs);
}

static void
cmd_check_changed(struct check_pkg *cp, void *arg)
{
	cmd_check_progress(arg, false);
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

/* check --upstream: the forges asked about every package that is not fine as it
 * stands (ready, pure and fallback are not: their issues would only spend the rate
 * limit). Returns one slot per package, NULL where not asked. */
static struct upstream **
cmd_check_upstream(const struct options *o, const struct check *ch,
    const struct snapshot *snap, struct fetch *f)
{
	struct upstream **ups = xcalloc(ch->npkgs + 1, sizeof *ups);
	struct loop *l = loop_new(f);
	struct forge *fg = cmd_forge_new(o, f, l);

	for (size_t i = 0; i < ch->npkgs; i++) {
		enum ft_status s = report_worst_verdict(ch, &ch->pkgs[i])->status;

		if (s == ST_READY || s == ST_PURE || s == ST_FALLBACK)
			continue;
		ups[i] = upstream_for_dist(ch->pkgs[i].node->dist, snap, NULL);
		forge_ask(fg, ups[i], false, cmd_upstream_done, NULL);
	}
	(void)cmd_forge_wait(fg, f, l);
	forge_free(fg);
	loop_free(l);
	return ups;
}

int
cmd_check(struct options *o)
{
	enum report_format fmt = REPORT_TABLE;
	enum fail_on fail_on = FAIL_NEVER;
	struct environment *env = NULL;
	struct graph *g = NULL;
	struct snapshot *snap = NULL;
	struct fetch *f = NULL;
	struct index_client *ic = NULL;
	struct check *ch = NULL;
	struct fetch_config fc;
	struct index_config icfg;
	struct check_config cc;
	struct cmd_check_progress pr;
	struct strlist errors = STRLIST_INIT;
	struct report r;
	struct upstream **ups = NULL;
	char *cause = NULL;
	double start = now_ms();
	int rc;

	if (cmd_check_validate(o, &fmt, &fail_on) != 0)
		return EXIT_USAGE;
	if ((env = cmd_load_env(o)) == NULL)
		return EXIT_NOENV;
	g = graph_build(env);
	log_debug("environment read in %.0f ms: %zu distributions", now_ms() - start,
	    env->ndists);

	if (snapshot_load(NULL, &snap, &cause) != 0) {
		/* Not fatal: the index answers without it; only its fallback is lost. */
		log_warn("%s", cause);
		strlist_push(&errors, cause);
		free(cause);
		cause = NULL;
	}

	fetch_config_defaults(&fc);
	fc.max_connections = o->jobs;
	f = fetch_new(&fc);
	memset(&icfg, 0, sizeof icfg);
	icfg.index_url = o->index_url;
	icfg.cache_dir = o->cache_dir;
	icfg.offline = o->offline;
	icfg.refresh = o->refresh;
	icfg.ttl_seconds = 3600;
	if ((ic = index_new(&icfg, f, &cause)) == NULL) {
		fprintf(stderr, "ftport: %s\n", cause);
		rc = EXIT_USAGE;
		goto out;
	}
	if (index_warning(ic) != NULL) {
		/* No cache slows the check down, it does not stop it: said once. The path
		 * in it is the user's, but may still hold any byte. */
		char *w = sanitize_text(index_warning(ic));

		log_warn("%s", w);
		free(w);
	}

	memset(&cc, 0, sizeof cc);
	cc.targets = o->targets;
	cc.platforms = o->platforms;
	if ((ch = check_new(g, &cc, ic, snap, &cause)) == NULL) {
		fprintf(stderr, "ftport: %s (see ftport check --help)\n", cause);
		rc = EXIT_USAGE;
		goto out;
	}
	pr.show = isatty(STDERR_FILENO) && log_verbosity >= 0;
	pr.last = 0;
	pr.ch = ch;
	ch->changed = cmd_check_changed;
	ch->changed_arg = &pr;
	check_start(ch);
	while (!check_finished(ch)) {
		if (fetch_pending(f) == 0) {
			/* Nothing in flight and packages still waiting: a bug, but one that
			 * must not hang a CI job. */
			log_warn("%zu packages got no answer from the index client",
			    ch->npkgs - ch->ndone);
			strlist_push(&errors, "some packages got no answer from the index client");
			break;
		}
		fetch_run_once(f, NULL, 0, 1000);
	}
	cmd_check_progress(&pr, true);
	log_debug("answers in %.0f ms", now_ms() - start);
	check_propagate(ch);
	log_debug("checked %zu packages in %.0f ms with %lu requests to %s",
	    ch->npkgs, now_ms() - start, fetch_request_count(f), index_url(ic));
	if (o->upstream)
		ups = cmd_check_upstream(o, ch, snap, f);

	memset(&r, 0, sizeof r);
	r.check = ch;
	r.env = env;
	r.index_url = index_url(ic);
	r.index_origin = index_url_origin(ic);
	r.snapshot = snap;
	r.errors = &errors;
	r.color = fmt == REPORT_TABLE && cmd_check_color(o);
	r.offline = o->offline;
	r.upstreams = ups;
	report_write(stdout, fmt, &r);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ftport: writing the report failed\n");
		rc = EXIT_USAGE;
		goto out;
	}

	rc = EXIT_DONE;
	for (size_t i = 0; i < ch->npkgs && rc == EXIT_DONE; i++)
		for (size_t v = 0; v < ch->ntargets * ch->nplatforms; v++)
			if (cmd_check_fails(fail_on, ch->pkgs[i].verdicts[v].status))
				rc = EXIT_MATCHED;

out:
	/* The index client first: its pending callbacks point into the check. */
	index_free(ic);
	fetch_free(f);
	for (size_t i = 0; ups != NULL && i < ch->npkgs; i++)
		upstream_free(ups[i]);
	free(ups);
	check_free(ch);
	snapshot_free(snap);
	graph_free(g);
	env_free(env);
	strlist_clear(&errors);
	free(cause);
	return rc;
}
