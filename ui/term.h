/* term.h: the terminal's life under curses: started on the real terminal or in memory
 * (the scripted mode), restored on every exit path, and the signals that reach the
 * loop through a pipe. */
#ifndef FTPORT_TERM_H
#define FTPORT_TERM_H

#include <stdbool.h>

#include "options.h"

/* Scripted: drawing into memory, the size from LINES/COLUMNS. */
int term_start(bool scripted);
void term_end(void);
/* Gives the terminal back (endwin); safe to call on any path, any number of times. */
void term_restore(void);
/* Colours wanted (--color, NO_COLOR) and possible; after term_start. */
bool term_want_color(enum color_mode mode);

/* SIGINT, SIGTERM and SIGHUP caught, SIGWINCH too when interactive; each writes to a
 * pipe the loop waits on. After term_start: ours chains to curses' SIGWINCH handler. */
int term_signals(bool interactive);
void term_signals_end(void);
int term_wake_fd(void);
void term_drain(void);
/* The signal caught, or 0. */
int term_signal(void);
/* After a SIGWINCH, the size asked again: true when curses was resized to it. */
bool term_resized(void);
/* The terminal went away without SIGHUP. */
bool term_hung_up(void);

#endif
