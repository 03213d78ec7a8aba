/* cmd_export.h: what `ftport export` shares with draft and test. */
#ifndef FTPORT_CMD_EXPORT_H
#define FTPORT_CMD_EXPORT_H

#include "check.h"
#include "options.h"

struct state;
struct checklist;
/* The team state (--state or the project's; an
 * invalid file is reported and -1), and the local test results on the checklist. */
int cmd_load_state(struct options *o, struct state **st, char **path);

#endif
