/* messages.c: the messages view, the whole screen but the status line: the message
 * log (app.h) wrapped to the width, oldest first, opened at its end. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "messages.h"
#include "text.h"
#include "view.h"

/* Rows a message takes wrapped into w columns (text_wrapped_whole's hanging indent of two
 * counted in). */
static size_t
messages_rows(const char *text, int w)
{
	int tw = text_width(text), rows = 1;

	if (w <= 4)
		return 1;
	for (tw -= w; tw > 0; tw -= w - 2)
		rows++;
	return (size_t)rows;
}

/* Lines of the view: a title, then one entry per message (v->top counts entries). */
static void
messages_draw(struct view *v)
{
	const struct strlist *m = &v->app->messages;
	int y = v->rect.y, bottom = v->rect.y + v->rect.h, w = v->rect.w - 2;

	v->lines = m->n;
	text_trunc(y++, v->rect.x + 1, w, m->n == 0 ? "Messages: none yet" :
	    "Messages (oldest first; Esc or q closes)", A_BOLD, 0);
	if (v->top > m->n)
		v->top = m->n;
	for (size_t i = v->top; i < m->n && y < bottom; i++) {
		bool error = m->v[i][0] == '!';

		y += text_wrapped_whole(y, v->rect.x + 1, w, bottom - y, m->v[i] + 1,
		    error ? A_BOLD : A_NORMAL, error && text_color() ? PAIR_RED : 0);
	}
}

/* At the end: as many of the newest messages as fit. */
static void
messages_open(struct view *v)
{
	const struct strlist *m = &v->app->messages;
	size_t rows = 1, top = m->n;

	while (top > 0 && rows + messages_rows(m->v[top - 1] + 1, v->rect.w - 2) <=
	    (size_t)(v->rect.h > 0 ? v->rect.h : 1))
		rows += messages_rows(m->v[--top] + 1, v->rect.w - 2);
	v->top = top;
}

static int
messages_request(struct view *v, enum action_id act, keycode key)
{
	if (act == ACT_MESSAGES)
		return VIEW_HANDLED | VIEW_CLOSE;
	return view_scroll_request(v, act, key);
}

static const struct view_hint messages_hints[] = {
	{ ACT_MOVE_DOWN, ACT_MOVE_UP, "scroll" }, { ACT_PAGE_DOWN, ACT_PAGE_UP, "page" },
	{ ACT_QUIT, ACT_MESSAGES, "close" },
};

const struct view_ops messages_view_ops = {
	.name = "messages",
	.open = messages_open,
	.draw = messages_draw,
	.request = messages_request,
	.hints = messages_hints,
	.nhints = nitems(messages_hints),
};
