/* util.h: allocation that never returns NULL, fatal errors, small string helpers. */
#ifndef FTPORT_UTIL_H
#define FTPORT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define PRINTFLIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTFLIKE(f, a)
#define NORETURN
#endif

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation: out of memory is fatal; zero sizes and overflowed products are bugs. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xprintf(const char *fmt, ...) PRINTFLIKE(1, 2);
char *xvprintf(const char *fmt, va_list ap) PRINTFLIKE(1, 0);

/* fatal() is for bugs and out-of-memory only; it runs the hook (the UI restores the
 * terminal there) before printing and exiting. */
void fatal(const char *fmt, ...) PRINTFLIKE(1, 2) NORETURN;
void fatal_set_hook(void (*hook)(void));

/* Warnings and verbose output go to stderr unless -q; set by main. */
extern int log_verbosity; /* -1 quiet, 0 normal, 1+ verbose */
void log_warn(const char *fmt, ...) PRINTFLIKE(1, 2);
void log_debug(const char *fmt, ...) PRINTFLIKE(1, 2);
/* While the terminal UI owns the screen, log lines go to this hook (the status line)
 * instead of stderr; NULL restores stderr. */
void log_set_hook(void (*hook)(bool warning, const char *msg));

/* Growable array of owned strings. */
struct strlist {
	char	**v;
	size_t	  n;
	size_t	  alloc;
};
#define STRLIST_INIT { NULL, 0, 0 }
void strlist_push(struct strlist *l, const char *s);
void strlist_push_owned(struct strlist *l, char *s);
bool strlist_contains(const struct strlist *l, const char *s);
void strlist_clear(struct strlist *l);

/* Reads a whole file, up to max bytes (larger files fail with a cause). The result is
 * NUL-terminated; *len (if not NULL) is the byte count, which may include NUL bytes. */
int read_file(const char *path, size_t max, char **out, size_t *len, char **cause);

/* Writes a file atomically: a temporary file in the same directory, fsync, rename. */
int write_file_atomic(const char *path, const void *data, size_t len, char **cause);
/* Writes all len bytes to fd, again after EINTR and short writes; -1 with errno. */
int write_all(int fd, const void *data, size_t len);
/* The same without the fsync, for files whose reader checks them whole (the cache's
 * entries carry a length and a checksum): a crash can leave the old file, the new one
 * or a damaged one that reads as a miss, never a wrong answer. An fsync costs ~2 ms
 * on an ext4 VM disk, and a cold check writes one entry per package. */
int write_file_replace(const char *path, const void *data, size_t len, char **cause);

/* Creates a directory and its parents (mode 0700 for new ones). */
int mkdir_p(const char *path, char **cause);

/* PEP 503 name normalisation: lowercase, runs of [-_.] become one '-'. */
char *name_normalize(const char *name);
/* A file of ftport's configuration directory: $XDG_CONFIG_HOME/ftport/NAME (when that is
 * an absolute path), else ~/.config/ftport/NAME; NULL without either. Allocated. */
char *config_file_path(const char *name);

/* One word of a command line a person will paste into a shell (a name from metadata in
 * "ftport draft NAME --open", a requirement in "pip install ..."): as it is when only
 * harmless characters make it up, else in double quotes when nothing in it is special
 * there ($ ` \ " !), else in single quotes ('\'' for a quote). Never empty. Allocated. */
char *shell_quote(const char *s);

/* FNV-1a over len bytes, continuing from h (HASH_FNV_BASIS to start): the one hash of
 * the program, for hash tables, cache keys and checksums (not against adversaries). */
#define HASH_FNV_BASIS 0xcbf29ce484222325ULL
uint64_t hash_bytes(const void *data, size_t len, uint64_t h);
/* hash_bytes over a C string: the name tables (env.c, graph.c) and names on disk. */
uint64_t str_hash(const char *s);

bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);
char *str_trim(char *s); /* trims in place, returns s advanced past leading space */

/* Monotonic clock in milliseconds. */
double now_ms(void);

#endif
