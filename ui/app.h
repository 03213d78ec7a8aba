/* app.h: what the TUI works on: the model (environment, graph, check, view model) and
 * its services (fetch, the loop, the index, upstream, tests, the team state), with the
 * status line's message. The views draw it and the actions change it; it knows neither. */
#ifndef FTPORT_APP_H
#define FTPORT_APP_H

#include <stdbool.h>
#include <sys/types.h>

#include "actions.h"
#include "check.h"
#include "env.h"
#include "fetch.h"
#include "forge.h"
#include "graph.h"
#include "index.h"
#include "loop.h"
#include "options.h"
#include "prompt.h"
#include "snapshot.h"
#include "strbuf.h"
#include "evidence.h"
#include "testresult.h"
#include "testrun.h"
#include "util.h"
#include "viewmodel.h"

struct app;
struct state;

/* What a `refresh` of one package waits with. */
struct app_refresh {
	struct app	*app;
	size_t		 i;
	bool		 pending;
};

struct app {
	struct options		*o;
	struct environment	*env;
	struct graph		*graph;
	struct fetch		*fetch;
	struct loop		*loop;		/* background work beside fetch's transfers */
	struct index_client	*index;
	struct snapshot		*snapshot;
	struct replacements	*repl;		/* the replacements tables */
	struct check		*check;
	bool			 check_started;	/* check_start has run */
	bool			 check_reported; /* its errors summed up on the status line */
	struct index_client	*index_refresh;	/* past the cache, for `refresh` */
	struct index_client	*nightly;	/* --nightly or the nightly toggle's */
	struct app_refresh	*refresh_ctx;	/* one per package */
	size_t			 refreshing;	/* answers awaited by `refresh` */
	struct viewmodel	*vm;
	struct keymap		 keys;
	char			*config_path;
	struct strlist		 config_errors;
	bool			 scripted;	/* FTPORT_SCRIPT: no terminal to lend */

	struct prompt		 prompt;	/* the line read on the status line */
	char			*message;	/* status line message, or NULL */
	bool			 message_error;
	/* Every message of the session, oldest first, each after '!' (an error) or ' ':
	 * a message is gone from the status line at the next key, and a long one is cut
	 * there; the messages view (M) shows them whole. */
	struct strlist		 messages;
	/* The upstream finding the detail pane marks (open-url opens it), -1: none; set
	 * only while the pane is shown. */
	long			 finding;

	bool			 model_dirty;	/* rebuild the view model this turn */
	double			 built_ms;	/* when it was last rebuilt */
	double			 build_cost_ms;	/* what that rebuild took (propagate too) */
	bool			 screen_dirty;	/* draw this turn */

	/* Figures for :stats (bench/tui). */
	double			 start_ms;
	double			 env_ms;		/* environment read and graph built */
	double			 first_frame_ms;	/* -1 until drawn */
	double			 full_frame_ms;		/* first frame with every answer in */

	/* Upstream findings (the upstream action), per graph node; the client is made
	 * on first use, so its cache warning reaches the status line. */
	struct forge		*forge;
	struct upstream		**upstreams;
	char			*forge_said;	/* the rate-limit line last shown */

	/* Tests under PYTHON_GIL=0 (testui.c): the run and the interpreter are made on
	 * the first `t`; per graph node the latest run and the mark. The results known
	 * (the store's, the team state's, this session's) are the check's evidence. */
	struct ftpython		*ftpython;
	bool			 test_note_said;	/* its ABI is not the target's: said */
	struct testrun		*tests;
	struct testrun_pkg	**test_of;
	struct evidence		 evidence;
	bool			*marked;
	size_t			 nmarked;
	/* The team state (.ftport/state.json): NULL when it could not be read (the
	 * message said why; a, c, x then say it again and write nothing). */
	struct state		*state;
	char			*state_path;
	char			*prompt_pkg;	/* owner/note/decision: whose (normalised) */

	pid_t			*children;	/* browsers started by open-url, to reap */
	size_t			 nchildren;
};

/* The status line's message, kept in the message log too; paths under $HOME read as
 * ~/... */
void app_message(struct app *app, bool error, const char *fmt, ...) PRINTFLIKE(3, 4);
/* The log keeps this many messages (the oldest go first). */
#define APP_MESSAGES_MAX	500

/* Log lines to the status line while curses owns the terminal (NULL: back to stderr). */
void app_log_to(struct app *app);
/* Nothing loading: no answer awaited, no background work. */
bool app_idle(const struct app *app);
/* (Re)starts the check of every package; refresh: past the cache. */
int app_start_check(struct app *app, bool refresh, char **cause);
/* R: the whole check again, past the cache, once the last one is in. */
void app_revalidate(struct app *app);
/* The nightly toggle: --nightly on or off, and the check again (from the cache). */
void app_toggle_nightly(struct app *app);
/* r: asks the index again about the package under the cursor, past the cache. */
void app_refresh(struct app *app);
/* The check's entry for a package (NULL: none, or no check). */
const struct check_pkg *app_check_pkg(const struct app *app, const struct graph_node *n);
/* Once per turn: propagates answers and rebuilds the rows when due (at most every
 * APP_REBUILD_MS, or APP_REBUILD_SHARE times the last rebuild's cost, while answers
 * stream in); true when the screen is to be drawn. */
bool app_update(struct app *app);

/* While answers stream in, the tree is rebuilt at most this often (htop's delay):
 * each rebuild is O(rows), and a turn of the loop may bring one answer. */
#define APP_REBUILD_MS	40
/* ... and after a wait of this many times what the last rebuild took: propagating and
 * rebuilding grow with the environment (well over 40 ms at 20,000 distributions), and
 * every 40 ms they left the transfers no time (a cold start there took 42 s, not 18). */
#define APP_REBUILD_SHARE	4

#endif
