/* termsize.h: how wide the terminal is that a command prints on, so that a table made
 * for people fits it (a pipe or a file gets the full lines). */
#ifndef FTPORT_TERMSIZE_H
#define FTPORT_TERMSIZE_H

#include <stddef.h>

/* The columns of the terminal on fd: $COLUMNS when it holds a number (as Python's
 * shutil and most tools read it), else the terminal's own size, else 80; 0 when fd is
 * not a terminal. */
size_t termsize_columns(int fd);

/* Code points s takes (one column each: names, versions and reasons). */
size_t termsize_width(const char *s);
/* s cut to at most width code points, the last one "…" when it was longer; a URL
 * keeps its start and end ("https://github.com/…/issues/12"). Allocated. */
char *termsize_fit(const char *s, size_t width);

#endif
