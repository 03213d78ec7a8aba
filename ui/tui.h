/* tui.h: the terminal UI (SPEC §10): its state, shared by the loop (tui.c), drawing
 * (draw.c), keys (keys.c) and the scripted mode (script.c). Only ui/ includes curses. */
#ifndef FTPORT_TUI_H
#define FTPORT_TUI_H

#include <stdbool.h>
#include <stdio.h>
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
#include "snapshot.h"
#include "strbuf.h"
#include "testresult.h"
#include "testrun.h"
#include "viewmodel.h"

/* `ftport` with no command. */
int tui_main(struct options *o);

struct tui_script;
struct tui;
struct state;

/* What the status line prompt reads: a search pattern, or a field of the team state. */
enum tui_prompt { PROMPT_SEARCH, PROMPT_OWNER, PROMPT_NOTE, PROMPT_DECISION };

/* What a `refresh` of one package waits with. */
struct tui_refresh {
	struct tui	*t;
	size_t		 i;
	bool		 pending;
};

struct tui {
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
	struct tui_refresh	*refresh_ctx;	/* one per package */
	size_t			 refreshing;	/* answers awaited by `refresh` */
	struct viewmodel	*vm;
	struct keymap		 keys;
	char			*config_path;
	struct strlist		 config_errors;

	int			 height, width;

	bool			 detail;	/* the detail pane is shown */
	size_t			 detail_top;	/* its first line shown */
	const struct graph_node	*detail_node;	/* whose detail detail_top is for */
	bool			 help;		/* the help screen is shown */
	size_t			 help_top;
	size_t			 help_lines;	/* lines of the help, set when drawn */
	bool			 prompting;	/* reading a line on the status line */
	enum tui_prompt		 prompt_kind;	/* what for */
	char			*prompt_pkg;	/* owner/note/decision: whose (normalised) */
	struct strbuf		 prompt;
	char			*message;	/* status line message, or NULL */
	bool			 message_error;

	bool			 quit;
	bool			 model_dirty;	/* rebuild the view model this turn */
	double			 built_ms;	/* when it was last rebuilt */
	double			 build_cost_ms;	/* what that rebuild took (propagate too) */
	bool			 screen_dirty;	/* draw this turn */
	int			 signal;	/* SIGINT/SIGTERM caught */

	struct tui_script	*script;	/* FTPORT_SCRIPT, or NULL */
	double			 start_ms;
	double			 env_ms;		/* environment read and graph built */
	double			 first_frame_ms;	/* -1 until drawn */
	double			 full_frame_ms;		/* first frame with every answer in */
	unsigned long		 keys_done;
	double			 keys_ms;		/* handling + redraw of those keys */

	/* Upstream findings (the upstream action), per graph node; the client is made
	 * on first use, so its cache warning reaches the status line. */
	struct forge		*forge;
	struct upstream		**upstreams;
	char			*forge_said;	/* the rate-limit line last shown */
	long			 detail_finding; /* the finding open-url opens, -1: none shown */

	/* Tests under PYTHON_GIL=0 (testui.c): the run and the interpreter are made on
	 * the first `t`; per graph node the latest run, the stored result, the mark. */
	struct ftpython		*ftpython;
	struct testrun		*tests;
	struct testrun_pkg	**test_of;
	struct test_result	*test_stored;	/* name NULL: none */
	bool			*marked;
	size_t			 nmarked;
	/* The team state (.ftport/state.json): NULL when it could not be read (the
	 * message said why; a, c, x then say it again and write nothing). */
	struct state		*state;
	char			*state_path;

	pid_t			*children;	/* browsers started by open-url, to reap */
	size_t			 nchildren;
};

/* tui.c */
void tui_message(struct tui *t, bool error, const char *fmt, ...) PRINTFLIKE(3, 4);
bool tui_idle(const struct tui *t);
void tui_update(struct tui *t);		/* rebuild if dirty, draw, doupdate */
/* (Re)starts the check of every package; refresh: past the cache. */
int tui_start_check(struct tui *t, bool refresh, char **cause);
/* Asks the index again about the package under the cursor, past the cache. */
void tui_refresh(struct tui *t);

/* Asks the forge about the package under the cursor (in the background). */
void tui_upstream(struct tui *t);
/* Each turn: the rate-limit line on the status line, the cursor's package first. */
void tui_upstream_tick(struct tui *t);

/* testui.c */
void tui_test_load(struct tui *t);	/* the store's results, after the graph is built */
void tui_test(struct tui *t);		/* t: the cursor's package or the marked ones */
void tui_mark(struct tui *t);		/* m */
bool tui_test_cancel_all(struct tui *t);	/* Esc: false when nothing was running */
void tui_test_free(struct tui *t);	/* kills and reaps the children */
const struct test_result *tui_test_result(const struct tui *t, size_t node);
const struct testrun_pkg *tui_test_running(const struct tui *t, size_t node);

/* browser.c */
void tui_open_url(struct tui *t);
void tui_browse(struct tui *t, const char *url);	/* $BROWSER on url */
void tui_reap(struct tui *t);		/* the browsers that have exited */

/* triage.c: the team keys: owner, note, decision, export, draft. */
void triage_init(struct tui *t);
void triage_free(struct tui *t);
void triage_prompt(struct tui *t, enum tui_prompt kind);
void triage_prompt_done(struct tui *t);	/* Enter on an owner/note/decision prompt */
const char *triage_prompt_label(enum tui_prompt kind);
void triage_export(struct tui *t);
void triage_draft(struct tui *t);
/* The package's decision and owner in the team state (NONE/NULL without one). */
int triage_decision(const struct tui *t, const char *pkg);
const char *triage_get(const struct tui *t, const char *pkg, const char *field);

/* draw.c */
void draw_screen(struct tui *t);
int draw_body_height(const struct tui *t);

/* keys.c: the curses key (from wget_wch) as an ftport keycode, KEYC_NONE to ignore. */
keycode keys_from_curses(int rc, unsigned int wch);
/* One key: the prompt's, the help screen's, or through the bindings. */
void tui_key(struct tui *t, keycode key);

/* script.c */
struct tui_script *script_open(const char *path, char **cause);
void script_free(struct tui_script *s);
/* Feeds script lines while the TUI is idle; returns false once the script has ended
 * (the TUI then quits), sets *failed when a command failed. */
bool script_step(struct tui *t, struct tui_script *s);
bool script_failed(const struct tui_script *s);
/* Writes the first frame if the script asked for it (:save-first-frame FILE). */
void script_first_frame(struct tui_script *s);
/* The screen as text, one line per row, trailing blanks trimmed. */
char *script_dump(void);

#endif
