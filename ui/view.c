/* view.c: what the views share: the keys of one over the whole screen. */
#include "config.h"

#include "view.h"

int
view_scroll_request(struct view *v, enum action_id act, keycode key)
{
	size_t page = v->rect.h > 2 ? (size_t)v->rect.h - 1 : 1;

	switch (act) {
	case ACT_MOVE_DOWN:
		v->top++;
		break;
	case ACT_MOVE_UP:
		if (v->top > 0)
			v->top--;
		break;
	case ACT_PAGE_DOWN:
		v->top += page;
		break;
	case ACT_PAGE_UP:
		v->top = v->top > page ? v->top - page : 0;
		break;
	case ACT_MOVE_FIRST:
		v->top = 0;
		break;
	case ACT_MOVE_LAST:
		v->top = v->lines;
		break;
	case ACT_QUIT:
		return VIEW_HANDLED | VIEW_CLOSE;
	default:
		if (key == KEYC_ESCAPE)
			return VIEW_HANDLED | VIEW_CLOSE;
		break;
	}
	return VIEW_HANDLED;
}
