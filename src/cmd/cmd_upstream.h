/* cmd_upstream.h: the forge client and source scan set up from the command line, as
 * `ftport upstream` does it, for check, export, draft and the TUI's u. */
#ifndef FTPORT_CMD_UPSTREAM_H
#define FTPORT_CMD_UPSTREAM_H

#include <signal.h>

#include "options.h"

struct fetch;
struct forge;
struct loop;
struct upstream;
struct upstream_scan_config;
/* The source scan's settings from o (--cache-dir, --max-repo-mb, --scan-timeout;
 * --offline reads only the clones already in the cache). */
void cmd_scan_config(const struct options *o, struct upstream_scan_config *cfg);
/* The forge client for o (--github-api, --gitlab-api, --cache-dir, --offline,
 * --refresh); its warning, if any, said once. */
struct forge *cmd_forge_new(const struct options *o, struct fetch *f, struct loop *l);
/* Turns the loop until every package asked of fg is answered. On stderr (not with -q):
 * first how many repositories will be asked and how long that takes at the rate limit,
 * then one progress line on a terminal (answered so far, when the next can come), or
 * else the rate limit said once. ^C stops asking: the packages not answered yet are
 * failed as interrupted and 1 is returned (cmd_forge_stopped holds the signal). -1 if
 * the client stalled (a bug; said). */
extern volatile sig_atomic_t cmd_forge_stopped;
int cmd_forge_wait(struct forge *fg, struct fetch *f, struct loop *l);
/* A forge_done_fn that only logs (-v). */
void cmd_upstream_done(struct upstream *u, void *arg);

#endif
