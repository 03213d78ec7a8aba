/* launch.h: handing a URL to $BROWSER and a file to $VISUAL/$EDITOR: argv vectors
 * split on blanks, never a shell, so no package name or path is ever interpreted. */
#ifndef FTPORT_LAUNCH_H
#define FTPORT_LAUNCH_H

#include <stdbool.h>
#include <sys/types.h>

/* Only plain http(s) URLs with no blanks or controls, at most max bytes. */
bool launch_url_ok(const char *url, size_t max);

/* Starts $BROWSER (the first of a ':'-separated list, split on blanks; "%s" marks
 * where the URL goes, else it is last; unset: xdg-open, or open on macOS) on url in a
 * session of its own with /dev/null for stdio; *pid gets it to reap. -1 and *cause. */
int launch_browser(const char *url, pid_t *pid, char **cause);

/* Runs $VISUAL, else $EDITOR, else vi on path in the foreground, on this terminal,
 * and waits for it. -1 and *cause when it cannot run or fails. */
int launch_editor(const char *path, char **cause);

#endif
