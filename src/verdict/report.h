/* report.h: writing a finished check as a table for people, or as JSON, CSV or a
 * Markdown table for scripts (`ftport check --format`). */
#ifndef FTPORT_REPORT_H
#define FTPORT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "check.h"
#include "env.h"
#include "snapshot.h"
#include "strbuf.h"

#define REPORT_SCHEMA_VERSION 1

enum report_format { REPORT_TABLE, REPORT_JSON, REPORT_CSV, REPORT_MD };

/* "table", "json", "csv", "md"; -1 when not one of them. */
int report_format_parse(const char *text, enum report_format *out);

struct upstream;

struct report {
	const struct check		*check;
	const struct environment	*env;
	const char			*index_url;	/* NULL when no index was used */
	const char			*index_origin;	/* "--index-url", "pip.conf", ... */
	/* Every index asked, in the order their answers rank, credentials removed,
	 * and where each came from; NULL: index_url alone. */
	const struct strlist		*index_urls;
	const struct strlist		*index_origins;
	const struct snapshot		*snapshot;	/* may be NULL */
	const struct strlist		*errors;	/* run-wide problems, one line each */
	bool				 color;		/* table only: ANSI colours */
	/* Table only: the terminal's width, which each row is cut to fit (long names,
	 * versions and reasons end in "…"); 0: full rows (a pipe, a file, -v). */
	size_t				 columns;
	bool				 offline;
	/* check --upstream: per package (the check's order), NULL when not asked; the
	 * whole array NULL without --upstream (no column then). */
	struct upstream *const		*upstreams;
};

/* Does any verdict have a test result beside it, current or not (then the report has
 * a TEST column)? */
bool report_any_test(const struct check *ch);

void report_write(FILE *f, enum report_format fmt, const struct report *r);

/* One CSV cell, cleaned, RFC 4180 quoted when needed; a cell that a spreadsheet would
 * read as a formula (starting with = + - @) gets a leading ' inside the quotes. */
void report_csv_cell(struct strbuf *sb, const char *text);
/* Text for a terminal or a Markdown/CSV file (sanitize_text: control characters and
 * escape sequences removed, invalid UTF-8 replaced). Allocated; NULL gives "". */
char *report_clean(const char *text);
/* The verdict among a package's that is worst for the move (its reason and fix are
 * the ones a one-line report shows). */
const struct verdict *report_worst_verdict(const struct check *ch, const struct check_pkg *cp);

/* Who each package holds back: the inverse of blocked_by, in check order, each once.
 * The holders of package i are pkg[off[i]] .. pkg[off[i + 1] - 1] (indices into
 * ch->pkgs). Built in O(packages + blocked_by entries): a report or checklist that
 * asked every package about every leaf was quadratic (minutes at 20,000). */
struct report_holders {
	size_t	*off;	/* npkgs + 1 */
	size_t	*pkg;
};
void report_holders_build(const struct check *ch, struct report_holders *h);
void report_holders_free(struct report_holders *h);

/* The package's Name as written, else its normalised name. */
const char *report_display_name(const struct check_pkg *cp);
/* Markdown text: cleaned, and the characters that would turn into markup, links or
 * HTML (| \\ ` * _ < > [ ]) escaped, so metadata cannot inject any. */
void report_md_escape(struct strbuf *sb, const char *text);
/* JSON pieces shared with the checklist (checklist.c): a string (NULL: null; invalid
 * UTF-8 cleaned), a list, the "environment" object of check's, stats' and export's
 * JSON (the keys of tree --json's), one verdict. */
json_t *report_jstr(const char *s);
json_t *report_jlist(const struct strlist *l);
json_t *report_env_json(const struct environment *e);
json_t *report_verdict_json(const struct verdict *v);
/* The verdict's test result in testresult's JSON form with "current" (false: another
 * version's or ABI's, not used), or null. */
json_t *report_test_json(const struct verdict *v);
/* Sets root's "targets" and "platforms" arrays from the check's. */
void report_targets_json(json_t *root, const struct check *ch);

#endif
