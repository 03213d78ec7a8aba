/* tui.c: the TUI's life: the app set up (environment, graph, check, services), the
 * terminal and the display started, the loop run, and everything taken down again on
 * the way out, whichever way that is. */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "cmd.h"
#include "display.h"
#include "replace.h"
#include "sanitize.h"
#include "script.h"
#include "term.h"
#include "testui.h"
#include "text.h"
#include "triage.h"
#include "tui.h"
#include "upstreamui.h"

/* Startup errors reach the terminal before curses: they may quote the interpreter's
 * stderr or a config file, so they are sanitised like everything else. */
static void
tui_fail(const char *cause)
{
	char *clean = sanitize_text(cause);

	fprintf(stderr, "ftport: %s\n", clean);
	free(clean);
}

/* Everything the app holds, in an order that keeps pointers valid. */
static void
tui_free(struct app *app)
{
	vm_free(app->vm);
	/* The forge client before the fetch engine; the findings after it. */
	upstreamui_free(app);
	index_free(app->index_refresh);
	free(app->refresh_ctx);
	index_free(app->index);
	index_free(app->nightly);
	/* Before the loop they are sources of: the children are killed and reaped. */
	if (app->test_of != NULL)
		testui_free(app);
	loop_free(app->loop);
	fetch_free(app->fetch);
	check_free(app->check);
	snapshot_free(app->snapshot);
	replace_free(app->repl);
	graph_free(app->graph);
	env_free(app->env);
	keymap_free(&app->keys);
	strlist_clear(&app->config_errors);
	strlist_clear(&app->messages);
	prompt_free(&app->prompt);
	free(app->config_path);
	free(app->message);
	free(app->children);
	triage_free(app);
}

/* The model and its services, before the terminal is taken. */
static int
tui_setup(struct app *app, char **cause)
{
	struct fetch_config fc;
	struct strlist found = STRLIST_INIT;

	app->graph = graph_build(app->env);
	app->env_ms = now_ms() - app->start_ms;
	triage_init(app);
	testui_load(app);	/* the team state's results too */
	if (snapshot_load(NULL, &app->snapshot, cause) != 0) {
		/* Not fatal: only the offline fallback is lost; said on the status line. */
		app_message(app, true, "%s", *cause);
		free(*cause);
		*cause = NULL;
	}
	fetch_config_defaults(&fc);
	fc.max_connections = app->o->jobs;
	app->fetch = fetch_new(&fc);
	app->loop = loop_new(app->fetch);
	/* A broken table is a message like a bad config line, never fatal. */
	app->repl = replace_load(NULL, NULL, &found);
	for (size_t i = 0; i < found.n; i++)
		strlist_push_owned(&app->config_errors, sanitize_text(found.v[i]));
	strlist_clear(&found);
	if (app_start_check(app, false, cause) != 0)
		return -1;
	app->config_path = actions_config_path();
	keymap_load(&app->keys, app->config_path, &app->config_errors);
	app->vm = vm_new(app->graph, app->check);
	return 0;
}

/* Several things said at start (an unreadable team state, a bad config line, an
 * environment warning): the status line shows the first error, else the first
 * message, and where the others are; each one said overwrote the one before. */
static void
tui_startup_message(struct app *app)
{
	const struct strlist *m = &app->messages;
	size_t first = 0, more;
	keycode k[1];
	char *text;

	if (m->n < 2)
		return;
	for (size_t i = 0; i < m->n; i++) {
		if (m->v[i][0] == '!') {
			first = i;
			break;
		}
	}
	more = m->n - 1;
	text = xstrdup(m->v[first] + 1);
	if (keymap_keys(&app->keys, ACT_MESSAGES, k, 1) == 1)
		app_message(app, m->v[first][0] == '!', "%s (%zu more message%s: %s)", text,
		    more, more == 1 ? "" : "s", keyc_name(k[0]));
	else
		app_message(app, m->v[first][0] == '!', "%s (%zu more message%s)", text, more,
		    more == 1 ? "" : "s");
	/* Said once in the log, not twice. */
	free(app->messages.v[--app->messages.n]);
	free(text);
}

int
tui_main(struct options *o)
{
	struct app app;
	struct tui_script *script = NULL;
	struct display *d = NULL;
	const char *path = getenv("FTPORT_SCRIPT");
	char *cause = NULL;
	int rc = EXIT_DONE, sig;

	memset(&app, 0, sizeof app);
	app.o = o;
	app.start_ms = now_ms();
	app.first_frame_ms = app.full_frame_ms = -1;
	app.finding = -1;
	strbuf_init(&app.prompt.text);
	if (path != NULL && *path != '\0') {
		if ((script = script_open(path, &cause)) == NULL) {
			tui_fail(cause);
			free(cause);
			return EXIT_USAGE;
		}
		app.scripted = true;
	} else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ftport: the TUI needs a terminal; for scripts use "
		    "ftport check or ftport tree\n");
		return EXIT_USAGE;
	}
	/* Not cmd_load_env: its warnings would flash on the terminal before the UI
	 * takes it over; they go to the status line and the help screen instead. */
	if (cmd_env_load(o, &app.env, &cause) != 0) {
		tui_fail(cause);
		free(cause);
		script_free(script);
		return cmd_env_status(o);
	}
	if (tui_setup(&app, &cause) != 0) {
		tui_fail(cause);
		free(cause);
		rc = EXIT_USAGE;
		goto out;
	}

	fatal_set_hook(term_restore);
	atexit(term_restore);
	if (term_start(script != NULL) != 0) {
		fprintf(stderr, "ftport: cannot start the terminal (TERM=%s)\n",
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		rc = EXIT_USAGE;
		goto out;
	}
	text_setup(strcmp(nl_langinfo(CODESET), "UTF-8") == 0, term_want_color(o->color));
	/* After curses has set up its own SIGWINCH handler, which ours chains to. */
	if (term_signals(script == NULL) != 0) {
		term_restore();
		fprintf(stderr, "ftport: cannot create a pipe: %s\n", strerror(errno));
		rc = EXIT_USAGE;
		goto out;
	}
	app_log_to(&app);
	/* Each warning and bad config line into the message log (M); the status line
	 * then shows the first error and how many more there are. */
	for (size_t i = 0; i < app.env->warnings.n; i++)
		app_message(&app, false, "%s", app.env->warnings.v[i]);
	/* A bad config line is a message, never a crash; the help lists them too. */
	for (size_t i = 0; i < app.config_errors.n; i++)
		app_message(&app, true, "%s", app.config_errors.v[i]);
	tui_startup_message(&app);
	/* The tree from local files first, every status "unknown (checking)"; then the
	 * questions, whose answers fill it in. */
	d = display_new(&app);
	display_update(d);
	if (script != NULL)
		script_first_frame(script);
	check_start(app.check);
	app.check_started = true;
	app.model_dirty = true;
	sig = display_run(d, script != NULL ? script_step : NULL, script);
	term_end();
	if (sig != 0)
		rc = 128 + sig;
	else if (script != NULL && script_failed(script))
		rc = 1;

out:
	app_log_to(NULL);
	term_restore();
	fatal_set_hook(NULL);
	term_signals_end();
	display_free(d);
	script_free(script);
	tui_free(&app);
	return rc;
}
