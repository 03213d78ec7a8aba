/* browser.h: open-url in the TUI: $BROWSER on the project's URL or a finding's. */
#ifndef FTPORT_BROWSER_H
#define FTPORT_BROWSER_H

#include "app.h"

/* The finding the detail pane marks, else the project's URL from its metadata. */
void browser_open_url(struct app *app);
void browser_open(struct app *app, const char *url);	/* $BROWSER on url */
void browser_reap(struct app *app);	/* the browsers that have exited */

#endif
