/* keys.c: keys into requests: curses key codes turned into ftport's keycodes
 * (actions.h), then through the bindings into actions on the view model and the UI. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>

#include "tui.h"

keycode
keys_from_curses(int rc, unsigned int wch)
{
	if (rc == KEY_CODE_YES) {
		switch (wch) {
		case KEY_UP:		return KEYC_UP;
		case KEY_DOWN:		return KEYC_DOWN;
		case KEY_LEFT:		return KEYC_LEFT;
		case KEY_RIGHT:		return KEYC_RIGHT;
		case KEY_PPAGE:		return KEYC_PAGE_UP;
		case KEY_NPAGE:		return KEYC_PAGE_DOWN;
		case KEY_HOME:		return KEYC_HOME;
		case KEY_FIND:		return KEYC_HOME;
		case KEY_END:		return KEYC_END;
		case KEY_SELECT:	return KEYC_END;
		case KEY_ENTER:		return KEYC_ENTER;
		case KEY_BACKSPACE:	return KEYC_BACKSPACE;
		case KEY_DC:		return KEYC_DELETE;
		case KEY_RESIZE:	return KEYC_RESIZE;
		default:
			if (wch >= (unsigned)KEY_F(1) && wch <= (unsigned)KEY_F(12))
				return KEYC_F1 + (wch - (unsigned)KEY_F(1));
			return KEYC_NONE;
		}
	}
	if (rc != OK)
		return KEYC_NONE;
	switch (wch) {
	case '\n':
	case '\r':
		return KEYC_ENTER;
	case '\t':
		return KEYC_TAB;
	case 27:
		return KEYC_ESCAPE;
	case 8:
	case 127:
		return KEYC_BACKSPACE;
	default:
		if (wch < 0x20 && wch != 0)
			return (keycode)wch;	/* C-a .. C-z */
		if (wch < 0x20 || (wch >= 0x7f && wch < 0xa0) || wch > 0x10ffff)
			return KEYC_NONE;
		return (keycode)wch;
	}
}

static void
tui_prompt_key(struct tui *t, keycode k)
{
	switch (k) {
	case KEYC_ENTER:
		t->prompting = false;
		if (t->prompt_kind != PROMPT_SEARCH)
			triage_prompt_done(t);
		else if (t->prompt.len > 0 && !vm_search(t->vm, t->prompt.buf, true))
			tui_message(t, true, "no package matches '%s'", t->prompt.buf);
		break;
	case KEYC_ESCAPE:
		t->prompting = false;
		break;
	case KEYC_BACKSPACE:
		if (t->prompt.len == 0 && t->prompt_kind == PROMPT_SEARCH) {
			t->prompting = false;	/* as in vim and less */
			break;
		}
		while (t->prompt.len > 0 &&
		    ((unsigned char)t->prompt.buf[t->prompt.len - 1] & 0xc0) == 0x80)
			t->prompt.len--;
		if (t->prompt.len > 0)
			t->prompt.len--;
		if (t->prompt.buf != NULL)
			t->prompt.buf[t->prompt.len] = '\0';
		break;
	default:
		if (k == ' ')
			strbuf_addch(&t->prompt, ' ');
		else if (k > 0x20 && k < KEYC_BASE &&
		    t->prompt.len < (t->prompt_kind == PROMPT_SEARCH ? 200 : 500))
			strbuf_addstr(&t->prompt, keyc_name(k));
		break;
	}
}

static void
tui_help_key(struct tui *t, keycode k)
{
	size_t page = t->height > 3 ? (size_t)t->height - 2 : 1;

	switch (keymap_lookup(&t->keys, k)) {
	case ACT_MOVE_DOWN:
		t->help_top++;
		break;
	case ACT_MOVE_UP:
		if (t->help_top > 0)
			t->help_top--;
		break;
	case ACT_PAGE_DOWN:
		t->help_top += page;
		break;
	case ACT_PAGE_UP:
		t->help_top = t->help_top > page ? t->help_top - page : 0;
		break;
	case ACT_MOVE_FIRST:
		t->help_top = 0;
		break;
	case ACT_MOVE_LAST:
		t->help_top = t->help_lines;
		break;
	case ACT_HELP:
	case ACT_QUIT:
		t->help = false;
		break;
	default:
		if (k == KEYC_ESCAPE)
			t->help = false;
		break;
	}
}

void
tui_key(struct tui *t, keycode k)
{
	struct viewmodel *vm = t->vm;
	long page;
	char *cause = NULL;

	t->screen_dirty = true;
	if (k == KEYC_RESIZE) {
		/* The terminal may have reflowed what it showed: repaint all of it. */
		t->height = LINES;
		t->width = COLS;
		clearok(curscr, TRUE);
		return;
	}
	if (t->prompting) {
		tui_prompt_key(t, k);
		return;
	}
	free(t->message);
	t->message = NULL;
	if (t->help) {
		tui_help_key(t, k);
		return;
	}
	page = draw_body_height(t) > 1 ? draw_body_height(t) - 1 : 1;
	switch (keymap_lookup(&t->keys, k)) {
	case ACT_NONE:
	case ACT_COUNT:
		/* Esc stops the tests first, then closes the detail pane. */
		if (k == KEYC_ESCAPE && !tui_test_cancel_all(t) && t->detail)
			t->detail = false;
		break;
	case ACT_MOVE_DOWN:
		vm_move(vm, 1);
		break;
	case ACT_MOVE_UP:
		vm_move(vm, -1);
		break;
	case ACT_PAGE_DOWN:
		vm_move(vm, page);
		break;
	case ACT_PAGE_UP:
		vm_move(vm, -page);
		break;
	case ACT_MOVE_FIRST:
		vm_first(vm);
		break;
	case ACT_MOVE_LAST:
		vm_last(vm);
		break;
	case ACT_FOLD:
		vm_fold(vm);
		break;
	case ACT_UNFOLD:
		vm_unfold(vm);
		break;
	case ACT_FOLD_ALL:
		vm_fold_all(vm);
		break;
	case ACT_UNFOLD_ALL:
		vm_unfold_all(vm);
		break;
	case ACT_DETAIL:
		t->detail = !t->detail;
		break;
	case ACT_DETAIL_DOWN:
		if (!t->detail)
			t->detail = true;
		else
			t->detail_top++;
		break;
	case ACT_DETAIL_UP:
		if (t->detail_top > 0)
			t->detail_top--;
		break;
	case ACT_VIEW:
		vm_cycle_view(vm);
		break;
	case ACT_FILTER:
		vm_cycle_filter(vm);
		tui_message(t, false, "filter: %s (%zu line%s)", vm_filter_name(vm->filter),
		    vm->nrows, vm->nrows == 1 ? "" : "s");
		break;
	case ACT_SEARCH:
		t->prompting = true;
		t->prompt_kind = PROMPT_SEARCH;
		strbuf_reset(&t->prompt);
		break;
	case ACT_OWNER:
		triage_prompt(t, PROMPT_OWNER);
		break;
	case ACT_NOTE:
		triage_prompt(t, PROMPT_NOTE);
		break;
	case ACT_DECISION:
		triage_prompt(t, PROMPT_DECISION);
		break;
	case ACT_EXPORT:
		triage_export(t);
		break;
	case ACT_DRAFT:
		triage_draft(t);
		break;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (vm->search == NULL)
			tui_message(t, true, "no search yet: press / first");
		else if (!vm_search(vm, NULL, keymap_lookup(&t->keys, k) == ACT_SEARCH_NEXT))
			tui_message(t, true, "no package matches '%s'", vm->search);
		break;
	case ACT_REFRESH:
		tui_refresh(t);
		break;
	case ACT_REVALIDATE:
		if (!tui_idle(t)) {
			tui_message(t, false, "still checking: wait for the answers to come in");
			break;
		}
		if (tui_start_check(t, true, &cause) != 0) {
			tui_message(t, true, "%s", cause);
			free(cause);
		} else
			tui_message(t, false, "asking the index again about %zu packages",
			    t->graph->nnodes);
		break;
	case ACT_UPSTREAM:
		tui_upstream(t);
		break;
	case ACT_OPEN_URL:
		tui_open_url(t);
		break;
	case ACT_TEST:
		tui_test(t);
		break;
	case ACT_MARK:
		tui_mark(t);
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_HELP:
		t->help = true;
		t->help_top = 0;
		break;
	case ACT_QUIT:
		if (t->detail)
			t->detail = false;
		else
			t->quit = true;
		break;
	}
}
