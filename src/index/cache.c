/* cache.c: the on-disk cache of index (and other HTTP) answers. One file per entry
 * with a text header and a checksum, so a truncated or damaged file is detected and
 * treated as a miss; writes go through write_file_atomic. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "strbuf.h"
#include "url.h"
#include "util.h"

#define CACHE_MAGIC	"FTPORT-CACHE 1\n"
#define CACHE_MAX_FILE	(512UL * 1024 * 1024)
#define CACHE_MAX_HEAD	(64 * 1024)

struct cache {
	char		*dir;
	struct strlist	 made;		/* namespace directories known to exist */
};

char *
cache_default_dir(char **cause)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	/* The XDG spec says relative paths are invalid and must be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		return xprintf("%s/ftport", xdg);
	if (home != NULL && home[0] != '\0')
		return xprintf("%s/.cache/ftport", home);
	*cause = xstrdup("no cache directory: set XDG_CACHE_HOME or HOME, or use --cache-dir");
	return NULL;
}

struct cache *
cache_open(const char *dir, char **cause)
{
	struct cache *c;
	char *d = dir != NULL ? xstrdup(dir) : cache_default_dir(cause);

	if (d == NULL)
		return NULL;
	if (mkdir_p(d, cause) != 0) {
		free(d);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->dir = d;
	return c;
}

void
cache_close(struct cache *c)
{
	if (c == NULL)
		return;
	free(c->dir);
	strlist_clear(&c->made);
	free(c);
}

const char *
cache_dir(const struct cache *c)
{
	return c->dir;
}

static bool
ns_valid(const char *ns)
{
	if (*ns == '\0')
		return false;
	for (const char *p = ns; *p != '\0'; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '-')
			return false;
	return true;
}

char *
cache_entry_path(const struct cache *c, const char *ns, const char *key)
{
	char *k = url_redact(key), *path;
	size_t len = strlen(k);

	if (!ns_valid(ns))
		fatal("cache: bad namespace '%s'", ns);
	/* 128 bits of two differently seeded FNV-1a runs; the stored key is compared on
	 * read, so a collision is a miss, not a wrong answer. */
	path = xprintf("%s/%s/%016" PRIx64 "%016" PRIx64 ".entry", c->dir, ns,
	    hash_bytes(k, len, HASH_FNV_BASIS), hash_bytes(k, len, 0x84222325cbf29ce4ULL));
	free(k);
	return path;
}

void
cache_entry_clear(struct cache_entry *e)
{
	free(e->url);
	free(e->etag);
	free(e->last_modified);
	free(e->content_type);
	free(e->location);
	free(e->body);
	memset(e, 0, sizeof *e);
}

bool
cache_entry_fresh(const struct cache_entry *e, long ttl, time_t now)
{
	/* A time in the future (a clock that went back) is not trusted as fresh. */
	return e->fetched <= now + 60 && now - e->fetched < ttl;
}

/* Header values are one line each: drop control characters. */
static void
add_field(struct strbuf *sb, const char *name, const char *value)
{
	if (value == NULL)
		return;
	strbuf_addf(sb, "%s: ", name);
	for (const char *p = value; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f)
			strbuf_addch(sb, *p);
	strbuf_addch(sb, '\n');
}

static int
entry_write(struct cache *c, const char *path, const char *key, const struct cache_entry *e,
    char **cause)
{
	struct strbuf sb = STRBUF_INIT;
	char *k, *dir, *slash;
	bool made;
	int rc;

	/* The namespace's directory is made once a run, not four mkdir calls an entry;
	 * made again if it went away meanwhile (`ftport cache clear` beside the TUI). */
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	if (!(made = strlist_contains(&c->made, dir))) {
		if (mkdir_p(dir, cause) != 0) {
			free(dir);
			return -1;
		}
		strlist_push(&c->made, dir);
	}
	k = url_redact(key);
	strbuf_addstr(&sb, CACHE_MAGIC);
	add_field(&sb, "url", k);
	strbuf_addf(&sb, "fetched: %lld\n", (long long)e->fetched);
	add_field(&sb, "etag", e->etag);
	add_field(&sb, "last-modified", e->last_modified);
	add_field(&sb, "content-type", e->content_type);
	if (e->location != NULL) {
		char *loc = url_redact(e->location);

		add_field(&sb, "location", loc);
		free(loc);
	}
	strbuf_addf(&sb, "length: %zu\n", e->len);
	strbuf_addf(&sb, "checksum: %016" PRIx64 "\n\n",
	    hash_bytes(e->body != NULL ? e->body : "", e->len, HASH_FNV_BASIS));
	if (e->len > 0)
		strbuf_add(&sb, e->body, e->len);
	rc = write_file_replace(path, sb.buf, sb.len, cause);
	if (rc != 0 && made && access(dir, F_OK) != 0) {
		char *why = NULL;

		if (mkdir_p(dir, &why) == 0) {
			free(*cause);
			*cause = NULL;
			rc = write_file_replace(path, sb.buf, sb.len, cause);
		}
		free(why);
	}
	strbuf_release(&sb);
	free(dir);
	free(k);
	return rc;
}

int
cache_put(struct cache *c, const char *ns, const char *key, const struct cache_entry *e,
    char **cause)
{
	char *path = cache_entry_path(c, ns, key);
	int rc = entry_write(c, path, key, e, cause);

	free(path);
	return rc;
}

/* Parses a whole entry file; -1 on anything unexpected. */
static int
entry_parse(const char *data, size_t size, struct cache_entry *e)
{
	const char *p = data, *end = data + size;
	bool have_len = false, have_sum = false, have_time = false;
	unsigned long long len = 0;
	uint64_t sum = 0;

	memset(e, 0, sizeof *e);
	if (size < strlen(CACHE_MAGIC) || memcmp(p, CACHE_MAGIC, strlen(CACHE_MAGIC)) != 0)
		return -1;
	p += strlen(CACHE_MAGIC);
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *colon;
		char *value, *vend;

		if (nl == NULL || nl - data > CACHE_MAX_HEAD)
			goto bad;
		if (nl == p) {
			p = nl + 1;
			break;
		}
		colon = memchr(p, ':', (size_t)(nl - p));
		if (colon == NULL || colon + 1 >= nl || colon[1] != ' ')
			goto bad;
		value = xstrndup(colon + 2, (size_t)(nl - colon - 2));
		if (strlen(value) != (size_t)(nl - colon - 2)) {
			free(value);
			goto bad;
		}
#define FIELD(n) ((size_t)(colon - p) == strlen(n) && memcmp(p, n, strlen(n)) == 0)
		if (FIELD("url") && e->url == NULL)
			e->url = value;
		else if (FIELD("etag") && e->etag == NULL)
			e->etag = value;
		else if (FIELD("last-modified") && e->last_modified == NULL)
			e->last_modified = value;
		else if (FIELD("content-type") && e->content_type == NULL)
			e->content_type = value;
		else if (FIELD("location") && e->location == NULL)
			e->location = value;
		else if (FIELD("fetched")) {
			long long t = strtoll(value, &vend, 10);

			have_time = *value != '\0' && *vend == '\0';
			e->fetched = (time_t)t;
			free(value);
		} else if (FIELD("length")) {
			len = strtoull(value, &vend, 10);
			have_len = isdigit((unsigned char)*value) && *vend == '\0';
			free(value);
		} else if (FIELD("checksum")) {
			sum = strtoull(value, &vend, 16);
			have_sum = strlen(value) == 16 && *vend == '\0';
			free(value);
		} else
			free(value);	/* a later version's field: ignored */
#undef FIELD
		p = nl + 1;
	}
	if (!have_len || !have_sum || !have_time || e->url == NULL)
		goto bad;
	if ((unsigned long long)(end - p) != len)
		goto bad;
	if (hash_bytes(p, (size_t)len, HASH_FNV_BASIS) != sum)
		goto bad;
	e->len = (size_t)len;
	e->body = xmalloc(e->len + 1);
	memcpy(e->body, p, e->len);
	e->body[e->len] = '\0';
	return 0;
bad:
	cache_entry_clear(e);
	return -1;
}

int
cache_get(struct cache *c, const char *ns, const char *key, struct cache_entry *e)
{
	char *path = cache_entry_path(c, ns, key), *data, *cause = NULL, *k;
	size_t size;
	int rc;

	memset(e, 0, sizeof *e);
	if (read_file(path, CACHE_MAX_FILE, &data, &size, &cause) != 0) {
		if (errno != ENOENT)
			log_debug("cache: %s", cause);
		free(cause);
		free(path);
		return -1;
	}
	rc = entry_parse(data, size, e);
	free(data);
	k = url_redact(key);
	if (rc == 0 && strcmp(e->url, k) != 0) {
		cache_entry_clear(e);
		rc = -1;
	} else if (rc != 0) {
		log_debug("cache: %s is damaged; it will be fetched again", path);
	}
	free(k);
	free(path);
	return rc;
}

int
cache_touch(struct cache *c, const char *ns, const char *key, time_t when,
    const char *etag, const char *last_modified, char **cause)
{
	struct cache_entry e;
	char *path;
	int rc;

	if (cache_get(c, ns, key, &e) != 0) {
		*cause = xstrdup("the cache entry went away");
		return -1;
	}
	e.fetched = when;
	if (etag != NULL) {
		free(e.etag);
		e.etag = xstrdup(etag);
	}
	if (last_modified != NULL) {
		free(e.last_modified);
		e.last_modified = xstrdup(last_modified);
	}
	path = cache_entry_path(c, ns, key);
	rc = entry_write(c, path, key, &e, cause);
	free(path);
	cache_entry_clear(&e);
	return rc;
}

/* "<32 hex>.entry", or a temporary file of one ("<32 hex>.entry.tmp.<pid>"). */
static bool
entry_name(const char *name, bool *tmp)
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (!isxdigit((unsigned char)name[i]) || isupper((unsigned char)name[i]))
			return false;
	if (strncmp(name + 32, ".entry", 6) != 0)
		return false;
	if (name[38] == '\0') {
		*tmp = false;
		return true;
	}
	if (strncmp(name + 38, ".tmp.", 5) != 0 || name[43] == '\0')
		return false;
	for (i = 43; name[i] != '\0'; i++)
		if (!isdigit((unsigned char)name[i]))
			return false;
	*tmp = true;
	return true;
}

static bool
has_magic(const char *path)
{
	char buf[sizeof CACHE_MAGIC];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd == -1)
		return false;
	n = read(fd, buf, strlen(CACHE_MAGIC));
	close(fd);
	return n == (ssize_t)strlen(CACHE_MAGIC) && memcmp(buf, CACHE_MAGIC, (size_t)n) == 0;
}

static int
cache_walk(const char *dir, bool remove, struct cache_stats *st, char **cause)
{
	DIR *top, *sub;
	struct dirent *de, *fe;

	memset(st, 0, sizeof *st);
	if ((top = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;	/* no cache yet: nothing in it */
		*cause = xprintf("cannot read the cache directory %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(top)) != NULL) {
		char *nsdir;
		bool any = false;

		if (de->d_name[0] == '.' || !ns_valid(de->d_name))
			continue;
		nsdir = xprintf("%s/%s", dir, de->d_name);
		if ((sub = opendir(nsdir)) == NULL) {
			free(nsdir);
			continue;
		}
		while ((fe = readdir(sub)) != NULL) {
			struct stat sb;
			char *path;
			bool tmp;

			if (!entry_name(fe->d_name, &tmp))
				continue;
			path = xprintf("%s/%s", nsdir, fe->d_name);
			if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
				free(path);
				continue;
			}
			any = true;
			if (!tmp) {
				st->entries++;
				if (!has_magic(path))
					st->damaged++;
			}
			st->bytes += (unsigned long long)sb.st_size;
			if (remove && unlink(path) != 0 && errno != ENOENT) {
				*cause = xprintf("cannot remove %s: %s", path, strerror(errno));
				free(path);
				closedir(sub);
				closedir(top);
				free(nsdir);
				return -1;
			}
			free(path);
		}
		closedir(sub);
		if (remove && any)
			(void)rmdir(nsdir);	/* only when empty: other files stay */
		free(nsdir);
	}
	closedir(top);
	return 0;
}

int
cache_stats(const char *dir, struct cache_stats *st, char **cause)
{
	return cache_walk(dir, false, st, cause);
}

int
cache_clear(const char *dir, struct cache_stats *removed, char **cause)
{
	return cache_walk(dir, true, removed, cause);
}
