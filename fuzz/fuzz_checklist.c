/* fuzz_checklist.c: libFuzzer target for the checklist merge (checklist_markdown with an
 * old checklist: a file people edit by hand, so any text at all, CR and CRLF line ends
 * included): every item comes out with its marker, merging the result once more
 * changes nothing at all (blank lines included: those inside people's blocks are
 * theirs), and every line people wrote (not ftport's: no marker, not its header's, not
 * blank) is in the result word for word. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The items a checklist_build over a small environment makes, one per section. */
static const struct {
	const char	*name, *version, *fix_version;
	enum ft_status	 status;
	enum ck_section	 section;
} items[] = {
	{ "numpy", "1.25.1", NULL, ST_BLOCKED, CK_BLOCKERS },
	{ "markupsafe", "2.1.5", "3.0.3", ST_UPGRADE, CK_UPGRADES },
	{ "mine", "0.1", NULL, ST_UNKNOWN, CK_TESTING },
	{ "requests", "2.33.1", NULL, ST_PURE, CK_READY },
};

static struct checklist *
checklist_by_hand(struct check *ch, struct verdict *v)
{
	struct checklist *c = xcalloc(1, sizeof *c);

	c->check = ch;
	c->project = xstrdup("proj");
	c->project_dir = xstrdup("/src/proj");
	c->environment = xstrdup("/src/proj/.venv");
	c->interpreter = xstrdup("CPython 3.12.1 (GIL)");
	c->targets = xstrdup("cp314t on linux-x86_64");
	c->date = xstrdup("2026-12-06 10:00 UTC");
	c->items = xcalloc(nitems(items), sizeof *c->items);
	for (size_t i = 0; i < nitems(items); i++) {
		struct ck_item *it = &c->items[c->nitems++];

		v[i].status = items[i].status;
		v[i].reason = (char *)"a reason";
		v[i].fix_version = (char *)items[i].fix_version;
		it->name = xstrdup(items[i].name);
		it->display = xstrdup(items[i].name);
		it->version = xstrdup(items[i].version);
		it->status = items[i].status;
		it->worst = &v[i];
		it->section = items[i].section;
		it->leaf_blocker = items[i].section == CK_BLOCKERS;
		it->fix = checklist_pip_line(items[i].name, &v[i]);
		c->counts[it->status]++;
		c->nsection[it->section]++;
	}
	return c;
}

static int
line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether a line is one ftport writes and may rewrite: blank, its header's, one with
 * a marker, its filler. */
static bool
ftports(const char *line)
{
	static const char *const header[] = { "- Project: ", "- Environment: ",
	    "- Interpreter: ", "- Targets: ", "- Exported: ", "**" };

	if (line[strspn(line, " \t")] == '\0' || strstr(line, "ftport:") != NULL ||
	    strcmp(line, "_Nothing here._") == 0)
		return true;
	for (size_t i = 0; i < nitems(header); i++)
		if (str_starts_with(line, header[i]))
			return true;
	return false;
}

/* Every line of old (LF only) that is people's is a line of merged. */
static void
lines_kept(const char *old, const char *merged)
{
	char *copy = xstrdup(merged), **lines = NULL, *p, *nl, *o = xstrdup(old);
	size_t n = 0;

	for (p = copy; *p != '\0'; p = nl) {
		lines = xreallocarray(lines, n + 1, sizeof *lines);
		lines[n++] = p;
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl++ = '\0';
	}
	qsort(lines, n, sizeof *lines, line_cmp);
	for (p = o; p != NULL && *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		if (!ftports(p) && bsearch(&p, lines, n, sizeof *lines, line_cmp) == NULL)
			abort();	/* a line people wrote was lost */
	}
	free(lines);
	free(copy);
	free(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct check ch;		/* no packages: no chains to look up */
	struct verdict v[nitems(items)];
	struct checklist *c;
	char *old, *once, *twice, mark[64];

	if (size > 65536)
		return 0;
	memset(v, 0, sizeof v);
	c = checklist_by_hand(&ch, v);
	old = xmalloc(size + 1);
	memcpy(old, data, size);
	old[size] = '\0';
	once = checklist_markdown(c, old);
	for (size_t i = 0; i < nitems(items); i++) {
		snprintf(mark, sizeof mark, "<!-- ftport:%s -->", items[i].name);
		if (strstr(once, mark) == NULL)
			abort();	/* an item was lost in the merge */
	}
	if (strchr(old, '\r') == NULL)
		lines_kept(old, once);
	twice = checklist_markdown(c, once);
	if (strcmp(once, twice) != 0) {
		if (getenv("FUZZ_SHOW") != NULL)	/* to see why: the two merges */
			fprintf(stderr, "--- once:\n%s\n--- twice:\n%s\n", once, twice);
		abort();	/* merging again must be a fixed point */
	}
	free(twice);
	free(once);
	free(old);
	checklist_free(c);
	return 0;
}
