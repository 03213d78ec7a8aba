/* keepfile.c: writing over a file people own through a temporary file and a rename,
 * without turning their symbolic link into a plain file, their mode into 0600 or their
 * read-only file into a writable one, and without leaving a killed writer's temporary
 * files about forever. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keepfile.h"
#include "util.h"

char *
keepfile_target(const char *path, char **cause)
{
	struct stat st;
	char *real;

	if (lstat(path, &st) == -1 || !S_ISLNK(st.st_mode))
		return xstrdup(path);
	if ((real = realpath(path, NULL)) != NULL)
		return real;
	if (errno == ENOENT) {
		char buf[PATH_MAX];
		ssize_t n = readlink(path, buf, sizeof buf - 1);

		buf[n > 0 ? n : 0] = '\0';
		*cause = xprintf("%s is a symbolic link to %s, which does not exist: create it "
		    "or remove the link (nothing was written)", path, buf);
	} else
		*cause = xprintf("%s: %s (nothing was written)", path, strerror(errno));
	return NULL;
}

/* "NAME.tmp.PID" with PID all digits: the PID, else 0. */
static long
keepfile_tmp_pid(const char *entry, const char *base)
{
	size_t n = strlen(base);
	const char *p;
	char *end;
	long pid;

	if (strncmp(entry, base, n) != 0 || strncmp(entry + n, ".tmp.", 5) != 0)
		return 0;
	p = entry + n + 5;
	if (*p < '0' || *p > '9')
		return 0;
	errno = 0;
	pid = strtol(p, &end, 10);
	return *end == '\0' && errno == 0 && pid > 0 ? pid : 0;
}

void
keepfile_clean_tmp(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	const char *base = slash != NULL ? slash + 1 : path;
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL) {
		long pid = keepfile_tmp_pid(e->d_name, base);

		/* Only a writer that is gone: a live one is between its write and rename. */
		if (pid != 0 && pid != (long)getpid() && kill((pid_t)pid, 0) == -1 &&
		    errno == ESRCH) {
			char *tmp = xprintf("%s/%s", dir, e->d_name);

			if (unlink(tmp) == 0)
				log_debug("removed %s, left by a writer that was killed", tmp);
			free(tmp);
		}
	}
	if (d != NULL)
		closedir(d);
	free(dir);
}

int
keepfile_write(const char *path, const void *data, size_t len, char **cause)
{
	char *target, *tmp = NULL;
	const char *p = data;
	struct stat st;
	bool existed;
	int fd = -1;

	if ((target = keepfile_target(path, cause)) == NULL)
		return -1;
	existed = stat(target, &st) == 0;
	if (existed && ((st.st_mode & 0222) == 0 || access(target, W_OK) == -1)) {
		*cause = xprintf("%s is read-only: make it writable (chmod u+w) for ftport to "
		    "update it (it is left as it is)", path);
		free(target);
		return -1;
	}
	keepfile_clean_tmp(target);
	tmp = xprintf("%s.tmp.%ld", target, (long)getpid());
	/* 0666: the umask decides a new file's mode, as for any file people make. */
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) == -1) {
		*cause = xprintf("%s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (existed && fchmod(fd, st.st_mode & 07777) == -1)
		goto fail_errno;
	if (write_all(fd, p, len) == -1)
		goto fail_errno;
	if (fsync(fd) == -1 || close(fd) == -1) {
		fd = -1;
		goto fail_errno;
	}
	fd = -1;
	if (rename(tmp, target) == -1)
		goto fail_errno;
	free(tmp);
	free(target);
	return 0;
fail_errno:
	*cause = xprintf("%s: %s", target, strerror(errno));
fail:
	if (fd != -1)
		close(fd);
	if (tmp != NULL)
		unlink(tmp);
	free(tmp);
	free(target);
	return -1;
}
