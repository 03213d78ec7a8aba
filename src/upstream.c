/* upstream.c: the upstream findings of one package (see upstream.h): building them,
 * ordering them, and writing them as one table cell or as JSON. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
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
	u->nitems = u->total = 0;
	free(u->error);
	u->error = NULL;
	free(u->fetched);
	u->fetched = NULL;
	u->cached = false;
}

void
upstream_scan_clear(struct upstream_scan *s)
{
	for (size_t i = 0; i < s->ndecls; i++) {
		free(s->decls[i].kind);
		free(s->decls[i].path);
		free(s->decls[i].text);
	}
	free(s->decls);
	free(s->error);
	free(s->head);
	free(s->branch);
	free(s->tag);
	free(s->unreleased);
	free(s->first_commit);
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

void
upstream_add_item(struct upstream *u, struct upstream_item *it)
{
	u->items = xreallocarray(u->items, u->nitems + 1, sizeof *u->items);
	u->items[u->nitems++] = *it;
	memset(it, 0, sizeof *it);
}

void
upstream_add_decl(struct upstream_scan *s, const char *kind, const char *path,
    unsigned line, const char *text)
{
	struct upstream_decl *d;

	s->decls = xreallocarray(s->decls, s->ndecls + 1, sizeof *s->decls);
	d = &s->decls[s->ndecls++];
	d->kind = xstrdup(kind);
	d->path = xstrdup(path);
	d->line = line;
	d->text = text != NULL ? xstrdup(text) : NULL;
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
	if (u->scan.unreleased != NULL)
		return xstrdup(u->scan.unreleased);
	switch (u->state) {
	case UP_IDLE:
		break;
	case UP_QUEUED:
		return xstrdup("queued");
	case UP_RUNNING:
		return xstrdup("asking");
	case UP_FAILED:
		return xstrdup("error");
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
	if (u->scan.done || u->scan.error != NULL) {
		json_t *s = json_object(), *decls = json_array();

		for (size_t i = 0; i < u->scan.ndecls; i++) {
			const struct upstream_decl *d = &u->scan.decls[i];
			json_t *dj = json_object();

			json_object_set_new(dj, "kind", json_text(d->kind));
			json_object_set_new(dj, "path", json_text(d->path));
			json_object_set_new(dj, "line", json_integer(d->line));
			json_object_set_new(dj, "text", json_text(d->text));
			json_array_append_new(decls, dj);
		}
		json_object_set_new(s, "error", json_text(u->scan.error));
		json_object_set_new(s, "head", json_text(u->scan.head));
		json_object_set_new(s, "branch", json_text(u->scan.branch));
		json_object_set_new(s, "declarations", decls);
		json_object_set_new(s, "tag", json_text(u->scan.tag));
		json_object_set_new(s, "in_tag", json_boolean(u->scan.in_tag));
		json_object_set_new(s, "unreleased", json_text(u->scan.unreleased));
		json_object_set_new(s, "first_commit", json_text(u->scan.first_commit));
		json_object_set_new(o, "scan", s);
	}
	return o;
}
