/* keys.h: curses' keys as ftport's keycodes. */
#ifndef FTPORT_KEYS_H
#define FTPORT_KEYS_H

#include "actions.h"

/* The key from wget_wch (its return code and character), KEYC_NONE to ignore. */
keycode keys_from_curses(int rc, unsigned int wch);

#endif
