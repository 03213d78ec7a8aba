/* treeprobe.h: "does this tree declare free-threading support anywhere?", asked of many
 * commits of one repository (release tags, the bisection of the history). Results are
 * kept by object id, for blobs and for whole trees, so a probe of a commit close to one
 * already probed reads only the trees and blobs that changed in between. */
#ifndef FTPORT_TREEPROBE_H
#define FTPORT_TREEPROBE_H

#include <stdbool.h>
#include <stddef.h>

#include <git2.h>

/* Directories deeper than this are not walked (the head's tree by gitscan.c, the
 * history's here): the scan fails, or the history says nothing, instead of a stack
 * overflow on a hostile repository's 100,000 levels. */
#define SCAN_MAX_DEPTH 256

/* What is known of an object, by id. */
enum {
	SEEN_MATCH	= 1 << 0,	/* a blob with a declaration or an opt-out */
	SEEN_SUPPORT	= 1 << 1,	/* declares support (a blob, or a tree below it) */
};

struct oidset {
	struct oidslot {
		git_oid		oid;
		unsigned char	used, flags;
	}		*slots;
	size_t		 n, cap;	/* cap: a power of two */
};

/* The slot of oid, NULL when not there. */
struct oidslot *oidset_find(struct oidset *s, const git_oid *oid);
void oidset_add(struct oidset *s, const git_oid *oid, unsigned flags);
void oidset_clear(struct oidset *s);

struct treeprobe {
	git_repository	*repo;
	git_odb		*odb;
	size_t		 max_file;	/* larger blobs are not read */
	struct oidset	 blobs;		/* shared with gitscan.c's walks */
	struct oidset	 trees;		/* SEEN_SUPPORT or 0 */
	unsigned	 blobs_read, trees_read;
};

void treeprobe_init(struct treeprobe *p, git_repository *repo, git_odb *odb,
    size_t max_file);
void treeprobe_clear(struct treeprobe *p);
/* 1: the tree (or the commit's tree) declares support somewhere, 0: nowhere, -1: it
 * cannot be read (git_error_last says why). Opt-outs are not support. */
int treeprobe_tree(struct treeprobe *p, const git_oid *tree);
int treeprobe_commit(struct treeprobe *p, const git_oid *commit);
/* What a blob's bytes hold, as SEEN_ flags. */
unsigned treeprobe_judge(unsigned classes, const char *data, size_t len);

#endif
