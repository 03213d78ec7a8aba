/* testui.h: `t` and `m` in the TUI: tests under PYTHON_GIL=0 in the background. */
#ifndef FTPORT_TESTUI_H
#define FTPORT_TESTUI_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

void testui_load(struct app *app);	/* the store's results, after the graph is built */
void testui_test(struct app *app);	/* t: the cursor's package or the marked ones */
void testui_mark(struct app *app);	/* m */
bool testui_cancel_all(struct app *app);	/* Esc: false when nothing was running */
void testui_free(struct app *app);	/* kills and reaps the children */
/* The latest result for a node: this session's, else the store's; NULL when none. */
const struct test_result *testui_result(const struct app *app, size_t node);
/* This session's run of a node when it is still going, else NULL. */
const struct testrun_pkg *testui_running(const struct app *app, size_t node);

#endif
