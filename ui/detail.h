/* detail.h: the detail view, the pane about the package under the cursor. */
#ifndef FTPORT_DETAIL_H
#define FTPORT_DETAIL_H

#include "view.h"

extern const struct view_ops detail_view_ops;

#endif
