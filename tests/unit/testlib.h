/* testlib.h: what the unit tests share: temporary directories, files written for a
 * test, and environment variables put back after the test that changed them. */
#ifndef FTPORT_TESTLIB_H
#define FTPORT_TESTLIB_H

#include <stddef.h>
#include <sys/types.h>

/* A new empty directory $TMPDIR/ftport-WHAT-XXXXXX (/tmp without TMPDIR). The test
 * fails if it cannot be made. */
char	*tl_tmpdir(const char *what);

/* Group setup and teardown for a file whose tests share one temporary directory,
 * tl_root, removed with all it holds after the last test. */
extern char *tl_root;
int	 tl_root_setup(void **state);
int	 tl_root_teardown(void **state);

/* Removes path and everything below it without following symbolic links; directories
 * a test made unreadable are made readable first. */
void	 tl_rm_rf(const char *path);

/* Writes len bytes to path (its missing parent directories are made) and gives it
 * exactly mode, whatever the umask: some tests run what they write. Any error fails
 * the test. */
void	 tl_write_file(const char *path, const void *data, size_t len, mode_t mode);
void	 tl_write_text(const char *path, const char *text, mode_t mode);

/* Environment variables a test changes: tl_env_save notes the values of names (a
 * NULL-terminated list, at most TL_ENV_MAX), tl_env_restore sets or unsets each
 * variable as it was. */
#define TL_ENV_MAX 8
struct tl_env {
	size_t	 n;
	char	*name[TL_ENV_MAX];
	char	*value[TL_ENV_MAX];
};
void	 tl_env_save(struct tl_env *saved, const char *const *names);
void	 tl_env_restore(struct tl_env *saved);

#endif
