/* gitrelease.c: see gitrelease.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gitrelease.h"
#include "util.h"

/* s without the prefix p (case-insensitive), or NULL. */
static const char *
after(const char *s, const char *p)
{
	size_t n = strlen(p);

	return strncasecmp(s, p, n) == 0 ? s + n : NULL;
}

/* The tag's version part is what pep440_parse takes (it allows a leading v) but not
 * what it forgives around it: spaces are no part of a tag's version. */
static int
parse_strict(const char *s, struct pep440_version *v)
{
	if (s == NULL || *s == '\0' || strpbrk(s, " \t") != NULL)
		return -1;
	return pep440_parse(s, v);
}

int
release_tag_version(const char *tag, const char *name, struct pep440_version *v)
{
	return release_tag_form(tag, name, v) < 0 ? -1 : 0;
}

int
release_tag_form(const char *tag, const char *name, struct pep440_version *v)
{
	static const char *fixed[] = { "release-", "release_", "rel-" };
	const char *rest;

	if (parse_strict(tag, v) == 0)
		return tag[0] == 'v' || tag[0] == 'V' ? 1 : 0;
	for (size_t i = 0; i < nitems(fixed); i++)
		if ((rest = after(tag, fixed[i])) != NULL && parse_strict(rest, v) == 0)
			return 3;
	if (name != NULL && name[0] != '\0') {
		char *norm = name_normalize(name), *under = xstrdup(norm);
		const char *names[] = { name, norm, under };
		int rc = -1;

		for (char *p = under; *p != '\0'; p++)
			if (*p == '-')
				*p = '_';
		for (size_t i = 0; i < nitems(names) && rc != 0; i++) {
			size_t n = strlen(names[i]);

			if (strncasecmp(tag, names[i], n) == 0 && (tag[n] == '-' || tag[n] == '_'))
				rc = parse_strict(tag + n + 1, v);
		}
		free(norm);
		free(under);
		if (rc == 0)
			return 2;
	}
	memset(v, 0, sizeof *v);
	return -1;
}

static int
release_cmp(const void *a, const void *b)
{
	const struct release *x = a, *y = b;
	int c = pep440_compare(&x->v, &y->v);

	/* Equal versions (v1.2 and release-1.2 both there): the plainer name first. */
	if (c != 0)
		return c;
	return x->form != y->form ? x->form - y->form : strcmp(x->tag, y->tag);
}

int
release_tags(git_repository *repo, const char *name, struct release **out, size_t *n)
{
	git_strarray names = { NULL, 0 };
	struct release *r = NULL;
	size_t nr = 0;

	*out = NULL;
	*n = 0;
	if (git_tag_list(&names, repo) != 0)
		return -1;
	r = xcalloc(names.count + 1, sizeof *r);
	for (size_t i = 0; i < names.count; i++) {
		struct pep440_version v;
		git_object *obj = NULL;
		char *ref;
		int form = release_tag_form(names.strings[i], name, &v);

		if (form < 0 || pep440_is_prerelease(&v))
			continue;
		ref = xprintf("refs/tags/%s", names.strings[i]);
		/* A tag of a tree or a blob is no release. */
		if (git_revparse_single(&obj, repo, ref) == 0) {
			git_object *c = NULL;

			if (git_object_peel(&c, obj, GIT_OBJECT_COMMIT) == 0) {
				r[nr].tag = xstrdup(names.strings[i]);
				r[nr].v = v;
				r[nr].form = form;
				pep440_format(&v, r[nr].version, sizeof r[nr].version);
				git_oid_cpy(&r[nr].commit, git_object_id(c));
				nr++;
			}
			git_object_free(c);
		}
		git_object_free(obj);
		free(ref);
	}
	git_strarray_dispose(&names);
	qsort(r, nr, sizeof *r, release_cmp);
	*out = r;
	*n = nr;
	return 0;
}

void
releases_free(struct release *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].tag);
	free(r);
}

int
history_intro(struct treeprobe *p, const git_oid *head, double deadline,
    size_t max_commits, git_oid *out)
{
	git_revwalk *walk = NULL;
	git_oid *line = NULL, id;
	size_t n = 0, alloc = 0, lo, hi;
	int rc = -1, has;

	/* The first-parent line, head first: merged branches are not on it, so the
	 * answer is the commit that brought support to the default branch. */
	if (git_revwalk_new(&walk, p->repo) != 0 || git_revwalk_push(walk, head) != 0 ||
	    git_revwalk_simplify_first_parent(walk) != 0)
		goto out;
	while (git_revwalk_next(&id, walk) == 0) {
		if (n == max_commits || (deadline > 0 && (n & 1023) == 0 && now_ms() > deadline)) {
			rc = 0;
			goto out;
		}
		if (n == alloc) {
			alloc = alloc == 0 ? 1024 : alloc * 2;
			line = xreallocarray(line, alloc, sizeof *line);
		}
		git_oid_cpy(&line[n++], &id);
	}
	if (n == 0)
		goto out;
	/* line[0] is head (declares); find the oldest index that still declares. */
	if ((has = treeprobe_commit(p, &line[n - 1])) < 0)
		goto out;
	if (has) {
		git_oid_cpy(out, &line[n - 1]);
		rc = 1;
		goto out;
	}
	lo = 0;		/* declares */
	hi = n - 1;	/* does not */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (deadline > 0 && now_ms() > deadline) {
			rc = 0;
			goto out;
		}
		if ((has = treeprobe_commit(p, &line[mid])) < 0)
			goto out;
		if (has)
			lo = mid;
		else
			hi = mid;
	}
	git_oid_cpy(out, &line[lo]);
	rc = 1;
out:
	free(line);
	git_revwalk_free(walk);
	return rc;
}
