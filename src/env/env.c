/* env.c: finds the Python environment (--python, --venv, $VIRTUAL_ENV, $CONDA_PREFIX,
 * python3 on PATH), asks its interpreter once, and reads every installed distribution. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cache.h"
#include "env.h"
#include "probecache.h"
#include "pyquery.h"
#include "strbuf.h"
#include "util.h"

/* Reading threads: only for environments large enough to pay for starting them. */
#define ENV_MAX_THREADS	4
#define ENV_THREAD_MIN	64

static int env_timeout_ms = PYQUERY_TIMEOUT_MS;

void
env_set_timeout(int ms)
{
	env_timeout_ms = ms > 0 ? ms : PYQUERY_TIMEOUT_MS;
}

static void PRINTFLIKE(2, 3)
env_warn(struct environment *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strlist_push_owned(&e->warnings, xvprintf(fmt, ap));
	va_end(ap);
}

void
env_free(struct environment *e)
{
	if (e == NULL)
		return;
	free(e->python);
	free(e->prefix);
	free(e->source);
	free(e->version);
	free(e->implementation);
	free(e->platform);
	free(e->libc);
	for (size_t i = 0; i < MV_COUNT; i++)
		free(e->marker_values[i]);
	strlist_clear(&e->site_paths);
	strlist_clear(&e->lock_extras);
	strlist_clear(&e->lock_groups);
	for (size_t i = 0; i < e->ndists; i++)
		dist_free(e->dists[i]);
	free(e->dists);
	strlist_clear(&e->warnings);
	free(e);
}

/* --- walking the site directories ------------------------------------------------------------------ */

/* Open-addressing set of normalised names -> index in e->dists: first one wins in O(1). */
struct name_set {
	size_t		*slot;	/* index + 1, 0 = empty */
	size_t		 size;	/* power of two */
};

static bool
name_set_add(struct name_set *ns, struct dist **dists, size_t n, const char *name)
{
	size_t mask, i;

	if (ns->size == 0 || n * 2 >= ns->size) {
		struct name_set grown = { NULL, ns->size ? ns->size * 2 : 256 };

		grown.slot = xcalloc(grown.size, sizeof *grown.slot);
		for (size_t k = 0; k < n; k++) {
			mask = grown.size - 1;
			for (i = str_hash(dists[k]->name) & mask; grown.slot[i] != 0;
			    i = (i + 1) & mask)
				;
			grown.slot[i] = k + 1;
		}
		free(ns->slot);
		*ns = grown;
	}
	mask = ns->size - 1;
	for (i = str_hash(name) & mask; ns->slot[i] != 0; i = (i + 1) & mask)
		if (strcmp(dists[ns->slot[i] - 1]->name, name) == 0)
			return false;
	ns->slot[i] = n + 1;
	return true;
}

static bool
is_meta_name(const char *name)
{
	size_t n = strlen(name);

	return (n > 10 && strcasecmp(name + n - 10, ".dist-info") == 0) ||
	    (n > 9 && strcasecmp(name + n - 9, ".egg-info") == 0);
}

/* One metadata directory to read, in walk order; filled in by the readers. */
struct candidate {
	const char	*location;	/* points into e->site_paths */
	char		*path;
	int		 sitefd;	/* location's descriptor... */
	const char	*rel;		/* ...and path relative to it (points into path) */
	struct dist	*dist;
	char		*cause;
	bool		 done;		/* read already (by the prewalk) */
};

struct site_walk {
	struct candidate *v;
	size_t		  n;
	size_t		  alloc;
	size_t		  next;		/* the readers' shared cursor */
	pthread_mutex_t	  lock;
	DIR		**dirs;		/* the site directories listed, open while reading: */
	size_t		  ndirs;	/* files are opened relative to them */
};
#define SCAN_INIT { NULL, 0, 0, 0, PTHREAD_MUTEX_INITIALIZER, NULL, 0 }

/* Site directories read while the interpreter was starting, before sys.path was known:
 * per directory its identity and its range of candidates in sc. */
struct site_prewalk {
	struct site_walk	 sc;
	dev_t		*dev;
	ino_t		*ino;
	size_t		*first;
	size_t		*count;
	size_t		 ndirs;
	bool		*used;
	pthread_t	 tids[ENV_MAX_THREADS];	/* its readers, while the interpreter runs */
	size_t		 nthreads;
	bool		 reading;
};
#define PRESCAN_INIT { SCAN_INIT, NULL, NULL, NULL, NULL, 0, NULL, { 0 }, 0, false }

/* dir (its first dlen bytes) "/" leaf, or leaf when dir is empty; *rel is set to the
 * leaf in the result. Plain copies: xprintf cost more than the rest of collect. */
static char *
path_join(const char *dir, size_t dlen, const char *leaf, const char **rel)
{
	size_t llen = strlen(leaf), off = dlen > 0 ? dlen + 1 : 0;
	char *p = xmalloc(off + llen + 1);

	if (dlen > 0) {
		memcpy(p, dir, dlen);
		p[dlen] = '/';
	}
	memcpy(p + off, leaf, llen + 1);
	*rel = p + off;
	return p;
}

static void
add_candidate(struct site_walk *sc, const char *location, char *path, int sitefd,
    const char *rel)
{
	struct candidate *c;

	if (sc->n == sc->alloc) {
		sc->alloc = sc->alloc ? sc->alloc * 2 : 256;
		sc->v = xreallocarray(sc->v, sc->alloc, sizeof *sc->v);
	}
	c = &sc->v[sc->n++];
	c->location = location;
	c->path = path;
	c->sitefd = sitefd;
	c->rel = rel;
	c->dist = NULL;
	c->cause = NULL;
	c->done = false;
}

static void
walk_close_dirs(struct site_walk *sc)
{
	for (size_t i = 0; i < sc->ndirs; i++)
		closedir(sc->dirs[i]);
	free(sc->dirs);
	sc->dirs = NULL;
	sc->ndirs = 0;
}

/* Takes the candidates prewalked of the directory (dev, ino), re-homed on entry (the
 * sys.path spelling of the directory, which may differ from the guessed one). */
static bool
take_prewalk(struct site_prewalk *pre, dev_t dev, ino_t ino, const char *entry, size_t blen,
    struct site_walk *sc)
{
	for (size_t i = 0; pre != NULL && i < pre->ndirs; i++) {
		if (pre->used[i] || pre->dev[i] != dev || pre->ino[i] != ino)
			continue;
		pre->used[i] = true;
		for (size_t k = pre->first[i]; k < pre->first[i] + pre->count[i]; k++) {
			struct candidate *pc = &pre->sc.v[k];
			const char *rel;
			char *path;

			/* Usually the guess was spelt as sys.path spells it. */
			if (strcmp(pc->location, entry) == 0) {
				path = pc->path;
				rel = pc->rel;
				pc->path = NULL;
			} else
				path = path_join(entry, blen, pc->rel, &rel);
			add_candidate(sc, entry, path, -1, rel);
			sc->v[sc->n - 1].done = true;
			sc->v[sc->n - 1].cause = pc->cause;
			pc->cause = NULL;
			if ((sc->v[sc->n - 1].dist = pc->dist) != NULL) {
				struct dist *d = pc->dist;

				if (strcmp(d->location, entry) != 0) {
					free(d->location);
					d->location = xstrdup(entry);
					free(d->meta_dir);
					d->meta_dir = xstrdup(path);
				}
			}
			pc->dist = NULL;
		}
		return true;
	}
	return false;
}

/* Lists one sys.path entry's metadata directories (one readdir). */
static void
collect(struct environment *e, const char *entry, struct site_walk *sc, dev_t **seen_dev,
    ino_t **seen_ino, size_t *nseen, struct site_prewalk *pre)
{
	const char *dir = *entry != '\0' ? entry : ".";
	struct stat st;
	DIR *dp;
	struct dirent *de;
	const char *base, *rel;
	bool base_is_egg;
	size_t blen;
	char *path;

	if (stat(dir, &st) == -1) {
		/* Missing entries are normal (python3XY.zip); loops and permissions are not. */
		if (e != NULL && errno != ENOENT && errno != ENOTDIR)
			env_warn(e, "sys.path entry %s: %s; skipped", dir, strerror(errno));
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		size_t n = strlen(dir);

		if (e != NULL && n > 4 && strcasecmp(dir + n - 4, ".egg") == 0)
			env_warn(e, "sys.path entry %s: a zipped egg; its metadata is not read", dir);
		return;
	}
	/* The same directory twice (a symlinked lib64, a repeated PYTHONPATH) cannot add
	 * anything: first one wins. */
	for (size_t i = 0; i < *nseen; i++)
		if ((*seen_dev)[i] == st.st_dev && (*seen_ino)[i] == st.st_ino)
			return;
	*seen_dev = xreallocarray(*seen_dev, *nseen + 1, sizeof **seen_dev);
	*seen_ino = xreallocarray(*seen_ino, *nseen + 1, sizeof **seen_ino);
	(*seen_dev)[*nseen] = st.st_dev;
	(*seen_ino)[*nseen] = st.st_ino;
	(*nseen)++;

	blen = strlen(entry);
	while (blen > 1 && entry[blen - 1] == '/')
		blen--;
	if (take_prewalk(pre, st.st_dev, st.st_ino, entry, blen, sc))
		return;
	if ((dp = opendir(dir)) == NULL) {
		if (e != NULL)
			env_warn(e, "sys.path entry %s: %s; skipped", dir, strerror(errno));
		return;
	}
	sc->dirs = xreallocarray(sc->dirs, sc->ndirs + 1, sizeof *sc->dirs);
	sc->dirs[sc->ndirs++] = dp;
	base = entry;
	for (size_t i = 0; i < blen; i++)
		if (entry[i] == '/')
			base = entry + i + 1;
	base_is_egg = (size_t)(entry + blen - base) > 4 &&
	    strncasecmp(entry + blen - 4, ".egg", 4) == 0;

	/* readdir order, as importlib.metadata's os.listdir: it decides which of two
	 * metadata directories for one name in the same directory wins. */
	while ((de = readdir(dp)) != NULL) {
		if (!is_meta_name(de->d_name) &&
		    !(base_is_egg && strcasecmp(de->d_name, "EGG-INFO") == 0))
			continue;
		path = path_join(entry, blen, de->d_name, &rel);
		add_candidate(sc, entry, path, dirfd(dp), rel);
	}
	/* dp stays open: the readers open files relative to it. */
}

static void *
reader(void *arg)
{
	struct site_walk *sc = arg;

	for (;;) {
		size_t i;
		struct candidate *c;

		pthread_mutex_lock(&sc->lock);
		i = sc->next++;
		pthread_mutex_unlock(&sc->lock);
		if (i >= sc->n)
			break;
		c = &sc->v[i];
		if (c->done)
			continue;
		if (meta_read_dist_at(c->sitefd, c->rel, c->location, c->path, &c->dist,
		    &c->cause) != 0)
			c->dist = NULL;
		else {
			/* Here rather than in graph_build: this thread often has nothing
			 * else to do while the interpreter starts. */
			meta_parse_requires(c->dist);
		}
		c->done = true;
	}
	return NULL;
}

/*
 * glibc gives each thread a heap that grows one page per mprotect call: a reader that
 * allocates 4 MB of metadata and requirements made 1,100 of them. Allocating the room
 * once, in blocks below the mmap threshold, and freeing it leaves the heap's pages
 * usable (glibc returns their memory, not their protection): 50 calls instead. Other
 * allocators just get a few blocks back at once.
 */
#define ENV_PREGROW_PER_DIST	3072
#define ENV_PREGROW_MAX		(8u << 20)
#define ENV_PREGROW_BLOCK	(120u << 10)

static void *
reader_thread(void *arg)
{
	struct site_walk *sc = arg;
	void *blocks[ENV_PREGROW_MAX / ENV_PREGROW_BLOCK];
	size_t want = sc->n * ENV_PREGROW_PER_DIST, n = 0;

	if (want > ENV_PREGROW_MAX)
		want = ENV_PREGROW_MAX;
	for (; n < nitems(blocks) && n * ENV_PREGROW_BLOCK < want; n++)
		blocks[n] = xmalloc(ENV_PREGROW_BLOCK);
	while (n > 0)
		free(blocks[--n]);
	return reader(sc);
}

/* Starts up to want reader threads on sc; returns how many started. */
static size_t
readers_start(struct site_walk *sc, pthread_t *tids, size_t want)
{
	size_t n = 0;

	sc->next = 0;
	while (n < want && pthread_create(&tids[n], NULL, reader_thread, sc) == 0)
		n++;
	return n;
}

/* The calling thread reads what is left, then waits for the readers. */
static void
readers_finish(struct site_walk *sc, pthread_t *tids, size_t n)
{
	reader(sc);
	for (size_t i = 0; i < n; i++)
		pthread_join(tids[i], NULL);
}

static size_t
ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 1 ? (size_t)n : 1;
}

/* Reads every candidate. Opening files is most of the cost and the kernel does it in
 * parallel, so large environments are read by a few threads; the results land in walk
 * order, so which one wins never depends on the threads. */
static void
read_all(struct site_walk *sc)
{
	pthread_t tids[ENV_MAX_THREADS];
	size_t want = 1, todo = 0;

	for (size_t i = 0; i < sc->n; i++)
		todo += !sc->v[i].done;
	if (todo >= ENV_THREAD_MIN)
		want = ncpus() < ENV_MAX_THREADS ? ncpus() : ENV_MAX_THREADS;
	readers_finish(sc, tids, readers_start(sc, tids, want - 1));
}

static int
dist_cmp(const void *a, const void *b)
{
	const struct dist *da = *(const struct dist *const *)a;
	const struct dist *db = *(const struct dist *const *)b;

	return strcmp(da->name, db->name);
}

/*
 * Starts reading the guessed site directories while the interpreter starts. The
 * interpreter is on the critical path as often as the reading is: it keeps a core to
 * itself, readers take the others, and the calling thread joins them once it has the
 * interpreter's answer (prewalk_finish). With one core, it all happens here.
 */
static void
prewalk_start(struct site_prewalk *pre, const struct strlist *dirs)
{
	size_t nseen = 0;
	dev_t *seen_dev = NULL;
	ino_t *seen_ino = NULL;

	for (size_t i = 0; i < dirs->n; i++) {
		size_t before = pre->sc.n, had = nseen;

		collect(NULL, dirs->v[i], &pre->sc, &seen_dev, &seen_ino, &nseen, NULL);
		if (nseen == had)
			continue;
		pre->dev = xreallocarray(pre->dev, pre->ndirs + 1, sizeof *pre->dev);
		pre->ino = xreallocarray(pre->ino, pre->ndirs + 1, sizeof *pre->ino);
		pre->first = xreallocarray(pre->first, pre->ndirs + 1, sizeof *pre->first);
		pre->count = xreallocarray(pre->count, pre->ndirs + 1, sizeof *pre->count);
		pre->used = xreallocarray(pre->used, pre->ndirs + 1, sizeof *pre->used);
		pre->dev[pre->ndirs] = seen_dev[nseen - 1];
		pre->ino[pre->ndirs] = seen_ino[nseen - 1];
		pre->first[pre->ndirs] = before;
		pre->count[pre->ndirs] = pre->sc.n - before;
		pre->used[pre->ndirs] = false;
		pre->ndirs++;
	}
	free(seen_dev);
	free(seen_ino);
	pre->reading = true;
	if (ncpus() == 1 || pre->sc.n == 0) {
		readers_finish(&pre->sc, pre->tids, 0);
		return;
	}
	pre->nthreads = readers_start(&pre->sc, pre->tids,
	    (ncpus() < ENV_MAX_THREADS ? ncpus() : ENV_MAX_THREADS) - 1);
}

/* Reads what the prewalk's readers have left, and waits for them. */
static void
prewalk_finish(struct site_prewalk *pre)
{
	if (!pre->reading)
		return;
	readers_finish(&pre->sc, pre->tids, pre->nthreads);
	pre->nthreads = 0;
	pre->reading = false;
	walk_close_dirs(&pre->sc);
}

static void
prewalk_free(struct site_prewalk *pre)
{
	for (size_t i = 0; i < pre->sc.n; i++) {
		free(pre->sc.v[i].path);
		free(pre->sc.v[i].cause);
		dist_free(pre->sc.v[i].dist);
	}
	free(pre->sc.v);
	free(pre->dev);
	free(pre->ino);
	free(pre->first);
	free(pre->count);
	free(pre->used);
}

static void
walk_site_paths(struct environment *e, struct site_prewalk *pre)
{
	struct name_set ns = { NULL, 0 };
	struct site_walk sc = SCAN_INIT;
	size_t alloc = e->ndists, nseen = 0;
	dev_t *seen_dev = NULL;
	ino_t *seen_ino = NULL;

	for (size_t i = 0; i < e->site_paths.n; i++)
		collect(e, e->site_paths.v[i], &sc, &seen_dev, &seen_ino, &nseen, pre);
	free(seen_dev);
	free(seen_ino);
	read_all(&sc);
	walk_close_dirs(&sc);

	for (size_t i = 0; i < e->ndists; i++)
		name_set_add(&ns, e->dists, i, e->dists[i]->name);
	for (size_t i = 0; i < sc.n; i++) {
		struct candidate *c = &sc.v[i];
		struct dist *d = c->dist;

		free(c->path);
		if (d == NULL) {
			if (c->cause != NULL)
				env_warn(e, "%s", c->cause);
			free(c->cause);
			continue;
		}
		for (size_t k = 0; k < d->warnings.n; k++)
			strlist_push(&e->warnings, d->warnings.v[k]);
		if (!name_set_add(&ns, e->dists, e->ndists, d->name)) {
			log_debug("%s: shadowed by an earlier %s", d->meta_dir, d->name);
			dist_free(d);
			continue;
		}
		if (e->ndists == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			e->dists = xreallocarray(e->dists, alloc, sizeof *e->dists);
		}
		e->dists[e->ndists++] = d;
	}
	free(sc.v);
	pthread_mutex_destroy(&sc.lock);
	free(ns.slot);
	if (e->ndists > 1)
		qsort(e->dists, e->ndists, sizeof *e->dists, dist_cmp);
}

void
env_read_site_paths(struct environment *e)
{
	walk_site_paths(e, NULL);
}

struct dist *
env_find(const struct environment *e, const char *name)
{
	size_t lo = 0, hi = e->ndists;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, e->dists[mid]->name);

		if (c == 0)
			return e->dists[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* --- finding the interpreter ------------------------------------------------------ */

static void
set_markers_from(struct environment *e, char **values)
{
	for (size_t i = 0; i < MV_COUNT; i++) {
		free(e->marker_values[i]);
		e->marker_values[i] = xstrdup(values[i] != NULL ? values[i] : "");
		e->markers.values[i] = e->marker_values[i];
	}
}

static void
take_query(struct environment *e, const char *python, struct pyquery *q, bool use_path)
{
	free(e->python);
	e->python = xstrdup(*q->executable != '\0' ? q->executable : python);
	free(e->prefix);
	e->prefix = xstrdup(q->prefix);
	e->version = xstrdup(q->version);
	e->implementation = xstrdup(q->implementation);
	e->free_threaded = q->gil_disabled;
	e->platform = xstrdup(q->platform);
	if (q->libc != NULL)
		e->libc = xprintf("%s%s%s", q->libc, *q->libc_version != '\0' ? " " : "",
		    q->libc_version);
	set_markers_from(e, q->markers);
	if (use_path)
		for (size_t i = 0; i < q->path.n; i++)
			strlist_push(&e->site_paths, q->path.v[i]);
}

/* Marker values without an interpreter: what uname says, and the version from pyvenv.cfg
 * or a lib/pythonX.Y directory name ("" when unknown: markers on it are then false). */
static void
default_markers(struct environment *e, const char *version, const char *impl)
{
	struct utsname u;
	char *vals[MV_COUNT] = { NULL };
	char *sysplat = NULL, *short_ver = NULL, *implname = NULL;
	const char *dot;

	if (uname(&u) == -1)
		memset(&u, 0, sizeof u);
	sysplat = xstrdup(u.sysname);
	for (char *s = sysplat; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
	if (version != NULL && (dot = strchr(version, '.')) != NULL) {
		const char *dot2 = strchr(dot + 1, '.');

		short_ver = dot2 != NULL ? xstrndup(version, (size_t)(dot2 - version)) :
		    xstrdup(version);
	} else
		short_ver = xstrdup(version != NULL ? version : "");
	if (impl == NULL || *impl == '\0')
		impl = "CPython";
	implname = xstrdup(impl);
	for (char *s = implname; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
	vals[MV_OS_NAME] = (char *)"posix";
	vals[MV_SYS_PLATFORM] = sysplat;
	vals[MV_PLATFORM_MACHINE] = u.machine;
	vals[MV_PLATFORM_PYTHON_IMPLEMENTATION] = (char *)impl;
	vals[MV_PLATFORM_RELEASE] = u.release;
	vals[MV_PLATFORM_SYSTEM] = u.sysname;
	vals[MV_PLATFORM_VERSION] = u.version;
	vals[MV_PYTHON_VERSION] = short_ver;
	vals[MV_PYTHON_FULL_VERSION] = (char *)(version != NULL ? version : "");
	vals[MV_IMPLEMENTATION_NAME] = implname;
	vals[MV_IMPLEMENTATION_VERSION] = (char *)(version != NULL ? version : "");
	set_markers_from(e, vals);
	if (e->version == NULL)
		e->version = xstrdup(version != NULL ? version : "");
	if (e->implementation == NULL)
		e->implementation = xstrdup(implname);
	if (e->platform == NULL)
		e->platform = xprintf("%s-%s", sysplat, u.machine);
	free(sysplat);
	free(short_ver);
	free(implname);
}

/* pyvenv.cfg: "key = value" lines. */
struct pyvenv {
	char	*version;
	char	*home;
	char	*implementation;
	bool	 system_site;
	bool	 found;
};

static void
pyvenv_read(const char *dir, struct pyvenv *pv)
{
	char *path = xprintf("%s/pyvenv.cfg", dir), *text, *cause = NULL, *line, *save;

	memset(pv, 0, sizeof *pv);
	if (read_file(path, 1 << 20, &text, NULL, &cause) != 0) {
		free(cause);
		free(path);
		return;
	}
	free(path);
	pv->found = true;
	for (line = strtok_r(text, "\r\n", &save); line != NULL;
	    line = strtok_r(NULL, "\r\n", &save)) {
		char *eq = strchr(line, '='), *k, *v;

		if (eq == NULL)
			continue;
		*eq = '\0';
		k = str_trim(line);
		v = str_trim(eq + 1);
		if (strcasecmp(k, "version") == 0 || (strcasecmp(k, "version_info") == 0 &&
		    pv->version == NULL)) {
			/* virtualenv writes "3.11.7.final.0": keep the first three parts. */
			char *s = v;
			int dots = 0;

			for (; *s != '\0'; s++)
				if (*s == '.' && ++dots == 3) {
					*s = '\0';
					break;
				}
			free(pv->version);
			pv->version = xstrdup(v);
		} else if (strcasecmp(k, "home") == 0) {
			free(pv->home);
			pv->home = xstrdup(v);
		} else if (strcasecmp(k, "implementation") == 0) {
			free(pv->implementation);
			pv->implementation = xstrdup(v);
		} else if (strcasecmp(k, "include-system-site-packages") == 0)
			pv->system_site = strcasecmp(v, "true") == 0;
	}
	free(text);
}

static void
pyvenv_free(struct pyvenv *pv)
{
	free(pv->version);
	free(pv->home);
	free(pv->implementation);
}

/* Adds prefix/lib{,64}/python3.*{,t}/site-packages (and Debian's dist-packages) that exist;
 * returns the "3.X" or "3.Xt" of the first one found, if any. */
static char *
add_site_dirs(struct strlist *out, const char *prefix, bool debian)
{
	static const char *patterns[] = {
		"/lib/python3.*/site-packages", "/lib64/python3.*/site-packages",
		"/local/lib/python3.*/dist-packages", "/lib/python3/dist-packages",
		"/lib/python3.*/dist-packages",
	};
	char *found = NULL;

	for (size_t i = 0; i < nitems(patterns); i++) {
		glob_t g;
		char *pat;

		if (i >= 2 && !debian)
			break;
		pat = xprintf("%s%s", prefix, patterns[i]);
		if (glob(pat, 0, NULL, &g) == 0) {
			for (size_t k = 0; k < g.gl_pathc; k++) {
				const char *p = strstr(g.gl_pathv[k], "/python3");
				struct stat st;

				if (stat(g.gl_pathv[k], &st) != 0 || !S_ISDIR(st.st_mode))
					continue;
				strlist_push(out, g.gl_pathv[k]);
				if (found == NULL && p != NULL && p[8] == '.') {
					size_t n = strcspn(p + 7, "/");

					found = xstrndup(p + 7, n);
				}
			}
			globfree(&g);
		}
		free(pat);
	}
	return found;
}

/* No interpreter ran: read pyvenv.cfg and walk lib/python3.* under dir. */
static int
fallback_venv(struct environment *e, const char *dir, const char *why, char **cause)
{
	struct pyvenv pv;
	char *libver, *version;
	bool ft;

	pyvenv_read(dir, &pv);
	libver = add_site_dirs(&e->site_paths, dir, false);
	if (libver == NULL && !pv.found) {
		*cause = xprintf("%s, and %s has neither pyvenv.cfg nor lib/python3.*/"
		    "site-packages; give --python PATH of a working interpreter", why, dir);
		pyvenv_free(&pv);
		return -1;
	}
	ft = libver != NULL && libver[strlen(libver) - 1] == 't';
	if (pv.version != NULL)
		version = xstrdup(pv.version);
	else if (libver != NULL)
		version = xstrndup(libver, strlen(libver) - (ft ? 1 : 0));
	else
		version = NULL;
	if (pv.system_site && pv.home != NULL) {
		/* home is the base interpreter's bin directory: its prefix is one up. */
		char *home = xstrdup(pv.home), *slash;

		while (strlen(home) > 1 && home[strlen(home) - 1] == '/')
			home[strlen(home) - 1] = '\0';
		if ((slash = strrchr(home, '/')) != NULL && slash != home) {
			*slash = '\0';
			free(add_site_dirs(&e->site_paths, home, true));
		}
		free(home);
	}
	e->free_threaded = ft;
	free(e->prefix);
	e->prefix = xstrdup(dir);
	default_markers(e, version, pv.implementation);
	env_warn(e, "%s; read %s/pyvenv.cfg and lib/python3.*/site-packages instead "
	    "(marker values guessed: Python %s on this machine)", why, dir,
	    version != NULL ? version : "unknown");
	free(version);
	free(libver);
	pyvenv_free(&pv);
	return 0;
}

/* Why an interpreter path is not usable, or NULL. */
static char *
check_python(const char *python)
{
	struct stat st;

	if (stat(python, &st) == -1)
		return xprintf("%s", errno == ENOENT ? "no such file" : strerror(errno));
	if (S_ISDIR(st.st_mode))
		return xstrdup("is a directory, not an interpreter");
	if (access(python, X_OK) == -1)
		return xprintf("not executable (%s)", strerror(errno));
	return NULL;
}

/* Where the interpreter's site directories probably are, to read them while it starts:
 * the --path list, else lib/python3.X/site-packages under the venv, or under the prefix
 * an interpreter path like PREFIX/bin/python3 suggests (and Debian's dist-packages).
 * A wrong guess costs only the reading; sys.path decides what is kept. */
static void
guess_sites(struct strlist *out, const struct env_options *opts, const char *venv,
    const char *python)
{
	char *prefix, *slash;

	if (opts->paths.n > 0) {
		for (size_t i = 0; i < opts->paths.n; i++)
			strlist_push(out, opts->paths.v[i]);
		return;
	}
	if (venv != NULL) {
		free(add_site_dirs(out, venv, false));
		return;
	}
	if (python == NULL)
		return;
	prefix = xstrdup(python);
	for (int up = 0; up < 2; up++) {
		if ((slash = strrchr(prefix, '/')) == NULL) {
			free(prefix);
			return;
		}
		*slash = '\0';
	}
	free(add_site_dirs(out, *prefix != '\0' ? prefix : "/", true));
	free(prefix);
}

/* Runs python, and while it starts, guesses its site directories (into guess, which
 * must outlive pre) and reads them; 0 and the query, or -1 and *why. */
static int
ask(const char *python, const struct env_options *opts, const char *venv,
    struct strlist *guess, struct site_prewalk *pre, struct pyquery **q, char **why)
{
	struct pyquery_job *job;
	struct cache *cache = NULL;
	char *bad;
	int rc;

	if ((bad = check_python(python)) != NULL) {
		*why = bad;
		return -1;
	}
	if (opts->probe_cache) {
		char *cause = NULL;

		if ((cache = cache_open(opts->cache_dir, &cause)) == NULL) {
			log_debug("probe cache: %s", cause);
			free(cause);
		} else if (!opts->refresh && (*q = probecache_get(cache, python)) != NULL) {
			log_debug("%s: the answer from the probe cache", python);
			cache_close(cache);
			return 0;
		}
	}
	if (pyquery_start(python, env_timeout_ms, &job, why) != 0) {
		cache_close(cache);
		return -1;
	}
	if (pre->ndirs == 0) {
		guess_sites(guess, opts, venv, python);
		prewalk_start(pre, guess);
	}
	rc = pyquery_finish(job, q, why);
	prewalk_finish(pre);
	if (rc == 0)
		probecache_put(cache, python, *q);
	cache_close(cache);
	return rc;
}

static bool
is_dir(const char *path, int *err)
{
	struct stat st;

	if (stat(path, &st) == -1) {
		*err = errno;
		return false;
	}
	*err = S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
	return S_ISDIR(st.st_mode);
}

int
env_load(const struct env_options *opts, struct environment **out, char **cause)
{
	struct environment *e = xcalloc(1, sizeof *e);
	struct pyquery *q = NULL;
	struct site_prewalk pre = PRESCAN_INIT;
	struct strlist guess = STRLIST_INIT;
	const char *venv = NULL, *label = NULL, *ev;
	char *python = NULL, *why = NULL;
	bool use_paths = opts->paths.n > 0;
	int err;

	if (opts->python != NULL) {
		e->source = xstrdup("--python");
		if (ask(opts->python, opts, NULL, &guess, &pre, &q, &why) != 0) {
			*cause = xprintf("--python %s: %s; give the path of a Python interpreter "
			    "(e.g. --python .venv/bin/python)", opts->python, why);
			goto fail;
		}
		python = xstrdup(opts->python);
	} else {
		if (opts->venv != NULL) {
			venv = opts->venv;
			label = "--venv";
		} else if ((ev = getenv("VIRTUAL_ENV")) != NULL && *ev != '\0') {
			venv = ev;
			label = "VIRTUAL_ENV";
		} else if ((ev = getenv("CONDA_PREFIX")) != NULL && *ev != '\0') {
			venv = ev;
			label = "CONDA_PREFIX";
		}
		if (venv != NULL && !is_dir(venv, &err)) {
			char *msg;

			if (strcmp(label, "--venv") == 0)
				msg = xprintf("--venv %s: %s; give the directory of a virtual "
				    "environment (the one holding pyvenv.cfg)", venv, strerror(err));
			else
				msg = xprintf("$%s is %s: %s; deactivate it, or give --python PATH "
				    "or --venv DIR", label, venv, strerror(err));
			if (!use_paths || strcmp(label, "--venv") == 0) {
				*cause = msg;
				goto fail;
			}
			env_warn(e, "%s", msg);
			free(msg);
			venv = NULL;
		}
		if (venv != NULL) {
			e->source = xstrdup(label);
			python = xprintf("%s/bin/python", venv);
			if (ask(python, opts, venv, &guess, &pre, &q, &why) != 0) {
				char *what = xprintf("%s%s%s%s: %s/bin/python: %s",
				    *label == '-' ? "" : "$", label, *label == '-' ? " " : "=",
				    venv, venv, why);

				free(why);
				why = NULL;
				if (use_paths) {
					env_warn(e, "%s", what);
					free(what);
					free(python);
					python = NULL;
				} else {
					int rc = fallback_venv(e, venv, what, cause);

					free(what);
					free(python);
					python = NULL;
					if (rc != 0)
						goto fail;
					goto walk;
				}
			}
		} else {
			e->source = xstrdup("PATH");
			python = pyquery_which("python3");
			if (python == NULL) {
				if (!use_paths) {
					*cause = xstrdup("no python3 on PATH and no virtual environment "
					    "active; give --python PATH or --venv DIR");
					goto fail;
				}
				env_warn(e, "no python3 on PATH");
			} else if (ask(python, opts, NULL, &guess, &pre, &q, &why) != 0) {
				if (!use_paths) {
					*cause = xprintf("python3 on PATH (%s): %s; give --python PATH "
					    "or --venv DIR", python, why);
					goto fail;
				}
				env_warn(e, "python3 on PATH (%s): %s", python, why);
				free(why);
				why = NULL;
				free(python);
				python = NULL;
			}
		}
	}

	if (q != NULL) {
		take_query(e, python, q, !use_paths);
		pyquery_free(q);
		q = NULL;
	}
	if (use_paths) {
		free(e->source);
		e->source = xstrdup("--path");
		strlist_clear(&e->site_paths);
		for (size_t i = 0; i < opts->paths.n; i++)
			strlist_push(&e->site_paths, opts->paths.v[i]);
		if (e->python == NULL) {
			char *ver = NULL;

			/* Guess the version from a ".../python3.X/site-packages" path. */
			for (size_t i = 0; i < opts->paths.n && ver == NULL; i++) {
				const char *p = strstr(opts->paths.v[i], "python3.");

				if (p != NULL && isdigit((unsigned char)p[8])) {
					size_t n = 8 + strspn(p + 8, "0123456789");

					ver = xstrndup(p + 6, n - 6);
					if (p[n] == 't')
						e->free_threaded = true;
				}
			}
			default_markers(e, ver, NULL);
			env_warn(e, "no interpreter ran: marker values come from this machine%s%s%s",
			    ver != NULL ? " and Python " : "", ver != NULL ? ver : "",
			    ver != NULL ? " (from the --path names)" :
			    "; python_version is unknown, so markers on it are false");
			free(ver);
		}
	}
walk:
	if (e->prefix == NULL)
		e->prefix = xstrdup(e->site_paths.n > 0 ? e->site_paths.v[0] : "");
	free(python);
	free(why);
	walk_site_paths(e, &pre);
	prewalk_free(&pre);
	strlist_clear(&guess);
	*out = e;
	return 0;
fail:
	free(python);
	free(why);
	pyquery_free(q);
	prewalk_free(&pre);
	strlist_clear(&guess);
	env_free(e);
	return -1;
}
