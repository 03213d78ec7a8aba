/* options.c: parsing the command line: common options anywhere, then the command and
 * its own options (getopt_long over one table). */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"

enum {
	OPT_PYTHON = 256, OPT_VENV, OPT_PATH, OPT_TARGET, OPT_PLATFORM, OPT_INDEX_URL,
	OPT_OFFLINE, OPT_REFRESH, OPT_JOBS, OPT_CACHE_DIR, OPT_COLOR,
	OPT_JSON, OPT_FORMAT, OPT_FAIL_ON, OPT_VERSION, OPT_LOCK,
	OPT_UPSTREAM, OPT_REPO, OPT_GITHUB_API, OPT_GITLAB_API, OPT_STATE, OPT_EDIT, OPT_OPEN,
	OPT_SCAN, OPT_MAX_REPO_MB, OPT_SCAN_TIMEOUT,
	OPT_FT_PYTHON, OPT_CMD, OPT_TIMEOUT, OPT_ALL_BLOCKING, OPT_YES, OPT_EXTRA_INDEX_URL
};

static const struct option long_options[] = {
	{ "python",	required_argument, NULL, OPT_PYTHON },
	{ "venv",	required_argument, NULL, OPT_VENV },
	{ "path",	required_argument, NULL, OPT_PATH },
	{ "target",	required_argument, NULL, OPT_TARGET },
	{ "platform",	required_argument, NULL, OPT_PLATFORM },
	{ "index-url",	required_argument, NULL, OPT_INDEX_URL },
	{ "extra-index-url", required_argument, NULL, OPT_EXTRA_INDEX_URL },
	{ "offline",	no_argument,	   NULL, OPT_OFFLINE },
	{ "refresh",	no_argument,	   NULL, OPT_REFRESH },
	{ "jobs",	required_argument, NULL, OPT_JOBS },
	{ "cache-dir",	required_argument, NULL, OPT_CACHE_DIR },
	{ "color",	required_argument, NULL, OPT_COLOR },
	{ "json",	no_argument,	   NULL, OPT_JSON },
	{ "format",	required_argument, NULL, OPT_FORMAT },
	{ "fail-on",	required_argument, NULL, OPT_FAIL_ON },
	{ "ft-python",	required_argument, NULL, OPT_FT_PYTHON },
	{ "cmd",	required_argument, NULL, OPT_CMD },
	{ "timeout",	required_argument, NULL, OPT_TIMEOUT },
	{ "all-blocking", no_argument,	   NULL, OPT_ALL_BLOCKING },
	{ "yes",	no_argument,	   NULL, OPT_YES },
	{ "output",	required_argument, NULL, 'o' },
	{ "state",	required_argument, NULL, OPT_STATE },
	{ "edit",	no_argument,	   NULL, OPT_EDIT },
	{ "open",	no_argument,	   NULL, OPT_OPEN },
	{ "upstream",	no_argument,	   NULL, OPT_UPSTREAM },
	{ "repo",	required_argument, NULL, OPT_REPO },
	{ "scan",	no_argument,	   NULL, OPT_SCAN },
	{ "max-repo-mb", required_argument, NULL, OPT_MAX_REPO_MB },
	{ "scan-timeout", required_argument, NULL, OPT_SCAN_TIMEOUT },
	{ "github-api",	required_argument, NULL, OPT_GITHUB_API },
	{ "gitlab-api",	required_argument, NULL, OPT_GITLAB_API },
	{ "lock",	required_argument, NULL, OPT_LOCK },
	{ "quiet",	no_argument,	   NULL, 'q' },
	{ "verbose",	no_argument,	   NULL, 'v' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "version",	no_argument,	   NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static const char common_help[] =
    "Common options:\n"
    "  --python PATH        the interpreter whose environment to read\n"
    "  --venv DIR           the virtual environment to read\n"
    "  --path SITE_DIR      read this site directory (repeatable; replaces sys.path)\n"
    "  -q, --quiet          no warnings\n"
    "  -v, --verbose        say more on stderr\n"
    "  -h, --help           this help (ftport COMMAND --help for a command's)\n"
    "  --version            the version\n"
    "Environment: VIRTUAL_ENV, CONDA_PREFIX, python3 on PATH.\n"
    "Exit status: 0 done, 1 --fail-on matched, 2 usage error, 3 no environment.\n";

static void
usage_main(FILE *f)
{
	fprintf(f, "usage: ftport [OPTIONS] [COMMAND [ARGS]]\n\nCommands:\n");
	fprintf(f, "  %-34s %s\n", "(none)", "the terminal UI on the environment (keys: ? in it)");
	for (const struct cmd_entry *c = cmd_table; c->name != NULL; c++)
		fprintf(f, "  %-34s %s\n", c->usage, c->summary);
	fprintf(f, "\nOptions of the terminal UI (and of check):\n%s", CHECK_OPTIONS_HELP);
	fprintf(f, "  --state FILE         the team state (default .ftport/state.json at the\n"
	    "                       project root; the UI's a, c, x keys write it)\n"
	    "  --ft-python PATH, --cmd 'COMMAND', --timeout S, --yes\n"
	    "                       how the UI's t tests (see ftport test --help)\n");
	fprintf(f, "%s", SCAN_OPTIONS_HELP);
	fprintf(f, "\n%s", common_help);
}

static void
usage_cmd(FILE *f, const struct cmd_entry *c)
{
	fprintf(f, "usage: ftport %s\n%s\n\n%s%s", c->usage, c->summary,
	    c->help != NULL ? c->help : "", c->help != NULL ? "\n" : "");
	fputs(common_help, f);
}

/* The options every command takes: which environment, how much to say. */
static bool
option_is_common(int ch)
{
	return ch == OPT_PYTHON || ch == OPT_VENV || ch == OPT_PATH || ch == OPT_VERSION;
}

/* Does the command (NULL: the UI) take this long option? An option that would be
 * silently ignored is a usage error instead. */
static bool
option_applies(const struct cmd_entry *cmd, const char *name)
{
	const char *list = cmd != NULL ? cmd->accepts :
	    TUI_ACCEPTS " state max-repo-mb scan-timeout " TEST_ACCEPTS;
	size_t len = strlen(name);

	for (const char *p = list; (p = strstr(p, name)) != NULL; p += len) {
		bool starts = p == list || p[-1] == ' ';
		bool ends = p[len] == '\0' || p[len] == ' ';

		if (starts && ends)
			return true;
	}
	return false;
}

/* An operand: the command first, then its arguments. */
static int
take_operand(struct options *o, const struct cmd_entry **cmd, const char *word)
{
	if (*cmd != NULL) {
		strlist_push(&o->args, word);
		return 0;
	}
	*cmd = cmd_find(word);
	if (*cmd == NULL)
		return cmd_usage_error(NULL, "unknown command '%s'", word);
	o->command = (*cmd)->name;
	return 0;
}

int
options_parse(struct options *o, int argc, char **argv)
{
	const struct cmd_entry *cmd = NULL;
	bool help = false;
	int ch;
	char *end;
	int index;
	int before;

	memset(o, 0, sizeof *o);
	o->jobs = 16;
	o->max_repo_mb = 500;
	o->scan_timeout = 300;
	/* "+" stops at the first operand (the command); we loop to parse its options. */
	for (;;) {
		opterr = 0;
		for (;;) {
			before = optind;
			ch = getopt_long(argc, argv, "+:qvho:", long_options, &index);
			if (ch == -1)
				break;
			/* -o is --output; getopt leaves index alone for a short option. */
			if (ch == 'o' && !strlist_contains(&o->given, "output"))
				strlist_push(&o->given, "output");
			else if (ch >= 256 && !option_is_common(ch) &&
			    !strlist_contains(&o->given, long_options[index].name))
				strlist_push(&o->given, long_options[index].name);
			switch (ch) {
			case OPT_PYTHON:	o->env.python = optarg; break;
			case OPT_VENV:		o->env.venv = optarg; break;
			case OPT_PATH:		strlist_push(&o->env.paths, optarg); break;
			case OPT_TARGET:	strlist_push(&o->targets, optarg); break;
			case OPT_PLATFORM:	strlist_push(&o->platforms, optarg); break;
			case OPT_INDEX_URL:	o->index_url = optarg; break;
			case OPT_EXTRA_INDEX_URL: strlist_push(&o->extra_index_urls, optarg); break;
			case OPT_OFFLINE:	o->offline = true; break;
			case OPT_REFRESH:	o->refresh = true; break;
			case OPT_CACHE_DIR:	o->cache_dir = optarg; break;
			case OPT_JSON:		o->json = true; break;
			case OPT_FORMAT:	o->format = optarg; break;
			case OPT_FAIL_ON:	o->fail_on = optarg; break;
			case OPT_FT_PYTHON:	o->ft_python = optarg; break;
			case OPT_CMD:		o->test_cmd = optarg; break;
			case OPT_ALL_BLOCKING:	o->all_blocking = true; break;
			case OPT_YES:		o->yes = true; break;
			case OPT_TIMEOUT:
				o->timeout = (int)strtol(optarg, &end, 10);
				if (*end != '\0' || o->timeout < 1 || o->timeout > 86400)
					return cmd_usage_error(NULL, "--timeout takes seconds from 1 to 86400, not '%s'", optarg);
				break;
			case 'o':		o->output = optarg; break;
			case OPT_STATE:		o->state = optarg; break;
			case OPT_EDIT:		o->edit = true; break;
			case OPT_OPEN:		o->open = true; break;
			case OPT_UPSTREAM:	o->upstream = true; break;
			case OPT_REPO:		o->repo = optarg; break;
			case OPT_SCAN:		o->scan = true; break;
			case OPT_MAX_REPO_MB:
				o->max_repo_mb = strtol(optarg, &end, 10);
				if (*end != '\0' || o->max_repo_mb < 1 || o->max_repo_mb > 1000000)
					return cmd_usage_error(NULL, "--max-repo-mb takes a number of MB from 1 to 1000000, not '%s'", optarg);
				break;
			case OPT_SCAN_TIMEOUT:
				o->scan_timeout = strtol(optarg, &end, 10);
				if (*end != '\0' || o->scan_timeout < 1 || o->scan_timeout > 86400)
					return cmd_usage_error(NULL, "--scan-timeout takes seconds from 1 to 86400, not '%s'", optarg);
				break;
			case OPT_GITHUB_API:	o->github_api = optarg; break;
			case OPT_GITLAB_API:	o->gitlab_api = optarg; break;
			case OPT_LOCK:		o->lock = optarg; break;
			case 'q':		log_verbosity = -1; break;
			case 'v':		log_verbosity++; break;
			case 'h':		help = true; break;
			case OPT_JOBS:
				o->jobs = (int)strtol(optarg, &end, 10);
				if (*end != '\0' || o->jobs < 1 || o->jobs > 64)
					return cmd_usage_error(NULL, "--jobs takes a number from 1 to 64, not '%s'", optarg);
				break;
			case OPT_COLOR:
				if (strcmp(optarg, "auto") == 0)
					o->color = COLOR_AUTO;
				else if (strcmp(optarg, "always") == 0)
					o->color = COLOR_ALWAYS;
				else if (strcmp(optarg, "never") == 0)
					o->color = COLOR_NEVER;
				else
					return cmd_usage_error(NULL, "--color takes auto, always or never, not '%s'", optarg);
				break;
			case OPT_VERSION:
				printf("ftport %s\n", PACKAGE_VERSION);
				return 1;
			case ':':
				return cmd_usage_error(NULL, "%s needs an argument", argv[optind - 1]);
			default:
				return cmd_usage_error(NULL, "unknown option '%s'", argv[optind - 1]);
			}
		}
		/* getopt consumed a "--" in this round (not as an option's argument): everything
		 * after it is an operand. Calling getopt again would not do: glibc moves optind
		 * back to the "--" on each call (an endless loop with an operand after it). */
		if (optind > before && strcmp(argv[optind - 1], "--") == 0) {
			for (; optind < argc; optind++)
				if (take_operand(o, &cmd, argv[optind]) != 0)
					return -1;
			break;
		}
		if (optind >= argc)
			break;
		if (take_operand(o, &cmd, argv[optind]) != 0)
			return -1;
		optind++;
	}
	for (size_t i = 0; i < o->given.n; i++) {
		if (!option_applies(cmd, o->given.v[i])) {
			return cmd_usage_error(NULL, "--%s does not apply to %s", o->given.v[i],
			    cmd != NULL ? cmd->name : "the terminal UI");
		}
	}
	if (help) {
		if (cmd != NULL)
			usage_cmd(stdout, cmd);
		else
			usage_main(stdout);
		return 1;
	}
	if (o->env.python != NULL && o->env.venv != NULL)
		log_debug("--python given: --venv %s is ignored", o->env.venv);
	return 0;
}

void
options_free(struct options *o)
{
	strlist_clear(&o->env.paths);
	strlist_clear(&o->targets);
	strlist_clear(&o->platforms);
	strlist_clear(&o->extra_index_urls);
	strlist_clear(&o->args);
	strlist_clear(&o->given);
}

int
options_test_jobs(const struct options *o)
{
	return strlist_contains(&o->given, "jobs") ? o->jobs : TEST_DEFAULT_JOBS;
}
