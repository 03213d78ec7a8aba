/* actions.c: the one table of TUI actions, key names, and the `bind KEY ACTION` parser
 * that reads both the compiled-in defaults and the user's config (tig's request table). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "actions.h"
#include "strbuf.h"
#include "utf8.h"

const struct action action_table[ACT_COUNT] = {
	{ ACT_NONE, "none", "", "nothing (unbinds a key)" },
	{ ACT_MOVE_DOWN, "move-down", "Moving", "next line" },
	{ ACT_MOVE_UP, "move-up", "Moving", "previous line" },
	{ ACT_PAGE_DOWN, "page-down", "Moving", "one screen down" },
	{ ACT_PAGE_UP, "page-up", "Moving", "one screen up" },
	{ ACT_MOVE_FIRST, "move-first", "Moving", "first line" },
	{ ACT_MOVE_LAST, "move-last", "Moving", "last line" },
	{ ACT_FOLD, "fold", "Tree",
	  "fold the package, or go to its parent when folded" },
	{ ACT_UNFOLD, "unfold", "Tree",
	  "unfold the package, or go to its first child when unfolded" },
	{ ACT_FOLD_ALL, "fold-all", "Tree", "fold everything (like vim's zM)" },
	{ ACT_UNFOLD_ALL, "unfold-all", "Tree", "unfold everything (like vim's zR)" },
	{ ACT_DETAIL, "detail", "Views", "show or hide the detail pane" },
	{ ACT_DETAIL_DOWN, "detail-down", "Views", "scroll the detail pane down" },
	{ ACT_DETAIL_UP, "detail-up", "Views", "scroll the detail pane up" },
	{ ACT_VIEW, "view", "Views",
	  "next view: tree, blockers first, reverse tree (who needs this?)" },
	{ ACT_FILTER, "filter", "Views",
	  "next status filter: blocked, attention, ok, unknown, all" },
	{ ACT_SEARCH, "search", "Search", "search package names" },
	{ ACT_SEARCH_NEXT, "search-next", "Search", "next match" },
	{ ACT_SEARCH_PREV, "search-prev", "Search", "previous match" },
	{ ACT_REFRESH, "refresh", "Index",
	  "ask the index again about this package, past the cache" },
	{ ACT_REVALIDATE, "revalidate", "Index",
	  "ask the index again about every package, past the cache" },
	{ ACT_NIGHTLY, "nightly", "Index",
	  "also ask the nightly wheels index (--nightly) about the packages that are not "
	  "ready; again: stop" },
	{ ACT_UPSTREAM, "upstream", "Index",
	  "ask the package's GitHub or GitLab for free-threading issues and PRs, and scan "
	  "its source" },
	{ ACT_TEST, "test", "Testing",
	  "test the package (or the marked ones) under PYTHON_GIL=0 in the background; "
	  "again, or Esc: cancel" },
	{ ACT_MARK, "mark", "Testing", "mark or unmark the package for test" },
	{ ACT_OWNER, "owner", "Team",
	  "set the package's owner in the team state (.ftport/state.json)" },
	{ ACT_NOTE, "note", "Team", "set the package's note in the team state" },
	{ ACT_DECISION, "decision", "Team",
	  "set the decision: ignore (out of the blocker counts), waiting, fork, done" },
	{ ACT_EXPORT, "export", "Team",
	  "export the porting checklist (merged, like ftport export) to the file the last "
	  "ftport export -o wrote, else .ftport/checklist.md" },
	{ ACT_DRAFT, "draft", "Team",
	  "draft an upstream issue for the package and open it in $VISUAL/$EDITOR" },
	{ ACT_OPEN_URL, "open-url", "Other",
	  "open the finding marked > in the detail pane, else the project's URL, with "
	  "$BROWSER (xdg-open when unset)" },
	{ ACT_REDRAW, "redraw", "Other", "redraw the screen" },
	{ ACT_HELP, "help", "Other", "this help" },
	{ ACT_MESSAGES, "messages", "Other",
	  "every message of the session, whole (like vim's :messages)" },
	{ ACT_QUIT, "quit", "Other", "close the help, the messages or the pane; quit when none is open" },
	{ ACT_QUIT_ALL, "quit-all", "Other", "quit from anywhere" },
};

/* The defaults, in the syntax of ~/.config/ftport/config. */
const char actions_default_config[] =
    "# ftport default key bindings\n"
    "bind j move-down\n"
    "bind Down move-down\n"
    "bind k move-up\n"
    "bind Up move-up\n"
    "bind PageDown page-down\n"
    "bind C-f page-down\n"
    "bind Space page-down\n"
    "bind PageUp page-up\n"
    "bind C-b page-up\n"
    "bind g move-first\n"
    "bind Home move-first\n"
    "bind G move-last\n"
    "bind End move-last\n"
    "bind h fold\n"
    "bind Left fold\n"
    "bind l unfold\n"
    "bind Right unfold\n"
    "bind z fold-all\n"
    "bind - fold-all\n"
    "bind Z unfold-all\n"
    "bind + unfold-all\n"
    "bind Enter detail\n"
    "bind J detail-down\n"
    "bind K detail-up\n"
    "bind v view\n"
    "bind f filter\n"
    "bind / search\n"
    "bind n search-next\n"
    "bind N search-prev\n"
    "bind r refresh\n"
    "bind R revalidate\n"
    "bind w nightly\n"
    "bind u upstream\n"
    "bind a owner\n"
    "bind c note\n"
    "bind x decision\n"
    "bind e export\n"
    "bind d draft\n"
    "bind o open-url\n"
    "bind t test\n"
    "bind m mark\n"
    "bind C-l redraw\n"
    "bind ? help\n"
    "bind F1 help\n"
    "bind M messages\n"
    "bind q quit\n"
    "bind Q quit-all\n";

static const struct {
	const char	*name;
	keycode		 key;
} keyc_names[] = {
	{ "Up", KEYC_UP }, { "Down", KEYC_DOWN }, { "Left", KEYC_LEFT },
	{ "Right", KEYC_RIGHT }, { "PageUp", KEYC_PAGE_UP }, { "PageDown", KEYC_PAGE_DOWN },
	{ "Home", KEYC_HOME }, { "End", KEYC_END }, { "Enter", KEYC_ENTER },
	{ "Escape", KEYC_ESCAPE }, { "Tab", KEYC_TAB }, { "Backspace", KEYC_BACKSPACE },
	{ "Delete", KEYC_DELETE }, { "Space", ' ' },
	/* Accepted spellings that are never printed. */
	{ "PgUp", KEYC_PAGE_UP }, { "PgDn", KEYC_PAGE_DOWN }, { "Esc", KEYC_ESCAPE },
	{ "Return", KEYC_ENTER }, { "BS", KEYC_BACKSPACE }, { "Del", KEYC_DELETE },
};

int
action_find(const char *name)
{
	for (int i = 0; i < ACT_COUNT; i++)
		if (strcmp(action_table[i].name, name) == 0)
			return i;
	return -1;
}

/* Decodes one UTF-8 character that must be all of s; -1 otherwise. */
static long
utf8_single(const char *s)
{
	size_t n = strlen(s);
	uint32_t cp;

	if (n == 0 || utf8_decode((const unsigned char *)s, n, &cp) != n)
		return -1;
	return (long)cp;
}

keycode
keyc_from_name(const char *name)
{
	char buf[32];
	size_t len = strlen(name);
	long c;

	/* tig's script syntax: "<Down>", "<C-l>"; a bare "<" is the character. */
	if (len > 2 && name[0] == '<' && name[len - 1] == '>') {
		if (len - 2 >= sizeof buf)
			return KEYC_NONE;
		memcpy(buf, name + 1, len - 2);
		buf[len - 2] = '\0';
		name = buf;
	}
	if ((c = utf8_single(name)) >= 0) {
		if (c < 0x20 || c == 0x7f)
			return KEYC_NONE;
		return (keycode)c;
	}
	for (size_t i = 0; i < nitems(keyc_names); i++)
		if (strcasecmp(keyc_names[i].name, name) == 0)
			return keyc_names[i].key;
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] != '\0' &&
	    name[3] == '\0') {
		c = name[2] | 0x20;
		if (c >= 'a' && c <= 'z')
			return (keycode)(c - 'a' + 1);
		return KEYC_NONE;
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		char *end;
		long f = strtol(name + 1, &end, 10);

		if (*end == '\0' && f >= 1 && f <= 12)
			return KEYC_F1 + (keycode)(f - 1);
	}
	return KEYC_NONE;
}

const char *
keyc_name(keycode k)
{
	static char buf[16];

	if (k == ' ')
		return "Space";
	if (k >= KEYC_F1 && k <= KEYC_LAST) {
		snprintf(buf, sizeof buf, "F%u", (unsigned)(k - KEYC_F1 + 1));
		return buf;
	}
	if (k >= KEYC_BASE) {
		for (size_t i = 0; i < nitems(keyc_names); i++)
			if (keyc_names[i].key == k)
				return keyc_names[i].name;
		if (k == KEYC_RESIZE)
			return "Resize";
		return "?";
	}
	if (k >= 1 && k <= 26) {
		snprintf(buf, sizeof buf, "C-%c", (int)('a' + k - 1));
		return buf;
	}
	/* UTF-8 encode the character. */
	if (k < 0x80) {
		buf[0] = (char)k;
		buf[1] = '\0';
	} else if (k < 0x800) {
		buf[0] = (char)(0xc0 | (k >> 6));
		buf[1] = (char)(0x80 | (k & 0x3f));
		buf[2] = '\0';
	} else if (k < 0x10000) {
		buf[0] = (char)(0xe0 | (k >> 12));
		buf[1] = (char)(0x80 | ((k >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (k & 0x3f));
		buf[3] = '\0';
	} else {
		buf[0] = (char)(0xf0 | (k >> 18));
		buf[1] = (char)(0x80 | ((k >> 12) & 0x3f));
		buf[2] = (char)(0x80 | ((k >> 6) & 0x3f));
		buf[3] = (char)(0x80 | (k & 0x3f));
		buf[4] = '\0';
	}
	return buf;
}

void
keymap_bind(struct keymap *km, keycode key, enum action_id action)
{
	for (size_t i = 0; i < km->n; i++) {
		if (km->v[i].key == key) {
			if (action == ACT_NONE) {
				memmove(&km->v[i], &km->v[i + 1],
				    (km->n - i - 1) * sizeof km->v[0]);
				km->n--;
			} else
				km->v[i].action = action;
			return;
		}
	}
	if (action == ACT_NONE)
		return;
	if (km->n == km->alloc) {
		km->alloc = km->alloc == 0 ? 64 : km->alloc * 2;
		km->v = xreallocarray(km->v, km->alloc, sizeof km->v[0]);
	}
	km->v[km->n].key = key;
	km->v[km->n].action = action;
	km->n++;
}

enum action_id
keymap_lookup(const struct keymap *km, keycode key)
{
	for (size_t i = 0; i < km->n; i++)
		if (km->v[i].key == key)
			return km->v[i].action;
	return ACT_NONE;
}

size_t
keymap_keys(const struct keymap *km, enum action_id action, keycode *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < km->n && n < max; i++)
		if (km->v[i].action == action)
			out[n++] = km->v[i].key;
	return n;
}

void
keymap_free(struct keymap *km)
{
	free(km->v);
	km->v = NULL;
	km->n = km->alloc = 0;
}

char *
keymap_describe(const struct keymap *km, enum action_id action)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < km->n; i++) {
		if (km->v[i].action != action)
			continue;
		if (sb.len != 0)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, keyc_name(km->v[i].key));
	}
	return strbuf_detach(&sb, NULL);
}

/* Splits off the next blank-separated word of *s (in place); NULL at the end. */
static char *
next_word(char **s)
{
	char *p = *s, *w;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return NULL;
	w = p;
	while (*p != '\0' && *p != ' ' && *p != '\t')
		p++;
	if (*p != '\0')
		*p++ = '\0';
	*s = p;
	return w;
}

static int
parse_line(struct keymap *km, char *line, char **why)
{
	char *s = line, *cmd, *key, *act, *extra;
	keycode k;
	int a;

	cmd = next_word(&s);
	if (cmd == NULL || *cmd == '#')
		return 0;
	if (strcmp(cmd, "bind") != 0 && strcmp(cmd, "unbind") != 0) {
		*why = xprintf("unknown command '%s' (expected bind or unbind)", cmd);
		return -1;
	}
	key = next_word(&s);
	if (key == NULL) {
		*why = xprintf("%s needs a key", cmd);
		return -1;
	}
	if ((k = keyc_from_name(key)) == KEYC_NONE) {
		*why = xprintf("unknown key '%s'", key);
		return -1;
	}
	/* The terminal turns these into signals before any program sees them (the UI
	 * keeps ISIG so that C-c stops it): a binding would be shown and never fire.
	 * C-s and C-q are free: the UI turns flow control off while it runs. */
	if (strcmp(cmd, "bind") == 0 && (k == 3 || k == 26)) {
		*why = xprintf("%s never reaches ftport: the terminal takes it (%s); bind "
		    "another key", key, k == 3 ? "interrupt" : "suspend");
		return -1;
	}
	if (strcmp(cmd, "unbind") == 0) {
		a = ACT_NONE;
	} else {
		act = next_word(&s);
		if (act == NULL) {
			*why = xprintf("bind %s needs an action", key);
			return -1;
		}
		if ((a = action_find(act)) < 0) {
			*why = xprintf("unknown action '%s'", act);
			return -1;
		}
	}
	if ((extra = next_word(&s)) != NULL && *extra != '#') {
		*why = xprintf("unexpected '%s' after the action", extra);
		return -1;
	}
	keymap_bind(km, k, (enum action_id)a);
	return 0;
}

int
keymap_parse(struct keymap *km, const char *text, const char *origin,
    struct strlist *errors)
{
	char *copy = xstrdup(text), *p = copy, *nl, *why;
	unsigned lineno = 0;
	int bad = 0;

	while (p != NULL && *p != '\0') {
		lineno++;
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		p[strcspn(p, "\r")] = '\0';
		why = NULL;
		if (parse_line(km, p, &why) != 0) {
			bad++;
			strlist_push_owned(errors, xprintf("%s:%u: %s", origin, lineno, why));
			free(why);
		}
		p = nl;
	}
	free(copy);
	return bad;
}

char *
actions_config_path(void)
{
	return config_file_path("config");
}

int
keymap_load(struct keymap *km, const char *path, struct strlist *errors)
{
	struct stat st;
	char *text, *cause = NULL;
	int bad;

	bad = keymap_parse(km, actions_default_config, "defaults", errors);
	if (path == NULL)
		return bad;
	if (stat(path, &st) == -1 && errno == ENOENT)
		return bad;
	if (read_file(path, 1024 * 1024, &text, NULL, &cause) != 0) {
		strlist_push_owned(errors, cause);
		return bad + 1;
	}
	bad += keymap_parse(km, text, path, errors);
	free(text);
	return bad;
}
