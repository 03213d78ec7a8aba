/* browser.c: open-url: the project's URL handed to $BROWSER (xdg-open, open) as one
 * argument of an argv vector, never through a shell, in its own session. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include "browser.h"
#include "launch.h"
#include "upstream.h"

static char *
project_url(const struct app *app, const struct dist *d)
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
	if (app->index != NULL && strstr(index_url(app->index), "pypi.org") != NULL)
		return xprintf("https://pypi.org/project/%s/", d->name);
	return NULL;
}

void
browser_open_url(struct app *app)
{
	const struct vm_row *r = vm_current(app->vm);
	char *url;

	if (r == NULL || r->node == NULL) {
		app_message(app, true, "no package here");
		return;
	}
	/* The finding marked in the detail pane (the first one shown), if any. */
	url = NULL;
	if (app->finding >= 0 && app->upstreams != NULL &&
	    app->upstreams[r->node->index] != NULL &&
	    (size_t)app->finding < app->upstreams[r->node->index]->nitems) {
		const char *u = app->upstreams[r->node->index]->items[app->finding].url;

		if (!launch_url_ok(u, 2048)) {
			app_message(app, true, "that finding has no http(s) URL to open");
			return;
		}
		url = xstrdup(u);
	}
	if (url == NULL && (url = project_url(app, r->node->dist)) == NULL) {
		app_message(app, true, "%s has no project URL in its metadata", r->node->dist->name);
		return;
	}
	browser_open(app, url);
	free(url);
}

void
browser_open(struct app *app, const char *url)
{
	char *cause = NULL;
	pid_t pid;

	if (launch_browser(url, &pid, &cause) != 0) {
		/* The URL first, whole on the status line when it fits and in the message
		 * log (M) always, so that it can be copied; then why it did not open. */
		app_message(app, true, "%s (not opened: %s)", url, cause);
		free(cause);
		return;
	}
	app->children = xreallocarray(app->children, app->nchildren + 1, sizeof *app->children);
	app->children[app->nchildren++] = pid;
	app_message(app, false, "opened %s", url);
}

void
browser_reap(struct app *app)
{
	for (size_t i = 0; i < app->nchildren; i++) {
		if (waitpid(app->children[i], NULL, WNOHANG) == app->children[i]) {
			app->children[i] = app->children[--app->nchildren];
			i--;
		}
	}
}
