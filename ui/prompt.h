/* prompt.h: the line read on the status line (a search pattern, or a field of the team
 * state): its text, edited key by key; what it is for is the caller's business. */
#ifndef FTPORT_PROMPT_H
#define FTPORT_PROMPT_H

#include <stdbool.h>

#include "actions.h"
#include "strbuf.h"

enum prompt_for { PROMPT_SEARCH, PROMPT_OWNER, PROMPT_NOTE, PROMPT_DECISION };

struct prompt {
	bool		 active;
	enum prompt_for	 kind;
	const char	*label;		/* static: "/", "owner: " */
	struct strbuf	 text;
};

enum prompt_state { PROMPT_EDITING, PROMPT_ENTERED, PROMPT_CANCELLED };

/* Starts reading with the label shown before it and the text to edit (NULL: none). */
void prompt_start(struct prompt *p, enum prompt_for kind, const char *label,
    const char *initial);
enum prompt_state prompt_key(struct prompt *p, keycode k);
/* The label, the text and a cursor on row y, in w columns. */
void prompt_draw(const struct prompt *p, int y, int w);
void prompt_free(struct prompt *p);

#endif
