/* scanprobe.c: drives the source scan's core (scanjob_run: clone or fetch, then scan)
 * for tests/scan.py and bench/scan, without the rest of ftport around it.
 * usage: scanprobe [-c CACHE_DIR] [-m MAX_BYTES] [-t TIMEOUT_MS] [-n NAME] [-v VERSION]
 *                  [-r REPO_DIR] URL
 * -r scans an existing repository directly (no clone). Prints the result's JSON and
 * its summary line; on failure the cause on stderr, exit 1. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "cache.h"
#include "gitscan.h"
#include "scanjob.h"
#include "util.h"

int
main(int argc, char **argv)
{
	struct scanjob_opts o = { 0 };
	struct scan_result *r = NULL;
	const char *repo = NULL;
	char *cause = NULL, *summary, *dump;
	json_t *j;
	int c, rc;

	while ((c = getopt(argc, argv, "c:m:t:n:v:r:")) != -1) {
		switch (c) {
		case 'c': o.cache_dir = optarg; break;
		case 'm': o.max_bytes = strtoull(optarg, NULL, 10); break;
		case 't': o.timeout_ms = strtol(optarg, NULL, 10); break;
		case 'n': o.name = optarg; break;
		case 'v': o.version = optarg; break;
		case 'r': repo = optarg; break;
		default: return 2;
		}
	}
	if (optind + 1 != argc || o.cache_dir == NULL)
		return 2;
	o.url = argv[optind];
	if (repo != NULL) {
		struct scan_opts so = { repo, o.url, o.name, o.version, NULL, 0, 0, 0 };

		so.cache = cache_open(o.cache_dir, &cause);
		rc = scan_repo(&so, &r, &cause);
		cache_close(so.cache);
	} else
		rc = scanjob_run(&o, isatty(STDERR_FILENO) ? stderr : NULL, &r, &cause);
	if (rc != 0) {
		fprintf(stderr, "scanprobe: %s\n", cause);
		free(cause);
		return 1;
	}
	j = scan_result_json(r);
	json_object_set_new(j, "from_cache", json_boolean(r->from_cache));
	dump = json_dumps(j, JSON_INDENT(1) | JSON_SORT_KEYS);
	summary = scan_result_summary(r, o.version);
	printf("%s\n%s\n", dump, summary);
	free(dump);
	free(summary);
	json_decref(j);
	scan_result_free(r);
	return 0;
}
