/* req.h: PEP 508 dependency specifications ("name[extra] (>=1.0); marker"). */
#ifndef FTPORT_REQ_H
#define FTPORT_REQ_H

#include "marker.h"
#include "pep440.h"
#include "util.h"

struct req {
	char			*name;		/* normalised (PEP 503) */
	char			*display_name;	/* as written */
	struct strlist		 extras;	/* normalised (PEP 685), sorted, unique */
	char			*specifier;	/* canonical text, "" when none */
	struct pep440_specset	*spec;		/* never NULL (empty set = any) */
	char			*url;		/* "name @ url" form, else NULL */
	char			*marker_text;	/* as written, NULL when none */
	struct marker		*marker;	/* NULL when none */
};

/* Parses one requirement line, including the old "name (>=1.0)" form. NULL and *cause
 * (one line saying what is wrong) on error. */
struct req *req_parse(const char *text, char **cause);
void req_free(struct req *r);

/* PEP 685 extra normalisation (same as PEP 503 names). */
char *extra_normalize(const char *extra);

#endif
