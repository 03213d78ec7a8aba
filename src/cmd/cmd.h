/* cmd.h: the commands (one file each: cmd_tree.c, ...) and the table main dispatches on. */
#ifndef FTPORT_CMD_H
#define FTPORT_CMD_H

#include <signal.h>
#include <stdbool.h>

#include "check.h"
#include "evidence.h"
#include "options.h"

struct environment;
struct graph;
struct snapshot;
struct fetch;
struct index_client;

int cmd_tree(struct options *o);
int cmd_cache(struct options *o);
int cmd_check(struct options *o);
int cmd_test(struct options *o);
int cmd_stats(struct options *o);
int cmd_export(struct options *o);
int cmd_draft(struct options *o);

struct state;
struct checklist;
/* cmd_export.c, shared with draft: the team state (--state or the project's; an
 * invalid file is reported and -1), and the local test results on the checklist. */
int cmd_load_state(struct options *o, struct state **st, char **path);
/* The state's ignored packages block nothing above them: handed to the check, which
 * propagates again (the TUI does the same on each x). */
void cmd_check_ignore(struct check *ch, const struct state *st);
/* cmd_check.c, shared with export: asks the forge about every package that is not fine
 * as it stands; one slot per package (NULL where not asked), upstream_free each. */
struct upstream **cmd_check_upstream(const struct options *o, const struct check *ch,
    const struct snapshot *snap, struct fetch *f);
int cmd_upstream(struct options *o);

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
struct fetch;
struct forge;
struct loop;
struct upstream;
struct upstream_scan_config;
/* The source scan's settings from o (--cache-dir, --max-repo-mb, --scan-timeout;
 * --offline reads only the clones already in the cache). */
void cmd_scan_config(const struct options *o, struct upstream_scan_config *cfg);
/* The forge client for o (--github-api, --gitlab-api, --cache-dir, --offline,
 * --refresh); its warning, if any, said once. */
struct forge *cmd_forge_new(const struct options *o, struct fetch *f, struct loop *l);
/* Turns the loop until every package asked of fg is answered. On stderr (not with -q):
 * first how many repositories will be asked and how long that takes at the rate limit,
 * then one progress line on a terminal (answered so far, when the next can come), or
 * else the rate limit said once. ^C stops asking: the packages not answered yet are
 * failed as interrupted and 1 is returned (cmd_forge_stopped holds the signal). -1 if
 * the client stalled (a bug; said). */
extern volatile sig_atomic_t cmd_forge_stopped;
int cmd_forge_wait(struct forge *fg, struct fetch *f, struct loop *l);
/* A forge_done_fn that only logs (-v). */
void cmd_upstream_done(struct upstream *u, void *arg);

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
	struct check		*ch;		/* propagated */
	struct replacements	*repl;		/* the replacements tables */
	struct strlist		 errors;	/* run-wide problems, one line each */
	/* The results of `ftport test`: the local store's and the team state's, on the
	 * check's verdicts (evidence.h). */
	struct evidence		 evidence;
};
/* Reads the environment and checks every package (changed, if not NULL, is called
 * as each answer arrives, and with cp NULL after a second without one). Returns EXIT_DONE, or the exit status after printing the
 * cause (EXIT_NOENV, EXIT_USAGE). r is to be freed with cmd_run_free either way. */
int cmd_run_check(struct options *o, const char *cmd, struct cmd_run *r,
    check_changed_fn changed, void *arg);
void cmd_run_free(struct cmd_run *r);
/* The replacements tables (bundled and the user's); a table that cannot be read is a
 * warning and one line added to errors. */
struct replacements *cmd_load_replacements(struct strlist *errors);

#endif
