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
/* The state's ignored packages block nothing above them: handed to the check, which
 * propagates again (the TUI does the same on each x). */
void cmd_check_ignore(struct check *ch, const struct state *st);

#endif
