/* fuzz_lock.c: libFuzzer target for the lockfile readers: the first byte picks a pip
 * requirements file (reqfile.c) or a uv.lock / pylock.toml as tomllib hands it over
 * (JSON, lockfile.c); the rest is the input. Every distribution read must have a
 * normalised name and a version, and the list must be sorted for env_find. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "lockfile.h"
#include "lockenv.h"
#include "reqfile.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct environment *e;
	char *cause = NULL;
	int rc;

	if (size < 1 || size > 65536)
		return 0;
	/* -r includes are read relative to the name: a directory that has none. */
	e = lockenv_new("/nonexistent/fuzz", 3, 14, data[0] & 4 ? "windows-amd64" :
	    "linux-x86_64");
	switch (data[0] & 3) {
	case 0:
		rc = reqfile_read_text(e, "/nonexistent/fuzz/requirements.txt",
		    (const char *)data + 1, size - 1, &cause);
		break;
	case 1:
		rc = lockfile_from_json(e, LOCK_UV, (const char *)data + 1, size - 1, &cause);
		break;
	default:
		rc = lockfile_from_json(e, LOCK_PYLOCK, (const char *)data + 1, size - 1,
		    &cause);
		break;
	}
	if (rc != 0 && cause == NULL)
		abort();
	for (size_t i = 0; rc == 0 && i < e->ndists; i++) {
		const struct dist *d = e->dists[i];

		if (d->name == NULL || d->version == NULL || strpbrk(d->name, "_.") != NULL)
			abort();
		for (const char *c = d->name; *c != '\0'; c++)
			if (*c >= 'A' && *c <= 'Z')
				abort();
		if (i > 0 && strcmp(e->dists[i - 1]->name, d->name) >= 0)
			abort();
		if (env_find(e, d->name) != d)
			abort();
	}
	free(cause);
	env_free(e);
	return 0;
}
