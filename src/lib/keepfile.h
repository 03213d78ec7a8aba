/* keepfile.h: writing over a file people own (the team state, the checklist): what it
 * was (a symbolic link, its mode, read-only) is what it stays. */
#ifndef FTPORT_KEEPFILE_H
#define FTPORT_KEEPFILE_H

#include <stddef.h>

/* Writes path atomically (a temporary file beside it, fsync, rename), and:
 * - through a symbolic link: the file it names changes, the link stays (a link to a
 *   file that does not exist is refused: the state it pointed to may be elsewhere);
 * - with the mode the file had (a new file: 0666 less the umask);
 * - refused when the file is read-only (a person's way of saying "do not touch").
 * Temporary files a killed writer left beside it ("NAME.tmp.PID", PID dead) are
 * removed first. -1 and *cause (one line) on failure, the file as it was. */
int keepfile_write(const char *path, const void *data, size_t len, char **cause);

/* The file path names once symbolic links are followed (allocated), or NULL with
 * *cause when it is a link to nothing. A path that does not exist is itself. */
char *keepfile_target(const char *path, char **cause);

/* Removes DIR/BASE.tmp.PID files whose PID is not a running process. */
void keepfile_clean_tmp(const char *path);

#endif
