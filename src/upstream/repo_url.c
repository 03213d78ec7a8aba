/* repo_url.c: from a distribution's URLs to its repository. Labels are compared the
 * way warehouse does (lower case, punctuation and blanks dropped: "Source Code" is
 * "sourcecode"); forge URLs are cut back to the project ("/issues", "/tree/main",
 * ".git" go), git URLs are what libgit2 will clone, as given. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "meta.h"
#include "repo_url.h"
#include "snapshot.h"
#include "strbuf.h"
#include "util.h"

const char *
repo_forge_name(enum repo_forge f)
{
	switch (f) {
	case REPO_GITHUB:	return "github";
	case REPO_GITLAB:	return "gitlab";
	case REPO_GIT:		return "git";
	case REPO_OTHER:	return "link";
	default:		return "none";
	}
}

void
repo_clear(struct repo *r)
{
	free(r->url);
	free(r->host);
	free(r->path);
	free(r->clone);
	memset(r, 0, sizeof *r);
}

static bool
host_is_github(const char *h)
{
	return strcasecmp(h, "github.com") == 0 || strcasecmp(h, "www.github.com") == 0;
}

static bool
host_is_gitlab(const char *h)
{
	return strcasecmp(h, "gitlab.com") == 0 || strcasecmp(h, "www.gitlab.com") == 0 ||
	    strncasecmp(h, "gitlab.", 7) == 0;
}

/* Path segments of a forge URL that end the project part. */
static bool
gitlab_stop_segment(const char *s, size_t n)
{
	static const char *stop[] = {
		"-", "issues", "tree", "blob", "merge_requests", "commits", "commit",
		"tags", "releases", "wikis", "pipelines", "raw", "blame"
	};

	for (size_t i = 0; i < nitems(stop); i++)
		if (strlen(stop[i]) == n && strncmp(s, stop[i], n) == 0)
			return true;
	return false;
}

/* Fills r for a forge project at host with path segments p (up to a query or
 * fragment). Returns false when the path names no project. */
static bool
forge_project(enum repo_forge forge, const char *host, const char *p, struct repo *r)
{
	struct strbuf path = STRBUF_INIT;
	int segs = 0;
	const char *h = forge == REPO_GITHUB ? "github.com" : host;

	while (*p != '\0' && *p != '?' && *p != '#') {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/?#");
		if (n == 0)
			break;
		if (forge == REPO_GITHUB && segs == 2)
			break;
		if (forge == REPO_GITLAB && segs >= 2 && gitlab_stop_segment(p, n))
			break;
		if (segs > 0)
			strbuf_addch(&path, '/');
		strbuf_add(&path, p, n);
		segs++;
		p += n;
	}
	/* pip's VCS form names a revision: git+https://github.com/o/n.git@v1.2 */
	if (path.buf != NULL && strchr(path.buf, '@') != NULL)
		path.buf[path.len = (size_t)(strchr(path.buf, '@') - path.buf)] = '\0';
	if (path.len >= 4 && str_ends_with(path.buf, ".git"))
		path.buf[path.len -= 4] = '\0';
	if (segs < 2 || path.len == 0 || path.buf[path.len - 1] == '/' ||
	    strchr(path.buf, '/') == NULL) {
		strbuf_release(&path);
		return false;
	}
	r->forge = forge;
	r->host = xstrdup(h);
	for (char *c = r->host; *c != '\0'; c++)
		*c = (char)tolower((unsigned char)*c);
	if (strncmp(r->host, "www.", 4) == 0)
		memmove(r->host, r->host + 4, strlen(r->host + 4) + 1);
	r->path = strbuf_detach(&path, NULL);
	r->url = xprintf("https://%s/%s", r->host, r->path);
	r->clone = xprintf("%s.git", r->url);
	return true;
}

static enum repo_forge
repo_git(const char *url, struct repo *r, const char *host)
{
	r->forge = REPO_GIT;
	r->url = xstrdup(url);
	r->clone = xstrdup(url);
	r->host = host != NULL ? xstrdup(host) : NULL;
	return REPO_GIT;
}

enum repo_forge
repo_parse(const char *in, struct repo *r)
{
	char *url, *u, *host = NULL;
	const char *rest, *scheme_end;
	enum repo_forge ret = REPO_NONE;
	size_t hl;

	if (in == NULL)
		return REPO_NONE;
	url = xstrdup(in);
	u = str_trim(url);
	{
		size_t n = strlen(u);

		while (n > 0 && isspace((unsigned char)u[n - 1]))
			u[--n] = '\0';
	}
	if (*u == '\0' || strcasecmp(u, "UNKNOWN") == 0)
		goto out;
	memset(r, 0, sizeof *r);
	for (const char *c = u; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			goto out;	/* no URL holds control characters */
	/* Local paths and file:// are clones, never web pages. */
	if (*u == '/' || strncmp(u, "./", 2) == 0 || strncmp(u, "../", 3) == 0 ||
	    strncasecmp(u, "file://", 7) == 0) {
		ret = repo_git(u, r, NULL);
		goto out;
	}
	/* scp-like ssh: git@github.com:owner/name.git */
	if ((scheme_end = strstr(u, "://")) == NULL) {
		const char *at = strchr(u, '@'), *colon = strchr(u, ':');

		if (at == NULL || colon == NULL || colon < at || strchr(u, '/') < colon)
			goto out;
		host = xstrndup(at + 1, (size_t)(colon - at - 1));
		if (host_is_github(host) && forge_project(REPO_GITHUB, host, colon + 1, r))
			ret = REPO_GITHUB;
		else if (host_is_gitlab(host) && forge_project(REPO_GITLAB, host, colon + 1, r))
			ret = REPO_GITLAB;
		else
			ret = repo_git(u, r, host);
		goto out;
	}
	{
		size_t sl = (size_t)(scheme_end - u);
		bool web = (sl == 5 && strncasecmp(u, "https", 5) == 0) ||
		    (sl == 4 && strncasecmp(u, "http", 4) == 0) ||
		    (sl == 9 && strncasecmp(u, "git+https", 9) == 0);

		rest = scheme_end + 3;
		/* user@ and :port go; the host is what decides. */
		hl = strcspn(rest, "/?#");
		{
			const char *at = memchr(rest, '@', hl);
			const char *h = at != NULL ? at + 1 : rest;
			size_t n = hl - (size_t)(h - rest), pl = strcspn(h, ":/?#");

			host = xstrndup(h, pl < n ? pl : n);
		}
		if (*host == '\0')
			goto out;
		if (host_is_github(host) && forge_project(REPO_GITHUB, host, rest + hl, r))
			ret = REPO_GITHUB;
		else if (host_is_gitlab(host) && forge_project(REPO_GITLAB, host, rest + hl, r))
			ret = REPO_GITLAB;
		else if (!web || str_ends_with(u, ".git") || str_ends_with(u, ".git/"))
			ret = repo_git(u, r, host);
		else {
			r->forge = ret = REPO_OTHER;
			r->url = xstrdup(u);
			r->host = xstrdup(host);
		}
	}
out:
	free(host);
	free(url);
	return ret;
}

/* "Source Code" -> "sourcecode" (warehouse's label normalisation). */
static char *
label_norm(const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *w = out;

	for (size_t i = 0; i < n; i++)
		if (isalnum((unsigned char)s[i]))
			*w++ = (char)tolower((unsigned char)s[i]);
	*w = '\0';
	return out;
}

/* The labels that name where the code is, best first; then those of a tracker (the
 * repository is usually the tracker's), then the home page. */
static const char *const repo_labels[] = {
	"source", "sourcecode", "repository", "repo", "code", "github", "gitlab", "git",
	"issues", "issuetracker", "bugtracker", "tracker", "bugs", "bugreports",
	"homepage", "home"
};

static const char *const repo_label_names[] = {
	"Project-URL Source", "Project-URL Source Code", "Project-URL Repository",
	"Project-URL Repo", "Project-URL Code", "Project-URL GitHub", "Project-URL GitLab",
	"Project-URL Git", "Project-URL Issues", "Project-URL Issue Tracker",
	"Project-URL Bug Tracker", "Project-URL Tracker", "Project-URL Bugs",
	"Project-URL Bug Reports", "Project-URL Homepage", "Project-URL Home"
};

/* The rank of a Project-URL's label in repo_labels, or nitems(repo_labels). */
static size_t
label_rank(const char *entry, const char **url)
{
	const char *comma = strchr(entry, ',');
	char *norm;
	size_t k;

	if (comma == NULL) {
		*url = NULL;
		return nitems(repo_labels);
	}
	*url = comma + 1;
	norm = label_norm(entry, (size_t)(comma - entry));
	for (k = 0; k < nitems(repo_labels); k++)
		if (strcmp(norm, repo_labels[k]) == 0)
			break;
	free(norm);
	return k;
}

void
repo_for_dist(const struct dist *d, const struct snapshot_entry *se,
    const char *override, struct repo *r)
{
	struct repo link;
	const char *u;
	size_t best = nitems(repo_labels) + 1, k;

	memset(r, 0, sizeof *r);
	memset(&link, 0, sizeof link);
	if (override != NULL) {
		if (repo_parse(override, r) != REPO_NONE)
			r->from = "--repo";
		return;
	}
	/* Forge or git URLs by label rank; the first plain page kept as a fallback. */
	for (size_t i = 0; d != NULL && i < d->project_urls.n; i++) {
		struct repo c;
		enum repo_forge f;

		k = label_rank(d->project_urls.v[i], &u);
		if (u == NULL || k >= nitems(repo_labels) || k >= best)
			continue;
		if ((f = repo_parse(u, &c)) == REPO_NONE)
			continue;
		if (f == REPO_OTHER) {
			if (link.forge == REPO_NONE) {
				link = c;
				link.from = repo_label_names[k];
			} else
				repo_clear(&c);
			continue;
		}
		repo_clear(r);
		*r = c;
		r->from = repo_label_names[k];
		best = k;
	}
	if (r->forge != REPO_NONE)
		goto done;
	if (d != NULL && d->home_page != NULL) {
		struct repo c;
		enum repo_forge f = repo_parse(d->home_page, &c);

		if (f != REPO_NONE && f != REPO_OTHER) {
			*r = c;
			r->from = "Home-page";
			goto done;
		}
		if (f == REPO_OTHER) {
			if (link.forge == REPO_NONE) {
				link = c;
				link.from = "Home-page";
			} else
				repo_clear(&c);
		}
	}
	/* Any other label (Documentation on GitHub, Changelog...) still names the repo. */
	for (size_t i = 0; d != NULL && i < d->project_urls.n; i++) {
		struct repo c;
		enum repo_forge f;

		(void)label_rank(d->project_urls.v[i], &u);
		if (u == NULL || (f = repo_parse(u, &c)) == REPO_NONE)
			continue;
		if (f == REPO_GITHUB || f == REPO_GITLAB) {
			*r = c;
			r->from = "Project-URL";
			goto done;
		}
		repo_clear(&c);
	}
	if (se != NULL && se->upstream_issue != NULL) {
		struct repo c;
		enum repo_forge f = repo_parse(se->upstream_issue, &c);

		if (f == REPO_GITHUB || f == REPO_GITLAB) {
			*r = c;
			r->from = "tracking table";
			goto done;
		}
		if (f != REPO_NONE)
			repo_clear(&c);
	}
	if (link.forge != REPO_NONE) {
		*r = link;
		return;
	}
done:
	repo_clear(&link);
}

unsigned long
repo_issue_number(const struct repo *r, const char *url)
{
	struct repo c;
	const char *p, *tail;
	char *end;
	unsigned long n;
	size_t pl;

	if (url == NULL || r->path == NULL || repo_parse(url, &c) != r->forge)
		return 0;
	if (c.path == NULL || strcasecmp(c.path, r->path) != 0 ||
	    strcasecmp(c.host, r->host) != 0) {
		repo_clear(&c);
		return 0;
	}
	repo_clear(&c);
	/* The part after the project path. */
	pl = strlen(r->path);
	for (p = url; (p = strchr(p, '/')) != NULL; p++)
		if (strncasecmp(p + 1, r->path, pl) == 0 && p[1 + pl] == '/')
			break;
	if (p == NULL)
		return 0;
	tail = p + 1 + pl;
	if (strncmp(tail, "/-/", 3) == 0)
		tail += 2;
	if (str_starts_with(tail, "/issues/"))
		tail += 8;
	else if (str_starts_with(tail, "/pull/"))
		tail += 6;
	else if (str_starts_with(tail, "/merge_requests/"))
		tail += 16;
	else
		return 0;
	if (!isdigit((unsigned char)*tail))
		return 0;
	n = strtoul(tail, &end, 10);
	if (*end != '\0' && *end != '/' && *end != '#' && *end != '?')
		return 0;
	return n;
}
