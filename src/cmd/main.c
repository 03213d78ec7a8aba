/* main.c: ftport's entry point: parse the command line and run one command. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "cmdtable.h"
#include "options.h"
#include "tui.h"

int
main(int argc, char **argv)
{
	struct options o;
	const struct cmd_entry *cmd;
	int rc;

	setlocale(LC_ALL, "");
	rc = options_parse(&o, argc, argv);
	if (rc != 0) {
		options_free(&o);
		return rc > 0 ? EXIT_DONE : EXIT_USAGE;
	}
	if (o.command == NULL) {
		/* No command: the terminal UI (ui/tui.c). */
		rc = tui_main(&o);
		options_free(&o);
		return rc;
	}
	cmd = cmd_find(o.command);
	rc = cmd->run(&o);
	options_free(&o);
	return rc;
}
