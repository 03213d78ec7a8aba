/* keys.c: curses' key codes (wget_wch) turned into ftport's keycodes (actions.h), which
 * the bindings then turn into actions. */
#include "config.h"

#include <curses.h>

#include "keys.h"

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
