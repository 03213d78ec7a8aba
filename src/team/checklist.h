/* checklist.h: the porting checklist (`ftport export`): one item per package
 * built from the check, the team state and what is known upstream; written as a GitHub
 * task list (merged into an existing one: people's ticks, owners, notes and text
 * survive), as CSV and as JSON. */
#ifndef FTPORT_CHECKLIST_H
#define FTPORT_CHECKLIST_H

#include <stdbool.h>
#include <time.h>

#include "check.h"
#include "env.h"
#include "snapshot.h"
#include "state.h"
#include "strbuf.h"
#include "upstream.h"

#define CHECKLIST_SCHEMA_VERSION 1

/* In the order the Markdown shows them. */
enum ck_section {
	CK_BLOCKERS,	/* blocked, abi3, or a failed test run: leaf blockers first */
	CK_UPGRADES,	/* upgrade, prerelease: the pip line */
	CK_TESTING,	/* source, fallback, elsewhere, other-abi, unknown */
	CK_READY,	/* ready, pure, or a passed test run */
	CK_IGNORED,	/* decision "ignore" */
	CK_GONE,	/* in the old checklist with people's marks, no longer installed */
	CK_NSECTIONS
};

const char *ck_section_id(enum ck_section s);		/* "blockers", ... */
const char *ck_section_title(enum ck_section s);

/* A known upstream issue or pull request. */
struct ck_link {
	char	*label;		/* "numpy/numpy#1234", or the URL when no better */
	char	*url;
	char	*title;		/* may be NULL */
	char	*state;		/* "open", "closed", "merged"; may be NULL */
};

struct ck_item {
	char			*name;		/* normalised */
	size_t			 pkg;		/* its index in check->pkgs */
	char			*display;	/* cleaned */
	char			*version;
	enum ft_status		 status;	/* the worst verdict over targets and platforms */
	const struct verdict	*worst;		/* points into the check */
	enum ck_section		 section;
	bool			 leaf_blocker;
	char			*chain;		/* "cffi blocks cryptography, ..." or NULL */
	struct strlist		 holds_back;	/* packages it blocks (display names) */
	const char		*leaf_chain;	/* the longest chain that starts at it
						   (points into the check), or NULL */
	char			*fix;		/* pip install "name>=X", or NULL */
	char			*replace;	/* "or replace with X (why)", cleaned, or NULL */
	/* From the team state: */
	char			*owner, *note, *test_command;
	enum state_decision	 decision;
	/* The test under PYTHON_GIL=0 of this version with the target's interpreter (the
	 * worst verdict's, from the state or the local store, the newer; evidence.h): */
	bool			 has_test;
	struct test_result	 test;
	char			*test_summary;	/* testresult_summary, cleaned */
	char			*test_excerpt;	/* the log's last lines, cleaned, or NULL */
	enum ft_status		 wheel;		/* what the wheels alone say (status, unless
						   the test overrode it) */
	/* A result for another version or ABI, never used: "A test of 3.0.2, not the
	 * installed 2.1.5, says passed: not used.", cleaned; NULL when there is none. */
	char			*test_other;
	/* Upstream: the bundled tracking table's issue, then what the forge found. */
	struct ck_link		*links;
	size_t			 nlinks;
	/* What a source scan found (the reasons say "upstream merged support after X,
	 * not yet released"): not owned, or NULL. */
	const struct upstream	*upstream;
};

struct checklist {
	char		*project;	/* the project directory's name */
	char		*project_dir;
	char		*environment;	/* the prefix */
	char		*interpreter;	/* "CPython 3.12.1 (GIL)" */
	char		*targets;	/* "cp314t on linux-x86_64" */
	char		*date;		/* "2026-12-06 10:30 UTC" */
	const struct check *check;	/* not owned */
	const struct environment *env;	/* not owned */
	struct ck_item	*items;		/* sorted: section, leaf blockers first, name */
	size_t		 nitems;
	size_t		*item_of;	/* check->pkgs index -> items index (by name in
					   O(1): 20,000 packages are 20,000 lookups) */
	size_t		 counts[ST_COUNT];	/* by status, ignored packages left out */
	size_t		 nsection[CK_NSECTIONS];
	size_t		 ignored;
	size_t		 ignored_blockers;	/* ignored packages that would block */
};

/* Builds the items. The test results are the check's verdicts' (check_set_evidence):
 * a pass of this version moves an item out of "needs testing", a result that decided
 * the status puts it among the blockers. st and snap may be NULL; now is the export's date
 * ($SOURCE_DATE_EPOCH, when set, wins: reproducible exports). */
struct checklist *checklist_build(const struct check *ch, const struct environment *env,
    const struct state *st, const struct snapshot *snap, const char *project_dir,
    time_t now);
void checklist_free(struct checklist *c);
/* Adds an upstream link to a package's item (the forge's findings); the label, url and
 * optional title/state are copied and cleaned. A URL already there is not added twice. */
void checklist_add_link(struct checklist *c, const char *pkg, const char *label,
    const char *url, const char *title, const char *state);
/* The forge's findings for a package (the first CK_MAX_LINKS issues and PRs, the
 * tracking issue first) as links on its item, and its source scan in the item's
 * reasons (Markdown and JSON): u must outlive the checklist's writing. */
#define CK_MAX_LINKS 3
void checklist_add_upstream(struct checklist *c, const struct upstream *u);
struct ck_item *checklist_find(struct checklist *c, const char *pkg);

/* The Markdown task list. old: the existing checklist's text, or NULL. Items are
 * matched by the package marker they carry; a tick, an owner or a note written in old
 * wins, text outside the items stays where it was, items move to their new section.
 * Allocated. */
char *checklist_markdown(const struct checklist *c, const char *old);
/* One row per package, target and platform (RFC 4180, CRLF). Allocated. */
char *checklist_csv(const struct checklist *c);
/* The JSON document (schema in ftport(1)). Allocated. */
char *checklist_json(const struct checklist *c);

enum ck_format { CK_MD, CK_CSV, CK_JSON };
/* "md", "csv", "json"; -1 if not one. */
int checklist_format_parse(const char *text, enum ck_format *out);
/* From a file name's extension (.csv, .json; anything else is Markdown). */
enum ck_format checklist_format_for(const char *path);
/* Writes the checklist to path atomically, Markdown merged into what is there; path
 * "-" is stdout. -1 and *cause when it cannot be read or written. */
int checklist_write(const struct checklist *c, const char *path, enum ck_format fmt,
    char **cause);

/* "pip install "name>=X"" for an upgrade (--pre for a pre-release), else NULL. */
char *checklist_pip_line(const char *name, const struct verdict *v);

#endif
