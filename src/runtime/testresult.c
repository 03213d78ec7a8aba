/* testresult.c: test results as words, lines and JSON, and their store in the cache
 * (one file per package, version and interpreter ABI, replaced atomically by the next
 * test of the same). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "sanitize.h"
#include "strbuf.h"
#include "testresult.h"
#include "util.h"

#define TESTRESULT_MAX_FILE	(4UL * 1024 * 1024)

static const char *const outcome_names[TO_COUNT] = {
	"passed", "gil-reenabled", "failed", "import-failed", "timeout", "crashed",
	"install-failed",
};

const char *
testresult_outcome_name(enum test_outcome o)
{
	return (unsigned)o < TO_COUNT ? outcome_names[o] : "unknown";
}

int
testresult_outcome_from_name(const char *name)
{
	for (int i = 0; i < TO_COUNT; i++)
		if (strcmp(outcome_names[i], name) == 0)
			return i;
	return -1;
}

bool
testresult_worse(enum test_outcome a, enum test_outcome b)
{
	return a > b;
}

void
testresult_clear(struct test_result *r)
{
	free(r->name);
	free(r->version);
	free(r->module);
	free(r->signal);
	free(r->detail);
	free(r->step);
	free(r->python);
	free(r->python_version);
	free(r->target);
	free(r->command);
	free(r->log);
	free(r->abi);
	free(r->excerpt);
	strlist_clear(&r->modules);
	memset(r, 0, sizeof *r);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
testresult_copy(struct test_result *dst, const struct test_result *src)
{
	*dst = *src;
	dst->name = dup_or_null(src->name);
	dst->version = dup_or_null(src->version);
	dst->module = dup_or_null(src->module);
	dst->signal = dup_or_null(src->signal);
	dst->detail = dup_or_null(src->detail);
	dst->step = dup_or_null(src->step);
	dst->python = dup_or_null(src->python);
	dst->python_version = dup_or_null(src->python_version);
	dst->target = dup_or_null(src->target);
	dst->command = dup_or_null(src->command);
	dst->log = dup_or_null(src->log);
	dst->abi = dup_or_null(src->abi);
	dst->excerpt = dup_or_null(src->excerpt);
	memset(&dst->modules, 0, sizeof dst->modules);
	for (size_t i = 0; i < src->modules.n; i++)
		strlist_push(&dst->modules, src->modules.v[i]);
}

char *
testresult_abi_of(const char *python_version, bool free_threaded)
{
	int major, minor;

	if (python_version == NULL || sscanf(python_version, "%d.%d", &major, &minor) != 2 ||
	    major != 3 || minor < 0 || minor > 99)
		return NULL;
	return xprintf("cp%d%d%s", major, minor, free_threaded ? "t" : "");
}

/* The last line of a multi-line detail: what a one-line summary can hold. */
static char *
last_line(const char *s)
{
	const char *end = s + strlen(s), *p;

	while (end > s && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	for (p = end; p > s && p[-1] != '\n'; p--)
		;
	return xstrndup(p, (size_t)(end - p));
}

char *
testresult_summary(const struct test_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	char *line;

	strbuf_addstr(&sb, testresult_outcome_name(r->outcome));
	switch (r->outcome) {
	case TO_GIL_REENABLED:
		if (r->module != NULL)
			strbuf_addf(&sb, " by %s", r->module);
		break;
	case TO_CRASHED:
		if (r->signal != NULL)
			strbuf_addf(&sb, " (%s)", r->signal);
		/* FALLTHROUGH */
	case TO_TIMEOUT:
		if (r->module != NULL)
			strbuf_addf(&sb, " importing %s", r->module);
		else if (r->step != NULL && strcmp(r->step, "command") == 0)
			strbuf_addstr(&sb, " in the test command");
		strbuf_addf(&sb, " after %.1f s", r->seconds);
		break;
	case TO_IMPORT_FAILED:
	case TO_FAILED:
	case TO_INSTALL_FAILED:
		if (r->module != NULL)
			strbuf_addf(&sb, " (%s)", r->module);
		if (r->detail != NULL && *r->detail != '\0') {
			line = last_line(r->detail);
			strbuf_addf(&sb, ": %s", line);
			free(line);
		}
		break;
	default:
		break;
	}
	return strbuf_detach(&sb, NULL);
}

/* jansson refuses invalid UTF-8, which a child's output may hold. */
static json_t *
jstr(const char *s)
{
	json_t *j;
	char *clean;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	clean = sanitize_buf(s, strlen(s), SANITIZE_KEEP_NEWLINES);
	j = json_string(clean);
	free(clean);
	return j != NULL ? j : json_null();
}

json_t *
testresult_to_json(const struct test_result *r)
{
	json_t *o = json_object(), *mods = json_array();

	json_object_set_new(o, "name", jstr(r->name));
	json_object_set_new(o, "version", jstr(r->version));
	json_object_set_new(o, "result", json_string(testresult_outcome_name(r->outcome)));
	json_object_set_new(o, "module", jstr(r->module));
	json_object_set_new(o, "signal", jstr(r->signal));
	json_object_set_new(o, "detail", jstr(r->detail));
	json_object_set_new(o, "step", jstr(r->step));
	json_object_set_new(o, "seconds", json_real(r->seconds));
	json_object_set_new(o, "when", json_integer((json_int_t)r->when));
	json_object_set_new(o, "python", jstr(r->python));
	json_object_set_new(o, "python_version", jstr(r->python_version));
	json_object_set_new(o, "free_threaded", json_boolean(r->free_threaded));
	json_object_set_new(o, "abi", jstr(r->abi));
	json_object_set_new(o, "target", jstr(r->target));
	json_object_set_new(o, "in_place", json_boolean(r->in_place));
	json_object_set_new(o, "command", jstr(r->command));
	json_object_set_new(o, "log", jstr(r->log));
	for (size_t i = 0; i < r->modules.n; i++)
		json_array_append_new(mods, jstr(r->modules.v[i]));
	json_object_set_new(o, "modules", mods);
	if (r->excerpt != NULL)
		json_object_set_new(o, "log_excerpt", jstr(r->excerpt));
	return o;
}

static char *
jget_str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

int
testresult_from_json(const json_t *j, struct test_result *r, char **cause)
{
	const json_t *v, *mods;
	const char *res;
	int o;

	memset(r, 0, sizeof *r);
	if (!json_is_object(j)) {
		*cause = xstrdup("a test result is not a JSON object");
		return -1;
	}
	res = json_string_value(json_object_get(j, "result"));
	if (res == NULL || (o = testresult_outcome_from_name(res)) < 0) {
		*cause = xprintf("unknown test result '%s'", res != NULL ? res : "(none)");
		return -1;
	}
	r->name = jget_str(j, "name");
	if (r->name == NULL || *r->name == '\0') {
		*cause = xstrdup("a test result without a package name");
		testresult_clear(r);
		return -1;
	}
	r->outcome = (enum test_outcome)o;
	r->version = jget_str(j, "version");
	r->module = jget_str(j, "module");
	r->signal = jget_str(j, "signal");
	r->detail = jget_str(j, "detail");
	r->step = jget_str(j, "step");
	r->python = jget_str(j, "python");
	r->python_version = jget_str(j, "python_version");
	r->target = jget_str(j, "target");
	r->command = jget_str(j, "command");
	r->log = jget_str(j, "log");
	r->excerpt = jget_str(j, "log_excerpt");
	if (json_is_number(v = json_object_get(j, "seconds")))
		r->seconds = json_number_value(v);
	if (json_is_integer(v = json_object_get(j, "when")))
		r->when = (time_t)json_integer_value(v);
	r->free_threaded = json_is_true(json_object_get(j, "free_threaded"));
	r->in_place = json_is_true(json_object_get(j, "in_place"));
	/* Before schema 2 the ABI was not kept: the interpreter's version and build that
	 * the result names say it (CPython's tag follows from them). */
	r->abi = jget_str(j, "abi");
	if (json_object_get(j, "abi") == NULL)
		r->abi = testresult_abi_of(r->python_version, r->free_threaded);
	mods = json_object_get(j, "modules");
	for (size_t i = 0; i < json_array_size(mods); i++)
		if (json_is_string(v = json_array_get(mods, i)))
			strlist_push(&r->modules, json_string_value(v));
	return 0;
}

char *
testresult_dir(const char *cache_dir, char **cause)
{
	char *base, *dir;

	if (cache_dir != NULL)
		return xprintf("%s/tests", cache_dir);
	if ((base = cache_default_dir(cause)) == NULL)
		return NULL;
	dir = xprintf("%s/tests", base);
	free(base);
	return dir;
}

/* A file name part: nothing that could leave the directory or hide the file, nor the
 * '@' that separates the parts. */
static bool
part_ok(const char *s)
{
	return s != NULL && *s != '\0' && s[0] != '.' && strpbrk(s, "/@\\") == NULL &&
	    strlen(s) <= 128;
}

/* Where a result lives: NAME@VERSION@ABI.EXT, one file per name, version and
 * interpreter ABI, so that testing 3.0.2 leaves 2.1.5's result (another project's
 * environment may have it installed) and a 3.14t run leaves the 3.13t one. A result
 * without a version or ABI (an interpreter ftport could not place) is NAME.EXT, the
 * layout of schema 1. NULL when a part could leave the directory. */
static char *
result_path(const char *dir, const struct test_result *r, const char *ext)
{
	char *norm = name_normalize(r->name), *path = NULL;

	if (part_ok(norm)) {
		if (part_ok(r->version) && part_ok(r->abi))
			path = xprintf("%s/%s@%s@%s.%s", dir, norm, r->version, r->abi, ext);
		else if (r->version == NULL || r->abi == NULL)
			path = xprintf("%s/%s.%s", dir, norm, ext);
	}
	free(norm);
	return path;
}

static char *
refused(const struct test_result *r)
{
	return xprintf("cannot store a test result for the name '%s', version '%s'", r->name,
	    r->version != NULL ? r->version : "");
}

char *
testresult_path(const char *cache_dir, const struct test_result *r, const char *ext,
    char **cause)
{
	char *dir, *path;

	if ((dir = testresult_dir(cache_dir, cause)) == NULL)
		return NULL;
	if ((path = result_path(dir, r, ext)) == NULL)
		*cause = refused(r);
	free(dir);
	return path;
}

static int load_path(const char *path, struct test_result *out, char **cause);

/* A schema 1 file (NAME.json, one per name) once this name is tested again: moved to
 * its own key when it has one (unless a result is already there), else removed, as the
 * new result supersedes a result that said neither its version nor its interpreter. */
static void
migrate_legacy(const char *dir, const char *name)
{
	struct test_result old;
	char *norm = name_normalize(name), *legacy, *keyed = NULL, *cause = NULL;

	legacy = xprintf("%s/%s.json", dir, norm);
	free(norm);
	if (access(legacy, F_OK) != 0) {
		free(legacy);
		return;
	}
	if (load_path(legacy, &old, &cause) == 0 && old.version != NULL && old.abi != NULL)
		keyed = result_path(dir, &old, "json");
	if (keyed != NULL && strcmp(keyed, legacy) != 0 && access(keyed, F_OK) != 0 &&
	    rename(legacy, keyed) == 0)
		log_debug("%s: moved to %s", legacy, keyed);
	else if (unlink(legacy) == 0)
		log_debug("%s: removed (superseded)", legacy);
	free(cause);
	free(keyed);
	free(legacy);
	testresult_clear(&old);
}

int
testresult_save(const char *cache_dir, const struct test_result *r, char **cause)
{
	char *dir, *path, *text;
	json_t *o;
	int rc;

	if ((dir = testresult_dir(cache_dir, cause)) == NULL)
		return -1;
	if ((path = result_path(dir, r, "json")) == NULL) {
		*cause = refused(r);
		free(dir);
		return -1;
	}
	if (mkdir_p(dir, cause) != 0) {
		free(path);
		free(dir);
		return -1;
	}
	migrate_legacy(dir, r->name);
	o = testresult_to_json(r);
	json_object_set_new(o, "schema", json_integer(TESTRESULT_SCHEMA));
	text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(o);
	if (text == NULL)
		fatal("json_dumps: out of memory");
	rc = write_file_atomic(path, text, strlen(text), cause);
	free(text);
	free(path);
	free(dir);
	return rc;
}

static int
load_path(const char *path, struct test_result *out, char **cause)
{
	json_error_t err;
	json_t *j;
	char *text;
	size_t len;
	int rc;

	memset(out, 0, sizeof *out);
	if (read_file(path, TESTRESULT_MAX_FILE, &text, &len, cause) != 0)
		return -1;
	j = json_loadb(text, len, 0, &err);
	free(text);
	if (j == NULL) {
		*cause = xprintf("%s: not JSON (%s)", path, err.text);
		return -1;
	}
	rc = testresult_from_json(j, out, cause);
	json_decref(j);
	return rc;
}

/* Is the file name a result of this (normalised) name: NAME.json or NAME@...json? */
static bool
file_of(const char *file, const char *norm)
{
	size_t n = strlen(norm);

	return strncmp(file, norm, n) == 0 && (strcmp(file + n, ".json") == 0 ||
	    (file[n] == '@' && str_ends_with(file, ".json")));
}

int
testresult_load(const char *cache_dir, const char *name, struct test_result *out,
    char **cause)
{
	char *dir, *norm;
	struct dirent *de;
	int rc = 0;
	DIR *d;

	memset(out, 0, sizeof *out);
	if ((dir = testresult_dir(cache_dir, cause)) == NULL)
		return -1;
	norm = name_normalize(name);
	if ((d = opendir(dir)) == NULL) {
		free(norm);
		free(dir);
		return 0;
	}
	/* The newest of the name's results, whatever version and ABI. */
	while ((de = readdir(d)) != NULL) {
		struct test_result r;
		char *path, *why = NULL;

		if (!file_of(de->d_name, norm))
			continue;
		path = xprintf("%s/%s", dir, de->d_name);
		if (load_path(path, &r, &why) != 0) {
			if (rc == 0) {
				rc = -1;
				*cause = why;
			} else
				free(why);
		} else if (rc != 1 || r.when > out->when) {
			if (rc == -1) {
				free(*cause);
				*cause = NULL;
			}
			testresult_clear(out);
			*out = r;
			rc = 1;
			memset(&r, 0, sizeof r);
		}
		testresult_clear(&r);
		free(path);
	}
	closedir(d);
	free(norm);
	free(dir);
	return rc;
}

static int
result_cmp(const void *a, const void *b)
{
	return strcmp(((const struct test_result *)a)->name,
	    ((const struct test_result *)b)->name);
}

int
testresult_load_all(const char *cache_dir, struct test_result **out, size_t *n,
    char **cause)
{
	struct test_result *v = NULL;
	size_t nv = 0, alloc = 0;
	struct dirent *de;
	char *dir;
	DIR *d;

	*out = NULL;
	*n = 0;
	if ((dir = testresult_dir(cache_dir, cause)) == NULL)
		return -1;
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		char *path, *why = NULL;

		if (de->d_name[0] == '.' || !str_ends_with(de->d_name, ".json"))
			continue;
		if (nv == alloc) {
			alloc = alloc == 0 ? 16 : alloc * 2;
			v = xreallocarray(v, alloc, sizeof *v);
		}
		path = xprintf("%s/%s", dir, de->d_name);
		if (load_path(path, &v[nv], &why) == 0)
			nv++;
		else {
			log_debug("%s", why);
			free(why);
		}
		free(path);
	}
	closedir(d);
	free(dir);
	if (nv > 1)
		qsort(v, nv, sizeof *v, result_cmp);
	*out = v;
	*n = nv;
	return 0;
}

void
testresult_free_all(struct test_result *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		testresult_clear(&v[i]);
	free(v);
}

/* A file of the store, judged by what it holds: the store may be a directory someone
 * pointed --cache-dir at. Up to 64 kB is read. */
static bool
store_file_starts(const char *path, char **text, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	*text = NULL;
	if (fd == -1)
		return false;
	*text = xmalloc(64 * 1024 + 1);
	n = read(fd, *text, 64 * 1024);
	close(fd);
	if (n < 0) {
		free(*text);
		*text = NULL;
		return false;
	}
	(*text)[n] = '\0';
	*len = (size_t)n;
	return true;
}

/* NAME.json: a result ftport wrote (an object with its schema and a result word). */
static bool
store_is_result(const char *path)
{
	char *text = NULL, *cause = NULL;
	size_t len;
	json_t *j;
	bool ours;

	if (read_file(path, TESTRESULT_MAX_FILE, &text, &len, &cause) != 0) {
		free(cause);
		return false;
	}
	j = json_loadb(text, len, 0, NULL);
	ours = json_is_object(j) && json_is_integer(json_object_get(j, "schema")) &&
	    testresult_outcome_from_name(json_string_value(json_object_get(j, "result")) != NULL ?
	    json_string_value(json_object_get(j, "result")) : "") >= 0;
	json_decref(j);
	free(text);
	return ours;
}

/* NAME.log: ours beside our NAME.json, or when it starts as ftport starts a log (a step
 * "$ ...", or "NAME VERSION is installed in VENV already": a failed venv keeps a log
 * without a result). */
static bool
store_is_log(const char *dir, const char *name)
{
	char *base = xstrndup(name, strlen(name) - 4), *json = xprintf("%s/%s.json", dir, base);
	char *path = xprintf("%s/%s", dir, name), *text = NULL;
	size_t len = 0;
	bool ours = store_is_result(json);

	if (!ours && store_file_starts(path, &text, &len)) {
		char *nl = strchr(text, '\n');

		if (nl != NULL)
			*nl = '\0';
		ours = str_starts_with(text, "$ ") || (strstr(text, " is installed in ") != NULL &&
		    str_ends_with(text, " already"));
	}
	free(text);
	free(base);
	free(json);
	free(path);
	return ours;
}

/* "X.json.tmp.PID", "X.log.tmp.PID": what an interrupted write_file_atomic leaves. */
static bool
store_is_leftover(const char *name)
{
	const char *t = strstr(name, ".tmp.");

	if (t == NULL || t[5] == '\0' || t[strspn(t + 5, "0123456789") + 5] != '\0')
		return false;
	return (t - name > 5 && strncmp(t - 5, ".json", 5) == 0) ||
	    (t - name > 4 && strncmp(t - 4, ".log", 4) == 0);
}

/* Results (NAME.json), logs (NAME.log) and the temporary files of an interrupted write,
 * each recognised as ftport's own by what it holds (store_is_*); nothing else in the
 * directory is touched, whatever its name. */
static int
store_walk(const char *cache_dir, bool remove, size_t *results, unsigned long long *bytes,
    char **cause)
{
	struct strlist ours = STRLIST_INIT;
	struct dirent *de;
	char *dir;
	DIR *d;
	int rc = 0;

	*results = 0;
	*bytes = 0;
	if ((dir = testresult_dir(cache_dir, cause)) == NULL)
		return -1;
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return 0;
	}
	/* Judged before anything goes: a log is judged by the result beside it. */
	while ((de = readdir(d)) != NULL) {
		char *path;
		struct stat st;
		bool mine = false;

		if (de->d_name[0] == '.')
			continue;
		path = xprintf("%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (str_ends_with(de->d_name, ".json"))
				mine = store_is_result(path);
			else if (str_ends_with(de->d_name, ".log"))
				mine = store_is_log(dir, de->d_name);
			else
				mine = store_is_leftover(de->d_name);
		}
		if (mine)
			strlist_push(&ours, de->d_name);
		free(path);
	}
	closedir(d);
	for (size_t i = 0; i < ours.n && rc == 0; i++) {
		char *path = xprintf("%s/%s", dir, ours.v[i]);
		struct stat st;

		if (lstat(path, &st) == 0) {
			if (str_ends_with(ours.v[i], ".json"))
				(*results)++;
			*bytes += (unsigned long long)st.st_size;
			if (remove && unlink(path) != 0 && errno != ENOENT) {
				*cause = xprintf("cannot remove %s: %s", path, strerror(errno));
				rc = -1;
			}
		}
		free(path);
	}
	strlist_clear(&ours);
	if (remove && rc == 0)
		(void)rmdir(dir);
	free(dir);
	return rc;
}

int
testresult_store_stats(const char *cache_dir, size_t *results, unsigned long long *bytes,
    char **cause)
{
	return store_walk(cache_dir, false, results, bytes, cause);
}

int
testresult_store_clear(const char *cache_dir, size_t *results, unsigned long long *bytes,
    char **cause)
{
	return store_walk(cache_dir, true, results, bytes, cause);
}
