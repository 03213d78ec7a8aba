/* draft.h: an upstream issue draft: Markdown from a template (data/draft.md,
 * or the user's in $XDG_CONFIG_HOME/ftport/), the known upstream issues first, and a
 * prefilled new-issue URL for GitHub or GitLab kept under 8 KB. Nothing is posted. */
#ifndef FTPORT_DRAFT_H
#define FTPORT_DRAFT_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"
#include "checklist.h"
#include "env.h"
#include "upstream.h"

#define DRAFT_TEMPLATE		"draft.md"
#define DRAFT_URL_MAX		8192

struct draft {
	char	*title;		/* the issue's title (the template's first "# " line) */
	char	*body;		/* the rest: what goes into the issue */
	char	*known;		/* the known upstream issues, one "- ..." line each, or NULL */
	size_t	 nknown;
	char	*note;		/* what the source scan changes about the ask, or NULL */
	char	*text;		/* the file: known issues as a comment, "# title", body */
};

/* The template in use: $XDG_CONFIG_HOME/ftport/draft.md (else ~/.config/ftport/...)
 * when it exists, else the bundled one; NULL when neither is found. */
char *draft_template_path(void);
/* The file of name's draft in the drafts directory: "NAME.md", every character of
 * name outside [A-Za-z0-9._-] (and a leading '.') written as '_'. Allocated. */
char *draft_file_name(const char *name);

/* Fills the template for one package. it: its checklist item (owner, note, the last
 * test results); up: what upstream knows, may be NULL. Unknown {{names}} are kept as
 * they are. -1 and *cause when the template has no "# " title line. */
int draft_make(const char *tmpl, const struct check *ch, const struct check_pkg *cp,
    const struct environment *env, const struct ck_item *it, const struct upstream *up,
    struct draft *out, char **cause);
void draft_clear(struct draft *d);
/* Ready or pure on every target and platform checked: nothing to ask the package's
 * maintainers (draft refuses without --force). */
bool draft_nothing_to_ask(const struct check *ch, const struct check_pkg *cp);
/* What the source scan says that changes what to ask upstream ("Upstream already
 * released free-threading support in 6.1.0 ...: upgrade ... rather than ask for it"),
 * NULL when nothing. */
char *draft_upstream_note(const struct upstream *up);
/* A draft's text (the template filled, or the file after editing): its first "# "
 * line is the title, what follows the body; what precedes it (the known issues
 * comment) is left out. -1 when there is no title line. */
int draft_split(const char *text, char **title, char **body);

/* The new-issue URL of repository r (GitHub: /issues/new?title=&body=, GitLab:
 * /-/issues/new?issue[title]=&issue[description]=), at most max bytes: the body is cut
 * at a line (or character) boundary and ends with a note saying where the whole draft
 * is (note_path) when it does not fit. NULL when r is not a GitHub or GitLab project.
 * *shortened says whether the body was cut. */
char *draft_issue_url(const struct repo *r, const char *title, const char *body,
    const char *note_path, size_t max, bool *shortened);

#endif
