/* gitscan.c: walks a commit's tree straight from the object database (no checkout),
 * feeding the blobs whose names can hold a declaration to scanpat.c. The tag's tree
 * mostly shares blobs with the default branch's: blobs already read without a finding
 * are not read again, so the second walk costs little more than reading trees. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>

#include "cache.h"
#include "gitrelease.h"
#include "gitscan.h"
#include "pep440.h"
#include "sanitize.h"
#include "strbuf.h"
#include "treeprobe.h"
#include "url.h"
#include "util.h"

#define SCAN_CACHE_NS	"scan"
/* Bumped when the patterns change, so cached answers from older rules are not used. */
#define SCAN_RULES	"2"

struct walk {
	git_odb			*odb;
	struct oidset		*seen;
	size_t			 max_file;
	struct scan_finding	*findings;	/* grows; at most SCAN_MAX_FINDINGS kept */
	size_t			 n, alloc, total, optouts;
	unsigned		 read, binary, large;
	const char		*root;		/* of the blob being matched */
	const char		*name;
	int			 error;
};

static int
walk_match(const struct scanpat_match *m, void *arg)
{
	struct walk *w = arg;
	struct scan_finding *f;
	char *path;
	size_t len = m->len;

	if (scanpat_kind_is_optout(m->kind))
		w->optouts++;
	else
		w->total++;
	if (w->n == SCAN_MAX_FINDINGS)
		return 0;
	if (w->n == w->alloc) {
		w->alloc = w->alloc == 0 ? 8 : w->alloc * 2;
		w->findings = xreallocarray(w->findings, w->alloc, sizeof *w->findings);
	}
	f = &w->findings[w->n++];
	f->kind = m->kind;
	f->line = m->line;
	path = xprintf("%s%s", w->root, w->name);
	f->path = sanitize_text(path);
	free(path);
	if (len > 160)
		len = 160;
	f->text = sanitize_buf(m->text, len, 0);
	/* Trim in place: the sanitised copy is ours. */
	{
		char *t = str_trim(f->text);

		memmove(f->text, t, strlen(t) + 1);
	}
	return 0;
}

static int
walk_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct walk *w = payload;
	const git_oid *oid = git_tree_entry_id(e);
	const char *name = git_tree_entry_name(e);
	struct oidslot *seen;
	git_odb_object *obj;
	unsigned classes;
	size_t size;
	git_object_t type;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_tree_entry_filemode(e) == GIT_FILEMODE_LINK ||
	    (classes = scanpat_classes(name)) == 0)
		return 0;
	if ((seen = oidset_find(w->seen, oid)) != NULL && !(seen->flags & SEEN_MATCH))
		return 0;
	/* The header alone (no inflating) says whether the blob is too big to read. */
	if (git_odb_read_header(&size, &type, w->odb, oid) != 0) {
		w->error = -1;
		return -1;
	}
	if (size > w->max_file) {
		w->large++;
		oidset_add(w->seen, oid, 0);
		return 0;
	}
	if (git_odb_read(&obj, w->odb, oid) != 0) {
		w->error = -1;
		return -1;
	}
	w->read++;
	{
		const char *data = git_odb_object_data(obj);
		size_t len = git_odb_object_size(obj);
		size_t before = w->total, obefore = w->optouts;

		if (scanpat_is_binary(data, len))
			w->binary++;
		else {
			w->root = root;
			w->name = name;
			scanpat_find(classes, data, len, walk_match, w);
		}
		if (seen == NULL)
			oidset_add(w->seen, oid, (w->total > before ? SEEN_MATCH | SEEN_SUPPORT : 0) |
			    (w->optouts > obefore ? SEEN_MATCH : 0));
	}
	git_odb_object_free(obj);
	return 0;
}

static void
findings_free(struct scan_finding *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].path);
		free(f[i].text);
	}
	free(f);
}

/* A directory being walked: its tree, the next entry, where its path ends in the
 * path buffer. */
struct walk_frame {
	git_tree	*tree;
	size_t		 next;
	size_t		 rootlen;
};

/* Walks the tree in pre-order as git_tree_walk does, but with a stack of our own and a
 * depth cap: libgit2's walk recurses once per directory, and a hostile repository's
 * 100,000 nested directories overflowed the C stack (SIGSEGV). 1: deeper than the cap
 * (*cause says so); -1: libgit2 failed. */
static int
walk_tree(git_repository *repo, git_tree *top, struct walk *w, char **cause)
{
	struct walk_frame *stack = xreallocarray(NULL, SCAN_MAX_DEPTH + 1, sizeof *stack);
	struct strbuf root = STRBUF_INIT;
	size_t depth = 0;
	int rc = 0;

	strbuf_addstr(&root, "");
	stack[0] = (struct walk_frame){ top, 0, 0 };
	while (rc == 0) {
		struct walk_frame *f = &stack[depth];
		const git_tree_entry *e;
		git_tree *sub = NULL;

		if (f->next == git_tree_entrycount(f->tree)) {
			if (depth == 0)
				break;
			git_tree_free(f->tree);
			depth--;
			root.len = stack[depth].rootlen;
			root.buf[root.len] = '\0';
			continue;
		}
		e = git_tree_entry_byindex(f->tree, f->next++);
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
			rc = walk_entry(root.buf, e, w) != 0 ? -1 : 0;
			continue;
		}
		if (depth == SCAN_MAX_DEPTH) {
			char *at = sanitize_buf(root.buf, root.len < 120 ? root.len : 120, 0);

			*cause = xprintf("the tree is deeper than %d directories (at %s...): not "
			    "scanned", SCAN_MAX_DEPTH, at);
			free(at);
			rc = 1;
		} else if (git_tree_lookup(&sub, repo, git_tree_entry_id(e)) != 0)
			rc = -1;
		else {
			strbuf_addf(&root, "%s/", git_tree_entry_name(e));
			stack[++depth] = (struct walk_frame){ sub, 0, root.len };
		}
	}
	for (; depth > 0; depth--)
		git_tree_free(stack[depth].tree);
	free(stack);
	strbuf_release(&root);
	return rc;
}

/* Walks commit's tree; the findings go to *out. */
static int
scan_tree(git_repository *repo, git_odb *odb, struct oidset *seen, size_t max_file,
    const git_commit *commit, struct walk *out, char **cause)
{
	git_tree *tree = NULL;
	const git_error *e;
	int rc = -1;

	memset(out, 0, sizeof *out);
	out->odb = odb;
	out->seen = seen;
	out->max_file = max_file;
	if (git_commit_tree(&tree, commit) == 0 &&
	    (rc = walk_tree(repo, tree, out, cause)) == 0 && out->error == 0) {
		git_tree_free(tree);
		return 0;
	}
	git_tree_free(tree);
	e = git_error_last();
	if (rc != 1)
		*cause = xprintf("cannot read the tree of %s: %s",
		    git_oid_tostr_s(git_commit_id(commit)),
		    e != NULL && e->message != NULL ? e->message : "damaged repository");
	findings_free(out->findings, out->n);
	out->findings = NULL;
	out->n = 0;
	return -1;
}

void
scan_tag_names(const char *name, const char *version, struct strlist *out)
{
	struct strlist names = STRLIST_INIT;

	strlist_push_owned(out, xprintf("v%s", version));
	strlist_push(out, version);
	strlist_push_owned(out, xprintf("release-%s", version));
	if (name == NULL || name[0] == '\0')
		return;
	strlist_push(&names, name);
	{
		char *norm = name_normalize(name);

		if (!strlist_contains(&names, norm))
			strlist_push(&names, norm);
		for (char *p = norm; *p != '\0'; p++)
			if (*p == '-')
				*p = '_';
		if (!strlist_contains(&names, norm))
			strlist_push(&names, norm);
		free(norm);
	}
	for (size_t i = 0; i < names.n; i++) {
		char *a = xprintf("%s-%s", names.v[i], version);
		char *b = xprintf("%s-v%s", names.v[i], version);

		if (!strlist_contains(out, a))
			strlist_push(out, a);
		if (!strlist_contains(out, b))
			strlist_push(out, b);
		free(a);
		free(b);
	}
	strlist_clear(&names);
}

/* The installed version's tag, peeled to its commit; NULL tag when none exists. */
static int
find_tag(git_repository *repo, const char *name, const char *version, char **tag,
    git_commit **commit)
{
	struct strlist cands = STRLIST_INIT;

	*tag = NULL;
	*commit = NULL;
	scan_tag_names(name, version, &cands);
	for (size_t i = 0; i < cands.n && *tag == NULL; i++) {
		char *ref = xprintf("refs/tags/%s", cands.v[i]);
		git_reference *r = NULL;
		git_object *obj = NULL;

		if (git_reference_lookup(&r, repo, ref) == 0 &&
		    git_reference_peel(&obj, r, GIT_OBJECT_COMMIT) == 0) {
			*tag = xstrdup(cands.v[i]);
			*commit = (git_commit *)obj;
		}
		git_reference_free(r);
		free(ref);
	}
	strlist_clear(&cands);
	return 0;
}

const char *
scan_state_name(enum scan_state s)
{
	static const char *names[] = { "empty", "none", "released", "unreleased", "no-tag",
	    "removed", "released-later", "gil-used" };

	return (size_t)s < nitems(names) ? names[s] : "?";
}

static int
state_from_name(const char *s)
{
	for (int i = SCAN_EMPTY; i <= SCAN_GIL_USED; i++)
		if (strcmp(scan_state_name((enum scan_state)i), s) == 0)
			return i;
	return -1;
}

static json_t *
findings_json(const struct scan_finding *f, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:s}",
		    "kind", scanpat_kind_name(f[i].kind), "path", f[i].path,
		    "line", (json_int_t)f[i].line, "text", f[i].text));
	return a;
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

json_t *
scan_result_json(const struct scan_result *r)
{
	json_t *j = json_object(), *intro = json_null();

	json_object_set_new(j, "url", json_string(r->url));
	json_object_set_new(j, "name", str_or_null(r->name));
	json_object_set_new(j, "state", json_string(scan_state_name(r->state)));
	json_object_set_new(j, "branch", str_or_null(r->branch));
	json_object_set_new(j, "head", str_or_null(r->head));
	json_object_set_new(j, "findings", findings_json(r->findings, r->nfindings));
	json_object_set_new(j, "findings_total", json_integer((json_int_t)r->findings_total));
	json_object_set_new(j, "optouts_total", json_integer((json_int_t)r->optouts_total));
	json_object_set_new(j, "tag", str_or_null(r->tag));
	json_object_set_new(j, "tag_commit", str_or_null(r->tag_commit));
	json_object_set_new(j, "tag_findings", findings_json(r->tag_findings,
	    r->ntag_findings));
	json_object_set_new(j, "tag_findings_total",
	    json_integer((json_int_t)r->tag_findings_total));
	if (r->intro[0] != '\0')
		intro = json_pack("{s:s, s:s, s:I}", "commit", r->intro, "summary",
		    r->intro_summary != NULL ? r->intro_summary : "", "time",
		    (json_int_t)r->intro_time);
	json_object_set_new(j, "introduced", intro);
	json_object_set_new(j, "released_in", r->release_tag == NULL ? json_null() :
	    json_pack("{s:s, s:s, s:s}", "tag", r->release_tag, "version", r->release_version,
	    "commit", r->release_commit));
	json_object_set_new(j, "latest_release", r->latest_tag == NULL ? json_null() :
	    json_pack("{s:s, s:s}", "tag", r->latest_tag, "version", r->latest_version));
	json_object_set_new(j, "files_read", json_integer(r->files_read));
	json_object_set_new(j, "skipped_binary", json_integer(r->skipped_binary));
	json_object_set_new(j, "skipped_large", json_integer(r->skipped_large));
	return j;
}

static char *
json_str_dup(const json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));

	return s != NULL ? xstrdup(s) : NULL;
}

static void
json_fixed(const json_t *j, const char *key, char *out, size_t size)
{
	const char *s = json_string_value(json_object_get(j, key));

	snprintf(out, size, "%s", s != NULL ? s : "");
}

static void
json_hex(const json_t *j, const char *key, char out[41])
{
	json_fixed(j, key, out, 41);
}

static int
findings_from_json(const json_t *a, struct scan_finding **out, size_t *n)
{
	size_t i;
	json_t *v;

	*out = NULL;
	*n = 0;
	if (!json_is_array(a))
		return -1;
	if (json_array_size(a) == 0)
		return 0;
	*out = xcalloc(json_array_size(a), sizeof **out);
	json_array_foreach(a, i, v) {
		const char *kind = json_string_value(json_object_get(v, "kind"));
		const char *path = json_string_value(json_object_get(v, "path"));
		const char *text = json_string_value(json_object_get(v, "text"));
		json_int_t line = json_integer_value(json_object_get(v, "line"));
		int k = kind != NULL ? scanpat_kind_from_name(kind) : -1;

		if (k < 0 || path == NULL || text == NULL || line <= 0)
			return -1;
		(*out)[i].kind = (enum scanpat_kind)k;
		(*out)[i].path = xstrdup(path);
		(*out)[i].text = xstrdup(text);
		(*out)[i].line = (unsigned)line;
		(*n)++;
	}
	return 0;
}

struct scan_result *
scan_result_from_json(const json_t *j)
{
	struct scan_result *r = xcalloc(1, sizeof *r);
	const char *state = json_string_value(json_object_get(j, "state"));
	const json_t *intro = json_object_get(j, "introduced");
	const json_t *rel = json_object_get(j, "released_in");
	const json_t *latest = json_object_get(j, "latest_release");
	int st;

	r->url = json_str_dup(j, "url");
	if (r->url == NULL || state == NULL || (st = state_from_name(state)) < 0 ||
	    findings_from_json(json_object_get(j, "findings"), &r->findings,
	    &r->nfindings) != 0 ||
	    findings_from_json(json_object_get(j, "tag_findings"), &r->tag_findings,
	    &r->ntag_findings) != 0) {
		scan_result_free(r);
		return NULL;
	}
	r->state = (enum scan_state)st;
	r->name = json_str_dup(j, "name");
	r->branch = json_str_dup(j, "branch");
	r->optouts_total = (size_t)json_integer_value(json_object_get(j, "optouts_total"));
	if (json_is_object(rel)) {
		r->release_tag = json_str_dup(rel, "tag");
		json_fixed(rel, "version", r->release_version, sizeof r->release_version);
		json_hex(rel, "commit", r->release_commit);
	}
	if (json_is_object(latest)) {
		r->latest_tag = json_str_dup(latest, "tag");
		json_fixed(latest, "version", r->latest_version, sizeof r->latest_version);
	}
	if (r->state == SCAN_UPGRADE && r->release_tag == NULL) {
		scan_result_free(r);
		return NULL;
	}
	json_hex(j, "head", r->head);
	r->tag = json_str_dup(j, "tag");
	json_hex(j, "tag_commit", r->tag_commit);
	r->findings_total = (size_t)json_integer_value(json_object_get(j, "findings_total"));
	r->tag_findings_total = (size_t)json_integer_value(json_object_get(j,
	    "tag_findings_total"));
	if (json_is_object(intro)) {
		json_hex(intro, "commit", r->intro);
		r->intro_summary = json_str_dup(intro, "summary");
		r->intro_time = json_integer_value(json_object_get(intro, "time"));
	}
	r->files_read = (unsigned)json_integer_value(json_object_get(j, "files_read"));
	r->skipped_binary = (unsigned)json_integer_value(json_object_get(j, "skipped_binary"));
	r->skipped_large = (unsigned)json_integer_value(json_object_get(j, "skipped_large"));
	return r;
}

void
scan_result_free(struct scan_result *r)
{
	if (r == NULL)
		return;
	free(r->url);
	free(r->name);
	free(r->release_tag);
	free(r->latest_tag);
	free(r->branch);
	findings_free(r->findings, r->nfindings);
	free(r->tag);
	findings_free(r->tag_findings, r->ntag_findings);
	free(r->intro_summary);
	free(r);
}

const struct scan_finding *
scan_result_optout(const struct scan_result *r)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (scanpat_kind_is_optout(r->findings[i].kind))
			return &r->findings[i];
	return NULL;
}

char *
scan_result_pip(const struct scan_result *r)
{
	char *name, *req, *quoted, *out;

	if (r->name == NULL || r->release_tag == NULL || r->release_version[0] == '\0')
		return NULL;
	name = name_normalize(r->name);
	req = xprintf("%s>=%s", name, r->release_version);
	/* One shell word, as every pasted command (an epoch's '!' in single quotes). */
	quoted = shell_quote(req);
	out = xprintf("pip install %s", quoted);
	free(quoted);
	free(name);
	free(req);
	return out;
}

char *
scan_result_intro(const struct scan_result *r)
{
	char day[16] = "";
	time_t t = (time_t)r->intro_time;
	struct tm tm;

	if (r->intro[0] == '\0')
		return NULL;
	if (gmtime_r(&t, &tm) != NULL)
		strftime(day, sizeof day, "%Y-%m-%d", &tm);
	return xprintf("%.7s %s, %s", r->intro, r->intro_summary != NULL ?
	    r->intro_summary : "", day);
}

static void
add_intro(struct strbuf *sb, const struct scan_result *r)
{
	char *s = scan_result_intro(r);

	if (s != NULL)
		strbuf_addf(sb, " (%s)", s);
	free(s);
}

char *
scan_result_summary(const struct scan_result *r, const char *version)
{
	struct strbuf sb = STRBUF_INIT;
	const char *branch = r->branch != NULL ? r->branch : "the default branch";
	const struct scan_finding *opt;
	char *pip;

	switch (r->state) {
	case SCAN_EMPTY:
		strbuf_addstr(&sb, "the repository has no commits");
		break;
	case SCAN_NONE:
		strbuf_addf(&sb, "no declaration of free-threading support on %s", branch);
		break;
	case SCAN_RELEASED:
		strbuf_addf(&sb, "free-threading support declared in %s (tag %s)",
		    version, r->tag);
		break;
	case SCAN_UPGRADE:
		strbuf_addf(&sb, "support released in %s", r->release_version);
		if ((pip = scan_result_pip(r)) != NULL)
			strbuf_addf(&sb, " (upgrade: %s)", pip);
		else
			strbuf_addf(&sb, " (tag %s)", r->release_tag);
		free(pip);
		break;
	case SCAN_UNRELEASED:
		if (r->latest_tag != NULL)
			strbuf_addf(&sb, "support merged after the latest release %s, not yet "
			    "released", r->latest_version);
		else
			strbuf_addf(&sb, "support merged after %s, not yet released", version);
		add_intro(&sb, r);
		break;
	case SCAN_NO_TAG:
		strbuf_addf(&sb, "support declared on %s", branch);
		if (r->latest_tag != NULL)
			strbuf_addf(&sb, ", in no release (the latest is %s)", r->latest_version);
		strbuf_addf(&sb, "; no tag found for %s",
		    version != NULL ? version : "the installed version");
		add_intro(&sb, r);
		break;
	case SCAN_REMOVED:
		strbuf_addf(&sb, "support declared in %s (tag %s), no longer on %s", version,
		    r->tag, branch);
		break;
	case SCAN_GIL_USED:
		strbuf_addstr(&sb, "upstream declares it needs the GIL");
		if ((opt = scan_result_optout(r)) != NULL)
			strbuf_addf(&sb, " (%s:%u)", opt->path, opt->line);
		break;
	}
	return strbuf_detach(&sb, NULL);
}

/* The answer depends on the head, the installed version's tag and every release tag
 * (a new release of an old commit changes it): all of them are in the key. */
static char *
cache_key(const struct scan_opts *o, const char *url, const char *head,
    const char *tag_commit, const struct release *rel, size_t nrel)
{
	struct strbuf sb = STRBUF_INIT;
	char *key;

	for (size_t i = 0; i < nrel; i++)
		strbuf_addf(&sb, "%s %s\n", rel[i].tag, git_oid_tostr_s(&rel[i].commit));
	key = xprintf("scan%s %s %s %s %s %s %zu %016llx", SCAN_RULES, url, head,
	    tag_commit[0] != '\0' ? tag_commit : "-", o->name != NULL ? o->name : "-",
	    o->version != NULL ? o->version : "-", o->max_file,
	    (unsigned long long)str_hash(strbuf_str(&sb)));
	strbuf_release(&sb);
	return key;
}

/* The first release after the installed version whose tree declares support; the
 * newest release either way. A release tag is probed only when it comes after the
 * installed version, and each probe reads only what changed since the last. */
static int
find_release(struct treeprobe *p, const struct release *rel, size_t nrel,
    const char *version, struct scan_result *r)
{
	struct pep440_version inst;

	if (nrel > 0) {
		r->latest_tag = sanitize_text(rel[nrel - 1].tag);
		snprintf(r->latest_version, sizeof r->latest_version, "%s",
		    rel[nrel - 1].version);
	}
	if (version == NULL || pep440_parse(version, &inst) != 0)
		return 0;
	for (size_t i = 0; i < nrel; i++) {
		int has;

		if (pep440_compare(&rel[i].v, &inst) <= 0)
			continue;
		if ((has = treeprobe_commit(p, &rel[i].commit)) < 0)
			return -1;
		if (has) {
			r->release_tag = sanitize_text(rel[i].tag);
			snprintf(r->release_version, sizeof r->release_version, "%s",
			    rel[i].version);
			git_oid_tostr(r->release_commit, sizeof r->release_commit, &rel[i].commit);
			return 1;
		}
	}
	return 0;
}

static void
set_intro(git_repository *repo, const git_oid *id, struct scan_result *r)
{
	git_commit *c;

	if (git_commit_lookup(&c, repo, id) != 0)
		return;
	git_oid_tostr(r->intro, sizeof r->intro, id);
	r->intro_summary = sanitize_text(git_commit_summary(c) != NULL ?
	    git_commit_summary(c) : "");
	r->intro_time = (long long)git_commit_time(c);
	git_commit_free(c);
}

static void
scan_cache_put(const struct scan_opts *o, const char *key, const struct scan_result *r)
{
	json_t *j;
	struct cache_entry e = { 0 };
	char *cause = NULL;

	if (o->cache == NULL)
		return;
	j = scan_result_json(r);
	e.body = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (e.body == NULL)
		fatal("out of memory");
	e.len = strlen(e.body);
	e.fetched = time(NULL);
	e.content_type = (char *)"application/json";
	if (cache_put(o->cache, SCAN_CACHE_NS, key, &e, &cause) != 0) {
		log_debug("scan: not cached: %s", cause);
		free(cause);
	}
	free(e.body);
}

static struct scan_result *
scan_cache_get(const struct scan_opts *o, const char *key)
{
	struct cache_entry e;
	struct scan_result *r = NULL;
	json_t *j;

	if (o->cache == NULL || cache_get(o->cache, SCAN_CACHE_NS, key, &e) != 0)
		return NULL;
	if ((j = json_loadb(e.body, e.len, 0, NULL)) != NULL) {
		r = scan_result_from_json(j);
		json_decref(j);
	}
	cache_entry_clear(&e);
	if (r != NULL)
		r->from_cache = true;
	return r;
}

static const char *
branch_name(git_reference *head)
{
	const char *n = git_reference_name(head);

	return str_starts_with(n, "refs/heads/") ? n + strlen("refs/heads/") : n;
}

/* An unborn HEAD in a repository that has commits elsewhere: HEAD names a branch that
 * does not exist (a default branch renamed or deleted), not an empty repository. No
 * name is given: in a clone, HEAD is libgit2's default when the server's named nothing
 * it could send. */
static bool
head_names_missing_branch(git_repository *repo, char **cause)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	bool has_refs = false;

	if (git_reference_iterator_new(&it, repo) != 0)
		return false;
	while (!has_refs && git_reference_next(&ref, it) == 0) {
		has_refs = git_reference_type(ref) == GIT_REFERENCE_DIRECT;
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	if (has_refs)
		*cause = xstrdup("the repository's HEAD names a branch that does not exist (it "
		    "has other branches or tags): no default branch to scan");
	return has_refs;
}

int
scan_repo(const struct scan_opts *o, struct scan_result **out, char **cause)
{
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	git_reference *headref = NULL;
	git_object *headobj = NULL;
	git_commit *head = NULL, *tagc = NULL;
	struct treeprobe probe;
	struct release *rel = NULL;
	size_t nrel = 0;
	struct scan_result *r = NULL;
	struct walk w;
	char *key = NULL, *tag = NULL, *redacted = url_redact(o->url);
	char *url = sanitize_text(redacted);
	const git_error *e;
	size_t max_file = o->max_file != 0 ? o->max_file : 1024 * 1024;
	int rc = -1, err;

	free(redacted);
	memset(&probe, 0, sizeof probe);
	git_libgit2_init();
	if (git_repository_open_ext(&repo, o->repo, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0 ||
	    git_repository_odb(&odb, repo) != 0)
		goto git_error;
	err = git_repository_head(&headref, repo);
	if (err == GIT_EUNBORNBRANCH && head_names_missing_branch(repo, cause))
		goto fail;
	if (err == GIT_EUNBORNBRANCH || err == GIT_ENOTFOUND) {
		r = xcalloc(1, sizeof *r);
		r->url = url;
		url = NULL;
		r->state = SCAN_EMPTY;
		rc = 0;
		goto out;
	}
	if (err != 0 || git_reference_peel(&headobj, headref, GIT_OBJECT_COMMIT) != 0)
		goto git_error;
	head = (git_commit *)headobj;
	if (o->version != NULL)
		find_tag(repo, o->name, o->version, &tag, &tagc);
	if (release_tags(repo, o->name, &rel, &nrel) != 0)
		goto git_error;
	treeprobe_init(&probe, repo, odb, max_file);

	r = xcalloc(1, sizeof *r);
	git_oid_tostr(r->head, sizeof r->head, git_commit_id(head));
	if (tagc != NULL)
		git_oid_tostr(r->tag_commit, sizeof r->tag_commit, git_commit_id(tagc));
	key = cache_key(o, url, r->head, r->tag_commit, rel, nrel);
	{
		struct scan_result *cached = scan_cache_get(o, key);

		if (cached != NULL) {
			scan_result_free(r);
			r = cached;
			rc = 0;
			goto out;
		}
	}
	r->url = url;
	url = NULL;
	r->name = o->name != NULL ? xstrdup(o->name) : NULL;
	r->branch = sanitize_text(branch_name(headref));
	r->tag = tag;
	tag = NULL;

	if (scan_tree(repo, odb, &probe.blobs, max_file, head, &w, cause) != 0)
		goto fail;
	r->findings = w.findings;
	r->nfindings = w.n;
	r->findings_total = w.total;
	r->optouts_total = w.optouts;
	r->files_read = w.read;
	r->skipped_binary = w.binary;
	r->skipped_large = w.large;
	if (tagc != NULL) {
		if (scan_tree(repo, odb, &probe.blobs, max_file, tagc, &w, cause) != 0)
			goto fail;
		r->tag_findings = w.findings;
		r->ntag_findings = w.n;
		r->tag_findings_total = w.total;
	}
	/* An opt-out on the default branch is the maintainers' word, stronger than a
	 * declaration the installed tag had. */
	if (r->findings_total == 0 && r->optouts_total > 0)
		r->state = SCAN_GIL_USED;
	else if (r->findings_total == 0)
		r->state = r->tag_findings_total > 0 ? SCAN_REMOVED : SCAN_NONE;
	else if (tagc != NULL && r->tag_findings_total > 0)
		r->state = SCAN_RELEASED;
	else {
		int found = find_release(&probe, rel, nrel, o->version, r);

		if (found < 0)
			goto git_error;
		r->state = found ? SCAN_UPGRADE : tagc == NULL ? SCAN_NO_TAG : SCAN_UNRELEASED;
	}
	if (r->state == SCAN_UNRELEASED || r->state == SCAN_NO_TAG || r->state == SCAN_UPGRADE) {
		double deadline = now_ms() + (double)(o->history_ms > 0 ? o->history_ms : 10000);
		git_oid intro;

		if (history_intro(&probe, git_commit_id(head), deadline,
		    o->history != 0 ? o->history : 1000000, &intro) == 1)
			set_intro(repo, &intro, r);
	}
	log_debug("scan: %s: %u blobs and %u trees read for the releases and history",
	    r->url, probe.blobs_read, probe.trees_read);
	scan_cache_put(o, key, r);
	rc = 0;
	goto out;

git_error:
	e = git_error_last();
	*cause = xprintf("cannot read the repository %s: %s",
	    url != NULL ? url : r != NULL && r->url != NULL ? r->url : "?",
	    e != NULL && e->message != NULL ? e->message : "damaged repository");
fail:
	scan_result_free(r);
	r = NULL;
out:
	treeprobe_clear(&probe);
	releases_free(rel, nrel);
	free(key);
	free(tag);
	free(url);
	git_commit_free(tagc);
	git_object_free(headobj);
	git_reference_free(headref);
	git_odb_free(odb);
	git_repository_free(repo);
	git_libgit2_shutdown();
	*out = r;
	return rc;
}
