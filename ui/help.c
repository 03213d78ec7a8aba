/* help.c: the help view, the whole screen but the status line: every action with its
 * keys and help (from the action table, as bound now), the statuses' legend, and the
 * environment's warnings and the config's problems. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "help.h"
#include "text.h"
#include "view.h"

static const char *status_colour_names[ST_COUNT] = {
	"green", "green", "cyan", "yellow", "yellow", "yellow", "yellow", "magenta", "red",
	"red", "red", "red", "red", "red", "grey"
};

static const char *status_meanings[ST_COUNT] = {
	"a free-threaded wheel for the installed version",
	"no compiled code",
	"compiled; a pure-Python wheel works (no speed-ups)",
	"a newer release has a free-threaded wheel",
	"only a pre-release has one",
	"free-threaded wheels, not for this platform",
	"free-threaded wheels only for another target",
	"only an sdist: build from source, then test",
	"only abi3 wheels: they do not load free-threaded",
	"compiled, and no release has a usable wheel",
	"a test of this version turned the GIL back on",
	"a test of this version failed under PYTHON_GIL=0",
	"a test of this version could not import it",
	"a test of this version crashed",
	"not on the index, local, or not checked yet",
};

/* One action: keys, name and help, the help wrapped under itself when narrow. */
static void
help_entry(int width, struct text_lines *d, int kw, const char *keys, int nw,
    const char *name, const char *help)
{
	int avail = width - 2 - (2 + kw + 2 + nw + 2);
	size_t len = strlen(help), start = 0;
	bool first = true;

	if (avail < 20 || (int)len <= avail) {
		text_lines_add(d, LINE_NORMAL, "  %-*s  %-*s  %s", kw, keys, nw, name, help);
		return;
	}
	while (start < len) {
		size_t end = start + (size_t)avail, cut;

		if (end >= len)
			cut = len;
		else {
			for (cut = end; cut > start && help[cut] != ' '; cut--)
				;
			if (cut == start)
				cut = end;
		}
		text_lines_add(d, LINE_NORMAL, "  %-*s  %-*s  %.*s", kw, first ? keys : "", nw, first ? name : "",
		    (int)(cut - start), help + start);
		first = false;
		start = cut;
		while (help[start] == ' ')
			start++;
	}
}

static void
help_lines(const struct app *app, int width, struct text_lines *d)
{
	const char *group = "";
	char *where = text_home_short(app->config_path != NULL ? app->config_path :
	    "~/.config/ftport/config");
	int kw = 9, nw = 0;

	text_lines_add(d, LINE_TITLE, "ftport keys (rebind them in %s)", where);
	free(where);
	for (int a = 1; a < ACT_COUNT; a++) {
		char *keys = keymap_describe(&app->keys, (enum action_id)a);

		if ((int)strlen(keys) > kw)
			kw = (int)strlen(keys);
		if ((int)strlen(action_table[a].name) > nw)
			nw = (int)strlen(action_table[a].name);
		free(keys);
	}
	for (int a = 1; a < ACT_COUNT; a++) {
		char *keys = keymap_describe(&app->keys, (enum action_id)a);

		if (strcmp(group, action_table[a].group) != 0) {
			group = action_table[a].group;
			text_lines_add(d, LINE_NORMAL, "%s", "");
			text_lines_add(d, LINE_TITLE, "%s", group);
		}
		help_entry(width, d, kw, *keys != '\0' ? keys : "(unbound)", nw, action_table[a].name,
		    action_table[a].help);
		free(keys);
	}
	text_lines_add(d, LINE_NORMAL, "%s", "");
	text_lines_add(d, LINE_TITLE, "Statuses%s", text_color() ? " (glyph, word, colour)" :
	    " (glyph and word; colours are off)");
	for (int s = 0; s < ST_COUNT; s++)
		text_lines_add(d, s, "  %s %-13s %-8s %s", text_glyph((enum ft_status)s),
		    status_name((enum ft_status)s), text_color() ? status_colour_names[s] : "",
		    status_meanings[s]);
	text_lines_add(d, LINE_NORMAL, "  %s leaf blocker (fix first)   %s/%s folded/unfolded   %s cycle",
	    text_glyphs()->leaf, text_glyphs()->closed, text_glyphs()->open, text_glyphs()->cycle);
	if (app->env->warnings.n > 0) {
		text_lines_add(d, LINE_NORMAL, "%s", "");
		text_lines_add(d, LINE_TITLE, "Environment warnings");
		for (size_t i = 0; i < app->env->warnings.n; i++)
			text_lines_add(d, ST_UPGRADE, "  %s", app->env->warnings.v[i]);
	}
	if (app->config_errors.n > 0) {
		text_lines_add(d, LINE_NORMAL, "%s", "");
		text_lines_add(d, LINE_TITLE, "Config problems");
		for (size_t i = 0; i < app->config_errors.n; i++)
			text_lines_add(d, ST_BLOCKED, "  %s", app->config_errors.v[i]);
	}
}

static void
help_draw(struct view *v)
{
	struct text_lines d;
	int h = v->rect.h;

	memset(&d, 0, sizeof d);
	help_lines(v->app, v->rect.w, &d);
	v->lines = d.text.n;
	if (v->top + (size_t)h > d.text.n)
		v->top = d.text.n > (size_t)h ? d.text.n - (size_t)h : 0;
	for (int y = 0; y < h && v->top + (size_t)y < d.text.n; y++) {
		size_t i = v->top + (size_t)y;
		attr_t attr;
		short pair;

		text_lines_attr(d.kind[i], &attr, &pair);
		text_trunc(v->rect.y + y, v->rect.x + 1, v->rect.w - 2, d.text.v[i], attr, pair);
	}
	text_lines_clear(&d);
}

static void
help_open(struct view *v)
{
	v->top = 0;
}

/* The help has every key while it is shown: scrolling, and closing it. */
static int
help_request(struct view *v, enum action_id act, keycode key)
{
	if (act == ACT_HELP)
		return VIEW_HANDLED | VIEW_CLOSE;
	return view_scroll_request(v, act, key);
}

static const struct view_hint help_hints[] = {
	{ ACT_MOVE_DOWN, ACT_MOVE_UP, "scroll" }, { ACT_PAGE_DOWN, ACT_PAGE_UP, "page" },
	{ ACT_QUIT, ACT_HELP, "close" },
};

const struct view_ops help_view_ops = {
	.name = "help",
	.open = help_open,
	.draw = help_draw,
	.request = help_request,
	.hints = help_hints,
	.nhints = nitems(help_hints),
};
