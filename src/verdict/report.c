/* report.c: the four forms of `ftport check`'s output. Text from metadata and the
 * network is cleaned before it reaches a terminal, a CSV cell or a Markdown table. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "evidence.h"
#include "replace.h"
#include "report.h"
#include "testresult.h"
#include "upstream.h"
#include "sanitize.h"
#include "termsize.h"
#include "strbuf.h"
#include "timeline.h"
#include "util.h"
#include "verdict.h"

int
report_format_parse(const char *text, enum report_format *out)
{
	static const struct { const char *name; enum report_format f; } formats[] = {
		{ "table", REPORT_TABLE }, { "json", REPORT_JSON },
		{ "csv", REPORT_CSV }, { "md", REPORT_MD }
	};

	for (size_t i = 0; i < nitems(formats); i++) {
		if (strcmp(text, formats[i].name) == 0) {
			*out = formats[i].f;
			return 0;
		}
	}
	return -1;
}

char *
report_clean(const char *text)
{
	return sanitize_text(text);
}


void
report_csv_cell(struct strbuf *sb, const char *text)
{
	char *clean = report_clean(text);
	const char *s = clean;
	bool formula = *s != '\0' && strchr("=+-@", *s) != NULL;

	/* report_clean turned tabs and CRs into spaces or removed them, so only = + - @
	 * remain to guard. */
	if (formula || strpbrk(s, ",\"\n") != NULL) {
		strbuf_addch(sb, '"');
		if (formula)
			strbuf_addch(sb, '\'');
		for (; *s != '\0'; s++) {
			if (*s == '"')
				strbuf_addch(sb, '"');
			strbuf_addch(sb, *s);
		}
		strbuf_addch(sb, '"');
	} else
		strbuf_addstr(sb, s);
	free(clean);
}

const struct verdict *
report_worst_verdict(const struct check *ch, const struct check_pkg *cp)
{
	const struct verdict *worst = &cp->verdicts[0];
	size_t nv = ch->ntargets * ch->nplatforms;

	for (size_t i = 1; i < nv; i++)
		if (status_severity(cp->verdicts[i].status) > status_severity(worst->status))
			worst = &cp->verdicts[i];
	return worst;
}

const char *
report_display_name(const struct check_pkg *cp)
{
	const struct dist *d = cp->node->dist;

	return d->display_name != NULL ? d->display_name : d->name;
}

/* The upstream of package i when check --upstream asked, else NULL. */
static const struct upstream *
report_up(const struct report *rp, size_t i)
{
	return rp->upstreams != NULL ? rp->upstreams[i] : NULL;
}

bool
report_any_test(const struct check *ch)
{
	for (size_t i = 0; i < ch->npkgs; i++)
		for (size_t v = 0; v < ch->ntargets * ch->nplatforms; v++)
			if (ch->pkgs[i].verdicts[v].test != NULL ||
			    ch->pkgs[i].verdicts[v].other != NULL)
				return true;
	return false;
}

/* A verdict's reason with what a source scan found upstream ("...; upstream merged
 * support after 1.2.3, not yet released (e6c6789)"), the package's replacement after
 * it ("... Or replace with pyyaml-ft (why).") and runtime evidence: first when it
 * decided the status, else last; uncleaned; allocated. */
static char *
report_with_evidence(char *r, const struct verdict *v, const char *installed)
{
	char *ev = evidence_sentence(v, installed), *out;

	if (ev == NULL)
		return r;
	if (v->test != NULL && v->status != v->wheel)
		out = xprintf("%s%s%s", ev, *r != '\0' ? " " : "", r);
	else
		out = xprintf("%s%s%s", r, *r != '\0' ? " " : "", ev);
	free(ev);
	free(r);
	return out;
}

static char *
report_reason(const struct check_pkg *cp, const struct verdict *v, const struct upstream *u)
{
	char *text, *out;
	char *r = report_with_evidence(upstream_verdict_reason(u, v->reason, v->status), v,
	    cp->node->dist->version);

	if (cp->replacement == NULL)
		return r;
	text = replace_text(cp->replacement);
	if (*r == '\0')
		out = xprintf("%c%s.", toupper((unsigned char)*text), text + 1);
	else if (r[strlen(r) - 1] == '.')
		out = xprintf("%s %c%s.", r, toupper((unsigned char)*text), text + 1);
	else
		out = xprintf("%s; %s.", r, text);
	free(text);
	free(r);
	return out;
}

/* --- table ------------------------------------------------------------------ */

static const char *
report_color(enum ft_status s)
{
	switch (s) {
	case ST_READY:
	case ST_PURE:
		return "\033[32m";
	case ST_FALLBACK:
		return "\033[36m";
	case ST_UPGRADE:
	case ST_PRERELEASE:
	case ST_ELSEWHERE:
	case ST_OTHER_ABI:
		return "\033[33m";
	case ST_SOURCE:
		return "\033[35m";
	case ST_ABI3:
	case ST_BLOCKED:
	case ST_GIL_REENABLED:
	case ST_TEST_FAILED:
	case ST_IMPORT_FAILED:
	case ST_CRASHED:
		return "\033[31m";
	default:
		return "\033[90m";
	}
}

static void
report_pad(FILE *f, const char *s, size_t width, const char *color)
{
	size_t w = termsize_width(s);

	if (color != NULL)
		fprintf(f, "%s%s\033[0m", color, s);
	else
		fputs(s, f);
	for (; w < width; w++)
		fputc(' ', f);
}

static char *
report_column_name(const struct check *ch, size_t t, size_t p)
{
	if (ch->ntargets == 1 && ch->nplatforms == 1)
		return xstrdup("STATUS");
	if (ch->nplatforms == 1)
		return xstrdup(ch->targets[t].tag);
	if (ch->ntargets == 1)
		return xstrdup(ch->platforms[p]);
	return xprintf("%s/%s", ch->targets[t].tag, ch->platforms[p]);
}

static char *
report_fix(const struct verdict *v)
{
	char *clean, *fix;

	if (v->fix_version == NULL)
		return xstrdup("");
	clean = report_clean(v->fix_version);
	fix = xprintf(">= %s", clean);
	free(clean);
	return fix;
}

/* The package blocked_by names (the list holds normalised names), or NULL. */
static const struct graph_node *
report_blocker_node(const struct check *ch, const char *name)
{
	const struct graph_node *n = graph_find(ch->graph, name);

	return n != NULL && strcmp(n->dist->name, name) == 0 ? n : NULL;
}

void
report_holders_build(const struct check *ch, struct report_holders *h)
{
	size_t n = ch->npkgs, *last, *fill = NULL;

	h->off = xcalloc(n + 2, sizeof *h->off);
	h->pkg = NULL;
	last = xcalloc(n + 1, sizeof *last);	/* per package: the holder last seen + 1 */
	/* Two passes: count each package's holders into off[i + 2] (the prefix sum then
	 * leaves off[i + 1] at the start of i's list), then fill the lists. */
	for (int pass = 0; pass < 2; pass++) {
		memset(last, 0, (n + 1) * sizeof *last);
		for (size_t j = 0; j < n; j++) {
			const struct strlist *bb = &ch->pkgs[j].blocked_by;

			for (size_t k = 0; k < bb->n; k++) {
				const struct graph_node *b = report_blocker_node(ch, bb->v[k]);

				if (b == NULL || last[b->index] == j + 1)
					continue;
				last[b->index] = j + 1;
				if (fill == NULL)
					h->off[b->index + 2]++;
				else
					h->pkg[fill[b->index]++] = j;
			}
		}
		if (fill != NULL)
			break;
		for (size_t i = 2; i < n + 2; i++)
			h->off[i] += h->off[i - 1];
		h->pkg = xcalloc(h->off[n + 1] + 1, sizeof *h->pkg);
		fill = h->off + 1;
	}
	free(last);
}

void
report_holders_free(struct report_holders *h)
{
	free(h->off);
	free(h->pkg);
	h->off = h->pkg = NULL;
}

/* Counts by status (first target and platform) without the packages the team
 * ignores, as the UI and the checklist count them; returns how many were left out. */
static size_t
report_counts(const struct check *ch, size_t counts[ST_COUNT])
{
	size_t ignored = 0;

	check_counts(ch, counts);
	for (size_t i = 0; i < ch->npkgs; i++) {
		if (!ch->pkgs[i].ignored)
			continue;
		counts[ch->pkgs[i].verdicts[0].status]--;
		ignored++;
	}
	return ignored;
}

/* "1 package ignored by the team state, not counted: numpy (blocked)." */
static void
report_ignored_line(FILE *f, const struct check *ch, size_t ignored)
{
	const size_t max = 5;
	size_t shown = 0;

	if (ignored == 0)
		return;
	fprintf(f, "%zu package%s ignored by the team state, not counted:", ignored,
	    ignored == 1 ? "" : "s");
	for (size_t i = 0; i < ch->npkgs && shown < max; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];
		char *name;

		if (!cp->ignored)
			continue;
		name = report_clean(report_display_name(cp));
		fprintf(f, "%s %s (%s)", shown++ == 0 ? "" : ",", name,
		    status_name(cp->verdicts[0].status));
		free(name);
	}
	if (ignored > max)
		fprintf(f, " and %zu more", ignored - max);
	fputs(".\n", f);
}

/* "numpy 1.25.1 (blocked): holds back app, scipy and 3 more" */
static void
report_leaf(FILE *f, const struct check *ch, const struct report_holders *h,
    const struct check_pkg *leaf)
{
	size_t i = leaf->node->index, held = h->off[i + 1] - h->off[i], shown = 0;
	char *display = report_clean(report_display_name(leaf));
	char *version = report_clean(leaf->node->dist->version);

	fprintf(f, "  %s %s (%s)", display, version, status_name(leaf->verdicts[0].status));
	for (; shown < held && shown < 5; shown++) {
		char *by = report_clean(report_display_name(&ch->pkgs[h->pkg[h->off[i] + shown]]));

		fprintf(f, "%s%s", shown == 0 ? ": holds back " : ", ", by);
		free(by);
	}
	if (held > shown)
		fprintf(f, " and %zu more", held - shown);
	fputc('\n', f);
	free(display);
	free(version);
}

/* The upstream cell of package i: its findings in short, "-" when not asked. */
static char *
report_upstream(const struct report *r, size_t i)
{
	char *raw, *clean;

	if (r->upstreams[i] == NULL)
		return xstrdup("-");
	raw = upstream_summary(r->upstreams[i]);
	clean = report_clean(raw);
	free(raw);
	return clean;
}

/* The test cell of a verdict: the result's word, with the module that turned the GIL
 * on or the signal, and for another version or ABI what it was ("passed on 3.0.2");
 * "-" when there is none. */
static char *
report_test(const struct check_pkg *cp, const struct verdict *v)
{
	char *raw = evidence_cell(v, cp->node->dist->version), *clean;

	if (raw == NULL)
		return xstrdup("-");
	clean = report_clean(raw);
	free(raw);
	return clean;
}

/* --nightly's findings: builds for testing, never a verdict. */
static void
report_nightly(FILE *f, const struct check *ch)
{
	size_t n = 0;

	for (size_t i = 0; i < ch->npkgs; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];
		char *text;

		if (cp->nightly == NULL)
			continue;
		if (n++ == 0)
			fputs("Nightly builds (for testing, not releases):\n", f);
		text = report_clean(cp->nightly);
		if (cp->nightly_version != NULL) {
			char *v = report_clean(cp->nightly_version);

			fprintf(f, "  %s %s: %s\n", report_display_name(cp), v, text);
			free(v);
		} else
			fprintf(f, "  %s: %s\n", report_display_name(cp), text);
		free(text);
	}
}

/* The widest a column gets on a terminal, by column: a version like
 * "1.6.3+git20221103.a2a3328" or a long name pushed REASON past column 90 and every row
 * wrapped over 2 to 4 lines. */
#define REPORT_FIT_NAME		30
#define REPORT_FIT_VERSION	14
#define REPORT_FIT_OTHER	24
#define REPORT_FIT_REASON_MIN	10

/* Cuts the cells to the terminal's width: every column but the statuses to its cap,
 * and the reason (the last column) to what the row leaves of the width. */
static void
report_table_fit(size_t columns, size_t ncols, size_t *width, char ***cells, size_t nrows)
{
	size_t start = 0, cap;

	for (size_t c = 0; c + 1 < ncols; c++) {
		cap = c == 0 ? REPORT_FIT_NAME : c == 1 ? REPORT_FIT_VERSION : REPORT_FIT_OTHER;
		if (width[c] > cap)
			width[c] = cap;
		start += width[c] + 2;
	}
	cap = columns > start + REPORT_FIT_REASON_MIN ? columns - start : REPORT_FIT_REASON_MIN;
	/* A row exactly as wide as the terminal wraps on some; one column spare. */
	if (cap > 1 && columns > start + REPORT_FIT_REASON_MIN)
		cap--;
	for (size_t i = 0; i < nrows; i++) {
		for (size_t c = 0; c < ncols; c++) {
			size_t w = c + 1 == ncols ? cap : width[c];
			char *cut;

			if (termsize_width(cells[i][c]) <= w)
				continue;
			cut = termsize_fit(cells[i][c], w);
			free(cells[i][c]);
			cells[i][c] = cut;
		}
	}
}

/* Lines wrapped at blanks into columns - 1 (a full row wraps on some terminals), each
 * continuation indented two past its line's own indent. */
static void
report_wrap(FILE *f, const char *text, size_t columns)
{
	size_t room = columns > 21 ? columns - 1 : 20;

	for (const char *line = text; *line != '\0';) {
		size_t len = strcspn(line, "\n"), indent = strspn(line, " "), col = 0;
		char *copy = xstrndup(line, len), *word, *save = NULL;
		bool first = true;

		fprintf(f, "%*s", (int)indent, "");
		col = indent;
		for (word = strtok_r(copy, " ", &save); word != NULL;
		    word = strtok_r(NULL, " ", &save)) {
			size_t w = termsize_width(word);

			if (!first && col + 1 + w > room) {
				fprintf(f, "\n%*s", (int)(indent + 2), "");
				col = indent + 2;
			} else if (!first) {
				fputc(' ', f);
				col++;
			}
			fputs(word, f);
			col += w;
			first = false;
		}
		fputc('\n', f);
		free(copy);
		line += len;
		if (*line == '\n')
			line++;
	}
}

static void
report_table(FILE *f, const struct report *r)
{
	const struct check *ch = r->check;
	size_t nv = ch->ntargets * ch->nplatforms, te = report_any_test(ch);
	size_t up = r->upstreams != NULL;
	size_t ncols = nv + 4 + te + up;
	size_t *width = xcalloc(ncols, sizeof *width);
	char **head = xcalloc(ncols, sizeof *head);
	char ***cells = NULL;
	size_t counts[ST_COUNT], shown = 0, leaves = 0, footer_len = 0, ignored;
	struct report_holders holders;
	FILE *aside = NULL, *out = NULL;
	char *footer = NULL;

	head[0] = xstrdup("PACKAGE");
	head[1] = xstrdup("VERSION");
	for (size_t v = 0; v < nv; v++)
		head[2 + v] = report_column_name(ch, v / ch->nplatforms, v % ch->nplatforms);
	head[2 + nv] = xstrdup("FIX");
	if (te)
		head[3 + nv] = xstrdup("TEST");
	if (up)
		head[3 + nv + te] = xstrdup("UPSTREAM");
	head[3 + nv + te + up] = xstrdup("REASON");
	for (size_t c = 0; c < ncols; c++)
		width[c] = termsize_width(head[c]);

	if (ch->npkgs != 0)
		cells = xcalloc(ch->npkgs, sizeof *cells);
	for (size_t i = 0; i < ch->npkgs; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];
		const struct verdict *worst = report_worst_verdict(ch, cp);
		char *reason;

		cells[i] = xcalloc(ncols, sizeof **cells);
		cells[i][0] = report_clean(report_display_name(cp));
		cells[i][1] = report_clean(cp->node->dist->version);
		for (size_t v = 0; v < nv; v++)
			cells[i][2 + v] = xstrdup(status_name(cp->verdicts[v].status));
		cells[i][2 + nv] = report_fix(worst);
		if (te)
			cells[i][3 + nv] = report_test(cp, worst);
		if (up)
			cells[i][3 + nv + te] = report_upstream(r, i);
		reason = report_reason(cp, worst, report_up(r, i));
		cells[i][3 + nv + te + up] = report_clean(reason);
		free(reason);
		for (size_t c = 0; c + 1 < ncols; c++)
			if (termsize_width(cells[i][c]) > width[c])
				width[c] = termsize_width(cells[i][c]);
	}

	if (r->columns != 0)
		report_table_fit(r->columns, ncols, width, cells, ch->npkgs);
	for (size_t c = 0; c < ncols; c++) {
		if (c + 1 == ncols)
			fprintf(f, "%s\n", head[c]);
		else {
			report_pad(f, head[c], width[c], NULL);
			fputs("  ", f);
		}
	}
	for (size_t i = 0; i < ch->npkgs; i++) {
		for (size_t c = 0; c < ncols; c++) {
			const char *color = NULL;

			if (r->color && c >= 2 && c < 2 + nv)
				color = report_color(ch->pkgs[i].verdicts[c - 2].status);
			if (c + 1 == ncols)
				fprintf(f, "%s\n", cells[i][c]);
			else {
				report_pad(f, cells[i][c], width[c], color);
				fputs("  ", f);
			}
		}
	}

	/* The summary: counts for the first target and platform, then what to fix first.
	 * On a terminal it is written aside, then wrapped to its width. */
	if (r->columns != 0 && (aside = open_memstream(&footer, &footer_len)) != NULL) {
		out = f;
		f = aside;
	}
	ignored = report_counts(ch, counts);
	fprintf(f, "\n%zu package%s", ch->npkgs - ignored, ch->npkgs - ignored == 1 ? "" : "s");
	if (nv > 1)
		fprintf(f, " (%s, %s)", ch->targets[0].tag, ch->platforms[0]);
	for (int s = 0; s < ST_COUNT; s++) {
		if (counts[s] == 0)
			continue;
		fprintf(f, "%s %zu %s", shown++ == 0 ? ":" : ",", counts[s],
		    status_name((enum ft_status)s));
	}
	fputs(".\n", f);
	report_ignored_line(f, ch, ignored);
	for (size_t i = 0; i < ch->npkgs; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];

		if (!cp->leaf_blocker)
			continue;
		if (leaves++ == 0) {
			fputs("Leaf blockers (fix these first):\n", f);
			report_holders_build(ch, &holders);
		}
		report_leaf(f, ch, &holders, cp);
	}
	if (leaves != 0)
		report_holders_free(&holders);
	report_nightly(f, ch);
	if (r->snapshot != NULL) {
		size_t from_snapshot = 0;

		for (size_t i = 0; i < ch->npkgs; i++)
			from_snapshot += ch->pkgs[i].verdicts[0].source == VS_SNAPSHOT;
		if (from_snapshot != 0) {
			long age = snapshot_age_days(r->snapshot, time(NULL));

			fprintf(f, "%zu %s from the bundled snapshot of %s", from_snapshot,
			    from_snapshot == 1 ? "answer came" : "answers came",
			    r->snapshot->date);
			if (age >= 0)
				fprintf(f, " (%ld day%s old)", age, age == 1 ? "" : "s");
			fputs(", not the index.\n", f);
		}
	}
	if (aside != NULL) {
		fclose(aside);
		f = out;
		report_wrap(f, footer, r->columns);
		free(footer);
	}

	for (size_t i = 0; i < ch->npkgs; i++) {
		for (size_t c = 0; c < ncols; c++)
			free(cells[i][c]);
		free(cells[i]);
	}
	free(cells);
	for (size_t c = 0; c < ncols; c++)
		free(head[c]);
	free(head);
	free(width);
}

/* --- JSON ------------------------------------------------------------------- */

json_t *
report_jstr(const char *s)
{
	json_t *j;
	char *clean;

	if (s == NULL)
		return json_null();
	/* An export is read on screens too: metadata's invalid UTF-8 (which jansson
	 * refuses), control characters and bidi overrides never get into it. */
	clean = report_clean(s);
	j = json_string(clean);
	free(clean);
	return j != NULL ? j : json_null();
}

json_t *
report_jlist(const struct strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, report_jstr(l->v[i]));
	return a;
}

/* The tree JSON's "environment" object: the same keys in the same order as
 * json_environment() in cmd_tree.c (static there), so one parser reads both. */
json_t *
report_env_json(const struct environment *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "python", report_jstr(e->python));
	json_object_set_new(o, "version", report_jstr(e->version));
	json_object_set_new(o, "implementation", report_jstr(e->implementation));
	json_object_set_new(o, "free_threaded", json_boolean(e->free_threaded));
	json_object_set_new(o, "platform", report_jstr(e->platform));
	json_object_set_new(o, "libc", report_jstr(e->libc));
	json_object_set_new(o, "prefix", report_jstr(e->prefix));
	json_object_set_new(o, "source", report_jstr(e->source));
	json_object_set_new(o, "site_paths", report_jlist(&e->site_paths));
	return o;
}

json_t *
report_test_json(const struct verdict *v)
{
	const struct test_result *r = v->test != NULL ? v->test : v->other;
	json_t *o;

	if (r == NULL)
		return json_null();
	o = testresult_to_json(r);
	json_object_set_new(o, "current", json_boolean(r == v->test));
	return o;
}

json_t *
report_verdict_json(const struct verdict *v)
{
	json_t *o = json_object();

	json_object_set_new(o, "target", report_jstr(v->target));
	json_object_set_new(o, "platform", report_jstr(v->platform));
	json_object_set_new(o, "status", json_string(status_name(v->status)));
	json_object_set_new(o, "reason", report_jstr(v->reason));
	json_object_set_new(o, "fix_version", report_jstr(v->fix_version));
	json_object_set_new(o, "latest", report_jstr(v->latest));
	json_object_set_new(o, "source", v->source == VS_NONE ? json_null() :
	    json_string(verdict_source_name(v->source)));
	json_object_set_new(o, "wheel_status", json_string(status_name(v->test != NULL ?
	    v->wheel : v->status)));
	json_object_set_new(o, "test", report_test_json(v));
	return o;
}

/* "free-threaded wheels since 2024-10 (version X)" as an object, or null. */
static json_t *
report_since_json(const struct report *r, const struct check_pkg *cp)
{
	struct timeline_since ts;
	json_t *o;
	char *text, month[8];

	if (!timeline_since(r->snapshot, cp->node->dist->name, cp->project, &ts))
		return json_null();
	o = json_object();
	snprintf(month, sizeof month, "%.7s", ts.day);
	text = timeline_since_text(&ts, NULL);
	json_object_set_new(o, "day", report_jstr(ts.day));
	json_object_set_new(o, "month", json_string(month));
	json_object_set_new(o, "version", report_jstr(ts.version));
	json_object_set_new(o, "version_from", report_jstr(ts.version_from));
	json_object_set_new(o, "text", report_jstr(text));
	free(text);
	timeline_since_clear(&ts);
	return o;
}

/* The package's replacement, or null. */
static json_t *
report_replacement_json(const struct check_pkg *cp)
{
	const struct replacement *rp = cp->replacement;
	json_t *o;

	if (rp == NULL)
		return json_null();
	o = json_object();
	json_object_set_new(o, "replace_with", report_jstr(rp->replace_with));
	json_object_set_new(o, "reason", report_jstr(rp->reason));
	json_object_set_new(o, "versions", report_jstr(rp->versions));
	json_object_set_new(o, "source", report_jstr(rp->source));
	json_object_set_new(o, "user", json_boolean(rp->user));
	return o;
}

/* Where the days of ft_wheels_since come from, with the data's dates. */
static json_t *
report_history_json(const struct snapshot *s)
{
	json_t *o;

	if (s == NULL || s->history == NULL)
		return json_null();
	o = json_object();
	json_object_set_new(o, "repo", report_jstr(s->history->repo));
	json_object_set_new(o, "first", report_jstr(s->history->first));
	json_object_set_new(o, "last", report_jstr(s->history->last));
	json_object_set_new(o, "date", report_jstr(s->date));
	return o;
}

void
report_targets_json(json_t *root, const struct check *ch)
{
	json_t *a = json_array();

	for (size_t t = 0; t < ch->ntargets; t++)
		json_array_append_new(a, json_string(ch->targets[t].tag));
	json_object_set_new(root, "targets", a);
	a = json_array();
	for (size_t p = 0; p < ch->nplatforms; p++)
		json_array_append_new(a, report_jstr(ch->platforms[p]));
	json_object_set_new(root, "platforms", a);
}

static void
report_json(FILE *f, const struct report *r)
{
	const struct check *ch = r->check;
	size_t nv = ch->ntargets * ch->nplatforms, counts[ST_COUNT], ignored;
	json_t *root = json_object(), *pkgs = json_array(), *errors = json_array();
	json_t *a, *o, *idx;
	char *text;
	bool tests = report_any_test(ch);

	json_object_set_new(root, "schema_version", json_integer(REPORT_SCHEMA_VERSION));
	json_object_set_new(root, "environment", report_env_json(r->env));
	report_targets_json(root, ch);

	idx = json_object();
	json_object_set_new(idx, "url", report_jstr(r->index_url));
	json_object_set_new(idx, "origin", report_jstr(r->index_origin));
	json_object_set_new(idx, "offline", json_boolean(r->offline));
	a = json_array();
	for (size_t i = 0; r->index_urls != NULL && i < r->index_urls->n; i++) {
		o = json_object();
		json_object_set_new(o, "url", report_jstr(r->index_urls->v[i]));
		json_object_set_new(o, "origin", report_jstr(r->index_origins->v[i]));
		json_array_append_new(a, o);
	}
	json_object_set_new(idx, "all", a);
	json_object_set_new(root, "index", idx);
	if (r->snapshot != NULL) {
		o = json_object();
		json_object_set_new(o, "date", json_string(r->snapshot->date));
		json_object_set_new(o, "path", report_jstr(r->snapshot->path));
		json_object_set_new(o, "age_days",
		    json_integer(snapshot_age_days(r->snapshot, time(NULL))));
		json_object_set_new(root, "snapshot", o);
	} else
		json_object_set_new(root, "snapshot", json_null());
	json_object_set_new(root, "history", report_history_json(r->snapshot));

	ignored = report_counts(ch, counts);
	o = json_object();
	for (int s = 0; s < ST_COUNT; s++)
		json_object_set_new(o, status_name((enum ft_status)s), json_integer((json_int_t)counts[s]));
	json_object_set_new(root, "counts", o);
	/* Left out of the counts: the packages the team state ignores. */
	json_object_set_new(root, "ignored", json_integer((json_int_t)ignored));

	for (size_t i = 0; i < ch->npkgs; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];
		const struct dist *d = cp->node->dist;

		o = json_object();
		json_object_set_new(o, "name", report_jstr(d->name));
		json_object_set_new(o, "display_name", report_jstr(report_display_name(cp)));
		json_object_set_new(o, "version", report_jstr(d->version));
		/* The same boolean as tree --json: from RECORD, else the scan's guess. */
		json_object_set_new(o, "compiled", json_boolean(d->compiled));
		a = json_array();
		for (size_t v = 0; v < nv; v++) {
			const struct verdict *vd = &cp->verdicts[v];
			json_t *vo = report_verdict_json(vd);

			if (report_up(r, i) != NULL || vd->test != NULL || vd->other != NULL) {
				char *reason = report_with_evidence(upstream_verdict_reason(
				    report_up(r, i), vd->reason, vd->status), vd, d->version);

				json_object_set_new(vo, "reason", report_jstr(reason));
				free(reason);
			}
			json_array_append_new(a, vo);
		}
		json_object_set_new(o, "verdicts", a);
		json_object_set_new(o, "worst", json_string(status_name(cp->worst)));
		json_object_set_new(o, "leaf_blocker", json_boolean(cp->leaf_blocker));
		json_object_set_new(o, "ignored", json_boolean(cp->ignored));
		json_object_set_new(o, "blocked_by", report_jlist(&cp->blocked_by));
		json_object_set_new(o, "chain", report_jstr(cp->chain));
		json_object_set_new(o, "error", report_jstr(cp->error));
		json_object_set_new(o, "ft_wheels_since", report_since_json(r, cp));
		json_object_set_new(o, "replacement", report_replacement_json(cp));
		if (cp->nightly != NULL) {
			json_t *n = json_object();

			json_object_set_new(n, "hint", report_jstr(cp->nightly));
			json_object_set_new(n, "version", report_jstr(cp->nightly_version));
			json_object_set_new(o, "nightly", n);
		} else
			json_object_set_new(o, "nightly", json_null());
		if (r->upstreams != NULL)
			json_object_set_new(o, "upstream", r->upstreams[i] != NULL ?
			    upstream_to_json(r->upstreams[i]) : json_null());
		if (tests)
			json_object_set_new(o, "test", report_test_json(report_worst_verdict(ch,
			    cp)));
		json_array_append_new(pkgs, o);

		if (cp->error != NULL) {
			o = json_object();
			json_object_set_new(o, "package", report_jstr(d->name));
			json_object_set_new(o, "error", report_jstr(cp->error));
			json_array_append_new(errors, o);
		}
	}
	json_object_set_new(root, "packages", pkgs);
	for (size_t i = 0; r->errors != NULL && i < r->errors->n; i++) {
		o = json_object();
		json_object_set_new(o, "package", json_null());
		json_object_set_new(o, "error", report_jstr(r->errors->v[i]));
		json_array_append_new(errors, o);
	}
	json_object_set_new(root, "errors", errors);

	/* One write: json_dumpf goes through stdio a token at a time (a third of its
	 * cost for 200 packages). */
	if ((text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) == NULL)
		fatal("json_dumps: out of memory");
	fputs(text, f);
	fputc('\n', f);
	free(text);
	json_decref(root);
}

/* --- CSV and Markdown ------------------------------------------------------- */

static void
report_csv(FILE *f, const struct report *r)
{
	const struct check *ch = r->check;
	size_t nv = ch->ntargets * ch->nplatforms;
	struct strbuf sb = STRBUF_INIT;
	bool tests = report_any_test(ch);

	/* One row per package, target and platform: a long table that sorts and filters
	 * in a spreadsheet without knowing how many targets there were. */
	strbuf_addstr(&sb, "name,version,compiled,target,platform,status,fix_version,source,"
	    "reason,blocked_by");
	if (tests)
		strbuf_addstr(&sb, ",wheel_status,test");
	strbuf_addstr(&sb, r->upstreams != NULL ? ",upstream\r\n" : "\r\n");
	for (size_t i = 0; i < ch->npkgs; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];
		const struct dist *d = cp->node->dist;
		struct strbuf by = STRBUF_INIT;

		for (size_t b = 0; b < cp->blocked_by.n; b++)
			strbuf_addf(&by, "%s%s", b == 0 ? "" : " ", cp->blocked_by.v[b]);
		for (size_t v = 0; v < nv; v++) {
			const struct verdict *vd = &cp->verdicts[v];
			char *reason;

			report_csv_cell(&sb, d->name);
			strbuf_addch(&sb, ',');
			report_csv_cell(&sb, d->version);
			strbuf_addch(&sb, ',');
			strbuf_addstr(&sb, d->compiled ? "yes" : "no");
			strbuf_addch(&sb, ',');
			report_csv_cell(&sb, vd->target);
			strbuf_addch(&sb, ',');
			report_csv_cell(&sb, vd->platform);
			strbuf_addch(&sb, ',');
			strbuf_addstr(&sb, status_name(vd->status));
			strbuf_addch(&sb, ',');
			report_csv_cell(&sb, vd->fix_version);
			strbuf_addch(&sb, ',');
			strbuf_addstr(&sb, vd->source == VS_NONE ? "" :
			    verdict_source_name(vd->source));
			strbuf_addch(&sb, ',');
			reason = report_reason(cp, vd, report_up(r, i));
			report_csv_cell(&sb, reason);
			free(reason);
			strbuf_addch(&sb, ',');
			report_csv_cell(&sb, strbuf_str(&by));
			if (tests) {
				char *cell = report_test(cp, vd);

				strbuf_addch(&sb, ',');
				strbuf_addstr(&sb, status_name(vd->test != NULL ? vd->wheel :
				    vd->status));
				strbuf_addch(&sb, ',');
				/* Untested is an empty cell: the table's "-" would be a
				 * value here, and the formula guard would make it "'-". */
				report_csv_cell(&sb, strcmp(cell, "-") == 0 ? "" : cell);
				free(cell);
			}
			if (r->upstreams != NULL) {
				char *cell = report_upstream(r, i);

				strbuf_addch(&sb, ',');
				report_csv_cell(&sb, cell);
				free(cell);
			}
			strbuf_addstr(&sb, "\r\n");
		}
		strbuf_release(&by);
	}
	fputs(strbuf_str(&sb), f);
	strbuf_release(&sb);
}

/* A Markdown table cell: cleaned, pipes and backslashes escaped, and characters that
 * would turn into markup (`*_<[) escaped too, so a package summary cannot inject
 * links or HTML into a rendered checklist. */
void
report_md_escape(struct strbuf *sb, const char *text)
{
	char *clean = report_clean(text);

	for (const char *s = clean; *s != '\0'; s++) {
		if (strchr("|\\`*_<>[]", *s) != NULL)
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s);
	}
	free(clean);
}

static void
report_md_cell(FILE *f, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	report_md_escape(&sb, text);
	fprintf(f, " %s |", strbuf_str(&sb));
	strbuf_release(&sb);
}

static void
report_md(FILE *f, const struct report *r)
{
	const struct check *ch = r->check;
	size_t nv = ch->ntargets * ch->nplatforms;
	bool tests = report_any_test(ch);

	fputs("| Package | Version |", f);
	for (size_t v = 0; v < nv; v++) {
		char *name = report_column_name(ch, v / ch->nplatforms, v % ch->nplatforms);

		report_md_cell(f, strcmp(name, "STATUS") == 0 ? "Status" : name);
		free(name);
	}
	fprintf(f, " Fix |%s%s Reason |\n|---|---|", tests ? " Test |" : "",
	    r->upstreams != NULL ? " Upstream |" : "");
	for (size_t v = 0; v < nv; v++)
		fputs("---|", f);
	fprintf(f, "---|%s%s---|\n", tests ? "---|" : "",
	    r->upstreams != NULL ? "---|" : "");
	for (size_t i = 0; i < ch->npkgs; i++) {
		const struct check_pkg *cp = &ch->pkgs[i];
		const struct verdict *worst = report_worst_verdict(ch, cp);
		char *fix = report_fix(worst), *reason;

		fputc('|', f);
		report_md_cell(f, report_display_name(cp));
		report_md_cell(f, cp->node->dist->version);
		for (size_t v = 0; v < nv; v++)
			report_md_cell(f, status_name(cp->verdicts[v].status));
		report_md_cell(f, fix);
		if (tests) {
			char *cell = report_test(cp, worst);

			report_md_cell(f, cell);
			free(cell);
		}
		if (r->upstreams != NULL) {
			char *cell = report_upstream(r, i);

			report_md_cell(f, cell);
			free(cell);
		}
		reason = report_reason(cp, worst, report_up(r, i));
		report_md_cell(f, reason);
		free(reason);
		fputc('\n', f);
		free(fix);
	}
}

void
report_write(FILE *f, enum report_format fmt, const struct report *r)
{
	switch (fmt) {
	case REPORT_TABLE:
		report_table(f, r);
		break;
	case REPORT_JSON:
		report_json(f, r);
		break;
	case REPORT_CSV:
		report_csv(f, r);
		break;
	case REPORT_MD:
		report_md(f, r);
		break;
	}
}
