/* options.h: the command line shared by every command. */
#ifndef FTPORT_OPTIONS_H
#define FTPORT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "env.h"
#include "util.h"

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* Help lines for the options that choose what to check and how to ask the index:
 * shared by "ftport --help" (for the UI) and "ftport check --help". */
#define CHECK_OPTIONS_HELP \
	"  --target T           3.13t, 3.14t, 3.15t (repeatable; default 3.14t)\n" \
	"  --platform P         current, linux-x86_64, linux-aarch64, musllinux-x86_64,\n" \
	"                       musllinux-aarch64, macos-arm64, macos-x86_64,\n" \
	"                       windows-amd64\n" \
	"                       (repeatable; default current)\n" \
	"  --index-url URL      the Simple API (default PIP_INDEX_URL, pip.conf, PyPI;\n" \
	"                       uv's default index when the project uses uv)\n" \
	"  --extra-index-url URL  also ask this index (repeatable; added to\n" \
	"                       PIP_EXTRA_INDEX_URL's, pip.conf's or uv's indexes)\n" \
	"  --nightly            also ask the Scientific Python nightly wheels for the\n" \
	"                       packages that are not ready (a finding of its own)\n" \
	"  --nightly-index URL  the nightly index to ask (implies --nightly)\n" \
	"  --offline            ask nothing: the cache, then the bundled snapshot\n" \
	"  --refresh            revalidate every cached answer now\n" \
	"  --jobs N             HTTP/1.1 connections to the index at once (default 16;\n" \
	"                       HTTP/2 multiplexes 4 times as many requests on one)\n" \
	"  --cache-dir DIR      the cache (default $XDG_CACHE_HOME/ftport)\n" \
	"  --color WHEN         auto (default), always or never; NO_COLOR turns auto off\n" \
	"  --github-api URL     the GitHub API for upstream findings (GITHUB_TOKEN)\n" \
	"  --gitlab-api URL     the GitLab API for upstream findings (GITLAB_TOKEN)\n" \
	"  --lock FILE          judge uv.lock, pylock.toml or a requirements file\n" \
	"                       instead of an installed environment (TOML: Python 3.11+)\n" \
	"  --extra NAME         a pylock.toml's extra to install (repeatable)\n" \
	"  --group NAME         a pylock.toml's dependency group to install (repeatable;\n" \
	"                       default: the lock's default-groups)\n"

/* The source scan's limits (ftport upstream --scan, the UI's u). */
#define SCAN_OPTIONS_HELP \
	"  --max-repo-mb N      stop a clone that has received more than N MB\n" \
	"                       (default 500)\n" \
	"  --scan-timeout SECS  stop a clone and scan after SECS seconds (default 300)\n"

/* Exit statuses. */
#define EXIT_DONE	0
#define EXIT_MATCHED	1
#define EXIT_USAGE	2
#define EXIT_NOENV	3

/* The commands as bits, for the set of commands each option applies to (the terminal
 * UI is the command-less one). */
enum cmd_bit {
	CMDB_TUI = 1 << 0, CMDB_TREE = 1 << 1, CMDB_CACHE = 1 << 2, CMDB_CHECK = 1 << 3,
	CMDB_TEST = 1 << 4, CMDB_STATS = 1 << 5, CMDB_EXPORT = 1 << 6, CMDB_DRAFT = 1 << 7,
	CMDB_UPSTREAM = 1 << 8
};
#define CMDB_EVERY	0x1ff
/* The commands that ask the index (the UI, check, and the two built on a check). */
#define CMDB_ASKS	(CMDB_TUI | CMDB_CHECK | CMDB_EXPORT | CMDB_DRAFT)

/* How an option's argument is kept in struct options. */
enum option_kind {
	OK_FLAG,	/* no argument: a bool set to true */
	OK_STRING,	/* const char *, the argument itself */
	OK_LIST,	/* struct strlist, one entry per use */
	OK_NUMBER,	/* long, whole decimal number within [min, max] */
	OK_COLOR,	/* enum color_mode from auto, always, never */
	OK_ACTION	/* no field: -q, -v, -h, --version act in the parser */
};

/* Every long option, declared once (tig's OPTION_INFO): its enum suffix, long name,
 * short letter (0: none), kind, the field of struct options it fills (OK_ACTION keeps
 * nothing but its given[] bit), the range of a number and what the number counts (for the error), and
 * the commands it applies to. getopt's table, the parser and the "does not apply"
 * check are generated from this list. */
/* The index's, the cache's and colour's options (--index-url to --color) are taken by
 * every command and ignored by those they do not concern (as pip does), so that one
 * wrapper can pass them to any command. */
#define OPTION_LIST(_) \
	_(PYTHON,	"python",	0,   OK_STRING, env.python,	0, 0, NULL, CMDB_EVERY) \
	_(VENV,		"venv",		0,   OK_STRING, env.venv,	0, 0, NULL, CMDB_EVERY) \
	_(PATH,		"path",		0,   OK_LIST,	env.paths,	0, 0, NULL, CMDB_EVERY) \
	_(TARGET,	"target",	0,   OK_LIST,	targets,	0, 0, NULL, \
	  CMDB_ASKS | CMDB_TEST | CMDB_STATS) \
	_(PLATFORM,	"platform",	0,   OK_LIST,	platforms,	0, 0, NULL, CMDB_ASKS | CMDB_TEST) \
	_(INDEX_URL,	"index-url",	0,   OK_STRING, index_url,	0, 0, NULL, CMDB_EVERY) \
	_(EXTRA_INDEX_URL, "extra-index-url", 0, OK_LIST, extra_index_urls, 0, 0, NULL, CMDB_EVERY) \
	_(NIGHTLY,	"nightly",	0,   OK_FLAG,	nightly,	0, 0, NULL, CMDB_ASKS) \
	_(NIGHTLY_INDEX, "nightly-index", 0, OK_STRING, nightly_index, 0, 0, NULL, CMDB_ASKS) \
	_(OFFLINE,	"offline",	0,   OK_FLAG,	offline,	0, 0, NULL, CMDB_EVERY) \
	_(REFRESH,	"refresh",	0,   OK_FLAG,	refresh,	0, 0, NULL, CMDB_EVERY) \
	_(JOBS,		"jobs",		0,   OK_NUMBER, jobs,		1, 64, "a number", CMDB_EVERY) \
	_(CACHE_DIR,	"cache-dir",	0,   OK_STRING, cache_dir,	0, 0, NULL, CMDB_EVERY) \
	_(COLOR,	"color",	0,   OK_COLOR,	color,		0, 0, NULL, CMDB_EVERY) \
	_(JSON,		"json",		0,   OK_FLAG,	json,		0, 0, NULL, \
	  CMDB_TREE | CMDB_TEST | CMDB_UPSTREAM) \
	_(FORMAT,	"format",	0,   OK_STRING, format,		0, 0, NULL, \
	  CMDB_CHECK | CMDB_STATS | CMDB_EXPORT) \
	_(FAIL_ON,	"fail-on",	0,   OK_STRING, fail_on,	0, 0, NULL, CMDB_CHECK) \
	_(FT_PYTHON,	"ft-python",	0,   OK_STRING, ft_python,	0, 0, NULL, CMDB_TUI | CMDB_TEST) \
	_(CMD,		"cmd",		0,   OK_STRING, test_cmd,	0, 0, NULL, CMDB_TUI | CMDB_TEST) \
	_(TIMEOUT,	"timeout",	0,   OK_NUMBER, timeout,	1, 86400, "seconds", \
	  CMDB_TUI | CMDB_TEST) \
	_(ALL_BLOCKING,	"all-blocking",	0,   OK_FLAG,	all_blocking,	0, 0, NULL, CMDB_TEST) \
	_(YES,		"yes",		0,   OK_FLAG,	yes,		0, 0, NULL, CMDB_TUI | CMDB_TEST) \
	_(OUTPUT,	"output",	'o', OK_STRING, output,		0, 0, NULL, CMDB_EXPORT | CMDB_DRAFT) \
	_(STATE,	"state",	0,   OK_STRING, state,		0, 0, NULL, \
	  CMDB_TUI | CMDB_CHECK | CMDB_TEST | CMDB_EXPORT | CMDB_DRAFT) \
	_(EDIT,		"edit",		0,   OK_FLAG,	edit,		0, 0, NULL, CMDB_DRAFT) \
	_(OPEN,		"open",		0,   OK_FLAG,	open,		0, 0, NULL, CMDB_DRAFT) \
	_(FORCE,	"force",	0,   OK_FLAG,	force,		0, 0, NULL, CMDB_DRAFT) \
	_(UPSTREAM,	"upstream",	0,   OK_FLAG,	upstream,	0, 0, NULL, CMDB_CHECK | CMDB_EXPORT) \
	_(REPO,		"repo",		0,   OK_STRING, repo,		0, 0, NULL, CMDB_DRAFT | CMDB_UPSTREAM) \
	_(SCAN,		"scan",		0,   OK_FLAG,	scan,		0, 0, NULL, CMDB_UPSTREAM) \
	_(MAX_REPO_MB,	"max-repo-mb",	0,   OK_NUMBER, max_repo_mb,	1, 1000000, "a number of MB", \
	  CMDB_TUI | CMDB_UPSTREAM) \
	_(SCAN_TIMEOUT,	"scan-timeout",	0,   OK_NUMBER, scan_timeout,	1, 86400, "seconds", \
	  CMDB_TUI | CMDB_UPSTREAM) \
	_(GITHUB_API,	"github-api",	0,   OK_STRING, github_api,	0, 0, NULL, CMDB_ASKS | CMDB_UPSTREAM) \
	_(GITLAB_API,	"gitlab-api",	0,   OK_STRING, gitlab_api,	0, 0, NULL, CMDB_ASKS | CMDB_UPSTREAM) \
	_(LOCK,		"lock",		0,   OK_STRING, lock,		0, 0, NULL, CMDB_ASKS | CMDB_STATS) \
	_(EXTRA,	"extra",	0,   OK_LIST,	extras,		0, 0, NULL, CMDB_ASKS | CMDB_STATS) \
	_(GROUP,	"group",	0,   OK_LIST,	groups,		0, 0, NULL, CMDB_ASKS | CMDB_STATS) \
	_(QUIET,	"quiet",	'q', OK_ACTION, given,		0, 0, NULL, CMDB_EVERY) \
	_(VERBOSE,	"verbose",	'v', OK_ACTION, given,		0, 0, NULL, CMDB_EVERY) \
	_(HELP,		"help",		'h', OK_ACTION, given,		0, 0, NULL, CMDB_EVERY) \
	_(VERSION,	"version",	0,   OK_ACTION, given,		0, 0, NULL, CMDB_EVERY)

enum option_id {
#define OPTION_ENUM(id, ...) OPT_##id,
	OPTION_LIST(OPTION_ENUM)
#undef OPTION_ENUM
	OPT_COUNT
};

struct options {
	const char	*command;	/* NULL for the TUI */
	struct env_options env;
	struct strlist	 targets;	/* "3.14t" ...; default filled in by options_finish */
	struct strlist	 platforms;	/* "current", "linux-x86_64" ... */
	const char	*index_url;	/* --index-url, NULL = pip config / default */
	struct strlist	 extra_index_urls; /* --extra-index-url, repeatable */
	bool		 nightly;	/* --nightly (or --nightly-index) */
	const char	*nightly_index;	/* --nightly-index URL, NULL: the default */
	bool		 offline;
	bool		 refresh;
	long		 jobs;
	const char	*cache_dir;
	enum color_mode	 color;
	bool		 json;		/* tree --json */
	const char	*format;	/* check --format */
	const char	*fail_on;	/* check --fail-on */
	const char	*ft_python;	/* test --ft-python */
	const char	*test_cmd;	/* test --cmd */
	long		 timeout;	/* test --timeout, seconds; 0: the default */
	bool		 all_blocking;	/* test --all-blocking */
	bool		 yes;		/* test --yes: the team state's test commands run unasked */
	const char	*output;	/* -o/--output FILE (export, draft); "-" is stdout */
	const char	*state;		/* --state FILE: the team state (export, draft, UI) */
	bool		 edit;		/* draft --edit: open it in $VISUAL/$EDITOR */
	bool		 open;		/* draft --open: the new-issue URL in $BROWSER */
	bool		 force;		/* draft --force: even for a ready or pure package */
	bool		 upstream;	/* check --upstream */
	const char	*repo;		/* upstream --repo URL */
	bool		 scan;		/* upstream --scan */
	long		 max_repo_mb;	/* --max-repo-mb, default 500 */
	long		 scan_timeout;	/* --scan-timeout seconds, default 300 */
	const char	*github_api;	/* --github-api URL */
	const char	*gitlab_api;	/* --gitlab-api URL */
	const char	*lock;		/* --lock FILE: judge it, not an environment */
	struct strlist	 extras;	/* --extra NAME: a pylock.toml's extras */
	struct strlist	 groups;	/* --group NAME: its dependency groups */
	struct strlist	 args;		/* operands after the command */
	bool		 given[OPT_COUNT];	/* which options the command line gave */
};

/* A usage error: one line "ftport: ... (see ftport [CMD] --help)" on stderr; cmd may be
 * NULL. Returns -1. */
int cmd_usage_error(const char *cmd, const char *fmt, ...) PRINTFLIKE(2, 3);

/* Parses argv into o. Returns -1 on a usage error (after printing one line to stderr),
 * 1 when --help or --version was handled (exit 0), 0 to go on. */
int options_parse(struct options *o, int argc, char **argv);
void options_free(struct options *o);
/* How many imports and commands `ftport test` (and t in the TUI) runs at once: --jobs
 * when given, else TEST_DEFAULT_JOBS: each is a Python process, heavier than a
 * connection, so fewer than the index's default. */
#define TEST_DEFAULT_JOBS 8
int options_test_jobs(const struct options *o);

#endif
