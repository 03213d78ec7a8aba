/* options.h: the command line shared by every command (SPEC §2). */
#ifndef FTPORT_OPTIONS_H
#define FTPORT_OPTIONS_H

#include <stdbool.h>

#include "env.h"
#include "util.h"

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* Help lines for the options that choose what to check and how to ask the index:
 * shared by "ftport --help" (for the UI) and "ftport check --help". */
#define CHECK_OPTIONS_HELP \
	"  --target T           3.13t, 3.14t, 3.15t (repeatable; default 3.14t)\n" \
	"  --platform P         current, linux-x86_64, linux-aarch64, musllinux-x86_64,\n" \
	"                       musllinux-aarch64, macos-arm64, macos-x86_64, windows-amd64\n" \
	"                       (repeatable; default current)\n" \
	"  --index-url URL      the Simple API (default PIP_INDEX_URL, pip.conf, PyPI;\n" \
	"                       uv's default index when the project uses uv)\n" \
	"  --extra-index-url URL  also ask this index (repeatable; added to\n" \
	"                       PIP_EXTRA_INDEX_URL's, pip.conf's or uv's indexes)\n" \
	"  --offline            ask nothing: the cache, then the bundled snapshot\n" \
	"  --refresh            revalidate every cached answer now\n" \
	"  --jobs N             HTTP/1.1 connections to the index at once (default 16;\n" \
	"                       HTTP/2 multiplexes 4 times as many requests on one)\n" \
	"  --cache-dir DIR      the cache (default $XDG_CACHE_HOME/ftport)\n" \
	"  --color WHEN         auto (default), always or never; NO_COLOR turns auto off\n" \
	"  --github-api URL     the GitHub API for upstream findings (GITHUB_TOKEN)\n" \
	"  --gitlab-api URL     the GitLab API for upstream findings (GITLAB_TOKEN)\n" \
	"  --lock FILE          judge uv.lock, pylock.toml or a requirements file\n" \
	"                       instead of an installed environment (TOML: Python 3.11+)\n"

/* The source scan's limits (ftport upstream --scan, the UI's u). */
#define SCAN_OPTIONS_HELP \
	"  --max-repo-mb N      stop a clone that has received more than N MB (default 500)\n" \
	"  --scan-timeout SECS  stop a clone and scan after SECS seconds (default 300)\n"

/* Exit statuses (SPEC §2). */
#define EXIT_DONE	0
#define EXIT_MATCHED	1
#define EXIT_USAGE	2
#define EXIT_NOENV	3

struct options {
	const char	*command;	/* NULL for the TUI */
	struct env_options env;
	struct strlist	 targets;	/* "3.14t" ...; default filled in by options_finish */
	struct strlist	 platforms;	/* "current", "linux-x86_64" ... */
	const char	*index_url;	/* --index-url, NULL = pip config / default */
	struct strlist	 extra_index_urls; /* --extra-index-url, repeatable */
	bool		 offline;
	bool		 refresh;
	int		 jobs;
	const char	*cache_dir;
	enum color_mode	 color;
	bool		 json;		/* tree --json */
	const char	*format;	/* check --format */
	const char	*fail_on;	/* check --fail-on */
	const char	*ft_python;	/* test --ft-python */
	const char	*test_cmd;	/* test --cmd */
	int		 timeout;	/* test --timeout, seconds; 0: the default */
	bool		 all_blocking;	/* test --all-blocking */
	bool		 yes;		/* test --yes: the team state's test commands run unasked */
	const char	*output;	/* -o/--output FILE (export, draft); "-" is stdout */
	const char	*state;		/* --state FILE: the team state (export, draft, UI) */
	bool		 edit;		/* draft --edit: open it in $VISUAL/$EDITOR */
	bool		 open;		/* draft --open: the new-issue URL in $BROWSER */
	bool		 upstream;	/* check --upstream */
	const char	*repo;		/* upstream --repo URL */
	bool		 scan;		/* upstream --scan */
	long		 max_repo_mb;	/* --max-repo-mb, default 500 */
	long		 scan_timeout;	/* --scan-timeout seconds, default 300 */
	const char	*github_api;	/* --github-api URL */
	const char	*gitlab_api;	/* --gitlab-api URL */
	const char	*lock;		/* --lock FILE: judge it, not an environment */
	struct strlist	 args;		/* operands after the command */
	struct strlist	 given;		/* command-specific long options given, by name */
};

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
