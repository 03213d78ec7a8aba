/* help.h: the help view: every key, the statuses, warnings and config problems. */
#ifndef FTPORT_HELP_H
#define FTPORT_HELP_H

#include "view.h"

extern const struct view_ops help_view_ops;

/* The keys of a view over the whole screen (the help, the messages): j/k, pages,
 * first/last scroll v->top; q and Esc close; every other key is taken and ignored. */
int help_scroll_request(struct view *v, enum action_id act, keycode key);

#endif
