/* options.h: the command line shared by every command (SPEC §2). */
#ifndef FTPORT_OPTIONS_H
#define FTPORT_OPTIONS_H

#include <stdbool.h>

#include "env.h"
#include "util.h"

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

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
	bool		 offline;
	bool		 refresh;
	bool		 no_upstream;
	int		 jobs;
	const char	*cache_dir;
	enum color_mode	 color;
	bool		 json;		/* tree --json */
	const char	*format;	/* check --format */
	const char	*fail_on;	/* check --fail-on */
	struct strlist	 args;		/* operands after the command */
};

/* Parses argv into o. Returns -1 on a usage error (after printing one line to stderr),
 * 1 when --help or --version was handled (exit 0), 0 to go on. */
int options_parse(struct options *o, int argc, char **argv);
void options_free(struct options *o);

#endif
