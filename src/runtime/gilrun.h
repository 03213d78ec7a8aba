/* gilrun.h: one child process of a test run as a source of the event loop (loop.h): an
 * argv vector (never a shell), its own process group, stdout and stderr read as they
 * come (the last bytes kept), a timeout that kills the whole group, the GIL warning
 * spotted in its stderr. The loop never waits for it; done is called when it is over. */
#ifndef FTPORT_GILRUN_H
#define FTPORT_GILRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "loop.h"
#include "util.h"

/* The RuntimeWarning CPython prints when an extension without the Py_mod_gil slot
 * turns the GIL back on; the module's name follows in quotes. */
#define GILRUN_GIL_WARNING \
	"The global interpreter lock (GIL) has been enabled to load module '"

struct gilrun_spec {
	char *const	 *argv;		/* argv[0] is a path, not searched */
	const char *const *set_env;	/* "NAME=VALUE" added or replaced; NULL-terminated */
	const char *const *unset_env;	/* names removed ("NAME_*": those that start so);
					   NULL-terminated */
	int		  timeout_ms;	/* 0: none */
	size_t		  keep;		/* the last bytes of output kept for the log */
};

struct gilrun_result {
	int		 status;	/* exit status; -1 when signalled, timed out or cancelled */
	int		 signal;	/* the signal that ended it, 0 when none */
	bool		 timed_out;	/* killed (with its group) after timeout_ms */
	bool		 cancelled;	/* killed by gilrun_cancel */
	double		 seconds;
	char		*log;		/* the last `keep` bytes of stdout and stderr, as they came */
	size_t		 loglen;
	unsigned long long total;	/* bytes of output in all */
	char		*out_tail;	/* the last 64 KB of stdout */
	char		*err_tail;	/* the last 64 KB of stderr */
	char		*gil_module;	/* the module GILRUN_GIL_WARNING named, NULL when none */
};

/* Called once, from a loop turn, when the child has been reaped; r is freed after. */
typedef void (*gilrun_done_fn)(struct gilrun_result *r, void *arg);

struct gilrun;

/* Starts the child and registers it with l. -1 and *cause when it cannot start. */
struct gilrun *gilrun_start(struct loop *l, const struct gilrun_spec *s, gilrun_done_fn done,
    void *arg, char **cause);
/* Kills its process group; done follows (cancelled) once it is reaped. */
void gilrun_cancel(struct gilrun *g);
/* Kills its process group, reaps it now, and frees it without calling done (for
 * shutting down). */
void gilrun_abandon(struct gilrun *g);
/* The child's pid (its process group's id), for tests. */
long gilrun_pid(const struct gilrun *g);

/* "SIGSEGV" for 11; "signal 77" for one without a name here. Static storage for the
 * named ones; the others use a static buffer. */
const char *gilrun_signal_name(int sig);


#endif
