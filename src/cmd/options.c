/* options.c: parsing the command line: common options anywhere, then the command and
 * its own options, all generated from the one list in options.h. */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdtable.h"
#include "options.h"

/* getopt's table, from the option list; val is the option's id + 256 (0..255 would be
 * taken for short letters). */
#define OPTION_GETOPT(id, name, letter, kind, ...) \
	{ name, (kind) == OK_FLAG || (kind) == OK_ACTION ? no_argument : required_argument, \
	  NULL, 256 + OPT_##id },
static const struct option long_options[] = {
	OPTION_LIST(OPTION_GETOPT)
	{ NULL, 0, NULL, 0 }
};
#undef OPTION_GETOPT

/* Where each option goes and what it may hold. */
struct option_info {
	char		 letter;
	enum option_kind kind;
	size_t		 offset;	/* into struct options */
	long		 min, max;	/* OK_NUMBER */
	const char	*counts;	/* OK_NUMBER: "seconds" ... for the error */
	unsigned	 commands;	/* enum cmd_bit */
};
#define OPTION_INFO(id, name, letter, kind, field, min, max, counts, commands) \
	[OPT_##id] = { letter, kind, offsetof(struct options, field), min, max, counts, commands },
static const struct option_info option_info[OPT_COUNT] = {
	OPTION_LIST(OPTION_INFO)
};
#undef OPTION_INFO

/* Which environment to read: every command but cache reads one. */
static const char env_help[] =
    "Environment options:\n"
    "  --python PATH        the interpreter whose environment to read\n"
    "  --venv DIR           the virtual environment to read\n"
    "  --path SITE_DIR      read this site directory (repeatable; replaces sys.path)\n"
    "Environment: VIRTUAL_ENV, CONDA_PREFIX, python3 on PATH.\n";

static const char common_help[] =
    "Common options:\n"
    "  -q, --quiet          no warnings\n"
    "  -v, --verbose        say more on stderr\n"
    "  -h, --help           this help (ftport COMMAND --help for a command's)\n"
    "  --version            the version\n"
    "--index-url, --extra-index-url, --offline, --refresh, --jobs, --cache-dir and\n"
    "--color are taken by every command and ignored by those they do not concern.\n";

/* Text wrapped at blanks into 79 columns, every line after the first indented. */
static void
usage_wrap(FILE *f, const char *first, size_t indent, const char *text)
{
	size_t col = (size_t)fprintf(f, "%s", first), len;
	bool start = true;

	while (*text != '\0') {
		len = strcspn(text, " ");
		if (!start && col + 1 + len > 79) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!start) {
			fputc(' ', f);
			col++;
		}
		start = false;
		fprintf(f, "%.*s", (int)len, text);
		col += len;
		text += len;
		while (*text == ' ')
			text++;
	}
	fputc('\n', f);
}

static void
usage_main(FILE *f)
{
	char *first;

	fprintf(f, "usage: ftport [OPTIONS] [COMMAND [ARGS]]\n\nCommands:\n");
	usage_wrap(f, "  (none)     ", 13, "the terminal UI on the environment (keys: ? in it)");
	for (const struct cmd_entry *c = cmd_table; c->name != NULL; c++) {
		first = xprintf("  %-10s ", c->name);
		usage_wrap(f, first, 13, c->summary);
		free(first);
	}
	fprintf(f, "(ftport COMMAND --help: the command's own options and exit status)\n");
	fprintf(f, "\nOptions of the terminal UI (and of check):\n%s", CHECK_OPTIONS_HELP);
	fprintf(f, "  --state FILE         the team state (default .ftport/state.json at the\n"
	    "                       project root; the UI's a, c, x keys write it)\n"
	    "  --ft-python PATH, --cmd 'COMMAND', --timeout S, --yes\n"
	    "                       how the UI's t tests (see ftport test --help)\n");
	fprintf(f, "%s", SCAN_OPTIONS_HELP);
	fprintf(f, "\n%s\n%s", env_help, common_help);
	fprintf(f, "Exit status: 0 done, 2 usage error, 3 no environment.\n");
}

static void
usage_cmd(FILE *f, const struct cmd_entry *c)
{
	fprintf(f, "usage: ftport %s\n", c->usage);
	usage_wrap(f, "", 0, c->summary);
	fprintf(f, "\n");
	/* The exit status goes last, after the options every command shares. */
	{
		const char *help = c->help != NULL ? c->help : "";
		const char *exits = strstr(help, "Exit status");

		fprintf(f, "%.*s\n", (int)(exits != NULL ? exits - help : (long)strlen(help)), help);
		if (c->bit != CMDB_CACHE)
			fprintf(f, "%s", env_help);
		fputs(common_help, f);
		if (exits != NULL)
			fputs(exits, f);
	}
}

/* Parses a whole decimal number within [min, max] (OpenBSD's strtonum, without the
 * sign): "4294967304" is out of range, never wrapped to 8. */
static bool
number_in_range(const char *s, long min, long max, long *out)
{
	long long n = 0;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		n = n * 10 + (*s - '0');
		if (n > max)
			return false;
	}
	if (n < min)
		return false;
	*out = (long)n;
	return true;
}

/* Keeps the argument of option id in its field. -1 after a usage error. */
static int
option_store(struct options *o, enum option_id id, const char *arg)
{
	const struct option_info *info = &option_info[id];
	const char *name = long_options[id].name;
	char *field = (char *)o + info->offset;

	switch (info->kind) {
	case OK_FLAG:
		*(bool *)field = true;
		break;
	case OK_STRING:
		*(const char **)field = arg;
		break;
	case OK_LIST:
		strlist_push((struct strlist *)field, arg);
		break;
	case OK_NUMBER:
		if (!number_in_range(arg, info->min, info->max, (long *)field))
			return cmd_usage_error(NULL, "--%s takes %s from %ld to %ld, not '%s'", name,
			    info->counts, info->min, info->max, arg);
		break;
	case OK_COLOR:
		if (strcmp(arg, "auto") == 0)
			o->color = COLOR_AUTO;
		else if (strcmp(arg, "always") == 0)
			o->color = COLOR_ALWAYS;
		else if (strcmp(arg, "never") == 0)
			o->color = COLOR_NEVER;
		else
			return cmd_usage_error(NULL, "--color takes auto, always or never, not '%s'", arg);
		break;
	case OK_ACTION:
		break;
	}
	return 0;
}

/* The short options getopt takes ("+:qvho:"): "+" stops at the first operand (the
 * command), ":" reports a missing argument apart. */
static void
short_options(char *buf, size_t size)
{
	size_t n = 0;

	buf[n++] = '+';
	buf[n++] = ':';
	for (int id = 0; id < OPT_COUNT && n + 3 < size; id++) {
		if (option_info[id].letter == 0)
			continue;
		buf[n++] = option_info[id].letter;
		if (long_options[id].has_arg == required_argument)
			buf[n++] = ':';
	}
	buf[n] = '\0';
}

/* The id of the option getopt_long returned (a short letter or 256 + id), or -1. */
static int
option_id_of(int ch)
{
	if (ch >= 256 && ch < 256 + OPT_COUNT)
		return ch - 256;
	for (int id = 0; id < OPT_COUNT; id++)
		if (option_info[id].letter != 0 && option_info[id].letter == ch)
			return id;
	return -1;
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
	char shorts[2 * OPT_COUNT + 3];
	int ch, id, before;

	memset(o, 0, sizeof *o);
	o->jobs = 16;
	o->max_repo_mb = 500;
	o->scan_timeout = 300;
	short_options(shorts, sizeof shorts);
	/* getopt stops at the first operand (the command): we loop to parse its options. */
	for (;;) {
		opterr = 0;
		for (;;) {
			before = optind;
			ch = getopt_long(argc, argv, shorts, long_options, NULL);
			if (ch == -1)
				break;
			if (ch == ':')
				return cmd_usage_error(NULL, "%s needs an argument", argv[optind - 1]);
			id = option_id_of(ch);
			if (id < 0)
				return cmd_usage_error(cmd != NULL ? cmd->name : NULL,
				    "unknown option '%s'", argv[optind - 1]);
			o->given[id] = true;
			if (option_store(o, (enum option_id)id, optarg) < 0)
				return -1;
			if (id == OPT_QUIET)
				log_verbosity = -1;
			else if (id == OPT_VERBOSE)
				log_verbosity++;
			else if (id == OPT_VERSION) {
				printf("ftport %s\n", PACKAGE_VERSION);
				return 1;
			}
		}
		if (optind >= argc)
			break;
		/* getopt consumed a "--" in this round (not as an option's argument): everything
		 * after it is an operand. Calling getopt again would not do: glibc moves optind
		 * back to the "--" on each call (an endless loop with an operand after it). */
		if (optind > before && strcmp(argv[optind - 1], "--") == 0) {
			for (; optind < argc; optind++)
				if (take_operand(o, &cmd, argv[optind]) != 0)
					return -1;
			break;
		}
		if (take_operand(o, &cmd, argv[optind]) != 0)
			return -1;
		optind++;
	}
	/* An option the command would silently ignore is a usage error instead. */
	for (id = 0; id < OPT_COUNT; id++) {
		if (o->given[id] && !(option_info[id].commands & (cmd != NULL ? cmd->bit : CMDB_TUI)))
			return cmd_usage_error(cmd != NULL ? cmd->name : NULL,
			    "--%s does not apply to %s", long_options[id].name,
			    cmd != NULL ? cmd->name : "the terminal UI");
	}
	if ((o->extras.n > 0 || o->groups.n > 0) && o->lock == NULL && !o->given[OPT_HELP])
		return cmd_usage_error(cmd != NULL ? cmd->name : NULL, "--extra and --group "
		    "choose what a pylock.toml installs: give it with --lock");
	if (o->given[OPT_HELP]) {
		if (cmd != NULL)
			usage_cmd(stdout, cmd);
		else
			usage_main(stdout);
		return 1;
	}
	/* --nightly-index names the nightly index: asking it is implied. */
	if (o->nightly_index != NULL)
		o->nightly = true;
	if (o->env.python != NULL && o->env.venv != NULL)
		log_debug("--python given: --venv %s is ignored", o->env.venv);
	return 0;
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
options_free(struct options *o)
{
	strlist_clear(&o->env.paths);
	strlist_clear(&o->targets);
	strlist_clear(&o->platforms);
	strlist_clear(&o->args);
	strlist_clear(&o->extra_index_urls);
	strlist_clear(&o->extras);
	strlist_clear(&o->groups);
}

int
options_test_jobs(const struct options *o)
{
	return o->given[OPT_JOBS] ? (int)o->jobs : TEST_DEFAULT_JOBS;
}
