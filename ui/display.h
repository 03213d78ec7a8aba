/* display.h: the loop and the screen: which views are shown where, keys to the view that
 * has the focus, the status line, one doupdate per turn of the one event loop. */
#ifndef FTPORT_DISPLAY_H
#define FTPORT_DISPLAY_H

#include <stdbool.h>

#include "actions.h"
#include "app.h"

struct display;

/* After the terminal has started: the size is curses'. */
struct display *display_new(struct app *app);
void display_free(struct display *d);
struct app *display_app(const struct display *d);
bool display_quitting(const struct display *d);

/* One key: the prompt's, the help's, a view's, or one of the display's own actions. */
void display_key(struct display *d, keycode k);
/* Rebuilds the rows if due and draws what changed: one doupdate. */
void display_update(struct display *d);

/* Where keys come from when not from the terminal (the scripted mode): called each turn;
 * returns false once it has ended. */
typedef bool (*display_feed)(struct display *d, void *arg);
/* The event loop, until quit, a signal or the feed's end: each turn one wait for the
 * network, the background work, the terminal and signals together, then every key
 * pending, then one update. Returns the signal that ended it, or 0. */
int display_run(struct display *d, display_feed feed, void *arg);

#endif
