/* replace.h: replacements: a package (and version range) that has a drop-in already
 * working free-threaded, with the reason and where that is written; the bundled table
 * (data/replacements.json) overridden and extended by the user's
 * ($XDG_CONFIG_HOME/ftport/replacements.json). */
#ifndef FTPORT_REPLACE_H
#define FTPORT_REPLACE_H

#include <stdbool.h>

#include "pep440.h"
#include "util.h"

struct replacement {
	char			*package;	/* normalised */
	char			*versions;	/* a PEP 440 specifier, "" for every version */
	struct pep440_specset	*spec;
	char			*replace_with;	/* the suggestion: a distribution name or a
						   module ("tomllib (standard library)") */
	char			*reason;	/* why, one or two sentences */
	char			*source;	/* where that is written (URLs) */
	bool			 user;		/* from the user's table */
};

struct replacements {
	struct replacement	*v;
	size_t			 n;
};

/* Reads the bundled table (bundled: NULL for the data directory's) and the user's (user:
 * NULL for the configuration directory's; a missing file is no error). A user entry for
 * a package replaces every bundled one for it; "replace_with": null removes them.
 * Returns the table (never NULL); each file that cannot be read or understood adds one
 * line to errors, and its entries are left out (a broken user table leaves the bundled
 * one in force). */
struct replacements *replace_load(const char *bundled, const char *user,
    struct strlist *errors);
void replace_free(struct replacements *r);
/* The entry for a package at a version (NULL version: any entry of the package), or
 * NULL. */
const struct replacement *replace_find(const struct replacements *r, const char *name,
    const char *version);
/* "or replace with pyyaml-ft (a fork ...)"; allocated. */
char *replace_text(const struct replacement *rp);

#endif
