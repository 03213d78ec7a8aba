/* gitclone.c: bare clones in the cache. A new clone is made in a temporary directory
 * and renamed into place, so an interrupted clone never looks like a finished one.
 * libgit2 1.5 cannot fetch shallow (git_fetch_options.depth came in 1.7): every clone
 * is whole, which is what the size guard is for. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "fstree.h"
#include "gitclone.h"
#include "gitlocal.h"
#include "strbuf.h"
#include "url.h"
#include "util.h"

char *
gitclone_path(const char *cache_dir, const char *url)
{
	char *clean = url_redact(url);
	const char *p = strstr(clean, "://");
	struct strbuf sb = STRBUF_INIT;
	size_t start;

	strbuf_addf(&sb, "%s/git/", cache_dir);
	start = sb.len;
	for (p = p != NULL ? p + 3 : clean; *p != '\0' && sb.len - start < 80; p++) {
		int c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == '_')
			strbuf_addch(&sb, c);
		else if (sb.len > start && sb.buf[sb.len - 1] != '_')
			strbuf_addch(&sb, '_');
	}
	/* The readable part may collide (a/b_c and a_b/c); the hash of the whole URL
	 * does not. */
	strbuf_addf(&sb, "-%016llx.git", (unsigned long long)str_hash(clean));
	free(clean);
	return strbuf_detach(&sb, NULL);
}

struct clone_state {
	const struct gitclone_opts	*o;
	struct gitclone_progress	 last;
	bool				 too_big;
	bool				 stopped;
	bool				 damaged;	/* the local clone, not the network */
	unsigned			 cred_tries;
};

static int
clone_check(struct clone_state *st)
{
	if (st->o->max_bytes > 0 && st->last.received_bytes > st->o->max_bytes) {
		st->too_big = true;
		return -1;
	}
	if (st->o->progress != NULL && st->o->progress(&st->last, st->o->arg) != 0) {
		st->stopped = true;
		return -1;
	}
	return 0;
}

static int
cb_transfer(const git_indexer_progress *stats, void *payload)
{
	struct clone_state *st = payload;

	st->last.received_objects = stats->received_objects;
	st->last.total_objects = stats->total_objects;
	st->last.indexed_objects = stats->indexed_objects;
	st->last.received_bytes = stats->received_bytes;
	return clone_check(st);
}

/* The server's own messages ("Counting objects") come while nothing is received:
 * a chance to stop a transfer that is taking too long. */
static int
cb_sideband(const char *str, int len, void *payload)
{
	(void)str;
	(void)len;
	return clone_check(payload);
}

/* One try with the SSH agent; after that libgit2 would ask again forever. */
static int
cb_credentials(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *payload)
{
	struct clone_state *st = payload;

	(void)url;
	if (st->cred_tries++ > 0 || (allowed & GIT_CREDENTIAL_SSH_KEY) == 0)
		return GIT_PASSTHROUGH;
	return git_credential_ssh_key_from_agent(out, user != NULL ? user : "git");
}

static char *
clone_cause(const struct clone_state *st, const char *url, const char *what)
{
	const git_error *e = git_error_last();
	char *clean = url_redact(url), *cause;

	if (st->too_big)
		cause = xprintf("%s is larger than %llu MB (the limit; --max-repo-mb raises it)",
		    clean, st->o->max_bytes / (1024 * 1024));
	else if (st->stopped)
		cause = xstrdup("stopped");
	else
		cause = xprintf("cannot %s %s: %s", what, clean,
		    e != NULL && e->message != NULL ? e->message : "unknown libgit2 error");
	free(clean);
	return cause;
}

static int
head_cmp(const void *a, const void *b)
{
	const git_remote_head *x = *(const git_remote_head *const *)a;
	const git_remote_head *y = *(const git_remote_head *const *)b;

	return strcmp(x->name, y->name);
}

/* A fresh clone's branches and tags, as the remote advertised them, written at once as
 * one packed-refs file (git clone does the same). libgit2's update_tips would make each
 * a file of its own: for 300 tags, most of a clone's CPU went to creating them (ext4's
 * inode allocation). Written once the download has brought the objects they name;
 * update_tips then leaves alone the refs that already hold their value. */
static void
clone_packed_refs(git_repository *repo, git_remote *remote)
{
	const git_remote_head **heads, **sorted;
	size_t n, kept = 0;
	struct strbuf sb = STRBUF_INIT;
	char *path, *cause = NULL;

	if (git_remote_ls(&heads, &n, remote) != 0 || n == 0)
		return;
	sorted = xcalloc(n, sizeof *sorted);
	for (size_t i = 0; i < n; i++)
		if ((str_starts_with(heads[i]->name, "refs/heads/") ||
		    str_starts_with(heads[i]->name, "refs/tags/")) &&
		    !str_ends_with(heads[i]->name, "^{}") &&
		    strpbrk(heads[i]->name, " \n\r") == NULL)
			sorted[kept++] = heads[i];
	qsort(sorted, kept, sizeof *sorted, head_cmp);
	for (size_t i = 0; i < kept; i++)
		strbuf_addf(&sb, "%s %s\n", git_oid_tostr_s(&sorted[i]->oid), sorted[i]->name);
	path = xprintf("%spacked-refs", git_repository_path(repo));
	if (kept > 0 && write_file_atomic(path, sb.buf, sb.len, &cause) != 0) {
		/* update_tips writes them one by one instead. */
		log_debug("git: %s", cause);
		free(cause);
	}
	free(path);
	free(sorted);
	strbuf_release(&sb);
}

/* Fetches every branch and tag into repo's "origin" and points HEAD at the remote's
 * default branch (left alone when the remote is empty). fresh: repo was just made. */
static int
clone_fetch(git_repository *repo, struct clone_state *st, const char *what, bool fresh,
    char **cause)
{
	const struct gitclone_opts *o = st->o;
	git_remote *remote = NULL;
	git_remote_callbacks cbs;
	git_fetch_options fo;
	git_buf head = { 0 };
	int rc = -1, err;

	git_remote_init_callbacks(&cbs, GIT_REMOTE_CALLBACKS_VERSION);
	cbs.transfer_progress = cb_transfer;
	cbs.sideband_progress = cb_sideband;
	cbs.credentials = cb_credentials;
	cbs.payload = st;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.callbacks = cbs;
	fo.prune = GIT_FETCH_PRUNE;
	fo.update_fetchhead = 0;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
	fo.proxy_opts.type = GIT_PROXY_AUTO;

	/* Not git_remote_delete: libgit2 1.5 leaks in its config glob iterator. */
	if (git_remote_lookup(&remote, repo, "origin") == 0 &&
	    strcmp(git_remote_url(remote), o->url) != 0) {
		git_remote_free(remote);
		remote = NULL;
		if (git_remote_set_url(repo, "origin", o->url) != 0 ||
		    git_remote_lookup(&remote, repo, "origin") != 0)
			goto out;
	} else if (remote == NULL && git_remote_create_with_fetchspec(&remote, repo, "origin",
	    o->url, "+refs/heads/*:refs/heads/*") != 0)
		goto out;
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &cbs, &fo.proxy_opts, NULL) != 0)
		goto out;
	err = git_remote_default_branch(&head, remote);
	if (err != 0 && err != GIT_ENOTFOUND)
		goto out;
	if (git_remote_download(remote, NULL, &fo) != 0)
		goto out;
	/* After the download: before it, refs naming objects not there yet would be
	 * offered to the server as what the clone has. */
	if (fresh)
		clone_packed_refs(repo, remote);
	if (git_remote_update_tips(remote, &cbs, 0, GIT_REMOTE_DOWNLOAD_TAGS_ALL, NULL) != 0 ||
	    git_remote_prune(remote, &cbs) != 0)
		goto out;
	if (err == 0 && git_repository_set_head(repo, head.ptr) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		const git_error *e = git_error_last();

		st->damaged = !st->too_big && !st->stopped && e != NULL &&
		    (e->klass == GIT_ERROR_ODB || e->klass == GIT_ERROR_ZLIB ||
		    e->klass == GIT_ERROR_OBJECT || e->klass == GIT_ERROR_REFERENCE ||
		    e->klass == GIT_ERROR_REPOSITORY || e->klass == GIT_ERROR_CONFIG);
		*cause = clone_cause(st, o->url, what);
	}
	if (remote != NULL)
		git_remote_disconnect(remote);
	git_buf_dispose(&head);
	git_remote_free(remote);
	return rc;
}

static int
cb_copied(unsigned long long bytes, void *payload)
{
	struct clone_state *st = payload;

	st->last.received_bytes = bytes;
	return clone_check(st);
}

/* A repository on this machine: its packs first (gitlocal.h), so the fetch that
 * follows sends only what they lack. -1 and *cause only when the clone cannot go on
 * (too big, stopped); a copy that fails otherwise leaves the work to the fetch. */
static int
clone_local_packs(struct clone_state *st, const char *tmp, char **cause)
{
	char *src, *why = NULL;
	int rc;

	if (st->o->no_local_copy || (src = gitlocal_gitdir(st->o->url)) == NULL)
		return 0;
	rc = gitlocal_copy_packs(src, tmp, st->o->max_bytes, cb_copied, st, &why);
	free(src);
	if (rc == 1)
		st->too_big = true;
	else if (rc < 0 && why != NULL && strcmp(why, "stopped") == 0)
		st->stopped = true;
	else if (rc < 0)
		log_debug("git: %s; fetching instead", why);
	free(why);
	if (!st->too_big && !st->stopped)
		return 0;
	*cause = clone_cause(st, st->o->url, "clone");
	return -1;
}

static int
clone_fresh(struct clone_state *st, const char *path, char **cause)
{
	static unsigned serial;	/* two clones at once in one process get two names */
	char *tmp = xprintf("%s.tmp-%ld-%u", path, (long)getpid(),
	    __atomic_add_fetch(&serial, 1, __ATOMIC_RELAXED));
	git_repository *repo = NULL;
	int rc = -1;

	fstree_remove_quiet(tmp);
	if (git_repository_init(&repo, tmp, 1) != 0) {
		*cause = clone_cause(st, st->o->url, "make a clone of");
		goto out;
	}
	if (clone_local_packs(st, tmp, cause) != 0)
		goto out;
	if (clone_fetch(repo, st, "clone", true, cause) != 0)
		goto out;
	git_repository_free(repo);
	repo = NULL;
	if (rename(tmp, path) != 0) {
		/* Another ftport finished the same clone first: use that one. */
		if (errno == ENOTEMPTY || errno == EEXIST)
			rc = 0;
		else
			*cause = xprintf("cannot move the clone into %s: %s", path,
			    strerror(errno));
		goto out;
	}
	rc = 0;
out:
	git_repository_free(repo);
	fstree_remove_quiet(tmp);
	free(tmp);
	return rc;
}

int
gitclone_update(const struct gitclone_opts *o, char **path, char **cause)
{
	struct clone_state st = { .o = o };
	git_repository *repo = NULL;
	char *p = gitclone_path(o->cache_dir, o->url), *gitdir = xprintf("%s/git", o->cache_dir);
	struct stat sb;
	int rc = -1;

	if (mkdir_p(gitdir, cause) != 0)
		goto out;
	if (stat(p, &sb) == 0) {
		if (git_repository_open_bare(&repo, p) == 0) {
			rc = clone_fetch(repo, &st, "fetch", false, cause);
			git_repository_free(repo);
			if (rc == 0 || !st.damaged)
				goto out;
			free(*cause);
			*cause = NULL;
		}
		/* Damaged: start again. A network failure keeps the clone for next time. */
		log_debug("git: cloning %s again", p);
		if (fstree_remove(p, cause) != 0) {
			rc = -1;
			goto out;
		}
		st.last = (struct gitclone_progress){ 0 };
		st.cred_tries = 0;
	}
	rc = clone_fresh(&st, p, cause);
out:
	free(gitdir);
	if (rc == 0)
		*path = p;
	else
		free(p);
	return rc;
}
