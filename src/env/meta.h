/* meta.h: one installed distribution, read from its .dist-info or .egg-info directory
 * (METADATA/PKG-INFO, WHEEL, RECORD, direct_url.json, INSTALLER, top_level.txt,
 * requires.txt). */
#ifndef FTPORT_META_H
#define FTPORT_META_H

#include <stdbool.h>

#include "util.h"

enum dist_format { DIST_INFO, EGG_INFO };

struct req;
struct project;

/* PEP 610 direct_url.json. */
enum direct_kind { DIRECT_NONE, DIRECT_URL, DIRECT_VCS, DIRECT_DIR, DIRECT_EDITABLE };

struct dist {
	char		*name;		/* normalised (PEP 503) */
	char		*display_name;	/* the Name: header as written */
	char		*version;
	char		*summary;	/* NULL when absent; raw text: sanitise before display */
	char		*requires_python;
	char		*home_page;
	struct strlist	 project_urls;	/* "Label, URL" as written */
	struct strlist	 classifiers;
	struct strlist	 requires_dist;	/* raw requirement strings, in file order */
	/* requires_dist parsed by meta_parse_requires, NULL until then: reqs[i] is NULL
	 * when requires_dist.v[i] does not parse, and req_causes[i] then says why (or is
	 * NULL). Owned by the dist; a graph borrows them. */
	struct req	**reqs;
	char		**req_causes;
	struct strlist	 provides_extra;

	enum dist_format format;
	char		*location;	/* the sys.path entry it was found on */
	char		*meta_dir;	/* full path of the .dist-info/.egg-info */

	char		*installer;	/* INSTALLER, NULL when absent */
	enum direct_kind direct;
	char		*direct_url;	/* the url of direct_url.json, NULL when absent */
	struct strlist	 top_level;

	struct strlist	 wheel_tags;	/* WHEEL Tag: lines */
	int		 root_is_purelib; /* -1 unknown, 0, 1 */

	/* From RECORD (or, for egg-info, installed-files.txt / SOURCES.txt): */
	bool		 compiled;	/* carries extension modules or native libraries */
	bool		 record_known;	/* whether a file list was found at all */
	bool		 files_pure;	/* no file list, but every top_level.txt module
					   found on disk and walked in full without native
					   code: local evidence of no compiled code */
	struct strlist	 ext_suffixes;	/* unique ABI suffixes: "cpython-311-x86_64-linux-gnu",
					   "cpython-313t-darwin", "abi3", "pyd", "so" */
	struct strlist	 warnings;	/* problems found while reading (one line each) */

	/* Judged from a lockfile (--lock), not installed: */
	struct project	*locked;	/* the wheels and sdist the lock names for this
					   release (NULL when it names none) */
	char		*registry;	/* the index the lock names for it (uv.lock's
					   source.registry, pylock.toml's index), or NULL */
	const char	*lock_source;	/* a lock's source that is not an index: "git",
					   "path", "url", "editable", "directory",
					   "virtual", "vcs", "archive"; NULL otherwise */
	char		*unpinned;	/* a requirements line without an == pin: its
					   specifier ("" for none); the newest release
					   within it is judged once the index answers */
};

/* Reads the distribution in dir (a .dist-info or .egg-info directory, or an egg-info
 * file such as "foo-1.0.egg-info" written by distutils) found on location. Returns -1
 * with *cause when nothing usable could be read (no Name or no Version). Bad files,
 * invalid UTF-8 (replaced by U+FFFD), NUL bytes and truncated files are warnings, never
 * fatal. */
int meta_read_dist(const char *location, const char *dir, struct dist **out, char **cause);
/* The same with dir's files opened relative to sitefd, an open descriptor of location,
 * where dir is called rel (AT_FDCWD and rel == dir for meta_read_dist). A scan reads
 * a site directory this way: shorter paths for the kernel to walk. sitefd may be shared
 * by threads; its file offset may be moved. */
int meta_read_dist_at(int sitefd, const char *rel, const char *location, const char *dir,
    struct dist **out, char **cause);
void dist_free(struct dist *d);
/* Parses requires_dist into reqs and req_causes (once). env's scan does it in its
 * reading threads, while the interpreter is still starting. */
void meta_parse_requires(struct dist *d);

/* For a distribution without a file list (record_known false: Debian's egg-info
 * directories, a distutils egg-info file), which files were looked at instead and what
 * they showed, one line; NULL when it has a file list or no metadata directory (a
 * lockfile's release). */
char *meta_files_note(const struct dist *d);

/* Parses the text of METADATA/PKG-INFO (RFC 822 style headers, continuation lines, the
 * body after the first blank line ignored) into d's metadata fields. */
void meta_parse_metadata(struct dist *d, const char *text, size_t len);
/* Parses RECORD (CSV) text: sets compiled and ext_suffixes. */
void meta_parse_record(struct dist *d, const char *text, size_t len);

/* The ABI suffix of an extension-module file name, or NULL when it is not one:
 * "foo.cpython-313t-x86_64-linux-gnu.so" -> "cpython-313t-x86_64-linux-gnu",
 * "foo.abi3.so" -> "abi3", "foo.cp313t-win_amd64.pyd" -> "cp313t-win_amd64",
 * "foo.so" -> "so", "foo.pyd" -> "pyd"; a dotted part that is no ABI tag ("libfoo-1.2.so")
 * counts as plain. The result lives in thread-local static storage: valid until the
 * next call in the same thread. */
char *meta_ext_suffix(const char *filename);

#endif
