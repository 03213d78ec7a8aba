/* upstream.c: the upstream findings of one package (see upstream.h): building them,
 * ordering them, and writing them as one table cell or as JSON. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "gitclone.h"
#include "sanitize.h"
#include "scanjob.h"
#include "upstream.h"

struct upstream *
upstream_new(const char *name, const char *version)
{
	struct upstream *u = xcalloc(1, sizeof *u);

	u->name = xstrdup(name);
	u->version = version != NULL ? xstrdup(version) : NULL;
	return u;
}

void
upstream_item_clear(struct upstream_item *it)
{
	free(it->title);
	free(it->url);
	free(it->updated);
	strlist_clear(&it->labels);
}

void
upstream_clear_items(struct upstream *u)
{
	for (size_t i = 0; i < u->nitems; i++)
		upstream_item_clear(&u->items[i]);
	free(u->items);
	u->items = NULL;
	u->nitems = u->items_alloc = u->total = 0;
	free(u->item_keys);
	u->item_keys = NULL;
	u->item_keys_alloc = 0;
	free(u->error);
	u->error = NULL;
	free(u->fetched);
	u->fetched = NULL;
	u->cached = false;
	u->interrupted = false;
}

void
upstream_scan_clear(struct upstream_scan *s)
{
	free(scanjob_unwatch(s->watch));	/* its arg: upstream_scan_start's context */
	free(s->progress);
	free(s->error);
	scan_result_free(s->result);
	memset(s, 0, sizeof *s);
}

void
upstream_free(struct upstream *u)
{
	if (u == NULL)
		return;
	upstream_clear_items(u);
	upstream_scan_clear(&u->scan);
	repo_clear(&u->repo);
	free(u->name);
	free(u->version);
	free(u->tracking_url);
	free(u);
}

/* An item's key in the set: never 0, which marks an empty slot. */
static uint64_t
item_key(unsigned long number, bool pr)
{
	return (((uint64_t)number << 1) | (pr ? 1 : 0)) + 1;
}

/* The slot of key k, or of the empty slot where it would go (open addressing, linear
 * probing, the table at most half full). The multiplier is drawn once per process, so
 * that a forge cannot choose numbers that all land together. */
static size_t
item_slot(const uint64_t *keys, size_t alloc, uint64_t k)
{
	static uint64_t mult;
	size_t i;

	if (mult == 0 && getentropy(&mult, sizeof mult) != 0)
		mult = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL;
	mult |= 1;
	i = (size_t)((k * mult) >> 32) & (alloc - 1);

	while (keys[i] != 0 && keys[i] != k)
		i = (i + 1) & (alloc - 1);
	return i;
}

static void
item_keys_add(struct upstream *u, uint64_t k)
{
	if (2 * (u->nitems + 1) > u->item_keys_alloc) {
		size_t alloc = u->item_keys_alloc == 0 ? 16 : 2 * u->item_keys_alloc;
		uint64_t *keys = xcalloc(alloc, sizeof *keys);

		for (size_t i = 0; i < u->item_keys_alloc; i++)
			if (u->item_keys[i] != 0)
				keys[item_slot(keys, alloc, u->item_keys[i])] = u->item_keys[i];
		free(u->item_keys);
		u->item_keys = keys;
		u->item_keys_alloc = alloc;
	}
	u->item_keys[item_slot(u->item_keys, u->item_keys_alloc, k)] = k;
}

bool
upstream_has_item(const struct upstream *u, bool pr, unsigned long number, bool shared)
{
	if (u->item_keys_alloc == 0)
		return false;
	if (u->item_keys[item_slot(u->item_keys, u->item_keys_alloc, item_key(number, pr))] != 0)
		return true;
	return shared && u->item_keys[item_slot(u->item_keys, u->item_keys_alloc,
	    item_key(number, !pr))] != 0;
}

void
upstream_add_item(struct upstream *u, struct upstream_item *it)
{
	if (u->nitems == u->items_alloc) {
		u->items_alloc = u->items_alloc == 0 ? 8 : 2 * u->items_alloc;
		u->items = xreallocarray(u->items, u->items_alloc, sizeof *u->items);
	}
	item_keys_add(u, item_key(it->number, it->pr));
	u->items[u->nitems++] = *it;
	memset(it, 0, sizeof *it);
}

static int
item_cmp(const void *a, const void *b)
{
	const struct upstream_item *x = a, *y = b;
	int c;

	if (x->tracking != y->tracking)
		return x->tracking ? -1 : 1;
	if (x->open != y->open)
		return x->open ? -1 : 1;
	/* ISO 8601 in UTC sorts as text; the latest first. */
	c = strcmp(y->updated != NULL ? y->updated : "", x->updated != NULL ? x->updated : "");
	if (c != 0)
		return c;
	return x->number < y->number ? 1 : x->number > y->number ? -1 : 0;
}

void
upstream_sort(struct upstream *u)
{
	if (u->nitems > 1)
		qsort(u->items, u->nitems, sizeof *u->items, item_cmp);
}

char *
upstream_item_label(const struct upstream_item *it)
{
	const char *state = it->merged ? "merged" : it->open ? "open" : "closed";

	return xprintf("%s #%lu %s", it->pr ? "PR" : "issue", it->number, state);
}

char *
upstream_summary(const struct upstream *u)
{
	char *cell = upstream_scan_cell(u);

	if (cell != NULL)
		return cell;
	switch (u->state) {
	case UP_IDLE:
		break;
	case UP_QUEUED:
		return xstrdup("queued");
	case UP_RUNNING:
		return xstrdup("asking");
	case UP_FAILED:
		return xstrdup(u->interrupted ? "not asked (interrupted)" : "error");
	case UP_DONE:
		if (u->nitems == 0)
			return xstrdup("none found");
		{
			char *first = upstream_item_label(&u->items[0]), *s;

			if (u->nitems == 1)
				return first;
			s = xprintf("%s +%zu", first, u->nitems - 1);
			free(first);
			return s;
		}
	}
	if (u->repo.forge == REPO_NONE)
		return xstrdup("no repository");
	if (u->repo.forge == REPO_GIT || u->repo.forge == REPO_OTHER)
		return xstrdup("no forge API");
	return xstrdup("-");
}

static json_t *
json_text(const char *s)
{
	char *clean;
	json_t *j;

	if (s == NULL)
		return json_null();
	clean = sanitize_text(s);
	j = json_string(clean);
	free(clean);
	/* sanitize_text leaves valid UTF-8 only; a NULL here would be a bug. */
	return j != NULL ? j : json_null();
}

json_t *
upstream_items_to_json(const struct upstream *u)
{
	json_t *a = json_array();

	for (size_t i = 0; i < u->nitems; i++) {
		const struct upstream_item *it = &u->items[i];
		json_t *o = json_object(), *labels = json_array();

		for (size_t k = 0; k < it->labels.n; k++)
			json_array_append_new(labels, json_text(it->labels.v[k]));
		json_object_set_new(o, "number", json_integer((json_int_t)it->number));
		json_object_set_new(o, "kind", json_string(it->pr ? "pr" : "issue"));
		json_object_set_new(o, "state", json_string(it->merged ? "merged" :
		    it->open ? "open" : "closed"));
		json_object_set_new(o, "tracking", json_boolean(it->tracking));
		json_object_set_new(o, "title", json_text(it->title));
		json_object_set_new(o, "url", json_text(it->url));
		json_object_set_new(o, "updated", json_text(it->updated));
		json_object_set_new(o, "labels", labels);
		json_array_append_new(a, o);
	}
	return a;
}

static char *
json_dup(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

int
upstream_item_read(struct upstream_item *it, const json_t *o, const char *num_key,
    const char *url_key, const char *upd_key, const char **state)
{
	const json_t *n = json_object_get(o, num_key), *labels, *l;
	size_t k;

	memset(it, 0, sizeof *it);
	*state = json_string_value(json_object_get(o, "state"));
	if (!json_is_integer(n) || json_integer_value(n) <= 0 || *state == NULL)
		return -1;
	it->number = (unsigned long)json_integer_value(n);
	it->title = json_dup(o, "title");
	it->url = json_dup(o, url_key);
	it->updated = json_dup(o, upd_key);
	labels = json_object_get(o, "labels");
	json_array_foreach(labels, k, l) {
		if (json_is_object(l))
			l = json_object_get(l, "name");
		if (json_is_string(l))
			strlist_push(&it->labels, json_string_value(l));
	}
	return 0;
}

int
upstream_items_from_json(struct upstream *u, const json_t *a, char **cause)
{
	size_t i;
	const json_t *o;

	if (!json_is_array(a)) {
		*cause = xstrdup("not a list of findings");
		return -1;
	}
	json_array_foreach(a, i, o) {
		struct upstream_item it;
		const char *kind = json_string_value(json_object_get(o, "kind")), *state;

		if (kind == NULL || upstream_item_read(&it, o, "number", "url", "updated",
		    &state) != 0) {
			*cause = xprintf("finding %zu is malformed", i);
			return -1;
		}
		it.pr = strcmp(kind, "pr") == 0;
		it.open = strcmp(state, "open") == 0;
		it.merged = it.pr && strcmp(state, "merged") == 0;
		it.tracking = json_is_true(json_object_get(o, "tracking"));
		upstream_add_item(u, &it);
	}
	return 0;
}

static const char *
state_name(enum upstream_state s)
{
	switch (s) {
	case UP_QUEUED:		return "queued";
	case UP_RUNNING:	return "running";
	case UP_DONE:		return "done";
	case UP_FAILED:		return "failed";
	default:		return "idle";
	}
}

json_t *
upstream_to_json(const struct upstream *u)
{
	json_t *o = json_object(), *repo = json_object();

	json_object_set_new(o, "name", json_string(u->name));
	json_object_set_new(o, "version", json_text(u->version));
	json_object_set_new(repo, "forge", json_string(repo_forge_name(u->repo.forge)));
	json_object_set_new(repo, "url", json_text(u->repo.url));
	json_object_set_new(repo, "from", json_text(u->repo.from));
	json_object_set_new(o, "repository", repo);
	json_object_set_new(o, "state", json_string(state_name(u->state)));
	json_object_set_new(o, "cached", json_boolean(u->cached));
	json_object_set_new(o, "fetched", json_text(u->fetched));
	json_object_set_new(o, "total", json_integer((json_int_t)u->total));
	json_object_set_new(o, "items", upstream_items_to_json(u));
	json_object_set_new(o, "error", json_text(u->error));
	if (u->scan.result != NULL || u->scan.error != NULL) {
		json_t *s = u->scan.result != NULL ? scan_result_json(u->scan.result) :
		    json_object();

		if (u->scan.result != NULL) {
			char *sum = scan_result_summary(u->scan.result, u->version);

			json_object_set_new(s, "summary", json_text(sum));
			json_object_set_new(s, "cached", json_boolean(u->scan.result->from_cache));
			free(sum);
		}
		json_object_set_new(s, "error", json_text(u->scan.error));
		json_object_set_new(o, "scan", s);
	}
	return o;
}

char *
upstream_scan_cell(const struct upstream *u)
{
	const struct scan_result *r = u->scan.result;

	if (u->scan.running)
		return xstrdup("scanning");
	if (r == NULL)
		return NULL;
	switch (r->state) {
	case SCAN_UNRELEASED:
		return xprintf("support merged after %s, unreleased", r->latest_tag != NULL ?
		    r->latest_version : u->version);
	case SCAN_RELEASED:
		return xprintf("support declared in %s", u->version);
	case SCAN_UPGRADE:
		return xprintf("support released in %s", r->release_version);
	case SCAN_NO_TAG:
		return xstrdup("support declared on the default branch");
	case SCAN_GIL_USED:
		return xstrdup("declares it needs the GIL");
	default:
		return NULL;
	}
}

char *
upstream_verdict_reason(const struct upstream *u, const char *reason, enum ft_status st)
{
	const struct scan_result *r = u != NULL && !u->scan.running ? u->scan.result : NULL;
	const char *sep = reason == NULL || *reason == '\0' ? "" : "; ";
	const struct scan_finding *opt;
	char intro[16] = "", *out, *pip;

	if (reason == NULL)
		reason = "";
	/* A ready verdict needs no news from upstream; nor does a scan that found
	 * nothing to wait for. */
	if (r == NULL || st == ST_READY || st == ST_PURE || st == ST_FALLBACK ||
	    (r->state != SCAN_UNRELEASED && r->state != SCAN_NO_TAG &&
	    r->state != SCAN_UPGRADE && r->state != SCAN_GIL_USED))
		return xstrdup(reason);
	if (r->intro[0] != '\0')
		snprintf(intro, sizeof intro, " (%.7s)", r->intro);
	if (r->state == SCAN_UPGRADE) {
		pip = scan_result_pip(r);
		if (pip != NULL)
			out = xprintf("%s%supstream released support in %s (upgrade: %s)", reason,
			    sep, r->release_version, pip);
		else
			out = xprintf("%s%supstream released support in %s (tag %s)", reason, sep,
			    r->release_version, r->release_tag);
		free(pip);
	} else if (r->state == SCAN_GIL_USED) {
		opt = scan_result_optout(r);
		if (opt != NULL)
			out = xprintf("%s%supstream declares it needs the GIL (%s:%u)", reason, sep,
			    opt->path, opt->line);
		else
			out = xprintf("%s%supstream declares it needs the GIL", reason, sep);
	} else if (r->state == SCAN_UNRELEASED && r->latest_tag != NULL)
		out = xprintf("%s%supstream merged support after the latest release %s, not yet "
		    "released%s", reason, sep, r->latest_version, intro);
	else if (r->state == SCAN_UNRELEASED)
		out = xprintf("%s%supstream merged support after %s, not yet released%s", reason,
		    sep, u->version, intro);
	else
		out = xprintf("%s%supstream declares support on %s, no tag found for %s%s",
		    reason, sep, r->branch != NULL ? r->branch : "its default branch",
		    u->version != NULL ? u->version : "the installed version", intro);
	return out;
}

void
upstream_scan_lines(const struct upstream *u, struct strlist *out)
{
	const struct scan_result *r = u->scan.result;
	char *line;

	if (u->scan.running)
		line = xprintf("scanning the source: %s", u->scan.progress != NULL ?
		    u->scan.progress : "");
	else if (u->scan.error != NULL)
		line = xprintf("scan failed: %s", u->scan.error);
	else if (r != NULL) {
		char *sum = scan_result_summary(r, u->version);

		line = xprintf("source scan: %s%s", sum, r->from_cache ? " (cached)" : "");
		free(sum);
	} else
		return;
	strlist_push_owned(out, sanitize_text(line));
	free(line);
	if (r != NULL && r->state == SCAN_UPGRADE && r->intro[0] != '\0') {
		char *intro = scan_result_intro(r);

		line = xprintf("first declared on %s by %s", r->branch != NULL ? r->branch :
		    "the default branch", intro);
		strlist_push_owned(out, sanitize_text(line));
		free(line);
		free(intro);
	}
	for (size_t i = 0; r != NULL && i < r->nfindings; i++) {
		line = xprintf("%s:%u: %s", r->findings[i].path, r->findings[i].line,
		    scanpat_kind_label(r->findings[i].kind));
		strlist_push_owned(out, sanitize_text(line));
		free(line);
	}
	if (r != NULL && r->findings_total > r->nfindings)
		strlist_push_owned(out, xprintf("(%zu declarations, %zu shown)",
		    r->findings_total, r->nfindings));
}

struct scan_ctx {
	struct upstream	*u;
	void		(*notify)(struct upstream *u, void *arg);
	void		*arg;
};

static void
scan_progress(const struct scanjob_status *st, void *arg)
{
	struct scan_ctx *c = arg;

	free(c->u->scan.progress);
	c->u->scan.progress = scanjob_status_text(st);
	c->notify(c->u, c->arg);
}

static void
scan_done(int rc, struct scan_result *r, char *cause, void *arg)
{
	struct scan_ctx *c = arg;
	struct upstream_scan *s = &c->u->scan;

	s->watch = NULL;
	s->running = false;
	free(s->progress);
	s->progress = NULL;
	if (rc == 0)
		s->result = r;
	else
		s->error = cause;
	c->notify(c->u, c->arg);
	free(c);
}

int
upstream_scan_start(struct upstream *u, struct loop *l, const struct upstream_scan_config *cfg,
    void (*notify)(struct upstream *u, void *arg), void *arg)
{
	struct scanjob_opts o = { 0 };
	struct scanjob *j;
	struct scan_ctx *c;
	char *dir;

	upstream_scan_clear(&u->scan);
	if (u->repo.clone == NULL) {
		u->scan.error = xstrdup(u->repo.forge == REPO_NONE ? "no repository known" :
		    "the project's URL is not a git repository");
		return -1;
	}
	o.url = u->repo.clone;
	o.name = u->name;
	o.version = u->version;
	if (cfg->cache_dir != NULL)
		o.cache_dir = dir = xstrdup(cfg->cache_dir);
	else if ((o.cache_dir = dir = cache_default_dir(&u->scan.error)) == NULL)
		return -1;
	o.max_bytes = cfg->max_bytes;
	o.timeout_ms = cfg->timeout_ms;
	o.no_fetch = cfg->no_fetch;
	if (cfg->if_cloned) {
		char *path = gitclone_path(o.cache_dir, o.url);
		struct stat sb;
		bool there = stat(path, &sb) == 0;

		free(path);
		if (!there) {
			free(dir);
			return 0;
		}
	}
	j = scanjob_start(&o, &u->scan.error);
	free(dir);
	if (j == NULL)
		return -1;
	c = xcalloc(1, sizeof *c);
	c->u = u;
	c->notify = notify;
	c->arg = arg;
	u->scan.running = true;
	u->scan.progress = xstrdup(cfg->no_fetch ? "scanning" : "connecting");
	u->scan.watch = scanjob_watch(l, j, scan_progress, scan_done, c);
	return 0;
}
