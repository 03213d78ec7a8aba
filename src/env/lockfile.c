/* lockfile.c: uv.lock and pylock.toml (PEP 751) read into an environment of locked
 * releases, with the file names the lock carries kept for the verdict.
 *
 * TOML is read by the interpreter's tomllib (Python 3.11+) and handed over as JSON:
 * Debian 12 packages no C TOML library, tomllib is a complete TOML 1.0 reader (every
 * string form, dotted keys, dates) where a subset parser here would refuse valid
 * lockfiles written by other tools, and jansson already reads the result. The cost is
 * one interpreter start per run (measured in the commit). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "graph.h"
#include "lockfile.h"
#include "lockenv.h"
#include "reqfile.h"
#include "pep440.h"
#include "project.h"
#include "pyquery.h"
#include "req.h"
#include "strbuf.h"
#include "util.h"
#include "wheel.h"

/* A lockfile larger than this is not one (uv.lock of big monorepos: a few MB). */
#define LOCK_MAX_JSON	(256u << 20)
#define LOCK_TIMEOUT_MS	30000

enum lock_format
lockfile_format(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	if (str_ends_with(base, ".lock"))
		return LOCK_UV;
	if (strcmp(base, "pylock.toml") == 0 ||
	    (str_starts_with(base, "pylock.") && str_ends_with(base, ".toml")))
		return LOCK_PYLOCK;
	return LOCK_REQUIREMENTS;
}

char *
lockfile_pick_version(const struct dist *d, const struct project *p)
{
	struct wheel_releases rel;
	struct pep440_specset *set = NULL;
	char *cause = NULL, *out = NULL;

	if (d->unpinned == NULL || p == NULL)
		return NULL;
	if (*d->unpinned != '\0' && (set = pep440_specset_parse(d->unpinned, &cause)) == NULL)
		free(cause);
	wheel_releases_build(p, &rel);
	for (int pre = 0; pre <= 1 && out == NULL; pre++) {
		for (size_t i = rel.n; i-- > 0;) {
			const struct wheel_release *r = &rel.v[i];

			if (r->nfiles == 0 || r->prerelease != pre || !r->valid)
				continue;
			if (set != NULL && !pep440_specset_contains(set, r->version, pre))
				continue;
			out = xstrdup(r->version);
			break;
		}
	}
	wheel_releases_free(&rel);
	pep440_specset_free(set);
	return out;
}

/* --- TOML through tomllib -------------------------------------------------------- */

static const char lock_toml_program[] =
    "import sys\n"
    "try:\n"
    "    import tomllib\n"
    "except ImportError:\n"
    "    sys.stderr.write('%d.%d' % tuple(sys.version_info[:2]))\n"
    "    sys.exit(17)\n"
    "import json\n"
    "try:\n"
    "    with open(sys.argv[1], 'rb') as f:\n"
    "        d = tomllib.load(f)\n"
    "except tomllib.TOMLDecodeError as e:\n"
    "    sys.stderr.write(str(e))\n"
    "    sys.exit(18)\n"
    "except (OSError, UnicodeDecodeError) as e:\n"
    "    sys.stderr.write(getattr(e, 'strerror', None) or str(e))\n"
    "    sys.exit(19)\n"
    "json.dump(d, sys.stdout, default=str)\n";

/* Runs one interpreter on the file. 0 with the JSON; 1 when it has no tomllib (*cause
 * says its version); -1 with *cause otherwise. */
static int
lock_toml_run(const char *python, const char *path, char **json, size_t *len,
    char **cause)
{
	char *argv[] = { (char *)python, (char *)"-I", (char *)"-S", (char *)"-c",
	    (char *)lock_toml_program, (char *)path, NULL };
	struct pyquery_child c;
	char *err;
	int rc = -1;

	if (pyquery_spawn(argv, LOCK_TIMEOUT_MS, LOCK_MAX_JSON, &c, cause) != 0)
		return -1;
	err = str_trim(c.err);
	if (c.timed_out)
		*cause = xprintf("%s took longer than %d s to read it", python,
		    LOCK_TIMEOUT_MS / 1000);
	else if (c.status == 17) {
		*cause = xprintf("%s is Python %s", python, err);
		rc = 1;
	} else if (c.status == 18)
		*cause = xprintf("broken TOML: %s", err);
	else if (c.status == 19)
		*cause = xprintf("cannot read it: %s", err);
	else if (c.status != 0)
		*cause = xprintf("%s could not read it (exit status %d%s%s)", python,
		    c.status, *err != '\0' ? ": " : "", err);
	else {
		*json = c.out;
		*len = c.outlen;
		c.out = NULL;
		rc = 0;
	}
	pyquery_child_free(&c);
	return rc;
}

/* The interpreter named by --python, else python3 on PATH, else the newest
 * python3.X on PATH that has tomllib. */
static int
lock_toml_read(const char *python, const char *path, char **json, size_t *len,
    char **cause)
{
	static const char *const names[] = { "python3", "python3.14", "python3.13",
	    "python3.12", "python3.11" };
	char *first = NULL, *exe;
	int rc;

	if (python != NULL) {
		rc = lock_toml_run(python, path, json, len, cause);
		if (rc == 1) {
			char *c = *cause;

			*cause = xprintf("reading TOML needs Python 3.11 or newer (its tomllib), "
			    "and %s; name a newer one with --python", c);
			free(c);
			rc = -1;
		}
		return rc;
	}
	for (size_t i = 0; i < nitems(names); i++) {
		if ((exe = pyquery_which(names[i])) == NULL)
			continue;
		rc = lock_toml_run(exe, path, json, len, cause);
		free(exe);
		if (rc != 1) {
			free(first);
			return rc;
		}
		if (first == NULL)
			first = *cause;
		else
			free(*cause);
		*cause = NULL;
	}
	if (first != NULL)
		*cause = xprintf("reading TOML needs Python 3.11 or newer (its tomllib); %s "
		    "and no python3.11 or newer is on PATH: name one with --python", first);
	else
		*cause = xstrdup("reading TOML needs Python 3.11 or newer (its tomllib) and "
		    "no python3 is on PATH: name one with --python");
	free(first);
	return -1;
}

/* --- uv.lock and pylock.toml ------------------------------------------------------ */

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The file name of a wheel or sdist entry: "name", else the last segment of its url or
 * path, percent-decoded ("%2B" in a local version). NULL when it has none. */
static char *
lock_file_name(json_t *f)
{
	const char *s = jstr(f, "filename"), *slash;
	struct strbuf sb = STRBUF_INIT;

	if (s == NULL)
		s = jstr(f, "name");
	if (s != NULL)
		return xstrdup(s);
	if ((s = jstr(f, "url")) == NULL && (s = jstr(f, "path")) == NULL)
		return NULL;
	slash = strrchr(s, '/');
	s = slash != NULL ? slash + 1 : s;
	for (; *s != '\0' && *s != '?' && *s != '#'; s++) {
		if (*s == '%' && isxdigit((unsigned char)s[1]) &&
		    isxdigit((unsigned char)s[2])) {
			char hex[3] = { s[1], s[2], '\0' };

			strbuf_addch(&sb, (int)strtol(hex, NULL, 16));
			s += 2;
		} else
			strbuf_addch(&sb, *s);
	}
	if (sb.len == 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

static void
lock_add_file(struct dist *d, json_t *f)
{
	struct project *p;
	struct project_file *pf;
	char *name;

	if (!json_is_object(f) || (name = lock_file_name(f)) == NULL)
		return;
	if (d->locked == NULL) {
		d->locked = xcalloc(1, sizeof *d->locked);
		d->locked->name = xstrdup(d->name);
	}
	p = d->locked;
	p->files = xreallocarray(p->files, p->nfiles + 1, sizeof *p->files);
	pf = &p->files[p->nfiles++];
	memset(pf, 0, sizeof *pf);
	pf->filename = name;
	pf->url = xstrdup(jstr(f, "url") != NULL ? jstr(f, "url") :
	    jstr(f, "path") != NULL ? jstr(f, "path") : name);
}

static void
lock_add_files(struct dist *d, json_t *pkg)
{
	json_t *w = json_object_get(pkg, "wheels"), *f;
	size_t i;

	json_array_foreach(w, i, f)
		lock_add_file(d, f);
	lock_add_file(d, json_object_get(pkg, "sdist"));
	/* What RECORD says of an installed one: here, a wheel that is not none-any. */
	for (i = 0; d->locked != NULL && i < d->locked->nfiles; i++) {
		const char *fn = d->locked->files[i].filename;

		if (str_ends_with(fn, ".whl") && !str_ends_with(fn, "-none-any.whl"))
			d->compiled = true;
	}
}

/* A requirement line for one lock dependency: "name[a,b] ; (marker) and extra == 'x'". */
static void
lock_add_dep(struct dist *d, json_t *dep, const char *extra)
{
	struct strbuf sb = STRBUF_INIT;
	const char *name = jstr(dep, "name"), *marker = jstr(dep, "marker");
	json_t *extras = json_object_get(dep, "extra"), *x;
	size_t i, n = 0;

	if (name == NULL)
		return;
	strbuf_addstr(&sb, name);
	json_array_foreach(extras, i, x) {
		if (json_is_string(x))
			strbuf_addf(&sb, "%s%s", n++ == 0 ? "[" : ",", json_string_value(x));
	}
	if (n > 0)
		strbuf_addch(&sb, ']');
	if (marker != NULL && extra != NULL)
		strbuf_addf(&sb, " ; (%s) and extra == \"%s\"", marker, extra);
	else if (marker != NULL)
		strbuf_addf(&sb, " ; %s", marker);
	else if (extra != NULL)
		strbuf_addf(&sb, " ; extra == \"%s\"", extra);
	strlist_push_owned(&d->requires_dist, strbuf_detach(&sb, NULL));
}

static void
lock_add_deps(struct dist *d, json_t *deps, const char *extra)
{
	size_t i;
	json_t *dep;

	json_array_foreach(deps, i, dep)
		if (json_is_object(dep))
			lock_add_dep(d, dep, extra);
}

/* Does a marker written in the lock hold here? One that does not parse holds (the
 * package stays in, and is judged). */
static bool
lock_marker_holds(const struct environment *e, const char *text)
{
	struct marker *m;
	char *cause = NULL;
	bool ok;

	if (text == NULL)
		return true;
	if ((m = marker_parse(text, &cause)) == NULL) {
		log_debug("a marker in the lockfile does not parse (%s): %s", cause, text);
		free(cause);
		return true;
	}
	ok = marker_eval(m, &e->markers, "");
	marker_free(m);
	return ok;
}

/* uv.lock forks a package when versions differ by marker: the entry whose
 * resolution-markers hold here (or that has none) is the one installed. */
static bool
uv_fork_holds(const struct environment *e, json_t *pkg)
{
	json_t *rm = json_object_get(pkg, "resolution-markers"), *m;
	size_t i;

	if (!json_is_array(rm) || json_array_size(rm) == 0)
		return true;
	json_array_foreach(rm, i, m) {
		if (json_is_string(m) && lock_marker_holds(e, json_string_value(m)))
			return true;
	}
	return false;
}

static void
uv_source(struct dist *d, json_t *src, struct strlist *roots)
{
	static const struct { const char *key; enum direct_kind kind; } kinds[] = {
		{ "editable", DIRECT_EDITABLE }, { "virtual", DIRECT_EDITABLE },
		{ "git", DIRECT_VCS }, { "directory", DIRECT_DIR }, { "path", DIRECT_URL },
		{ "url", DIRECT_URL },
	};

	for (size_t i = 0; i < nitems(kinds); i++) {
		const char *v = jstr(src, kinds[i].key);

		if (v == NULL)
			continue;
		d->direct = kinds[i].kind;
		d->direct_url = xstrdup(v);
		d->lock_source = kinds[i].key;
		/* The project and its workspace members: what `uv sync` installs from. */
		if (kinds[i].kind == DIRECT_EDITABLE)
			strlist_push(roots, d->name);
		return;
	}
	/* uv names the index each package came from: ask that one for it. */
	if (jstr(src, "registry") != NULL)
		d->registry = xstrdup(jstr(src, "registry"));
}

static int
uv_read(struct environment *e, json_t *root, struct strlist *roots, char **cause)
{
	json_t *ver = json_object_get(root, "version"), *pkgs, *pkg, *groups, *deps;
	const char *key;
	size_t i;

	if (!json_is_integer(ver))
		return *cause = xstrdup("not a uv.lock: no top-level version"), -1;
	if (json_integer_value(ver) != 1)
		return *cause = xprintf("uv.lock version %lld is not one ftport reads (it "
		    "reads version 1)", (long long)json_integer_value(ver)), -1;
	pkgs = json_object_get(root, "package");
	if (pkgs != NULL && !json_is_array(pkgs))
		return *cause = xstrdup("not a uv.lock: package is not a list of tables"), -1;
	json_array_foreach(pkgs, i, pkg) {
		const char *name = jstr(pkg, "name"), *version = jstr(pkg, "version");
		struct dist *d;

		if (name == NULL)
			return *cause = xprintf("package %zu of uv.lock has no name", i + 1), -1;
		if (!uv_fork_holds(e, pkg))
			continue;
		if ((d = lockenv_add(e, name, version != NULL ? version : "0")) == NULL)
			continue;
		uv_source(d, json_object_get(pkg, "source"), roots);
		lock_add_files(d, pkg);
		lock_add_deps(d, json_object_get(pkg, "dependencies"), NULL);
		groups = json_object_get(pkg, "optional-dependencies");
		json_object_foreach(groups, key, deps)
			lock_add_deps(d, deps, key);
		/* Dependency groups (dev) are installed by `uv sync` by default. */
		groups = json_object_get(pkg, "dev-dependencies");
		json_object_foreach(groups, key, deps)
			lock_add_deps(d, deps, NULL);
	}
	return 0;
}

/* The names chosen (e->lock_extras or lock_groups) must be ones the lock lists under
 * key ("extras", "dependency-groups"), when it lists them: a typo would judge a
 * different install without a word. */
static int
pylock_check_names(json_t *root, const char *key, const struct strlist *chosen,
    const char *what, char **cause)
{
	json_t *list = json_object_get(root, key), *x;
	struct strbuf known = STRBUF_INIT;
	size_t i;

	if (!json_is_array(list) || chosen->n == 0)
		return 0;
	json_array_foreach(list, i, x)
		if (json_is_string(x))
			strbuf_addf(&known, "%s%s", known.len > 0 ? ", " : "",
			    json_string_value(x));
	for (size_t k = 0; k < chosen->n; k++) {
		char *want = name_normalize(chosen->v[k]);
		bool found = false;

		json_array_foreach(list, i, x) {
			char *have = json_is_string(x) ? name_normalize(json_string_value(x)) :
			    NULL;

			found = found || (have != NULL && strcmp(have, want) == 0);
			free(have);
		}
		free(want);
		if (!found) {
			*cause = xprintf("it has no %s '%s' (%s: %s)", what, chosen->v[k], key,
			    known.len > 0 ? known.buf : "none");
			strbuf_release(&known);
			return -1;
		}
	}
	strbuf_release(&known);
	return 0;
}

static int
pylock_read(struct environment *e, json_t *root, char **cause)
{
	const char *ver = jstr(root, "lock-version");
	json_t *pkgs, *pkg, *t;
	size_t i;

	if (ver == NULL)
		return *cause = xstrdup("not a pylock.toml: no lock-version"), -1;
	/* PEP 751: a reader refuses a major version it does not know. */
	if (!str_starts_with(ver, "1.") && strcmp(ver, "1") != 0)
		return *cause = xprintf("pylock.toml lock-version %s is not one ftport reads "
		    "(it reads 1.x)", ver), -1;
	pkgs = json_object_get(root, "packages");
	if (pkgs != NULL && !json_is_array(pkgs))
		return *cause = xstrdup("not a pylock.toml: packages is not a list of "
		    "tables"), -1;
	if (pylock_check_names(root, "extras", &e->lock_extras, "extra", cause) != 0 ||
	    pylock_check_names(root, "dependency-groups", &e->lock_groups,
	    "dependency group", cause) != 0)
		return -1;
	/* PEP 751: with no group named, an installer takes the lock's default-groups. */
	if (e->lock_groups.n == 0) {
		json_array_foreach(json_object_get(root, "default-groups"), i, t)
			if (json_is_string(t))
				strlist_push(&e->lock_groups, json_string_value(t));
	}
	json_array_foreach(pkgs, i, pkg) {
		const char *name = jstr(pkg, "name"), *version = jstr(pkg, "version");
		struct dist *d;

		if (name == NULL)
			return *cause = xprintf("package %zu of pylock.toml has no name", i + 1),
			    -1;
		if (!lock_marker_holds(e, jstr(pkg, "marker")))
			continue;
		if ((d = lockenv_add(e, name, version != NULL ? version : "0")) == NULL)
			continue;
		if ((t = json_object_get(pkg, "vcs")) != NULL) {
			d->direct = DIRECT_VCS;
			d->direct_url = xstrdup(jstr(t, "url") != NULL ? jstr(t, "url") : "vcs");
			d->lock_source = "vcs";
		} else if ((t = json_object_get(pkg, "directory")) != NULL) {
			d->direct = json_is_true(json_object_get(t, "editable")) ?
			    DIRECT_EDITABLE : DIRECT_DIR;
			d->direct_url = xstrdup(jstr(t, "path") != NULL ? jstr(t, "path") : ".");
			d->lock_source = d->direct == DIRECT_EDITABLE ? "editable" : "directory";
		} else if ((t = json_object_get(pkg, "archive")) != NULL) {
			d->direct = DIRECT_URL;
			d->direct_url = xstrdup(jstr(t, "url") != NULL ? jstr(t, "url") :
			    jstr(t, "path") != NULL ? jstr(t, "path") : "archive");
			d->lock_source = "archive";
		}
		/* PEP 751: index is the package's index, to ask for it. */
		if (d->direct == DIRECT_NONE && jstr(pkg, "index") != NULL)
			d->registry = xstrdup(jstr(pkg, "index"));
		lock_add_files(d, pkg);
		lock_add_deps(d, json_object_get(pkg, "dependencies"), NULL);
	}
	return 0;
}

int
lockfile_from_json(struct environment *e, enum lock_format f, const char *json,
    size_t len, char **cause)
{
	json_error_t jerr;
	json_t *root = json_loadb(json, len, 0, &jerr);
	struct strlist roots = STRLIST_INIT;
	int rc;

	if (!json_is_object(root)) {
		json_decref(root);
		*cause = xprintf("tomllib's answer is not a table (%s)", jerr.text);
		return -1;
	}
	rc = f == LOCK_UV ? uv_read(e, root, &roots, cause) : pylock_read(e, root, cause);
	if (rc == 0)
		lockenv_finish(e, &roots);
	strlist_clear(&roots);
	json_decref(root);
	return rc;
}

/* --- loading ------------------------------------------------------------------------ */

int
lockfile_load(const struct lock_options *lo, struct environment **out, char **cause)
{
	struct target t;
	struct wheel_platform wp;
	struct environment *e;
	enum lock_format f = lockfile_format(lo->path);
	char *json = NULL, *c = NULL, plat[64];
	size_t len = 0;
	int rc;

	if (lo->target == NULL || target_parse(lo->target, &t) != 0)
		target_parse("3.14t", &t);
	/* "current" is this machine: a lockfile has no interpreter of its own. */
	if (lo->platform == NULL || strcmp(lo->platform, "current") == 0 ||
	    wheel_platform_parse(lo->platform, &wp) != 0)
		wheel_platform_parse(wheel_host_platform(), &wp);
	wheel_platform_name(&wp, plat, sizeof plat);
	if (f != LOCK_PYLOCK && ((lo->extras != NULL && lo->extras->n > 0) ||
	    (lo->groups != NULL && lo->groups->n > 0))) {
		*cause = xprintf("%s: --extra and --group choose a pylock.toml's extras and "
		    "dependency groups; this is a %s", lo->path, f == LOCK_UV ? "uv.lock" :
		    "requirements file");
		return -1;
	}
	e = lockenv_new(lo->path, t.major, t.minor, plat);
	for (size_t i = 0; lo->extras != NULL && i < lo->extras->n; i++)
		strlist_push(&e->lock_extras, lo->extras->v[i]);
	for (size_t i = 0; lo->groups != NULL && i < lo->groups->n; i++)
		strlist_push(&e->lock_groups, lo->groups->v[i]);
	if (f == LOCK_REQUIREMENTS)
		rc = reqfile_read(e, lo->path, &c);
	else if ((rc = lock_toml_read(lo->python, lo->path, &json, &len, &c)) == 0)
		rc = lockfile_from_json(e, f, json, len, &c);
	free(json);
	if (rc != 0) {
		*cause = xprintf("%s: %s", lo->path, c);
		free(c);
		env_free(e);
		return -1;
	}
	*out = e;
	return 0;
}
