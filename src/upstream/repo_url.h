/* repo_url.h: which repository a package comes from: its Project-URL or
 * Home-page as pip and warehouse read them, else the bundled tracking table, else
 * --repo; GitHub and GitLab URLs normalised to the project, git URLs kept as given. */
#ifndef FTPORT_REPO_URL_H
#define FTPORT_REPO_URL_H

#include <stdbool.h>

struct dist;
struct snapshot_entry;

enum repo_forge {
	REPO_NONE,	/* nothing found */
	REPO_GITHUB,
	REPO_GITLAB,	/* gitlab.com or a self-hosted gitlab.* host */
	REPO_GIT,	/* a git URL or path (file://, ssh, ….git, /srv/x): cloned, no API */
	REPO_OTHER	/* a web page that is neither: shown as a plain link */
};

struct repo {
	enum repo_forge	 forge;
	char		*url;	/* https://github.com/owner/name; the URL as given otherwise */
	char		*host;	/* "github.com", "gitlab.example.org"; NULL for REPO_GIT paths */
	char		*path;	/* "owner/name", "group/sub/name" (forges only) */
	char		*clone;	/* what git clones: url + ".git" for forges, as given for git */
	const char	*from;	/* "Project-URL Source", "Home-page", "tracking table", "--repo" */
};

/* Reads one URL. Returns the forge it names (filling r, which repo_clear frees), or
 * REPO_NONE (r untouched) when it is no URL at all. */
enum repo_forge repo_parse(const char *url, struct repo *r);
/* The repository of an installed distribution: --repo (override, may be NULL), then
 * its Project-URLs by label (Source, Repository, Code, GitHub, GitLab, Issues,
 * Homepage, ...), then Home-page, then the tracking table's issue URL (se may be
 * NULL); a plain web page only when no forge or git URL was found. r->forge is
 * REPO_NONE when nothing was. */
void repo_for_dist(const struct dist *d, const struct snapshot_entry *se,
    const char *override, struct repo *r);
void repo_clear(struct repo *r);
/* "github", "gitlab", "git", "link", "none". */
const char *repo_forge_name(enum repo_forge f);
/* The issue or PR number in a forge's issue URL of this repository
 * (…/issues/12, …/pull/12, …/-/issues/12, …/-/merge_requests/12), else 0. */
unsigned long repo_issue_number(const struct repo *r, const char *url);

#endif
