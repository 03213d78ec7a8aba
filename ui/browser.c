/* browser.c: open-url: the project's URL handed to $BROWSER (xdg-open, open) as one
 * argument of an argv vector, never through a shell, in its own session. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include "launch.h"
#include "tui.h"
#include "upstream.h"

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

				out = launch_url_ok(v, 2048) ? xstrdup(v) : NULL;
				free(u);
				if (out != NULL)
					return out;
			}
		}
	}
	if (d->home_page != NULL && launch_url_ok(d->home_page, 2048))
		return xstrdup(d->home_page);
	for (size_t i = 0; i < d->project_urls.n; i++) {
		const char *comma = strchr(d->project_urls.v[i], ',');
		char *u, *v, *out;

		if (comma == NULL)
			continue;
		u = xstrdup(comma + 1);
		v = str_trim(u);
		out = launch_url_ok(v, 2048) ? xstrdup(v) : NULL;
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
	char *url;

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

		if (!launch_url_ok(u, 2048)) {
			tui_message(t, true, "that finding has no http(s) URL to open");
			return;
		}
		url = xstrdup(u);
	}
	if (url == NULL && (url = project_url(t, r->node->dist)) == NULL) {
		tui_message(t, true, "%s has no project URL in its metadata", r->node->dist->name);
		return;
	}
	tui_browse(t, url);
	free(url);
}

void
tui_browse(struct tui *t, const char *url)
{
	char *cause = NULL;
	pid_t pid;

	if (launch_browser(url, &pid, &cause) != 0) {
		tui_message(t, true, "%s", cause);
		free(cause);
		return;
	}
	t->children = xreallocarray(t->children, t->nchildren + 1, sizeof *t->children);
	t->children[t->nchildren++] = pid;
	tui_message(t, false, "opened %s", url);
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
