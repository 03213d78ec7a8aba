/* check.c: checking one environment against the index, streaming: local facts first,
 * then each index answer (or its failure, answered by the snapshot) as it arrives. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "evidence.h"
#include "lockfile.h"
#include "propagate.h"
#include "replace.h"
#include "snapshot.h"
#include "strbuf.h"
#include "url.h"
#include "util.h"
#include "verdict.h"
#include "wheel.h"

/* What one index request needs to find its way back. */
struct check_req {
	struct check	*ch;
	size_t		 i;
};

/* struct check as allocated here: the requests' arguments live as long as the check
 * (not per request), so a check freed with answers outstanding leaks nothing. */
struct check_priv {
	struct check		 ch;
	struct check_req	*reqs;
};

/* "current" is the interpreter's own platform (sysconfig's spelling, which
 * wheel_platform_parse reads too); every platform ends up in the --platform style. */
static int
check_platform_resolve(const char *name, const struct environment *env, char **out,
    char **cause)
{
	struct wheel_platform wp;
	const char *text = name;
	char buf[64];

	if (strcmp(name, "current") == 0) {
		text = env != NULL && env->platform != NULL ? env->platform :
		    wheel_host_platform();
	}
	if (wheel_platform_parse(text, &wp) != 0 || wp.os == WOS_ANY || wp.os == WOS_OTHER) {
		if (text != name)
			*cause = xprintf("the interpreter's platform '%s' is not one ftport "
			    "knows; name one with --platform", text);
		else
			*cause = xprintf("--platform takes %s, not '%s'",
			    CHECK_PLATFORM_CHOICES, name);
		return -1;
	}
	/* sysconfig says "linux-x86_64" on Alpine too: the probe's C library decides
	 * (PEP 656: musllinux_1_2 wheels install on musl 1.2 and later, never on glibc). */
	if (text != name && wp.os == WOS_LINUX && env != NULL && env->libc != NULL &&
	    str_starts_with(env->libc, "musl")) {
		int major = 0, minor = 0;

		wp.libc = WLIBC_MUSL;
		if (sscanf(env->libc, "musl %d.%d", &major, &minor) == 2 && major > 0) {
			wp.libc_major = major;
			wp.libc_minor = minor;
		}
	}
	/* sysconfig's macOS version is the interpreter's deployment target, the oldest
	 * it runs on; the system running it may be newer (its wheels install there):
	 * the Darwin release it reports says which. */
	if (text != name && wp.os == WOS_MACOS && env != NULL) {
		int major, minor;

		if (wheel_macos_from_darwin(env->markers.values[MV_PLATFORM_RELEASE], &major,
		    &minor) == 0) {
			wp.macos_major = major;
			wp.macos_minor = minor;
		}
	}
	wheel_platform_name(&wp, buf, sizeof buf);
	*out = xstrdup(buf);
	return 0;
}

static void
check_set(struct verdict *v, enum ft_status status, const struct target *t,
    const char *platform, enum verdict_source source, const char *reason)
{
	verdict_clear(v);
	v->status = status;
	v->target = xstrdup(t->tag);
	v->platform = xstrdup(platform);
	v->reason = xstrdup(reason);
	v->fix_version = NULL;
	v->latest = NULL;
	v->source = source;
}

struct check *
check_new(struct graph *g, const struct check_config *c, struct index_client *ic,
    struct snapshot *snap, char **cause)
{
	struct check *ch;
	const struct strlist *tl = &c->targets, *pl = &c->platforms;
	static const char *const default_target = "3.14t", *const default_platform = "current";
	size_t nt, np;
	char *plat;

	ch = &((struct check_priv *)xcalloc(1, sizeof(struct check_priv)))->ch;
	ch->graph = g;
	ch->index = ic;
	ch->snapshot = snap;

	nt = tl->n != 0 ? tl->n : 1;
	ch->targets = xcalloc(nt, sizeof *ch->targets);
	for (size_t i = 0; i < nt; i++) {
		const char *text = tl->n != 0 ? tl->v[i] : default_target;
		struct target t;

		if (target_parse(text, &t) != 0) {
			*cause = xprintf("--target takes a free-threaded CPython such as 3.13t, "
			    "3.14t or 3.15t, not '%s'", text);
			check_free(ch);
			return NULL;
		}
		/* --target 3.14t --target cp314t is one target. */
		bool dup = false;
		for (size_t j = 0; j < ch->ntargets; j++)
			dup = dup || strcmp(ch->targets[j].tag, t.tag) == 0;
		if (!dup)
			ch->targets[ch->ntargets++] = t;
	}

	np = pl->n != 0 ? pl->n : 1;
	ch->platforms = xcalloc(np, sizeof *ch->platforms);
	for (size_t i = 0; i < np; i++) {
		const char *text = pl->n != 0 ? pl->v[i] : default_platform;

		if (check_platform_resolve(text, g->env, &plat, cause) != 0) {
			check_free(ch);
			return NULL;
		}
		bool dup = false;
		for (size_t j = 0; j < ch->nplatforms; j++)
			dup = dup || strcmp(ch->platforms[j], plat) == 0;
		if (dup)
			free(plat);
		else
			ch->platforms[ch->nplatforms++] = plat;
	}

	ch->npkgs = g->nnodes;
	if (ch->npkgs != 0)
		ch->pkgs = xcalloc(ch->npkgs, sizeof *ch->pkgs);
	for (size_t i = 0; i < ch->npkgs; i++) {
		struct check_pkg *cp = &ch->pkgs[i];

		cp->node = &g->nodes[i];
		cp->state = CHECK_PENDING;
		cp->verdicts = xcalloc(ch->ntargets * ch->nplatforms, sizeof *cp->verdicts);
		for (size_t t = 0; t < ch->ntargets; t++)
			for (size_t p = 0; p < ch->nplatforms; p++)
				check_set(&cp->verdicts[t * ch->nplatforms + p], ST_UNKNOWN,
				    &ch->targets[t], ch->platforms[p], VS_NONE, "not checked yet");
		cp->worst = ST_UNKNOWN;
	}
	if (c->no_index)
		ch->index = NULL;
	return ch;
}

void
check_free(struct check *ch)
{
	if (ch == NULL)
		return;
	for (size_t i = 0; i < ch->npkgs; i++) {
		struct check_pkg *cp = &ch->pkgs[i];

		for (size_t v = 0; v < ch->ntargets * ch->nplatforms; v++)
			verdict_clear(&cp->verdicts[v]);
		free(cp->verdicts);
		free(cp->error);
		free(cp->nightly);
		free(cp->nightly_version);
		free(cp->chain);
		strlist_clear(&cp->blocked_by);
	}
	free(ch->pkgs);
	strlist_clear(&ch->ignored);
	for (size_t p = 0; p < ch->nplatforms; p++)
		free(ch->platforms[p]);
	free(ch->platforms);
	free(ch->targets);
	free(((struct check_priv *)ch)->reqs);
	free(ch);
}

void
check_apply_evidence(const struct check *ch, struct check_pkg *cp)
{
	for (size_t k = 0; k < ch->ntargets * ch->nplatforms; k++)
		evidence_apply(ch->evidence, cp->node->dist, ch->targets[k / ch->nplatforms].tag,
		    &cp->verdicts[k]);
}

static void
check_done(struct check *ch, struct check_pkg *cp)
{
	/* Runtime evidence goes on every verdict as it is judged: nothing shows a wheel
	 * verdict that a test of this version has overridden. */
	check_apply_evidence(ch, cp);
	if (cp->state != CHECK_DONE) {
		cp->state = CHECK_DONE;
		ch->ndone++;
	}
	ch->dirty = true;
	if (ch->changed != NULL)
		ch->changed(cp, ch->changed_arg);
}

/* Judges a package from its installed files alone (verdict_judge without a project).
 * True when that settles every target and platform: a pure RECORD, extension modules
 * already built for the target, an editable or direct install; the index is not asked
 * for those. */
static bool
check_local(struct check *ch, struct check_pkg *cp)
{
	const struct dist *d = cp->node->dist;
	bool settled = true;

	if (d->lock_source != NULL) {
		/* A path, git, url or editable source in a lock: no index has its files. */
		char *where = url_redact(d->direct_url != NULL ? d->direct_url : "");
		char *reason = xprintf("%s %s is not from an index: the lock names a %s source "
		    "(%s).", d->name, d->version, d->lock_source, where);

		for (size_t v = 0; v < ch->ntargets * ch->nplatforms; v++)
			check_set(&cp->verdicts[v], ST_UNKNOWN, &ch->targets[v / ch->nplatforms],
			    ch->platforms[v % ch->nplatforms], VS_LOCK, reason);
		free(reason);
		free(where);
		return true;
	}
	for (size_t t = 0; t < ch->ntargets; t++) {
		for (size_t p = 0; p < ch->nplatforms; p++) {
			struct verdict *v = &cp->verdicts[t * ch->nplatforms + p];

			if (d->locked != NULL && d->direct == DIRECT_NONE) {
				/* The lock's own file names answer for its release; only
				 * a newer one can do better than ready or pure. */
				verdict_judge(d, d->locked, VS_LOCK, &ch->targets[t],
				    ch->platforms[p], v);
				settled = settled && (v->status == ST_READY ||
				    v->status == ST_PURE);
				continue;
			}
			verdict_judge(d, NULL, VS_NONE, &ch->targets[t], ch->platforms[p], v);
			settled = settled && v->source == VS_INSTALLED;
		}
	}
	return settled;
}

/* A verdict's reason with a note in parentheses before its final stop:
 * "X has no wheel (note)." (the note is taken). */
static void
check_note(struct verdict *vd, char *note)
{
	const char *r = vd->reason != NULL ? vd->reason : "";
	size_t n = strlen(r);
	char *reason;

	if (n > 0 && r[n - 1] == '.')
		n--;
	reason = xprintf("%.*s (%s).", (int)n, r, note);
	free(note);
	free(vd->reason);
	vd->reason = reason;
}

/* The index could not answer for a locked release: the lock's own files still say
 * what its release is, but not whether a newer one is better. */
static void
check_locked_only(struct check *ch, struct check_pkg *cp, const char *why)
{
	for (size_t v = 0; v < ch->ntargets * ch->nplatforms; v++) {
		struct verdict *vd = &cp->verdicts[v];

		verdict_judge(cp->node->dist, cp->node->dist->locked, VS_LOCK,
		    &ch->targets[v / ch->nplatforms], ch->platforms[v % ch->nplatforms], vd);
		check_note(vd, xprintf("from the lockfile's files only; newer releases not "
		    "known: %s", why));
	}
}

/* A requirements line without a pin is judged at the newest release the index has
 * within its specifier (check_answer picks it): the reason says so. */
static void
check_unpinned(struct check *ch, struct check_pkg *cp)
{
	const struct dist *d = cp->node->dist;
	bool spec = *d->unpinned != '\0';

	for (size_t v = 0; v < ch->ntargets * ch->nplatforms; v++) {
		struct verdict *vd = &cp->verdicts[v];

		if (strcmp(d->version, "unpinned") == 0)
			check_note(vd, xprintf("not pinned%s%s, and no release%s has files",
			    spec ? ", only " : "", d->unpinned, spec ? " within it" : ""));
		else
			check_note(vd, xprintf("not pinned%s%s: judged at the newest "
			    "release%s, %s", spec ? ", only " : "", d->unpinned,
			    spec ? " within it" : "", d->version));
	}
}

/* The index could not answer: the snapshot does if it knows the package. */
static void
check_fallback(struct check *ch, struct check_pkg *cp, const char *why, bool not_found)
{
	const struct dist *d = cp->node->dist;
	char *reason, *note = meta_files_note(d);

	for (size_t t = 0; t < ch->ntargets; t++) {
		for (size_t p = 0; p < ch->nplatforms; p++) {
			struct verdict *v = &cp->verdicts[t * ch->nplatforms + p];

			/* What the installed files settled (another target or platform
			 * was not) stands without the index. */
			if (v->source == VS_INSTALLED)
				continue;
			if (snapshot_judge(ch->snapshot, d->name, d->version,
			    ch->targets[t].tag, ch->platforms[p], why, v))
				continue;
			/* Without a file list, say what was read instead (Debian's egg-info). */
			if (not_found)
				reason = xprintf("%s, and the bundled snapshot does not know it%s%s",
				    why, note != NULL ? "; " : "", note != NULL ? note : "");
			else
				reason = xprintf("the index could not answer (%s), and the "
				    "bundled snapshot does not know it%s%s", why,
				    note != NULL ? "; " : "", note != NULL ? note : "");
			/* A 404 is the index's answer; a failure is no answer at all. */
			check_set(v, ST_UNKNOWN, &ch->targets[t], ch->platforms[p],
			    not_found ? VS_INDEX : VS_NONE, reason);
			free(reason);
		}
	}
	free(note);
}

/* With several indexes: which one offered the free-threaded wheel of the release the
 * verdict names (pip and uv install it from there), NULL when none or one index. */
static const char *
ft_wheel_index(const struct project *p, const char *version, const struct target *t,
    const char *platform)
{
	struct wheel_releases rel;
	struct wheel_platform plat;
	const struct wheel_release *r;
	const char *index = NULL;

	if (p->nfiles == 0 || p->files[0].index == NULL || version == NULL ||
	    wheel_platform_parse(platform, &plat) != 0)
		return NULL;
	wheel_releases_build(p, &rel);
	if ((r = wheel_releases_find(&rel, version)) != NULL)
		for (size_t i = 0; i < r->nfiles && index == NULL; i++) {
			const struct wheel_file *wf = &r->files[i];

			if (wf->type == WF_WHEEL && wheel_classify(&wf->w, t) == WC_FT &&
			    wheel_matches_platform(&wf->w, &plat))
				index = wf->pf->index;
		}
	wheel_releases_free(&rel);
	return index;
}

/* The index notes of a merged answer: where the free-threaded wheel is, and which
 * indexes could not answer. */
static void
check_index_notes(struct check *ch, struct check_pkg *cp, const struct index_answer *a)
{
	for (size_t v = 0; v < ch->ntargets * ch->nplatforms; v++) {
		struct verdict *vd = &cp->verdicts[v];
		const char *version = vd->status == ST_READY ? cp->node->dist->version :
		    vd->status == ST_UPGRADE || vd->status == ST_PRERELEASE ?
		    vd->fix_version : NULL;
		const char *idx = ft_wheel_index(a->project, version,
		    &ch->targets[v / ch->nplatforms], ch->platforms[v % ch->nplatforms]);

		if (idx != NULL || a->note != NULL)
			check_note(vd, xprintf("%s%s%s%s", idx != NULL ?
			    "the free-threaded wheel is on " : "", idx != NULL ? idx : "",
			    idx != NULL && a->note != NULL ? "; " : "",
			    a->note != NULL ? a->note : ""));
	}
}

/* The newest version with a free-threaded wheel for any target and platform checked,
 * or NULL. */
static char *
nightly_ft_version(const struct check *ch, const struct project *p)
{
	struct wheel_releases rel;
	char *found = NULL;

	wheel_releases_build(p, &rel);
	for (size_t i = rel.n; i-- > 0 && found == NULL;) {
		const struct wheel_release *r = &rel.v[i];

		for (size_t k = 0; k < r->nfiles && found == NULL; k++) {
			const struct wheel_file *wf = &r->files[k];

			if (wf->type != WF_WHEEL)
				continue;
			for (size_t v = 0; v < ch->ntargets * ch->nplatforms; v++) {
				struct wheel_platform plat;

				if (wheel_platform_parse(ch->platforms[v % ch->nplatforms],
				    &plat) == 0 &&
				    wheel_classify(&wf->w, &ch->targets[v / ch->nplatforms]) ==
				    WC_FT && wheel_matches_platform(&wf->w, &plat)) {
					found = xstrdup(r->version);
					break;
				}
			}
		}
	}
	wheel_releases_free(&rel);
	return found;
}

/* The nightly index could not be asked (offline, unreachable): the bundled snapshot
 * says whether the package publishes nightly wheels, and as of when. */
static void
nightly_from_snapshot(struct check *ch, struct check_pkg *cp, const char *why)
{
	const struct snapshot_entry *e = ch->snapshot != NULL ?
	    snapshot_lookup(ch->snapshot, cp->node->dist->name) : NULL;

	if (e == NULL || e->nightly == NULL)
		return;
	/* The tracking table links the package's page on anaconda.org; its index is
	 * the one pip takes. */
	if (strstr(e->nightly, "scientific-python-nightly-wheels") != NULL)
		cp->nightly = xprintf("nightly free-threaded wheels: pip install --pre "
		    "--extra-index-url %s %s (the bundled snapshot of %s says so; %s)",
		    CHECK_NIGHTLY_INDEX, cp->node->dist->name, ch->snapshot->date, why);
	else
		cp->nightly = xprintf("nightly free-threaded wheels: see %s (the bundled "
		    "snapshot of %s says so; %s)", e->nightly, ch->snapshot->date, why);
}

static void
nightly_answer(const struct index_answer *a, void *arg)
{
	struct check_req *req = arg;
	struct check *ch = req->ch;
	struct check_pkg *cp = &ch->pkgs[req->i];

	free(cp->nightly);
	free(cp->nightly_version);
	cp->nightly = cp->nightly_version = NULL;
	if (a->project != NULL) {
		if ((cp->nightly_version = nightly_ft_version(ch, a->project)) != NULL)
			cp->nightly = xprintf("nightly free-threaded wheels: pip install --pre "
			    "--extra-index-url %s %s", index_url(ch->nightly),
			    cp->node->dist->name);
	} else if (!a->not_found) {
		char *why = xprintf("the nightly index was not asked: %s",
		    a->error != NULL ? a->error : "no answer");

		nightly_from_snapshot(ch, cp, why);
		free(why);
	}
	check_done(ch, cp);
}

/* After the index: a package with a verdict that is not ready or pure is asked of
 * the nightly index too, before it is done. */
static bool
check_ask_nightly(struct check *ch, struct check_pkg *cp, struct check_req *req)
{
	bool fine = true;

	if (ch->nightly == NULL || cp->node->dist->lock_source != NULL)
		return false;
	for (size_t v = 0; v < ch->ntargets * ch->nplatforms && fine; v++)
		fine = cp->verdicts[v].status == ST_READY || cp->verdicts[v].status == ST_PURE;
	if (fine)
		return false;
	index_request(ch->nightly, cp->node->dist->name, nightly_answer, req);
	return true;
}

static void
check_answer(const struct index_answer *a, void *arg)
{
	struct check_req *req = arg;
	struct check *ch = req->ch;
	struct check_pkg *cp = &ch->pkgs[req->i];
	const struct dist *d = cp->node->dist;

	free(cp->error);
	cp->error = NULL;
	cp->project = a->project;
	cp->not_found = a->project == NULL && a->not_found;
	if (a->project == NULL) {
		cp->error = xstrdup(a->error != NULL ? a->error :
		    a->not_found ? "not on the index" : "no answer from the index");
		if (d->locked != NULL && d->direct == DIRECT_NONE)
			check_locked_only(ch, cp, cp->error);
		else
			check_fallback(ch, cp, cp->error, a->not_found);
	} else {
		if (d->unpinned != NULL && strcmp(d->version, "unpinned") == 0) {
			char *version = lockfile_pick_version(d, a->project);

			if (version != NULL) {
				free(cp->node->dist->version);
				cp->node->dist->version = version;
			}
		}
		for (size_t t = 0; t < ch->ntargets; t++)
			for (size_t p = 0; p < ch->nplatforms; p++)
				verdict_judge(d, a->project, a->source, &ch->targets[t],
				    ch->platforms[p],
				    &cp->verdicts[t * ch->nplatforms + p]);
		if (d->unpinned != NULL)
			check_unpinned(ch, cp);
		check_index_notes(ch, cp, a);
	}
	if (check_ask_nightly(ch, cp, req))
		return;
	check_done(ch, cp);
}

/* Names of up to max packages matching not_found, ", "-separated, then "and N more". */
static void
check_errors_names(const struct check *ch, bool not_found, size_t n, struct strbuf *sb)
{
	const size_t max = 3;
	size_t shown = 0;

	for (size_t i = 0; i < ch->npkgs && shown < max; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];

		if (cp->error != NULL && cp->not_found == not_found)
			strbuf_addf(sb, "%s%s", shown++ > 0 ? ", " : "", cp->node->dist->name);
	}
	if (n > max)
		strbuf_addf(sb, " and %zu more", n - max);
}

void
check_set_ignored(struct check *ch, const struct strlist *names)
{
	strlist_clear(&ch->ignored);
	for (size_t i = 0; names != NULL && i < names->n; i++)
		strlist_push_owned(&ch->ignored, name_normalize(names->v[i]));
	ch->dirty = true;
}

char *
check_errors_summary(const struct check *ch)
{
	struct strbuf sb = STRBUF_INIT;
	const struct check_pkg *first = NULL;
	size_t failed = 0, missing = 0;

	for (size_t i = 0; i < ch->npkgs; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];

		if (cp->error == NULL)
			continue;
		if (cp->not_found)
			missing++;
		else if (failed++ == 0)
			first = cp;
	}
	if (failed == 1)
		strbuf_addf(&sb, "%s: %s", first->node->dist->name, first->error);
	else if (failed > 1)
		strbuf_addf(&sb, "%zu packages got no answer from the index (%s: %s)", failed,
		    first->node->dist->name, first->error);
	if (missing > 0) {
		if (failed > 0)
			strbuf_addf(&sb, "; %zu %s not on it (", missing,
			    missing == 1 ? "is" : "are");
		else
			strbuf_addf(&sb, "%zu package%s not on the index (", missing,
			    missing == 1 ? " is" : "s are");
		check_errors_names(ch, true, missing, &sb);
		strbuf_addch(&sb, ')');
	}
	if (sb.len == 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

void
check_start(struct check *ch)
{
	struct check_priv *priv = (struct check_priv *)ch;
	struct check_req *req;

	if (priv->reqs == NULL && ch->npkgs != 0)
		priv->reqs = xcalloc(ch->npkgs, sizeof *priv->reqs);
	for (size_t i = 0; i < ch->npkgs; i++) {
		struct check_pkg *cp = &ch->pkgs[i];

		if (check_local(ch, cp)) {
			check_done(ch, cp);
			continue;
		}
		if (ch->index == NULL) {
			check_fallback(ch, cp, "not asked", false);
			check_done(ch, cp);
			continue;
		}
		req = &priv->reqs[i];
		req->ch = ch;
		req->i = i;
		index_request_from(ch->index, cp->node->dist->name, cp->node->dist->registry,
		    check_answer, req);
	}
}

void
check_set_evidence(struct check *ch, const struct evidence *e)
{
	ch->evidence = e;
	for (size_t i = 0; i < ch->npkgs; i++)
		if (ch->pkgs[i].state == CHECK_DONE)
			check_apply_evidence(ch, &ch->pkgs[i]);
	ch->dirty = true;
}

bool
check_finished(const struct check *ch)
{
	return ch->ndone == ch->npkgs;
}

static int
check_cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* cut[i] for the packages the team ignores (NULL when none): sorted once, then one
 * search per node, so a long ignore list costs no more than a short one per answer. */
static bool *
check_ignored_cut(const struct check *ch, const struct graph *g)
{
	char **ign;
	bool *cut;

	if (ch->ignored.n == 0)
		return NULL;
	ign = xcalloc(ch->ignored.n, sizeof *ign);
	memcpy(ign, ch->ignored.v, ch->ignored.n * sizeof *ign);
	qsort(ign, ch->ignored.n, sizeof *ign, check_cmp_name);
	cut = xcalloc(g->nnodes, sizeof *cut);
	for (size_t i = 0; i < g->nnodes; i++)
		cut[i] = bsearch(&g->nodes[i].dist->name, ign, ch->ignored.n, sizeof *ign,
		    check_cmp_name) != NULL;
	free(ign);
	return cut;
}

/* Fills each check_pkg's worst, leaf_blocker, blocked_by and chain from the first
 * target and platform's verdicts (a package still pending counts as unknown); the
 * ignored packages are cut out of every path and are no leaf blockers. */
static void
check_propagate_tree(struct check *ch)
{
	const struct graph *g = ch->graph;
	struct propagation *pr, *full;
	enum ft_status *status;
	bool *cut;

	if (g == NULL || g->nnodes == 0 || ch->npkgs != g->nnodes)
		return;
	status = xcalloc(g->nnodes, sizeof *status);
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];

		status[i] = ST_UNKNOWN;
		if (cp->state == CHECK_DONE && cp->verdicts != NULL &&
		    ch->ntargets * ch->nplatforms > 0)
			status[i] = cp->verdicts[0].status;
	}
	cut = check_ignored_cut(ch, g);
	pr = propagate_compute_cut(g, status, cut);
	/* Without the cut: the chain a package would have through an ignored one, shown
	 * with the ignored package marked instead of no chain at all. */
	full = cut != NULL ? propagate_compute(g, status) : NULL;
	for (size_t i = 0; i < g->nnodes; i++) {
		struct check_pkg *cp = &ch->pkgs[i];

		cp->worst = pr->worst[i];
		/* An ignored package is no blocker to fix first. */
		cp->ignored = cut != NULL && cut[i];
		cp->leaf_blocker = pr->leaf_blocker[i] && !cp->ignored;
		strlist_clear(&cp->blocked_by);
		for (size_t k = 0; k < pr->nblocked_by[i]; k++)
			strlist_push(&cp->blocked_by, graph_node_name(g, pr->blocked_by[i][k]));
		free(cp->chain);
		cp->chain = propagate_chain(pr, g, i);
		if (cp->chain == NULL && full != NULL)
			cp->chain = propagate_chain_marked(full, g, i, cut);
	}
	propagate_free(full);
	propagate_free(pr);
	free(status);
	free(cut);
}

void
check_propagate(struct check *ch)
{
	check_propagate_tree(ch);
	for (size_t i = 0; i < ch->npkgs; i++) {
		struct check_pkg *cp = &ch->pkgs[i];
		bool fine = cp->state == CHECK_DONE;

		for (size_t v = 0; v < ch->ntargets * ch->nplatforms && fine; v++)
			fine = cp->verdicts[v].status == ST_READY ||
			    cp->verdicts[v].status == ST_PURE;
		cp->replacement = fine || cp->state != CHECK_DONE ? NULL :
		    replace_find(ch->replacements, cp->node->dist->name,
		    cp->node->dist->version);
	}
	ch->dirty = false;
}

void
check_counts(const struct check *ch, size_t counts[ST_COUNT])
{
	memset(counts, 0, ST_COUNT * sizeof counts[0]);
	for (size_t i = 0; i < ch->npkgs; i++)
		counts[ch->pkgs[i].verdicts[0].status]++;
}
