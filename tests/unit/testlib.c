/* testlib.c: helpers the cmocka unit tests link from libtestlib.a (testlib.h). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testlib.h"
#include "util.h"

char *
tl_tmpdir(const char *what)
{
	const char *t = getenv("TMPDIR");
	char *dir = xprintf("%s/ftport-%s-XXXXXX", t != NULL && *t != '\0' ? t : "/tmp", what);

	if (mkdtemp(dir) == NULL)
		fail_msg("mkdtemp %s: %s", dir, strerror(errno));
	return dir;
}

char *tl_root;

int
tl_root_setup(void **state)
{
	tl_root = tl_tmpdir("test");
	return 0;
}

int
tl_root_teardown(void **state)
{
	tl_rm_rf(tl_root);
	free(tl_root);
	tl_root = NULL;
	return 0;
}

void
tl_rm_rf(const char *path)
{
	struct stat st;
	DIR *dp;
	struct dirent *de;

	if (lstat(path, &st) == -1)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	chmod(path, 0700);
	if ((dp = opendir(path)) != NULL) {
		while ((de = readdir(dp)) != NULL) {
			char *sub;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			sub = xprintf("%s/%s", path, de->d_name);
			tl_rm_rf(sub);
			free(sub);
		}
		closedir(dp);
	}
	rmdir(path);
}

void
tl_write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *cause = NULL;
	int fd;

	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir_p(dir, &cause) != 0)
			fail_msg("%s", cause);
	}
	free(dir);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)) == -1)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

void
tl_write_text(const char *path, const char *text, mode_t mode)
{
	tl_write_file(path, text, strlen(text), mode);
}

void
tl_env_save(struct tl_env *saved, const char *const *names)
{
	memset(saved, 0, sizeof *saved);
	for (; *names != NULL; names++) {
		const char *v = getenv(*names);

		assert_true(saved->n < TL_ENV_MAX);
		saved->name[saved->n] = xstrdup(*names);
		saved->value[saved->n] = v != NULL ? xstrdup(v) : NULL;
		saved->n++;
	}
}

void
tl_env_restore(struct tl_env *saved)
{
	for (size_t i = 0; i < saved->n; i++) {
		if (saved->value[i] != NULL)
			setenv(saved->name[i], saved->value[i], 1);
		else
			unsetenv(saved->name[i]);
		free(saved->name[i]);
		free(saved->value[i]);
	}
	saved->n = 0;
}
