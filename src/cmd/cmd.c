/* cmd.c: the table of commands, and what they share (loading the environment). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "env.h"
#include "fetch.h"
#include "graph.h"
#include "index.h"
#include "lockfile.h"
#include "replace.h"
#include "sanitize.h"
#include "snapshot.h"
#include "wheel.h"

const struct cmd_entry cmd_table[] = {
	{ "tree", cmd_tree, "tree [--json]",
	  "the dependency tree; reads only local files",
	  "Options:\n  --json               print the tree as JSON (schema in ftport(1))\n",
	  "json" },
	{ "cache", cmd_cache, "cache info|clear",
	  "where the cache is and how big; clear removes its entries",
	  "Subcommands:\n  info                 the cache directory, its entries, scratch venvs and\n"
	  "                       test results, and their size\n"
	  "  clear                remove ftport's cache entries, scratch venvs and test\n"
	  "                       results (nothing else)\n"
	  "Options:\n  --cache-dir DIR      another cache (default $XDG_CACHE_HOME/ftport)\n",
	  "cache-dir" },
	{ "check", cmd_check, "check [--format F] [--fail-on W] [--lock FILE] [--upstream]",
	  "every package asked of the index: free-threaded verdicts per target and platform",
	  "Options:\n"
	  "  --format FMT         table (default), json, csv or md (JSON schema in ftport(1))\n"
	  "  --fail-on WHAT       exit 1 when a package is: blocked (blocked or abi3), or\n"
	  "                       any (anything but ready, pure or fallback; unknown counts)\n"
	  "  --upstream           an UPSTREAM column: the free-threading issues and PRs of\n"
	  "                       every package that is not fine (see ftport upstream)\n"
	  CHECK_OPTIONS_HELP,
	  "format fail-on upstream " TUI_ACCEPTS },
	{ "test", cmd_test, "test PKG...|--all-blocking [--ft-python PATH] [--cmd CMD]",
	  "import each package under a free-threaded Python, GIL unset then PYTHON_GIL=0",
	  "Options:\n"
	  "  --ft-python PATH     the free-threaded interpreter (default FTPORT_FT_PYTHON,\n"
	  "                       the environment's own if free-threaded, python3.14t or\n"
	  "                       python3.13t on PATH, uv's, pyenv's)\n"
	  "  --cmd 'COMMAND'      also run COMMAND with PYTHON_GIL=0 (split into words,\n"
	  "                       never given to a shell; python is the test interpreter;\n"
	  "                       {name} becomes the package's name); without it, each\n"
	  "                       package's test_command from the team state, asked\n"
	  "                       about once per machine when new or changed\n"
	  "  --yes                run the team state's test commands without asking\n"
	  "  --state FILE         the team state, where each result is recorded too\n"
	  "                       (default .ftport/state.json at the project root)\n"
	  "  --timeout S          seconds an import or the command may take (default 300)\n"
	  "  --all-blocking       also every package whose verdict blocks the move (blocked,\n"
	  "                       abi3), after checking them against the index\n"
	  "  --jobs N             imports and commands at once (default 8)\n"
	  "  --json               the results as JSON (schema in ftport(1))\n"
	  "  --target T           the target the interpreter should match (default 3.14t)\n"
	  "  --index-url URL      where pip installs from (default PIP_INDEX_URL, pip.conf)\n"
	  "  --cache-dir DIR      scratch venvs, results and logs (default $XDG_CACHE_HOME/ftport)\n"
	  "Exit status: 0 all passed, 1 a result other than passed, 2 usage error or a\n"
	  "team state's test command not approved, 3 no environment or no free-threaded\n"
	  "interpreter.\n",
	  "ft-python cmd timeout jobs json target index-url cache-dir all-blocking platform "
	  "offline refresh state yes" },
	{ "stats", cmd_stats, "stats [--format F]",
	  "the compiled packages ready month by month, by the bundled history",
	  "Options:\n"
	  "  --format FMT         table (a text chart, default), json or csv\n"
	  "  --lock FILE          count a uv.lock, pylock.toml or requirements file's\n"
	  "                       compiled packages (from the wheel names it carries)\n"
	  "  --target T           judges packages the history has no day for (default 3.14t)\n",
	  "format lock target" },
	{ "export", cmd_export, "export [-o FILE] [--format md|csv|json] [--upstream]",
	  "the porting checklist: Markdown task list, CSV or JSON",
	  "Options:\n"
	  "  -o, --output FILE    write to FILE (default: stdout); a Markdown checklist\n"
	  "                       already there is merged into: ticks, owners, notes and\n"
	  "                       text people wrote are kept\n"
	  "  --format FMT         md, csv or json (default: from FILE's extension, else md)\n"
	  "  --state FILE         the team state (default .ftport/state.json at the\n"
	  "                       project root: the git work tree, else this directory)\n"
	  "  --upstream           link each package that is not fine to its free-threading\n"
	  "                       issues and PRs upstream (as ftport upstream finds them)\n"
	  "                       and say in its reason what the scans of the clones in\n"
	  "                       the cache found (as check --upstream does)\n"
	  CHECK_OPTIONS_HELP,
	  "output format state upstream github-api gitlab-api " TUI_ACCEPTS },
	{ "draft", cmd_draft, "draft PKG [-o FILE] [--edit] [--open]",
	  "an upstream issue draft for one package, and a prefilled new-issue URL",
	  "Options:\n"
	  "  -o, --output FILE    write the draft there (default .ftport/drafts/PKG.md\n"
	  "                       beside the team state; - prints it)\n"
	  "  --edit               open it in $VISUAL or $EDITOR first\n"
	  "  --open               open the new-issue URL with $BROWSER (nothing is posted)\n"
	  "  --repo URL           the upstream repository, when the metadata does not say\n"
	  "  --state FILE         the team state (default .ftport/state.json at the\n"
	  "                       project root)\n"
	  "The template is $XDG_CONFIG_HOME/ftport/draft.md when it exists, else the\n"
	  "bundled one. Known upstream issues are listed first.\n"
	  CHECK_OPTIONS_HELP,
	  "output edit open repo state github-api gitlab-api " TUI_ACCEPTS },
	{ "upstream", cmd_upstream, "upstream PKG... [--json] [--scan] [--repo URL]",
	  "free-threading issues and PRs in each package's GitHub or GitLab, and its source",
	  "Options:\n"
	  "  --json               print the findings as JSON (schema in ftport(1))\n"
	  "  --scan               clone or fetch each repository into the cache (libgit2)\n"
	  "                       and look for declarations of free-threading support on\n"
	  "                       its default branch and at the installed version's tag\n"
	  SCAN_OPTIONS_HELP
	  "  --repo URL           the repository of the one package named (overrides its\n"
	  "                       Project-URL, Home-page and the tracking table)\n"
	  "  --github-api URL     the GitHub API (default https://api.github.com)\n"
	  "  --gitlab-api URL     the GitLab API (default https://HOST/api/v4)\n"
	  "  --offline            the cache only (answers are kept a day; --scan reads the\n"
	  "                       clones already in the cache)\n"
	  "  --refresh            past the cache\n"
	  "  --cache-dir DIR      the cache (default $XDG_CACHE_HOME/ftport)\n"
	  "Environment: GITHUB_TOKEN or GH_TOKEN, GITLAB_TOKEN (sent to their API only).\n"
	  "Exit status 1 when a package could not be answered.\n",
	  "json repo github-api gitlab-api offline refresh cache-dir jobs scan max-repo-mb "
	  "scan-timeout" },
	{ NULL, NULL, NULL, NULL, NULL, NULL }
};

const struct cmd_entry *
cmd_find(const char *name)
{
	for (const struct cmd_entry *c = cmd_table; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int
cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("ftport: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd != NULL)
		fprintf(stderr, " (see ftport %s --help)\n", cmd);
	else
		fputs(" (see ftport --help)\n", stderr);
	return -1;
}

void
cmd_error(const char *cause)
{
	char *clean = sanitize_text(cause);

	fprintf(stderr, "ftport: %s\n", clean);
	free(clean);
}

void
cmd_progress_line(struct cmd_progress *p, const char *fmt, ...)
{
	va_list ap;
	double now;

	if (!p->show)
		return;
	/* A few redraws a second are enough; more only cost the terminal. */
	now = now_ms();
	if (now - p->last < 100)
		return;
	p->last = now;
	fputc('\r', stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr);
}

void
cmd_progress_end(struct cmd_progress *p)
{
	if (p->show)
		fputs("\r\033[K", stderr);
}

int
cmd_env_load(struct options *o, struct environment **out, char **cause)
{
	struct lock_options lo;

	if (o->lock == NULL) {
		/* Every command keeps the interpreter's answer (a warm run starts no
		 * Python). */
		o->env.probe_cache = true;
		o->env.cache_dir = o->cache_dir;
		o->env.refresh = o->refresh;
		return env_load(&o->env, out, cause);
	}
	memset(&lo, 0, sizeof lo);
	lo.path = o->lock;
	lo.python = o->env.python;
	lo.target = o->targets.n > 0 ? o->targets.v[0] : NULL;
	lo.platform = o->platforms.n > 0 ? o->platforms.v[0] : NULL;
	return lockfile_load(&lo, out, cause);
}

struct environment *
cmd_load_env(struct options *o)
{
	struct environment *e;
	char *cause = NULL;

	if (cmd_env_load(o, &e, &cause) != 0) {
		cmd_error(cause);
		free(cause);
		return NULL;
	}
	/* Warnings quote metadata: never let its control characters reach a terminal. */
	for (size_t i = 0; i < e->warnings.n; i++) {
		char *clean = sanitize_text(e->warnings.v[i]);

		log_warn("%s", clean);
		free(clean);
	}
	return e;
}

int
cmd_validate_targets(struct options *o, const char *cmd)
{
	struct target t;
	struct wheel_platform wp;

	for (size_t i = 0; i < o->targets.n; i++)
		if (target_parse(o->targets.v[i], &t) != 0)
			return cmd_usage_error(cmd, "--target takes a free-threaded CPython such as "
			    "3.13t, 3.14t or 3.15t, not '%s'", o->targets.v[i]);
	for (size_t i = 0; i < o->platforms.n; i++) {
		const char *p = o->platforms.v[i];

		if (strcmp(p, "current") != 0 && (wheel_platform_parse(p, &wp) != 0 ||
		    wp.os == WOS_ANY || wp.os == WOS_OTHER))
			return cmd_usage_error(cmd, "--platform takes %s, not '%s'",
			    CHECK_PLATFORM_CHOICES, p);
	}
	return 0;
}

int
cmd_run_check(struct options *o, const char *cmd, struct cmd_run *r,
    check_changed_fn changed, void *arg)
{
	struct fetch_config fc;
	struct index_config icfg;
	struct check_config cc;
	char *cause = NULL;
	double start = now_ms();

	memset(r, 0, sizeof *r);
	if ((r->env = cmd_load_env(o)) == NULL)
		return EXIT_NOENV;
	r->graph = graph_build(r->env);
	log_debug("environment read in %.0f ms: %zu distributions", now_ms() - start,
	    r->env->ndists);

	if (snapshot_load(NULL, &r->snap, &cause) != 0) {
		/* Not fatal: the index answers without it; only its fallback is lost. */
		log_warn("%s", cause);
		strlist_push(&r->errors, cause);
		free(cause);
		cause = NULL;
	}

	fetch_config_defaults(&fc);
	fc.max_connections = o->jobs;
	r->fetch = fetch_new(&fc);
	memset(&icfg, 0, sizeof icfg);
	icfg.index_url = o->index_url;
	icfg.extra_index_urls = &o->extra_index_urls;
	icfg.lock_path = o->lock;
	icfg.cache_dir = o->cache_dir;
	icfg.offline = o->offline;
	icfg.refresh = o->refresh;
	icfg.ttl_seconds = 3600;
	if ((r->ic = index_new(&icfg, r->fetch, &cause)) == NULL) {
		cmd_error(cause);
		free(cause);
		return EXIT_USAGE;
	}
	if (index_warning(r->ic) != NULL) {
		/* No cache slows the check down, it does not stop it: said once. The path
		 * in it is the user's, but may still hold any byte. */
		char *w = sanitize_text(index_warning(r->ic));

		log_warn("%s", w);
		free(w);
	}

	memset(&cc, 0, sizeof cc);
	cc.targets = o->targets;
	cc.platforms = o->platforms;
	if ((r->ch = check_new(r->graph, &cc, r->ic, r->snap, &cause)) == NULL) {
		cmd_usage_error(cmd, "%s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	r->repl = cmd_load_replacements(&r->errors);
	r->ch->replacements = r->repl;
	r->ch->changed = changed;
	r->ch->changed_arg = arg;
	check_start(r->ch);
	while (!check_finished(r->ch)) {
		if (fetch_pending(r->fetch) == 0) {
			/* Nothing in flight and packages still waiting: a bug, but one that
			 * must not hang a CI job. */
			log_warn("%zu packages got no answer from the index client",
			    r->ch->npkgs - r->ch->ndone);
			strlist_push(&r->errors, "some packages got no answer from the index client");
			break;
		}
		fetch_run_once(r->fetch, NULL, 0, 1000);
	}
	log_debug("answers in %.0f ms", now_ms() - start);
	check_propagate(r->ch);
	log_debug("checked %zu packages in %.0f ms with %lu requests to %s",
	    r->ch->npkgs, now_ms() - start, fetch_request_count(r->fetch), index_url(r->ic));
	return EXIT_DONE;
}

struct replacements *
cmd_load_replacements(struct strlist *errors)
{
	struct strlist found = STRLIST_INIT;
	struct replacements *r = replace_load(NULL, NULL, &found);

	/* A broken table loses its suggestions, not the run: said, and listed with the
	 * run's problems. The path and JSON error may quote any byte. */
	for (size_t i = 0; i < found.n; i++) {
		char *clean = sanitize_text(found.v[i]);

		log_warn("%s", clean);
		strlist_push_owned(errors, clean);
	}
	strlist_clear(&found);
	return r;
}

void
cmd_run_free(struct cmd_run *r)
{
	/* The index client first: its pending callbacks point into the check. */
	index_free(r->ic);
	fetch_free(r->fetch);
	check_free(r->ch);
	replace_free(r->repl);
	snapshot_free(r->snap);
	graph_free(r->graph);
	env_free(r->env);
	strlist_clear(&r->errors);
	memset(r, 0, sizeof *r);
}
