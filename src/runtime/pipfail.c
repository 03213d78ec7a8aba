/* pipfail.c: pip's failures told apart (pipfail.h). The markers are pip's own words at
 * its default verbosity (pip 25.1): an index that is down shows only as "WARNING:
 * Retrying (...) after connection broken by 'NewConnectionError(...)'" before the same
 * "No matching distribution found" that a missing wheel gives, and a 500 shows nothing
 * at all: so after "nothing found" the index itself is asked. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipfail.h"
#include "util.h"

static const char *const names[PF_COUNT] = {
	"package", "index-failed", "no-wheel", "not-on-index",
};

const char *
pipfail_name(enum pipfail f)
{
	return f < PF_COUNT ? names[f] : "?";
}

/* pip's words when it could not talk to the index or fetch a file. */
static const char *const network_markers[] = {
	"WARNING: Retrying (",
	"Could not fetch URL ",
	"is not a trusted or secure host",
	"NewConnectionError",
	"ConnectTimeoutError",
	"ReadTimeoutError",
	"Max retries exceeded",
	"ProxyError",
	"SSLError",
	"Read timed out",
	"Connection reset by peer",
	"IncompleteRead",
	"ERROR: HTTP error ",
};

static char *
line_at(const char *text, const char *hit)
{
	const char *b = hit, *e = strchr(hit, '\n');

	while (b > text && b[-1] != '\n')
		b--;
	if (e == NULL)
		e = hit + strlen(hit);
	/* A line of pip's can run to kilobytes (an object's repr): the start says it. */
	if (e - b > 300)
		e = b + 300;
	return xstrndup(b, (size_t)(e - b));
}

enum pipfail
pipfail_from_output(const char *err, char **detail)
{
	*detail = NULL;
	for (size_t i = 0; i < nitems(network_markers); i++) {
		const char *hit = strstr(err, network_markers[i]);

		if (hit != NULL) {
			*detail = line_at(err, hit);
			return PF_INDEX;
		}
	}
	return PF_PACKAGE;
}

bool
pipfail_found_nothing(const char *err)
{
	return strstr(err, "No matching distribution found for ") != NULL;
}

static bool
installs(const struct wheel_release *rel, const struct target *abi,
    const struct wheel_platform *platform)
{
	for (size_t i = 0; i < rel->nfiles; i++) {
		const struct wheel_file *f = &rel->files[i];

		if (f->type == WF_WHEEL && wheel_class_usable(wheel_classify(&f->w, abi)) &&
		    wheel_matches_platform(&f->w, platform))
			return true;
	}
	return false;
}

enum pipfail
pipfail_from_index(const struct index_answer *a, const char *name, const char *version,
    const struct target *abi, const struct wheel_platform *platform, char **detail)
{
	struct wheel_releases rels;
	struct wheel_release *rel = NULL;
	enum pipfail f = PF_NO_WHEEL;
	char plat[64];

	wheel_platform_name(platform, plat, sizeof plat);
	if (a->project == NULL && a->not_found) {
		*detail = xprintf("the index has no project %s", name);
		return PF_NOT_ON_INDEX;
	}
	/* An error, or only a stale cached copy: the index did not answer now. */
	if (a->project == NULL || a->source != VS_INDEX) {
		*detail = xprintf("the index could not be reached: %s",
		    a->error != NULL ? a->error : "only an old cached answer");
		return PF_INDEX;
	}
	wheel_releases_build(a->project, &rels);
	if (version != NULL && (rel = wheel_releases_find(&rels, version)) == NULL) {
		*detail = xprintf("the index has no release %s of %s", version, name);
		wheel_releases_free(&rels);
		return PF_NOT_ON_INDEX;
	}
	for (size_t i = 0; i < rels.n && f == PF_NO_WHEEL; i++)
		if ((rel == NULL || &rels.v[i] == rel) && installs(&rels.v[i], abi, platform))
			f = PF_PACKAGE;
	if (f == PF_NO_WHEEL)
		*detail = xprintf("the index has no wheel of %s%s%s for %s on %s (the wheel "
		    "verdict: ftport check --target %s)", name, version != NULL ? " " : "",
		    version != NULL ? version : "", abi->tag, plat, abi->tag);
	else
		*detail = NULL;
	wheel_releases_free(&rels);
	return f;
}
