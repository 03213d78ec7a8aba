/* cmdtable.c: the table of commands: name, entry point, usage and help. Which options
 * each takes is declared with the options (options.h). */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "cmdtable.h"

const struct cmd_entry cmd_table[] = {
	{ "tree", cmd_tree, "tree [--json]",
	  "the dependency tree; reads only local files",
	  "Options:\n  --json               print the tree as JSON (schema in ftport(1))\n"
	  "Exit status: 0 done, 2 usage error, 3 no environment.\n",
	  CMDB_TREE },
	{ "cache", cmd_cache, "cache info|clear",
	  "where the cache is and how big; clear removes its entries",
	  "Subcommands:\n  info                 the cache directory, its entries, scratch venvs and\n"
	  "                       test results, and their size\n"
	  "  clear                remove ftport's cache entries, scratch venvs and test\n"
	  "                       results (nothing else)\n"
	  "Options:\n  --cache-dir DIR      another cache (default $XDG_CACHE_HOME/ftport)\n"
	  "Exit status: 0 done, 2 usage error or no cache directory known, 3 the cache\n"
	  "could not be read or cleared.\n",
	  CMDB_CACHE },
	{ "check", cmd_check, "check [--format F] [--fail-on W] [--lock FILE] [--upstream]",
	  "every package asked of the index: free-threaded verdicts per target and platform",
	  "Options:\n"
	  "  --format FMT         table (default), json, csv or md (the JSON schema is in\n"
	  "                       ftport(1))\n"
	  "  --fail-on WHAT       exit 1 when a package is: blocked (blocked, abi3, or a\n"
	  "                       test of this version gil-reenabled, failed, import-failed\n"
	  "                       or crashed), or any (anything but ready, pure, fallback\n"
	  "                       or a source build that passed its test; unknown counts)\n"
	  "  --upstream           an UPSTREAM column: the free-threading issues and PRs of\n"
	  "                       every package that is not fine (see ftport upstream)\n"
	  "  --state FILE         the team state, whose test results count beside this\n"
	  "                       machine's (default .ftport/state.json at the project\n"
	  "                       root)\n"
	  CHECK_OPTIONS_HELP
	  "On a terminal the table fits its width (-v, a pipe or a file: whole rows).\n"
	  "Exit status: 0 done, 1 --fail-on matched, 2 usage error, 3 no environment.\n",
	  CMDB_CHECK },
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
	  "  --all-blocking       also every package whose verdict blocks the move\n"
	  "                       (blocked, abi3), after checking them against the index\n"
	  "  --jobs N             imports and commands at once (default 8)\n"
	  "  --json               the results as JSON (schema in ftport(1))\n"
	  "  --target T           the target the interpreter should match (default 3.14t)\n"
	  "  --index-url URL      where pip installs from (default PIP_INDEX_URL, pip.conf)\n"
	  "  --cache-dir DIR      scratch venvs, results and logs (default\n"
	  "                       $XDG_CACHE_HOME/ftport)\n"
	  "Exit status: 0 all passed, 1 a result other than passed, 2 usage error or a\n"
	  "team state's test command not approved, 3 no environment or no free-threaded\n"
	  "interpreter.\n",
	  CMDB_TEST },
	{ "stats", cmd_stats, "stats [--format F]",
	  "the compiled packages ready month by month, by the bundled history",
	  "Options:\n"
	  "  --format FMT         table (a text chart, default), json or csv\n"
	  "  --lock FILE          count a uv.lock, pylock.toml or requirements file's\n"
	  "                       compiled packages (from the wheel names it carries)\n"
	  "  --extra NAME, --group NAME\n"
	  "                       a pylock.toml's extras and dependency groups to install\n"
	  "  --target T           judges packages the history has no day for (default\n"
	  "                       3.14t)\n"
	  "Exit status: 0 done, 2 usage error, 3 no environment.\n",
	  CMDB_STATS },
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
	  CHECK_OPTIONS_HELP
	  "Exit status: 0 done, 2 usage error or a file that cannot be written, 3 no\n"
	  "environment.\n",
	  CMDB_EXPORT },
	{ "draft", cmd_draft, "draft PKG [-o FILE] [--edit] [--open] [--force]",
	  "an upstream issue draft for one package, and a prefilled new-issue URL",
	  "Options:\n"
	  "  -o, --output FILE    write the draft there (default .ftport/drafts/PKG.md\n"
	  "                       beside the team state, kept as it is when it is\n"
	  "                       there already; - prints it)\n"
	  "  --edit               open it in $VISUAL or $EDITOR first\n"
	  "  --open               open the new-issue URL with $BROWSER (nothing is posted)\n"
	  "  --force              draft even for a package that is ready or pure\n"
	  "  --repo URL           the upstream repository, when the metadata does not say\n"
	  "  --state FILE         the team state (default .ftport/state.json at the\n"
	  "                       project root)\n"
	  "The template is $XDG_CONFIG_HOME/ftport/draft.md when it exists, else the\n"
	  "bundled one. Known upstream issues are listed first.\n"
	  CHECK_OPTIONS_HELP
	  "Exit status: 0 saved, 1 nothing to ask (ready or pure, without --force) or\n"
	  "--open found no browser (the draft is saved), 2 usage error, 3 no environment.\n",
	  CMDB_DRAFT },
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
	  "Exit status: 0 done, 1 a package could not be answered, 2 usage error, 3 no\n"
	  "environment.\n",
	  CMDB_UPSTREAM },
	{ NULL, NULL, NULL, NULL, NULL, 0 }
};

const struct cmd_entry *
cmd_find(const char *name)
{
	for (const struct cmd_entry *c = cmd_table; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}
