/* cache.h: ftport's on-disk HTTP cache: one file per entry, a small text
 * header (URL, fetch time, validators, length, checksum) then the body. Entries are
 * written atomically and checked on every read: a damaged one is a miss, never trusted. */
#ifndef FTPORT_CACHE_H
#define FTPORT_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct cache_entry {
	char	*url;		/* the key, credentials removed */
	time_t	 fetched;	/* when the index last confirmed the body */
	char	*etag;		/* NULL when none */
	char	*last_modified;
	char	*content_type;
	char	*location;	/* where the body came from after redirects; NULL: url */
	char	*body;		/* NUL-terminated */
	size_t	 len;
};

struct cache;

/* The default directory: $XDG_CACHE_HOME/ftport, else ~/.cache/ftport. NULL and
 * *cause when neither can be found. */
char *cache_default_dir(char **cause);
/* Opens (creating) the cache in dir; NULL dir means the default. */
struct cache *cache_open(const char *dir, char **cause);
void cache_close(struct cache *c);
const char *cache_dir(const struct cache *c);

/* Entries live in namespaces ("simple" for the index, "github", ...): a directory each.
 * The key is usually a URL; credentials in it are removed before it is used or stored.
 * cache_get returns 0 and fills e, or -1 when there is no usable entry (missing,
 * damaged, or written for another key). */
int cache_get(struct cache *c, const char *ns, const char *key, struct cache_entry *e);
/* Stores e (e->url is ignored: the key is stored) atomically. */
int cache_put(struct cache *c, const char *ns, const char *key,
    const struct cache_entry *e, char **cause);
/* After a 304: the entry's body is current as of now; new validators when given. */
int cache_touch(struct cache *c, const char *ns, const char *key, time_t when,
    const char *etag, const char *last_modified, char **cause);
/* The path of the key's entry file (for tests that damage it). */
char *cache_entry_path(const struct cache *c, const char *ns, const char *key);
void cache_entry_clear(struct cache_entry *e);
/* Fresh: fetched within ttl seconds of now (and not in the future). */
bool cache_entry_fresh(const struct cache_entry *e, long ttl, time_t now);

/* What `ftport cache info` shows and `cache clear` removes: files that are ftport
 * cache entries (by name and header), in every namespace of dir. */
struct cache_stats {
	size_t			 entries;
	unsigned long long	 bytes;
	size_t			 damaged;	/* entries whose header did not parse */
};
int cache_stats(const char *dir, struct cache_stats *st, char **cause);
int cache_clear(const char *dir, struct cache_stats *removed, char **cause);

#endif
