/* verdict.c: one package, one target ABI, one platform -> the first status that
 * holds in verdict.h's precedence order, a reason naming the files behind it, and the fix.
 *
 * The decision table. V is the installed release as found on the index (PEP 440
 * equality, yanked files ignored); T the target (cp3XYt); P the platform. A wheel is
 * "for P" when one of its platform tags installs there (any counts); "usable" when it
 * is ft (cp3XYt/cp3XYtd for T, abi3t from 3.15), native-py (py*-none-<plat>) or pure
 * (py*-none-any), its python tag accepts T and its Requires-Python admits 3.XY.
 * "compiled" classes: ft, native-py, other-ft, compiled-none, abi3, gil, other-impl.
 * RECORD is the installed dist's file list (d->record_known, d->compiled).
 *
 *   unknown   editable install (its RECORD does not list the code)        [installed]
 *   unknown   direct install (VCS, URL, local dir) whose RECORD is not pure
 *   pure      direct install whose RECORD lists no compiled code           [installed]
 *   ready     a WHEEL Tag: of the installed wheel is ft or native-py for T
 *             and installs on P (the installed build itself)              [installed]
 *   -- no project (p == NULL) --
 *   pure      RECORD known and not compiled                                [installed]
 *   ready     every extension module in RECORD is built for T on P         [installed]
 *   unknown   "not checked yet" (src VS_NONE) or "not on the index"
 *   -- with the project --
 *   ready     V has an ft or native-py wheel for P
 *   pure      RECORD known and not compiled                                [installed]
 *             or, RECORD unknown: V has wheels and every one is none-any, one for T
 *   fallback  (V has a compiled wheel or RECORD says compiled) and V has a pure
 *             wheel for T (works without its speed-ups)
 *   upgrade   the lowest final release newer than V (than the installed version
 *             when V is not on the index) with a usable wheel for P; fix = it
 *   prerelease the lowest pre-release newer than V with a usable wheel for P
 *   elsewhere a release >= V has an ft wheel for T, none for P
 *   other-abi a release >= V has a free-threaded wheel for another target
 *   source    V has no CPython wheel for P but has an sdist
 *   abi3      V's compiled CPython wheels for P are all abi3
 *   blocked   V is on the index and none of the above held
 *   unknown   V is not on the index (or every file of it is yanked) and no release
 *             above decided
 *
 * [installed] marks verdicts whose source is VS_INSTALLED; the rest take the source
 * the caller gave for the project (index, cache, snapshot). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "verdict.h"
#include "wheel.h"

static const char *status_names[ST_COUNT] = {
	"ready", "pure", "fallback", "upgrade", "prerelease", "elsewhere", "other-abi",
	"source", "abi3", "blocked", "gil-reenabled", "failed", "import-failed", "crashed",
	"unknown"
};

const char *
status_name(enum ft_status s)
{
	return (unsigned)s < ST_COUNT ? status_names[s] : "unknown";
}

int
status_from_name(const char *name)
{
	for (int i = 0; i < ST_COUNT; i++) {
		if (strcmp(status_names[i], name) == 0)
			return i;
	}
	return -1;
}

int
status_severity(enum ft_status s)
{
	static const int sev[ST_COUNT] = {
		[ST_READY] = 0, [ST_PURE] = 0, [ST_FALLBACK] = 1, [ST_UPGRADE] = 2,
		[ST_PRERELEASE] = 3, [ST_ELSEWHERE] = 4, [ST_OTHER_ABI] = 5,
		[ST_UNKNOWN] = 6, [ST_SOURCE] = 7, [ST_GIL_REENABLED] = 8,
		[ST_TEST_FAILED] = 9, [ST_IMPORT_FAILED] = 10, [ST_CRASHED] = 11,
		[ST_ABI3] = 12, [ST_BLOCKED] = 13,
	};

	return (unsigned)s < ST_COUNT ? sev[s] : sev[ST_UNKNOWN];
}

bool
status_is_blocker(enum ft_status s)
{
	return s == ST_BLOCKED || s == ST_ABI3 || s == ST_GIL_REENABLED ||
	    s == ST_TEST_FAILED || s == ST_IMPORT_FAILED || s == ST_CRASHED;
}

const char *
verdict_source_name(enum verdict_source s)
{
	switch (s) {
	case VS_INDEX:
		return "index";
	case VS_INSTALLED:
		return "installed";
	case VS_SNAPSHOT:
		return "snapshot";
	case VS_CACHE:
		return "cache";
	case VS_LOCK:
		return "lockfile";
	default:
		return "none";
	}
}

void
verdict_clear(struct verdict *v)
{
	free(v->target);
	free(v->platform);
	free(v->reason);
	free(v->fix_version);
	free(v->latest);
	memset(v, 0, sizeof *v);
	v->status = ST_UNKNOWN;
	v->source = VS_NONE;
}

/* --- facts about one release ---------------------------------------------- */

struct facts {
	bool		 any;		/* a file that is not yanked */
	bool		 sdist;
	bool		 wheel;		/* any wheel */
	bool		 wheel_here;	/* a CPython wheel for P (any class but other-impl) */
	bool		 ft_here;
	bool		 native_here;
	bool		 pure;		/* a usable none-any wheel */
	bool		 all_none_any;	/* every wheel is none-any */
	bool		 compiled;	/* a wheel of a compiled class, any platform */
	bool		 ft_elsewhere;
	bool		 other_ft;
	bool		 abi3_here;
	bool		 nonabi3_here;	/* gil, compiled-none or other-ft for P */
	bool		 other_impl_here; /* PyPy, GraalPy ... wheels for P */
	struct strlist	 labels_here;	/* compiled CPython wheels for P: "cp312", "abi3" */
	struct strlist	 ft_platforms;	/* where ft wheels for T exist */
	struct strlist	 other_fts;	/* "cp313t" */
	struct strlist	 ft_labels;	/* "cp314t", "abi3t" */
};

/* Requires-Python of a file against the target interpreter "3.XY". */
struct rp_cache {
	char			 target[16];
	const char		*last;
	bool			 last_ok;
};

static bool
rp_admits(struct rp_cache *c, const char *rp)
{
	struct pep440_specset *set;
	char *cause = NULL;

	if (rp == NULL || *rp == '\0')
		return true;
	if (c->last != NULL && strcmp(c->last, rp) == 0)
		return c->last_ok;
	set = pep440_specset_parse(rp, &cause);
	c->last = rp;
	if (set == NULL) {
		/* A broken Requires-Python is the index's problem; pip ignores it too. */
		free(cause);
		c->last_ok = true;
	} else {
		c->last_ok = pep440_specset_contains(set, c->target, true);
		pep440_specset_free(set);
	}
	return c->last_ok;
}

static int
label_cmp(const void *x, const void *y)
{
	const char *a = *(const char *const *)x, *b = *(const char *const *)y;
	const char *da = a, *db = b;

	while (*da != '\0' && !isdigit((unsigned char)*da))
		da++;
	while (*db != '\0' && !isdigit((unsigned char)*db))
		db++;
	if (da - a == db - b && strncmp(a, b, da - a) == 0 && *da && *db) {
		long na = strtol(da, NULL, 10), nb = strtol(db, NULL, 10);

		if (na != nb)
			return na < nb ? -1 : 1;
	}
	return strcmp(a, b);
}

static void
push_unique(struct strlist *l, const char *s)
{
	if (!strlist_contains(l, s))
		strlist_push(l, s);
}

/* A wheel platform tag in the --platform style, without its libc or macOS version:
 * "manylinux_2_28_x86_64" -> "linux-x86_64", "macosx_10_13_x86_64" -> "macos-x86_64". */
static void
tag_family(const char *tag, char *buf, size_t len)
{
	struct wheel_platform wp;

	wheel_platform_tag_parse(tag, &wp);
	wp.libc_major = wp.libc_minor = 0;
	wp.macos_major = wp.macos_minor = 0;
	wheel_platform_name(&wp, buf, len);
}

static void
facts_clear(struct facts *f)
{
	strlist_clear(&f->labels_here);
	strlist_clear(&f->ft_platforms);
	strlist_clear(&f->other_fts);
	strlist_clear(&f->ft_labels);
}

static void
facts_of(const struct wheel_release *r, const struct target *t,
    const struct wheel_platform *plat, struct rp_cache *rpc, struct facts *f)
{
	memset(f, 0, sizeof *f);
	f->all_none_any = true;
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct wheel_file *wf = &r->files[i];
		enum wheel_class c;
		bool here;
		char label[64];

		f->any = true;
		if (wf->type == WF_SDIST) {
			f->sdist = true;
			continue;
		}
		if (wf->type != WF_WHEEL)
			continue;
		f->wheel = true;
		c = wheel_classify(&wf->w, t);
		if (wheel_class_usable(c) && !rp_admits(rpc, wf->pf->requires_python))
			c = WC_INCOMPATIBLE;
		here = wheel_matches_platform(&wf->w, plat);
		if (!(wf->w.platforms.n == 1 && strcmp(wf->w.platforms.v[0], "any") == 0 &&
		    strlist_contains(&wf->w.abis, "none") && wf->w.abis.n == 1))
			f->all_none_any = false;
		if (c != WC_PURE && c != WC_INCOMPATIBLE)
			f->compiled = true;
		wheel_label(&wf->w, t, label, sizeof label);
		switch (c) {
		case WC_FT:
			push_unique(&f->ft_labels, label);
			if (here)
				f->ft_here = true;
			else {
				for (size_t j = 0; j < wf->w.platforms.n; j++) {
					char name[64];

					tag_family(wf->w.platforms.v[j], name,
					    sizeof name);
					push_unique(&f->ft_platforms, name);
				}
				f->ft_elsewhere = true;
			}
			break;
		case WC_NATIVE_PY:
			if (here)
				f->native_here = true;
			break;
		case WC_PURE:
			f->pure = true;
			break;
		case WC_OTHER_FT:
			f->other_ft = true;
			push_unique(&f->other_fts, label);
			break;
		default:
			break;
		}
		if (here && c == WC_OTHER_IMPL)
			f->other_impl_here = true;
		if (!here || c == WC_OTHER_IMPL || c == WC_INCOMPATIBLE)
			continue;
		f->wheel_here = true;
		if (c == WC_ABI3)
			f->abi3_here = true;
		else if (c == WC_GIL || c == WC_COMPILED_NONE || c == WC_OTHER_FT)
			f->nonabi3_here = true;
		if (c != WC_PURE && c != WC_NATIVE_PY && c != WC_FT)
			push_unique(&f->labels_here, label);
	}
	if (!f->wheel)
		f->all_none_any = false;
	if (f->labels_here.n > 1)
		qsort(f->labels_here.v, f->labels_here.n, sizeof *f->labels_here.v,
		    label_cmp);
	if (f->other_fts.n > 1)
		qsort(f->other_fts.v, f->other_fts.n, sizeof *f->other_fts.v, label_cmp);
}

static bool
facts_usable(const struct facts *f)
{
	return f->ft_here || f->native_here || f->pure;
}

/* "cp312/cp313" (at most max, then "..."). */
static void
add_labels(struct strbuf *sb, const struct strlist *l, const char *sep)
{
	const size_t max = 6;

	for (size_t i = 0; i < l->n && i < max; i++) {
		if (i > 0)
			strbuf_addstr(sb, sep);
		strbuf_addstr(sb, l->v[i]);
	}
	if (l->n > max)
		strbuf_addf(sb, "%s... (%zu in all)", sep, l->n);
}

/* --- the installed side --------------------------------------------------- */

/* Local evidence of no compiled code: a file list without native files, or, without
 * one, every module top_level.txt names found on disk and walked in full (meta.c). */
static bool
record_pure(const struct dist *d)
{
	return d != NULL && !d->compiled && (d->record_known || d->files_pure);
}

/* The reason of a pure verdict from the installed files, saying which files. */
static char *
record_pure_reason(const struct dist *d, const char *name, const char *version)
{
	char *note, *r;

	if (d->record_known)
		return xprintf("%s %s has no compiled code (its RECORD lists no extension "
		    "modules).", name, version);
	note = meta_files_note(d);
	r = xprintf("%s %s has no compiled code (%s).", name, version,
	    note != NULL ? note : "its files on disk");
	free(note);
	return r;
}

static bool
record_compiled(const struct dist *d)
{
	return d != NULL && d->record_known && d->compiled;
}

/* Does an extension-module ABI suffix from RECORD belong to target t on platform p?
 * "cpython-314t-x86_64-linux-gnu", "cpython-314t-darwin", "cp314t-win_amd64". */
static bool
suffix_is_ft_for(const char *sfx, const struct target *t, const struct wheel_platform *p)
{
	char want[32], arch[32];
	const char *rest;
	size_t n;

	snprintf(want, sizeof want, "cpython-%d%dt-", t->major, t->minor);
	if (str_starts_with(sfx, want)) {
		rest = sfx + strlen(want);
		if (strcmp(rest, "darwin") == 0)
			return p->os == WOS_MACOS;
		n = strcspn(rest, "-");
		if (n >= sizeof arch || p->os != WOS_LINUX)
			return false;
		memcpy(arch, rest, n);
		arch[n] = '\0';
		if (strcmp(arch, p->arch) != 0)
			return false;
		if (strcmp(rest + n, "-linux-gnu") == 0)
			return p->libc != WLIBC_MUSL;
		if (strcmp(rest + n, "-linux-musl") == 0)
			return p->libc == WLIBC_MUSL;
		return false;
	}
	snprintf(want, sizeof want, "cp%d%dt-", t->major, t->minor);
	if (str_starts_with(sfx, want)) {
		struct wheel_platform wp;

		wheel_platform_tag_parse(sfx + strlen(want), &wp);
		return wp.os == WOS_WINDOWS && wp.os == p->os && strcmp(wp.arch, p->arch) == 0;
	}
	return false;
}

/* The first WHEEL Tag: line of the installed wheel that is free-threaded (or
 * native-py) for t and installs on p, or NULL: the build that is installed is the
 * evidence, whatever the index says or whether it can be asked. */
static const char *
installed_tag_ready(const struct dist *d, const struct target *t,
    const struct wheel_platform *p)
{
	if (d == NULL)
		return NULL;
	for (size_t i = 0; i < d->wheel_tags.n; i++) {
		char *fn = xprintf("x-0-%s.whl", d->wheel_tags.v[i]), *cause = NULL;
		struct wheel w;
		bool ok = false;

		if (wheel_parse(fn, &w, &cause) == 0) {
			enum wheel_class c = wheel_classify(&w, t);

			ok = (c == WC_FT || c == WC_NATIVE_PY) && wheel_matches_platform(&w, p);
			wheel_clear(&w);
		}
		free(cause);
		free(fn);
		if (ok)
			return d->wheel_tags.v[i];
	}
	return NULL;
}

static bool
record_ft_ready(const struct dist *d, const struct target *t, const struct wheel_platform *p)
{
	if (!record_compiled(d) || d->ext_suffixes.n == 0)
		return false;
	for (size_t i = 0; i < d->ext_suffixes.n; i++) {
		if (!suffix_is_ft_for(d->ext_suffixes.v[i], t, p))
			return false;
	}
	return true;
}

/* --- the verdict ---------------------------------------------------------- */

struct judge {
	const struct dist	*d;
	const struct project	*p;
	const struct target	*t;
	const char		*platform;
	struct wheel_platform	 plat;
	const char		*name;
	const char		*version;	/* installed (or judged) version */
	struct wheel_releases	 rel;
	struct wheel_release	*v;		/* V, NULL if not on the index */
	struct wheel_release	 self;		/* the installed version, for ordering */
	struct rp_cache		 rpc;
	struct facts		*memo;		/* per release, computed on demand */
	bool			*have;
	struct verdict		*out;
};

/* The facts of release i, computed once per verdict: the rules below ask about the
 * same newer releases several times. */
static const struct facts *
facts_at(struct judge *j, size_t i)
{
	if (!j->have[i]) {
		facts_of(&j->rel.v[i], j->t, &j->plat, &j->rpc, &j->memo[i]);
		j->have[i] = true;
	}
	return &j->memo[i];
}

static void
set(struct judge *j, enum ft_status s, enum verdict_source src, char *reason)
{
	j->out->status = s;
	j->out->source = src;
	free(j->out->reason);
	j->out->reason = reason;
}

/* Releases strictly newer than the installed version (or, with or_equal, at least). */
static bool
newer(const struct judge *j, const struct wheel_release *r, bool or_equal)
{
	int c = wheel_release_cmp(r, &j->self);

	return or_equal ? c >= 0 : c > 0;
}

static void
explain_here(struct judge *j, struct strbuf *sb, const struct facts *f)
{
	strbuf_addf(sb, "%s %s has ", j->name, j->v->version);
	if (f->labels_here.n > 0) {
		add_labels(sb, &f->labels_here, "/");
		strbuf_addf(sb, " wheels for %s but none for %s", j->platform, j->t->tag);
	} else if (f->wheel_here)
		strbuf_addf(sb, "no compiled wheel for %s on %s", j->t->tag, j->platform);
	else if (f->other_impl_here)
		strbuf_addf(sb, "only PyPy/GraalPy wheels for %s", j->platform);
	else
		strbuf_addf(sb, "no wheel for %s", j->platform);
}

/* The lowest release after V with a usable wheel; prereleases selects which kind. */
static struct wheel_release *
find_fix(struct judge *j, bool prereleases, const struct facts **ff)
{
	for (size_t i = 0; i < j->rel.n; i++) {
		struct wheel_release *r = &j->rel.v[i];

		if (r == j->v || !newer(j, r, false) || r->prerelease != prereleases)
			continue;
		*ff = facts_at(j, i);
		if (facts_usable(*ff))
			return r;
	}
	return NULL;
}

static void
describe_fix(struct judge *j, struct strbuf *sb, const struct wheel_release *r,
    const struct facts *ff)
{
	if (ff->ft_here)
		strbuf_addf(sb, "%s has %s wheels for %s", r->version, j->t->tag, j->platform);
	else if (ff->native_here)
		strbuf_addf(sb, "%s has a py3-none wheel for %s (native code, no extension "
		    "module)", r->version, j->platform);
	else
		strbuf_addf(sb, "%s has a pure-Python wheel", r->version);
}

static void
judge_with_project(struct judge *j, enum verdict_source src)
{
	struct facts f;
	const struct facts *ff;
	struct strbuf sb = STRBUF_INIT;
	struct wheel_release *r, *fix;
	const char *n = j->name;

	facts_of(j->v, j->t, &j->plat, &j->rpc, &f);

	if (j->v != NULL && (f.ft_here || f.native_here)) {
		if (f.ft_here)
			set(j, ST_READY, src, xprintf("%s %s has %s wheels for %s.", n,
			    j->v->version, f.ft_labels.n ? f.ft_labels.v[0] : j->t->tag,
			    j->platform));
		else
			set(j, ST_READY, src, xprintf("%s %s has a py3-none wheel for %s: "
			    "native executables, no extension module, so it works on %s.", n,
			    j->v->version, j->platform, j->t->tag));
		goto done;
	}
	if (record_pure(j->d)) {
		set(j, ST_PURE, VS_INSTALLED, record_pure_reason(j->d, n, j->version));
		goto done;
	}
	if (j->v != NULL && !(j->d != NULL && j->d->record_known) && f.all_none_any &&
	    f.pure) {
		set(j, ST_PURE, src, xprintf("%s %s has only pure-Python (none-any) wheels.",
		    n, j->v->version));
		goto done;
	}
	if (j->v != NULL && f.pure && (f.compiled || record_compiled(j->d))) {
		if (!f.compiled) {
			/* Built from source here, but the index has only the pure wheel. */
			strbuf_addf(&sb, "%s %s is installed with compiled code (from RECORD) "
			    "but the index has only a pure-Python wheel of it, which works on "
			    "%s without the speed-ups", n, j->v->version, j->t->tag);
		} else {
			strbuf_addf(&sb, "%s %s has ", n, j->v->version);
			if (f.labels_here.n > 0) {
				add_labels(&sb, &f.labels_here, "/");
				strbuf_addf(&sb, " wheels for %s", j->platform);
			} else
				strbuf_addstr(&sb, "compiled wheels");
			strbuf_addf(&sb, " but none for %s; its pure-Python wheel works "
			    "without the speed-ups", j->t->tag);
		}
		if ((fix = find_fix(j, false, &ff)) != NULL && ff->ft_here)
			strbuf_addf(&sb, " (%s has %s wheels)", fix->version, j->t->tag);
		strbuf_addch(&sb, '.');
		set(j, ST_FALLBACK, src, strbuf_detach(&sb, NULL));
		goto done;
	}

	/* Newer releases: upgrade, then prerelease. */
	for (int pre = 0; pre <= 1; pre++) {
		if ((fix = find_fix(j, pre, &ff)) == NULL)
			continue;
		if (j->v != NULL) {
			explain_here(j, &sb, &f);
			strbuf_addstr(&sb, "; ");
		} else
			strbuf_addf(&sb, "%s %s is not on the index; ", n, j->version);
		if (pre)
			strbuf_addstr(&sb, "only the pre-release ");
		describe_fix(j, &sb, fix, ff);
		strbuf_addf(&sb, ": upgrade to >= %s.", fix->version);
		free(j->out->fix_version);
		j->out->fix_version = xstrdup(fix->version);
		set(j, pre ? ST_PRERELEASE : ST_UPGRADE, src, strbuf_detach(&sb, NULL));
		goto done;
	}

	/* Free-threaded wheels that do not fit: another platform, another target. The
	 * newest release at or after V says most. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = j->rel.n; i-- > 0;) {
			r = &j->rel.v[i];
			if (!newer(j, r, true))
				continue;
			ff = facts_at(j, i);
			if (pass == 0 && ff->ft_elsewhere) {
				strbuf_addf(&sb, "%s %s has %s wheels for ", n, r->version,
				    j->t->tag);
				add_labels(&sb, &ff->ft_platforms, ", ");
				strbuf_addf(&sb, " but not for %s.", j->platform);
				set(j, ST_ELSEWHERE, src, strbuf_detach(&sb, NULL));
				goto done;
			}
			if (pass == 1 && ff->other_ft) {
				strbuf_addf(&sb, "%s %s has free-threaded wheels for ", n,
				    r->version);
				add_labels(&sb, &ff->other_fts, "/");
				strbuf_addf(&sb, " only, none for %s.", j->t->tag);
				set(j, ST_OTHER_ABI, src, strbuf_detach(&sb, NULL));
				goto done;
			}
		}
	}

	if (j->v == NULL) {
		r = wheel_releases_find(&j->rel, j->version);
		if (r != NULL && r->nyanked > 0)
			strbuf_addf(&sb, "Every file of %s %s is yanked", n, j->version);
		else
			strbuf_addf(&sb, "%s %s is not on the index (a local build?)", n,
			    j->version);
		strbuf_addf(&sb, "; no newer release has a wheel usable on %s for %s",
		    j->t->tag, j->platform);
		if (j->out->latest != NULL)
			strbuf_addf(&sb, " (latest %s)", j->out->latest);
		strbuf_addch(&sb, '.');
		set(j, ST_UNKNOWN, src, strbuf_detach(&sb, NULL));
		goto done;
	}
	if (!f.wheel_here && f.sdist) {
		strbuf_addf(&sb, "%s %s has no wheel for %s, only an sdist: it must be built "
		    "from source for %s; test it.", n, j->v->version, j->platform, j->t->tag);
		set(j, ST_SOURCE, src, strbuf_detach(&sb, NULL));
		goto done;
	}
	if (f.abi3_here && !f.nonabi3_here) {
		strbuf_addf(&sb, "%s %s ships only abi3 wheels for %s; abi3 does not load on "
		    "free-threaded builds", n, j->v->version, j->platform);
		/* A lockfile names one release: it cannot speak for the others. */
		if (src != VS_LOCK)
			strbuf_addf(&sb, ", and no release has a %s wheel", j->t->tag);
		strbuf_addch(&sb, '.');
		set(j, ST_ABI3, src, strbuf_detach(&sb, NULL));
		goto done;
	}
	explain_here(j, &sb, &f);
	if (!f.wheel_here && !f.sdist)
		strbuf_addstr(&sb, " and no sdist");
	if (src != VS_LOCK)
		strbuf_addf(&sb, ", and no release has a wheel usable on %s for %s",
		    j->t->tag, j->platform);
	if (j->out->latest != NULL && strcmp(j->out->latest, j->v->version) != 0)
		strbuf_addf(&sb, " (latest %s)", j->out->latest);
	strbuf_addch(&sb, '.');
	set(j, ST_BLOCKED, src, strbuf_detach(&sb, NULL));
done:
	facts_clear(&f);
}

void
verdict_judge(const struct dist *d, const struct project *p, enum verdict_source src,
    const struct target *t, const char *platform, struct verdict *out)
{
	struct judge j;
	struct wheel_release *latest;
	const char *tag;

	verdict_clear(out);
	out->target = xstrdup(t->tag);
	out->platform = xstrdup(platform);

	memset(&j, 0, sizeof j);
	j.d = d;
	j.p = p;
	j.t = t;
	j.platform = platform;
	j.out = out;
	/* The installed distribution's own name in every reason (jupyter_client, as its
	 * METADATA writes it, not the index's jupyter-client). */
	j.name = d != NULL ? (d->display_name != NULL ? d->display_name : d->name) :
	    p != NULL ? p->name : "?";
	snprintf(j.rpc.target, sizeof j.rpc.target, "%d.%d", t->major, t->minor);

	if (wheel_platform_parse(platform, &j.plat) != 0) {
		set(&j, ST_UNKNOWN, VS_NONE, xprintf("The platform \"%s\" is not understood.",
		    platform));
		return;
	}
	if (d != NULL && d->direct == DIRECT_EDITABLE) {
		set(&j, ST_UNKNOWN, VS_INSTALLED, xprintf("%s %s is a local or editable "
		    "install (%s): its files are not on the index.", j.name, d->version,
		    d->direct_url != NULL ? d->direct_url : "editable"));
		return;
	}
	if (d != NULL && d->direct != DIRECT_NONE) {
		if (record_pure(d))
			set(&j, ST_PURE, VS_INSTALLED, record_pure_reason(d, j.name, d->version));
		else
			set(&j, ST_UNKNOWN, VS_INSTALLED, xprintf("%s %s is a local or direct "
			    "install (%s), not a release from the index.", j.name, d->version,
			    d->direct_url != NULL ? d->direct_url : "no URL recorded"));
		return;
	}

	if ((tag = installed_tag_ready(d, t, &j.plat)) != NULL) {
		set(&j, ST_READY, VS_INSTALLED, xprintf("%s %s is installed from a wheel built "
		    "for %s on %s (its WHEEL says Tag: %s).", j.name, d->version, t->tag,
		    platform, tag));
		return;
	}
	if (p == NULL) {
		if (record_pure(d))
			set(&j, ST_PURE, VS_INSTALLED, record_pure_reason(d, j.name, d->version));
		else if (record_ft_ready(d, t, &j.plat))
			set(&j, ST_READY, VS_INSTALLED, xprintf("%s %s is installed with "
			    "extension modules built for %s (from RECORD).", j.name, d->version,
			    t->tag));
		else if (src == VS_NONE)
			set(&j, ST_UNKNOWN, VS_NONE, xprintf("%s has not been checked on the "
			    "index yet.", j.name));
		else
			set(&j, ST_UNKNOWN, src, xprintf("%s is not on the index.", j.name));
		return;
	}

	wheel_releases_build(p, &j.rel);
	latest = wheel_releases_latest(&j.rel);
	if (latest != NULL)
		out->latest = xstrdup(latest->version);
	if (d != NULL && d->version != NULL) {
		j.version = d->version;
		j.v = wheel_releases_find(&j.rel, d->version);
		if (j.v != NULL && j.v->nfiles == 0)
			j.v = NULL;
	} else if (latest != NULL) {
		j.version = latest->version;
		j.v = latest;
	}
	if (j.version == NULL) {
		set(&j, ST_UNKNOWN, src, xprintf("%s has no files on the index.", j.name));
		wheel_releases_free(&j.rel);
		return;
	}
	j.self.version = (char *)j.version;
	j.self.valid = pep440_parse(j.version, &j.self.pv) == 0;
	if (j.rel.n > 0) {
		j.memo = xcalloc(j.rel.n, sizeof *j.memo);
		j.have = xcalloc(j.rel.n, sizeof *j.have);
	}
	judge_with_project(&j, src);
	for (size_t i = 0; i < j.rel.n; i++) {
		if (j.have[i])
			facts_clear(&j.memo[i]);
	}
	free(j.memo);
	free(j.have);
	wheel_releases_free(&j.rel);
}

/* --- files per target and platform, for the detail pane ------------------- */

static void
describe_release(struct strbuf *sb, const char *what, struct wheel_release *r,
    const struct target *t, const char *platform, const struct wheel_platform *plat)
{
	struct strlist here = STRLIST_INIT, ftp = STRLIST_INIT;
	bool sdist = false;

	for (size_t i = 0; i < r->nfiles; i++) {
		const struct wheel_file *wf = &r->files[i];
		enum wheel_class c;
		char label[64];

		if (wf->type == WF_SDIST) {
			sdist = true;
			continue;
		}
		if (wf->type != WF_WHEEL)
			continue;
		c = wheel_classify(&wf->w, t);
		wheel_label(&wf->w, t, label, sizeof label);
		if (c == WC_PURE || c == WC_NATIVE_PY)
			snprintf(label + strlen(label), sizeof label - strlen(label), "%s",
			    c == WC_PURE ? "-none-any" : "-none");
		if (wheel_matches_platform(&wf->w, plat))
			push_unique(&here, label);
		if (c == WC_FT) {
			for (size_t k = 0; k < wf->w.platforms.n; k++) {
				char name[64];

				tag_family(wf->w.platforms.v[k], name, sizeof name);
				push_unique(&ftp, name);
			}
		}
	}
	if (here.n > 1)
		qsort(here.v, here.n, sizeof *here.v, label_cmp);
	if (ftp.n > 1)
		qsort(ftp.v, ftp.n, sizeof *ftp.v, label_cmp);
	strbuf_addf(sb, "%s %s for %s: ", what, r->version, platform);
	if (here.n == 0)
		strbuf_addstr(sb, "no wheels");
	for (size_t i = 0; i < here.n; i++)
		strbuf_addf(sb, "%s%s", i ? " " : "", here.v[i]);
	if (sdist)
		strbuf_addstr(sb, ", sdist");
	if (r->nyanked > 0)
		strbuf_addf(sb, " (%zu yanked)", r->nyanked);
	strbuf_addf(sb, "\n%s %s %s wheels: ", what, r->version, t->tag);
	if (ftp.n == 0)
		strbuf_addstr(sb, "none");
	for (size_t i = 0; i < ftp.n; i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", ftp.v[i]);
	strbuf_addch(sb, '\n');
	strlist_clear(&here);
	strlist_clear(&ftp);
}

char *
verdict_files_text(const struct dist *d, const struct project *p, const struct target *t,
    const char *platform)
{
	struct strbuf sb = STRBUF_INIT;
	struct wheel_releases rel;
	struct wheel_release *v = NULL, *latest;
	struct wheel_platform plat;

	if (wheel_platform_parse(platform, &plat) != 0)
		return xprintf("The platform \"%s\" is not understood.\n", platform);
	if (p == NULL)
		return xstrdup("No answer from the index.\n");
	wheel_releases_build(p, &rel);
	latest = wheel_releases_latest(&rel);
	if (d != NULL && d->version != NULL) {
		v = wheel_releases_find(&rel, d->version);
		if (v != NULL)
			describe_release(&sb, "installed", v, t, platform, &plat);
		else
			strbuf_addf(&sb, "installed %s: not on the index\n", d->version);
	}
	if (latest != NULL && latest != v)
		describe_release(&sb, "latest", latest, t, platform, &plat);
	if (latest == NULL)
		strbuf_addstr(&sb, "No files on the index.\n");
	wheel_releases_free(&rel);
	return strbuf_detach(&sb, NULL);
}
