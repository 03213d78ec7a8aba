/* cmd_test.c: `ftport test PKG...`: each package installed into a scratch venv of the
 * free-threaded interpreter (or tested in place), its modules imported with the GIL
 * left to itself and with PYTHON_GIL=0, the optional command run; --jobs at once on the
 * event loop; a table or JSON; exit 1 when any result is not "passed". */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "approval.h"
#include "cmd.h"
#include "cmdtable.h"
#include "cmd_export.h"
#include "env.h"
#include "fetch.h"
#include "ftpython.h"
#include "gilrun.h"
#include "graph.h"
#include "loop.h"
#include "pipconf.h"
#include "report.h"
#include "sanitize.h"
#include "state.h"
#include "testrun.h"
#include "verdict.h"
#include "words.h"

static volatile sig_atomic_t cmd_test_stop;

static void
cmd_test_signal(int sig)
{
	cmd_test_stop = sig;
}

struct cmd_test_progress {
	struct cmd_progress	 line;
	struct testrun		*run;
};

/* "tested 3/10  foo: importing foo (PYTHON_GIL=0)": the first package still going. */
static void
cmd_test_changed(struct testrun_pkg *changed, void *arg)
{
	struct cmd_test_progress *pr = arg;
	size_t n = testrun_count(pr->run);
	struct testrun_pkg *cur = NULL;
	char *act, *clean;

	(void)changed;
	for (size_t i = 0; i < n && cur == NULL; i++) {
		struct testrun_pkg *p = testrun_get(pr->run, i);

		if (p->activity != NULL && p->state != TR_DONE && p->state != TR_CANCELLED)
			cur = p;
	}
	act = cur != NULL ? xprintf("%s: %s", cur->name, cur->activity) : xstrdup("");
	clean = sanitize_text(act);
	/* One line: what fits in a narrow terminal without wrapping. */
	cmd_progress_line(&pr->line, "tested %zu/%zu  %.60s", n - testrun_pending(pr->run), n,
	    clean);
	free(clean);
	free(act);
}

/* The table: one row per package, then where the interpreter, the venv and logs are. */
static void
cmd_test_table(struct testrun *run, const struct ftpython *py)
{
	size_t n = testrun_count(run), wname = 7, wver = 7;
	char *clean;

	for (size_t i = 0; i < n; i++) {
		struct testrun_pkg *p = testrun_get(run, i);
		const char *v = p->result.version != NULL ? p->result.version : "-";

		if (strlen(p->name) > wname)
			wname = strlen(p->name);
		if (strlen(v) > wver)
			wver = strlen(v);
	}
	if (wname > 40)
		wname = 40;
	if (wver > 20)
		wver = 20;
	printf("%-*s  %-*s  %-14s  %s\n", (int)wname, "PACKAGE", (int)wver, "VERSION", "RESULT",
	    "DETAIL");
	for (size_t i = 0; i < n; i++) {
		struct testrun_pkg *p = testrun_get(run, i);
		const char *word = p->state != TR_DONE ? "cancelled" :
		    p->pipfail != PF_PACKAGE ? pipfail_name(p->pipfail) :
		    testresult_outcome_name(p->result.outcome);
		char *summary = p->state != TR_DONE ? xstrdup("") :
		    p->pipfail != PF_PACKAGE ? xprintf("%s: %s (not a result: nothing recorded)",
		    word, p->result.detail) : testresult_summary(&p->result);
		const char *detail = summary + strlen(word);
		char *name = sanitize_text(p->name);
		char *ver = sanitize_text(p->result.version != NULL ? p->result.version : "-");

		while (*detail == ' ' || *detail == ':')
			detail++;
		clean = sanitize_text(detail);
		printf("%-*s  %-*s  %-14s  %s\n", (int)wname, name, (int)wver, ver, word, clean);
		free(clean);
		free(name);
		free(ver);
		free(summary);
	}
	clean = sanitize_text(py->path);
	printf("\ninterpreter: %s (Python %s, %s; %s)\n", clean, py->version, py->abi,
	    py->origin);
	free(clean);
	if (testrun_venv(run) != NULL) {
		clean = sanitize_text(testrun_venv(run));
		printf("scratch venv: %s\n", clean);
		free(clean);
	} else
		printf("tested in place, in the environment\n");
	for (size_t i = 0; i < n; i++) {
		struct testrun_pkg *p = testrun_get(run, i);

		if (p->state == TR_DONE && p->result.outcome != TO_PASSED && p->result.log != NULL) {
			clean = sanitize_text(p->result.log);
			printf("log of %s: %s\n", p->result.name, clean);
			free(clean);
		}
	}
}

static void
cmd_test_json(struct testrun *run, const struct ftpython *py)
{
	json_t *o = json_object(), *interp = json_object(), *res = json_array();
	json_t *untested = json_array();
	char *text;

	json_object_set_new(o, "schema", json_integer(TESTRESULT_SCHEMA));
	json_object_set_new(interp, "path", json_string(py->path));
	json_object_set_new(interp, "version", json_string(py->version));
	json_object_set_new(interp, "free_threaded", json_boolean(py->free_threaded));
	json_object_set_new(interp, "abi", json_string(py->abi));
	json_object_set_new(interp, "origin", json_string(py->origin));
	json_object_set_new(o, "interpreter", interp);
	json_object_set_new(o, "in_place", json_boolean(py->in_place));
	json_object_set_new(o, "venv", testrun_venv(run) != NULL ?
	    json_string(testrun_venv(run)) : json_null());
	for (size_t i = 0; i < testrun_count(run); i++) {
		struct testrun_pkg *p = testrun_get(run, i);

		if (p->state == TR_DONE && p->pipfail == PF_PACKAGE)
			json_array_append_new(res, testresult_to_json(&p->result));
		else if (p->state == TR_DONE) {
			json_t *u = json_object();

			json_object_set_new(u, "name", report_jstr(p->result.name));
			json_object_set_new(u, "version", report_jstr(p->result.version));
			json_object_set_new(u, "reason", json_string(pipfail_name(p->pipfail)));
			json_object_set_new(u, "detail", report_jstr(p->result.detail));
			json_array_append_new(untested, u);
		}
	}
	json_object_set_new(o, "results", res);
	/* Packages pip could not install for a reason that is not theirs: no result. */
	json_object_set_new(o, "not_tested", untested);
	text = json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(o);
	if (text == NULL)
		fatal("json_dumps: out of memory");
	puts(text);
	free(text);
}

/* The package's own test command from the team state: none with --cmd (it is for all). */
static const char *
cmd_test_state_command(const struct options *o, const struct state *st, const char *norm)
{
	return o->test_cmd == NULL && st != NULL ? state_get(st, norm, STATE_TEST_COMMAND) : NULL;
}

/* Asks on the terminal whether to run a state's command; true for yes. */
static bool
cmd_test_ask(const char *state_path, const char *name, const char *command)
{
	char *n = sanitize_text(name), *c = sanitize_text(command), *p = sanitize_text(state_path);
	char answer[16];
	bool yes;

	fprintf(stderr, "ftport: %s asks to run this as the test of %s:\n    %s\n"
	    "Run it? Asked once on this machine for this command [y/N] ", p, n, c);
	fflush(stderr);
	yes = fgets(answer, sizeof answer, stdin) != NULL &&
	    (answer[0] == 'y' || answer[0] == 'Y');
	free(n);
	free(c);
	free(p);
	return yes;
}

/* Whoever can change a committed state could run anything here through a package's
 * test_command: each new or changed one is asked about once (approval.h), or taken as
 * it is with --yes. Not asked (no terminal): one line and -1, before anything runs. A
 * command declined: its package is tested without it (its name goes in declined). */
static int
cmd_test_approve(const struct options *o, const struct state *st, const char *state_path,
    const struct strlist *names, struct strlist *declined)
{
	bool ask = isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
	const char *first = NULL, *first_name = NULL;
	size_t unapproved = 0;
	char *cause = NULL;

	for (size_t i = 0; i < names->n && !o->yes; i++) {
		const char *command = cmd_test_state_command(o, st, names->v[i]);

		if (command == NULL || approval_granted(state_path, command))
			continue;
		if (!ask) {
			if (unapproved++ == 0) {
				first = command;
				first_name = names->v[i];
			}
		} else if (!cmd_test_ask(state_path, names->v[i], command)) {
			strlist_push(declined, names->v[i]);
			fprintf(stderr, "ftport: %s is tested without that command\n", names->v[i]);
		} else if (approval_grant(state_path, command, &cause) != 0) {
			log_warn("the approval is not remembered: %s", cause);
			free(cause);
			cause = NULL;
		}
	}
	if (unapproved > 0) {
		char *n = sanitize_text(first_name), *c = sanitize_text(first);
		char *p = sanitize_text(state_path);

		fprintf(stderr, "ftport: %s asks to run '%s' as the test of %s%s, never approved "
		    "on this machine: run ftport test in a terminal to be asked, or give --yes\n",
		    p, c, n, unapproved > 1 ? " (and other commands)" : "");
		free(n);
		free(c);
		free(p);
		return -1;
	}
	return 0;
}

/* Queues a package once: at the version the verdict suggests when the installed one
 * has no usable wheel but a newer one does, else the installed one, else the newest. */
static void
cmd_test_add(struct testrun *tr, struct strlist *seen, const char *name, const struct dist *d,
    const struct check_pkg *cp, const struct ftpython *py, const struct options *o,
    const struct state *st, const struct strlist *declined)
{
	char *norm = name_normalize(name);
	const char *version = d != NULL ? d->version : NULL;
	/* --cmd for all; else the package's own from the team state, when approved. */
	const char *command = strlist_contains(declined, norm) ? NULL :
	    cmd_test_state_command(o, st, norm);

	if (strlist_contains(seen, norm)) {
		free(norm);
		return;
	}
	strlist_push_owned(seen, norm);
	if (!py->in_place && cp != NULL && (cp->verdicts[0].status == ST_UPGRADE ||
	    cp->verdicts[0].status == ST_PRERELEASE) && cp->verdicts[0].fix_version != NULL)
		version = cp->verdicts[0].fix_version;
	if (d == NULL && !py->in_place)
		log_debug("%s is not installed here: testing its newest release", name);
	testrun_add(tr, name, version, command);
}

int
cmd_test(struct options *o)
{
	struct environment *env = NULL;
	struct ftpython_env fe;
	struct ftpython *py = NULL;
	struct pipconf_env pe;
	struct fetch_config fc;
	struct fetch *f = NULL;
	struct loop *l = NULL;
	struct testrun *tr = NULL;
	struct cmd_run run;
	struct testrun_config tc;
	struct cmd_test_progress pr;
	struct strlist seen = STRLIST_INIT, words = STRLIST_INIT;
	struct strlist tested = STRLIST_INIT, declined = STRLIST_INIT;
	struct state *st = NULL;
	char *state_path = NULL;
	struct sigaction sa, old_int, old_term;
	struct target tgt;
	const char *target = o->targets.n > 0 ? o->targets.v[0] : "3.14t";
	char *cause = NULL, *url = NULL, *origin = NULL, *note;
	int rc = EXIT_DONE;

	if (o->args.n == 0 && !o->all_blocking) {
		cmd_usage_error("test", "test needs the names of the packages to test, or "
		    "--all-blocking");
		return EXIT_USAGE;
	}
	if (target_parse(target, &tgt) != 0) {
		cmd_usage_error("test", "--target takes a free-threaded CPython such as 3.13t, "
		    "3.14t or 3.15t, not '%s'", target);
		return EXIT_USAGE;
	}
	if (o->test_cmd != NULL && words_split(o->test_cmd, &words, &cause) != 0) {
		cmd_usage_error("test", "--cmd: %s", cause);
		free(cause);
		strlist_clear(&words);
		return EXIT_USAGE;
	}
	strlist_clear(&words);
	memset(&run, 0, sizeof run);
	/* The team state's per-package test commands (an invalid file is exit 2). */
	if (o->test_cmd == NULL && cmd_load_state(o, &st, &state_path) != 0) {
		free(state_path);
		return EXIT_USAGE;
	}
	/* The results are recorded there too. */
	if (state_path == NULL)
		state_path = state_default_path(o->state, NULL);
	if (o->all_blocking) {
		/* The verdicts say which packages block the move, and which version to test
		 * when a newer one has a usable wheel. */
		if ((rc = cmd_run_check(o, "test", &run, NULL, NULL)) != EXIT_DONE)
			goto out;
		env = run.env;
	} else if ((env = cmd_load_env(o)) == NULL) {
		rc = cmd_env_status(o);
		goto out;
	}
	ftpython_env_init(&fe);
	if (ftpython_find(&fe, o->ft_python, env, target, &py, &cause) != 0) {
		cmd_error(cause);
		free(cause);
		rc = EXIT_NOENV;
		goto out;
	}
	log_debug("free-threaded interpreter: %s (Python %s, from %s)%s", py->path,
	    py->version, py->origin, py->in_place ? ", testing in place" : "");
	if ((note = ftpython_target_note(py, target)) != NULL) {
		log_warn("%s", note);
		free(note);
	}

	/* The names to test, normalised: those given, then those that block the move. */
	for (size_t i = 0; i < o->args.n; i++)
		strlist_push_owned(&tested, name_normalize(o->args.v[i]));
	for (size_t i = 0; run.ch != NULL && i < run.ch->npkgs; i++)
		if (status_is_blocker(run.ch->pkgs[i].verdicts[0].status))
			strlist_push_owned(&tested, name_normalize(run.ch->pkgs[i].node->dist->name));
	if (cmd_test_approve(o, st, state_path, &tested, &declined) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}

	pipconf_env_init(&pe);
	pipconf_index_url(&pe, o->index_url, &url, &origin);

	fetch_config_defaults(&fc);
	f = fetch_new(&fc);
	l = loop_new(f);
	memset(&tc, 0, sizeof tc);
	tc.python = py;
	tc.target = target;
	tc.cache_dir = o->cache_dir;
	/* pip reads the same configuration; it is told only what ftport was told. */
	tc.index_url = strcmp(origin, "default") != 0 ? url : NULL;
	tc.command = o->test_cmd;
	tc.timeout_ms = (o->timeout > 0 ? o->timeout : TESTRUN_TIMEOUT_S) * 1000;
	tc.jobs = options_test_jobs(o);
	tc.env = env;
	tc.state_path = state_path;
	tc.fetch = f;
	if ((tr = testrun_new(l, &tc, &cause)) == NULL) {
		cmd_error(cause);
		free(cause);
		rc = EXIT_USAGE;
		goto out;
	}

	/* ^C reaches ftport alone (the children have process groups of their own): it
	 * stops the run and kills them, instead of leaving them behind. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cmd_test_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	pr.line.show = isatty(STDERR_FILENO) && log_verbosity >= 0 && !o->json;
	pr.line.last = 0;
	pr.run = tr;
	testrun_set_changed(tr, cmd_test_changed, &pr);
	for (size_t i = 0; i < o->args.n; i++) {
		struct graph_node *node = run.graph != NULL ?
		    graph_find(run.graph, o->args.v[i]) : NULL;

		cmd_test_add(tr, &seen, o->args.v[i], env_find(env, o->args.v[i]),
		    node != NULL && run.ch != NULL ? &run.ch->pkgs[node->index] : NULL, py, o, st,
		    &declined);
	}
	for (size_t i = 0; run.ch != NULL && i < run.ch->npkgs; i++) {
		const struct check_pkg *cp = &run.ch->pkgs[i];

		if (status_is_blocker(cp->verdicts[0].status))
			cmd_test_add(tr, &seen, cp->node->dist->name, cp->node->dist, cp, py, o,
			    st, &declined);
	}
	while (testrun_pending(tr) > 0 && cmd_test_stop == 0) {
		loop_turn(l, NULL, 0, 1000);
		cmd_test_changed(NULL, &pr);
	}
	cmd_progress_end(&pr.line);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (cmd_test_stop != 0) {
		fprintf(stderr, "ftport: interrupted: the tests still running were stopped\n");
		rc = 128 + cmd_test_stop;
		goto out;
	}
	if (o->json)
		cmd_test_json(tr, py);
	else if (testrun_count(tr) == 0)
		printf("nothing blocks the move: no package to test\n");
	else
		cmd_test_table(tr, py);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ftport: writing the results failed\n");
		rc = EXIT_USAGE;
		goto out;
	}
	for (size_t i = 0; i < testrun_count(tr); i++) {
		struct testrun_pkg *p = testrun_get(tr, i);

		if (p->state != TR_DONE || p->result.outcome != TO_PASSED)
			rc = EXIT_MATCHED;
	}
out:
	testrun_free(tr);
	loop_free(l);
	if (f != NULL)
		fetch_free(f);
	ftpython_free(py);
	if (o->all_blocking)
		cmd_run_free(&run);
	else
		env_free(env);
	strlist_clear(&seen);
	strlist_clear(&tested);
	strlist_clear(&declined);
	state_free(st);
	free(state_path);
	free(url);
	free(origin);
	return rc;
}
