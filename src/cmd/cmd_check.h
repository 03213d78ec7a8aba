/* cmd_check.h: what `ftport check` shares with export. */
#ifndef FTPORT_CMD_CHECK_H
#define FTPORT_CMD_CHECK_H

#include "check.h"
#include "options.h"

struct fetch;
struct snapshot;
struct upstream;
/* Asks the forge about every package that is not fine
 * as it stands; one slot per package (NULL where not asked), upstream_free each. */
struct upstream **cmd_check_upstream(const struct options *o, const struct check *ch,
    const struct snapshot *snap, struct fetch *f);

#endif
