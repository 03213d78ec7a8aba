/* cmd.c: the table of commands, and what they share (loading the environment). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "env.h"
#include "sanitize.h"

const struct cmd_entry cmd_table[] = {
	{ "tree", cmd_tree, "tree [--json]",
	  "the dependency tree; reads only local files",
	  "Options:\n  --json               print the tree as JSON (schema in ftport(1))\n" },
	{ "cache", cmd_cache, "cache info|clear",
	  "where the index cache is and how big; clear removes its entries",
	  "Subcommands:\n  info                 the cache directory, its entries and their size\n"
	  "  clear                remove ftport's cache entries (nothing else)\n"
	  "Options:\n  --cache-dir DIR      another cache (default $XDG_CACHE_HOME/ftport)\n" },
	{ "check", cmd_check, "check [--format F] [--fail-on W]",
	  "every package asked of the index: free-threaded verdicts per target and platform",
	  "Options:\n"
	  "  --format FMT         table (default), json, csv or md (JSON schema in ftport(1))\n"
	  "  --fail-on WHAT       exit 1 when a package is: blocked (blocked or abi3), or\n"
	  "                       any (anything but ready, pure or fallback; unknown counts)\n"
	  "  --target T           3.13t, 3.14t, 3.15t (repeatable; default 3.14t)\n"
	  "  --platform P         current, linux-x86_64, linux-aarch64, macos-arm64,\n"
	  "                       macos-x86_64, windows-amd64 (repeatable; default current)\n"
	  "  --index-url URL      the Simple API (default PIP_INDEX_URL, pip.conf, PyPI)\n"
	  "  --offline            ask nothing: the cache, then the bundled snapshot\n"
	  "  --refresh            revalidate every cached answer now\n"
	  "  --jobs N             requests at once (default 8)\n"
	  "  --cache-dir DIR      the cache (default $XDG_CACHE_HOME/ftport)\n"
	  "  --color WHEN         auto (default), always or never; NO_COLOR turns auto off\n" },
	{ NULL, NULL, NULL, NULL, NULL }
};

const struct cmd_entry *
cmd_find(const char *name)
{
	for (const struct cmd_entry *c = cmd_table; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

struct environment *
cmd_load_env(struct options *o)
{
	struct environment *e;
	char *cause = NULL;

	if (env_load(&o->env, &e, &cause) != 0) {
		char *clean = sanitize_text(cause);

		fprintf(stderr, "ftport: %s\n", clean);
		free(clean);
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
