/* browser.c: open-url: the project's URL handed to $BROWSER (xdg-open, open) as one
 * argument of an argv vector, never through a shell, in its own session. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include "tui.h"
#include "upstream.h"

extern char **environ;

/* Only plain http(s) URLs with no blanks or controls leave the program. */
static bool
url_ok(const char *u)
{
	if (u == NULL || strlen(u) > 2048)
		return false;
	if (strncasecmp(u, "https://", 8) != 0 && strncasecmp(u, "http://", 7) != 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return false;
	return true;
}

static char *
project_url(const struct tui *t, const struct dist *d)
{
	static const char *prefer[] = {
		"source", "source code", "repository", "code", "github", "homepage", "home"
	};

	for (size_t k = 0; k < nitems(prefer); k++) {
		for (size_t i = 0; i < d->project_urls.n; i++) {
			const char *s = d->project_urls.v[i], *comma = strchr(s, ',');
			size_t n;

			if (comma == NULL)
				continue;
			n = (size_t)(comma - s);
			if (strlen(prefer[k]) == n && strncasecmp(s, prefer[k], n) == 0) {
				char *u = xstrdup(comma + 1), *v = str_trim(u), *out;

				out = url_ok(v) ? xstrdup(v) : NULL;
				free(u);
				if (out != NULL)
					return out;
			}
		}
	}
	if (d->home_page != NULL && url_ok(d->home_page))
		return xstrdup(d->home_page);
	for (size_t i = 0; i < d->project_urls.n; i++) {
		const char *comma = strchr(d->project_urls.v[i], ',');
		char *u, *v, *out;

		if (comma == NULL)
			continue;
		u = xstrdup(comma + 1);
		v = str_trim(u);
		out = url_ok(v) ? xstrdup(v) : NULL;
		free(u);
		if (out != NULL)
			return out;
	}
	/* The normalised name is [a-z0-9-] only: safe in a URL. */
	if (t->index != NULL && strstr(index_url(t->index), "pypi.org") != NULL)
		return xprintf("https://pypi.org/project/%s/", d->name);
	return NULL;
}

void
tui_open_url(struct tui *t)
{
	const struct vm_row *r = vm_current(t->vm);
	const char *browser = getenv("BROWSER");
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	struct strlist argv = STRLIST_INIT;
	char *url, *list, *word, *save = NULL;
	bool placed = false;
	sigset_t none, dfl;
	pid_t pid;
	int error;
	short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;

	if (r == NULL || r->node == NULL) {
		tui_message(t, true, "no package here");
		return;
	}
	/* The finding marked in the detail pane (the first one shown), if any. */
	url = NULL;
	if (t->detail && t->detail_finding >= 0 && t->upstreams != NULL &&
	    t->upstreams[r->node->index] != NULL &&
	    (size_t)t->detail_finding < t->upstreams[r->node->index]->nitems) {
		const char *u = t->upstreams[r->node->index]->items[t->detail_finding].url;

		if (!url_ok(u)) {
			tui_message(t, true, "that finding has no http(s) URL to open");
			return;
		}
		url = xstrdup(u);
	}
	if (url == NULL && (url = project_url(t, r->node->dist)) == NULL) {
		tui_message(t, true, "%s has no project URL in its metadata", r->node->dist->name);
		return;
	}
	/* $BROWSER: the first of a ':'-separated list, split on blanks (no shell); "%s"
	 * marks where the URL goes, else it is the last argument. */
	if (browser == NULL || *browser == '\0')
#ifdef __APPLE__
		browser = "open";
#else
		browser = "xdg-open";
#endif
	list = xstrdup(browser);
	list[strcspn(list, ":")] = '\0';
	for (word = strtok_r(list, " \t", &save); word != NULL;
	    word = strtok_r(NULL, " \t", &save)) {
		if (strcmp(word, "%s") == 0) {
			strlist_push(&argv, url);
			placed = true;
		} else
			strlist_push(&argv, word);
	}
	free(list);
	if (argv.n == 0) {
		tui_message(t, true, "$BROWSER is empty");
		free(url);
		return;
	}
	if (!placed)
		strlist_push(&argv, url);
	strlist_push_owned(&argv, NULL);
	argv.n--;

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
	error = posix_spawnp(&pid, argv.v[0], &fa, &attr, argv.v, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (error != 0)
		tui_message(t, true, "cannot run %s: %s (set $BROWSER)", argv.v[0],
		    strerror(error));
	else {
		t->children = xreallocarray(t->children, t->nchildren + 1, sizeof *t->children);
		t->children[t->nchildren++] = pid;
		tui_message(t, false, "opened %s", url);
	}
	strlist_clear(&argv);
	free(url);
}

void
tui_reap(struct tui *t)
{
	for (size_t i = 0; i < t->nchildren; i++) {
		if (waitpid(t->children[i], NULL, WNOHANG) == t->children[i]) {
			t->children[i] = t->children[--t->nchildren];
			i--;
		}
	}
}
