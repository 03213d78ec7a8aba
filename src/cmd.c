/* cmd.c: the table of commands, and what they share (loading the environment). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "env.h"

const struct cmd_entry cmd_table[] = {
	{ "tree", cmd_tree, "tree [--json]",
	  "the dependency tree; reads only local files",
	  "Options:\n  --json               print the tree as JSON (schema in ftport(1))\n" },
	{ "cache", cmd_cache, "cache info|clear",
	  "where the index cache is and how big; clear removes its entries",
	  "Subcommands:\n  info                 the cache directory, its entries and their size\n"
	  "  clear                remove ftport's cache entries (nothing else)\n"
	  "Options:\n  --cache-dir DIR      another cache (default $XDG_CACHE_HOME/ftport)\n" },
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
		fprintf(stderr, "ftport: %s\n", cause);
		free(cause);
		return NULL;
	}
	for (size_t i = 0; i < e->warnings.n; i++)
		log_warn("%s", e->warnings.v[i]);
	return e;
}
