/* gitclone.h: a bare clone of an upstream repository in ftport's cache, made or brought
 * up to date with libgit2 (no git program, no checkout). Blocking: scanjob.c runs it on
 * a thread. */
#ifndef FTPORT_GITCLONE_H
#define FTPORT_GITCLONE_H

#include <stdbool.h>

struct gitclone_progress {
	unsigned		received_objects;
	unsigned		total_objects;
	unsigned		indexed_objects;
	unsigned long long	received_bytes;
};

struct gitclone_opts {
	const char		*url;		/* anything libgit2 clones: https, ssh, file://, a path */
	const char		*cache_dir;	/* ftport's cache; the clone goes under git/ */
	unsigned long long	 max_bytes;	/* the size guard on what is received; 0: none */
	/* Called on the cloning thread as data arrives (and while the server talks);
	 * nonzero stops the transfer (a timeout, a cancel): gitclone_update then fails
	 * with the cause "stopped". May be NULL. */
	int			(*progress)(const struct gitclone_progress *p, void *arg);
	void			*arg;
	/* A repository on this machine is cloned through the transport alone, not from
	 * a copy of its packs (gitlocal.h): for a second try after a clone that did not
	 * read back. */
	bool			 no_local_copy;
};

/* Where url's clone lives: <cache_dir>/git/<host-and-path>-<hash>.git (credentials
 * are left out of the name). */
char *gitclone_path(const char *cache_dir, const char *url);

/* Clones url (bare, every branch and tag) or fetches into the clone made before, and
 * points HEAD at the remote's default branch. Returns 0 and the clone's path, or -1
 * and a one-line cause. A clone that fails leaves nothing behind; a cached clone that
 * cannot be opened or fetched into is made again once. */
int gitclone_update(const struct gitclone_opts *o, char **path, char **cause);


#endif
