/* cmd.c: the table of commands, and what they share (loading the environment). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "env.h"
#include "lockfile.h"
#include "sanitize.h"

const struct cmd_entry cmd_table[] = {
	{ "tree", cmd_tree, "tree [--json]",
	  "the dependency tree; reads only local files",
	  "Options:\n  --json               print the tree as JSON (schema in ftport(1))\n",
	  "json" },
	{ "cache", cmd_cache, "cache info|clear",
	  "where the index cache is and how big; clear removes its entries",
	  "Subcommands:\n  info                 the cache directory, its entries and their size\n"
	  "  clear                remove ftport's cache entries (nothing else)\n"
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
	{ "upstream", cmd_upstream, "upstream PKG... [--json] [--repo URL]",
	  "free-threading issues and pull requests in each package's GitHub or GitLab",
	  "Options:\n"
	  "  --json               print the findings as JSON (schema in ftport(1))\n"
	  "  --repo URL           the repository of the one package named (overrides its\n"
	  "                       Project-URL, Home-page and the tracking table)\n"
	  "  --github-api URL     the GitHub API (default https://api.github.com)\n"
	  "  --gitlab-api URL     the GitLab API (default https://HOST/api/v4)\n"
	  "  --offline            the cache only (answers are kept a day)\n"
	  "  --refresh            past the cache\n"
	  "  --cache-dir DIR      the cache (default $XDG_CACHE_HOME/ftport)\n"
	  "Environment: GITHUB_TOKEN or GH_TOKEN, GITLAB_TOKEN (sent to their API only).\n"
	  "Exit status 1 when a package could not be answered.\n",
	  "json repo github-api gitlab-api offline refresh cache-dir jobs" },
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
