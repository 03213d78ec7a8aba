/* gitrelease.h: a repository's releases and history as the source scan asks about them:
 * which release tags come after the installed version (PEP 440 order), and which commit
 * on the default branch's first-parent line first declared support (by bisection). */
#ifndef FTPORT_GITRELEASE_H
#define FTPORT_GITRELEASE_H

#include <stdbool.h>
#include <stddef.h>

#include <git2.h>

#include "pep440.h"
#include "treeprobe.h"

struct release {
	char			*tag;		/* the tag's name, as in the repository */
	char			 version[64];	/* canonical PEP 440 form */
	struct pep440_version	 v;
	git_oid			 commit;
	int			 form;		/* 0 1.2, 1 v1.2, 2 name-1.2, 3 release-1.2 */
};

/* The version a tag names, in the forms v1.2, 1.2, release-1.2, name-1.2 and
 * name-v1.2 (name as given, normalised or with underscores); -1 when it names none.
 * Pre-releases and development releases are versions too (the caller sets them apart). */
int release_tag_version(const char *tag, const char *name, struct pep440_version *v);
/* The same, and which of the forms (struct release's form); -1 when none. */
int release_tag_form(const char *tag, const char *name, struct pep440_version *v);

/* The release tags (not pre-releases) peeled to commits, in ascending PEP 440 order
 * (of equal versions, 1.2 before v1.2 before name-1.2 before release-1.2). */
int release_tags(git_repository *repo, const char *name, struct release **out, size_t *n);
void releases_free(struct release *r, size_t n);

/* The earliest commit on head's first-parent line whose tree declares support, found by
 * bisection between head (which must declare it) and the oldest commit; 1 and *out,
 * 0 when it could not be told before deadline (a now_ms() time; 0: none) or the line is
 * longer than max_commits, -1 when the repository cannot be read. Assumes that once
 * declared, support stays declared along the line (a later withdrawal and return finds
 * one of the two starts). */
int history_intro(struct treeprobe *p, const git_oid *head, double deadline,
    size_t max_commits, git_oid *out);

#endif
