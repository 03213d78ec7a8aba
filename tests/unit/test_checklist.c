/* test_checklist.c: the Markdown checklist: a fresh export (sections in order, leaf
 * blockers first, the pip line, task-list items with owner, note and marker), then one
 * edited by hand the way a person would (ticks, an owner, a note, paragraphs, a deleted
 * item, a sub-task) and exported again after statuses changed; the pip line and the
 * escaping of metadata. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checklist.h"
#include "strbuf.h"
#include "util.h"

/* A checklist built by hand: what checklist_build makes from a check, without one. */
struct fixture {
	struct check		 check;		/* no packages: no chains to look up */
	struct verdict		 v[8];
	struct checklist	*c;
};

static void
add_item(struct fixture *f, const char *name, const char *version, enum ft_status st,
    enum ck_section sec, bool leaf, const char *fix_version, const char *reason)
{
	struct checklist *c = f->c;
	struct ck_item *it;
	struct verdict *v = &f->v[c->nitems];

	c->items = xreallocarray(c->items, c->nitems + 1, sizeof *c->items);
	it = &c->items[c->nitems++];
	memset(it, 0, sizeof *it);
	memset(v, 0, sizeof *v);
	v->status = st;
	v->reason = (char *)reason;
	v->fix_version = (char *)fix_version;
	it->name = xstrdup(name);
	it->display = xstrdup(name);
	it->version = xstrdup(version);
	it->status = st;
	it->worst = v;
	it->section = sec;
	it->leaf_blocker = leaf;
	it->fix = checklist_pip_line(name, v);
	c->counts[st]++;
	c->nsection[sec]++;
}

static void
fixture_init(struct fixture *f, bool markupsafe_ready, bool with_idna)
{
	struct checklist *c;

	memset(f, 0, sizeof *f);
	c = f->c = xcalloc(1, sizeof *c);
	c->check = &f->check;
	c->project = xstrdup("proj");
	c->project_dir = xstrdup("/src/proj");
	c->environment = xstrdup("/src/proj/.venv");
	c->interpreter = xstrdup("CPython 3.12.1 (GIL)");
	c->targets = xstrdup("cp314t on linux-x86_64");
	c->date = xstrdup("2026-12-06 10:00 UTC");
	add_item(f, "numpy", "1.25.1", ST_BLOCKED, CK_BLOCKERS, true, NULL,
	    "no release has a cp314t wheel");
	add_item(f, "scipy", "1.11.0", ST_ABI3, CK_BLOCKERS, false, NULL, "abi3 only");
	if (!markupsafe_ready)
		add_item(f, "markupsafe", "2.1.5", ST_UPGRADE, CK_UPGRADES, false, "3.0.3",
		    "3.0.3 has cp314t wheels");
	add_item(f, "mine", "0.1", ST_UNKNOWN, CK_TESTING, false, NULL, "editable install");
	if (with_idna)
		add_item(f, "idna", "3.11", ST_PURE, CK_READY, false, NULL, "pure");
	if (markupsafe_ready)
		add_item(f, "markupsafe", "3.0.3", ST_READY, CK_READY, false, NULL, "ready");
	add_item(f, "requests", "2.33.1", ST_PURE, CK_READY, false, NULL, "pure");
}

static void
fixture_free(struct fixture *f)
{
	checklist_free(f->c);
}

/* The line of the item for name, or NULL. */
static char *
item_line(const char *md, const char *name)
{
	char mark[64];
	const char *m, *start, *end;

	snprintf(mark, sizeof mark, "<!-- ftport:%s -->", name);
	if ((m = strstr(md, mark)) == NULL)
		return NULL;
	for (start = m; start > md && start[-1] != '\n'; start--)
		;
	end = strchr(m, '\n');
	return xstrndup(start, end != NULL ? (size_t)(end - start) : strlen(start));
}

static const char *
after(const char *hay, const char *a, const char *b)
{
	const char *pa = strstr(hay, a), *pb = strstr(hay, b);

	return pa != NULL && pb != NULL && pa < pb ? pb : NULL;
}

static void
test_fresh(void **unused)
{
	struct fixture f;
	char *md, *line;

	(void)unused;
	fixture_init(&f, false, true);
	md = checklist_markdown(f.c, NULL);
	assert_true(str_starts_with(md, "# Free-threading porting checklist: proj\n"));
	assert_non_null(strstr(md, "- Targets: cp314t on linux-x86\\_64\n"));
	assert_non_null(strstr(md, "**6 packages**: 2 pure, 1 upgrade, 1 abi3, 1 blocked, "
	    "1 unknown."));
	assert_non_null(strstr(md, "Ticked: 2 of 6."));
	/* Sections in order; the leaf blocker before the other blocker. */
	assert_non_null(after(md, "ftport:section blockers", "ftport:section upgrades"));
	assert_non_null(after(md, "ftport:section upgrades", "ftport:section testing"));
	assert_non_null(after(md, "ftport:section testing", "ftport:section ready"));
	assert_null(strstr(md, "ftport:section ignored"));
	assert_non_null(after(md, "ftport:numpy", "ftport:scipy"));
	assert_non_null(after(md, "ftport:section upgrades", "ftport:markupsafe"));

	line = item_line(md, "numpy");
	assert_string_equal(line, "- [ ] **numpy** 1.25.1 — blocked: no release has a cp314t "
	    "wheel. **Leaf blocker.** · owner: — · note: — <!-- ftport:numpy -->");
	free(line);
	line = item_line(md, "markupsafe");
	assert_non_null(strstr(line, "`pip install \"markupsafe>=3.0.3\"`"));
	free(line);
	line = item_line(md, "requests");
	assert_true(str_starts_with(line, "- [x] **requests**"));	/* ready: ticked */
	free(line);
	/* Exporting its own output again changes nothing. */
	{
		char *again = checklist_markdown(f.c, md);

		assert_string_equal(again, md);
		free(again);
	}
	free(md);
	fixture_free(&f);
}

/* Exporting again with nothing new writes the same file. */
static void
assert_fixed_point(const struct checklist *c, const char *md)
{
	char *again = checklist_markdown(c, md);

	assert_string_equal(again, md);
	free(again);
}

static void
replace(char **text, const char *from, const char *to)
{
	char *p = strstr(*text, from), *out;

	assert_non_null(p);
	out = xprintf("%.*s%s%s", (int)(p - *text), *text, to, p + strlen(from));
	free(*text);
	*text = out;
}

static void
remove_line(char **text, const char *needle)
{
	char *p = strstr(*text, needle), *start, *end, *out;

	assert_non_null(p);
	for (start = p; start > *text && start[-1] != '\n'; start--)
		;
	end = strchr(p, '\n');
	out = xprintf("%.*s%s", (int)(start - *text), *text, end + 1);
	free(*text);
	*text = out;
}

static void
test_merge(void **unused)
{
	struct fixture f;
	char *md, *merged, *line;

	(void)unused;
	fixture_init(&f, false, true);
	md = checklist_markdown(f.c, NULL);
	fixture_free(&f);

	/* What a person does to it. */
	replace(&md, "- [ ] **numpy**", "- [x] **numpy**");
	replace(&md, "owner: — · note: — <!-- ftport:numpy -->",
	    "owner: @alice · note: ask upstream; owner: of the C part is Bob <!-- ftport:numpy -->");
	replace(&md, "- [ ] **markupsafe** 2.1.5", "- [X] **markupsafe** 2.1.5");
	replace(&md, "<!-- ftport:markupsafe -->",
	    "<!-- ftport:markupsafe -->\n  - [ ] read the 3.0 changelog");
	replace(&md, "note: — <!-- ftport:mine -->", "note: our own fork <!-- ftport:mine -->");
	replace(&md, "## Upgrades", "A paragraph we wrote under the blockers.\n\n## Upgrades");
	replace(&md, "<!-- ftport:header -->", "Intro written by hand.\n\n<!-- ftport:header -->");
	remove_line(&md, "<!-- ftport:requests -->");		/* deleted by hand */
	remove_line(&md, "<!-- ftport:idna -->");
	md = xprintf("%s\n## Our notes\n\nKeep this.\n", (merged = md));
	free(merged);
	/* A ticked item for idna stays although idna is gone; give it back, ticked. */
	replace(&md, "## Our notes", "## Ready <!-- ftport:section ready -->\n\n"
	    "- [x] **idna** 3.11 — pure. · owner: carol · note: — <!-- ftport:idna -->\n\n"
	    "## Our notes");

	/* Meanwhile markupsafe was upgraded (ready now) and idna uninstalled. */
	fixture_init(&f, true, false);
	merged = checklist_markdown(f.c, md);

	line = item_line(merged, "numpy");
	assert_true(str_starts_with(line, "- [x] **numpy**"));
	assert_non_null(strstr(line, "owner: @alice · note: ask upstream; owner: of the C part "
	    "is Bob <!-- ftport:numpy -->"));
	free(line);
	/* markupsafe moved to Ready with its tick and its sub-task. */
	line = item_line(merged, "markupsafe");
	assert_true(str_starts_with(line, "- [x] **markupsafe** 3.0.3 — ready"));
	free(line);
	assert_non_null(after(merged, "ftport:section ready", "ftport:markupsafe -->\n"
	    "  - [ ] read the 3.0 changelog\n"));
	assert_null(strstr(merged, "upgrade: `pip"));
	line = item_line(merged, "mine");
	assert_non_null(strstr(line, "note: our own fork <!--"));
	free(line);
	/* The deleted item is back; people's text is where they put it. */
	line = item_line(merged, "requests");
	assert_non_null(line);
	free(line);
	assert_true(str_starts_with(merged, "# Free-threading porting checklist: proj\n\n"
	    "Intro written by hand.\n\n<!-- ftport:header -->"));
	assert_non_null(after(merged, "ftport:scipy", "A paragraph we wrote under the blockers."));
	assert_non_null(after(merged, "A paragraph we wrote under the blockers.",
	    "ftport:section upgrades"));
	assert_non_null(strstr(merged, "## Our notes\n\nKeep this.\n"));
	/* idna is gone but was ticked with an owner: kept in its own section. */
	assert_non_null(after(merged, "ftport:section gone", "owner: carol · note: — "
	    "<!-- ftport:idna -->"));
	/* The second Ready heading people pasted holds no items twice. */
	{
		const char *p = strstr(merged, "<!-- ftport:markupsafe -->");

		assert_null(strstr(p + 1, "<!-- ftport:markupsafe -->"));
	}
	/* And again: stable. */
	{
		char *again = checklist_markdown(f.c, merged);

		assert_string_equal(again, merged);
		free(again);
	}
	free(merged);
	free(md);
	fixture_free(&f);
}

static void
test_pip_and_escaping(void **unused)
{
	struct verdict v;
	struct fixture f;
	char *md, *s;

	(void)unused;
	memset(&v, 0, sizeof v);
	v.status = ST_PRERELEASE;
	v.fix_version = (char *)"2.0.0rc1";
	s = checklist_pip_line("numpy", &v);
	assert_string_equal(s, "pip install --pre \"numpy>=2.0.0rc1\"");
	free(s);
	v.status = ST_UPGRADE;
	v.fix_version = (char *)"1.0\"; rm -rf /";
	assert_null(checklist_pip_line("numpy", &v));
	/* A name from metadata (normalising keeps these) is one shell word, quoted. */
	v.fix_version = (char *)"1.0";
	s = checklist_pip_line("x$(touch pwned)", &v);
	assert_string_equal(s, "pip install 'x$(touch pwned)>=1.0'");
	free(s);
	s = checklist_pip_line("x\";curl -s localhost:9|sh;\"", &v);
	assert_string_equal(s, "pip install 'x\";curl -s localhost:9|sh;\">=1.0'");
	free(s);
	v.status = ST_BLOCKED;
	v.fix_version = (char *)"1.0";
	assert_null(checklist_pip_line("numpy", &v));

	fixture_init(&f, false, false);
	free(f.c->items[0].display);
	f.c->items[0].display = xstrdup("evil](https://x.example)<img src=x>*");
	f.c->items[0].owner = xstrdup("mallory <!-- ftport:scipy --> · note: fake");
	checklist_add_link(f.c, "scipy", NULL, "https://github.com/scipy/scipy/issues/19409",
	    NULL, "open");
	checklist_add_link(f.c, "scipy", NULL, "javascript:alert(1)", NULL, NULL);
	checklist_add_link(f.c, "scipy", NULL, "https://x.example/a)b", NULL, NULL);
	md = checklist_markdown(f.c, NULL);
	assert_non_null(strstr(md, "**evil\\](https://x.example)\\<img src=x\\>\\***"));
	assert_non_null(strstr(md, "Upstream: [scipy/scipy#19409](https://github.com/scipy/"
	    "scipy/issues/19409) (open)."));
	assert_null(strstr(md, "javascript"));
	assert_null(strstr(md, "a)b"));
	/* The owner cannot forge another item's marker or a note. */
	s = item_line(md, "numpy");
	assert_non_null(s);
	assert_non_null(strstr(s, "owner: mallory <! -- ftport:scipy --> . note: fake · note:"));
	free(s);
	free(md);
	fixture_free(&f);
}

/* Found by fuzz/fuzz_checklist.c: what people write in a field comes back from a
 * re-export word for word, whatever keys or dots it holds (a note that said "note:"
 * lost everything before its last one), and a line cut short after "- [" is read
 * within its bounds. */
static void
test_fields_survive(void **unused)
{
	struct fixture f;
	char *md, *once, *line;

	(void)unused;
	fixture_init(&f, false, false);
	md = checklist_markdown(f.c, NULL);
	replace(&md, "owner: — · note: — <!-- ftport:numpy -->",
	    "owner: · Ann owner: ·· · note: see note: upstream · then · <!-- ftport:numpy -->"
	    "\n- [");
	once = checklist_markdown(f.c, md);
	line = item_line(once, "numpy");
	assert_non_null(strstr(line, " · owner: . Ann owner: ·· · note: see note: upstream . "
	    "then . <!-- ftport:numpy -->"));
	free(line);
	assert_fixed_point(f.c, once);
	free(once);
	free(md);
	fixture_free(&f);
}

/* A person's edits used by the tests below: a tick, an owner, a note, paragraphs in a
 * section and at the end. */
static char *
edited(struct fixture *f)
{
	char *md = checklist_markdown(f->c, NULL), *out;

	replace(&md, "- [ ] **numpy**", "- [x] **numpy**");
	replace(&md, "owner: — · note: — <!-- ftport:numpy -->",
	    "owner: @alice · note: ask upstream <!-- ftport:numpy -->");
	replace(&md, "## Upgrades", "We agreed on Monday.\n\nThen on Tuesday.\n\n## Upgrades");
	out = xprintf("%s\n## Our notes\n\nKeep this.\n", md);
	free(md);
	return out;
}

static void
assert_edits_kept(const char *merged)
{
	char *line = item_line(merged, "numpy");

	assert_non_null(line);
	assert_true(str_starts_with(line, "- [x] **numpy**"));
	assert_non_null(strstr(line, "owner: @alice · note: ask upstream <!-- ftport:numpy -->"));
	free(line);
	assert_non_null(strstr(merged, "We agreed on Monday.\n\nThen on Tuesday.\n"));
	assert_non_null(strstr(merged, "## Our notes\n\nKeep this.\n"));
}

/* The header's invisible end line deleted: the header ends at the first line that is
 * not ftport's instead of swallowing the file (every tick, owner, note and paragraph
 * was dropped); its start deleted, or people's lines inside it: nothing lost either. */
static void
test_header_marker_deleted(void **unused)
{
	struct fixture f;
	char *md, *once;

	(void)unused;
	fixture_init(&f, false, false);
	md = edited(&f);
	remove_line(&md, "<!-- /ftport:header -->");
	once = checklist_markdown(f.c, md);
	assert_edits_kept(once);
	assert_non_null(strstr(once, "<!-- /ftport:header -->"));
	assert_null(strstr(strstr(once, "<!-- /ftport:header -->") + 1, "- Project: "));
	assert_fixed_point(f.c, once);
	free(once);
	free(md);

	md = edited(&f);
	remove_line(&md, "<!-- ftport:header -->");
	once = checklist_markdown(f.c, md);
	assert_edits_kept(once);
	free(once);
	free(md);

	/* A line of theirs inside the header comes out after it. */
	md = edited(&f);
	replace(&md, "- Targets: ", "Ask Kim before changing targets.\n- Targets: ");
	once = checklist_markdown(f.c, md);
	assert_edits_kept(once);
	assert_non_null(strstr(once, "<!-- /ftport:header -->\nAsk Kim before changing "
	    "targets.\n"));
	assert_fixed_point(f.c, once);
	free(once);
	free(md);
	fixture_free(&f);
}

static char *
with_line_ends(const char *text, const char *eol)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '\n')
			strbuf_addstr(&sb, eol);
		else
			strbuf_addch(&sb, *p);
	}
	return strbuf_detach(&sb, NULL);
}

/* CR-only line ends (read as one line cut at its first CR: every edit gone), CRLF, and
 * a lone CR inside a line (the rest of the line was dropped): merged, written back
 * with the file's own line ends. */
static void
test_line_ends(void **unused)
{
	static const char *const eols[] = { "\r", "\r\n" };
	struct fixture f;
	char *md, *conv, *once, *lf;

	(void)unused;
	fixture_init(&f, false, false);
	md = edited(&f);
	for (size_t i = 0; i < nitems(eols); i++) {
		conv = with_line_ends(md, eols[i]);
		once = checklist_markdown(f.c, conv);
		/* No line end of another kind. */
		for (const char *p = once; *p != '\0'; p++)
			if (*p == '\n' || *p == '\r') {
				assert_memory_equal(p, eols[i], strlen(eols[i]));
				p += strlen(eols[i]) - 1;
			}
		lf = xstrdup(once);
		{
			char *o = lf;

			for (const char *p = once; *p != '\0'; p++)
				if (!(*p == '\r' && p[1] == '\n'))
					*o++ = *p == '\r' ? '\n' : *p;
			*o = '\0';
		}
		assert_edits_kept(lf);
		assert_fixed_point(f.c, once);
		free(lf);
		free(once);
		free(conv);
	}
	replace(&md, "Then on Tuesday.", "Then on\rTuesday, after lunch.");
	once = checklist_markdown(f.c, md);
	assert_non_null(strstr(once, "\n\nThen on\rTuesday, after lunch.\n"));
	free(once);
	free(md);
	fixture_free(&f);
}

/* Blank lines inside people's blocks are theirs: two paragraphs stay two, "text" over
 * a "---" rule does not become a heading, a code block keeps its empty lines (and a
 * "#" comment in it is not a heading that ends the section), a loose sub-item stays
 * under its item. */
static void
test_blank_lines_kept(void **unused)
{
	struct fixture f;
	char *md, *once;

	(void)unused;
	fixture_init(&f, false, false);
	md = checklist_markdown(f.c, NULL);
	replace(&md, "<!-- ftport:numpy -->", "<!-- ftport:numpy -->\n\n  - [ ] loose sub-task\n"
	    "\n    its second paragraph\n");
	replace(&md, "## Upgrades", "First paragraph.\n\nSecond paragraph.\n\nSome text\n\n---\n\n"
	    "```sh\n# build first\nmake\n\n\nmake check\n```\n\n## Upgrades");
	replace(&md, "## Needs testing", "Lead text\n\n---\n\n    indented code\n\n    more\n\n"
	    "- [ ] our own task\n\n## Needs testing");
	once = checklist_markdown(f.c, md);
	assert_non_null(strstr(once, "<!-- ftport:numpy -->\n\n  - [ ] loose sub-task\n\n"
	    "    its second paragraph\n- [ ] **scipy**"));
	assert_non_null(strstr(once, "\n\nFirst paragraph.\n\nSecond paragraph.\n\nSome text\n"
	    "\n---\n\n```sh\n# build first\nmake\n\n\nmake check\n```\n\n## Upgrades"));
	assert_non_null(strstr(once, "\n\nLead text\n\n---\n\n    indented code\n\n    more\n\n"
	    "- [ ] our own task\n\n## Needs testing"));
	assert_fixed_point(f.c, once);
	free(once);
	free(md);
	fixture_free(&f);
}

/* Text a person wrote after an item's hidden marker stays there. */
static void
test_text_after_marker(void **unused)
{
	struct fixture f;
	char *md, *once, *line;

	(void)unused;
	fixture_init(&f, false, false);
	md = checklist_markdown(f.c, NULL);
	replace(&md, "<!-- ftport:scipy -->", "<!-- ftport:scipy --> (see the wiki)");
	once = checklist_markdown(f.c, md);
	line = item_line(once, "scipy");
	assert_true(str_ends_with(line, "note: — <!-- ftport:scipy --> (see the wiki)"));
	free(line);
	assert_fixed_point(f.c, once);
	free(once);
	free(md);
	fixture_free(&f);
}

/* A folded Name: header ("Name: foo\n bar" in METADATA) left a newline in the item's
 * marker: never read back, the item was added once more by each export. */
static void
test_folded_name(void **unused)
{
	struct fixture f;
	char *md, *once, *twice;
	const char *p;
	size_t n = 0;

	(void)unused;
	fixture_init(&f, false, false);
	free(f.c->items[1].name);
	f.c->items[1].name = xstrdup("sci\n py<-->");
	md = checklist_markdown(f.c, NULL);
	replace(&md, "- [ ] **scipy**", "- [x] **scipy**");
	once = checklist_markdown(f.c, md);
	twice = checklist_markdown(f.c, once);
	assert_string_equal(twice, once);
	for (p = twice; (p = strstr(p, "**scipy**")) != NULL; p++)
		n++;
	assert_int_equal(n, 1);
	assert_non_null(strstr(twice, "- [x] **scipy**"));
	assert_non_null(strstr(twice, "<!-- ftport:sci__py_--_ -->\n"));
	free(twice);
	free(once);
	free(md);
	fixture_free(&f);
}

/* --- the merge's property test ------------------------------------------------- */

/* A person's random edits of a fresh export: blocks of their own (paragraphs apart,
 * "text" above a "---" rule, a fenced code block with empty lines and a "#" comment, a
 * loose list), a loose sub-item under an item, text after an item's hidden marker.
 * Each must come out of the merge word for word, blank lines included, under the same
 * item when it was under one; merging the result again must change nothing. Runs:
 * $FTPORT_MERGE_RUNS (2,000 by default: 0.3 s; more by hand), seed $FTPORT_MERGE_SEED. */
enum prop_kind { PK_PARA, PK_RULE, PK_CODE, PK_LIST, PK_SUB, PK_AFTER, PK_FIXED, PK_NKINDS };
static const char *const prop_kind_name[PK_NKINDS] = {
	"paragraphs merged", "text above --- made a heading", "code block changed",
	"loose list changed", "loose sub-item left its item", "text after the marker lost",
	"second merge not a fixed point",
};

static uint64_t prop_seed;

static unsigned
prop_rand(unsigned n)
{
	prop_seed ^= prop_seed >> 12;
	prop_seed ^= prop_seed << 25;
	prop_seed ^= prop_seed >> 27;
	return (unsigned)((prop_seed * 2685821657736338717ULL) >> 33) % n;
}

struct prop_lines {
	char	**v;
	size_t	  n;
};

static void
prop_insert(struct prop_lines *l, size_t at, const char *const *add, size_t nadd)
{
	l->v = xreallocarray(l->v, l->n + nadd, sizeof *l->v);
	memmove(l->v + at + nadd, l->v + at, (l->n - at) * sizeof *l->v);
	for (size_t i = 0; i < nadd; i++)
		l->v[at + i] = xstrdup(add[i]);
	l->n += nadd;
}

/* The index of the line holding needle, or l->n. */
static size_t
prop_find(const struct prop_lines *l, const char *needle)
{
	size_t i;

	for (i = 0; i < l->n && strstr(l->v[i], needle) == NULL; i++)
		;
	return i;
}

static char *
prop_join(const char *const *v, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", v[i], i + 1 < n ? "\n" : "");
	return strbuf_detach(&sb, NULL);
}

/* One run: returns a bit per kind that failed. */
static unsigned
prop_run(struct fixture *f, const char *fresh)
{
	static const char *const names[] = { "numpy", "scipy", "markupsafe", "mine", "idna",
	    "requests" };
	struct prop_lines l = { NULL, 0 };
	struct strbuf expect[PK_NKINDS];
	char *old, *once, *twice, *after[nitems(names)] = { NULL }, *sub[nitems(names)] = { NULL };
	unsigned failed = 0, nedits = 1 + prop_rand(5);
	const char *p = fresh;

	for (int k = 0; k < PK_NKINDS; k++)
		strbuf_init(&expect[k]);
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		const char *one[1];
		char *line = xstrndup(p, (size_t)(nl - p));

		one[0] = line;
		prop_insert(&l, l.n, one, 1);
		free(line);
		p = nl + 1;
	}
	for (unsigned e = 0; e < nedits; e++) {
		unsigned kind = prop_rand(6), who = prop_rand(nitems(names)), id = prop_rand(1000);
		char mark[64], a[96], b[96], c[96];
		size_t at;

		snprintf(mark, sizeof mark, "<!-- ftport:%s -->", names[who]);
		if (kind == PK_AFTER || kind == PK_SUB) {
			char **slot = kind == PK_AFTER ? &after[who] : &sub[who];

			if (*slot != NULL)
				continue;
			at = prop_find(&l, mark);
			if (kind == PK_AFTER) {
				char *line = xprintf("%s and ask upstream %u", l.v[at], id);

				*slot = xprintf(" and ask upstream %u", id);
				free(l.v[at]);
				l.v[at] = line;
			} else {
				const char *add[] = { "", a, "", b };
				size_t nadd = prop_rand(2) ? 4 : 2;

				snprintf(a, sizeof a, "  - [ ] sub-task %u", id);
				snprintf(b, sizeof b, "    its second paragraph %u", id);
				*slot = prop_join(add, nadd);
				prop_insert(&l, at + 1, add, nadd);
			}
			continue;
		}
		/* A block of their own: before an item, a section heading, the header, or
		 * at the end. */
		switch (prop_rand(4)) {
		case 0:
			at = prop_find(&l, mark);
			break;
		case 1:
			at = prop_find(&l, "<!-- ftport:section ");
			if (at < l.n && prop_rand(2) != 0)
				at = prop_find(&l, "<!-- ftport:section testing");
			break;
		case 2:
			at = prop_find(&l, "<!-- ftport:header -->");
			break;
		default:
			at = l.n;
			break;
		}
		{
			/* One blank line between the paragraphs, or two. */
			const char *para[] = { "", a, "", "", b, "" };
			const char *para1[] = { "", a, "", b, "" };
			const char *rule[] = { "", a, "", "---", "" };
			const char *code[] = { "", "```sh", c, "make", "", "make check", "```", "" };
			const char *list[] = { "", "- our own point", "", a, "- another point", "" };
			const char *const *block;
			size_t nblock;

			snprintf(a, sizeof a, "We met on the %uth.", id);
			snprintf(b, sizeof b, "A second paragraph %u.", id);
			snprintf(c, sizeof c, "# build %u first", id);
			switch (kind) {
			case PK_PARA:
				if (prop_rand(2) != 0)
					block = para, nblock = nitems(para);
				else
					block = para1, nblock = nitems(para1);
				break;
			case PK_RULE:
				block = rule, nblock = nitems(rule);
				break;
			case PK_CODE:
				block = code, nblock = nitems(code);
				break;
			default:
				snprintf(a, sizeof a, "  continued %u", id);
				block = list, nblock = nitems(list);
				break;
			}
			if (at == l.n)
				nblock--;	/* no blank line after the last */
			prop_insert(&l, at, block, nblock);
			{
				char *want = prop_join(block + 1, nblock - 1);

				/* Trailing blank lines are layout; the block ends at its text. */
				while (*want != '\0' && want[strlen(want) - 1] == '\n')
					want[strlen(want) - 1] = '\0';
				strbuf_addf(&expect[kind], "%s%c", want, '\0');
				free(want);
			}
		}
	}
	old = prop_join((const char *const *)l.v, l.n);
	once = checklist_markdown(f->c, old);
	for (int k = PK_PARA; k <= PK_LIST; k++)
		for (size_t o = 0; o < expect[k].len; o += strlen(expect[k].buf + o) + 1)
			if (strstr(once, expect[k].buf + o) == NULL)
				failed |= 1u << k;
	for (size_t i = 0; i < nitems(names); i++) {
		char *want;

		if (after[i] == NULL && sub[i] == NULL)
			continue;
		want = xprintf("<!-- ftport:%s -->%s\n%s", names[i], after[i] != NULL ?
		    after[i] : "", sub[i] != NULL ? sub[i] : "");
		if (strstr(once, want) == NULL)
			failed |= 1u << (sub[i] != NULL &&
			    (after[i] == NULL || strstr(once, after[i]) != NULL) ? PK_SUB : PK_AFTER);
		free(want);
		free(after[i]);
		free(sub[i]);
	}
	twice = checklist_markdown(f->c, once);
	if (strcmp(once, twice) != 0)
		failed |= 1u << PK_FIXED;
	if (failed != 0 && getenv("FTPORT_MERGE_SHOW") != NULL)
		fprintf(stderr, "--- old:\n%s\n--- merged:\n%s\n", old, once);
	free(twice);
	free(once);
	free(old);
	for (size_t i = 0; i < l.n; i++)
		free(l.v[i]);
	free(l.v);
	for (int k = 0; k < PK_NKINDS; k++)
		strbuf_release(&expect[k]);
	return failed;
}

static void
test_merge_property(void **unused)
{
	struct fixture f;
	const char *env = getenv("FTPORT_MERGE_RUNS"), *seed = getenv("FTPORT_MERGE_SEED");
	unsigned long runs = env != NULL ? strtoul(env, NULL, 10) : 2000, failed = 0;
	unsigned long by_kind[PK_NKINDS] = { 0 };
	uint64_t base = seed != NULL ? strtoull(seed, NULL, 10) : 24;
	char *fresh;

	(void)unused;
	fixture_init(&f, false, true);
	fresh = checklist_markdown(f.c, NULL);
	for (unsigned long r = 0; r < runs; r++) {
		unsigned bits;

		prop_seed = (base + r) * 0x9E3779B97F4A7C15ULL | 1;
		bits = prop_run(&f, fresh);
		failed += bits != 0;
		for (int k = 0; k < PK_NKINDS; k++)
			by_kind[k] += (bits >> k) & 1;
		if (bits != 0 && failed == 1)
			fprintf(stderr, "merge property: first failing run %lu (seed %llu)\n", r,
			    (unsigned long long)(base + r));
	}
	fprintf(stderr, "merge property: %lu runs, %lu failed", runs, failed);
	for (int k = 0; k < PK_NKINDS; k++)
		if (by_kind[k] != 0)
			fprintf(stderr, "; %s: %lu", prop_kind_name[k], by_kind[k]);
	fprintf(stderr, "\n");
	assert_int_equal(failed, 0);
	free(fresh);
	fixture_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_pip_and_escaping),
		cmocka_unit_test(test_fields_survive),
		cmocka_unit_test(test_header_marker_deleted),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_blank_lines_kept),
		cmocka_unit_test(test_text_after_marker),
		cmocka_unit_test(test_folded_name),
		cmocka_unit_test(test_merge_property),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
