/* launch.c: $BROWSER and $EDITOR, started with posix_spawnp on argv vectors. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include "launch.h"
#include "words.h"
#include "util.h"

extern char **environ;

bool
launch_url_ok(const char *u, size_t max)
{
	if (u == NULL || strlen(u) > max)
		return false;
	if (strncasecmp(u, "https://", 8) != 0 && strncasecmp(u, "http://", 7) != 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return false;
	return true;
}

/* cmd split into words as a shell would (quotes kept together: EDITOR='"/opt/My Ed/ed"
 * -w'), never run by one; "%s" words become arg, else arg is appended. An empty cmd
 * leaves argv empty; -1 and *cause for an unbalanced quote. */
static int
launch_argv(const char *cmd, const char *arg, struct strlist *argv, char **cause)
{
	bool placed = false;

	if (strspn(cmd, " \t\n") == strlen(cmd))
		return 0;
	if (words_split(cmd, argv, cause) != 0)
		return -1;
	for (size_t i = 0; i < argv->n; i++) {
		if (strcmp(argv->v[i], "%s") == 0) {
			free(argv->v[i]);
			argv->v[i] = xstrdup(arg);
			placed = true;
		}
	}
	if (!placed)
		strlist_push(argv, arg);
	/* NULL-terminated for exec, not counted. */
	strlist_push_owned(argv, NULL);
	argv->n--;
	return 0;
}

int
launch_browser(const char *url, pid_t *pid, char **cause)
{
	const char *browser = getenv("BROWSER");
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	struct strlist argv = STRLIST_INIT;
	char *first;
	sigset_t none, dfl;
	short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
	int error;

	if (browser == NULL || *browser == '\0')
#ifdef __APPLE__
		browser = "open";
#else
		browser = "xdg-open";
#endif
	first = xstrdup(browser);
	first[strcspn(first, ":")] = '\0';
	if (launch_argv(first, url, &argv, cause) != 0) {
		free(first);
		strlist_clear(&argv);
		return -1;
	}
	free(first);
	if (argv.n == 0) {
		*cause = xstrdup("$BROWSER is empty");
		strlist_clear(&argv);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGHUP);
	sigaddset(&dfl, SIGWINCH);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	/* Its own session: the browser outlives us and never reads our terminal. */
#ifdef POSIX_SPAWN_SETSID
	flags |= POSIX_SPAWN_SETSID;
#else
	flags |= POSIX_SPAWN_SETPGROUP;
	posix_spawnattr_setpgroup(&attr, 0);
#endif
	posix_spawnattr_setflags(&attr, flags);
	error = posix_spawnp(pid, argv.v[0], &fa, &attr, argv.v, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (error != 0)
		*cause = xprintf("cannot run %s: %s (set $BROWSER)", argv.v[0], strerror(error));
	strlist_clear(&argv);
	return error != 0 ? -1 : 0;
}

int
launch_editor(const char *path, char **cause)
{
	const char *editor = getenv("VISUAL");
	struct strlist argv = STRLIST_INIT;
	pid_t pid;
	int error, status;

	if (editor == NULL || *editor == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || *editor == '\0')
		editor = "vi";
	if (launch_argv(editor, path, &argv, cause) != 0) {
		strlist_clear(&argv);
		return -1;
	}
	if (argv.n == 0) {
		*cause = xstrdup("$VISUAL and $EDITOR are empty");
		strlist_clear(&argv);
		return -1;
	}
	error = posix_spawnp(&pid, argv.v[0], NULL, NULL, argv.v, environ);
	if (error != 0) {
		*cause = xprintf("cannot run %s: %s (set $VISUAL or $EDITOR)", argv.v[0],
		    strerror(error));
		strlist_clear(&argv);
		return -1;
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			*cause = xprintf("waiting for %s: %s", argv.v[0], strerror(errno));
			strlist_clear(&argv);
			return -1;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		*cause = xprintf("%s exited with status %d", argv.v[0],
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		strlist_clear(&argv);
		return -1;
	}
	strlist_clear(&argv);
	return 0;
}
