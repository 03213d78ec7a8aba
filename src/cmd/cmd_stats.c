/* cmd_stats.c: `ftport stats`: the environment's compiled packages counted month by
 * month by when each first had free-threaded wheels (the bundled history), beside the
 * top packages' curve, as a small text chart, JSON or CSV. Reads only local files. */
#include "config.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "cmdtable.h"
#include "env.h"
#include "report.h"
#include "sanitize.h"
#include "snapshot.h"
#include "strbuf.h"
#include "timeline.h"
#include "util.h"
#include "verdict.h"

#define STATS_BAR	24

enum stats_format { STATS_TABLE, STATS_JSON, STATS_CSV };

/* A bar of n of total in STATS_BAR cells, in eighths where the terminal can draw them. */
static void
stats_bar(struct strbuf *sb, size_t n, size_t total, bool utf8)
{
	static const char *const eighths[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	size_t units = total == 0 ? 0 : (n * STATS_BAR * 8 + total / 2) / total, cells = 0;

	for (; units >= 8; units -= 8, cells++)
		strbuf_addstr(sb, utf8 ? "█" : "#");
	if (units > 0 && utf8) {
		strbuf_addstr(sb, eighths[units]);
		cells++;
	}
	for (; cells < STATS_BAR; cells++)
		strbuf_addch(sb, ' ');
}

/* The packages with a month in the history whose installed version is not known to
 * work: those older than the tracking table's version (upgrades), or the others. */
static void
stats_installed(const struct timeline_stats *st, bool upgrades, const char *intro)
{
	size_t shown = 0;

	for (size_t i = 0; i < st->npkgs; i++) {
		const struct timeline_pkg *tp = &st->pkgs[i];
		char *name, *ver;

		if (tp->since == NULL || tp->installed_ready ||
		    (tp->upgrade_to != NULL) != upgrades)
			continue;
		name = sanitize_text(tp->dist->name);
		ver = sanitize_text(tp->dist->version);
		printf("%s%s %s", shown++ == 0 ? intro : ", ", name, ver);
		if (upgrades)
			printf(" (>= %s)", tp->upgrade_to);
		free(name);
		free(ver);
	}
	if (shown > 0)
		puts(".");
}

static void
stats_table(const struct environment *e, const struct snapshot *s,
    const struct timeline_stats *st)
{
	const struct snapshot_history *h = s->history;
	bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	struct strbuf sb = STRBUF_INIT;
	char *where = sanitize_text(e->prefix != NULL ? e->prefix : "?");
	size_t shown = 0;

	printf("%zu compiled package%s in %s.\n", st->npkgs, st->npkgs == 1 ? "" : "s", where);
	printf("Ready: had free-threaded wheels by the end of the month, by the %s history\n"
	    "(first seen %s to %s; data of %s); top %d: today's most-downloaded packages.\n\n",
	    h->repo != NULL ? h->repo : "top-package", h->first,
	    h->last != NULL ? h->last : "?", s->date, h->top);
	printf("%-7s  %-*s  %7s   %-*s  %7s\n", "MONTH", STATS_BAR, "THIS ENVIRONMENT",
	    "READY", STATS_BAR, "TOP PACKAGES", "READY");
	for (size_t m = 0; m < st->nmonths; m++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%-7s  ", st->months[m].month);
		stats_bar(&sb, st->ready[m], st->npkgs, utf8);
		strbuf_addf(&sb, "  %3zu/%-3zu   ", st->ready[m], st->npkgs);
		stats_bar(&sb, (size_t)st->months[m].ready, (size_t)h->top, utf8);
		strbuf_addf(&sb, "  %3d/%-3d", st->months[m].ready, h->top);
		puts(sb.buf);
	}
	printf("\nRemaining: %zu of %zu", st->remaining, st->npkgs);
	for (size_t i = 0; i < st->npkgs; i++) {
		const struct timeline_pkg *tp = &st->pkgs[i];
		char *name;

		if (tp->since != NULL || tp->ready_now)
			continue;
		name = sanitize_text(tp->dist->name);
		printf("%s%s%s", shown++ == 0 ? ": " : ", ", name,
		    tp->in_top ? "" : " (not in the history)");
		free(name);
	}
	puts(".");
	shown = 0;
	for (size_t i = 0; i < st->npkgs; i++) {
		const struct timeline_pkg *tp = &st->pkgs[i];
		char *name;

		if (!tp->ready_now)
			continue;
		name = sanitize_text(tp->dist->name);
		printf("%s%s", shown++ == 0 ? "Ready, with no day in the history: " : ", ",
		    name);
		free(name);
	}
	if (shown > 0)
		puts(".");
	/* A month in the history is the project's; the installed version may be older. */
	stats_installed(st, true, "Ready by their month, but the installed version is "
	    "older than the first with support (the tracking table): ");
	stats_installed(st, false, "Ready by their month; whether the installed version "
	    "has free-threaded wheels is not known offline (ftport check asks the index): ");
	free(where);
	strbuf_release(&sb);
}

static void
stats_json(const struct environment *e, const struct snapshot *s,
    const struct timeline_stats *st)
{
	const struct snapshot_history *h = s->history;
	json_t *root = json_object(), *o, *a = json_array(), *p = json_array();

	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(root, "environment", report_env_json(e));
	o = json_object();
	json_object_set_new(o, "repo", h->repo != NULL ? json_string(h->repo) : json_null());
	json_object_set_new(o, "first", json_string(h->first));
	json_object_set_new(o, "last", h->last != NULL ? json_string(h->last) : json_null());
	json_object_set_new(o, "date", json_string(s->date));
	json_object_set_new(o, "top", json_integer(h->top));
	json_object_set_new(root, "history", o);
	json_object_set_new(root, "compiled", json_integer((json_int_t)st->npkgs));
	json_object_set_new(root, "remaining", json_integer((json_int_t)st->remaining));
	for (size_t m = 0; m < st->nmonths; m++) {
		o = json_object();
		json_object_set_new(o, "month", json_string(st->months[m].month));
		json_object_set_new(o, "ready", json_integer((json_int_t)st->ready[m]));
		json_object_set_new(o, "remaining",
		    json_integer((json_int_t)(st->npkgs - st->ready[m])));
		json_object_set_new(o, "top_ready", json_integer(st->months[m].ready));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "months", a);
	for (size_t i = 0; i < st->npkgs; i++) {
		const struct timeline_pkg *tp = &st->pkgs[i];
		char *name = sanitize_text(tp->dist->name), *ver = sanitize_text(tp->dist->version);

		o = json_object();
		json_object_set_new(o, "name", json_string(name));
		json_object_set_new(o, "version", json_string(ver));
		json_object_set_new(o, "ft_wheels_since", tp->since != NULL ?
		    json_string(tp->since) : json_null());
		json_object_set_new(o, "in_history", json_boolean(tp->in_top || tp->since));
		json_object_set_new(o, "ready_now", json_boolean(tp->installed_ready));
		json_array_append_new(p, o);
		free(name);
		free(ver);
	}
	json_object_set_new(root, "packages", p);
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
}

static void
stats_csv(const struct snapshot *s, const struct timeline_stats *st)
{
	puts("month,ready,compiled,remaining,top_ready,top,history_date");
	for (size_t m = 0; m < st->nmonths; m++)
		printf("%s,%zu,%zu,%zu,%d,%d,%s\n", st->months[m].month, st->ready[m],
		    st->npkgs, st->npkgs - st->ready[m], st->months[m].ready, s->history->top,
		    s->date);
}

int
cmd_stats(struct options *o)
{
	enum stats_format fmt = STATS_TABLE;
	struct environment *env;
	struct snapshot *snap = NULL;
	struct timeline_stats st;
	struct target t;
	char *cause = NULL;
	int rc = EXIT_DONE;

	if (o->args.n != 0) {
		cmd_usage_error("stats", "stats takes no operands, not '%s'", o->args.v[0]);
		return EXIT_USAGE;
	}
	if (o->format != NULL) {
		if (strcmp(o->format, "json") == 0)
			fmt = STATS_JSON;
		else if (strcmp(o->format, "csv") == 0)
			fmt = STATS_CSV;
		else if (strcmp(o->format, "table") != 0) {
			cmd_usage_error("stats", "--format takes table, json or csv, not '%s'",
			    o->format);
			return EXIT_USAGE;
		}
	}
	if (o->targets.n > 0 && target_parse(o->targets.v[0], &t) != 0) {
		cmd_usage_error("stats", "--target takes a free-threaded CPython such as 3.13t, "
		    "3.14t or 3.15t, not '%s'", o->targets.v[0]);
		return EXIT_USAGE;
	} else if (o->targets.n == 0)
		target_parse("3.14t", &t);
	if ((env = cmd_load_env(o)) == NULL)
		return cmd_env_status(o);
	if (snapshot_load(NULL, &snap, &cause) != 0 ||
	    timeline_stats_build(env, snap, &t, &st, &cause) != 0) {
		cmd_error(cause);
		free(cause);
		snapshot_free(snap);
		env_free(env);
		return EXIT_NOENV;
	}
	if (fmt == STATS_JSON)
		stats_json(env, snap, &st);
	else if (fmt == STATS_CSV)
		stats_csv(snap, &st);
	else
		stats_table(env, snap, &st);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ftport: writing the statistics failed\n");
		rc = EXIT_USAGE;
	}
	timeline_stats_free(&st);
	snapshot_free(snap);
	env_free(env);
	return rc;
}
