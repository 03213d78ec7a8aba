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

/* cmd split on blanks into argv; "%s" words become arg, else arg is appended. */
static void
launch_argv(const char *cmd, const char *arg, struct strlist *argv)
{
	char *list = xstrdup(cmd), *word, *save = NULL;
	bool placed = false;

	for (word = strtok_r(list, " \t", &save); word != NULL;
	    word = strtok_r(NULL, " \t", &save)) {
		if (strcmp(word, "%s") == 0) {
			strlist_push(argv, arg);
			placed = true;
		} else
			strlist_push(argv, word);
	}
	free(list);
	if (argv->n != 0 && !placed)
		strlist_push(argv, arg);
	/* NULL-terminated for exec, not counted. */
	strlist_push_owned(argv, NULL);
	argv->n--;
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
	launch_argv(first, url, &argv);
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
	launch_argv(editor, path, &argv);
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
