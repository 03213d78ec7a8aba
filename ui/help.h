/* help.h: the help view: every key, the statuses, warnings and config problems. */
#ifndef FTPORT_HELP_H
#define FTPORT_HELP_H

#include "view.h"

extern const struct view_ops help_view_ops;

#endif
