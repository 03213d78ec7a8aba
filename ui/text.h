/* text.h: what every part of the screen draws with: the glyphs (UTF-8 or ASCII), the
 * status colours, text put into a box of stdscr and never past it, and lists of styled
 * lines (the detail pane, the help). */
#ifndef FTPORT_TEXT_H
#define FTPORT_TEXT_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"
#include "util.h"
#include "verdict.h"

/* The colour pairs (tests/tui_script.sh reads them back: green is 1, red 5). */
enum {
	PAIR_GREEN = 1,
	PAIR_CYAN,
	PAIR_YELLOW,
	PAIR_MAGENTA,
	PAIR_RED,
	PAIR_GREY,
	PAIR_TITLE,
};

struct glyphs {
	const char	*status[ST_COUNT];
	const char	*open, *closed, *cycle, *leaf, *hline, *vline, *tee_down, *tee_up;
	const char	*block, *ellipsis, *up, *dot;
};

/* The terminal's abilities, set once curses has started (colours are set up then). */
void text_setup(bool utf8, bool color);
bool text_color(void);
const struct glyphs *text_glyphs(void);
/* The status glyph for a status: UTF-8 or ASCII. */
const char *text_glyph(enum ft_status s);
/* A status's colour, and bold for blockers so that a monochrome terminal still tells
 * them apart beside the word and glyph. */
void text_status_attr(enum ft_status s, attr_t *attr, short *pair);

/* Puts UTF-8 text at (y, x) in at most maxw columns; returns the columns used. */
int text_put(int y, int x, int maxw, const char *s, attr_t attr, short pair);
/* Like text_put, but ends with an ellipsis when the text does not fit. */
int text_trunc(int y, int x, int maxw, const char *s, attr_t attr, short pair);
/* Wrapped at blanks into w columns and at most maxrows rows; returns the rows used. A
 * URL too long for a row is shortened in its middle, never broken across rows. */
int text_wrapped(int y, int x, int w, int maxrows, const char *s, attr_t attr, short pair);
/* The same, every character kept: a word too long for a row goes on over the next (the
 * message log, where a URL is there to be copied whole). */
int text_wrapped_whole(int y, int x, int w, int maxrows, const char *s, attr_t attr,
    short pair);
/* Display width of UTF-8 text as text_put would draw it. */
int text_width(const char *s);
void text_fill(int y, int x, int w, attr_t attr);
void text_hline(int y, int x, int w);
/* A path with $HOME as ~. */
char *text_home_short(const char *path);

/* Styled lines: each with a kind (a status, or one of these) and, for the detail
 * pane's upstream findings, 1 + the finding it shows (0: none). */
enum { LINE_NORMAL = -1, LINE_TITLE = -2, LINE_DIM = -3 };

struct text_lines {
	struct strlist	 text;		/* sanitised */
	int		*kind;
	long		*item;
	long		 cur_item;	/* what text_lines_add records */
	size_t		 alloc;
};

void text_lines_add(struct text_lines *l, int kind, const char *fmt, ...) PRINTFLIKE(3, 4);
void text_lines_attr(int kind, attr_t *attr, short *pair);
void text_lines_clear(struct text_lines *l);

#endif
