/* replace.c: the replacements tables: read with jansson, the user's over the bundled,
 * looked up by name and version. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "replace.h"
#include "snapshot.h"
#include "util.h"

#define REPLACE_FILE		"replacements.json"
#define REPLACE_MAX_SIZE	(1u << 20)

static void
replace_entry_clear(struct replacement *e)
{
	free(e->package);
	free(e->versions);
	pep440_specset_free(e->spec);
	free(e->replace_with);
	free(e->reason);
	free(e->source);
	memset(e, 0, sizeof *e);
}

static const char *
replace_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* One entry; -1 and *cause when it lacks what an entry needs. A removal ("replace_with":
 * null) has a package and nothing else. */
static int
replace_entry_read(json_t *o, size_t i, bool user, struct replacement *e, char **cause)
{
	const char *pkg = replace_str(o, "package"), *with = replace_str(o, "replace_with");
	const char *versions = replace_str(o, "versions"), *reason = replace_str(o, "reason");
	const char *source = replace_str(o, "source");
	char *why = NULL;

	memset(e, 0, sizeof *e);
	if (!json_is_object(o) || pkg == NULL || *pkg == '\0')
		return *cause = xprintf("entry %zu has no \"package\"", i + 1), -1;
	e->package = name_normalize(pkg);
	e->user = user;
	if (json_is_null(json_object_get(o, "replace_with")) && user)
		return 0;
	if (with == NULL || *with == '\0' || reason == NULL || *reason == '\0')
		return *cause = xprintf("entry %zu (%s) needs \"replace_with\" and \"reason\"",
		    i + 1, pkg), -1;
	/* The bundled table cites every entry; a user may keep notes elsewhere. */
	if (!user && (source == NULL || *source == '\0'))
		return *cause = xprintf("entry %zu (%s) has no \"source\"", i + 1, pkg), -1;
	e->versions = xstrdup(versions != NULL ? versions : "");
	if ((e->spec = pep440_specset_parse(e->versions, &why)) == NULL) {
		*cause = xprintf("entry %zu (%s): \"versions\" %s", i + 1, pkg, why);
		free(why);
		return -1;
	}
	e->replace_with = xstrdup(with);
	e->reason = xstrdup(reason);
	e->source = source != NULL ? xstrdup(source) : NULL;
	return 0;
}

/* Reads one table into v and n. -1 and *cause (naming the file) on any problem; nothing
 * is kept from a table with one. */
static int
replace_read(const char *path, bool user, struct replacement **v, size_t *n, char **cause)
{
	json_t *root, *list, *o;
	json_error_t jerr;
	char *text = NULL, *why = NULL;
	size_t len, i;
	int rc = 0;

	*v = NULL;
	*n = 0;
	if (read_file(path, REPLACE_MAX_SIZE, &text, &len, &why) != 0) {
		*cause = xprintf("the replacements table %s cannot be read: %s", path, why);
		free(why);
		return -1;
	}
	root = json_loadb(text, len, 0, &jerr);
	free(text);
	if (root == NULL) {
		*cause = xprintf("%s:%d: the replacements table is not valid JSON: %s", path,
		    jerr.line, jerr.text);
		return -1;
	}
	list = json_object_get(root, "replacements");
	if (json_integer_value(json_object_get(root, "schema_version")) != 1 ||
	    !json_is_array(list)) {
		*cause = xprintf("%s: not a replacements table (schema_version 1 with a "
		    "\"replacements\" list)", path);
		json_decref(root);
		return -1;
	}
	if (json_array_size(list) != 0)
		*v = xcalloc(json_array_size(list), sizeof **v);
	json_array_foreach(list, i, o) {
		if (replace_entry_read(o, i, user, &(*v)[*n], &why) != 0) {
			*cause = xprintf("%s: %s", path, why);
			free(why);
			replace_entry_clear(&(*v)[*n]);
			rc = -1;
			break;
		}
		(*n)++;
	}
	if (rc != 0) {
		for (i = 0; i < *n; i++)
			replace_entry_clear(&(*v)[i]);
		free(*v);
		*v = NULL;
		*n = 0;
	}
	json_decref(root);
	return rc;
}

struct replacements *
replace_load(const char *bundled, const char *user, struct strlist *errors)
{
	struct replacements *r = xcalloc(1, sizeof *r);
	struct replacement *bv = NULL, *uv = NULL;
	size_t bn = 0, un = 0;
	char *bpath = bundled != NULL ? xstrdup(bundled) : data_file_path(REPLACE_FILE);
	char *upath = user != NULL ? xstrdup(user) : config_file_path(REPLACE_FILE);
	char *cause = NULL;
	struct strlist named = STRLIST_INIT;
	struct stat st;

	if (bpath == NULL)
		strlist_push(errors, "the bundled replacements table " REPLACE_FILE " was not "
		    "found (set FTPORT_DATA_DIR to the directory holding it)");
	else if (replace_read(bpath, false, &bv, &bn, &cause) != 0) {
		strlist_push_owned(errors, cause);
		cause = NULL;
	}
	if (upath != NULL && !(stat(upath, &st) == -1 && errno == ENOENT) &&
	    replace_read(upath, true, &uv, &un, &cause) != 0) {
		strlist_push_owned(errors, xprintf("%s; the bundled table is used", cause));
		free(cause);
	}
	r->v = xcalloc(bn + un + 1, sizeof *r->v);
	/* The user's entries first, then the bundled ones for packages the user did not
	 * name: a user entry overrides, a removal (no replace_with) silences. */
	for (size_t i = 0; i < un; i++) {
		if (!strlist_contains(&named, uv[i].package))
			strlist_push(&named, uv[i].package);
		if (uv[i].replace_with != NULL)
			r->v[r->n++] = uv[i];
		else
			replace_entry_clear(&uv[i]);
	}
	for (size_t i = 0; i < bn; i++) {
		if (strlist_contains(&named, bv[i].package))
			replace_entry_clear(&bv[i]);
		else
			r->v[r->n++] = bv[i];
	}
	strlist_clear(&named);
	free(uv);
	free(bv);
	free(bpath);
	free(upath);
	return r;
}

void
replace_free(struct replacements *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		replace_entry_clear(&r->v[i]);
	free(r->v);
	free(r);
}

const struct replacement *
replace_find(const struct replacements *r, const char *name, const char *version)
{
	if (r == NULL)
		return NULL;
	for (size_t i = 0; i < r->n; i++) {
		const struct replacement *e = &r->v[i];

		if (strcmp(e->package, name) != 0)
			continue;
		if (version == NULL || *e->versions == '\0' ||
		    pep440_specset_contains(e->spec, version, true))
			return e;
	}
	return NULL;
}

char *
replace_text(const struct replacement *rp)
{
	return xprintf("or replace with %s (%s)", rp->replace_with, rp->reason);
}
