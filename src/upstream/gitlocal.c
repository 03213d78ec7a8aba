/* gitlocal.c: see gitlocal.h. Only packs are taken, with their indexes: a pack's index
 * says what it holds, so the object database reads it as it is; loose objects (a few,
 * the newest) come through the fetch, which reads and checks each. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "gitlocal.h"
#include "util.h"

/* %XX in a file:// URL's path. */
static char *
path_decode(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s != '\0'; s++) {
		unsigned v;

		if (*s == '%' && sscanf(s + 1, "%2x", &v) == 1 && v != 0) {
			*o++ = (char)v;
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
	return out;
}

char *
gitlocal_gitdir(const char *url)
{
	git_repository *repo = NULL;
	char *path, *gitdir = NULL;

	if (str_starts_with(url, "file://")) {
		const char *p = url + strlen("file://");

		if (str_starts_with(p, "localhost/"))
			p += strlen("localhost");
		if (*p != '/')
			return NULL;	/* file://host/...: not this machine */
		path = path_decode(p);
	} else if (strstr(url, "://") == NULL && (url[0] == '/' || url[0] == '.'))
		path = xstrdup(url);
	else
		return NULL;	/* host:path is ssh */
	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0)
		gitdir = xstrdup(git_repository_commondir(repo));
	git_repository_free(repo);
	free(path);
	return gitdir;
}

/* Copies src to dst, progress as bytes go. Not a hard link: the clone's files would be
 * the source's, and whatever changed one (a repair, a test) would change the other. */
static int
copy_file(const char *src, const char *dst, unsigned long long *done,
    int (*progress)(unsigned long long bytes, void *arg), void *arg)
{
	char buf[1 << 16];
	int in, out, rc = -1;
	ssize_t n;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if ((out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444)) < 0) {
		close(in);
		return -1;
	}
	for (;;) {
		n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n == 0 ? 0 : -1;
			break;
		}
		for (ssize_t off = 0; off < n; ) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				goto out;
			off += w;
		}
		*done += (unsigned long long)n;
		if (progress != NULL && progress(*done, arg) != 0) {
			rc = 1;
			break;
		}
	}
out:
	if (close(out) != 0 && rc == 0)
		rc = -1;
	close(in);
	return rc;
}

int
gitlocal_copy_packs(const char *src, const char *dst, unsigned long long max_bytes,
    int (*progress)(unsigned long long bytes, void *arg), void *arg, char **cause)
{
	char *from = xprintf("%s/objects/pack", src), *to = xprintf("%s/objects/pack", dst);
	struct strlist stems = STRLIST_INIT, made = STRLIST_INIT;
	unsigned long long total = 0, done = 0;
	struct dirent *de;
	DIR *d;
	int rc = -1;

	if ((d = opendir(from)) == NULL) {
		/* No packs (only loose objects): nothing to take. */
		rc = errno == ENOENT ? 0 : -1;
		if (rc != 0)
			*cause = xprintf("cannot read %s: %s", from, strerror(errno));
		goto out;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char *pack, *idx;
		struct stat sp, si;

		if (len < 5 || !str_starts_with(de->d_name, "pack-") ||
		    strcmp(de->d_name + len - 5, ".pack") != 0)
			continue;
		pack = xprintf("%s/%s", from, de->d_name);
		idx = xprintf("%s/%.*s.idx", from, (int)(len - 5), de->d_name);
		if (stat(pack, &sp) == 0 && stat(idx, &si) == 0 && S_ISREG(sp.st_mode) &&
		    S_ISREG(si.st_mode)) {
			strlist_push_owned(&stems, xprintf("%.*s", (int)(len - 5), de->d_name));
			total += (unsigned long long)(sp.st_size + si.st_size);
		}
		free(pack);
		free(idx);
	}
	closedir(d);
	if (max_bytes > 0 && total > max_bytes) {
		rc = 1;
		goto out;
	}
	for (size_t i = 0; i < stems.n; i++) {
		/* The pack before its index: a pack without one is not read. */
		static const char *ext[] = { ".pack", ".idx" };

		for (size_t e = 0; e < nitems(ext); e++) {
			char *s = xprintf("%s/%s%s", from, stems.v[i], ext[e]);
			char *t = xprintf("%s/%s%s", to, stems.v[i], ext[e]);
			int r = copy_file(s, t, &done, progress, arg);

			free(s);
			if (r != 0) {
				if (r < 0)
					*cause = xprintf("cannot copy %s%s: %s", stems.v[i], ext[e],
					    strerror(errno));
				else
					*cause = xstrdup("stopped");
				unlink(t);
				free(t);
				goto undo;
			}
			strlist_push_owned(&made, t);
		}
	}
	rc = 0;
	goto out;
undo:
	for (size_t i = made.n; i-- > 0; )
		unlink(made.v[i]);
out:
	strlist_clear(&stems);
	strlist_clear(&made);
	free(from);
	free(to);
	return rc;
}
