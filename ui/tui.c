/* tui.c: the TUI's life: setting up the check, the terminal, and the one event loop
 * (fetch_run_once waits for the network, the terminal and signals together; keys are
 * drained without blocking and handled in keys.c; one doupdate per turn). */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "replace.h"
#include "cmd.h"
#include "sanitize.h"
#include "text.h"
#include "tui.h"
#include "upstream.h"

static volatile sig_atomic_t tui_got_signal;
static volatile sig_atomic_t tui_got_winch;
static int tui_sig_pipe[2] = { -1, -1 };
static struct sigaction tui_old_winch;
static bool tui_curses_on;
static SCREEN *tui_screen;
static FILE *tui_null_out, *tui_null_in;

/* Every exit path comes here: normal end, fatal(), exit() elsewhere, signals. */
static void
tui_restore(void)
{
	if (tui_curses_on) {
		tui_curses_on = false;
		endwin();
	}
}

static void
tui_wake(void)
{
	int saved = errno;

	if (tui_sig_pipe[1] != -1)
		(void)write(tui_sig_pipe[1], "", 1);
	errno = saved;
}

static void
tui_on_signal(int sig)
{
	tui_got_signal = sig;
	tui_wake();
}

/* curses' own handler notes the new size; ours wakes the loop so the KEY_RESIZE it
 * queues is read at once rather than after the wait's timeout. */
static void
tui_on_winch(int sig)
{
	if ((tui_old_winch.sa_flags & SA_SIGINFO) == 0 &&
	    tui_old_winch.sa_handler != SIG_DFL && tui_old_winch.sa_handler != SIG_IGN)
		tui_old_winch.sa_handler(sig);
	tui_got_winch = 1;
	tui_wake();
}

static int
tui_signals(bool interactive)
{
	struct sigaction sa;

	if (pipe(tui_sig_pipe) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(tui_sig_pipe[i], F_SETFL, fcntl(tui_sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(tui_sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = tui_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (interactive) {
		sa.sa_handler = tui_on_winch;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGWINCH, &sa, &tui_old_winch);
	}
	return 0;
}

void
tui_message(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;
	char *raw;

	const char *home = getenv("HOME");
	struct strbuf sb = STRBUF_INIT;
	size_t hl = home != NULL ? strlen(home) : 0;

	va_start(ap, fmt);
	raw = xvprintf(fmt, ap);
	va_end(ap);
	/* Paths under $HOME read as ~/..., as in the header. */
	for (const char *p = raw; *p != '\0'; p++) {
		if (hl > 1 && strncmp(p, home, hl) == 0 && (p[hl] == '/' || p[hl] == '\0' ||
		    p[hl] == ' ' || p[hl] == ':')) {
			strbuf_addch(&sb, '~');
			p += hl - 1;
		} else
			strbuf_addch(&sb, *p);
	}
	free(raw);
	raw = strbuf_detach(&sb, NULL);
	free(t->message);
	t->message = sanitize_text(raw);
	t->message_error = error;
	t->screen_dirty = true;
	free(raw);
}

/* The UI whose status line receives log lines while curses owns the terminal: a
 * warning written to stderr then would land in the middle of the screen. */
static struct tui *tui_log_target;

static void
tui_log(bool warning, const char *msg)
{
	if (tui_log_target != NULL)
		tui_message(tui_log_target, warning, "%s", msg);
}

/* Startup errors reach the terminal before curses: they may quote the interpreter's
 * stderr or a config file, so they are sanitised like everything else. */
static void
tui_fail(const char *cause)
{
	char *clean = sanitize_text(cause);

	fprintf(stderr, "ftport: %s\n", clean);
	free(clean);
}

bool
tui_idle(const struct tui *t)
{
	if (t->check != NULL && !t->check_started)
		return false;
	if (t->refreshing > 0 && fetch_pending(t->fetch) > 0)
		return false;
	/* Background work (tests, scans) is loading too: scripted keys wait for it. */
	if (t->loop != NULL && loop_count(t->loop) > 0)
		return false;
	if (t->check == NULL || check_finished(t->check))
		return true;
	/* Nothing in flight yet packages waiting would be a bug in the client; never let
	 * it hang the script. */
	return fetch_pending(t->fetch) == 0;
}

static void
tui_changed(struct check_pkg *cp, void *arg)
{
	struct tui *t = arg;

	t->model_dirty = true;
}

/* Starts (or restarts, past the cache) the check of every package. The old one must be
 * finished: its pending callbacks would point into it. */
int
tui_start_check(struct tui *t, bool refresh, char **cause)
{
	struct index_config icfg;
	struct check_config cc;

	if (t->check != NULL) {
		check_free(t->check);
		t->check = NULL;
		if (t->vm != NULL)
			vm_set_check(t->vm, NULL);
	}
	/* The check's answers point into the clients: they go after it. */
	index_free(t->index_refresh);
	t->index_refresh = NULL;
	t->refreshing = 0;
	index_free(t->index);
	t->index = NULL;
	memset(&icfg, 0, sizeof icfg);
	icfg.index_url = t->o->index_url;
	icfg.cache_dir = t->o->cache_dir;
	icfg.offline = t->o->offline;
	icfg.refresh = refresh || t->o->refresh;
	icfg.ttl_seconds = 3600;
	if ((t->index = index_new(&icfg, t->fetch, cause)) == NULL)
		return -1;
	memset(&cc, 0, sizeof cc);
	cc.targets = t->o->targets;
	cc.platforms = t->o->platforms;
	if ((t->check = check_new(t->graph, &cc, t->index, t->snapshot, cause)) == NULL)
		return -1;
	t->check->replacements = t->repl;
	t->check->changed = tui_changed;
	t->check->changed_arg = t;
	/* At startup the first frame comes before the first question (tui_main). */
	t->check_started = false;
	t->check_reported = false;
	if (t->vm != NULL) {
		check_start(t->check);
		t->check_started = true;
		vm_set_check(t->vm, t->check);
	}
	t->model_dirty = true;
	return 0;
}

/* The answer to a `refresh`: judged again, in place, as the check would have. */
static void
tui_refreshed(const struct index_answer *a, void *arg)
{
	struct tui_refresh *r = arg;
	struct tui *t = r->t;
	struct check *ch = t->check;
	struct check_pkg *cp = &ch->pkgs[r->i];

	r->pending = false;
	t->refreshing--;
	t->model_dirty = true;
	ch->dirty = true;
	if (a->project == NULL) {
		tui_message(t, true, "%s: %s", cp->node->dist->name,
		    a->error != NULL ? a->error : "no answer from the index");
		return;
	}
	free(cp->error);
	cp->error = NULL;
	cp->project = a->project;
	for (size_t ti = 0; ti < ch->ntargets; ti++)
		for (size_t pi = 0; pi < ch->nplatforms; pi++)
			verdict_judge(cp->node->dist, a->project, a->source, &ch->targets[ti],
			    ch->platforms[pi], &cp->verdicts[ti * ch->nplatforms + pi]);
	tui_message(t, false, "%s: %s (asked the index again)", cp->node->dist->name,
	    status_name(cp->verdicts[0].status));
}

void
tui_refresh(struct tui *t)
{
	const struct vm_row *row = vm_current(t->vm);
	struct index_config icfg;
	struct check_pkg *cp;
	char *cause = NULL;

	if (row == NULL || row->node == NULL || t->check == NULL) {
		tui_message(t, true, "no installed package here");
		return;
	}
	cp = &t->check->pkgs[row->node->index];
	if (cp->state != CHECK_DONE) {
		tui_message(t, false, "%s: the index has not answered yet", row->node->dist->name);
		return;
	}
	if (cp->verdicts[0].source == VS_INSTALLED) {
		tui_message(t, false, "%s: judged from its installed files; the index is not asked",
		    row->node->dist->name);
		return;
	}
	if (t->o->offline) {
		tui_message(t, true, "--offline: the index is not asked");
		return;
	}
	if (t->index_refresh == NULL) {
		memset(&icfg, 0, sizeof icfg);
		icfg.index_url = t->o->index_url;
		icfg.cache_dir = t->o->cache_dir;
		icfg.refresh = true;
		icfg.ttl_seconds = 3600;
		if ((t->index_refresh = index_new(&icfg, t->fetch, &cause)) == NULL) {
			tui_message(t, true, "%s", cause);
			free(cause);
			return;
		}
		free(t->refresh_ctx);
		t->refresh_ctx = xcalloc(t->check->npkgs + 1, sizeof *t->refresh_ctx);
	}
	if (t->refresh_ctx[row->node->index].pending)
		return;
	t->refresh_ctx[row->node->index].t = t;
	t->refresh_ctx[row->node->index].i = row->node->index;
	t->refresh_ctx[row->node->index].pending = true;
	t->refreshing++;
	index_request(t->index_refresh, row->node->dist->name, tui_refreshed,
	    &t->refresh_ctx[row->node->index]);
	tui_message(t, false, "%s: asking the index again...", row->node->dist->name);
}

static void
tui_upstream_done(struct upstream *u, void *arg)
{
	struct tui *t = arg;

	t->model_dirty = true;
	free(t->forge_said);
	t->forge_said = NULL;
	if (u->state == UP_FAILED)
		tui_message(t, true, "%s: %s", u->name, u->error);
	else
		tui_message(t, false, "%s: %zu upstream finding%s%s", u->name, u->nitems,
		    u->nitems == 1 ? "" : "s", u->cached ? " (cached)" : "");
}

/* The scan's progress and its end, on the status line. */
static void
tui_scanned(struct upstream *u, void *arg)
{
	struct tui *t = arg;

	t->model_dirty = true;
	if (u->scan.running)
		tui_message(t, false, "%s: %s", u->name, u->scan.progress);
	else if (u->scan.error != NULL)
		tui_message(t, true, "%s: scan failed: %s", u->name, u->scan.error);
	else if (u->scan.result != NULL) {
		char *sum = scan_result_summary(u->scan.result, u->version);

		tui_message(t, false, "%s: %s", u->name, sum);
		free(sum);
	}
}

void
tui_upstream(struct tui *t)
{
	const struct vm_row *row = vm_current(t->vm);
	struct upstream_scan_config cfg;
	struct upstream *u;
	size_t i;

	if (row == NULL || row->node == NULL) {
		tui_message(t, true, "no installed package here");
		return;
	}
	i = row->node->index;
	if (t->forge == NULL) {
		t->forge = cmd_forge_new(t->o, t->fetch, t->loop);
		t->upstreams = xcalloc(t->graph->nnodes + 1, sizeof *t->upstreams);
	}
	u = t->upstreams[i];
	if (u != NULL && u->scan.running) {
		tui_message(t, false, "%s: already scanning its source", u->name);
		return;
	}
	if (u != NULL && (u->state == UP_QUEUED || u->state == UP_RUNNING)) {
		forge_bump(t->forge, u);
		tui_message(t, false, "%s: already asking upstream", u->name);
		return;
	}
	upstream_free(u);
	u = t->upstreams[i] = upstream_for_dist(row->node->dist, t->snapshot, NULL);
	/* What the user asks for now goes first. */
	forge_ask(t->forge, u, true, tui_upstream_done, t);
	if (u->state == UP_QUEUED || u->state == UP_RUNNING)
		tui_message(t, false, "%s: asking %s...", u->name, u->repo.host != NULL ?
		    u->repo.host : "upstream");
	/* The source scan runs beside the forge's answer, on its own thread. */
	cmd_scan_config(t->o, &cfg);
	if (u->repo.clone != NULL && upstream_scan_start(u, t->loop, &cfg, tui_scanned, t) != 0)
		tui_message(t, true, "%s: %s", u->name, u->scan.error);
	t->model_dirty = true;
}

void
tui_upstream_tick(struct tui *t)
{
	const struct vm_row *row;
	char *st;

	if (t->forge == NULL || forge_pending(t->forge) == 0)
		return;
	row = vm_current(t->vm);
	if (row != NULL && row->node != NULL && t->upstreams[row->node->index] != NULL &&
	    t->upstreams[row->node->index]->state == UP_QUEUED)
		forge_bump(t->forge, t->upstreams[row->node->index]);
	st = forge_status(t->forge);
	if (st != NULL && (t->forge_said == NULL || strcmp(st, t->forge_said) != 0)) {
		tui_message(t, false, "%s", st);
		free(t->forge_said);
		t->forge_said = st;
	} else
		free(st);
}

/* Once every answer is in: the index's failures summed up on the status line (each
 * package's own is in its details). */
static void
tui_report_errors(struct tui *t)
{
	size_t n = 0;
	const char *first = NULL, *name = NULL;

	t->check_reported = true;
	for (size_t i = 0; i < t->check->npkgs; i++) {
		if (t->check->pkgs[i].error == NULL)
			continue;
		if (n++ == 0) {
			first = t->check->pkgs[i].error;
			name = t->check->pkgs[i].node->dist->name;
		}
	}
	if (n == 1)
		tui_message(t, true, "%s: %s", name, first);
	else if (n > 1)
		tui_message(t, true, "%zu packages got no answer from the index (%s: %s)", n,
		    name, first);
}

/* While answers stream in, the tree is rebuilt at most this often (htop's delay):
 * each rebuild is O(rows), and a turn of the loop may bring one answer. */
#define TUI_REBUILD_MS	40
/* ... and at most this share of the time: the propagation and the rebuild grow with
 * the environment (150 ms at 20,000 distributions), and every 40 ms they left the
 * transfers no time (a cold start there took 42 s instead of 14). */
#define TUI_REBUILD_SHARE	4	/* wait 4 times what the last one took */

void
tui_update(struct tui *t)
{
	bool streaming = !tui_idle(t);
	double wait = TUI_REBUILD_SHARE * t->build_cost_ms, t0;

	if (streaming && (t->check == NULL || t->check->dirty || t->model_dirty) &&
	    now_ms() - t->built_ms < (wait > TUI_REBUILD_MS ? wait : TUI_REBUILD_MS) &&
	    !t->screen_dirty) {
		t->model_dirty = true;
		return;
	}
	t0 = now_ms();
	if (t->check != NULL && t->check->dirty) {
		check_propagate(t->check);
		t->model_dirty = true;
	}
	if (!t->check_reported && t->check_started && tui_idle(t))
		tui_report_errors(t);
	if (t->model_dirty) {
		vm_rebuild(t->vm);
		t->built_ms = now_ms();
		t->build_cost_ms = t->built_ms - t0;
		t->model_dirty = false;
		t->screen_dirty = true;
	}
	if (!t->screen_dirty)
		return;
	draw_screen(t);
	doupdate();
	t->screen_dirty = false;
	if (t->first_frame_ms < 0)
		t->first_frame_ms = now_ms() - t->start_ms;
	if (t->full_frame_ms < 0 && tui_idle(t))
		t->full_frame_ms = now_ms() - t->start_ms;
}

/* --- terminal --------------------------------------------------------------- */

static bool
tui_want_color(const struct tui *t)
{
	const char *nc = getenv("NO_COLOR");

	if (t->o->color == COLOR_NEVER)
		return false;
	if (t->o->color == COLOR_AUTO && nc != NULL && *nc != '\0')
		return false;
	return has_colors();
}

static int
tui_term_start(struct tui *t)
{
	const char *term = getenv("TERM");

	if (term == NULL || *term == '\0')
		term = "xterm";
	if (t->script != NULL) {
		/* Drawing into memory: output to /dev/null, the size from LINES/COLUMNS. */
		tui_null_out = fopen("/dev/null", "w");
		tui_null_in = fopen("/dev/null", "r");
		if (tui_null_out == NULL || tui_null_in == NULL)
			return -1;
		tui_screen = newterm(term, tui_null_out, tui_null_in);
	} else
		tui_screen = newterm(NULL, stdout, stdin);
	if (tui_screen == NULL)
		return -1;
	tui_curses_on = true;
	set_term(tui_screen);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	text_setup(strcmp(nl_langinfo(CODESET), "UTF-8") == 0, tui_want_color(t));
	t->height = LINES;
	t->width = COLS;
	return 0;
}

static void
tui_term_end(void)
{
	tui_restore();
	if (tui_screen != NULL) {
		delscreen(tui_screen);
		tui_screen = NULL;
	}
	if (tui_null_out != NULL)
		fclose(tui_null_out);
	if (tui_null_in != NULL)
		fclose(tui_null_in);
	tui_null_out = tui_null_in = NULL;
}

/* Two resizes in quick succession can leave curses with the first size (its handler
 * and its size query race); the size is asked again after every SIGWINCH. */
static void
tui_check_size(struct tui *t)
{
	struct winsize ws;

	if (!tui_got_winch)
		return;
	tui_got_winch = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == -1 || ws.ws_row == 0 || ws.ws_col == 0)
		return;
	if (ws.ws_row != LINES || ws.ws_col != COLS) {
		resize_term(ws.ws_row, ws.ws_col);
		tui_key(t, KEYC_RESIZE);
	}
}

/* A terminal that went away without SIGHUP would make every wait return at once. */
static bool
tui_hung_up(void)
{
	struct pollfd pfd;

	pfd.fd = STDIN_FILENO;
	pfd.events = POLLIN;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

static void
tui_drain_pipe(void)
{
	char buf[64];

	while (read(tui_sig_pipe[0], buf, sizeof buf) > 0)
		;
}

static void
tui_loop(struct tui *t)
{
	struct curl_waitfd fds[2];
	unsigned nfds;
	int rc;
	wint_t wch;

	tui_update(t);
	while (!t->quit) {
		nfds = 0;
		fds[nfds].fd = tui_sig_pipe[0];
		fds[nfds].events = CURL_WAIT_POLLIN;
		fds[nfds].revents = 0;
		nfds++;
		if (t->script == NULL) {
			fds[nfds].fd = STDIN_FILENO;
			fds[nfds].events = CURL_WAIT_POLLIN;
			fds[nfds].revents = 0;
			nfds++;
		}
		if (loop_turn(t->loop, fds, nfds,
		    t->script != NULL && tui_idle(t) ? 0 : t->model_dirty ? TUI_REBUILD_MS : 1000))
			t->model_dirty = true;
		tui_drain_pipe();
		tui_upstream_tick(t);
		if (tui_got_signal != 0) {
			t->signal = tui_got_signal;
			break;
		}
		tui_reap(t);
		if (t->script != NULL) {
			tui_update(t);
			if (!script_step(t, t->script))
				break;
		} else {
			size_t nkeys = 0;

			tui_check_size(t);
			while (!t->quit && (rc = wget_wch(stdscr, &wch)) != ERR) {
				keycode k = keys_from_curses(rc, (unsigned int)wch);

				nkeys++;
				if (k != KEYC_NONE)
					tui_key(t, k);
			}
			if (nkeys == 0 && tui_hung_up()) {
				t->signal = SIGHUP;
				break;
			}
		}
		tui_update(t);
	}
}

int
tui_main(struct options *o)
{
	struct tui t;
	const char *script = getenv("FTPORT_SCRIPT");
	char *cause = NULL;
	int rc = EXIT_DONE;

	memset(&t, 0, sizeof t);
	t.o = o;
	t.start_ms = now_ms();
	t.first_frame_ms = t.full_frame_ms = -1;
	t.detail_finding = -1;
	strbuf_init(&t.prompt);
	if (script != NULL && *script != '\0') {
		if ((t.script = script_open(script, &cause)) == NULL) {
			tui_fail(cause);
			free(cause);
			return EXIT_USAGE;
		}
	} else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "ftport: the TUI needs a terminal; for scripts use "
		    "ftport check or ftport tree\n");
		return EXIT_USAGE;
	}
	/* Not cmd_load_env: its warnings would flash on the terminal before the UI
	 * takes it over; they go to the status line and the help screen instead. */
	if (cmd_env_load(o, &t.env, &cause) != 0) {
		tui_fail(cause);
		free(cause);
		script_free(t.script);
		return EXIT_NOENV;
	}
	t.graph = graph_build(t.env);
	t.env_ms = now_ms() - t.start_ms;
	tui_test_load(&t);
	triage_init(&t);
	if (snapshot_load(NULL, &t.snapshot, &cause) != 0) {
		/* Not fatal: only the offline fallback is lost; said on the status line. */
		t.message = sanitize_text(cause);
		free(cause);
		cause = NULL;
	}
	{
		struct fetch_config fc;

		fetch_config_defaults(&fc);
		fc.max_connections = o->jobs;
		t.fetch = fetch_new(&fc);
		t.loop = loop_new(t.fetch);
	}
	{
		/* A broken table is a message like a bad config line, never fatal. */
		struct strlist found = STRLIST_INIT;

		t.repl = replace_load(NULL, NULL, &found);
		for (size_t i = 0; i < found.n; i++)
			strlist_push_owned(&t.config_errors, sanitize_text(found.v[i]));
		strlist_clear(&found);
	}
	if (tui_start_check(&t, false, &cause) != 0) {
		tui_fail(cause);
		free(cause);
		rc = EXIT_USAGE;
		goto out;
	}
	t.config_path = actions_config_path();
	keymap_load(&t.keys, t.config_path, &t.config_errors);
	t.vm = vm_new(t.graph, t.check);

	fatal_set_hook(tui_restore);
	atexit(tui_restore);
	if (tui_term_start(&t) != 0) {
		fprintf(stderr, "ftport: cannot start the terminal (TERM=%s)\n",
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		rc = EXIT_USAGE;
		goto out;
	}
	/* After curses has set up its own SIGWINCH handler, which ours chains to. */
	if (tui_signals(t.script == NULL) != 0) {
		tui_restore();
		fprintf(stderr, "ftport: cannot create a pipe: %s\n", strerror(errno));
		rc = EXIT_USAGE;
		goto out;
	}
	tui_log_target = &t;
	log_set_hook(tui_log);
	if (t.env->warnings.n > 0)
		tui_message(&t, false, "%s%s", t.env->warnings.v[0],
		    t.env->warnings.n > 1 ? " (more in help: ?)" : "");
	if (t.config_errors.n > 0) {
		/* A bad config line is a message, never a crash; the help lists them all. */
		tui_message(&t, true, "%s%s", t.config_errors.v[0],
		    t.config_errors.n > 1 ? " (more in help: ?)" : "");
	}
	/* The tree from local files first, every status "unknown (checking)"; then the
	 * questions, whose answers fill it in. */
	tui_update(&t);
	if (t.script != NULL)
		script_first_frame(t.script);
	check_start(t.check);
	t.check_started = true;
	t.model_dirty = true;
	tui_loop(&t);
	tui_term_end();
	if (t.signal != 0)
		rc = 128 + t.signal;
	else if (t.script != NULL && script_failed(t.script))
		rc = 1;

out:
	log_set_hook(NULL);
	tui_log_target = NULL;
	tui_restore();
	fatal_set_hook(NULL);
	if (tui_sig_pipe[0] != -1) {
		close(tui_sig_pipe[0]);
		close(tui_sig_pipe[1]);
		tui_sig_pipe[0] = tui_sig_pipe[1] = -1;
	}
	script_free(t.script);
	vm_free(t.vm);
	/* The forge client before the fetch engine; the findings after it. */
	forge_free(t.forge);
	for (size_t i = 0; t.upstreams != NULL && i < t.graph->nnodes; i++)
		upstream_free(t.upstreams[i]);
	free(t.upstreams);
	free(t.forge_said);
	index_free(t.index_refresh);
	free(t.refresh_ctx);
	index_free(t.index);
	/* Before the loop they are sources of: the children are killed and reaped. */
	if (t.test_of != NULL)
		tui_test_free(&t);
	loop_free(t.loop);
	fetch_free(t.fetch);
	check_free(t.check);
	snapshot_free(t.snapshot);
	replace_free(t.repl);
	graph_free(t.graph);
	env_free(t.env);
	keymap_free(&t.keys);
	strlist_clear(&t.config_errors);
	strbuf_release(&t.prompt);
	free(t.config_path);
	free(t.message);
	free(t.children);
	triage_free(&t);
	return rc;
}
