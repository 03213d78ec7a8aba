/* cmd_upstream.c: `ftport upstream PKG...`: for each installed package, its repository
 * and the free-threading issues and pull requests its forge knows, as text or JSON.
 * Every package is asked at once; the forge client's queue paces them. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd.h"
#include "cmdtable.h"
#include "cmd_upstream.h"
#include "env.h"
#include "fetch.h"
#include "forge.h"
#include "loop.h"
#include "options.h"
#include "sanitize.h"
#include "snapshot.h"
#include "upstream.h"

#define UPSTREAM_SCHEMA_VERSION 1

void
cmd_upstream_done(struct upstream *u, void *arg)
{
	(void)arg;
	log_debug("%s: %s", u->name, u->state == UP_DONE ? "answered" : u->error);
}

/* One line of text from the network or metadata, cleaned for the terminal. */
static void
put_clean(FILE *f, const char *prefix, const char *text, const char *suffix)
{
	char *c = sanitize_text(text);

	fprintf(f, "%s%s%s", prefix, c, suffix);
	free(c);
}

/* The text form: a heading per package, a line per finding with its URL below. */
static void
cmd_upstream_print(FILE *f, const struct upstream *u)
{
	fprintf(f, "%s", u->name);
	if (u->version != NULL)
		put_clean(f, " ", u->version, "");
	if (u->repo.forge != REPO_NONE) {
		put_clean(f, ": ", u->repo.url, "");
		if (u->repo.from != NULL)
			fprintf(f, " (from %s)", u->repo.from);
	} else
		fputs(": no repository known", f);
	fputc('\n', f);
	if (u->state == UP_FAILED && u->error != NULL)
		put_clean(f, "  error: ", u->error, "\n");
	if (u->state == UP_DONE && u->nitems == 0)
		fputs("  no free-threading issues or pull requests found\n", f);
	for (size_t i = 0; i < u->nitems; i++) {
		const struct upstream_item *it = &u->items[i];
		char *label = upstream_item_label(it);

		fprintf(f, "  %s%s: ", label, it->tracking ? " (tracking issue)" : "");
		put_clean(f, "", it->title != NULL ? it->title : "", "");
		if (it->labels.n > 0) {
			fputs(" [", f);
			for (size_t k = 0; k < it->labels.n; k++)
				put_clean(f, k > 0 ? ", " : "", it->labels.v[k], "");
			fputc(']', f);
		}
		if (it->updated != NULL)
			fprintf(f, " (updated %.10s)", it->updated);
		fputc('\n', f);
		if (it->url != NULL)
			put_clean(f, "    ", it->url, "\n");
		free(label);
	}
	if (u->state == UP_DONE && u->total > u->nitems)
		fprintf(f, "  (%zu found, %zu shown)\n", u->total, u->nitems);
	{
		struct strlist lines = STRLIST_INIT;

		upstream_scan_lines(u, &lines);
		for (size_t i = 0; i < lines.n; i++)
			fprintf(f, "  %s%s\n", i > 0 ? "  " : "", lines.v[i]);
		strlist_clear(&lines);
	}
}

void
cmd_scan_config(const struct options *o, struct upstream_scan_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->cache_dir = o->cache_dir;
	cfg->max_bytes = (unsigned long long)o->max_repo_mb * 1024 * 1024;
	cfg->timeout_ms = o->scan_timeout * 1000;
	cfg->no_fetch = o->offline;
}

/* The scans' progress line on stderr (a terminal), erased when each ends. */
static void
cmd_scan_notify(struct upstream *u, void *arg)
{
	bool *show = arg;

	if (!*show)
		return;
	if (u->scan.running && u->scan.progress != NULL) {
		char *line = xprintf("%s: %s", u->name, u->scan.progress);

		put_clean(stderr, "\r", line, "\033[K");
		free(line);
	} else
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

static bool
cmd_scans_running(struct upstream **ups, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ups[i] != NULL && ups[i]->scan.running)
			return true;
	return false;
}

struct forge *
cmd_forge_new(const struct options *o, struct fetch *f, struct loop *l)
{
	struct forge_config fcfg;
	struct forge *fg;

	memset(&fcfg, 0, sizeof fcfg);
	fcfg.github_api = o->github_api;
	fcfg.gitlab_api = o->gitlab_api;
	fcfg.cache_dir = o->cache_dir;
	fcfg.offline = o->offline;
	fcfg.refresh = o->refresh;
	fg = forge_new(&fcfg, f, l);
	if (forge_warning(fg) != NULL) {
		char *w = sanitize_text(forge_warning(fg));

		log_warn("%s", w);
		free(w);
	}
	return fg;
}

volatile sig_atomic_t cmd_forge_stopped;

static void
cmd_forge_signal(int sig)
{
	cmd_forge_stopped = sig;
}

/* Up front, what asking will cost: "12 repositories to ask upstream, about 2 min at
 * 10/min; set GITHUB_TOKEN for 30/min". Nothing when the cache answers them all. */
static void
cmd_forge_say_plan(const struct forge *fg)
{
	struct forge_plan p;
	char when[32];

	forge_plan(fg, &p);
	if (p.repos == 0 || log_verbosity < 0)
		return;
	if (p.seconds < 30)
		snprintf(when, sizeof when, "under a minute");
	else
		snprintf(when, sizeof when, "about %.0f min", p.seconds / 60 < 1 ? 1 :
		    p.seconds / 60);
	fprintf(stderr, "ftport: %zu repositor%s to ask upstream (%zu requests), %s at "
	    "%d/min%s; Ctrl-C stops and shows what was found\n", p.repos,
	    p.repos == 1 ? "y" : "ies", p.requests, when, p.per_minute, p.hint);
}

int
cmd_forge_wait(struct forge *fg, struct fetch *f, struct loop *l)
{
	struct cmd_progress line = { isatty(STDERR_FILENO) && log_verbosity >= 0, 0 };
	struct sigaction sa, old;
	size_t total = forge_pending(fg);
	bool said = false, stopping = false;
	int rc = 0;

	cmd_forge_say_plan(fg);
	/* ^C stops asking and keeps what came (a second one ends ftport as usual). */
	cmd_forge_stopped = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cmd_forge_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	while (forge_pending(fg) > 0) {
		char *st;

		if (cmd_forge_stopped != 0 && !stopping) {
			stopping = true;
			sigaction(SIGINT, &old, NULL);
			forge_stop(fg);
			continue;
		}
		if (fetch_pending(f) == 0 && loop_count(l) == 0) {
			log_warn("%zu packages got no answer from the forge client",
			    forge_pending(fg));
			rc = -1;
			break;
		}
		loop_turn(l, NULL, 0, 1000);
		st = forge_status(fg);
		if (line.show) {
			char *c = st != NULL ? sanitize_text(st) : NULL;

			cmd_progress_line(&line, "upstream: %zu of %zu answered%s%s",
			    total - forge_pending(fg), total, c != NULL ? "; " : "",
			    c != NULL ? c : "");
			free(c);
		} else if (st != NULL && !said && log_verbosity >= 0) {
			/* Once a run, not at every turn of the queue. */
			char *c = sanitize_text(st);

			fprintf(stderr, "ftport: %s\n", c);
			free(c);
			said = true;
		}
		free(st);
	}
	cmd_progress_end(&line);
	if (!stopping)
		sigaction(SIGINT, &old, NULL);
	if (stopping) {
		fprintf(stderr, "ftport: interrupted: what was found so far follows\n");
		rc = 1;
	}
	return rc;
}

/* The installed distribution of a name as typed, or NULL. */
static const struct dist *
find_dist(const struct environment *env, const char *name)
{
	char *norm = name_normalize(name);
	const struct dist *found = NULL;

	for (size_t i = 0; i < env->ndists && found == NULL; i++)
		if (strcmp(env->dists[i]->name, norm) == 0)
			found = env->dists[i];
	free(norm);
	return found;
}

int
cmd_upstream(struct options *o)
{
	struct environment *env = NULL;
	struct snapshot *snap = NULL;
	struct fetch *f = NULL;
	struct loop *l = NULL;
	struct forge *fg = NULL;
	struct fetch_config fc;
	struct upstream **ups;
	struct upstream_scan_config scfg;
	char *cause = NULL;
	int rc = EXIT_DONE;
	bool show = isatty(STDERR_FILENO) && log_verbosity >= 0;

	if (o->args.n == 0) {
		cmd_usage_error("upstream", "upstream needs at least one package name");
		return EXIT_USAGE;
	}
	if (o->repo != NULL && o->args.n > 1) {
		cmd_usage_error("upstream", "--repo names the repository of one package, not "
		    "of %zu", o->args.n);
		return EXIT_USAGE;
	}
	if ((env = cmd_load_env(o)) == NULL)
		return cmd_env_status(o);
	if (snapshot_load(NULL, &snap, &cause) != 0) {
		/* Only the tracking table's repositories and issues are lost. */
		log_warn("%s", cause);
		free(cause);
		cause = NULL;
	}
	cmd_scan_config(o, &scfg);
	fetch_config_defaults(&fc);
	fc.max_connections = o->jobs;
	f = fetch_new(&fc);
	l = loop_new(f);
	fg = cmd_forge_new(o, f, l);

	ups = xcalloc(o->args.n, sizeof *ups);
	for (size_t i = 0; i < o->args.n; i++) {
		const struct dist *d = find_dist(env, o->args.v[i]);

		if (d == NULL && o->repo == NULL) {
			char *name = sanitize_text(o->args.v[i]);

			fprintf(stderr, "ftport: %s is not installed in this environment (name its "
			    "repository with --repo URL)\n", name);
			free(name);
			rc = EXIT_MATCHED;
			continue;
		}
		if (d != NULL)
			ups[i] = upstream_for_dist(d, snap, o->repo);
		else {
			char *norm = name_normalize(o->args.v[i]);

			ups[i] = upstream_new(norm, NULL);
			free(norm);
			repo_for_dist(NULL, NULL, o->repo, &ups[i]->repo);
		}
		forge_ask(fg, ups[i], false, cmd_upstream_done, NULL);
		if (o->scan)
			(void)upstream_scan_start(ups[i], l, &scfg, cmd_scan_notify, &show);
	}
	if (cmd_forge_wait(fg, f, l) != 0)
		rc = EXIT_MATCHED;
	if (cmd_forge_stopped != 0) {
		/* ^C: the scans stop too; what was found is printed. */
		for (size_t i = 0; i < o->args.n; i++)
			if (ups[i] != NULL && ups[i]->scan.running) {
				upstream_scan_clear(&ups[i]->scan);
				ups[i]->scan.error = xstrdup("interrupted");
			}
		if (show)
			fputs("\r\033[K", stderr);
		rc = 128 + cmd_forge_stopped;
	}
	while (cmd_scans_running(ups, o->args.n))
		loop_turn(l, NULL, 0, 1000);

	if (o->json) {
		json_t *doc = json_object(), *pkgs = json_array();
		char *text;

		json_object_set_new(doc, "schema_version", json_integer(UPSTREAM_SCHEMA_VERSION));
		for (size_t i = 0; i < o->args.n; i++)
			if (ups[i] != NULL)
				json_array_append_new(pkgs, upstream_to_json(ups[i]));
		json_object_set_new(doc, "packages", pkgs);
		text = json_dumps(doc, JSON_INDENT(2));
		json_decref(doc);
		fputs(text, stdout);
		fputc('\n', stdout);
		free(text);
	} else {
		bool first = true;

		for (size_t i = 0; i < o->args.n; i++) {
			if (ups[i] == NULL)
				continue;
			if (!first)
				fputc('\n', stdout);
			first = false;
			cmd_upstream_print(stdout, ups[i]);
		}
	}
	for (size_t i = 0; i < o->args.n; i++)
		if (ups[i] != NULL && (ups[i]->scan.error != NULL || (ups[i]->state != UP_DONE &&
		    !(ups[i]->repo.forge == REPO_GIT && ups[i]->scan.result != NULL))))
			rc = EXIT_MATCHED;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ftport: writing the report failed\n");
		rc = EXIT_USAGE;
	}
	/* The forge first: its pending callbacks point at the upstreams. */
	forge_free(fg);
	loop_free(l);
	fetch_free(f);
	for (size_t i = 0; i < o->args.n; i++)
		upstream_free(ups[i]);
	free(ups);
	snapshot_free(snap);
	env_free(env);
	return rc;
}
