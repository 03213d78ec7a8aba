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
	char *md, *once, *twice, *line;

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
	twice = checklist_markdown(f.c, once);
	assert_string_equal(twice, once);
	free(twice);
	free(once);
	free(md);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
