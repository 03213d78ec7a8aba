/* upstreamui.h: `u` in the TUI: the forge asked about the package under the cursor and
 * its source scanned, both in the background, their news on the status line. */
#ifndef FTPORT_UPSTREAMUI_H
#define FTPORT_UPSTREAMUI_H

#include "app.h"

/* u: asks the forge about the package under the cursor, and scans its source. */
void upstreamui_ask(struct app *app);
/* Each turn: the cursor's package first in the queue, the rate-limit line shown. */
void upstreamui_tick(struct app *app);
/* The client (before the fetch engine goes), then the findings. */
void upstreamui_free(struct app *app);

#endif
