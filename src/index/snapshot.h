/* snapshot.h: the bundled snapshot (data/snapshot.json, built by
 * tools/make-snapshot.py): what the community knew about packages on a given day,
 * the answer when the index cannot be reached. */
#ifndef FTPORT_SNAPSHOT_H
#define FTPORT_SNAPSHOT_H

#include <stdbool.h>
#include <time.h>

#include "verdict.h"

/* hugovk's verdict on the latest release of a package. */
enum snapshot_wheels {
	SNAP_WHEELS_UNLISTED,	/* not in the top-package results */
	SNAP_WHEELS_FT,		/* a free-threaded wheel exists */
	SNAP_WHEELS_NONE,	/* compiled wheels, none free-threaded */
	SNAP_WHEELS_PURE	/* compiled wheels plus a pure-Python one */
};

struct snapshot_entry {
	char			*name;		/* normalised */
	enum snapshot_wheels	 wheels;
	char			*ft_wheel_since; /* "2024-08-19" or NULL */
	bool			 tracked;	/* in the community tracking table */
	char			*tracked_as;	/* its display name there, or NULL */
	char			*upstream_issue; /* URL or NULL */
	bool			 pypi_release;	/* tracking: released on PyPI with support */
	char			*first_version;	/* tracking: first version with support */
	bool			 tested_in_ci;
	char			*nightly;	/* URL of nightly wheels or NULL */
};

/* The top-package history (tools/make-snapshot.py): of today's top packages, how many
 * had had a free-threaded wheel by the end of each month. */
struct snapshot_month {
	char			 month[8];	/* "2024-08" */
	int			 ready;
};

struct snapshot_history {
	char			*repo;		/* "hugovk/free-threaded-wheels" */
	char			*first;		/* the first day seen: "2024-08-12" */
	char			*last;		/* the last day a package was first seen */
	int			 top;		/* packages in today's results (360) */
	int			 packages;	/* packages with a day in the history */
	struct snapshot_month	*months;	/* ascending */
	size_t			 nmonths;
};

struct snapshot {
	char			*path;		/* the file it was read from */
	char			*date;		/* "2026-06-14" */
	struct snapshot_history	*history;	/* NULL when the file has none */
	struct snapshot_entry	*entries;	/* sorted by name */
	size_t			 nentries;
};

/* Where snapshot.json is looked for, in order: $FTPORT_DATA_DIR, the installed data
 * directory, the source tree's data/ (uninstalled runs). Returns the first that
 * exists, or NULL. */
char *snapshot_default_path(void);
/* The same search for any file of data/ (the draft template): the first path that
 * exists, or NULL. */
char *data_file_path(const char *name);
/* Reads the snapshot at path (NULL: snapshot_default_path). -1 and *cause (one line)
 * when it is missing or malformed. */
int snapshot_load(const char *path, struct snapshot **out, char **cause);
void snapshot_free(struct snapshot *s);
/* Whole days from the snapshot's date to now, -1 when the date does not parse. */
long snapshot_age_days(const struct snapshot *s, time_t now);
/* The entry for a name (normalised here), or NULL. */
const struct snapshot_entry *snapshot_lookup(const struct snapshot *s, const char *name);
/* Judges an installed version from the snapshot alone: fills v (status, reason,
 * fix_version; source VS_SNAPSHOT; target and platform copied). Returns false, leaving
 * v untouched, when the snapshot does not know the package. why: what went wrong with
 * the index, folded into the reason ("timed out"), may be NULL. */
bool snapshot_judge(const struct snapshot *s, const char *name, const char *version,
    const char *target, const char *platform, const char *why, struct verdict *v);

#endif
