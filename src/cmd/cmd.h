/* cmd.h: what the commands share (cmd.c): loading the environment, a check run to
 * completion, errors and the progress line. */
#ifndef FTPORT_CMD_H
#define FTPORT_CMD_H

#include <stdbool.h>

#include "check.h"
#include "evidence.h"
#include "options.h"

struct environment;
struct graph;
struct snapshot;
struct state;
struct fetch;
struct index_client;



/* Prints "ftport: CAUSE" on stderr, sanitised: causes can quote file contents, the
 * interpreter's stderr or a server's answer. */
void cmd_error(const char *cause);

/* A progress line on stderr, drawn when show (stderr is a terminal, not -q): at most
 * ten redraws a second, each replacing the last; cmd_progress_end erases it. The
 * caller sanitises what it prints. */
struct cmd_progress {
	bool	 show;
	double	 last;
};
void cmd_progress_line(struct cmd_progress *p, const char *fmt, ...) PRINTFLIKE(2, 3);
void cmd_progress_end(struct cmd_progress *p);

/* The environment for o: the installed one, or with --lock the lockfile's (for the
 * first --target and --platform). -1 and a one-line *cause (exit status
 * cmd_env_status(o)). */
int cmd_env_load(struct options *o, struct environment **out, char **cause);

/* Loads the environment for o; on failure prints the one-line cause and returns NULL
 * (the caller exits with cmd_env_status(o)). */
struct environment *cmd_load_env(struct options *o);
/* The exit status when o's environment cannot be read: a --lock file the user named is
 * input given on the command line, like an option's value (EXIT_USAGE: it is missing,
 * or holds nothing valid); an installed environment that cannot be read is
 * EXIT_NOENV. */
int cmd_env_status(const struct options *o);

/* --target and --platform refused before anything is read (exit 2). -1 after saying
 * what is wrong. */
int cmd_validate_targets(struct options *o, const char *cmd);

/* A check run to completion, what check, export and draft share. */
struct cmd_run {
	struct environment	*env;
	struct graph		*graph;
	struct snapshot		*snap;		/* NULL if it could not be read */
	struct fetch		*fetch;
	struct index_client	*ic;
	struct index_client	*nightly;	/* --nightly's index, else NULL */
	struct check		*ch;		/* propagated */
	struct replacements	*repl;		/* the replacements tables */
	struct strlist		 errors;	/* run-wide problems, one line each */
	/* The results of `ftport test`: the local store's and the team state's, on the
	 * check's verdicts (evidence.h). */
	struct evidence		 evidence;
	struct state		*state;		/* the team state as read for that evidence,
						   NULL if it could not be read */
};
/* Reads the environment and checks every package (changed, if not NULL, is called
 * as each answer arrives, and with cp NULL after a second without one), the team
 * state's ignores applied. Returns EXIT_DONE, or the exit status after printing the
 * cause (EXIT_NOENV, EXIT_USAGE). r is to be freed with cmd_run_free either way. */
int cmd_run_check(struct options *o, const char *cmd, struct cmd_run *r,
    check_changed_fn changed, void *arg);
void cmd_run_free(struct cmd_run *r);
/* --nightly's index client (--nightly-index, else the Scientific Python nightly
 * wheels), through the same fetch engine and cache; NULL without --nightly, and NULL
 * with *cause when the URL is not http or https. */
struct index_client *cmd_nightly_client(const struct options *o, struct fetch *f,
    char **cause);
/* The replacements tables (bundled and the user's); a table that cannot be read is a
 * warning and one line added to errors. */
struct replacements *cmd_load_replacements(struct strlist *errors);

#endif
