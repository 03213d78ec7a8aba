/* lockenv.c: the environment a lock describes: the marker values of a target and
 * platform, its distributions added one by one by the readers (lockfile.c for uv.lock
 * and pylock.toml, reqfile.c for requirements files), then sorted and pruned to what
 * would be installed there. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "lockenv.h"
#include "meta.h"
#include "util.h"
#include "wheel.h"

struct environment *
lockenv_new(const char *path, int major, int minor, const char *platform)
{
	struct environment *e = xcalloc(1, sizeof *e);
	struct wheel_platform wp;
	const char *sys = "linux", *system = "Linux", *os = "posix";
	char machine[32];
	char *vals[MV_COUNT];

	e->prefix = xstrdup(path);
	e->source = xstrdup("--lock");
	e->version = xprintf("%d.%d.0", major, minor);
	e->implementation = xstrdup("cpython");
	e->free_threaded = true;
	e->platform = xstrdup(platform);

	if (wheel_platform_parse(platform, &wp) != 0)
		memset(&wp, 0, sizeof wp);
	snprintf(machine, sizeof machine, "%s", wp.arch);
	if (wp.os == WOS_MACOS) {
		sys = "darwin";
		system = "Darwin";
		if (strcmp(wp.arch, "aarch64") == 0)
			snprintf(machine, sizeof machine, "arm64");
	} else if (wp.os == WOS_WINDOWS) {
		sys = "win32";
		system = "Windows";
		os = "nt";
		/* What platform.machine() says there. */
		snprintf(machine, sizeof machine, "%s", strcmp(wp.arch, "aarch64") == 0 ||
		    strcmp(wp.arch, "arm64") == 0 ? "ARM64" : "AMD64");
	}
	memset(vals, 0, sizeof vals);
	vals[MV_OS_NAME] = xstrdup(os);
	vals[MV_SYS_PLATFORM] = xstrdup(sys);
	vals[MV_PLATFORM_MACHINE] = xstrdup(machine);
	vals[MV_PLATFORM_PYTHON_IMPLEMENTATION] = xstrdup("CPython");
	vals[MV_PLATFORM_RELEASE] = xstrdup("");
	vals[MV_PLATFORM_SYSTEM] = xstrdup(system);
	vals[MV_PLATFORM_VERSION] = xstrdup("");
	vals[MV_PYTHON_VERSION] = xprintf("%d.%d", major, minor);
	vals[MV_PYTHON_FULL_VERSION] = xstrdup(e->version);
	vals[MV_IMPLEMENTATION_NAME] = xstrdup("cpython");
	vals[MV_IMPLEMENTATION_VERSION] = xstrdup(e->version);
	for (size_t i = 0; i < MV_COUNT; i++) {
		e->marker_values[i] = vals[i];
		e->markers.values[i] = vals[i];
	}
	e->markers.extras = &e->lock_extras;
	e->markers.dependency_groups = &e->lock_groups;
	return e;
}

struct dist *
lockenv_add(struct environment *e, const char *name, const char *version)
{
	struct dist *d;
	char *norm = name_normalize(name);

	for (size_t i = 0; i < e->ndists; i++) {
		if (strcmp(e->dists[i]->name, norm) == 0) {
			free(norm);
			return NULL;
		}
	}
	d = xcalloc(1, sizeof *d);
	d->name = norm;
	d->display_name = xstrdup(name);
	d->version = xstrdup(version);
	d->location = xstrdup(e->prefix);
	d->root_is_purelib = -1;
	e->dists = xreallocarray(e->dists, e->ndists + 1, sizeof *e->dists);
	e->dists[e->ndists++] = d;
	return d;
}

static int
lockenv_dist_cmp(const void *a, const void *b)
{
	const struct dist *da = *(const struct dist *const *)a;
	const struct dist *db = *(const struct dist *const *)b;

	return strcmp(da->name, db->name);
}

void
lockenv_finish(struct environment *e, const struct strlist *roots)
{
	struct graph *g;
	bool *keep;
	struct graph_node **stack;
	size_t top = 0, n = 0;

	if (e->ndists > 1)
		qsort(e->dists, e->ndists, sizeof *e->dists, lockenv_dist_cmp);
	for (size_t i = 0; i < e->ndists; i++)
		meta_parse_requires(e->dists[i]);
	if (roots->n == 0 || e->ndists == 0)
		return;
	/* The graph evaluates the markers and extras exactly as for an installed
	 * environment; what it cannot reach from the project is not installed here
	 * (pywin32 on Linux, a backport for older Pythons). */
	g = graph_build(e);
	keep = xcalloc(g->nnodes, sizeof *keep);
	stack = xcalloc(g->nnodes, sizeof *stack);
	for (size_t i = 0; i < roots->n; i++) {
		struct graph_node *r = graph_find(g, roots->v[i]);

		if (r != NULL && !keep[r->index]) {
			keep[r->index] = true;
			stack[top++] = r;
		}
	}
	while (top > 0) {
		struct graph_node *nd = stack[--top];

		for (size_t k = 0; k < nd->nedges; k++) {
			struct graph_node *to = nd->edges[k].to;

			if (to != NULL && !keep[to->index]) {
				keep[to->index] = true;
				stack[top++] = to;
			}
		}
	}
	for (size_t i = 0; i < e->ndists; i++) {
		if (keep[i])
			e->dists[n++] = e->dists[i];
		else {
			log_debug("%s is not installed for %s on %s (markers)",
			    e->dists[i]->name, e->version, e->platform);
			dist_free(e->dists[i]);
		}
	}
	e->ndists = n;
	free(stack);
	free(keep);
	graph_free(g);
}
