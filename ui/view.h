/* view.h: what the display asks of each view (after tig's view_ops): draw yourself into
 * this rectangle, take this request. The display decides which views are shown where,
 * which one a key goes to first, and when the screen is drawn; a view knows the model
 * it draws (app.h) and never another view. */
#ifndef FTPORT_VIEW_H
#define FTPORT_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "actions.h"

struct app;

/* Where a view is on stdscr: set by the display's layout before each key and frame. */
struct rect {
	int	 y, x, h, w;
};

/* What a request did, as bits (htop's reactions to a key); the display acts on them. */
enum view_reaction {
	VIEW_IGNORED = 0,	/* not this view's: the display offers it on */
	VIEW_HANDLED = 1 << 0,
	VIEW_OPEN = 1 << 1,	/* show this view */
	VIEW_CLOSE = 1 << 2,	/* hide this view */
};

/* A key hint on the status line while the view has the focus: the first key bound to
 * a (and to b), then the label. */
struct view_hint {
	enum action_id	 a, b;
	const char	*label;
};

struct view;

struct view_ops {
	const char	*name;
	size_t		 private_size;	/* bytes of the view's own state, at v->data */
	/* Shown or hidden by the display (optional). */
	void		(*open)(struct view *v);
	void		(*close)(struct view *v);
	/* Draws into v->rect of stdscr and nowhere else. */
	void		(*draw)(struct view *v);
	/* One request: the action bound to the key (ACT_NONE when unbound, for keys such
	 * as Esc), and the key. Returns view_reaction bits. NULL: the view takes none. */
	int		(*request)(struct view *v, enum action_id act, keycode key);
	const struct view_hint *hints;
	size_t		 nhints;
};

struct view {
	const struct view_ops	*ops;
	struct app		*app;		/* the model it draws */
	struct rect		 rect;
	bool			 shown;
	size_t			 top;		/* first line shown */
	size_t			 lines;		/* lines of its content when last drawn */
	void			*data;		/* ops->private_size bytes, zeroed */
};

/* The keys of a view over the whole screen (the help, the messages): j/k, pages,
 * first/last scroll v->top; q and Esc close; every other key is taken and ignored. */
int view_scroll_request(struct view *v, enum action_id act, keycode key);

#endif
