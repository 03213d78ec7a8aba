/* checklist.c: building the porting checklist's items from a finished check and the
 * team state, and writing them as a GitHub task list merged into the previous export,
 * as CSV and as JSON. */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "checklist.h"
#include "evidence.h"
#include "keepfile.h"
#include "replace.h"
#include "report.h"
#include "sanitize.h"
#include "util.h"

static const struct {
	const char	*id;
	const char	*title;
} ck_sections[CK_NSECTIONS] = {
	{ "blockers", "Blockers (leaf blockers first: fix these first)" },
	{ "upgrades", "Upgrades" },
	{ "testing", "Needs testing" },
	{ "ready", "Ready" },
	{ "ignored", "Ignored (not counted as blockers)" },
	{ "gone", "No longer installed" },
};

/* What marks an item as ftport's, with its package: invisible once rendered. */
#define CK_MARK		"<!-- ftport:"
#define CK_MARK_END	" -->"
#define CK_SECTION_MARK	"<!-- ftport:section "
#define CK_HEADER_BEGIN	"<!-- ftport:header -->"
#define CK_HEADER_END	"<!-- /ftport:header -->"
#define CK_EMPTY	"_Nothing here._"
#define CK_UNSET	"—"
#define CK_SEP		" · "	/* between an item's fields */
#define CK_HOLDS_MAX	5
/* The CSV export's first line: also how a file is known to be one. */
#define CK_CSV_HEAD "name,version,target,platform,status,section,leaf_blocker,fix," \
	"owner,note,decision,test_status,upstream,chain\r\n"

const char *
ck_section_id(enum ck_section s)
{
	return s < CK_NSECTIONS ? ck_sections[s].id : "";
}

const char *
ck_section_title(enum ck_section s)
{
	return s < CK_NSECTIONS ? ck_sections[s].title : "";
}

/* --- building ----------------------------------------------------------------- */

/* Versions go inside a pip command line: only the characters PEP 440 allows. */
static bool
ck_version_ok(const char *v)
{
	if (v == NULL || *v == '\0' || strlen(v) > 64)
		return false;
	for (const char *p = v; *p != '\0'; p++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+!-_",
		    *p) == NULL)
			return false;
	return true;
}

char *
checklist_pip_line(const char *name, const struct verdict *v)
{
	char *req, *word, *line;

	if (v == NULL || (v->status != ST_UPGRADE && v->status != ST_PRERELEASE) ||
	    !ck_version_ok(v->fix_version))
		return NULL;
	/* A name from metadata can hold anything (normalising keeps ';', '$(' ...): the
	 * requirement is one shell word, whatever it holds. */
	req = xprintf("%s>=%s", name, v->fix_version);
	word = shell_quote(req);
	line = xprintf("pip install %s%s", v->status == ST_PRERELEASE ? "--pre " : "", word);
	free(req);
	free(word);
	return line;
}

static enum ck_section
ck_section_of(enum ft_status s)
{
	if (status_is_blocker(s))	/* blocked, abi3, and what a test found */
		return CK_BLOCKERS;
	switch (s) {
	case ST_UPGRADE:
	case ST_PRERELEASE:
		return CK_UPGRADES;
	case ST_READY:
	case ST_PURE:
		return CK_READY;
	default:
		return CK_TESTING;
	}
}

/* "https://github.com/o/r/issues/12" -> "o/r#12"; else the URL. */
static char *
ck_link_label(const char *url)
{
	static const char *const hosts[] = { "https://github.com/", "https://gitlab.com/" };

	for (size_t h = 0; h < nitems(hosts); h++) {
		const char *p, *num;
		size_t n;

		if (!str_starts_with(url, hosts[h]))
			continue;
		p = url + strlen(hosts[h]);
		if ((num = strstr(p, "/issues/")) != NULL)
			n = (size_t)(num - p), num += strlen("/issues/");
		else if ((num = strstr(p, "/pull/")) != NULL)
			n = (size_t)(num - p), num += strlen("/pull/");
		else if ((num = strstr(p, "/-/issues/")) != NULL)
			n = (size_t)(num - p), num += strlen("/-/issues/");
		else
			break;
		if (*num < '0' || *num > '9' || strspn(num, "0123456789") != strlen(num))
			break;
		return xprintf("%.*s#%s", (int)n, p, num);
	}
	return xstrdup(url);
}

static bool
ck_url_ok(const char *u)
{
	if (u == NULL || !str_starts_with(u, "https://") || strlen(u) > 2048)
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("<>()[]\"'`", *p) != NULL)
			return false;
	return true;
}

struct ck_item *
checklist_find(struct checklist *c, const char *pkg)
{
	const struct graph_node *n;

	if (c->item_of == NULL) {	/* not from checklist_build: no graph to ask */
		for (size_t i = 0; i < c->nitems; i++)
			if (strcmp(c->items[i].name, pkg) == 0)
				return &c->items[i];
		return NULL;
	}
	n = graph_find(c->check->graph, pkg);
	return n != NULL && strcmp(n->dist->name, pkg) == 0 ? &c->items[c->item_of[n->index]] :
	    NULL;
}

void
checklist_add_link(struct checklist *c, const char *pkg, const char *label,
    const char *url, const char *title, const char *state)
{
	struct ck_item *it = checklist_find(c, pkg);
	struct ck_link *l;

	/* Only plain https links go into a file people click on. */
	if (it == NULL || !ck_url_ok(url))
		return;
	for (size_t i = 0; i < it->nlinks; i++)
		if (strcmp(it->links[i].url, url) == 0)
			return;
	it->links = xreallocarray(it->links, it->nlinks + 1, sizeof *it->links);
	l = &it->links[it->nlinks++];
	l->url = xstrdup(url);
	l->label = label != NULL ? sanitize_text(label) : ck_link_label(url);
	l->title = title != NULL ? sanitize_text(title) : NULL;
	l->state = state != NULL ? sanitize_text(state) : NULL;
}

void
checklist_add_upstream(struct checklist *c, const struct upstream *u)
{
	struct ck_item *it = checklist_find(c, u->name);

	if (it == NULL)
		return;
	it->upstream = u;
	if (u->state != UP_DONE)
		return;
	for (size_t i = 0; i < u->nitems && it->nlinks < CK_MAX_LINKS; i++) {
		const struct upstream_item *ui = &u->items[i];

		/* Labelled from the URL ("o/r#12"): the item may live in another repository
		 * than the one searched (a transfer, a fork). */
		checklist_add_link(c, u->name, NULL, ui->url, ui->title, ui->merged ? "merged" :
		    ui->open ? "open" : "closed");
	}
}

static int
ck_item_cmp(const void *a, const void *b)
{
	const struct ck_item *x = a, *y = b;

	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	if (x->leaf_blocker != y->leaf_blocker)
		return x->leaf_blocker ? -1 : 1;
	return strcmp(x->name, y->name);
}

static char *
ck_test_summary(const struct test_result *r)
{
	char *raw = testresult_summary(r), *clean = sanitize_text(raw);

	free(raw);
	return clean;
}

/* The worst verdict's test results on the item: this version's copied, another's as
 * a sentence. */
static void
ck_item_test(struct ck_item *it, const char *installed)
{
	const struct verdict *v = it->worst;
	char *raw;

	it->wheel = v->test != NULL ? v->wheel : v->status;
	if (v->test != NULL) {
		testresult_copy(&it->test, v->test);
		it->has_test = true;
		it->test_summary = ck_test_summary(&it->test);
		/* The team state keeps the log's end; this machine's store, the log. */
		it->test_excerpt = it->test.excerpt != NULL ? sanitize_buf(it->test.excerpt,
		    strlen(it->test.excerpt), SANITIZE_KEEP_NEWLINES) :
		    state_log_excerpt(it->test.log, 15);
	} else if (v->other != NULL && (raw = evidence_sentence(v, installed)) != NULL) {
		it->test_other = sanitize_text(raw);
		free(raw);
	}
}

/* Each item's section from its status, test result and decision, then the order. */
static void
ck_sections_place(struct checklist *c)
{
	memset(c->nsection, 0, sizeof c->nsection);
	c->ignored = c->ignored_blockers = 0;
	for (size_t i = 0; i < c->nitems; i++) {
		struct ck_item *it = &c->items[i];

		/* The status already holds what a test found (evidence.h); a pass of
		 * this version is what "needs testing" waited for. */
		it->section = ck_section_of(it->status);
		if (it->has_test && it->test.outcome == TO_PASSED && it->section == CK_TESTING)
			it->section = CK_READY;
		if (it->decision == DECISION_IGNORE) {
			c->ignored++;
			if (it->section == CK_BLOCKERS)
				c->ignored_blockers++;
			it->section = CK_IGNORED;
		}
		c->nsection[it->section]++;
	}
	if (c->nitems > 1)
		qsort(c->items, c->nitems, sizeof *c->items, ck_item_cmp);
	for (size_t i = 0; c->item_of != NULL && i < c->nitems; i++)
		c->item_of[c->items[i].pkg] = i;
}

static char *
ck_dup_clean(const char *s)
{
	return s != NULL ? sanitize_text(s) : NULL;
}

static void
ck_header(struct checklist *c, const struct check *ch, const struct environment *env,
    const char *project_dir, time_t now)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH"), *slash;
	struct strbuf sb = STRBUF_INIT;
	char buf[64];
	struct tm tm;

	if (sde != NULL && *sde != '\0')
		now = (time_t)strtoll(sde, NULL, 10);
	gmtime_r(&now, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
	c->date = xstrdup(buf);
	c->project_dir = sanitize_text(project_dir != NULL ? project_dir : ".");
	slash = strrchr(c->project_dir, '/');
	c->project = xstrdup(slash != NULL && slash[1] != '\0' ? slash + 1 : c->project_dir);
	c->environment = sanitize_text(env->prefix != NULL ? env->prefix : "(unknown)");
	c->interpreter = xprintf("%s %s (%s)%s%s",
	    env->implementation != NULL && strcmp(env->implementation, "cpython") != 0 ?
	    env->implementation : "CPython", env->version != NULL ? env->version : "?",
	    env->free_threaded ? "free-threaded" : "GIL", env->python != NULL ? ", " : "",
	    env->python != NULL ? env->python : "");
	{
		char *clean = sanitize_text(c->interpreter);

		free(c->interpreter);
		c->interpreter = clean;
	}
	for (size_t t = 0; t < ch->ntargets; t++)
		strbuf_addf(&sb, "%s%s", t == 0 ? "" : ", ", ch->targets[t].tag);
	strbuf_addstr(&sb, " on ");
	for (size_t p = 0; p < ch->nplatforms; p++) {
		char *clean = sanitize_text(ch->platforms[p]);

		strbuf_addf(&sb, "%s%s", p == 0 ? "" : ", ", clean);
		free(clean);
	}
	c->targets = strbuf_detach(&sb, NULL);
}

/* The package whose name starts chain ("cffi blocks cryptography, ..."), or NULL. */
static const struct graph_node *
ck_chain_start(const struct graph *g, const char *chain)
{
	char *name = xstrndup(chain, strcspn(chain, " "));
	const struct graph_node *n = graph_find(g, name);

	if (n != NULL && (chain[strlen(name)] != ' ' || strcmp(n->dist->name, name) != 0))
		n = NULL;
	free(name);
	return n;
}

/* Each item's holds_back (the packages whose blocked_by names it, in check order) and
 * leaf_chain (the longest chain that starts at it, the first of equals), in one pass
 * over the packages while the items are in check order. Asking every package for
 * every item was O(packages^2): 41 s of CPU for export on 20,000 distributions. */
static void
ck_relations(struct checklist *c)
{
	const struct check *ch = c->check;
	struct report_holders h;

	if (c->nitems == 0)
		return;
	report_holders_build(ch, &h);
	for (size_t i = 0; i < ch->npkgs; i++) {
		const char *chain = ch->pkgs[i].chain;
		const struct graph_node *n;

		for (size_t k = h.off[i]; k < h.off[i + 1]; k++)
			strlist_push_owned(&c->items[i].holds_back,
			    sanitize_text(report_display_name(&ch->pkgs[h.pkg[k]])));
		if (chain != NULL && (n = ck_chain_start(ch->graph, chain)) != NULL) {
			struct ck_item *it = &c->items[n->index];

			if (it->leaf_chain == NULL || strlen(chain) > strlen(it->leaf_chain))
				it->leaf_chain = chain;
		}
	}
	report_holders_free(&h);
}

struct checklist *
checklist_build(const struct check *ch, const struct environment *env,
    const struct state *st, const struct snapshot *snap, const char *project_dir,
    time_t now)
{
	struct checklist *c = xcalloc(1, sizeof *c);

	c->check = ch;
	c->env = env;
	ck_header(c, ch, env, project_dir, now);
	if (ch->npkgs != 0) {
		c->items = xcalloc(ch->npkgs, sizeof *c->items);
		c->item_of = xcalloc(ch->npkgs, sizeof *c->item_of);
	}
	for (size_t i = 0; i < ch->npkgs; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];
		const struct dist *d = cp->node->dist;
		struct ck_item *it = &c->items[c->nitems++];
		const struct snapshot_entry *se;

		it->name = xstrdup(d->name);
		it->pkg = i;
		c->item_of[i] = i;
		it->display = sanitize_text(report_display_name(cp));
		it->version = sanitize_text(d->version);
		it->worst = report_worst_verdict(ch, cp);
		it->status = it->worst->status;
		it->leaf_blocker = cp->leaf_blocker;
		it->chain = ck_dup_clean(cp->chain);
		it->fix = checklist_pip_line(d->name, it->worst);
		if (cp->replacement != NULL) {
			char *text = replace_text(cp->replacement);

			it->replace = sanitize_text(text);
			free(text);
		}
		it->owner = ck_dup_clean(state_get(st, d->name, STATE_OWNER));
		it->note = ck_dup_clean(state_get(st, d->name, STATE_NOTE));
		it->test_command = ck_dup_clean(state_get(st, d->name, STATE_TEST_COMMAND));
		it->decision = state_get_decision(st, d->name);
		ck_item_test(it, d->version);
		if (it->decision != DECISION_IGNORE)
			c->counts[it->status]++;
		if (snap != NULL && (se = snapshot_lookup(snap, d->name)) != NULL &&
		    se->upstream_issue != NULL)
			checklist_add_link(c, d->name, NULL, se->upstream_issue, NULL, NULL);
	}
	ck_relations(c);
	ck_sections_place(c);
	return c;
}

void
checklist_free(struct checklist *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nitems; i++) {
		struct ck_item *it = &c->items[i];

		free(it->name);
		free(it->display);
		free(it->version);
		free(it->chain);
		strlist_clear(&it->holds_back);
		free(it->fix);
		free(it->replace);
		free(it->owner);
		free(it->note);
		free(it->test_command);
		if (it->has_test)
			testresult_clear(&it->test);
		free(it->test_summary);
		free(it->test_excerpt);
		free(it->test_other);
		for (size_t l = 0; l < it->nlinks; l++) {
			free(it->links[l].label);
			free(it->links[l].url);
			free(it->links[l].title);
			free(it->links[l].state);
		}
		free(it->links);
	}
	free(c->items);
	free(c->item_of);
	free(c->project);
	free(c->project_dir);
	free(c->environment);
	free(c->interpreter);
	free(c->targets);
	free(c->date);
	free(c);
}

/* --- Markdown: reading a previous export ---------------------------------------- */

/* One item of the old file: what people may have written into it. */
struct ck_old_item {
	char		*name;
	char		*line;		/* the task line as it was */
	bool		 ticked;
	char		*owner, *note;	/* NULL when unset */
	char		*after;		/* what follows its marker, as it was */
	struct strlist	 extra;		/* the lines under it, as they were */
	bool		 used;
};

enum ck_seg_kind { SEG_TEXT, SEG_HEADER, SEG_SECTION };

/* The old file as a sequence: text kept verbatim, the header block (regenerated), and
 * sections (regenerated around the text people put in them). */
struct ck_seg {
	enum ck_seg_kind kind;
	char		*text;		/* SEG_TEXT: one line */
	bool		 code;		/* SEG_TEXT: inside a fenced code block */
	int		 section;	/* SEG_SECTION: enum ck_section, -1 if unknown id */
	struct strlist	 lead, tail;	/* SEG_SECTION: people's lines before/after items */
	size_t		 nitems;	/* SEG_SECTION: items it held */
	bool		 past_items;	/* SEG_SECTION: its "nothing here" line was read */
	size_t		 tail_items;	/* SEG_SECTION: nitems when tail last grew */
};

struct ck_old {
	struct ck_seg		*segs;
	size_t			 nsegs, asegs;
	struct ck_old_item	*items;
	size_t			 nitems, aitems;
	struct ck_old_item	**by_name;	/* the items sorted by name, then position;
						   built by the first ck_old_find */
};

/* The last "key:" in line before limit, case-insensitive (strcasestr is not POSIX),
 * or NULL. */
static const char *
ck_find_key(const char *line, const char *limit, const char *key)
{
	size_t n = strlen(key);
	const char *p = NULL;

	for (const char *q = line; q + n <= limit; q++)
		if (strncasecmp(q, key, n) == 0)
			p = q;
	return p;
}

/* A field's value as ck_person_text will write it back: cleaned, then trimmed, so
 * a re-export writes what it read (the fuzzer's fixed point). NULL when unset. */
static char *
ck_value(const char *p, const char *end)
{
	char *v = xstrndup(p, (size_t)(end - p)), *clean = sanitize_text(v), *t, *out;

	t = str_trim(clean);
	out = *t == '\0' || strcmp(t, CK_UNSET) == 0 || strcmp(t, "-") == 0 ? NULL :
	    xstrdup(t);
	free(clean);
	free(v);
	return out;
}

/* Where " · key:" (the separator ftport writes, which a person's text never holds:
 * ck_person_text rewrites it) last starts before limit; else the bare "key:" a person
 * may have typed. Returns the key's first byte, or NULL. */
static const char *
ck_field_key(const char *line, const char *limit, const char *key)
{
	char *sep = xprintf("%s%s", CK_SEP, key);
	const char *p = ck_find_key(line, limit, sep);

	free(sep);
	if (p != NULL)
		return p + strlen(CK_SEP);
	return ck_find_key(line, limit, key);
}

/* The owner and note people wrote in an item line ("· owner: alice · note: ask
 * upstream <!-- ftport:x -->"): the note runs to the marker, the owner to the note.
 * The item's own text before them is ftport's and may say "note:" too, so the keys
 * are looked for from the end, with their separator first. NULL when unset. */
static void
ck_fields(const char *line, char **owner, char **note)
{
	const char *marker = strstr(line, CK_MARK), *n, *o, *end;

	if (marker == NULL)
		marker = line + strlen(line);
	n = ck_field_key(line, marker, "note:");
	*note = n != NULL ? ck_value(n + strlen("note:"), marker) : NULL;
	end = n != NULL ? n : marker;
	if (n != NULL && end - line >= (ptrdiff_t)strlen(CK_SEP) &&
	    strncmp(end - strlen(CK_SEP), CK_SEP, strlen(CK_SEP)) == 0)
		end -= strlen(CK_SEP);
	o = ck_field_key(line, end, "owner:");
	*owner = o != NULL ? ck_value(o + strlen("owner:"), end) : NULL;
}

/* "- [x] ... <!-- ftport:NAME --> ...": the item's name, its tick and what follows its
 * marker (people's text, kept as it is); false if not an item. */
static bool
ck_parse_item(const char *line, char **name, bool *ticked, const char **after)
{
	const char *p = line, *m, *e;

	while (*p == ' ')
		p++;
	/* Byte by byte, each test only once the one before it passed: a line may end
	 * anywhere ("- [" was read past its end). */
	if ((*p != '-' && *p != '*') || p[1] != ' ' || p[2] != '[')
		return false;
	if ((p[3] != ' ' && p[3] != 'x' && p[3] != 'X') || p[4] != ']')
		return false;
	if ((m = strstr(p, CK_MARK)) == NULL || strncmp(m, CK_SECTION_MARK,
	    strlen(CK_SECTION_MARK)) == 0)
		return false;
	m += strlen(CK_MARK);
	if ((e = strstr(m, CK_MARK_END)) == NULL || e == m)
		return false;
	*name = xstrndup(m, (size_t)(e - m));
	*ticked = p[3] != ' ';
	*after = e + strlen(CK_MARK_END);
	return true;
}

static int
ck_parse_section(const char *line)
{
	const char *m = strstr(line, CK_SECTION_MARK), *e;

	if (line[0] != '#' || m == NULL)
		return -2;
	m += strlen(CK_SECTION_MARK);
	if ((e = strstr(m, CK_MARK_END)) == NULL)
		return -2;
	for (int s = 0; s < CK_NSECTIONS; s++)
		if ((size_t)(e - m) == strlen(ck_sections[s].id) &&
		    strncmp(m, ck_sections[s].id, (size_t)(e - m)) == 0)
			return s;
	return -1;
}

static struct ck_seg *
ck_add_seg(struct ck_old *o, enum ck_seg_kind kind)
{
	struct ck_seg *s;

	if (o->nsegs == o->asegs) {
		o->asegs = o->asegs != 0 ? 2 * o->asegs : 16;
		o->segs = xreallocarray(o->segs, o->asegs, sizeof *o->segs);
	}
	s = &o->segs[o->nsegs++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	return s;
}

static void
ck_add_text(struct ck_old *o, const char *line)
{
	ck_add_seg(o, SEG_TEXT)->text = xstrdup(line);
}

static bool
ck_blank(const char *line)
{
	return line[strspn(line, " \t")] == '\0';
}

/* A line of the header ftport writes (regenerated on each export). */
static bool
ck_header_line(const char *line)
{
	static const char *const ours[] = { "- Project: ", "- Environment: ",
	    "- Interpreter: ", "- Targets: ", "- Exported: " };

	if (ck_blank(line))
		return true;
	for (size_t i = 0; i < nitems(ours); i++)
		if (str_starts_with(line, ours[i]))
			return true;
	return str_starts_with(line, "**") && isdigit((unsigned char)line[2]) &&
	    strstr(line, " Ticked: ") != NULL;
}

/* One of the header's markers, alone on its line as ftport writes it: on a line of
 * people's text it is their text (an item line holding one was taken for the header's
 * start, and came back as text, then as an item). */
static bool
ck_marker_line(const char *line, const char *marker)
{
	size_t n = strlen(marker);

	line += strspn(line, " \t");
	return strncmp(line, marker, n) == 0 && ck_blank(line + n);
}

/* A code fence's opening or closing line ("```", "~~~~ python", indented or not):
 * its character and length, 0 if not one. */
static size_t
ck_fence(const char *line, char *ch)
{
	const char *p = line + strspn(line, " \t");
	size_t n = 0;

	if (*p != '`' && *p != '~')
		return 0;
	while (p[n] == *p)
		n++;
	if (n < 3)
		return 0;
	*ch = *p;
	return n;
}

/* Whether line closes a fence of n ch: as long at least, nothing after it. */
static bool
ck_fence_closes(const char *line, char ch, size_t n)
{
	char c;
	size_t m = ck_fence(line, &c);

	return m >= n && c == ch && ck_blank(line + strspn(line, " \t") + m);
}

/* The old file's lines: '\n' split, the file's own line ends already made '\n'. */
struct ck_lines {
	char	**v;
	size_t	  n;
	/* The shortest fence of each kind found never closed: a longer one cannot close
	 * either, so each is looked ahead for once (a file of 20,000 unclosed fences
	 * stays linear). */
	size_t	  unclosed_tick, unclosed_tilde;
};

/* Whether the fence opened at line i is closed further down: an unclosed one is not a
 * fence (CommonMark would run it to the end; ftport would then take every item after
 * it for text, and the items would come back twice). */
static bool
ck_fence_opens(struct ck_lines *l, size_t i, char *ch, size_t *n)
{
	size_t *unclosed;

	if ((*n = ck_fence(l->v[i], ch)) == 0)
		return false;
	/* An opening fence of backticks has none in its info string. */
	if (*ch == '`' && strchr(l->v[i] + strspn(l->v[i], " \t") + *n, '`') != NULL)
		return false;
	unclosed = *ch == '`' ? &l->unclosed_tick : &l->unclosed_tilde;
	if (*unclosed != 0 && *n >= *unclosed)
		return false;
	for (size_t j = i + 1; j < l->n; j++)
		if (ck_fence_closes(l->v[j], *ch, *n))
			return true;
	*unclosed = *n;
	return false;
}

/* Whether the header opened at line i ends with its marker below, before anything
 * that cannot be in a header (a section, an item) and within a bound: when that
 * line was deleted, the header ends at the first line that is not ftport's. */
static bool
ck_header_closed(const struct ck_lines *l, size_t i)
{
	for (size_t j = i + 1; j < l->n && j <= i + 256; j++) {
		if (ck_marker_line(l->v[j], CK_HEADER_END))
			return true;
		if (strstr(l->v[j], CK_MARK) != NULL)
			return false;
	}
	return false;
}

static void
ck_push_lines(struct strlist *to, const struct strlist *from)
{
	for (size_t i = 0; i < from->n; i++)
		strlist_push(to, from->v[i]);
}

/* A people's line in a section: before its items (lead) or after them (tail), with
 * the blank lines before it when it is not the first (blank lines around the block
 * are ftport's layout, those inside it are theirs: paragraphs stay apart, code keeps
 * its empty lines). A line after items that came after earlier tail text starts a
 * paragraph of its own. */
static void
ck_section_text(struct ck_seg *sec, const char *line, const struct strlist *blanks)
{
	bool tail = sec->nitems != 0 || sec->past_items;
	struct strlist *to = tail ? &sec->tail : &sec->lead;

	if (to->n != 0) {
		if (blanks->n == 0 && tail && sec->tail_items != sec->nitems)
			strlist_push(to, "");
		ck_push_lines(to, blanks);
	}
	if (tail)
		sec->tail_items = sec->nitems;
	strlist_push(to, line);
}

/* Blank lines before something that is not a section's text: people's layout outside
 * ftport's sections, ftport's inside them. */
static void
ck_flush_blanks(struct ck_old *o, const struct ck_seg *sec, struct strlist *blanks)
{
	for (size_t b = 0; sec == NULL && b < blanks->n; b++)
		ck_add_text(o, blanks->v[b]);
	strlist_clear(blanks);
}

static void
ck_old_parse(struct ck_old *o, const char *text)
{
	char *copy = xstrdup(text), *p = copy, *nl;
	struct ck_lines l = { NULL, 0, 0, 0 };
	struct ck_seg *sec = NULL;	/* the section being read, NULL outside one */
	struct ck_old_item *last = NULL; /* indented lines attach here */
	struct strlist blanks = STRLIST_INIT;	/* blank lines not placed yet */
	size_t fence_n = 0, alloc = 0;	/* inside a code fence of fence_n fence_ch */
	char fence_ch = 0;
	enum { HDR_NONE, HDR_CLOSED, HDR_OPEN } header = HDR_NONE;
	bool seen_header = false, seen_section = false;

	memset(o, 0, sizeof *o);
	while (p != NULL && *p != '\0') {
		if (l.n == alloc) {
			alloc = alloc != 0 ? 2 * alloc : 256;
			l.v = xreallocarray(l.v, alloc, sizeof *l.v);
		}
		l.v[l.n++] = p;
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		p = nl;
	}
	for (size_t i = 0; i < l.n; i++) {
		const char *line = l.v[i], *after;
		char *name, ch;
		bool ticked;
		size_t n;
		int s;

		if (fence_n != 0) {
			/* Code: nothing in it is an item, a section or a heading. */
			if (ck_fence_closes(line, fence_ch, fence_n)) {
				fence_n = 0;
				/* A fence opened inside the header may have held its end. */
				if (header != HDR_NONE)
					header = ck_header_closed(&l, i) ? HDR_CLOSED : HDR_OPEN;
			}
			if (last != NULL) {
				ck_push_lines(&last->extra, &blanks);
				strlist_push(&last->extra, line);
			} else if (sec != NULL)
				ck_section_text(sec, line, &blanks);
			else {
				ck_flush_blanks(o, sec, &blanks);
				ck_add_text(o, line);
				o->segs[o->nsegs - 1].code = true;
			}
			strlist_clear(&blanks);
			continue;
		}
		if (header != HDR_NONE) {
			if (ck_marker_line(line, CK_HEADER_END)) {
				header = HDR_NONE;
				continue;
			}
			if (ck_header_line(line))
				continue;
			/* People's line: read as anywhere else (it comes out after the
			 * header). Without an end marker below, the header ends here: the
			 * marker was deleted. */
			if (header == HDR_OPEN)
				header = HDR_NONE;
		}
		if (ck_marker_line(line, CK_HEADER_BEGIN)) {
			/* The header is written once, where the first one was, and before
			 * the first section: one pasted again, or below a section, leaves
			 * nothing, so what is around it is read as if it were not there,
			 * as the next export will read it. */
			if (!seen_header && !seen_section) {
				ck_flush_blanks(o, sec, &blanks);
				ck_add_seg(o, SEG_HEADER);
				sec = NULL;
				last = NULL;
			}
			seen_header = true;
			header = ck_header_closed(&l, i) ? HDR_CLOSED : HDR_OPEN;
			continue;
		}
		if (ck_marker_line(line, CK_HEADER_END))
			continue;	/* the end of a header whose start was deleted */
		if (ck_blank(line)) {
			strlist_push(&blanks, line);
			continue;
		}
		if ((s = ck_parse_section(line)) >= 0) {
			ck_flush_blanks(o, sec, &blanks);
			seen_section = true;
			sec = ck_add_seg(o, SEG_SECTION);
			sec->section = s;
			last = NULL;
			continue;
		}
		if (ck_parse_item(line, &name, &ticked, &after)) {
			struct ck_old_item *it;

			if (o->nitems == o->aitems) {
				o->aitems = o->aitems != 0 ? 2 * o->aitems : 64;
				o->items = xreallocarray(o->items, o->aitems, sizeof *o->items);
			}
			it = &o->items[o->nitems++];
			memset(it, 0, sizeof *it);
			it->name = name;
			it->line = xstrdup(line);
			it->after = xstrdup(after);
			it->ticked = ticked;
			ck_fields(line, &it->owner, &it->note);
			last = it;
			if (sec != NULL)
				sec->nitems++;
			ck_flush_blanks(o, sec, &blanks);
			continue;
		}
		if (ck_fence_opens(&l, i, &ch, &n)) {
			fence_ch = ch;
			fence_n = n;
		}
		if (last != NULL && (line[0] == ' ' || line[0] == '\t')) {
			/* Under the item, blank lines between included: a loose sub-item
			 * stays with its item. */
			ck_push_lines(&last->extra, &blanks);
			strlist_clear(&blanks);
			strlist_push(&last->extra, line);
			continue;
		}
		last = NULL;
		if (line[0] == '#' && sec != NULL) {
			sec = NULL;	/* a heading of their own ends our section */
			strlist_clear(&blanks);
		}
		if (sec != NULL) {
			/* Our own filler stands where the items would, so what follows it is
			 * the tail; it is regenerated. */
			if (strcmp(line, CK_EMPTY) == 0)
				sec->past_items = true;
			else
				ck_section_text(sec, line, &blanks);
			strlist_clear(&blanks);
			continue;
		}
		ck_flush_blanks(o, sec, &blanks);
		ck_add_text(o, line);
	}
	strlist_clear(&blanks);
	free(l.v);
	free(copy);
}

static void
ck_old_free(struct ck_old *o)
{
	for (size_t i = 0; i < o->nsegs; i++) {
		free(o->segs[i].text);
		strlist_clear(&o->segs[i].lead);
		strlist_clear(&o->segs[i].tail);
	}
	free(o->segs);
	for (size_t i = 0; i < o->nitems; i++) {
		free(o->items[i].name);
		free(o->items[i].line);
		free(o->items[i].after);
		free(o->items[i].owner);
		free(o->items[i].note);
		strlist_clear(&o->items[i].extra);
	}
	free(o->items);
	free(o->by_name);
}

static int
ck_old_cmp(const void *a, const void *b)
{
	const struct ck_old_item *x = *(const struct ck_old_item *const *)a;
	const struct ck_old_item *y = *(const struct ck_old_item *const *)b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x > y) - (x < y);
}

/* The first item of that name not used yet, in the file's order. A binary search: a
 * scan of every old item for every new one was O(items^2) on a 20,000-line checklist. */
static struct ck_old_item *
ck_old_find(struct ck_old *o, const char *name)
{
	size_t lo = 0, hi = o->nitems;

	if (o->nitems == 0)
		return NULL;
	if (o->by_name == NULL) {
		o->by_name = xcalloc(o->nitems, sizeof *o->by_name);
		for (size_t i = 0; i < o->nitems; i++)
			o->by_name[i] = &o->items[i];
		qsort(o->by_name, o->nitems, sizeof *o->by_name, ck_old_cmp);
	}
	while (lo < hi) {	/* the first whose name is not below name */
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(o->by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < o->nitems && strcmp(o->by_name[lo]->name, name) == 0; lo++)
		if (!o->by_name[lo]->used)
			return o->by_name[lo];
	return NULL;
}

/* --- Markdown: writing ------------------------------------------------------------ */

static void
ck_md(struct strbuf *sb, const char *text)
{
	report_md_escape(sb, text);
}

/* A verdict's reason with what the source scan found upstream, as check's report says
 * it; NULL or "" when there is nothing to say. Uncleaned; allocated. */
static char *
ck_reason(const struct ck_item *it, const struct verdict *v)
{
	if (it->upstream != NULL)
		return upstream_verdict_reason(it->upstream, v->reason, v->status);
	return v->reason != NULL ? xstrdup(v->reason) : NULL;
}

static void
ck_item_body(struct strbuf *sb, const struct ck_item *it)
{
	char *reason = it->fix == NULL && it->section != CK_READY ?
	    ck_reason(it, it->worst) : NULL;

	strbuf_addstr(sb, "**");
	ck_md(sb, it->display);
	strbuf_addstr(sb, "** ");
	ck_md(sb, it->version);
	strbuf_addf(sb, " — %s", status_name(it->status));
	if (it->has_test && it->test.outcome != TO_PASSED) {
		strbuf_addstr(sb, "; under PYTHON_GIL=0: ");
		ck_md(sb, it->test_summary);
		if (it->wheel != it->status)
			strbuf_addf(sb, " (the wheels alone say %s)", status_name(it->wheel));
	}
	if (it->fix != NULL) {
		/* The pip line in backticks: the name is normalised and the version checked,
		 * so nothing needs escaping inside it. */
		strbuf_addf(sb, ": `%s`.", it->fix);
	} else if (reason != NULL && *reason != '\0') {
		strbuf_addstr(sb, ": ");
		ck_md(sb, reason);
		if (sb->len > 0 && sb->buf[sb->len - 1] != '.')
			strbuf_addch(sb, '.');
	} else
		strbuf_addch(sb, '.');
	if (it->replace != NULL) {
		strbuf_addf(sb, " %c", toupper((unsigned char)*it->replace));
		ck_md(sb, it->replace + 1);
		strbuf_addch(sb, '.');
	}
	if (it->leaf_blocker && it->section == CK_BLOCKERS)
		strbuf_addstr(sb, " **Leaf blocker.**");
	if (it->holds_back.n != 0 && (it->section == CK_BLOCKERS || it->section == CK_IGNORED)) {
		size_t shown = it->holds_back.n > CK_HOLDS_MAX ? CK_HOLDS_MAX : it->holds_back.n;

		strbuf_addstr(sb, " Holds back ");
		for (size_t i = 0; i < shown; i++) {
			if (i != 0)
				strbuf_addstr(sb, i + 1 == shown && shown == it->holds_back.n ?
				    " and " : ", ");
			ck_md(sb, it->holds_back.v[i]);
		}
		if (shown < it->holds_back.n)
			strbuf_addf(sb, " and %zu more", it->holds_back.n - shown);
		strbuf_addstr(sb, ".");
		if (it->leaf_chain != NULL) {
			strbuf_addstr(sb, " Chain: ");
			ck_md(sb, it->leaf_chain);
			strbuf_addstr(sb, ".");
		}
	} else if (it->chain != NULL) {
		strbuf_addstr(sb, " Held back: ");
		ck_md(sb, it->chain);
		strbuf_addstr(sb, ".");
	}
	for (size_t l = 0; l < it->nlinks; l++) {
		strbuf_addstr(sb, l == 0 ? " Upstream: [" : ", [");
		ck_md(sb, it->links[l].label);
		/* ck_url_ok let no bracket, parenthesis, quote or blank through. */
		strbuf_addf(sb, "](%s)", it->links[l].url);
		if (it->links[l].state != NULL) {
			strbuf_addstr(sb, " (");
			ck_md(sb, it->links[l].state);
			strbuf_addstr(sb, ")");
		}
		if (l + 1 == it->nlinks)
			strbuf_addstr(sb, ".");
	}
	if (it->decision != DECISION_NONE && it->decision != DECISION_IGNORE)
		strbuf_addf(sb, " · decision: %s", state_decision_name(it->decision));
	if (it->has_test && it->test.outcome == TO_PASSED)
		strbuf_addstr(sb, " · test: passed under PYTHON_GIL=0");
	else if (it->test_other != NULL) {
		strbuf_addstr(sb, " · test: ");
		ck_md(sb, it->test_other);
	}
	free(reason);
}

/* A person's text for owner or note: one line, no controls, and nothing that would
 * end the field or forge a marker. */
static void
ck_person_text(struct strbuf *sb, const char *text)
{
	char *clean;

	if (text == NULL) {
		strbuf_addstr(sb, CK_UNSET);
		return;
	}
	clean = sanitize_text(text);
	for (const char *p = clean; *p != '\0'; p++) {
		/* "<! --", not "<!-": "<!---" would become "<!--" again. */
		if (strncmp(p, "<!--", 4) == 0) {
			strbuf_addstr(sb, "<! --");
			p += 3;
		} else if (strncmp(p, "·", strlen("·")) == 0 &&
		    (p == clean || p[-1] == ' ') &&
		    (p[strlen("·")] == ' ' || p[strlen("·")] == '\0')) {
			/* A dot standing alone, at either end too: next to the spaces
			 * around the text it would read as a separator. Not "-": alone,
			 * that reads as unset. */
			strbuf_addch(sb, '.');
			p += strlen("·") - 1;
		} else
			strbuf_addch(sb, *p);
	}
	free(clean);
}

/* The package's name as its marker carries it: one line, no blank, nothing that ends
 * the comment. Names are normalised, but a folded Name: header in METADATA keeps its
 * newline and blank: such a marker would never be read back, and each export would
 * add the item once more. Allocated. */
static char *
ck_marker_name(const char *name)
{
	char *out = xstrdup(name);

	for (char *p = out; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>')
			*p = '_';
	return out;
}

/* One item: the tick, owner, note, the text after its marker and the lines under it
 * from the old file when it had them, else from the state; returns whether it is
 * ticked. */
static bool
ck_render_item(struct strbuf *sb, const struct ck_item *it, const char *marker,
    struct ck_old_item *old)
{
	bool ticked;
	const char *owner = it->owner, *note = it->note;

	if (old != NULL) {
		old->used = true;
		ticked = old->ticked;
		if (old->owner != NULL)
			owner = old->owner;
		if (old->note != NULL)
			note = old->note;
	} else
		ticked = it->section == CK_READY || it->decision == DECISION_DONE;
	strbuf_addf(sb, "- [%c] ", ticked ? 'x' : ' ');
	ck_item_body(sb, it);
	strbuf_addstr(sb, " · owner: ");
	ck_person_text(sb, owner);
	strbuf_addstr(sb, " · note: ");
	ck_person_text(sb, note);
	strbuf_addf(sb, " %s%s%s%s\n", CK_MARK, marker, CK_MARK_END,
	    old != NULL ? old->after : "");
	for (size_t i = 0; old != NULL && i < old->extra.n; i++)
		strbuf_addf(sb, "%s\n", old->extra.v[i]);
	return ticked;
}

static void
ck_render_header(struct strbuf *sb, const struct checklist *c, size_t ticked,
    size_t nitems)
{
	size_t blockers = c->nsection[CK_BLOCKERS], leaves = 0, shown = 0;

	for (size_t i = 0; i < c->nitems; i++)
		leaves += c->items[i].section == CK_BLOCKERS && c->items[i].leaf_blocker;
	strbuf_addstr(sb, CK_HEADER_BEGIN "\n- Project: ");
	ck_md(sb, c->project);
	strbuf_addstr(sb, " (");
	ck_md(sb, c->project_dir);
	strbuf_addstr(sb, ")\n- Environment: ");
	ck_md(sb, c->environment);
	strbuf_addstr(sb, "\n- Interpreter: ");
	ck_md(sb, c->interpreter);
	strbuf_addstr(sb, "\n- Targets: ");
	ck_md(sb, c->targets);
	strbuf_addf(sb, "\n- Exported: %s by ftport %s\n\n", c->date, PACKAGE_VERSION);
	strbuf_addf(sb, "**%zu package%s**", c->nitems - c->ignored,
	    c->nitems - c->ignored == 1 ? "" : "s");
	for (int s = 0; s < ST_COUNT; s++) {
		if (c->counts[s] == 0)
			continue;
		strbuf_addf(sb, "%s %zu %s", shown++ == 0 ? ":" : ",", c->counts[s],
		    status_name((enum ft_status)s));
	}
	strbuf_addf(sb, ". %zu blocker%s (%zu leaf), %zu upgrade%s, %zu to test, %zu ready.",
	    blockers, blockers == 1 ? "" : "s", leaves, c->nsection[CK_UPGRADES],
	    c->nsection[CK_UPGRADES] == 1 ? "" : "s", c->nsection[CK_TESTING],
	    c->nsection[CK_READY]);
	if (c->ignored != 0)
		strbuf_addf(sb, " %zu ignored, not counted (%zu of them would block).",
		    c->ignored, c->ignored_blockers);
	strbuf_addf(sb, " Ticked: %zu of %zu.\n" CK_HEADER_END "\n", ticked, nitems);
}

struct ck_render {
	const struct checklist	*c;
	struct ck_old		*old;
	struct strbuf		 body[CK_NSECTIONS];	/* the items of each section */
	size_t			 nbody[CK_NSECTIONS];
	bool			 emitted[CK_NSECTIONS];
	size_t			 ticked, nitems;
};

static void
ck_render_items(struct ck_render *r)
{
	for (size_t i = 0; i < r->c->nitems; i++) {
		const struct ck_item *it = &r->c->items[i];
		char *marker = ck_marker_name(it->name);
		struct ck_old_item *old = r->old != NULL ? ck_old_find(r->old, marker) : NULL;

		r->ticked += ck_render_item(&r->body[it->section], it, marker, old);
		free(marker);
		r->nbody[it->section]++;
		r->nitems++;
	}
	/* What people marked on packages that are gone stays, in a section of its own. */
	for (size_t i = 0; r->old != NULL && i < r->old->nitems; i++) {
		struct ck_old_item *o = &r->old->items[i];

		if (o->used || (!o->ticked && o->owner == NULL && o->note == NULL &&
		    o->extra.n == 0 && ck_blank(o->after)))
			continue;
		o->used = true;
		strbuf_addf(&r->body[CK_GONE], "%s\n", o->line);
		for (size_t e = 0; e < o->extra.n; e++)
			strbuf_addf(&r->body[CK_GONE], "%s\n", o->extra.v[e]);
		r->nbody[CK_GONE]++;
		r->nitems++;
		r->ticked += o->ticked;
	}
}

static bool
ck_section_wanted(const struct ck_render *r, enum ck_section s)
{
	return s < CK_IGNORED || r->nbody[s] != 0;
}

static void
ck_render_section(struct strbuf *sb, struct ck_render *r, enum ck_section s,
    const struct ck_seg *seg)
{
	bool first = !r->emitted[s];
	size_t nlead = seg != NULL ? seg->lead.n : 0, ntail = seg != NULL ? seg->tail.n : 0;

	if (sb->len != 0 && sb->buf[sb->len - 1] == '\n' &&
	    !(sb->len >= 2 && sb->buf[sb->len - 2] == '\n'))
		strbuf_addch(sb, '\n');
	strbuf_addf(sb, "## %s %s%s%s\n\n", ck_sections[s].title, CK_SECTION_MARK,
	    ck_sections[s].id, CK_MARK_END);
	for (size_t i = 0; i < nlead; i++)
		strbuf_addf(sb, "%s\n", seg->lead.v[i]);
	if (first) {
		if (nlead != 0)
			strbuf_addch(sb, '\n');
		if (r->nbody[s] == 0)
			strbuf_addstr(sb, CK_EMPTY "\n");
		else
			strbuf_addstr(sb, strbuf_str(&r->body[s]));
		if (ntail != 0)
			strbuf_addch(sb, '\n');
	} else if (nlead != 0 && ntail != 0) {
		/* A heading pasted twice holds no items: its text reads back as one block,
		 * so it is written as one. */
		strbuf_addch(sb, '\n');
	}
	r->emitted[s] = true;
	for (size_t i = 0; i < ntail; i++)
		strbuf_addf(sb, "%s\n", seg->tail.v[i]);
	if (first || nlead + ntail != 0)
		strbuf_addch(sb, '\n');
}

/* The sections not in the old file that come before s in our order. */
static void
ck_render_missing(struct strbuf *sb, struct ck_render *r, int upto)
{
	for (int s = 0; s < upto && s < CK_NSECTIONS; s++)
		if (!r->emitted[s] && ck_section_wanted(r, (enum ck_section)s))
			ck_render_section(sb, r, (enum ck_section)s, NULL);
}

/* The line ends a file uses: Unix, Windows (CRLF: no LF without its CR) or old
 * Macintosh (CR alone, no LF at all, which some editors still write). Decided so
 * that the file written is read back the same way: a majority could tip over once
 * ftport's own lines were written anew. */
enum ck_eol { EOL_LF, EOL_CRLF, EOL_CR };

/* text with its line ends made '\n' (allocated) and the kind they were. In a file of
 * LF line ends a CR is text (a stray one, or a CRLF line pasted in), kept as it is. */
static char *
ck_to_lf(const char *text, enum ck_eol *eol)
{
	size_t lf = 0, crlf = 0, cr = 0;
	char *out = xmalloc(strlen(text) + 1), *o = out;

	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n') {
			crlf++;
			p++;
		} else if (*p == '\r')
			cr++;
		else if (*p == '\n')
			lf++;
	}
	*eol = lf + crlf == 0 && cr != 0 ? EOL_CR : lf == 0 && crlf != 0 ? EOL_CRLF : EOL_LF;
	for (const char *p = text; *p != '\0'; p++) {
		if (*eol != EOL_LF && *p == '\r' && p[1] == '\n')
			p++;
		*o++ = *p == '\r' && *eol == EOL_CR ? '\n' : *p;
	}
	*o = '\0';
	return out;
}

/* text with its '\n' made eol (allocated). */
static char *
ck_from_lf(char *text, enum ck_eol eol)
{
	struct strbuf sb = STRBUF_INIT;

	if (eol == EOL_LF)
		return text;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '\n')
			strbuf_addstr(&sb, eol == EOL_CR ? "\r" : "\r\n");
		else
			strbuf_addch(&sb, *p);
	}
	free(text);
	return strbuf_detach(&sb, NULL);
}

/* Ends what is written with a blank line, unless it does already. */
static void
ck_blank_line(struct strbuf *sb)
{
	if (sb->len != 0 && !(sb->len >= 2 && sb->buf[sb->len - 1] == '\n' &&
	    sb->buf[sb->len - 2] == '\n'))
		strbuf_addch(sb, '\n');
}

/* Text of the old file outside sections that comes right after a section in the new
 * one (a section moved, or one added before it) is read back as that section's, up to
 * the next heading: its blank lines are written as a section's are, so that the next
 * export writes the same file. */
struct ck_follow {
	bool	 after_section;	/* since the last section, no heading yet */
	bool	 text;		/* a line of text written since */
	size_t	 blanks;	/* blank lines not written yet */
};

static void
ck_render_text(struct strbuf *sb, const struct ck_seg *seg, struct ck_follow *f)
{
	if (!f->after_section) {
		strbuf_addf(sb, "%s\n", seg->text);
		return;
	}
	if (!seg->code && ck_blank(seg->text)) {
		f->blanks++;
		return;
	}
	if (!seg->code && seg->text[0] == '#') {
		/* A heading: what was after the section ends; a blank line before it. */
		ck_blank_line(sb);
		f->after_section = false;
	} else if (f->text) {
		for (; f->blanks > 0; f->blanks--)
			strbuf_addch(sb, '\n');
	}
	f->blanks = 0;
	f->text = true;
	strbuf_addf(sb, "%s\n", seg->text);
}

char *
checklist_markdown(const struct checklist *c, const char *old_crlf)
{
	struct ck_render r;
	struct ck_old old;
	struct strbuf out = STRBUF_INIT, header = STRBUF_INIT;
	size_t last_section = SIZE_MAX;
	bool header_done = false;
	struct ck_follow follow = { false, false, 0 };
	enum ck_eol eol = EOL_LF;
	char *old_text = old_crlf != NULL ? ck_to_lf(old_crlf, &eol) : NULL;

	memset(&r, 0, sizeof r);
	r.c = c;
	if (old_text != NULL) {
		ck_old_parse(&old, old_text);
		r.old = &old;
	}
	ck_render_items(&r);
	ck_render_header(&header, c, r.ticked, r.nitems);

	if (old_text == NULL || old.nsegs == 0) {
		strbuf_addstr(&out, "# Free-threading porting checklist: ");
		ck_md(&out, c->project);
		strbuf_addstr(&out, "\n\n");
		strbuf_addstr(&out, strbuf_str(&header));
		ck_render_missing(&out, &r, CK_NSECTIONS);
		goto done;
	}
	for (size_t i = 0; i < old.nsegs; i++)
		if (old.segs[i].kind == SEG_SECTION)
			last_section = i;
	for (size_t i = 0; i < old.nsegs; i++) {
		const struct ck_seg *seg = &old.segs[i];

		switch (seg->kind) {
		case SEG_TEXT:
			ck_render_text(&out, seg, &follow);
			break;
		case SEG_HEADER:
			/* Written once: a second header's place is nothing. */
			if (header_done)
				break;
			if (follow.after_section)
				ck_blank_line(&out);
			follow.after_section = false;
			strbuf_addstr(&out, strbuf_str(&header));
			header_done = true;
			break;
		case SEG_SECTION:
			if (!header_done) {
				strbuf_addstr(&out, strbuf_str(&header));
				strbuf_addch(&out, '\n');
				header_done = true;
			}
			ck_render_missing(&out, &r, seg->section);
			ck_render_section(&out, &r, (enum ck_section)seg->section, seg);
			if (i == last_section)
				ck_render_missing(&out, &r, CK_NSECTIONS);
			memset(&follow, 0, sizeof follow);
			follow.after_section = true;
			break;
		}
	}
	if (!header_done)
		strbuf_addstr(&out, strbuf_str(&header));
	ck_render_missing(&out, &r, CK_NSECTIONS);
done:
	/* One newline at the end, whatever the old file had. */
	while (out.len >= 2 && out.buf[out.len - 1] == '\n' && out.buf[out.len - 2] == '\n')
		out.buf[--out.len] = '\0';
	for (int s = 0; s < CK_NSECTIONS; s++)
		strbuf_release(&r.body[s]);
	strbuf_release(&header);
	if (old_text != NULL)
		ck_old_free(&old);
	free(old_text);
	/* Written back with the file's own line ends: a Windows editor's file stays one. */
	return ck_from_lf(strbuf_detach(&out, NULL), eol);
}

/* --- CSV and JSON -------------------------------------------------------------- */

static const char *
ck_or_empty(const char *s)
{
	return s != NULL ? s : "";
}

char *
checklist_csv(const struct checklist *c)
{
	const struct check *ch = c->check;
	size_t nv = ch->ntargets * ch->nplatforms;
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, CK_CSV_HEAD);
	for (size_t i = 0; i < c->nitems; i++) {
		const struct ck_item *it = &c->items[i];
		const struct check_pkg *cp = &ch->pkgs[it->pkg];
		struct strbuf links = STRBUF_INIT;

		for (size_t l = 0; l < it->nlinks; l++)
			strbuf_addf(&links, "%s%s", l == 0 ? "" : " ", it->links[l].url);
		for (size_t v = 0; v < nv; v++) {
			const struct verdict *vd = &cp->verdicts[v];
			const char *cells[] = {
				it->name, it->version, vd->target, vd->platform,
				status_name(vd->status), ck_section_id(it->section),
				it->leaf_blocker ? "yes" : "no", ck_or_empty(it->fix),
				ck_or_empty(it->owner), ck_or_empty(it->note),
				state_decision_name(it->decision),
				vd->test != NULL ? testresult_outcome_name(vd->test->outcome) :
				    "",
				strbuf_str(&links),
				ck_or_empty(it->chain)
			};

			for (size_t k = 0; k < nitems(cells); k++) {
				if (k != 0)
					strbuf_addch(&sb, ',');
				report_csv_cell(&sb, cells[k]);
			}
			strbuf_addstr(&sb, "\r\n");
		}
		strbuf_release(&links);
	}
	return strbuf_detach(&sb, NULL);
}

char *
checklist_json(const struct checklist *c)
{
	const struct check *ch = c->check;
	size_t nv = ch->ntargets * ch->nplatforms;
	json_t *root = json_object(), *a, *o, *pkgs = json_array();
	char *text, *out;

	json_object_set_new(root, "schema_version", json_integer(CHECKLIST_SCHEMA_VERSION));
	json_object_set_new(root, "project", report_jstr(c->project));
	json_object_set_new(root, "project_dir", report_jstr(c->project_dir));
	json_object_set_new(root, "exported", report_jstr(c->date));
	json_object_set_new(root, "environment", report_env_json(c->env));
	report_targets_json(root, ch);
	o = json_object();
	for (int s = 0; s < ST_COUNT; s++)
		json_object_set_new(o, status_name((enum ft_status)s),
		    json_integer((json_int_t)c->counts[s]));
	json_object_set_new(root, "counts", o);
	o = json_object();
	for (int s = 0; s < CK_NSECTIONS; s++)
		json_object_set_new(o, ck_sections[s].id, json_integer((json_int_t)c->nsection[s]));
	json_object_set_new(root, "sections", o);
	json_object_set_new(root, "ignored", json_integer((json_int_t)c->ignored));

	for (size_t i = 0; i < c->nitems; i++) {
		const struct ck_item *it = &c->items[i];
		const struct check_pkg *cp = &ch->pkgs[it->pkg];

		o = json_object();
		json_object_set_new(o, "name", json_string(it->name));
		json_object_set_new(o, "display_name", report_jstr(it->display));
		json_object_set_new(o, "version", report_jstr(it->version));
		json_object_set_new(o, "section", json_string(ck_section_id(it->section)));
		json_object_set_new(o, "status", json_string(status_name(it->status)));
		json_object_set_new(o, "wheel_status", json_string(status_name(it->wheel)));
		json_object_set_new(o, "leaf_blocker", json_boolean(it->leaf_blocker));
		json_object_set_new(o, "chain", report_jstr(it->chain));
		json_object_set_new(o, "blocked_by", report_jlist(&cp->blocked_by));
		json_object_set_new(o, "holds_back", report_jlist(&it->holds_back));
		json_object_set_new(o, "fix", report_jstr(it->fix));
		json_object_set_new(o, "replacement", report_jstr(it->replace));
		a = json_array();
		for (size_t v = 0; v < nv; v++) {
			json_t *vo = report_verdict_json(&cp->verdicts[v]);

			/* A path in someone's cache means nothing to the reader. */
			json_object_del(json_object_get(vo, "test"), "log");
			char *reason = it->upstream != NULL ? ck_reason(it, &cp->verdicts[v]) :
			    NULL;

			/* The scan's sentence names a branch from the repository: cleaned. */
			if (reason != NULL && *reason != '\0') {
				char *clean = report_clean(reason);

				json_object_set_new(vo, "reason", json_string(clean));
				free(clean);
			}
			free(reason);
			json_array_append_new(a, vo);
		}
		json_object_set_new(o, "verdicts", a);
		json_object_set_new(o, "owner", report_jstr(it->owner));
		json_object_set_new(o, "note", report_jstr(it->note));
		json_object_set_new(o, "decision", it->decision == DECISION_NONE ? json_null() :
		    json_string(state_decision_name(it->decision)));
		json_object_set_new(o, "test_command", report_jstr(it->test_command));
		if (it->has_test) {
			json_t *t = testresult_to_json(&it->test);

			/* A path in someone's cache means nothing to the reader. */
			json_object_del(t, "log");
			json_object_set_new(t, "summary", report_jstr(it->test_summary));
			json_object_set_new(t, "log_excerpt", report_jstr(it->test_excerpt));
			json_object_set_new(o, "last_test", t);
		} else
			json_object_set_new(o, "last_test", json_null());
		json_object_set_new(o, "other_test", report_jstr(it->test_other));
		a = json_array();
		for (size_t l = 0; l < it->nlinks; l++) {
			json_t *lk = json_object();

			json_object_set_new(lk, "label", report_jstr(it->links[l].label));
			json_object_set_new(lk, "url", report_jstr(it->links[l].url));
			json_object_set_new(lk, "title", report_jstr(it->links[l].title));
			json_object_set_new(lk, "state", report_jstr(it->links[l].state));
			json_array_append_new(a, lk);
		}
		json_object_set_new(o, "upstream", a);
		json_array_append_new(pkgs, o);
	}
	json_object_set_new(root, "packages", pkgs);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (text == NULL)
		fatal("json_dumps failed");
	out = xprintf("%s\n", text);
	free(text);
	return out;
}

/* --- writing ------------------------------------------------------------------- */

int
checklist_format_parse(const char *text, enum ck_format *out)
{
	static const char *const names[] = { "md", "csv", "json" };

	for (size_t i = 0; i < nitems(names); i++) {
		if (strcmp(text, names[i]) == 0) {
			*out = (enum ck_format)i;
			return 0;
		}
	}
	return -1;
}

enum ck_format
checklist_format_for(const char *path)
{
	if (str_ends_with(path, ".csv") || str_ends_with(path, ".CSV"))
		return CK_CSV;
	if (str_ends_with(path, ".json") || str_ends_with(path, ".JSON"))
		return CK_JSON;
	return CK_MD;
}

/* Why the old checklist cannot be merged into, or NULL: the merge reads UTF-8 text, and
 * a file that is not (a NUL byte would end it there, UTF-16 is NULs every other byte)
 * would lose all that follows. Allocated. */
static char *
ck_not_text(const char *path, const char *text, size_t len)
{
	const unsigned char *u = (const unsigned char *)text;
	const char *nul = memchr(text, '\0', len);

	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
		return xprintf("%s is UTF-16 (Notepad's \"Unicode\"): save it as UTF-8 and "
		    "export again (it is left as it is)", path);
	if (nul != NULL)
		return xprintf("%s has a NUL byte at offset %zu: ftport merges UTF-8 text "
		    "only; remove it, or save the file as UTF-8, and export again (it is left "
		    "as it is)", path, (size_t)(nul - text));
	return NULL;
}

/* Whether text is something a CSV or JSON export may replace whole: nothing, or a
 * previous export in that format. Anything else (a Markdown checklist people edited
 * given to --format csv by mistake) is theirs. */
static bool
ck_replaceable(const char *text, enum ck_format fmt)
{
	json_t *doc;
	bool ours;

	if (text[strspn(text, " \t\r\n")] == '\0')
		return true;
	if (fmt == CK_CSV)
		return str_starts_with(text, CK_CSV_HEAD);
	doc = json_loads(text, 0, NULL);
	ours = json_is_object(doc) && json_object_get(doc, "schema_version") != NULL &&
	    json_is_array(json_object_get(doc, "packages")) &&
	    json_object_get(doc, "exported") != NULL;
	json_decref(doc);
	return ours;
}

int
checklist_write(const struct checklist *c, const char *path, enum ck_format fmt,
    char **cause)
{
	char *old = NULL, *text, *why = NULL;
	bool to_stdout = strcmp(path, "-") == 0;
	size_t len = 0;
	int rc = 0;

	if (!to_stdout && access(path, F_OK) == 0) {
		/* A checklist people edited: merged into, never written over. */
		if (read_file(path, 16 * 1024 * 1024, &old, &len, &why) != 0) {
			*cause = xprintf("%s (the checklist is left as it is)", why);
			free(why);
			return -1;
		}
		if (fmt == CK_MD)
			why = ck_not_text(path, old, len);
		else if (!ck_replaceable(old, fmt))
			why = xprintf("%s is not a %s export of ftport (a Markdown checklist?): "
			    "write the %s elsewhere with -o, or move the file away (it is left "
			    "as it is)", path, fmt == CK_CSV ? "CSV" : "JSON",
			    fmt == CK_CSV ? "CSV" : "JSON");
		if (why != NULL) {
			*cause = why;
			free(old);
			return -1;
		}
	}
	switch (fmt) {
	case CK_CSV:
		text = checklist_csv(c);
		break;
	case CK_JSON:
		text = checklist_json(c);
		break;
	default:
		text = checklist_markdown(c, old);
		break;
	}
	if (to_stdout) {
		if (fputs(text, stdout) == EOF || fflush(stdout) != 0) {
			*cause = xstrdup("writing the checklist to stdout failed");
			rc = -1;
		}
	} else
		rc = keepfile_write(path, text, strlen(text), cause);
	free(text);
	free(old);
	return rc;
}
