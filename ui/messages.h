/* messages.h: the messages view (M): every message of the session, whole, newest at
 * the bottom (vim's :messages, lazygit's command log). */
#ifndef FTPORT_MESSAGES_H
#define FTPORT_MESSAGES_H

#include "view.h"

extern const struct view_ops messages_view_ops;

#endif
