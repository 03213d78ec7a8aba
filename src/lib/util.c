/* util.c: allocation, fatal errors, logging, string lists and file helpers shared by
 * every module. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

int log_verbosity;
static void (*fatal_hook)(void);
static void (*log_hook)(bool, const char *);

void
log_set_hook(void (*hook)(bool warning, const char *msg))
{
	log_hook = hook;
}

static void
log_emit(bool warning, const char *fmt, va_list ap)
{
	if (log_hook != NULL) {
		char *msg = xvprintf(fmt, ap);

		log_hook(warning, msg);
		free(msg);
		return;
	}
	fputs(warning ? "ftport: warning: " : "ftport: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
fatal_set_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	if (fatal_hook != NULL) {
		void (*hook)(void) = fatal_hook;

		fatal_hook = NULL;	/* a fatal inside the hook must not recurse */
		hook();
	}
	fputs("ftport: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(70);
}

void *
xmalloc(size_t size)
{
	void *p;

	if (size == 0)
		fatal("xmalloc: zero size");
	if ((p = malloc(size)) == NULL)
		fatal("out of memory allocating %zu bytes", size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		fatal("xcalloc: zero size");
	if (SIZE_MAX / nmemb < size)
		fatal("xcalloc: %zu * %zu overflows", nmemb, size);
	if ((p = calloc(nmemb, size)) == NULL)
		fatal("out of memory allocating %zu * %zu bytes", nmemb, size);
	return p;
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		fatal("xreallocarray: zero size");
	if (SIZE_MAX / nmemb < size)
		fatal("xreallocarray: %zu * %zu overflows", nmemb, size);
	if ((p = realloc(ptr, nmemb * size)) == NULL)
		fatal("out of memory allocating %zu * %zu bytes", nmemb, size);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xvprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("xvprintf: bad format");
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvprintf(fmt, ap);
	va_end(ap);
	return p;
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	if (log_verbosity < 0)
		return;
	va_start(ap, fmt);
	log_emit(true, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_verbosity < 1)
		return;
	va_start(ap, fmt);
	log_emit(false, fmt, ap);
	va_end(ap);
}

void
strlist_push_owned(struct strlist *l, char *s)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 8;
		l->v = xreallocarray(l->v, l->alloc, sizeof *l->v);
	}
	l->v[l->n++] = s;
}

void
strlist_push(struct strlist *l, const char *s)
{
	strlist_push_owned(l, xstrdup(s));
}

bool
strlist_contains(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

void
strlist_clear(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

int
read_file(const char *path, size_t max, char **out, size_t *lenp, char **cause)
{
	int fd;
	struct stat st;
	size_t alloc, len = 0;
	char *buf;
	ssize_t n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || S_ISDIR(st.st_mode)) {
		*cause = xprintf("%s: %s", path, S_ISDIR(st.st_mode) ? "is a directory" : strerror(errno));
		close(fd);
		return -1;
	}
	if (st.st_size > 0 && (uintmax_t)st.st_size > max) {
		*cause = xprintf("%s: larger than %zu bytes", path, max);
		close(fd);
		return -1;
	}
	alloc = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096;
	buf = xmalloc(alloc);
	for (;;) {
		if (len + 1 >= alloc) {
			if (alloc > max) {
				free(buf);
				close(fd);
				*cause = xprintf("%s: larger than %zu bytes", path, max);
				return -1;
			}
			alloc *= 2;
			buf = xreallocarray(buf, alloc, 1);
		}
		n = read(fd, buf + len, alloc - len - 1);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			*cause = xprintf("%s: %s", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	if (lenp != NULL)
		*lenp = len;
	return 0;
}

int
write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
write_file_rename(const char *path, const void *data, size_t len, bool durable, char **cause)
{
	char *tmp = xprintf("%s.tmp.%ld", path, (long)getpid());
	int fd;

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1) {
		*cause = xprintf("%s: %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	if (write_all(fd, data, len) == -1)
		goto fail;
	if ((durable && fsync(fd) == -1) || close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	return 0;
fail:
	*cause = xprintf("%s: %s", path, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	free(tmp);
	return -1;
}

int
write_file_atomic(const char *path, const void *data, size_t len, char **cause)
{
	return write_file_rename(path, data, len, true, cause);
}

int
write_file_replace(const char *path, const void *data, size_t len, char **cause)
{
	return write_file_rename(path, data, len, false, cause);
}

int
mkdir_p(const char *path, char **cause)
{
	char *copy = xstrdup(path);
	char *p = copy;

	for (;;) {
		while (*p == '/')
			p++;
		p = strchr(p, '/');
		if (p != NULL)
			*p = '\0';
		if (mkdir(copy, 0700) == -1 && errno != EEXIST) {
			*cause = xprintf("cannot create %s: %s", copy, strerror(errno));
			free(copy);
			return -1;
		}
		if (p == NULL)
			break;
		*p++ = '/';
	}
	free(copy);
	return 0;
}

char *
name_normalize(const char *name)
{
	size_t len = strlen(name);
	char *out = xmalloc(len + 1), *o = out;
	bool sep = false;

	for (const char *s = name; *s != '\0'; s++) {
		if (*s == '-' || *s == '_' || *s == '.') {
			sep = true;
			continue;
		}
		if (sep && o != out)
			*o++ = '-';
		sep = false;
		*o++ = (char)tolower((unsigned char)*s);
	}
	*o = '\0';
	return out;
}

char *
shell_quote(const char *s)
{
	char *out, *o;

	if (*s != '\0' && s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._+-/:@%,")] == '\0')
		return xstrdup(s);
	if (strpbrk(s, "$`\\\"!") == NULL)
		return xprintf("\"%s\"", s);
	/* Each quote becomes four characters, plus the two around. */
	o = out = xmalloc(4 * strlen(s) + 3);
	*o++ = '\'';
	for (; *s != '\0'; s++) {
		if (*s == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else
			*o++ = *s;
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

uint64_t
hash_bytes(const void *data, size_t len, uint64_t h)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t
str_hash(const char *s)
{
	/* Not FNV's offset basis (a digit short), kept: names of clones, scratch venvs and
	 * cached interpreter answers on disk are made from it. */
	return hash_bytes(s, strlen(s), 1469598103934665603ULL);
}

bool
str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
str_ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

char *
str_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

char *
config_file_path(const char *name)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		return xprintf("%s/ftport/%s", xdg, name);
	if (home != NULL && *home != '\0')
		return xprintf("%s/.config/ftport/%s", home, name);
	return NULL;
}
