/* state.c: .ftport/state.json: found at the project root, read with jansson (its errors
 * carry line and column), changed one field at a time under a lock so that two ftport
 * processes never erase each other's change. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "keepfile.h"
#include "sanitize.h"
#include "state.h"
#include "strbuf.h"
#include "util.h"

static const char *const decision_names[DECISION_COUNT] = {
	"", "ignore", "waiting", "fork", "done"
};

/* How long a writer waits for another to finish: a write takes milliseconds, so this
 * is only reached when a process holding the lock is stopped. */
#define STATE_LOCK_WAIT_MS	10000
#define STATE_MAX_BYTES		(16 * 1024 * 1024)
#define STATE_MAX_VALUE		500

const char *
state_decision_name(enum state_decision d)
{
	return d < DECISION_COUNT ? decision_names[d] : "";
}

int
state_decision_parse(const char *text)
{
	for (int d = 0; d < DECISION_COUNT; d++)
		if (strcmp(text, decision_names[d]) == 0)
			return d;
	return -1;
}

/* The work tree of the git repository holding dir, or NULL (none, bare, or libgit2
 * failing: the caller falls back to dir). */
static char *
state_git_workdir(const char *dir)
{
	git_buf buf = { NULL, 0, 0 };
	git_repository *repo = NULL;
	char *out = NULL;

	if (git_libgit2_init() < 0)
		return NULL;
	if (git_repository_discover(&buf, dir, 0, NULL) == 0 &&
	    git_repository_open(&repo, buf.ptr) == 0 && git_repository_workdir(repo) != NULL) {
		size_t n;

		out = xstrdup(git_repository_workdir(repo));
		n = strlen(out);
		if (n > 1 && out[n - 1] == '/')
			out[n - 1] = '\0';
	}
	git_repository_free(repo);
	git_buf_dispose(&buf);
	git_libgit2_shutdown();
	return out;
}

char *
state_project_root(const char *dir)
{
	char cwd[4096], *root;

	if (dir == NULL)
		dir = getcwd(cwd, sizeof cwd) != NULL ? cwd : ".";
	if ((root = state_git_workdir(dir)) == NULL)
		root = xstrdup(dir);
	return root;
}

char *
state_default_path(const char *override, const char *dir)
{
	char *root, *path;

	if (override != NULL)
		return xstrdup(override);
	root = state_project_root(dir);
	path = xprintf("%s/.ftport/state.json", root);
	free(root);
	return path;
}

char *
state_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static json_t *
state_packages(const struct state *s)
{
	return json_object_get(s->root, "packages");
}

/* The shape this version relies on; anything else in the file is kept as it is. */
static int
state_validate(const char *path, json_t *root, char **cause)
{
	json_t *pkgs, *v, *entry, *field;
	const char *name, *key;

	if (!json_is_object(root)) {
		*cause = xprintf("%s: not a JSON object; fix or remove it", path);
		return -1;
	}
	v = json_object_get(root, "schema_version");
	if (v != NULL && (!json_is_integer(v) || json_integer_value(v) < 1)) {
		*cause = xprintf("%s: schema_version is not a positive integer", path);
		return -1;
	}
	if (v != NULL && json_integer_value(v) > STATE_SCHEMA_VERSION) {
		*cause = xprintf("%s: schema_version %lld is newer than this ftport reads (%d); "
		    "upgrade ftport", path, (long long)json_integer_value(v),
		    STATE_SCHEMA_VERSION);
		return -1;
	}
	pkgs = json_object_get(root, "packages");
	if (pkgs == NULL)
		return 0;
	if (!json_is_object(pkgs)) {
		*cause = xprintf("%s: \"packages\" is not an object", path);
		return -1;
	}
	json_object_foreach(pkgs, name, entry) {
		if (!json_is_object(entry)) {
			*cause = xprintf("%s: package \"%s\" is not an object", path, name);
			return -1;
		}
		json_object_foreach(entry, key, field) {
			bool text = strcmp(key, STATE_OWNER) == 0 || strcmp(key, STATE_NOTE) == 0 ||
			    strcmp(key, STATE_DECISION) == 0 || strcmp(key, STATE_TEST_COMMAND) == 0;

			if (text && !json_is_string(field)) {
				*cause = xprintf("%s: %s.%s is not a string", path, name, key);
				return -1;
			}
			if (strcmp(key, STATE_DECISION) == 0 &&
			    state_decision_parse(json_string_value(field)) < 0) {
				*cause = xprintf("%s: %s.decision is \"%s\": not ignore, waiting, fork "
				    "or done", path, name, json_string_value(field));
				return -1;
			}
			if (strcmp(key, "last_test") == 0 && !json_is_object(field)) {
				*cause = xprintf("%s: %s.last_test is not an object", path, name);
				return -1;
			}
		}
	}
	return 0;
}

static struct state *
state_empty(const char *path)
{
	struct state *s = xcalloc(1, sizeof *s);

	s->path = xstrdup(path);
	s->root = json_object();
	json_object_set_new(s->root, "schema_version", json_integer(STATE_SCHEMA_VERSION));
	json_object_set_new(s->root, "packages", json_object());
	return s;
}

int
state_load(const char *path, struct state **out, char **cause)
{
	char *text, *why = NULL;
	size_t len;
	int rc;

	*out = NULL;
	if (access(path, F_OK) == -1 && errno == ENOENT) {
		*out = state_empty(path);
		return 0;
	}
	if (read_file(path, STATE_MAX_BYTES, &text, &len, &why) != 0) {
		*cause = why;
		return -1;
	}
	rc = state_parse(path, text, len, out, cause);
	free(text);
	return rc;
}

int
state_parse(const char *path, const char *text, size_t len, struct state **out,
    char **cause)
{
	struct state *s;
	json_error_t err;
	json_t *root;

	*out = NULL;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL) {
		char *clean = sanitize_text(err.text);

		*cause = xprintf("%s:%d:%d: %s; fix or remove it (ftport leaves it as it is)",
		    path, err.line, err.column, clean);
		free(clean);
		return -1;
	}
	if (state_validate(path, root, cause) != 0) {
		json_decref(root);
		return -1;
	}
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->root = root;
	if (json_object_get(root, "packages") == NULL)
		json_object_set_new(root, "packages", json_object());
	*out = s;
	return 0;
}

void
state_free(struct state *s)
{
	if (s == NULL)
		return;
	json_decref(s->root);
	free(s->path);
	free(s);
}

const char *
state_get(const struct state *s, const char *pkg, const char *field)
{
	json_t *entry, *v;

	if (s == NULL)
		return NULL;
	entry = json_object_get(state_packages(s), pkg);
	v = json_object_get(entry, field);
	return json_is_string(v) && *json_string_value(v) != '\0' ? json_string_value(v) :
	    NULL;
}

enum state_decision
state_get_decision(const struct state *s, const char *pkg)
{
	const char *d = state_get(s, pkg, STATE_DECISION);
	int v = d != NULL ? state_decision_parse(d) : -1;

	return v < 0 ? DECISION_NONE : (enum state_decision)v;
}

void
state_decided(const struct state *s, enum state_decision d, struct strlist *out)
{
	const char *pkg;
	json_t *entry;

	if (s == NULL)
		return;
	json_object_foreach(state_packages(s), pkg, entry) {
		if (state_get_decision(s, pkg) == d)
			strlist_push(out, pkg);
	}
}

bool
state_get_test(const struct state *s, const char *pkg, struct test_result *out,
    char **excerpt)
{
	json_t *t, *ex;
	char *cause = NULL;

	*excerpt = NULL;
	if (s == NULL)
		return false;
	t = json_object_get(json_object_get(state_packages(s), pkg), "last_test");
	if (!json_is_object(t))
		return false;
	if (testresult_from_json(t, out, &cause) != 0) {
		free(cause);
		testresult_clear(out);
		return false;
	}
	ex = json_object_get(t, "log_excerpt");
	if (json_is_string(ex))
		*excerpt = sanitize_buf(json_string_value(ex), strlen(json_string_value(ex)),
		    SANITIZE_KEEP_NEWLINES);
	return true;
}

size_t
state_add_evidence(const struct state *s, struct evidence *e)
{
	const char *pkg;
	json_t *entry;
	size_t n = 0;

	if (s == NULL)
		return 0;
	json_object_foreach(state_packages(s), pkg, entry) {
		struct test_result r;
		char *excerpt;

		memset(&r, 0, sizeof r);
		if (!state_get_test(s, pkg, &r, &excerpt))
			continue;
		n += evidence_add(e, &r);
		testresult_clear(&r);
		free(excerpt);
	}
	return n;
}

int
state_check_value(const char *field, const char *value, char **cause)
{
	char *clean;
	bool same;

	if (value == NULL || *value == '\0')
		return 0;
	if (strcmp(field, STATE_DECISION) == 0) {
		if (state_decision_parse(value) < 0) {
			*cause = xprintf("a decision is ignore, waiting, fork or done, not '%s'",
			    value);
			return -1;
		}
		return 0;
	}
	if (strlen(value) > STATE_MAX_VALUE) {
		*cause = xprintf("a %s is at most %d bytes", field, STATE_MAX_VALUE);
		return -1;
	}
	/* sanitize_text changes exactly what must not be stored: controls, escapes, tabs,
	 * invalid UTF-8, bidirectional overrides. */
	clean = sanitize_text(value);
	same = strcmp(clean, value) == 0 && strchr(value, '\t') == NULL;
	free(clean);
	if (!same) {
		*cause = xprintf("the %s has control characters or escape sequences: refused",
		    field);
		return -1;
	}
	return 0;
}

/* The lock: fcntl on PATH.lock (the state file itself is replaced by rename, so it
 * cannot carry the lock). Returns the descriptor, -1 with *cause. */
static int
state_lock(const char *path, char **cause)
{
	char *lockpath = xprintf("%s.lock", path);
	struct flock fl;
	double deadline = now_ms() + STATE_LOCK_WAIT_MS;
	int fd;

	if ((fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1) {
		*cause = xprintf("%s: %s", lockpath, strerror(errno));
		free(lockpath);
		return -1;
	}
	for (;;) {
		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(fd, F_SETLK, &fl) == 0)
			break;
		if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
			*cause = xprintf("%s: cannot lock: %s", lockpath, strerror(errno));
			goto fail;
		}
		if (now_ms() > deadline) {
			*cause = xprintf("%s: another ftport holds the lock; try again", lockpath);
			goto fail;
		}
		/* A bounded wait for another writer, not synchronisation of our own. */
		nanosleep(&(struct timespec){ 0, 5 * 1000 * 1000 }, NULL);
	}
	free(lockpath);
	return fd;
fail:
	close(fd);
	free(lockpath);
	return -1;
}

/* A real as the shortest text that reads back as the same double, in jansson's form
 * (a '.' or an exponent, no '+' and no leading zeros in it): 0.1 stays 0.1, where
 * jansson writes 17 digits (0.10000000000000001). Whatever the locale's decimal
 * point: JSON's is '.'. */
static void
state_real_text(double v, char *out, size_t n)
{
	char buf[64], *o = out;
	bool point = false;
	int prec, exp;

	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* Digits in full up to 1e16, as Python's repr: 100.0, not 1e2. */
	exp = atoi(strchr(buf, 'e') + 1);
	if (exp >= prec && exp < 16)
		prec = exp + 1;
	snprintf(buf, sizeof buf, "%.*g", prec, v);
	for (const char *p = buf; *p != '\0' && o + 4 < out + n; p++) {
		if (*p == 'e') {
			*o++ = 'e';
			if (p[1] == '+' || p[1] == '-')
				if (*++p == '-')
					*o++ = '-';
			while (p[1] == '0' && p[2] != '\0')
				p++;
			point = true;
		} else if ((*p >= '0' && *p <= '9') || *p == '-')
			*o++ = *p;
		else if (!point) {
			*o++ = '.';
			point = true;
		}
	}
	if (!point) {
		*o++ = '.';
		*o++ = '0';
	}
	*o = '\0';
}

struct state_reals {
	char	 prefix[48];	/* "ftport-real:NONCE:" */
	char	**text;
	size_t	  n;
};

/* The placeholder for a real, its text kept as r->text[i]. */
static json_t *
state_real_out(json_t *x, struct state_reals *r)
{
	char *ph = xprintf("%s%zu", r->prefix, r->n), buf[64];
	json_t *out = json_string(ph);

	state_real_text(json_real_value(x), buf, sizeof buf);
	r->text = xreallocarray(r->text, r->n + 1, sizeof *r->text);
	r->text[r->n++] = xstrdup(buf);
	free(ph);
	return out;
}

/* Every real in v made its placeholder. */
static void
state_reals_out(json_t *v, struct state_reals *r)
{
	const char *key;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach(v, key, x) {
			if (json_is_real(x))
				json_object_set_new(v, key, state_real_out(x, r));
			else
				state_reals_out(x, r);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x) {
			if (json_is_real(x))
				json_array_set_new(v, i, state_real_out(x, r));
			else
				state_reals_out(x, r);
		}
	}
}

/* The state as written: jansson's layout, sorted keys (a team commits this file, and
 * stable order keeps its diffs small), numbers people put in it as they wrote them.
 * Reals go through a placeholder string no file can guess (a nonce per write), so
 * jansson lays everything else out. Allocated, with its final newline. */
static char *
state_dumps(json_t *root)
{
	json_t *copy = json_deep_copy(root);
	struct state_reals r = { "", NULL, 0 };
	struct strbuf sb = STRBUF_INIT;
	char *text;
	const char *p;

	snprintf(r.prefix, sizeof r.prefix, "ftport-real:%016llx:", (unsigned long long)
	    ((uint64_t)(now_ms() * 1000.0) ^ ((uint64_t)getpid() << 40) ^ (uintptr_t)copy));
	state_reals_out(copy, &r);
	text = json_dumps(copy, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(copy);
	if (text == NULL)
		fatal("json_dumps failed");
	for (p = text; *p != '\0';) {
		const char *q = strstr(p, r.prefix);
		char *end;
		size_t i;

		if (q == NULL) {
			strbuf_addstr(&sb, p);
			break;
		}
		if (q == text || q[-1] != '"') {
			strbuf_add(&sb, p, (size_t)(q + 1 - p));
			p = q + 1;
			continue;
		}
		i = (size_t)strtoull(q + strlen(r.prefix), &end, 10);
		strbuf_add(&sb, p, (size_t)(q - 1 - p));
		strbuf_addstr(&sb, i < r.n ? r.text[i] : "null");
		p = end + (*end == '"');
	}
	strbuf_addch(&sb, '\n');
	free(text);
	for (size_t i = 0; i < r.n; i++)
		free(r.text[i]);
	free(r.text);
	return strbuf_detach(&sb, NULL);
}

static int
state_write(struct state *s, char **cause)
{
	char *text, *dir;
	int rc;

	dir = state_dir(s->path);
	if (mkdir_p(dir, cause) != 0) {
		free(dir);
		return -1;
	}
	free(dir);
	json_object_set_new(s->root, "schema_version", json_integer(STATE_SCHEMA_VERSION));
	text = state_dumps(s->root);
	/* Through a symbolic link, keeping the file's mode; never over a read-only one. */
	rc = keepfile_write(s->path, text, strlen(text), cause);
	free(text);
	return rc;
}

/* The team commits .ftport/: the lock beside the state, and the temporary files a
 * writer killed before its rename leaves, are nobody's business. */
#define STATE_GITIGNORE		"*.lock\n*.tmp.*\n"
#define STATE_GITIGNORE_OLD	"*.lock\n"	/* what ftport wrote before */

static void
state_gitignore(const char *dir)
{
	const char *base = strrchr(dir, '/');
	char *path, *cause = NULL, *text = NULL;
	bool write;

	if (strcmp(base != NULL ? base + 1 : dir, ".ftport") != 0)
		return;
	path = xprintf("%s/.gitignore", dir);
	if (read_file(path, 4096, &text, NULL, &cause) == 0)
		write = strcmp(text, STATE_GITIGNORE_OLD) == 0;	/* people's own: theirs */
	else
		write = access(path, F_OK) == -1 && errno == ENOENT;
	free(cause);
	cause = NULL;
	if (write && keepfile_write(path, STATE_GITIGNORE, strlen(STATE_GITIGNORE),
	    &cause) != 0) {
		log_debug("%s", cause);
		free(cause);
	}
	free(text);
	free(path);
}

typedef void (*state_change_fn)(json_t *entry, const void *arg);

/* Lock, re-read, change one package's entry (pkg NULL: the root object), write,
 * unlock. */
static int
state_change(const char *path, const char *pkg, state_change_fn change, const void *arg,
    struct state **fresh, char **cause)
{
	struct state *s = NULL;
	json_t *pkgs, *entry;
	char *dir = state_dir(path), *target;
	int fd, rc = -1;

	if (fresh != NULL)
		*fresh = NULL;
	if (mkdir_p(dir, cause) != 0) {
		free(dir);
		return -1;
	}
	state_gitignore(dir);
	free(dir);
	/* Locked beside the file a symbolic link names: two links to one state share a
	 * lock. A link to nothing is refused here, before anything is written. */
	if ((target = keepfile_target(path, cause)) == NULL)
		return -1;
	fd = state_lock(target, cause);
	free(target);
	if (fd == -1)
		return -1;
	if (state_load(path, &s, cause) != 0)
		goto out;
	pkgs = state_packages(s);
	if (pkg == NULL)
		change(s->root, arg);	/* the file's own keys, not a package's */
	else {
		if ((entry = json_object_get(pkgs, pkg)) == NULL) {
			entry = json_object();
			json_object_set_new(pkgs, pkg, entry);
		}
		change(entry, arg);
		if (json_object_size(entry) == 0)
			json_object_del(pkgs, pkg);
	}
	if (state_write(s, cause) != 0)
		goto out;
	rc = 0;
	if (fresh != NULL) {
		*fresh = s;
		s = NULL;
	}
out:
	state_free(s);
	close(fd);	/* releases the lock */
	return rc;
}

struct state_field {
	const char	*field;
	const char	*value;
};

static void
state_change_field(json_t *entry, const void *arg)
{
	const struct state_field *f = arg;

	if (f->value == NULL || *f->value == '\0')
		json_object_del(entry, f->field);
	else
		json_object_set_new(entry, f->field, json_string(f->value));
}

int
state_set(const char *path, const char *pkg, const char *field, const char *value,
    struct state **fresh, char **cause)
{
	struct state_field f = { field, value };

	if (state_check_value(field, value, cause) != 0)
		return -1;
	return state_change(path, pkg, state_change_field, &f, fresh, cause);
}

/* A checklist path the state may name: relative, inside the project (no ".." part),
 * a Markdown file. The file is committed and anyone can change it: it must never
 * send `e` to write somewhere else. */
static bool
state_checklist_ok(const char *file)
{
	size_t n = strlen(file);

	if (n == 0 || n > 1024 || file[0] == '/' || !str_ends_with(file, ".md"))
		return false;
	for (const char *p = file; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\')
			return false;
	for (const char *p = file; *p != '\0';) {
		size_t len = strcspn(p, "/");

		if (len == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += len;
		if (*p == '/')
			p++;
	}
	return true;
}

const char *
state_get_checklist(const struct state *s)
{
	const char *file;

	if (s == NULL || (file = json_string_value(json_object_get(s->root,
	    STATE_CHECKLIST))) == NULL || !state_checklist_ok(file))
		return NULL;
	return file;
}

static void
state_change_checklist(json_t *root, const void *arg)
{
	json_object_set_new(root, STATE_CHECKLIST, json_string((const char *)arg));
}

int
state_set_checklist(const char *path, const char *file, char **cause)
{
	if (!state_checklist_ok(file)) {
		*cause = xprintf("%s: not a Markdown file inside the project", file);
		return -1;
	}
	return state_change(path, NULL, state_change_checklist, file, NULL, cause);
}

char *
state_log_excerpt(const char *log, size_t lines)
{
	char *text, *cause = NULL, *out;
	const char *start;
	size_t len, seen = 0;

	if (log == NULL || read_file(log, 4 * 1024 * 1024, &text, &len, &cause) != 0) {
		free(cause);
		return NULL;
	}
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	start = text + len;
	while (start > text && seen < lines) {
		start--;
		if (*start == '\n' && ++seen == lines) {
			start++;
			break;
		}
	}
	if (text + len - start > 2048)
		start = text + len - 2048;
	out = sanitize_buf(start, (size_t)(text + len - start), SANITIZE_KEEP_NEWLINES);
	free(text);
	return out;
}

struct state_test_arg {
	const struct test_result	*r;
};

static void
state_change_test(json_t *entry, const void *arg)
{
	const struct test_result *r = ((const struct state_test_arg *)arg)->r;
	json_t *o = testresult_to_json(r);
	char *excerpt = state_log_excerpt(r->log, 15);

	/* The log is a file in this machine's cache: the team gets its last lines. */
	json_object_del(o, "log");
	if (excerpt != NULL && *excerpt != '\0')
		json_object_set_new(o, "log_excerpt", json_string(excerpt));
	free(excerpt);
	json_object_set_new(entry, "last_test", o);
}

int
state_set_test(const char *path, const struct test_result *r, struct state **fresh,
    char **cause)
{
	struct state_test_arg a = { r };

	return state_change(path, r->name, state_change_test, &a, fresh, cause);
}
