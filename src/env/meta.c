/* meta.c: reads one installed distribution's metadata directory (.dist-info, .egg-info,
 * an egg's EGG-INFO, or a distutils egg-info file) the way importlib.metadata does. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

#include <jansson.h>

#include "meta.h"
#include "project.h"
#include "req.h"
#include "strbuf.h"
#include "utf8.h"
#include "util.h"

/* METADATA is read up to the end of its headers only (the body can be megabytes of
 * README); this caps the headers themselves. */
#define META_MAX_HEADERS	(8u * 1024 * 1024)
#define META_CHUNK		(64u * 1024)
/* RECORD of the largest wheels (tensorflow, torch) is a few MB. */
#define META_MAX_RECORD		(64u * 1024 * 1024)
#define META_MAX_SMALL		(1u * 1024 * 1024)
/* Bounds for the no-file-list fallback that looks for extension modules on disk. */
#define META_WALK_DEPTH		1
#define META_WALK_ENTRIES	1000
/* Bounds for the walk that proves a package without a file list pure: a tree deeper or
 * larger than this proves nothing. */
#define META_PURE_DEPTH		12
#define META_PURE_ENTRIES	50000

static void PRINTFLIKE(2, 3)
dist_warn(struct dist *d, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvprintf(fmt, ap);
	va_end(ap);
	strlist_push_owned(&d->warnings, xprintf("%s: %s",
	    d->meta_dir != NULL ? d->meta_dir : "metadata", msg));
	free(msg);
}

void
dist_free(struct dist *d)
{
	if (d == NULL)
		return;
	if (d->reqs != NULL) {
		for (size_t i = 0; i < d->requires_dist.n; i++) {
			req_free(d->reqs[i]);
			free(d->req_causes[i]);
		}
		free(d->reqs);
		free(d->req_causes);
	}
	free(d->name);
	free(d->display_name);
	free(d->version);
	free(d->summary);
	free(d->requires_python);
	free(d->home_page);
	strlist_clear(&d->project_urls);
	strlist_clear(&d->classifiers);
	strlist_clear(&d->requires_dist);
	strlist_clear(&d->provides_extra);
	free(d->location);
	free(d->meta_dir);
	free(d->installer);
	free(d->direct_url);
	free(d->registry);
	strlist_clear(&d->top_level);
	strlist_clear(&d->wheel_tags);
	strlist_clear(&d->ext_suffixes);
	strlist_clear(&d->warnings);
	project_free(d->locked);
	free(d->unpinned);
	free(d);
}

void
meta_parse_requires(struct dist *d)
{
	size_t n = d->requires_dist.n;

	if (d->reqs != NULL || n == 0)
		return;
	d->reqs = xcalloc(n, sizeof *d->reqs);
	d->req_causes = xcalloc(n, sizeof *d->req_causes);
	for (size_t i = 0; i < n; i++)
		d->reqs[i] = req_parse(d->requires_dist.v[i], &d->req_causes[i]);
}

/* --- text hygiene ---------------------------------------------------------------- */

/* Whether n bytes at s are all ASCII: eight at a time, as metadata nearly always is. */
static bool
is_ascii(const char *s, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		if ((w & 0x8080808080808080ULL) != 0)
			return false;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* Copies a header value, cutting it at a NUL byte and replacing invalid UTF-8 with
 * U+FFFD. Sets the flags so that the caller warns once per file, not once per value. */
static char *
clean_value(const char *v, size_t len, bool *had_nul, bool *had_bad)
{
	const char *nul = memchr(v, '\0', len);
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;

	if (nul != NULL) {
		len = (size_t)(nul - v);
		*had_nul = true;
	}
	if (is_ascii(v, len))
		return xstrndup(v, len);
	strbuf_grow(&sb, len);
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode((const unsigned char *)v + i, len - i, &cp);

		if (n == 0) {
			strbuf_addstr(&sb, UTF8_REPLACEMENT);
			*had_bad = true;
			i += utf8_broken_len((const unsigned char *)v + i, len - i);
			continue;
		}
		strbuf_add(&sb, v + i, n);
		i += n;
	}
	return strbuf_detach(&sb, NULL);
}

/* clean_value's checks without the copy, for values that are dropped. */
static void
check_value(const char *v, size_t len, bool *had_nul, bool *had_bad)
{
	const char *nul = memchr(v, '\0', len);
	size_t i = 0;

	if (nul != NULL) {
		len = (size_t)(nul - v);
		*had_nul = true;
	}
	if (is_ascii(v, len))
		return;
	while (i < len) {
		uint32_t cp;
		size_t n;

		if ((unsigned char)v[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_decode((const unsigned char *)v + i, len - i, &cp)) == 0) {
			*had_bad = true;
			return;
		}
		i += n;
	}
}

/* --- lines (universal newlines: \n, \r\n and \r all end a line, as Python reads) -- */

struct line_iter {
	const char	*p;
	const char	*end;
	const char	*cr;	/* the next '\r' at or after p (end: none), NULL: not known */
};

/* Next line without its terminator; false at the end of the text. */
static bool
next_line(struct line_iter *it, const char **line, size_t *len)
{
	const char *s = it->p, *e;

	if (s >= it->end)
		return false;
	/* memchr beats a byte loop: RECORD files run to thousands of lines. Most files
	 * have no '\r' at all, found out by one memchr over the whole text. */
	if (it->cr == NULL || it->cr < s) {
		if ((it->cr = memchr(s, '\r', (size_t)(it->end - s))) == NULL)
			it->cr = it->end;
	}
	if ((e = memchr(s, '\n', (size_t)(it->end - s))) == NULL)
		e = it->end;
	if (it->cr < e)
		e = it->cr;
	*line = s;
	*len = (size_t)(e - s);
	if (e < it->end && *e == '\r' && e + 1 < it->end && e[1] == '\n')
		e++;
	it->p = e < it->end ? e + 1 : e;
	return true;
}

/* How the email parser (compat32) classifies a header-block line. */
enum hline { HL_BLANK, HL_CONT, HL_HEADER, HL_SKIP, HL_OTHER };

static enum hline
classify(const char *line, size_t len, size_t *colon)
{
	if (len == 0)
		return HL_BLANK;
	if (line[0] == ' ' || line[0] == '\t')
		return HL_CONT;
	/* email.feedparser's headerRE: ^(From |[\041-\071\073-\176]*:|[\t ]) */
	if (len >= 5 && memcmp(line, "From ", 5) == 0) {
		*colon = 0;
		return HL_SKIP;		/* an envelope line, which the parser skips */
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if (c == ':') {
			*colon = i;
			return HL_HEADER;
		}
		if (c < 0x21 || c > 0x7e)
			break;
	}
	return HL_OTHER;
}

/* --- METADATA / PKG-INFO ------------------------------------------------------- */

/* The headers that are kept; every other one is only checked for bad bytes. */
enum hfield {
	H_OTHER, H_NAME, H_VERSION, H_SUMMARY, H_REQUIRES_PYTHON, H_HOME_PAGE,
	H_REQUIRES_DIST, H_PROVIDES_EXTRA, H_PROJECT_URL, H_CLASSIFIER
};

static enum hfield
header_field(const char *name, size_t nlen)
{
	static const struct {
		const char	*name;
		size_t		 len;
		enum hfield	 field;
	} fields[] = {
#define F(s, f) { s, sizeof(s) - 1, f }
		F("Name", H_NAME), F("Version", H_VERSION), F("Summary", H_SUMMARY),
		F("Requires-Python", H_REQUIRES_PYTHON), F("Home-page", H_HOME_PAGE),
		F("Requires-Dist", H_REQUIRES_DIST), F("Provides-Extra", H_PROVIDES_EXTRA),
		F("Project-URL", H_PROJECT_URL), F("Classifier", H_CLASSIFIER),
#undef F
	};

	for (size_t i = 0; i < nitems(fields); i++)
		if (nlen == fields[i].len && strncasecmp(name, fields[i].name, nlen) == 0)
			return fields[i].field;
	return H_OTHER;
}

/* The single-valued field f of d (the first header wins), NULL for list fields. */
static char **
single_field(struct dist *d, enum hfield f)
{
	switch (f) {
	case H_NAME:			return &d->display_name;
	case H_VERSION:			return &d->version;
	case H_SUMMARY:			return &d->summary;
	case H_REQUIRES_PYTHON:		return &d->requires_python;
	case H_HOME_PAGE:		return &d->home_page;
	default:			return NULL;
	}
}

/* Single-valued fields are trimmed; list fields keep the value exactly as the email
 * parser returns it (importlib.metadata's get_all), continuation lines included.
 * value is an allocated, cleaned header value; a single-valued f is not set yet. */
static void
apply_header(struct dist *d, enum hfield f, char *value, bool *saw_reqs)
{
	char *t;

	switch (f) {
	case H_SUMMARY: {
		/* Unfolded: a summary is one line of display text. */
		struct strbuf sb = STRBUF_INIT;
		bool space = false;

		for (const char *s = str_trim(value); *s != '\0'; s++) {
			if (*s == '\n' || *s == '\r' || *s == '\t' || *s == ' ') {
				space = true;
				continue;
			}
			if (space && sb.len > 0)
				strbuf_addch(&sb, ' ');
			space = false;
			strbuf_addch(&sb, *s);
		}
		free(value);
		d->summary = strbuf_detach(&sb, NULL);
		break;
	}
	case H_NAME:
	case H_VERSION:
	case H_REQUIRES_PYTHON:
	case H_HOME_PAGE:
		/* Trimmed in place: one allocation fewer per header. */
		if ((t = str_trim(value)) != value)
			memmove(value, t, strlen(t) + 1);
		*single_field(d, f) = value;
		break;
	case H_REQUIRES_DIST:
		*saw_reqs = true;
		strlist_push_owned(&d->requires_dist, value);
		break;
	case H_PROVIDES_EXTRA:
		strlist_push_owned(&d->provides_extra, value);
		break;
	case H_PROJECT_URL:
		strlist_push_owned(&d->project_urls, value);
		break;
	case H_CLASSIFIER:
		strlist_push_owned(&d->classifiers, value);
		break;
	default:
		free(value);
		break;
	}
}

/* Parses and returns whether any Requires-Dist header was seen (importlib.metadata then
 * ignores requires.txt). */
static bool
parse_metadata(struct dist *d, const char *text, size_t len)
{
	struct line_iter it = { text, text + len, NULL };
	const char *line, *hname = NULL;
	size_t llen, hlen = 0, colon = 0;
	struct strbuf val = STRBUF_INIT;
	bool had_nul = false, had_bad = false, saw_reqs = false;
	enum hline k;

	for (;;) {
		bool more = next_line(&it, &line, &llen);

		k = more ? classify(line, llen, &colon) : HL_BLANK;
		if (k == HL_CONT && hname != NULL) {
			strbuf_addch(&val, '\n');
			strbuf_add(&val, line, llen);
			continue;
		}
		if (k == HL_CONT) {
			/* A continuation with no header before it: a defect, ignored. */
			continue;
		}
		if (hname != NULL) {
			enum hfield f = header_field(hname, hlen);
			char **single = single_field(d, f);

			/* Headers that are dropped (unknown, or a second Name) are only
			 * checked, not copied: bad bytes in them are still said. */
			if (f == H_OTHER || (single != NULL && *single != NULL))
				check_value(strbuf_str(&val), val.len, &had_nul, &had_bad);
			else
				apply_header(d, f, clean_value(strbuf_str(&val), val.len,
				    &had_nul, &had_bad), &saw_reqs);
			hname = NULL;
			strbuf_reset(&val);
		}
		if (k == HL_BLANK || k == HL_OTHER)
			break;
		if (k == HL_HEADER && colon > 0) {
			const char *v = line + colon + 1;
			size_t vlen = llen - colon - 1;

			while (vlen > 0 && (*v == ' ' || *v == '\t')) {
				v++;
				vlen--;
			}
			hname = line;
			hlen = colon;
			strbuf_add(&val, v, vlen);
		}
		/* Otherwise an envelope "From " line or a header with an empty name: skipped,
		 * as the email parser does. */
	}
	strbuf_release(&val);
	if (had_nul)
		dist_warn(d, "NUL byte in a metadata header: the value was cut there");
	if (had_bad)
		dist_warn(d, "invalid UTF-8 in the metadata, replaced with U+FFFD");
	return saw_reqs;
}

void
meta_parse_metadata(struct dist *d, const char *text, size_t len)
{
	(void)parse_metadata(d, text, len);
}

/* Finds where the header block ends in buf (the first blank or non-header line), scanning
 * from *scan; false when more data is needed. Lets a 50 MB METADATA cost one read. */
static bool
headers_complete(const char *buf, size_t len, size_t *scan)
{
	size_t i = *scan;

	while (i < len) {
		const char *nl, *cr;
		size_t j, colon;

		/* memchr rather than a byte loop: this runs over 8 KB of every long METADATA. */
		nl = memchr(buf + i, '\n', len - i);
		cr = memchr(buf + i, '\r', (size_t)((nl != NULL ? nl : buf + len) - (buf + i)));
		if (cr != NULL)
			nl = cr;
		if (nl == NULL)
			return false;
		j = (size_t)(nl - buf);
		/* A '\r' at the end of the data may be half of "\r\n": wait for more. */
		if (*nl == '\r' && j + 1 >= len)
			return false;
		{
			enum hline k = classify(buf + i, j - i, &colon);

			if (k == HL_BLANK || k == HL_OTHER)
				return true;
		}
		i = j + 1;
		if (*nl == '\r' && i < len && buf[i] == '\n')
			i++;
		*scan = i;
	}
	return false;
}

/* Where one distribution's files are opened: relative to sitefd (a descriptor of the
 * site directory during a scan, AT_FDCWD otherwise), under rel. A scan opens six files
 * per distribution; "x.dist-info/METADATA" is two path components for the kernel to look
 * up where "/usr/lib/python3/dist-packages/x.dist-info/METADATA" is six. */
struct dsrc {
	int		 sitefd;
	const char	*rel;
	size_t		 rellen;
};

/* A file's contents: in the caller's stack buffer while they fit (most metadata files
 * are a few KB), on the heap beyond. One buffer serves all the files of a distribution:
 * a malloc and a free per file made glibc consolidate its heap again and again. */
struct fbuf {
	char	*p;
	size_t	 len;
	size_t	 cap;		/* bytes p holds, the terminating NUL not counted */
	char	*stack;
};
#define META_STACK_BUF	16384

static void
fbuf_reserve(struct fbuf *fb, size_t n)
{
	size_t cap = fb->cap;

	if (fb->len + n <= cap)
		return;
	while (cap < fb->len + n)
		cap *= 2;
	if (fb->p == fb->stack) {
		char *heap = xmalloc(cap + 1);

		memcpy(heap, fb->p, fb->len);
		fb->p = heap;
	} else
		fb->p = xreallocarray(fb->p, cap + 1, 1);
	fb->cap = cap;
}

static void
fbuf_release(struct fbuf *fb)
{
	if (fb->p != fb->stack)
		free(fb->p);
}

/* The size from which a file counts as larger than max: max rounded up to the end of
 * a read in the schedule 4 KB, 8 KB, ..., 64 KB, 64 KB, ..., so that how much one read
 * asks for never changes which files are refused. */
static size_t
size_limit(size_t max)
{
	size_t sum = 0, want = 4096;

	while (sum < max && want < META_CHUNK) {
		sum += want;
		want *= 2;
	}
	if (sum < max)
		sum += (max - sum + META_CHUNK - 1) / META_CHUNK * META_CHUNK;
	return sum;
}

/*
 * Reads the file name in the distribution's directory (src->rel itself when name is
 * NULL) into fb; what names it in messages. Open, read, close and nothing else: a scan
 * does this six times per distribution and the system calls are most of its cost. A
 * short read ends the file (POSIX: a regular file returns less only at its end), so a
 * file smaller than the stack buffer costs one read. With headers set, reading stops
 * once the METADATA header block is complete (a 50 MB README body costs one read) and
 * headers beyond max are cut; otherwise a file larger than max is an error. 1 = read,
 * 0 = absent (or a directory, or empty: importlib.metadata ignores those), -1 = error
 * (*cause).
 */
static int
slurp(const struct dsrc *src, const char *name, const char *what, size_t max,
    bool headers, struct fbuf *fb, bool *truncated, char **cause)
{
	size_t scan = 0, want, limit = headers ? max : size_limit(max), nlen;
	int fd;
	char pbuf[1024], *path = pbuf;

	if (name == NULL)
		path = (char *)src->rel;
	else if (src->rellen + 1 + (nlen = strlen(name)) < sizeof pbuf) {
		memcpy(pbuf, src->rel, src->rellen);
		pbuf[src->rellen] = '/';
		memcpy(pbuf + src->rellen + 1, name, nlen + 1);
	} else
		path = xprintf("%s/%s", src->rel, name);

	fb->len = 0;
	fb->p[0] = '\0';
	if (truncated != NULL)
		*truncated = false;
	/* O_NONBLOCK: a FIFO planted as METADATA answers EAGAIN instead of blocking. */
	fd = openat(src->sitefd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (path != pbuf && path != src->rel)
		free(path);
	if (fd == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		*cause = xprintf("%s: %s", what, strerror(errno));
		return -1;
	}
	/* METADATA is read in the same steps as always (8 KB, 16 KB, ... 64 KB), so that
	 * endless headers are cut at the same byte; other files fill the stack buffer at
	 * once. */
	want = headers ? 8192 : fb->cap;
	for (;;) {
		ssize_t n;

		if (fb->len >= limit) {
			if (headers && truncated != NULL) {
				*truncated = true;
				break;
			}
			*cause = xprintf("%s: larger than %zu MB, not read", what, max >> 20);
			goto fail;
		}
		fbuf_reserve(fb, want);
		n = read(fd, fb->p + fb->len, want);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EISDIR) {
				close(fd);
				fb->len = 0;
				return 0;
			}
			*cause = xprintf("%s: %s", what, errno == EAGAIN ||
			    errno == EWOULDBLOCK ? "not a regular file" : strerror(errno));
			goto fail;
		}
		fb->len += (size_t)n;
		fb->p[fb->len] = '\0';
		if ((size_t)n < want) {
			if (!headers && fb->len >= limit) {
				*cause = xprintf("%s: larger than %zu MB, not read", what,
				    max >> 20);
				goto fail;
			}
			break;
		}
		if (headers && headers_complete(fb->p, fb->len, &scan))
			break;
		if (want < META_CHUNK)
			want *= 2;
	}
	close(fd);
	return fb->len > 0 ? 1 : 0;
fail:
	close(fd);
	fb->len = 0;
	return -1;
}

/* slurp for a file that may be absent, with errors as warnings on d. */
static bool
read_opt(struct dist *d, const struct dsrc *src, const char *name, size_t max,
    struct fbuf *fb)
{
	char *cause = NULL;
	int rc = slurp(src, name, name, max, false, fb, NULL, &cause);

	if (rc == -1) {
		dist_warn(d, "%s", cause);
		free(cause);
	}
	return rc == 1;
}

/* --- requires.txt ------------------------------------------------------------ */

/* importlib.metadata's _convert_egg_info_reqs_to_simple_reqs over Sectioned.read: lines
 * stripped, empty ones dropped, "[extra:marker]" sections turned into markers. */
static void
parse_requires_txt(struct dist *d, const char *text, size_t len)
{
	struct line_iter it = { text, text + len, NULL };
	const char *line;
	size_t llen;
	char *section = NULL;
	bool had_nul = false, had_bad = false;

	while (next_line(&it, &line, &llen)) {
		char *raw = clean_value(line, llen, &had_nul, &had_bad);
		char *v = str_trim(raw);
		size_t vlen = strlen(v);

		if (vlen == 0) {
			free(raw);
			continue;
		}
		if (v[0] == '[' && v[vlen - 1] == ']') {
			char *s = v, *e = v + vlen;

			/* str.strip('[]') */
			while (s < e && (*s == '[' || *s == ']'))
				s++;
			while (e > s && (e[-1] == '[' || e[-1] == ']'))
				e--;
			free(section);
			section = xstrndup(s, (size_t)(e - s));
			free(raw);
			continue;
		}
		{
			struct strbuf sb = STRBUF_INIT;
			const char *extra = "", *markers = "";
			char *sec = section != NULL ? xstrdup(section) : xstrdup(""), *colon;
			bool url = strchr(v, '@') != NULL;

			if ((colon = strchr(sec, ':')) != NULL) {
				*colon = '\0';
				markers = colon + 1;
			}
			extra = sec;
			strbuf_addstr(&sb, v);
			if (url)
				strbuf_addch(&sb, ' ');
			if (*extra != '\0' && *markers != '\0')
				strbuf_addf(&sb, "; (%s) and extra == \"%s\"", markers, extra);
			else if (*markers != '\0')
				strbuf_addf(&sb, "; %s", markers);
			else if (*extra != '\0')
				strbuf_addf(&sb, "; extra == \"%s\"", extra);
			strlist_push_owned(&d->requires_dist, strbuf_detach(&sb, NULL));
			free(sec);
		}
		free(raw);
	}
	free(section);
	if (had_nul)
		dist_warn(d, "requires.txt: NUL byte in a line: the line was cut there");
	if (had_bad)
		dist_warn(d, "requires.txt: invalid UTF-8, replaced with U+FFFD");
}

/* --- file lists: RECORD, installed-files.txt, SOURCES.txt ----------------------- */

static bool
ends_with_ci(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && strncasecmp(s + len - n, suffix, n) == 0;
}

/* The ABI tags that CPython, PyPy and GraalPy put before ".so"/".pyd". */
static bool
looks_like_abi_tag(const char *t, size_t n)
{
	static const char *prefixes[] = { "cpython-", "cp3", "cp2", "abi3", "pypy", "graalpy" };

	for (size_t i = 0; i < nitems(prefixes); i++) {
		size_t pl = strlen(prefixes[i]);

		if (n >= pl && strncmp(t, prefixes[i], pl) == 0)
			return true;
	}
	return false;
}

char *
meta_ext_suffix(const char *filename)
{
	/* The result must outlive the call without the caller freeing it; the tag is at
	 * most a few dozen bytes ("cpython-313t-x86_64-linux-gnu"). */
	static _Thread_local char buf[128];
	static char so[] = "so", pyd[] = "pyd";
	const char *base = filename, *s, *dot;
	size_t len, stem;
	char *plain;

	for (s = filename; *s != '\0'; s++)
		if (*s == '/' || *s == '\\')
			base = s + 1;
	len = strlen(base);
	if (ends_with_ci(base, len, ".so")) {
		stem = len - 3;
		plain = so;
	} else if (ends_with_ci(base, len, ".pyd")) {
		stem = len - 4;
		plain = pyd;
	} else
		return NULL;
	if (stem == 0)
		return NULL;
	dot = NULL;
	for (size_t i = stem; i > 0; i--)
		if (base[i - 1] == '.') {
			dot = base + i - 1;
			break;
		}
	if (dot != NULL && dot > base) {
		const char *tag = dot + 1;
		size_t n = (size_t)(base + stem - tag);

		if (n > 0 && n < sizeof buf && looks_like_abi_tag(tag, n)) {
			memcpy(buf, tag, n);
			buf[n] = '\0';
			return buf;
		}
	}
	return plain;
}

static void
add_suffix(struct dist *d, const char *suffix)
{
	if (!strlist_contains(&d->ext_suffixes, suffix))
		strlist_push(&d->ext_suffixes, suffix);
}

/* Classifies one installed path (as a NUL-terminated string). */
static void
classify_path(struct dist *d, const char *path, size_t len, bool sources)
{
	const char *base = path, *suffix, *end = path + len;

	/* Most paths are .py files: reject them before looking closer. */
	if (!sources && len > 3 && end[-3] == '.' && end[-2] == 'p' && end[-1] == 'y')
		return;
	if (!sources && len > 4 && end[-4] == '.' && end[-3] == 'p' && end[-2] == 'y' &&
	    end[-1] == 'c')
		return;
	for (size_t i = 0; i < len; i++)
		if (path[i] == '/' || path[i] == '\\') {
			/* auditwheel's "pkg.libs/", delocate's ".dylibs/", delvewheel's ".libs". */
			if ((i >= 5 && strncmp(path + i - 5, ".libs", 5) == 0) ||
			    (i >= 7 && strncmp(path + i - 7, ".dylibs", 7) == 0)) {
				d->compiled = true;
				return;
			}
			base = path + i + 1;
		}
	if ((suffix = meta_ext_suffix(base)) != NULL) {
		d->compiled = true;
		add_suffix(d, suffix);
		return;
	}
	len = strlen(base);
	if (ends_with_ci(base, len, ".dylib") || ends_with_ci(base, len, ".dll") ||
	    strstr(base, ".so.") != NULL) {
		d->compiled = true;
		return;
	}
	/* SOURCES.txt lists what an sdist built from: C, C++, Cython, Rust or Fortran
	 * sources mean an extension module was compiled at install time. */
	if (sources && (ends_with_ci(base, len, ".c") || ends_with_ci(base, len, ".cc") ||
	    ends_with_ci(base, len, ".cpp") || ends_with_ci(base, len, ".cxx") ||
	    ends_with_ci(base, len, ".pyx") || ends_with_ci(base, len, ".rs") ||
	    ends_with_ci(base, len, ".f90") || ends_with_ci(base, len, ".f")))
		d->compiled = true;
}

/* Whether classify_path (sources false) could count the path as native: every such
 * path has a '.' followed by "so", "pyd", "dll", "dylib" or "libs", in any case. Most
 * lines of a file list have none and are skipped without being copied. */
static bool
may_be_native(const char *p, size_t len)
{
	const char *e = p + len, *s = p;

	/* classify_path's own first test: .py and .pyc files are most lines. */
	if (len > 3 && e[-3] == '.' && e[-2] == 'p' && e[-1] == 'y')
		return false;
	if (len > 4 && e[-4] == '.' && e[-3] == 'p' && e[-2] == 'y' && e[-1] == 'c')
		return false;
	while ((s = memchr(s, '.', (size_t)(e - s))) != NULL) {
		size_t n = (size_t)(e - ++s);

		/* c | 0x20 lowers an ASCII letter and maps nothing else onto one. */
		if (n >= 2 && (s[0] | 0x20) == 's' && (s[1] | 0x20) == 'o')
			return true;
		if (n >= 3 && (s[0] | 0x20) == 'p' && (s[1] | 0x20) == 'y' &&
		    (s[2] | 0x20) == 'd')
			return true;
		if (n >= 3 && (s[0] | 0x20) == 'd' && (s[1] | 0x20) == 'l' &&
		    (s[2] | 0x20) == 'l')
			return true;
		if (n >= 4 && (s[0] | 0x20) == 'l' && (s[1] | 0x20) == 'i' &&
		    (s[2] | 0x20) == 'b' && (s[3] | 0x20) == 's')
			return true;
		if (n >= 5 && (s[0] | 0x20) == 'd' && (s[1] | 0x20) == 'y' &&
		    (s[2] | 0x20) == 'l' && (s[3] | 0x20) == 'i' && (s[4] | 0x20) == 'b')
			return true;
	}
	return false;
}

void
meta_parse_record(struct dist *d, const char *text, size_t len)
{
	struct line_iter it = { text, text + len, NULL };
	struct strbuf path = STRBUF_INIT;
	const char *line;
	size_t llen;

	d->record_known = true;
	while (next_line(&it, &line, &llen)) {
		const char *p = line, *e = line + llen;

		strbuf_reset(&path);
		if (llen == 0)
			continue;
		if (*p == '"') {
			/* A quoted CSV field: "" is a literal quote. */
			for (p++; p < e; p++) {
				if (*p == '"') {
					if (p + 1 < e && p[1] == '"') {
						strbuf_addch(&path, '"');
						p++;
						continue;
					}
					break;
				}
				strbuf_addch(&path, *p);
			}
		} else {
			const char *c = memchr(p, ',', llen);
			size_t n = (size_t)((c != NULL ? c : e) - p);

			if (!may_be_native(p, n))
				continue;
			strbuf_add(&path, p, n);
		}
		if (path.len == 0 || memchr(path.buf, '\0', path.len) != NULL)
			continue;
		classify_path(d, path.buf, path.len, false);
	}
	strbuf_release(&path);
}

/* installed-files.txt and SOURCES.txt: one path a line (SOURCES.txt may have commas). */
static void
parse_plain_list(struct dist *d, const char *text, size_t len, bool sources)
{
	struct line_iter it = { text, text + len, NULL };
	const char *line;
	size_t llen;
	char *p;

	d->record_known = true;
	while (next_line(&it, &line, &llen)) {
		if (llen == 0 || memchr(line, '\0', llen) != NULL)
			continue;
		if (!sources && !may_be_native(line, llen))
			continue;
		p = xstrndup(line, llen);
		classify_path(d, p, llen, sources);
		free(p);
	}
}

/* --- WHEEL, direct_url.json, INSTALLER, top_level.txt ----------------------------- */

static void
parse_wheel(struct dist *d, const char *text, size_t len)
{
	struct line_iter it = { text, text + len, NULL };
	const char *line;
	size_t llen, colon;
	bool nul = false, bad = false;

	while (next_line(&it, &line, &llen)) {
		enum hline k = classify(line, llen, &colon);
		char *v;

		if (k == HL_BLANK)
			break;
		if (k != HL_HEADER)
			continue;
		v = clean_value(line + colon + 1, llen - colon - 1, &nul, &bad);
		if (colon == 3 && strncasecmp(line, "Tag", 3) == 0) {
			char *t = str_trim(v);

			if (*t != '\0')
				strlist_push(&d->wheel_tags, t);
		} else if (colon == 15 && strncasecmp(line, "Root-Is-Purelib", 15) == 0) {
			char *t = str_trim(v);

			if (strcasecmp(t, "true") == 0)
				d->root_is_purelib = 1;
			else if (strcasecmp(t, "false") == 0)
				d->root_is_purelib = 0;
			else
				dist_warn(d, "WHEEL: Root-Is-Purelib is neither true nor false");
		}
		free(v);
	}
	if (nul || bad)
		dist_warn(d, "WHEEL: NUL bytes or invalid UTF-8");
}

static void
parse_direct_url(struct dist *d, const char *text, size_t len)
{
	json_error_t err;
	json_t *root, *url, *vcs, *dir, *arch, *ed;

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL || !json_is_object(root)) {
		dist_warn(d, "direct_url.json: not a JSON object (%s, line %d)",
		    root == NULL ? err.text : "wrong type", root == NULL ? err.line : 1);
		json_decref(root);
		return;
	}
	url = json_object_get(root, "url");
	if (json_is_string(url))
		d->direct_url = xstrdup(json_string_value(url));
	else
		dist_warn(d, "direct_url.json: no \"url\" string");
	vcs = json_object_get(root, "vcs_info");
	dir = json_object_get(root, "dir_info");
	arch = json_object_get(root, "archive_info");
	if (json_is_object(vcs))
		d->direct = DIRECT_VCS;
	else if (json_is_object(dir)) {
		ed = json_object_get(dir, "editable");
		d->direct = json_is_true(ed) ? DIRECT_EDITABLE : DIRECT_DIR;
	} else if (json_is_object(arch))
		d->direct = DIRECT_URL;
	else {
		/* PEP 610 requires exactly one of the three; a url alone is still direct. */
		dist_warn(d, "direct_url.json: none of vcs_info, dir_info, archive_info");
		d->direct = DIRECT_URL;
	}
	json_decref(root);
}

static void
parse_top_level(struct dist *d, const char *text, size_t len)
{
	struct line_iter it = { text, text + len, NULL };
	const char *line;
	size_t llen;
	bool nul = false, bad = false;

	while (next_line(&it, &line, &llen)) {
		char *v = clean_value(line, llen, &nul, &bad), *t = str_trim(v);

		if (*t != '\0' && !strlist_contains(&d->top_level, t))
			strlist_push(&d->top_level, t);
		free(v);
	}
}

/* --- listing directories --------------------------------------------------------- */

/*
 * Reads a directory from a descriptor: entries in readdir's order ("." and ".."
 * included), their types when the file system gives them. On Linux this calls
 * getdents64 itself: fdopendir would add an fstat and an fcntl to every directory, and
 * Debian's egg-info scan lists hundreds.
 */
#if defined(__linux__) && defined(SYS_getdents64)
#define META_GETDENTS
struct linux_dirent64 {
	uint64_t	 d_ino;
	int64_t		 d_off;
	unsigned short	 d_reclen;
	unsigned char	 d_type;
	char		 d_name[];
};
#endif

struct dir_iter {
	int		 fd;
#ifdef META_GETDENTS
	uint64_t	 buf[4096];	/* 32 KB, as glibc's readdir; aligned for the records */
	size_t		 len;
	size_t		 pos;
#else
	DIR		*dp;
#endif
};

/* Takes fd (closed by dir_close, or here on failure). */
static bool
dir_open(struct dir_iter *it, int fd)
{
	it->fd = fd;
#ifdef META_GETDENTS
	it->len = it->pos = 0;
	return true;
#else
	if ((it->dp = fdopendir(fd)) == NULL) {
		close(fd);
		return false;
	}
	return true;
#endif
}

/* The next entry; type is DT_UNKNOWN when the file system does not say (or 0 where
 * there is no d_type). false at the end or on an error. */
static bool
dir_next(struct dir_iter *it, const char **name, unsigned char *type)
{
#ifdef META_GETDENTS
	for (;;) {
		const struct linux_dirent64 *de;

		if (it->pos >= it->len) {
			long n = syscall(SYS_getdents64, it->fd, it->buf, sizeof it->buf);

			if (n <= 0)
				return false;
			it->len = (size_t)n;
			it->pos = 0;
		}
		de = (const struct linux_dirent64 *)((const char *)it->buf + it->pos);
		it->pos += de->d_reclen;
		/* Deleted entries, which readdir skips too. */
		if (de->d_ino == 0)
			continue;
		*name = de->d_name;
		*type = de->d_type;
		return true;
	}
#else
	struct dirent *de = readdir(it->dp);

	if (de == NULL)
		return false;
	*name = de->d_name;
#ifdef DT_UNKNOWN
	*type = de->d_type;
#else
	*type = 0;
#endif
	return true;
#endif
}

static void
dir_close(struct dir_iter *it)
{
#ifdef META_GETDENTS
	close(it->fd);
#else
	closedir(it->dp);
#endif
}

/* --- the no-file-list fallback --------------------------------------------------- */

/* Walks a package directory (bounded) for the first extension module. */
static bool
walk_for_ext(struct dist *d, int dirfd, int depth, int *budget)
{
	struct dir_iter iter, *it = &iter;	/* 32 KB a level, META_WALK_DEPTH + 1 levels */
	const char *name;
	unsigned char type;
	bool found = false;

	if (!dir_open(it, dirfd))
		return false;
	while (!found && dir_next(it, &name, &type)) {
		const char *s;
		struct stat st;

		if (--*budget <= 0)
			break;
		if (name[0] == '.' || strcmp(name, "__pycache__") == 0)
			continue;
		if ((s = meta_ext_suffix(name)) != NULL) {
			d->compiled = true;
			add_suffix(d, s);
			found = true;
			break;
		}
		if (depth <= 0 || strchr(name, '.') != NULL)
			continue;
#ifdef DT_DIR
		if (type != DT_DIR && type != DT_UNKNOWN)
			continue;
		if (type == DT_UNKNOWN)
#endif
		/* Not following symlinks keeps a loop from walking forever. */
		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISDIR(st.st_mode))
			continue;
		/* Only Python packages below the top: extension modules live there, and
		 * data trees (botocore/data, locale directories) are skipped. Opening a
		 * directory is the expensive part, so ask about __init__.py first. */
		{
			char *init = xprintf("%s/__init__.py", name);
			int sub = -1;

			if (faccessat(dirfd, init, F_OK, 0) == 0)
				sub = openat(dirfd, name,
				    O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
			free(init);
			if (sub != -1)
				found = walk_for_ext(d, sub, depth - 1, budget);
		}
	}
	dir_close(it);
	return found;
}

/* The extension-module files directly in one site directory, kept between calls: the
 * scan reads one location after another, and listing a large site directory once per
 * distribution was the slowest part of reading Debian's dist-packages. Keyed on the
 * directory's identity and mtime, so a changed directory is listed again. */
static struct {
	char		*location;
	dev_t		 dev;
	ino_t		 ino;
	time_t		 mtime;	/* seconds: st_mtim is not portable to macOS */
	struct strlist	 names;
} ext_cache;
static pthread_mutex_t ext_cache_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct strlist *
site_ext_files(int locfd, const char *location)
{
	struct stat st;
	DIR *dp;
	struct dirent *de;
	int dupfd;

	if (fstat(locfd, &st) == -1)
		return NULL;
	if (ext_cache.location != NULL && strcmp(ext_cache.location, location) == 0 &&
	    ext_cache.dev == st.st_dev && ext_cache.ino == st.st_ino &&
	    ext_cache.mtime == st.st_mtime)
		return &ext_cache.names;
	free(ext_cache.location);
	ext_cache.location = NULL;
	strlist_clear(&ext_cache.names);
	if ((dupfd = dup(locfd)) == -1)
		return NULL;
	if ((dp = fdopendir(dupfd)) == NULL) {
		close(dupfd);
		return NULL;
	}
	/* The duplicate shares its offset with locfd, which may have been read already. */
	rewinddir(dp);
	while ((de = readdir(dp)) != NULL)
		if (strchr(de->d_name, '.') != NULL && meta_ext_suffix(de->d_name) != NULL)
			strlist_push(&ext_cache.names, de->d_name);
	closedir(dp);
	ext_cache.location = xstrdup(location);
	ext_cache.dev = st.st_dev;
	ext_cache.ino = st.st_ino;
	ext_cache.mtime = st.st_mtime;
	return &ext_cache.names;
}

/* The site directory's descriptor: the caller's sitefd, or location opened here
 * (close it when it is not sitefd); -1 when it cannot be opened. */
static int
site_dir_open(int sitefd, const char *location)
{
	if (sitefd != AT_FDCWD)
		return sitefd;
	return open(*location != '\0' ? location : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* Debian's egg-info directories carry no file list: look for the modules named in
 * top_level.txt next to the metadata: "NAME.<tag>.so" files and NAME/ packages (their
 * top level and their subpackages). Cheap, bounded, and record_known stays false so
 * callers know it is a guess. sitefd is location's descriptor when the caller has one
 * (a scan does: one open and close fewer per distribution), else AT_FDCWD. */
static void
guess_compiled(struct dist *d, int sitefd, const char *location)
{
	int locfd, budget = META_WALK_ENTRIES;
	const struct strlist *files;

	if (d->top_level.n == 0 || (locfd = site_dir_open(sitefd, location)) == -1)
		return;
	for (size_t i = 0; i < d->top_level.n && !d->compiled; i++) {
		const char *t = d->top_level.v[i];
		int sub;

		if (strstr(t, "..") != NULL || t[0] == '/')
			continue;
		sub = openat(locfd, t, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub != -1)
			walk_for_ext(d, sub, META_WALK_DEPTH, &budget);
	}
	if (!d->compiled) {
		/* env.c reads distributions from several threads. */
		pthread_mutex_lock(&ext_cache_lock);
		if ((files = site_ext_files(locfd, location)) != NULL) {
			for (size_t k = 0; k < files->n; k++) {
				const char *f = files->v[k];

				for (size_t i = 0; i < d->top_level.n; i++) {
					size_t n = strlen(d->top_level.v[i]);

					if (strncmp(f, d->top_level.v[i], n) == 0 && f[n] == '.') {
						d->compiled = true;
						add_suffix(d, meta_ext_suffix(f));
					}
				}
			}
		}
		pthread_mutex_unlock(&ext_cache_lock);
	}
	if (locfd != sitefd)
		close(locfd);
}

/* Walks a whole tree: false as soon as it finds native code (classify_path's rules,
 * and auditwheel's or delocate's library directories) or cannot finish within the
 * bounds; true when every file was seen and none is native. The iterator is on the
 * heap: twelve 32 KB levels would not fit a macOS thread's stack. */
static bool
walk_all_pure(struct dist *d, int dirfd, int depth, int *budget)
{
	struct dir_iter *it = xmalloc(sizeof *it);
	const char *name;
	unsigned char type;
	bool ok = true;

	if (!dir_open(it, dirfd)) {
		free(it);
		return false;
	}
	while (ok && dir_next(it, &name, &type)) {
		struct stat st;
		size_t n = strlen(name);
		int sub;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (--*budget <= 0) {
			ok = false;
			break;
		}
#ifdef DT_DIR
		if (type != DT_DIR && type != DT_UNKNOWN && type != DT_LNK) {
			classify_path(d, name, n, false);
			ok = !d->compiled;
			continue;
		}
#endif
		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			ok = false;
			break;
		}
		if (!S_ISDIR(st.st_mode)) {
			classify_path(d, name, n, false);
			ok = !d->compiled;
			continue;
		}
		if (ends_with_ci(name, n, ".libs") || ends_with_ci(name, n, ".dylibs")) {
			d->compiled = true;
			ok = false;
			break;
		}
		if (depth <= 0 || (sub = openat(dirfd, name,
		    O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
			ok = false;
			break;
		}
		ok = walk_all_pure(d, sub, depth - 1, budget);
	}
	dir_close(it);
	free(it);
	return ok;
}

/* Local evidence of no compiled code without a file list: every module that
 * top_level.txt names is there (a package directory walked in full, or NAME.py beside
 * it) and none holds an extension module or native library. Sets files_pure; what was
 * looked at is what meta_files_note says. */
static void
prove_pure(struct dist *d, int sitefd, const char *location)
{
	int locfd, budget = META_PURE_ENTRIES;
	bool ok = d->top_level.n > 0;

	if ((locfd = site_dir_open(sitefd, location)) == -1)
		return;
	for (size_t i = 0; i < d->top_level.n && ok; i++) {
		const char *t = d->top_level.v[i];
		char *py;
		int sub;

		if (strstr(t, "..") != NULL || t[0] == '/' || *t == '\0') {
			ok = false;
			break;
		}
		/* "a/b" in top_level.txt is a namespace package's part: its directory. */
		sub = openat(locfd, t, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub != -1) {
			ok = walk_all_pure(d, sub, META_PURE_DEPTH, &budget);
			continue;
		}
		py = xprintf("%s.py", t);
		ok = faccessat(locfd, py, F_OK, 0) == 0;
		free(py);
	}
	d->files_pure = ok && !d->compiled;
	if (locfd != sitefd)
		close(locfd);
}

char *
meta_files_note(const struct dist *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;

	/* A release read from a lockfile has no metadata directory to speak of. */
	if (d->record_known || d->meta_dir == NULL)
		return NULL;
	if (stat(d->meta_dir, &st) == 0 && S_ISREG(st.st_mode)) {
		strbuf_addf(&sb, "%s is a metadata file alone (no file list)", d->meta_dir);
		return strbuf_detach(&sb, NULL);
	}
	strbuf_addf(&sb, "no RECORD%s in %s", d->format == EGG_INFO ?
	    ", installed-files.txt or SOURCES.txt" : "", d->meta_dir);
	if (d->top_level.n == 0) {
		strbuf_addstr(&sb, ", and no top_level.txt naming its modules");
		return strbuf_detach(&sb, NULL);
	}
	strbuf_addstr(&sb, "; looked for top_level.txt's modules (");
	for (size_t i = 0; i < d->top_level.n && i < 4; i++)
		strbuf_addf(&sb, "%s%s/, %s.*.so", i > 0 ? ", " : "", d->top_level.v[i],
		    d->top_level.v[i]);
	if (d->top_level.n > 4)
		strbuf_addf(&sb, " and %zu more", d->top_level.n - 4);
	strbuf_addf(&sb, ") in %s: ", *d->location != '\0' ? d->location : ".");
	if (d->compiled) {
		strbuf_addstr(&sb, "extension modules found (");
		for (size_t i = 0; i < d->ext_suffixes.n; i++)
			strbuf_addf(&sb, "%s%s", i > 0 ? ", " : "", d->ext_suffixes.v[i]);
		strbuf_addch(&sb, ')');
	} else if (d->files_pure)
		strbuf_addstr(&sb, "every one found, walked in full: no extension module or "
		    "native library");
	else
		strbuf_addstr(&sb, "no extension modules found, but not every module was "
		    "found or walked in full");
	return strbuf_detach(&sb, NULL);
}

/* --- the whole distribution -------------------------------------------------------- */

static bool
is_dist_info(const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return ends_with_ci(dir, n, ".dist-info");
}

int
meta_read_dist(const char *location, const char *dir, struct dist **out, char **cause)
{
	return meta_read_dist_at(AT_FDCWD, dir, location, dir, out, cause);
}

int
meta_read_dist_at(int sitefd, const char *rel, const char *location, const char *dir,
    struct dist **out, char **cause)
{
	struct dist *d = xcalloc(1, sizeof *d);
	struct dsrc src = { sitefd, rel, strlen(rel) };
	char stackbuf[META_STACK_BUF + 1];
	struct fbuf fb = { stackbuf, 0, META_STACK_BUF, stackbuf };
	int rc = 0;
	char *why = NULL;
	bool truncated = false, saw_reqs = false, is_file = false;
	static const char *metafiles[] = { "METADATA", "PKG-INFO" };

	d->location = xstrdup(location);
	d->meta_dir = xstrdup(dir);
	d->root_is_purelib = -1;
	d->format = is_dist_info(dir) ? DIST_INFO : EGG_INFO;

	/* METADATA, else PKG-INFO (an empty file counts as absent, as importlib's "or"
	 * does); the first error is kept for the cause. */
	for (size_t i = 0; i < nitems(metafiles) && rc != 1; i++) {
		char *err = NULL;

		rc = slurp(&src, metafiles[i], metafiles[i], META_MAX_HEADERS, true, &fb,
		    &truncated, &err);
		if (rc == -1) {
			dist_warn(d, "%s", err);
			if (why == NULL)
				why = err;
			else
				free(err);
			rc = 0;
		}
	}
	if (rc == 0 && why == NULL) {
		struct stat st;

		if (fstatat(sitefd, rel, &st, 0) == -1) {
			*cause = xprintf("%s: %s; skipped", dir, strerror(errno));
			fbuf_release(&fb);
			dist_free(d);
			return -1;
		}
		if (S_ISREG(st.st_mode)) {
			/* A distutils "foo-1.0.egg-info" file is the metadata itself (importlib
			 * reads the path when METADATA and PKG-INFO cannot be). */
			is_file = true;
			rc = slurp(&src, NULL, dir, META_MAX_HEADERS, true, &fb, &truncated,
			    &why);
			if (rc == -1)
				rc = 0;
		}
	}
	if (rc == 1) {
		if (truncated)
			dist_warn(d, "metadata headers larger than %u MB: read only the first %u MB",
			    META_MAX_HEADERS >> 20, META_MAX_HEADERS >> 20);
		saw_reqs = parse_metadata(d, fb.p, fb.len);
	}
	if (d->display_name == NULL || d->display_name[0] == '\0' || d->version == NULL ||
	    d->version[0] == '\0') {
		/* importlib.metadata lists such a distribution with name None; a nameless
		 * node is useless in a dependency tree, so it is skipped with this cause. */
		if (rc != 1)
			*cause = xprintf("%s: no readable METADATA or PKG-INFO%s%s; skipped", dir,
			    why != NULL ? ": " : "", why != NULL ? why : "");
		else
			*cause = xprintf("%s: metadata has no %s; skipped", dir,
			    d->display_name == NULL || d->display_name[0] == '\0' ?
			    "Name" : "Version");
		free(why);
		fbuf_release(&fb);
		dist_free(d);
		return -1;
	}
	free(why);
	d->name = name_normalize(d->display_name);
	if (is_file) {
		fbuf_release(&fb);
		*out = d;
		return 0;
	}

	if (!saw_reqs && read_opt(d, &src, "requires.txt", META_MAX_SMALL, &fb))
		parse_requires_txt(d, fb.p, fb.len);
	if (read_opt(d, &src, "WHEEL", META_MAX_SMALL, &fb))
		parse_wheel(d, fb.p, fb.len);
	if (read_opt(d, &src, "RECORD", META_MAX_RECORD, &fb))
		meta_parse_record(d, fb.p, fb.len);
	else if (read_opt(d, &src, "installed-files.txt", META_MAX_RECORD, &fb))
		parse_plain_list(d, fb.p, fb.len, false);
	else if (read_opt(d, &src, "SOURCES.txt", META_MAX_RECORD, &fb))
		parse_plain_list(d, fb.p, fb.len, true);
	if (read_opt(d, &src, "direct_url.json", META_MAX_SMALL, &fb))
		parse_direct_url(d, fb.p, fb.len);
	if (read_opt(d, &src, "INSTALLER", META_MAX_SMALL, &fb)) {
		bool nul = false, bad = false;
		char *v = clean_value(fb.p, fb.len, &nul, &bad), *t = str_trim(v), *nl;

		if ((nl = strpbrk(t, "\r\n")) != NULL)
			*nl = '\0';
		t = str_trim(t);
		if (*t != '\0')
			d->installer = xstrdup(t);
		free(v);
	}
	if (read_opt(d, &src, "top_level.txt", META_MAX_SMALL, &fb))
		parse_top_level(d, fb.p, fb.len);
	fbuf_release(&fb);
	if (!d->record_known)
		guess_compiled(d, sitefd, location);
	if (!d->record_known && !d->compiled)
		prove_pure(d, sitefd, location);
	*out = d;
	return 0;
}
