/* cmd_cache.c: "ftport cache info|clear": where the cache is, how much of it is
 * ftport's, and removing exactly those entries (nothing it did not write). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "cmd.h"
#include "cmdtable.h"
#include "scratch.h"
#include "testresult.h"
#include "util.h"

static char *
human_size(unsigned long long bytes)
{
	static const char *units[] = { "bytes", "KB", "MB", "GB", "TB" };
	double v = (double)bytes;
	size_t u = 0;

	if (bytes < 1024)
		return xprintf("%llu %s", bytes, bytes == 1 ? "byte" : "bytes");
	while (v >= 1024 && u < nitems(units) - 1) {
		v /= 1024;
		u++;
	}
	return xprintf("%.1f %s", v, units[u]);
}

int
cmd_cache(struct options *o)
{
	struct cache_stats st;
	struct strlist venvs = STRLIST_INIT;
	size_t nvenvs = 0, nresults = 0;
	unsigned long long vbytes = 0, rbytes = 0;
	char *dir, *cause = NULL, *size, *vsize, *rsize;
	const char *sub = o->args.n > 0 ? o->args.v[0] : NULL;
	bool clear;

	if (sub == NULL || (strcmp(sub, "info") != 0 && strcmp(sub, "clear") != 0)) {
		fprintf(stderr, "ftport: cache takes 'info' or 'clear'%s%s%s\n",
		    sub != NULL ? ", not '" : "", sub != NULL ? sub : "", sub != NULL ? "'" : "");
		return EXIT_USAGE;
	}
	if (o->args.n > 1) {
		fprintf(stderr, "ftport: cache %s takes no arguments ('%s')\n", sub, o->args.v[1]);
		return EXIT_USAGE;
	}
	clear = strcmp(sub, "clear") == 0;
	dir = o->cache_dir != NULL ? xstrdup(o->cache_dir) : cache_default_dir(&cause);
	if (dir == NULL) {
		cmd_error(cause);
		free(cause);
		return EXIT_USAGE;
	}
	if ((clear ? cache_clear(dir, &st, &cause) : cache_stats(dir, &st, &cause)) != 0 ||
	    (clear ? scratch_clear(dir, &nvenvs, &vbytes, &cause) :
	    scratch_stats(dir, &nvenvs, &vbytes, &venvs, &cause)) != 0 ||
	    (clear ? testresult_store_clear(dir, &nresults, &rbytes, &cause) :
	    testresult_store_stats(dir, &nresults, &rbytes, &cause)) != 0) {
		cmd_error(cause);
		free(cause);
		free(dir);
		strlist_clear(&venvs);
		return EXIT_NOENV;
	}
	size = human_size(st.bytes);
	vsize = human_size(vbytes);
	rsize = human_size(rbytes);
	if (clear) {
		printf("removed %zu %s (%s) from %s\n", st.entries,
		    st.entries == 1 ? "entry" : "entries", size, dir);
		if (nvenvs > 0 || nresults > 0)
			printf("removed %zu scratch %s (%s) and %zu test %s (%s)\n", nvenvs,
			    nvenvs == 1 ? "venv" : "venvs", vsize, nresults,
			    nresults == 1 ? "result" : "results", rsize);
	} else {
		printf("cache directory: %s\n", dir);
		printf("entries: %zu (%s)\n", st.entries, size);
		if (st.damaged > 0)
			printf("damaged: %zu (they are fetched again when needed; "
			    "'ftport cache clear' removes them)\n", st.damaged);
		printf("scratch venvs: %zu (%s)\n", nvenvs, vsize);
		for (size_t i = 0; i < venvs.n; i++)
			printf("  %s\n", venvs.v[i]);
		printf("test results: %zu (%s, with their logs)\n", nresults, rsize);
	}
	free(vsize);
	free(rsize);
	strlist_clear(&venvs);
	free(size);
	free(dir);
	return EXIT_DONE;
}
