/* timeline.c: when packages first had free-threaded wheels, from the bundled history,
 * and an environment's progress against it month by month. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pep440.h"
#include "strbuf.h"
#include "timeline.h"
#include "util.h"
#include "wheel.h"

/* A free-threaded ABI tag of any target: cp313t, cp314td, abi3t. */
static bool
timeline_ft_abi(const char *abi)
{
	size_t n = strlen(abi);

	if (strcmp(abi, "abi3t") == 0)
		return true;
	if (!str_starts_with(abi, "cp3") || n < 5)
		return false;
	if (abi[n - 1] == 'd')
		n--;
	return abi[n - 1] == 't';
}

char *
timeline_first_ft_version(const struct project *p)
{
	char *best = NULL;

	if (p == NULL)
		return NULL;
	for (size_t i = 0; i < p->nfiles; i++) {
		const struct project_file *f = &p->files[i];
		struct wheel w;
		char *cause = NULL;
		bool ft = false;

		if (f->yanked || wheel_file_type(f->filename) != WF_WHEEL)
			continue;
		if (wheel_parse(f->filename, &w, &cause) != 0) {
			free(cause);
			continue;
		}
		for (size_t a = 0; a < w.abis.n && !ft; a++)
			ft = timeline_ft_abi(w.abis.v[a]);
		if (ft && (best == NULL || pep440_compare_str(w.version, best) < 0)) {
			free(best);
			best = xstrdup(w.version);
		}
		wheel_clear(&w);
	}
	return best;
}

bool
timeline_since(const struct snapshot *s, const char *name, const struct project *p,
    struct timeline_since *out)
{
	const struct snapshot_entry *e = snapshot_lookup(s, name);

	memset(out, 0, sizeof *out);
	if (e == NULL || e->ft_wheel_since == NULL)
		return false;
	out->day = xstrdup(e->ft_wheel_since);
	if (e->pypi_release && e->first_version != NULL) {
		out->version = xstrdup(e->first_version);
		out->version_from = "tracking table";
	} else if ((out->version = timeline_first_ft_version(p)) != NULL)
		out->version_from = "index";
	return true;
}

void
timeline_since_clear(struct timeline_since *t)
{
	free(t->day);
	free(t->version);
	memset(t, 0, sizeof *t);
}

char *
timeline_since_text(const struct timeline_since *t, const char *date)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "free-threaded wheels since %.7s", t->day);
	if (t->version != NULL || date != NULL) {
		strbuf_addstr(&sb, " (");
		if (t->version != NULL)
			strbuf_addf(&sb, "version %s%s", t->version, date != NULL ? "; " : "");
		if (date != NULL)
			strbuf_addf(&sb, "history of %s", date);
		strbuf_addch(&sb, ')');
	}
	return strbuf_detach(&sb, NULL);
}

/* Do the package's own files settle it as working on the target? */
static bool
timeline_ready_now(const struct environment *e, const struct dist *d,
    const struct target *t)
{
	struct verdict v;
	bool ok;

	memset(&v, 0, sizeof v);
	verdict_judge(d, d->locked, d->locked != NULL ? VS_LOCK : VS_NONE, t,
	    e->platform != NULL ? e->platform : "linux-x86_64", &v);
	ok = v.status == ST_READY || v.status == ST_PURE;
	verdict_clear(&v);
	return ok;
}

int
timeline_stats_build(const struct environment *e, const struct snapshot *s,
    const struct target *target, struct timeline_stats *out, char **cause)
{
	memset(out, 0, sizeof *out);
	if (s == NULL || s->history == NULL || s->history->nmonths == 0) {
		*cause = xstrdup("the bundled snapshot has no history of free-threaded wheels "
		    "(rebuild it with tools/make-snapshot.py)");
		return -1;
	}
	out->months = s->history->months;
	out->nmonths = s->history->nmonths;
	out->ready = xcalloc(out->nmonths, sizeof *out->ready);
	for (size_t i = 0; i < e->ndists; i++) {
		const struct dist *d = e->dists[i];
		const struct snapshot_entry *se;
		struct timeline_pkg *tp;

		if (!d->compiled)
			continue;
		out->pkgs = xreallocarray(out->pkgs, out->npkgs + 1, sizeof *out->pkgs);
		tp = &out->pkgs[out->npkgs++];
		memset(tp, 0, sizeof *tp);
		tp->dist = d;
		se = snapshot_lookup(s, d->name);
		tp->in_top = se != NULL && se->wheels != SNAP_WHEELS_UNLISTED;
		if (se != NULL && se->ft_wheel_since != NULL) {
			struct verdict v;

			tp->since = xstrdup(se->ft_wheel_since);
			/* A day says the project has them, not which version. */
			memset(&v, 0, sizeof v);
			tp->installed_ready = timeline_ready_now(e, d, target);
			if (!tp->installed_ready && snapshot_judge(s, d->name, d->version,
			    target->tag, "any", NULL, &v)) {
				tp->installed_ready = v.status == ST_READY;
				if (v.status == ST_UPGRADE && v.fix_version != NULL)
					tp->upgrade_to = xstrdup(v.fix_version);
			}
			verdict_clear(&v);
		} else if (!(tp->ready_now = timeline_ready_now(e, d, target)))
			out->remaining++;
		else
			tp->installed_ready = true;
		for (size_t m = 0; m < out->nmonths && tp->since != NULL; m++)
			if (strncmp(tp->since, out->months[m].month, 7) <= 0)
				out->ready[m]++;
	}
	return 0;
}

void
timeline_stats_free(struct timeline_stats *st)
{
	for (size_t i = 0; i < st->npkgs; i++) {
		free(st->pkgs[i].since);
		free(st->pkgs[i].upgrade_to);
	}
	free(st->pkgs);
	free(st->ready);
	memset(st, 0, sizeof *st);
}
