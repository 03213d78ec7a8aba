/* actions.h: the TUI's actions declared once (name, help), the key names, and the key
 * bindings: the compiled-in defaults and the user's config share one syntax and parser. */
#ifndef FTPORT_ACTIONS_H
#define FTPORT_ACTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Every action that exists; the help screen and the man page list them in this order.
 * Actions that are not built yet (test, draft, upstream scan...) are not here. */
enum action_id {
	ACT_NONE,
	ACT_MOVE_DOWN,
	ACT_MOVE_UP,
	ACT_PAGE_DOWN,
	ACT_PAGE_UP,
	ACT_MOVE_FIRST,
	ACT_MOVE_LAST,
	ACT_FOLD,
	ACT_UNFOLD,
	ACT_FOLD_ALL,
	ACT_UNFOLD_ALL,
	ACT_DETAIL,
	ACT_DETAIL_DOWN,
	ACT_DETAIL_UP,
	ACT_VIEW,
	ACT_FILTER,
	ACT_SEARCH,
	ACT_SEARCH_NEXT,
	ACT_SEARCH_PREV,
	ACT_REFRESH,
	ACT_REVALIDATE,
	ACT_NIGHTLY,
	ACT_UPSTREAM,
	ACT_TEST,
	ACT_MARK,
	ACT_OWNER,
	ACT_NOTE,
	ACT_DECISION,
	ACT_EXPORT,
	ACT_DRAFT,
	ACT_OPEN_URL,
	ACT_REDRAW,
	ACT_HELP,
	ACT_MESSAGES,
	ACT_QUIT,
	ACT_QUIT_ALL,
	ACT_COUNT
};

struct action {
	enum action_id	 id;
	const char	*name;		/* "move-down": what `bind KEY NAME` names */
	const char	*group;		/* heading in the help screen and the man page */
	const char	*help;		/* one line */
};

/* Indexed by enum action_id; ACT_NONE is the entry "none" (unbinds a key). */
extern const struct action action_table[ACT_COUNT];
int action_find(const char *name);	/* -1 if no such action */

/* Key codes: Unicode code points for characters, C-a..C-z as 1..26, named keys above
 * KEYC_BASE. The UI maps its library's key codes onto these. */
typedef uint32_t keycode;
#define KEYC_NONE	((keycode)0xffffffff)
#define KEYC_BASE	((keycode)0x200000)
enum {
	KEYC_UP = KEYC_BASE,
	KEYC_DOWN,
	KEYC_LEFT,
	KEYC_RIGHT,
	KEYC_PAGE_UP,
	KEYC_PAGE_DOWN,
	KEYC_HOME,
	KEYC_END,
	KEYC_ENTER,
	KEYC_ESCAPE,
	KEYC_TAB,
	KEYC_BACKSPACE,
	KEYC_DELETE,
	KEYC_RESIZE,
	KEYC_F1,	/* ... KEYC_F1 + 11 = F12 */
	KEYC_LAST = KEYC_F1 + 11
};

/* "j", "Down", "PageUp", "Enter", "Space", "C-l", "F1", "<Down>" (tig style) -> code;
 * KEYC_NONE when not a key name. */
keycode keyc_from_name(const char *name);
/* The name keyc_from_name accepts, in a static buffer. */
const char *keyc_name(keycode k);

struct binding {
	keycode		 key;
	enum action_id	 action;
};

struct keymap {
	struct binding	*v;
	size_t		 n;
	size_t		 alloc;
};
#define KEYMAP_INIT { NULL, 0, 0 }

/* The compiled-in bindings, in config syntax. */
extern const char actions_default_config[];

/* Binds (or with ACT_NONE unbinds) a key; a later binding of a key replaces the earlier. */
void keymap_bind(struct keymap *km, keycode key, enum action_id action);
enum action_id keymap_lookup(const struct keymap *km, keycode key);
/* The keys bound to an action, in binding order; returns how many were written. */
size_t keymap_keys(const struct keymap *km, enum action_id action, keycode *out,
    size_t max);
void keymap_free(struct keymap *km);

/* Parses config text: lines `bind KEY ACTION`, `unbind KEY`, `# comments`, blanks.
 * Good lines take effect; each bad one adds "ORIGIN:LINE: what is wrong" to errors.
 * Returns the number of bad lines. */
int keymap_parse(struct keymap *km, const char *text, const char *origin,
    struct strlist *errors);
/* The defaults, then the user's file (if any; a missing file is not an error). */
int keymap_load(struct keymap *km, const char *path, struct strlist *errors);
/* $XDG_CONFIG_HOME/ftport/config, else ~/.config/ftport/config; NULL if neither known. */
char *actions_config_path(void);

/* "j, Down" for an action's keys (caller frees); "" when unbound. */
char *keymap_describe(const struct keymap *km, enum action_id action);

#endif
