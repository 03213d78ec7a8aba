/* prompt.h: the line read on the status line (a search pattern, or a field of the team
 * state): its text, edited key by key with readline's basic keys and a history per
 * kind; and the decision menu, one key per choice. What either is for is the caller's
 * business. */
#ifndef FTPORT_PROMPT_H
#define FTPORT_PROMPT_H

#include <stdbool.h>

#include "actions.h"
#include "strbuf.h"
#include "util.h"

enum prompt_for { PROMPT_SEARCH, PROMPT_OWNER, PROMPT_NOTE, PROMPT_DECISION, PROMPT_KINDS };

/* Lines kept per kind for Up and Down. */
#define PROMPT_HISTORY_MAX	50

struct prompt {
	bool		 active;
	enum prompt_for	 kind;
	const char	*label;		/* static: "/", "owner: " */
	struct strbuf	 text;
	size_t		 cursor;	/* byte offset into text, at a character's start */
	/* The decision menu: one key per choice; choices[i] is what key i stands for. */
	bool		 menu;
	char		*error;		/* why the last Enter was refused (shown above), or NULL */
	struct strlist	 history[PROMPT_KINDS];
	size_t		 hist_pos;	/* history[kind].n: the line being typed */
	char		*typed;		/* that line, while Up shows older ones */
};

enum prompt_state { PROMPT_EDITING, PROMPT_ENTERED, PROMPT_CANCELLED };

/* Starts reading with the label shown before it and the text to edit (NULL: none). */
void prompt_start(struct prompt *p, enum prompt_for kind, const char *label,
    const char *initial);
/* Starts the one-key menu (label: its choices as shown); prompt_key ends it with the
 * key's character as the text. */
void prompt_start_menu(struct prompt *p, enum prompt_for kind, const char *label);
/* Enter, Esc, and the editing keys: Left/Right, C-a/Home, C-e/End, Backspace, Delete,
 * C-u (to the start), C-k (to the end), C-w (the word before), Up/Down (history). */
enum prompt_state prompt_key(struct prompt *p, keycode k);
/* What was entered was refused: the prompt opens again with the text kept, and why
 * shown on the row above it. */
void prompt_refuse(struct prompt *p, const char *why);
/* The label, the text and a cursor on row y, in w columns; a refusal on row y - 1. */
void prompt_draw(const struct prompt *p, int y, int w);
void prompt_free(struct prompt *p);

#endif
