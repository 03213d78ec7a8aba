/* tui.h: the terminal UI, `ftport` with no command. Only ui/ sees curses. */
#ifndef FTPORT_TUI_H
#define FTPORT_TUI_H

#include "options.h"

int tui_main(struct options *o);

#endif
