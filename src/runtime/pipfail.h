/* pipfail.h: why pip installed nothing, told apart so that a failure that is not the
 * package's is never recorded as its result: the index or the network failed (pip's
 * retries, an unreachable or untrusted host, an HTTP error), the index has no wheel for
 * this interpreter (the wheel verdict says that already), the index has no such project
 * or release, or the package failed (a wheel was there: its own failure, recorded). */
#ifndef FTPORT_PIPFAIL_H
#define FTPORT_PIPFAIL_H

#include "index.h"
#include "wheel.h"

enum pipfail {
	PF_PACKAGE,		/* the package's own failure: a result (install-failed) */
	PF_INDEX,		/* the index or the network failed: not a result */
	PF_NO_WHEEL,		/* no wheel for this interpreter: the wheel verdict's */
	PF_NOT_ON_INDEX,	/* no such project, or no such release of it */
	PF_COUNT
};

/* The word shown and in `test --json`'s not_tested: "package", "index-failed",
 * "no-wheel", "not-on-index". */
const char *pipfail_name(enum pipfail f);

/* From pip's stderr alone: PF_INDEX when it shows the index or the network failing
 * (*detail: that line, raw), else PF_PACKAGE. */
enum pipfail pipfail_from_output(const char *err, char **detail);

/* Does pip's reason say it found nothing to install ("No matching distribution found")?
 * Then the index is asked why (pipfail_from_index). */
bool pipfail_found_nothing(const char *err);

/* From the index's answer for the project (revalidated just now): a failure to answer
 * is PF_INDEX; no project, or no release version (NULL: any release), PF_NOT_ON_INDEX;
 * no wheel of it that installs for abi on platform, PF_NO_WHEEL; else PF_PACKAGE
 * (pip had a wheel and still failed). *detail: one line for people, raw. */
enum pipfail pipfail_from_index(const struct index_answer *a, const char *name,
    const char *version, const struct target *abi, const struct wheel_platform *platform,
    char **detail);

#endif
