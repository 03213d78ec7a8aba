/* treeprobe.c: see treeprobe.h. A tree's answer depends only on its bytes (the names
 * and ids of what it holds; the file classes come from base names), so it can be kept
 * by id like a blob's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scanpat.h"
#include "treeprobe.h"
#include "util.h"

static size_t
oidset_hash(const git_oid *oid)
{
	size_t h;

	memcpy(&h, oid->id, sizeof h);	/* an object id is already uniform */
	return h;
}

struct oidslot *
oidset_find(struct oidset *s, const git_oid *oid)
{
	size_t i;

	if (s->cap == 0)
		return NULL;
	for (i = oidset_hash(oid) & (s->cap - 1); s->slots[i].used; i = (i + 1) & (s->cap - 1))
		if (git_oid_equal(&s->slots[i].oid, oid))
			return &s->slots[i];
	return NULL;
}

void
oidset_add(struct oidset *s, const git_oid *oid, unsigned flags)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct oidset bigger = { NULL, 0, s->cap == 0 ? 1024 : s->cap * 2 };

		bigger.slots = xcalloc(bigger.cap, sizeof *bigger.slots);
		for (size_t j = 0; j < s->cap; j++)
			if (s->slots[j].used)
				oidset_add(&bigger, &s->slots[j].oid, s->slots[j].flags);
		free(s->slots);
		*s = bigger;
	}
	for (i = oidset_hash(oid) & (s->cap - 1); s->slots[i].used; i = (i + 1) & (s->cap - 1))
		if (git_oid_equal(&s->slots[i].oid, oid)) {
			s->slots[i].flags = (unsigned char)flags;
			return;
		}
	git_oid_cpy(&s->slots[i].oid, oid);
	s->slots[i].used = 1;
	s->slots[i].flags = (unsigned char)flags;
	s->n++;
}

void
oidset_clear(struct oidset *s)
{
	free(s->slots);
	memset(s, 0, sizeof *s);
}

void
treeprobe_init(struct treeprobe *p, git_repository *repo, git_odb *odb, size_t max_file)
{
	memset(p, 0, sizeof *p);
	p->repo = repo;
	p->odb = odb;
	p->max_file = max_file;
}

void
treeprobe_clear(struct treeprobe *p)
{
	oidset_clear(&p->blobs);
	oidset_clear(&p->trees);
}

static int
judge_cb(const struct scanpat_match *m, void *arg)
{
	unsigned *flags = arg;

	*flags |= SEEN_MATCH;
	if (!scanpat_kind_is_optout(m->kind))
		*flags |= SEEN_SUPPORT;
	return 0;
}

unsigned
treeprobe_judge(unsigned classes, const char *data, size_t len)
{
	unsigned flags = 0;

	if (!scanpat_is_binary(data, len))
		scanpat_find(classes, data, len, judge_cb, &flags);
	return flags;
}

static int
blob_support(struct treeprobe *p, const git_tree_entry *e)
{
	const git_oid *oid = git_tree_entry_id(e);
	struct oidslot *s = oidset_find(&p->blobs, oid);
	git_odb_object *obj;
	unsigned classes, flags;
	size_t size;
	git_object_t type;

	if (s != NULL)
		return (s->flags & SEEN_SUPPORT) != 0;
	if (git_tree_entry_filemode(e) == GIT_FILEMODE_LINK ||
	    (classes = scanpat_classes(git_tree_entry_name(e))) == 0)
		return 0;
	if (git_odb_read_header(&size, &type, p->odb, oid) != 0)
		return -1;
	if (size > p->max_file) {
		oidset_add(&p->blobs, oid, 0);
		return 0;
	}
	if (git_odb_read(&obj, p->odb, oid) != 0)
		return -1;
	p->blobs_read++;
	flags = treeprobe_judge(classes, git_odb_object_data(obj), git_odb_object_size(obj));
	git_odb_object_free(obj);
	oidset_add(&p->blobs, oid, flags);
	return (flags & SEEN_SUPPORT) != 0;
}

/* One level per call: a tree deeper than SCAN_MAX_DEPTH (a hostile repository's
 * history can hold 100,000 levels) is an error, not a stack overflow. */
static int
probe_tree(struct treeprobe *p, const git_oid *id, unsigned depth)
{
	struct oidslot *s = oidset_find(&p->trees, id);
	git_tree *tree;
	int found = 0;

	if (s != NULL)
		return (s->flags & SEEN_SUPPORT) != 0;
	if (depth > SCAN_MAX_DEPTH) {
		char msg[96];

		snprintf(msg, sizeof msg, "a tree in its history is deeper than %d directories",
		    SCAN_MAX_DEPTH);
		git_error_set_str(GIT_ERROR_INVALID, msg);
		return -1;
	}
	if (git_tree_lookup(&tree, p->repo, id) != 0)
		return -1;
	p->trees_read++;
	for (size_t i = 0, n = git_tree_entrycount(tree); i < n && found == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);

		switch (git_tree_entry_type(e)) {
		case GIT_OBJECT_TREE:
			found = probe_tree(p, git_tree_entry_id(e), depth + 1);
			break;
		case GIT_OBJECT_BLOB:
			found = blob_support(p, e);
			break;
		default:	/* a submodule's commit: not in this repository */
			break;
		}
	}
	git_tree_free(tree);
	if (found >= 0)
		oidset_add(&p->trees, id, found > 0 ? SEEN_SUPPORT : 0);
	return found;
}

int
treeprobe_tree(struct treeprobe *p, const git_oid *id)
{
	return probe_tree(p, id, 0);
}

int
treeprobe_commit(struct treeprobe *p, const git_oid *id)
{
	git_commit *c;
	int rc;

	if (git_commit_lookup(&c, p->repo, id) != 0)
		return -1;
	rc = treeprobe_tree(p, git_commit_tree_id(c));
	git_commit_free(c);
	return rc;
}
