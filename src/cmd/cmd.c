/* cmd.c: what the commands share (loading the environment, a check run, errors and
 * progress). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "env.h"
#include "fetch.h"
#include "graph.h"
#include "index.h"
#include "lockfile.h"
#include "replace.h"
#include "sanitize.h"
#include "snapshot.h"
#include "state.h"
#include "wheel.h"

void
cmd_error(const char *cause)
{
	char *clean = sanitize_text(cause);

	fprintf(stderr, "ftport: %s\n", clean);
	free(clean);
}

void
cmd_progress_line(struct cmd_progress *p, const char *fmt, ...)
{
	va_list ap;
	double now;

	if (!p->show)
		return;
	/* A few redraws a second are enough; more only cost the terminal. */
	now = now_ms();
	if (now - p->last < 100)
		return;
	p->last = now;
	fputc('\r', stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr);
}

void
cmd_progress_end(struct cmd_progress *p)
{
	if (p->show)
		fputs("\r\033[K", stderr);
}

int
cmd_env_load(struct options *o, struct environment **out, char **cause)
{
	struct lock_options lo;

	if (o->lock == NULL) {
		/* Every command keeps the interpreter's answer (a warm run starts no
		 * Python). */
		o->env.probe_cache = true;
		o->env.cache_dir = o->cache_dir;
		o->env.refresh = o->refresh;
		return env_load(&o->env, out, cause);
	}
	memset(&lo, 0, sizeof lo);
	lo.path = o->lock;
	lo.python = o->env.python;
	lo.target = o->targets.n > 0 ? o->targets.v[0] : NULL;
	lo.platform = o->platforms.n > 0 ? o->platforms.v[0] : NULL;
	lo.extras = &o->extras;
	lo.groups = &o->groups;
	return lockfile_load(&lo, out, cause);
}

int
cmd_env_status(const struct options *o)
{
	return o->lock != NULL ? EXIT_USAGE : EXIT_NOENV;
}

struct environment *
cmd_load_env(struct options *o)
{
	struct environment *e;
	char *cause = NULL;

	if (cmd_env_load(o, &e, &cause) != 0) {
		cmd_error(cause);
		free(cause);
		return NULL;
	}
	/* Warnings quote metadata: never let its control characters reach a terminal. */
	for (size_t i = 0; i < e->warnings.n; i++) {
		char *clean = sanitize_text(e->warnings.v[i]);

		log_warn("%s", clean);
		free(clean);
	}
	return e;
}

int
cmd_validate_targets(struct options *o, const char *cmd)
{
	struct target t;
	struct wheel_platform wp;

	for (size_t i = 0; i < o->targets.n; i++)
		if (target_parse(o->targets.v[i], &t) != 0)
			return cmd_usage_error(cmd, "--target takes a free-threaded CPython such as "
			    "3.13t, 3.14t or 3.15t, not '%s'", o->targets.v[i]);
	for (size_t i = 0; i < o->platforms.n; i++) {
		const char *p = o->platforms.v[i];

		if (strcmp(p, "current") != 0 && (wheel_platform_parse(p, &wp) != 0 ||
		    wp.os == WOS_ANY || wp.os == WOS_OTHER))
			return cmd_usage_error(cmd, "--platform takes %s, not '%s'",
			    CHECK_PLATFORM_CHOICES, p);
	}
	return 0;
}

/* The results of `ftport test`: this machine's store and the team state's last results
 * (for one name, version and ABI the newer wins), the state kept in r->state. What
 * cannot be read is said and left out: the wheel verdicts stand without it. */
static void
cmd_load_evidence(struct options *o, struct cmd_run *r)
{
	struct evidence *e = &r->evidence;
	struct state *st = NULL;
	char *path, *cause = NULL;

	if (evidence_load_store(e, o->cache_dir, &cause) != 0) {
		log_warn("the stored test results were not read: %s", cause);
		free(cause);
		cause = NULL;
	}
	path = state_default_path(o->state, NULL);
	if (state_load(path, &st, &cause) == 0)
		(void)state_add_evidence(st, e);
	else {
		char *clean = sanitize_text(cause);

		log_warn("the team state's test results were not read: %s", clean);
		free(clean);
		free(cause);
	}
	r->state = st;	/* kept: check applies its ignores without reading it again */
	free(path);
	if (e->unkeyed > 0)
		log_warn("%zu test result%s stored without the package's version or the "
		    "interpreter's ABI (by an older ftport) %s not used; run ftport test "
		    "again for %s", e->unkeyed, e->unkeyed == 1 ? "" : "s",
		    e->unkeyed == 1 ? "is" : "are", e->unkeyed == 1 ? "it" : "them");
}

/* The team state's ignore decisions, as the TUI applies them on each x: an ignored
 * package blocks nothing above it and is counted apart (check, export, draft). */
static void
cmd_run_ignores(struct cmd_run *r)
{
	struct strlist ign = STRLIST_INIT;

	if (r->state == NULL)
		return;
	state_decided(r->state, DECISION_IGNORE, &ign);
	if (ign.n > 0)
		check_set_ignored(r->ch, &ign);
	strlist_clear(&ign);
}

int
cmd_run_check(struct options *o, const char *cmd, struct cmd_run *r,
    check_changed_fn changed, void *arg)
{
	struct fetch_config fc;
	struct index_config icfg;
	struct check_config cc;
	char *cause = NULL;
	double start = now_ms(), last_tick;

	memset(r, 0, sizeof *r);
	if ((r->env = cmd_load_env(o)) == NULL)
		return cmd_env_status(o);
	r->graph = graph_build(r->env);
	log_debug("environment read in %.0f ms: %zu distributions", now_ms() - start,
	    r->env->ndists);

	if (snapshot_load(NULL, &r->snap, &cause) != 0) {
		/* Not fatal: the index answers without it; only its fallback is lost. */
		log_warn("%s", cause);
		strlist_push(&r->errors, cause);
		free(cause);
		cause = NULL;
	}

	fetch_config_defaults(&fc);
	fc.max_connections = o->jobs;
	r->fetch = fetch_new(&fc);
	memset(&icfg, 0, sizeof icfg);
	icfg.index_url = o->index_url;
	icfg.extra_index_urls = &o->extra_index_urls;
	icfg.lock_path = o->lock;
	icfg.cache_dir = o->cache_dir;
	icfg.offline = o->offline;
	icfg.refresh = o->refresh;
	icfg.ttl_seconds = 3600;
	if ((r->ic = index_new(&icfg, r->fetch, &cause)) == NULL) {
		cmd_error(cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (o->nightly && (r->nightly = cmd_nightly_client(o, r->fetch, &cause)) == NULL) {
		cmd_usage_error(cmd, "%s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (index_warning(r->ic) != NULL) {
		/* No cache slows the check down, it does not stop it: said once. The path
		 * in it is the user's, but may still hold any byte. */
		char *w = sanitize_text(index_warning(r->ic));

		log_warn("%s", w);
		free(w);
	}

	memset(&cc, 0, sizeof cc);
	cc.targets = o->targets;
	cc.platforms = o->platforms;
	if ((r->ch = check_new(r->graph, &cc, r->ic, r->snap, &cause)) == NULL) {
		cmd_usage_error(cmd, "%s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	r->repl = cmd_load_replacements(&r->errors);
	r->ch->replacements = r->repl;
	r->ch->nightly = r->nightly;
	r->ch->changed = changed;
	r->ch->changed_arg = arg;
	cmd_load_evidence(o, r);
	r->ch->evidence = &r->evidence;
	check_start(r->ch);
	last_tick = now_ms();
	while (!check_finished(r->ch)) {
		if (fetch_pending(r->fetch) == 0) {
			/* Nothing in flight and packages still waiting: a bug, but one that
			 * must not hang a CI job. */
			log_warn("%zu packages got no answer from the index client",
			    r->ch->npkgs - r->ch->ndone);
			strlist_push(&r->errors, "some packages got no answer from the index client");
			break;
		}
		fetch_run_once(r->fetch, NULL, 0, 500);
		/* No answer for a while: the progress line is drawn again anyway (with
		 * no package), so that it can say what it still waits for. */
		if (changed != NULL && now_ms() - last_tick >= 1000) {
			changed(NULL, arg);
			last_tick = now_ms();
		}
	}
	log_debug("answers in %.0f ms", now_ms() - start);
	cmd_run_ignores(r);
	check_propagate(r->ch);
	log_debug("checked %zu packages in %.0f ms with %lu requests to %s",
	    r->ch->npkgs, now_ms() - start, fetch_request_count(r->fetch), index_url(r->ic));
	return EXIT_DONE;
}

struct index_client *
cmd_nightly_client(const struct options *o, struct fetch *f, char **cause)
{
	struct index_config icfg;

	if (!o->nightly)
		return NULL;
	memset(&icfg, 0, sizeof icfg);
	icfg.index_url = o->nightly_index != NULL ? o->nightly_index : CHECK_NIGHTLY_INDEX;
	icfg.only_origin = o->nightly_index != NULL ? "--nightly-index" : "--nightly";
	icfg.cache_dir = o->cache_dir;
	icfg.offline = o->offline;
	icfg.refresh = o->refresh;
	icfg.ttl_seconds = 3600;
	return index_new(&icfg, f, cause);
}

struct replacements *
cmd_load_replacements(struct strlist *errors)
{
	struct strlist found = STRLIST_INIT;
	struct replacements *r = replace_load(NULL, NULL, &found);

	/* A broken table loses its suggestions, not the run: said, and listed with the
	 * run's problems. The path and JSON error may quote any byte. */
	for (size_t i = 0; i < found.n; i++) {
		char *clean = sanitize_text(found.v[i]);

		log_warn("%s", clean);
		strlist_push_owned(errors, clean);
	}
	strlist_clear(&found);
	return r;
}

void
cmd_run_free(struct cmd_run *r)
{
	/* The index client first: its pending callbacks point into the check. */
	index_free(r->ic);
	index_free(r->nightly);
	fetch_free(r->fetch);
	check_free(r->ch);
	evidence_free(&r->evidence);
	state_free(r->state);
	replace_free(r->repl);
	snapshot_free(r->snap);
	graph_free(r->graph);
	env_free(r->env);
	strlist_clear(&r->errors);
	memset(r, 0, sizeof *r);
}
