/* pep440.h: PEP 440 versions and version specifiers. */
#ifndef FTPORT_PEP440_H
#define FTPORT_PEP440_H

#include <stdbool.h>
#include <stddef.h>

/* A parsed, normalised version. Fields follow PEP 440's public form
 * [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]. */
#define PEP440_MAX_RELEASE 16
struct pep440_version {
	unsigned long	epoch;
	unsigned long	release[PEP440_MAX_RELEASE];
	size_t		nrelease;
	int		pre_kind;	/* 0 none, 'a', 'b', 'c' (rc) */
	unsigned long	pre;
	bool		has_post;
	unsigned long	post;
	bool		has_dev;
	unsigned long	dev;
	char		local[64];	/* normalised local label, "" if none */
};

/* Returns 0 and fills v, or -1 when s is not a PEP 440 version. */
int pep440_parse(const char *s, struct pep440_version *v);
/* <0, 0, >0 in PEP 440 order (local labels compared per the spec). */
int pep440_compare(const struct pep440_version *a, const struct pep440_version *b);
/* Compares version strings; non-PEP 440 strings sort before every valid version and
 * among themselves by strcmp. */
int pep440_compare_str(const char *a, const char *b);
bool pep440_is_prerelease(const struct pep440_version *v); /* pre or dev */
/* Canonical text form ("1.0rc1.post2"), into buf of size len. */
void pep440_format(const struct pep440_version *v, char *buf, size_t len);

/* A specifier set: comma-separated clauses, every one must hold. */
struct pep440_specset;

/* Parses "", ">=1.0,<2", "~=1.4.5", "==1.*", "===foo", "!=1.0.post1". On error returns
 * NULL and sets *cause. An empty string is a set that contains every version. */
struct pep440_specset *pep440_specset_parse(const char *s, char **cause);
void pep440_specset_free(struct pep440_specset *set);
/* Does the set contain version? prereleases: whether pre-releases may match (PEP 440:
 * they match anyway when a clause names a pre-release). A version that does not parse
 * is in the empty set (no clause asks anything of it) and otherwise only where a ===
 * clause matches it literally; NULL and "" are in no set. */
bool pep440_specset_contains(const struct pep440_specset *set, const char *version,
    bool prereleases);
/* The set's canonical text (clauses joined with ","), "" for the empty set. */
const char *pep440_specset_text(const struct pep440_specset *set);

#endif
