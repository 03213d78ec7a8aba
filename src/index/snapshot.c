/* snapshot.c: loading the bundled snapshot and answering from it when the index
 * cannot: a dated, target-blind second opinion, never mistaken for the index's. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "pep440.h"
#include "snapshot.h"
#include "strbuf.h"
#include "util.h"

#define SNAPSHOT_FILE		"snapshot.json"
#define SNAPSHOT_MAX_SIZE	(16u * 1024 * 1024)

static char *
data_try(const char *dir, const char *name)
{
	char *path;

	if (dir == NULL || *dir == '\0')
		return NULL;
	path = xprintf("%s/%s", dir, name);
	if (access(path, R_OK) == 0)
		return path;
	free(path);
	return NULL;
}

char *
data_file_path(const char *name)
{
	char *path;

	if ((path = data_try(getenv("FTPORT_DATA_DIR"), name)) != NULL)
		return path;
#ifdef FTPORT_DATADIR
	if ((path = data_try(FTPORT_DATADIR, name)) != NULL)
		return path;
#endif
#ifdef FTPORT_SRCDATADIR
	/* An uninstalled build run from its build directory. */
	if ((path = data_try(FTPORT_SRCDATADIR, name)) != NULL)
		return path;
#endif
	return NULL;
}

char *
snapshot_default_path(void)
{
	return data_file_path(SNAPSHOT_FILE);
}

static char *
json_strdup(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v) || *json_string_value(v) == '\0')
		return NULL;
	return xstrdup(json_string_value(v));
}

static int
snapshot_entry_cmp(const void *a, const void *b)
{
	const struct snapshot_entry *ea = a, *eb = b;

	return strcmp(ea->name, eb->name);
}

static int
snapshot_read_entry(struct snapshot_entry *e, const char *key, json_t *obj, char **cause)
{
	const char *wheels;
	json_t *w;

	memset(e, 0, sizeof *e);
	if (!json_is_object(obj)) {
		*cause = xprintf("package \"%s\" is not an object", key);
		return -1;
	}
	e->name = name_normalize(key);
	w = json_object_get(obj, "wheels");
	if (w != NULL) {
		wheels = json_is_string(w) ? json_string_value(w) : "";
		if (strcmp(wheels, "ft-wheels") == 0)
			e->wheels = SNAP_WHEELS_FT;
		else if (strcmp(wheels, "no-ft-wheels") == 0)
			e->wheels = SNAP_WHEELS_NONE;
		else if (strcmp(wheels, "pure-wheel") == 0)
			e->wheels = SNAP_WHEELS_PURE;
		else {
			*cause = xprintf("package \"%s\" has an unknown \"wheels\" value", key);
			return -1;
		}
	}
	e->ft_wheel_since = json_strdup(obj, "ft_wheel_since");
	e->tracked_as = json_strdup(obj, "tracked_as");
	e->tracked = e->tracked_as != NULL;
	e->upstream_issue = json_strdup(obj, "upstream_issue");
	e->pypi_release = json_is_true(json_object_get(obj, "pypi_release"));
	e->first_version = json_strdup(obj, "first_version");
	e->tested_in_ci = json_is_true(json_object_get(obj, "tested_in_ci"));
	e->nightly = json_strdup(obj, "nightly");
	return 0;
}

static void
snapshot_history_free(struct snapshot_history *h)
{
	if (h == NULL)
		return;
	free(h->repo);
	free(h->first);
	free(h->last);
	free(h->months);
	free(h);
}

/* The "history" object; absent is no history, malformed is an error. */
static int
snapshot_read_history(json_t *obj, struct snapshot_history **out, char **cause)
{
	struct snapshot_history *h;
	json_t *months = json_object_get(obj, "months"), *v;
	const char *key;

	*out = NULL;
	if (obj == NULL)
		return 0;
	if (!json_is_object(obj) || !json_is_object(months) ||
	    !json_is_string(json_object_get(obj, "first"))) {
		*cause = xstrdup("\"history\" is not an object with \"first\" and \"months\"");
		return -1;
	}
	h = xcalloc(1, sizeof *h);
	h->repo = json_strdup(obj, "repo");
	h->first = json_strdup(obj, "first");
	h->last = json_strdup(obj, "last");
	h->top = (int)json_integer_value(json_object_get(obj, "top"));
	h->packages = (int)json_integer_value(json_object_get(obj, "packages"));
	if (json_object_size(months) != 0)
		h->months = xcalloc(json_object_size(months), sizeof *h->months);
	json_object_foreach(months, key, v) {
		struct snapshot_month *m = &h->months[h->nmonths];

		if (strlen(key) != 7 || key[4] != '-' || !json_is_integer(v) ||
		    (h->nmonths > 0 && strcmp(key, m[-1].month) <= 0)) {
			*cause = xprintf("history month \"%.20s\" is not YYYY-MM in order with "
			    "a count", key);
			snapshot_history_free(h);
			return -1;
		}
		memcpy(m->month, key, 8);
		m->ready = (int)json_integer_value(v);
		h->nmonths++;
	}
	*out = h;
	return 0;
}

static void
snapshot_entry_clear(struct snapshot_entry *e)
{
	free(e->name);
	free(e->ft_wheel_since);
	free(e->tracked_as);
	free(e->upstream_issue);
	free(e->first_version);
	free(e->nightly);
}

int
snapshot_load(const char *path, struct snapshot **out, char **cause)
{
	struct snapshot *s;
	json_t *root = NULL, *pkgs, *v;
	json_error_t jerr;
	const char *key;
	char *text = NULL, *found = NULL, *why = NULL;
	size_t len;

	*out = NULL;
	if (path == NULL) {
		if ((found = snapshot_default_path()) == NULL) {
			*cause = xstrdup("the bundled snapshot " SNAPSHOT_FILE " was not found "
			    "(set FTPORT_DATA_DIR to the directory holding it)");
			return -1;
		}
		path = found;
	}
	if (read_file(path, SNAPSHOT_MAX_SIZE, &text, &len, &why) != 0) {
		*cause = xprintf("cannot read the snapshot: %s", why);
		goto fail;
	}
	root = json_loadb(text, len, 0, &jerr);
	if (root == NULL) {
		*cause = xprintf("%s:%d: the snapshot is not valid JSON: %s", path, jerr.line,
		    jerr.text);
		goto fail;
	}
	if (json_integer_value(json_object_get(root, "schema_version")) != 1) {
		*cause = xprintf("%s: unsupported snapshot schema_version", path);
		goto fail;
	}
	pkgs = json_object_get(root, "packages");
	if (!json_is_object(pkgs) || !json_is_string(json_object_get(root, "date"))) {
		*cause = xprintf("%s: the snapshot has no \"date\" or \"packages\"", path);
		goto fail;
	}

	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->date = xstrdup(json_string_value(json_object_get(root, "date")));
	if (snapshot_read_history(json_object_get(root, "history"), &s->history, &why) != 0) {
		*cause = xprintf("%s: %s", path, why);
		snapshot_free(s);
		goto fail;
	}
	if (json_object_size(pkgs) != 0)
		s->entries = xcalloc(json_object_size(pkgs), sizeof *s->entries);
	json_object_foreach(pkgs, key, v) {
		if (snapshot_read_entry(&s->entries[s->nentries], key, v, &why) != 0) {
			snapshot_entry_clear(&s->entries[s->nentries]);
			*cause = xprintf("%s: %s", path, why);
			snapshot_free(s);
			goto fail;
		}
		s->nentries++;
	}
	if (s->nentries != 0)
		qsort(s->entries, s->nentries, sizeof *s->entries, snapshot_entry_cmp);
	json_decref(root);
	free(text);
	free(found);
	*out = s;
	return 0;

fail:
	json_decref(root);
	free(text);
	free(found);
	free(why);
	return -1;
}

void
snapshot_free(struct snapshot *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nentries; i++)
		snapshot_entry_clear(&s->entries[i]);
	free(s->entries);
	snapshot_history_free(s->history);
	free(s->path);
	free(s->date);
	free(s);
}

long
snapshot_age_days(const struct snapshot *s, time_t now)
{
	struct tm tm;
	int y, m, d;
	char end;
	time_t then;

	if (s == NULL || sscanf(s->date, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	if ((then = timegm(&tm)) == (time_t)-1 || now < then)
		return now < then ? 0 : -1;
	return (long)((now - then) / 86400);
}

const struct snapshot_entry *
snapshot_lookup(const struct snapshot *s, const char *name)
{
	struct snapshot_entry key;
	const struct snapshot_entry *e;

	if (s == NULL || s->nentries == 0)
		return NULL;
	key.name = name_normalize(name);
	e = bsearch(&key, s->entries, s->nentries, sizeof *s->entries, snapshot_entry_cmp);
	free(key.name);
	return e;
}

/* The reason's common opening: where the answer comes from and why. */
static void
snapshot_reason_open(struct strbuf *sb, const struct snapshot *s, const char *why)
{
	strbuf_addf(sb, "from the bundled snapshot of %s", s->date);
	if (why != NULL)
		strbuf_addf(sb, " (the index: %s)", why);
	strbuf_addstr(sb, ": ");
}

bool
snapshot_judge(const struct snapshot *s, const char *name, const char *version,
    const char *target, const char *platform, const char *why, struct verdict *v)
{
	const struct snapshot_entry *e;
	struct strbuf sb = STRBUF_INIT;
	enum ft_status status;
	const char *fix = NULL, *first;
	bool has_ft;

	if ((e = snapshot_lookup(s, name)) == NULL)
		return false;
	snapshot_reason_open(&sb, s, why);
	/* The tracking table's first version counts only once it is released on PyPI
	 * (lxml lists a future 7.0.0 while 6.x already has free-threaded wheels). */
	first = e->pypi_release ? e->first_version : NULL;
	/* A package that has left the top 360 keeps its day in the history. */
	has_ft = e->wheels == SNAP_WHEELS_FT || first != NULL ||
	    (e->wheels == SNAP_WHEELS_UNLISTED && e->ft_wheel_since != NULL);
	/* The tracking table's version is the first it lists support from (tested, or
	 * released with support), not a fact about wheels: said as what it is. */
	if (has_ft && first != NULL && version != NULL &&
	    pep440_compare_str(version, first) >= 0) {
		status = ST_READY;
		strbuf_addf(&sb, "the community tracking table lists free-threading support "
		    "from %s on, and %s is installed", first, version);
	} else if (has_ft && first != NULL) {
		status = ST_UPGRADE;
		fix = first;
		strbuf_addf(&sb, "the community tracking table lists free-threading support "
		    "from %s on; upgrade to it", first);
	} else if (has_ft) {
		/* Only a day: the snapshot cannot place the installed version before or
		 * after it, and never says "upgrade" without a version. */
		status = ST_UNKNOWN;
		if (e->ft_wheel_since != NULL)
			strbuf_addf(&sb, "free-threaded wheels since %.7s", e->ft_wheel_since);
		else
			strbuf_addf(&sb, "its latest release had free-threaded wheels on %s",
			    s->date);
		strbuf_addf(&sb, "; whether %s has one: ask the index",
		    version != NULL ? version : "the installed version");
	} else if (e->wheels == SNAP_WHEELS_PURE) {
		status = ST_FALLBACK;
		strbuf_addstr(&sb, "no free-threaded wheel, but a pure-Python one "
		    "(works without its speed-ups)");
	} else if (e->wheels == SNAP_WHEELS_NONE || e->tracked) {
		status = ST_BLOCKED;
		strbuf_addstr(&sb, "no release with free-threaded wheels");
		if (e->nightly != NULL)
			strbuf_addstr(&sb, "; nightly wheels exist");
		if (e->upstream_issue != NULL)
			strbuf_addf(&sb, "; upstream: %s", e->upstream_issue);
	} else {
		status = ST_UNKNOWN;
		strbuf_addstr(&sb, "nothing known about its wheels");
	}
	strbuf_addstr(&sb, " (any target and platform)");

	verdict_clear(v);
	v->status = status;
	v->target = xstrdup(target);
	v->platform = xstrdup(platform);
	v->reason = strbuf_detach(&sb, NULL);
	v->fix_version = fix != NULL ? xstrdup(fix) : NULL;
	v->latest = NULL;
	v->source = VS_SNAPSHOT;
	return true;
}
