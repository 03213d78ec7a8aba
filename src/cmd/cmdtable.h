/* cmdtable.h: the table of commands main dispatches on and the option parser reads. */
#ifndef FTPORT_CMDTABLE_H
#define FTPORT_CMDTABLE_H

#include "options.h"

struct cmd_entry {
	const char	*name;
	int		(*run)(struct options *o);
	const char	*usage;		/* "tree [--json]" */
	const char	*summary;	/* one line for --help */
	const char	*help;		/* the command's own options for "ftport CMD --help" */
	unsigned	 bit;		/* its enum cmd_bit: which options apply (options.h) */
};

/* The commands, one file each (cmd_tree.c ...): each returns its exit status. */
int cmd_tree(struct options *o);
int cmd_cache(struct options *o);
int cmd_check(struct options *o);
int cmd_test(struct options *o);
int cmd_stats(struct options *o);
int cmd_export(struct options *o);
int cmd_draft(struct options *o);
int cmd_upstream(struct options *o);

/* Every command that exists; the list ends with a NULL name. */
extern const struct cmd_entry cmd_table[];
const struct cmd_entry *cmd_find(const char *name);

#endif
