/* title.h: the title view (two rows: the environment and targets, the status counts). */
#ifndef FTPORT_TITLE_H
#define FTPORT_TITLE_H

#include "view.h"

extern const struct view_ops title_view_ops;

#endif
