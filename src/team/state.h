/* state.h: the team's triage state, .ftport/state.json at the project root:
 * per package an owner, a note, a decision, the preferred test command and the last
 * test results. Kept as the JSON document it was read as, so keys this version does
 * not know survive a rewrite; every change is a locked read-modify-write. */
#ifndef FTPORT_STATE_H
#define FTPORT_STATE_H

#include <stdbool.h>

#include <jansson.h>

#include "evidence.h"
#include "testresult.h"

struct strlist;

#define STATE_SCHEMA_VERSION 1

enum state_decision {
	DECISION_NONE,
	DECISION_IGNORE,	/* not part of the move: out of the blocker counts */
	DECISION_WAITING,	/* waiting for upstream */
	DECISION_FORK,		/* replaced with a fork */
	DECISION_DONE,
	DECISION_COUNT
};

const char *state_decision_name(enum state_decision d);	/* "" for NONE */
int state_decision_parse(const char *text);		/* -1 if not one; "" is NONE */

/* The fields a person sets (the keys in the file). */
#define STATE_OWNER		"owner"
#define STATE_NOTE		"note"
#define STATE_DECISION		"decision"
#define STATE_TEST_COMMAND	"test_command"

struct state {
	char	*path;
	json_t	*root;		/* always an object with a "packages" object */
};

/* The project root: the work tree of the git repository that holds dir (NULL: the
 * current directory), found with libgit2, else dir itself. Allocated. */
char *state_project_root(const char *dir);
/* Where the state lives: override when given, else .ftport/state.json in the git work
 * tree that holds dir (libgit2's discovery), else in dir itself. Allocated. */
char *state_default_path(const char *override, const char *dir);
/* The directory that holds the state file (for .ftport/drafts); allocated. */
char *state_dir(const char *path);

/* Reads the state; a missing file is an empty state. A file that is not valid JSON or
 * not the expected shape is -1 with "PATH:LINE:COLUMN: what" in *cause, and is never
 * written over by this module. */
int state_load(const char *path, struct state **out, char **cause);
/* The same from the file's text (path only names it in messages): what state_load
 * does once the file is read, and what fuzz/fuzz_state.c drives. */
int state_parse(const char *path, const char *text, size_t len, struct state **out,
    char **cause);
void state_free(struct state *s);

/* A package's field (normalised name), NULL when unset. */
const char *state_get(const struct state *s, const char *pkg, const char *field);
enum state_decision state_get_decision(const struct state *s, const char *pkg);
/* The packages (normalised names, as the file spells them) whose decision is d,
 * appended to out: what the state holds, not every installed package, so a caller
 * that counts them each frame pays for the few decided ones only. */
void state_decided(const struct state *s, enum state_decision d, struct strlist *out);
/* The package's last test results as recorded in the state (out zeroed by the caller;
 * testresult_clear it), with the log excerpt kept beside them (allocated, or NULL).
 * false when there are none or they do not parse. */
bool state_get_test(const struct state *s, const char *pkg, struct test_result *out,
    char **excerpt);

/* Every package's last test results in the state (the team's, from any machine), added
 * to e, which keeps them by name, version and ABI. Returns how many were added. */
size_t state_add_evidence(const struct state *s, struct evidence *e);

/* Checks a value a person typed for a field: no control characters or escape
 * sequences, one line, at most 500 bytes, valid UTF-8; a decision must be one of the
 * names. -1 and *cause when refused. */
int state_check_value(const char *field, const char *value, char **cause);

/* Sets (value NULL or "": removes) one field of one package: takes the lock, reads
 * the file afresh, applies this one change, writes it atomically, releases the lock,
 * so a change another process made meanwhile is kept. On success *fresh (if not NULL)
 * is the state as written. */
int state_set(const char *path, const char *pkg, const char *field, const char *value,
    struct state **fresh, char **cause);
/* Records a package's last test results the same way: testresult's JSON form (its
 * local log path left out) plus the last lines of its log, so the team sees them. */
int state_set_test(const char *path, const struct test_result *r,
    struct state **fresh, char **cause);
/* The Markdown checklist the last `ftport export -o FILE` wrote (the UI's e writes
 * the same one), relative to the project root; NULL when none is recorded, or when
 * what the file says is not a relative .md path inside the project. */
#define STATE_CHECKLIST		"checklist"
const char *state_get_checklist(const struct state *s);
/* Records it (a locked read-modify-write, like state_set). */
int state_set_checklist(const char *path, const char *file, char **cause);

/* The last lines of a log file (at most lines lines and 2 KB), cleaned; NULL if the
 * file cannot be read. */
char *state_log_excerpt(const char *log, size_t lines);

#endif
