/* script.h: the scripted mode (FTPORT_SCRIPT): keys and commands from a file instead of
 * the terminal, and the in-memory screen dumped to text. */
#ifndef FTPORT_SCRIPT_H
#define FTPORT_SCRIPT_H

#include <stdbool.h>

struct display;
struct tui_script;

struct tui_script *script_open(const char *path, char **cause);
void script_free(struct tui_script *s);
/* The display's feed (display_run): script lines while the app is idle; false once the
 * script has ended (the TUI then quits); a failed command is noted for script_failed. */
bool script_step(struct display *d, void *arg);
bool script_failed(const struct tui_script *s);
/* Writes the first frame if the script asked for it (:save-first-frame FILE). */
void script_first_frame(struct tui_script *s);
/* The screen as text, one line per row, trailing blanks trimmed. */
char *script_dump(void);

#endif
