/* prompt.c: the status line's input line: keys edit its text (UTF-8, one character
 * per Backspace), Enter ends it, Esc cancels it. */
#include "config.h"

#include <stdlib.h>

#include "prompt.h"
#include "sanitize.h"
#include "text.h"

void
prompt_start(struct prompt *p, enum prompt_for kind, const char *label,
    const char *initial)
{
	p->active = true;
	p->kind = kind;
	p->label = label;
	strbuf_reset(&p->text);
	if (initial != NULL)
		strbuf_addstr(&p->text, initial);
}

enum prompt_state
prompt_key(struct prompt *p, keycode k)
{
	switch (k) {
	case KEYC_ENTER:
		p->active = false;
		return PROMPT_ENTERED;
	case KEYC_ESCAPE:
		p->active = false;
		return PROMPT_CANCELLED;
	case KEYC_BACKSPACE:
		if (p->text.len == 0 && p->kind == PROMPT_SEARCH) {
			p->active = false;	/* as in vim and less */
			return PROMPT_CANCELLED;
		}
		while (p->text.len > 0 &&
		    ((unsigned char)p->text.buf[p->text.len - 1] & 0xc0) == 0x80)
			p->text.len--;
		if (p->text.len > 0)
			p->text.len--;
		if (p->text.buf != NULL)
			p->text.buf[p->text.len] = '\0';
		break;
	default:
		if (k == ' ')
			strbuf_addch(&p->text, ' ');
		else if (k > 0x20 && k < KEYC_BASE &&
		    p->text.len < (p->kind == PROMPT_SEARCH ? 200 : 500))
			strbuf_addstr(&p->text, keyc_name(k));
		break;
	}
	return PROMPT_EDITING;
}

void
prompt_draw(const struct prompt *p, int y, int w)
{
	char *text = sanitize_text(strbuf_str(&p->text));
	int lw = text_put(y, 0, w - 2, p->label, A_BOLD, 0);
	int used = text_put(y, lw, w - 1 - lw, text, A_NORMAL, 0);

	text_fill(y, lw + used, 1, A_REVERSE);
	free(text);
}

void
prompt_free(struct prompt *p)
{
	strbuf_release(&p->text);
}
