/* fstree.c: the size of a directory tree, and its removal, without ever following a
 * symbolic link: what is deleted is always below the path given. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fstree.h"
#include "util.h"

/* Adds up (and, with remove, deletes) what is below dir, an open directory, without
 * following symbolic links; closes dir. -1 with errno at the first failure. */
static int
tree_walk(int dirfd, bool remove, unsigned long long *bytes)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *de;
	int rc = 0;

	if (d == NULL) {
		close(dirfd);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		struct stat st;
		int sub;

		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			    O_CLOEXEC);
			if (sub == -1 || tree_walk(sub, remove, bytes) != 0)
				rc = -1;
			else if (remove && unlinkat(dirfd, de->d_name, AT_REMOVEDIR) != 0)
				rc = -1;
			continue;
		}
		if (S_ISREG(st.st_mode))
			*bytes += (unsigned long long)st.st_size;
		if (remove && unlinkat(dirfd, de->d_name, 0) != 0 && errno != ENOENT)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int
fstree_walk(const char *path, bool remove, unsigned long long *bytes, char **cause)
{
	struct stat st;
	int fd;

	/* Not a directory (a file, a link): removed itself, never what a link names. */
	if (lstat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
		if (S_ISREG(st.st_mode))
			*bytes += (unsigned long long)st.st_size;
		if (remove && unlink(path) != 0 && errno != ENOENT) {
			*cause = xprintf("cannot remove %s: %s", path, strerror(errno));
			return -1;
		}
		return 0;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd == -1) {
		if (errno == ENOENT)
			return 0;
		*cause = xprintf("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (tree_walk(fd, remove, bytes) != 0 || (remove && rmdir(path) != 0 && errno != ENOENT)) {
		*cause = xprintf("cannot remove %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
fstree_remove(const char *path, char **cause)
{
	unsigned long long bytes = 0;

	return fstree_walk(path, true, &bytes, cause);
}

void
fstree_remove_quiet(const char *path)
{
	char *cause = NULL;

	if (fstree_remove(path, &cause) != 0)
		log_debug("%s", cause);
	free(cause);
}
