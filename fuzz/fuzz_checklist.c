/* fuzz_checklist.c: libFuzzer target for the checklist merge (checklist_markdown with an
 * old checklist: a file people edit by hand, so any text at all): every item comes out
 * with its marker, and merging the result once more changes no line but blank ones (a
 * re-export with nothing new leaves every line people wrote as it is; blank lines in
 * ftport's sections are ftport's to lay out). */
#include "config.h"

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

/* The text without its blank lines. */
static char *
drop_blank_lines(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s != '\0'; s++)
		if (!(*s == '\n' && (o == out || o[-1] == '\n')))
			*o++ = *s;
	*o = '\0';
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct check ch;		/* no packages: no chains to look up */
	struct verdict v[nitems(items)];
	struct checklist *c;
	char *old, *once, *twice, *a, *b, mark[64];

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
	twice = checklist_markdown(c, once);
	a = drop_blank_lines(once);
	b = drop_blank_lines(twice);
	if (strcmp(a, b) != 0)
		abort();	/* merging again must be a fixed point */
	free(a);
	free(b);
	free(twice);
	free(once);
	free(old);
	checklist_free(c);
	return 0;
}
