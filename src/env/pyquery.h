/* pyquery.h: asking a Python interpreter, in one short run, for its sys.path, version,
 * platform, Py_GIL_DISABLED and PEP 508 marker values. */
#ifndef FTPORT_PYQUERY_H
#define FTPORT_PYQUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "marker.h"
#include "util.h"

#define PYQUERY_TIMEOUT_MS	10000

struct pyquery {
	char		*executable;	/* sys.executable ("" when Python could not tell) */
	char		*prefix;	/* sys.prefix */
	char		*base_prefix;	/* sys.base_prefix */
	char		*version;	/* platform.python_version() */
	char		*implementation; /* sys.implementation.name */
	bool		 gil_disabled;	/* sysconfig Py_GIL_DISABLED */
	char		*platform;	/* sysconfig.get_platform() */
	char		*libc;		/* "glibc", "musl"; NULL when neither was found */
	char		*libc_version;	/* "2.36", "1.2.5" ("" when musl did not say) */
	struct strlist	 path;		/* sys.path, in order ("" is the current directory) */
	char		*markers[MV_COUNT];
};

/* The marker variable names in enum marker_var order (no dependency on marker.c). */
extern const char *const pyquery_marker_names[MV_COUNT];

/* Runs "python -c PROGRAM" (argv vector, no shell; stdin /dev/null; stdout and stderr
 * captured) and kills it after timeout_ms. On failure returns -1 with a cause that says
 * what happened ("exited with status 1: ModuleNotFoundError: ..."), without naming the
 * interpreter (the caller knows how it was found). */
int pyquery_run(const char *python, int timeout_ms, struct pyquery **out, char **cause);
/* The same in two halves, so that the caller can read site directories while the
 * interpreter starts: pyquery_finish waits (up to the timeout counted from the start)
 * and always consumes the job. */
struct pyquery_job;
int pyquery_start(const char *python, int timeout_ms, struct pyquery_job **job,
    char **cause);
int pyquery_finish(struct pyquery_job *job, struct pyquery **out, char **cause);
/* The ELF program interpreter (PT_INTERP) of the executable at path, into buf:
 * "/lib/ld-musl-x86_64.so.1". -1 when path is not a dynamic ELF executable. The C library
 * is found the way packaging.tags finds it: glibc's version from the interpreter
 * (confstr), else musl when this names ld-musl-*, whose version the loader prints. */
int pyquery_elf_interp(const char *path, char *buf, size_t len);
/* Parses the program's JSON answer (exposed for tests). */
int pyquery_parse(const char *text, size_t len, struct pyquery **out, char **cause);
/* The query as JSON that pyquery_parse reads back to an equal query (the C library
 * included): what the probe cache keeps. */
char *pyquery_dump(const struct pyquery *q);
void pyquery_free(struct pyquery *q);

/* Output of a child process run with pyquery's machinery. */
struct pyquery_child {
	char	*out;		/* stdout, NUL-terminated */
	size_t	 outlen;
	char	*err;		/* the first 64 KB of stderr, NUL-terminated */
	int	 status;	/* exit status, or 128 + signal */
	bool	 timed_out;
};
/* Runs argv[0] (a path, not searched) with argv; -1 with *cause when it cannot be
 * started. The child is in its own process group, killed with it on timeout. */
int pyquery_spawn(char *const argv[], int timeout_ms, size_t max_out,
    struct pyquery_child *c, char **cause);
void pyquery_child_free(struct pyquery_child *c);

/* Finds an executable file named name in $PATH (no shell); NULL when there is none. */
char *pyquery_which(const char *name);

#endif
