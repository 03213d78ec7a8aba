/* test_upstream.c: unit tests for repo_url.c (which repository a package names, as
 * warehouse reads Project-URL labels), the forge answers' parsers in forge.c (GitHub
 * search and issue JSON, GitLab lists, Link headers) and upstream.c's order, summary
 * and cache form. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "forge.h"
#include "loop.h"
#include "meta.h"
#include "repo_url.h"
#include "snapshot.h"
#include "strbuf.h"
#include "upstream.h"
#include "testlib.h"
#include "util.h"

/* Parses url; checks the forge, the normalised URL and the path (NULL: none). */
static void
check_url(const char *url, enum repo_forge forge, const char *want_url, const char *path)
{
	struct repo r;

	memset(&r, 0, sizeof r);
	assert_int_equal(repo_parse(url, &r), forge);
	if (forge == REPO_NONE)
		return;
	assert_int_equal(r.forge, forge);
	assert_string_equal(r.url, want_url);
	if (path != NULL)
		assert_string_equal(r.path, path);
	else
		assert_null(r.path);
	repo_clear(&r);
}

static void
test_github_urls(void **state)
{
	(void)state;
	check_url("https://github.com/numpy/numpy", REPO_GITHUB, "https://github.com/numpy/numpy",
	    "numpy/numpy");
	check_url("  https://github.com/numpy/numpy/issues  ", REPO_GITHUB,
	    "https://github.com/numpy/numpy", "numpy/numpy");
	check_url("https://github.com/pallets/flask/tree/main/src", REPO_GITHUB,
	    "https://github.com/pallets/flask", "pallets/flask");
	check_url("http://www.GitHub.com/psf/requests.git", REPO_GITHUB,
	    "https://github.com/psf/requests", "psf/requests");
	check_url("https://github.com/a/b/?tab=readme#top", REPO_GITHUB, "https://github.com/a/b",
	    "a/b");
	check_url("git+https://github.com/a/b.git@v1", REPO_GITHUB, "https://github.com/a/b",
	    "a/b");
	check_url("git@github.com:owner/name.git", REPO_GITHUB, "https://github.com/owner/name",
	    "owner/name");
	check_url("ssh://git@github.com/owner/name", REPO_GITHUB,
	    "https://github.com/owner/name", "owner/name");
	/* An organisation page names no repository: a plain link. */
	check_url("https://github.com/numpy", REPO_OTHER, "https://github.com/numpy", NULL);
	check_url("https://numpy.github.io/", REPO_OTHER, "https://numpy.github.io/", NULL);
}

static void
test_gitlab_urls(void **state)
{
	(void)state;
	check_url("https://gitlab.com/group/proj", REPO_GITLAB, "https://gitlab.com/group/proj",
	    "group/proj");
	check_url("https://gitlab.com/group/sub/proj/-/issues", REPO_GITLAB,
	    "https://gitlab.com/group/sub/proj", "group/sub/proj");
	check_url("https://gitlab.example.org/g/p/-/tree/main", REPO_GITLAB,
	    "https://gitlab.example.org/g/p", "g/p");
	check_url("https://gitlab.gnome.org/GNOME/pygobject.git", REPO_GITLAB,
	    "https://gitlab.gnome.org/GNOME/pygobject", "GNOME/pygobject");
	check_url("https://gitlab.com/g/p/issues/12", REPO_GITLAB, "https://gitlab.com/g/p", "g/p");
	/* Only gitlab.com and gitlab.* hosts are GitLab. */
	check_url("https://git.example.org/g/p", REPO_OTHER, "https://git.example.org/g/p", NULL);
}

static void
test_git_urls(void **state)
{
	(void)state;
	check_url("file:///srv/git/x.git", REPO_GIT, "file:///srv/git/x.git", NULL);
	check_url("/srv/git/x", REPO_GIT, "/srv/git/x", NULL);
	check_url("https://git.example.org/x.git", REPO_GIT, "https://git.example.org/x.git", NULL);
	check_url("ssh://git@example.org/x", REPO_GIT, "ssh://git@example.org/x", NULL);
	check_url("git://example.org/x", REPO_GIT, "git://example.org/x", NULL);
	check_url("", REPO_NONE, NULL, NULL);
	check_url("UNKNOWN", REPO_NONE, NULL, NULL);
	check_url("not a url", REPO_NONE, NULL, NULL);
	check_url("https://github.com/a/b\x1b[31m", REPO_NONE, NULL, NULL);
}

static struct dist *
dist_with(const char *home, const char *const *urls)
{
	struct dist *d = xcalloc(1, sizeof *d);

	d->name = xstrdup("pkg");
	d->version = xstrdup("1.0");
	d->home_page = home != NULL ? xstrdup(home) : NULL;
	for (size_t i = 0; urls != NULL && urls[i] != NULL; i++)
		strlist_push(&d->project_urls, urls[i]);
	return d;
}

static void
check_dist(const char *home, const char *const *urls, const struct snapshot_entry *se,
    const char *override, enum repo_forge forge, const char *url, const char *from)
{
	struct dist *d = dist_with(home, urls);
	struct repo r;

	repo_for_dist(d, se, override, &r);
	assert_int_equal(r.forge, forge);
	if (url != NULL) {
		assert_string_equal(r.url, url);
		assert_string_equal(r.from, from);
	}
	repo_clear(&r);
	dist_free(d);
}

static void
test_repo_for_dist(void **state)
{
	static const char *const labels[] = {
		"Homepage, https://example.org",
		"Bug Tracker, https://github.com/o/tracker/issues",
		"Source Code, https://github.com/o/src",
		NULL
	};
	static const char *const docs_only[] = {
		"Documentation, https://github.com/o/docs-on-github/wiki", NULL
	};
	static const char *const plain[] = { "Homepage, https://example.org/", NULL };
	static const char *const git[] = { "Source, file:///srv/git/p.git", NULL };
	struct snapshot_entry se;

	(void)state;
	memset(&se, 0, sizeof se);
	se.upstream_issue = xstrdup("https://github.com/t/tracked/issues/7");
	/* "Source Code" beats "Bug Tracker" beats "Homepage", whatever the order. */
	check_dist(NULL, labels, NULL, NULL, REPO_GITHUB, "https://github.com/o/src",
	    "Project-URL Source Code");
	check_dist("https://github.com/h/home", NULL, NULL, NULL, REPO_GITHUB,
	    "https://github.com/h/home", "Home-page");
	check_dist(NULL, docs_only, NULL, NULL, REPO_GITHUB,
	    "https://github.com/o/docs-on-github", "Project-URL");
	check_dist(NULL, plain, &se, NULL, REPO_GITHUB, "https://github.com/t/tracked",
	    "tracking table");
	check_dist(NULL, plain, NULL, NULL, REPO_OTHER, "https://example.org/",
	    "Project-URL Homepage");
	check_dist(NULL, git, NULL, NULL, REPO_GIT, "file:///srv/git/p.git", "Project-URL Source");
	check_dist(NULL, labels, &se, "https://gitlab.com/g/p", REPO_GITLAB,
	    "https://gitlab.com/g/p", "--repo");
	check_dist(NULL, NULL, NULL, NULL, REPO_NONE, NULL, NULL);
	free(se.upstream_issue);
}

static void
test_issue_number(void **state)
{
	struct repo r;

	(void)state;
	assert_int_equal(repo_parse("https://github.com/numpy/numpy", &r), REPO_GITHUB);
	assert_int_equal(repo_issue_number(&r, "https://github.com/numpy/numpy/issues/26157"),
	    26157);
	assert_int_equal(repo_issue_number(&r, "https://github.com/NumPy/numpy/pull/12#x"), 12);
	assert_int_equal(repo_issue_number(&r, "https://github.com/other/numpy/issues/1"), 0);
	assert_int_equal(repo_issue_number(&r, "https://github.com/numpy/numpy/issues/x1"), 0);
	assert_int_equal(repo_issue_number(&r, NULL), 0);
	repo_clear(&r);
	assert_int_equal(repo_parse("https://gitlab.com/g/s/p", &r), REPO_GITLAB);
	assert_int_equal(repo_issue_number(&r, "https://gitlab.com/g/s/p/-/issues/5"), 5);
	assert_int_equal(repo_issue_number(&r, "https://gitlab.com/g/s/p/-/merge_requests/9"), 9);
	repo_clear(&r);
}

static const char github_search[] =
    "{\"total_count\": 40, \"incomplete_results\": false, \"items\": ["
    "{\"number\": 5, \"title\": \"Old closed\", \"state\": \"closed\", \"html_url\": "
    "\"https://github.com/o/n/issues/5\", \"updated_at\": \"2023-01-01T00:00:00Z\", "
    "\"labels\": [{\"name\": \"bug\"}, \"plain\"]},"
    "{\"number\": 7, \"title\": \"Merged PR\", \"state\": \"closed\", \"html_url\": "
    "\"https://github.com/o/n/pull/7\", \"updated_at\": \"2024-05-01T00:00:00Z\", "
    "\"labels\": [], \"pull_request\": {\"merged_at\": \"2024-05-01T00:00:00Z\"}},"
    "{\"number\": 8, \"title\": \"Closed PR\", \"state\": \"closed\", "
    "\"pull_request\": {\"merged_at\": null}},"
    "{\"number\": 9, \"title\": \"Open\", \"state\": \"open\", "
    "\"updated_at\": \"2022-01-01T00:00:00Z\"}]}";

static void
test_parse_github(void **state)
{
	struct upstream *u = upstream_new("pkg", "1.0");
	size_t total = 0;
	char *cause = NULL, *sum;
	const char *s;

	(void)state;
	assert_int_equal(forge_parse_github(u, github_search, strlen(github_search), &total,
	    &cause), 0);
	assert_int_equal(total, 40);
	assert_int_equal(u->nitems, 4);
	assert_false(u->items[0].pr);
	assert_string_equal(u->items[0].labels.v[0], "bug");
	assert_string_equal(u->items[0].labels.v[1], "plain");
	assert_true(u->items[1].pr && u->items[1].merged && !u->items[1].open);
	assert_true(u->items[2].pr && !u->items[2].merged);
	/* The same answer again (the second query) adds nothing. */
	assert_int_equal(forge_parse_github(u, github_search, strlen(github_search), NULL,
	    &cause), 0);
	assert_int_equal(u->nitems, 4);
	/* A single issue, as /repos/O/N/issues/N answers. */
	s = "{\"number\": 77, \"title\": \"Tracking\", \"state\": \"open\"}";
	assert_int_equal(forge_parse_github(u, s, strlen(s), NULL, &cause), 0);
	assert_int_equal(u->nitems, 5);
	u->items[4].tracking = true;
	upstream_sort(u);
	/* Tracking first, then open ones, then the latest update first. */
	assert_int_equal(u->items[0].number, 77);
	assert_int_equal(u->items[1].number, 9);
	assert_int_equal(u->items[2].number, 7);
	assert_int_equal(u->items[3].number, 5);
	u->state = UP_DONE;
	sum = upstream_summary(u);
	assert_string_equal(sum, "issue #77 open +4");
	free(sum);

	/* Refusals: not JSON, not a search result, an item without a number. */
	s = "{\"total_count\": 1, \"items\": [";
	assert_int_equal(forge_parse_github(u, s, strlen(s), NULL, &cause), -1);
	assert_non_null(strstr(cause, "not JSON"));
	free(cause);
	s = "[1, 2]";
	assert_int_equal(forge_parse_github(u, s, strlen(s), NULL, &cause), -1);
	free(cause);
	s = "{\"items\": [{\"title\": \"no number\", \"state\": \"open\"}]}";
	assert_int_equal(forge_parse_github(u, s, strlen(s), NULL, &cause), -1);
	free(cause);
	assert_int_equal(forge_parse_github(u, "", 0, NULL, &cause), -1);
	free(cause);
	upstream_free(u);
}

static void
test_parse_gitlab(void **state)
{
	struct upstream *u = upstream_new("pkg", NULL);
	char *cause = NULL;
	const char *issues = "[{\"iid\": 5, \"title\": \"FT\", \"state\": \"opened\", "
	    "\"labels\": [\"a\", \"b\"], \"web_url\": \"https://gitlab.com/g/p/-/issues/5\"}]";
	const char *mrs = "[{\"iid\": 5, \"title\": \"MR\", \"state\": \"merged\"}, "
	    "{\"iid\": 6, \"title\": \"MR2\", \"state\": \"closed\"}]";

	(void)state;
	assert_int_equal(forge_parse_gitlab(u, issues, strlen(issues), false, &cause), 0);
	/* Merge request !5 is not issue #5: numbered apart. */
	assert_int_equal(forge_parse_gitlab(u, mrs, strlen(mrs), true, &cause), 0);
	assert_int_equal(u->nitems, 3);
	assert_true(u->items[0].open && !u->items[0].pr);
	assert_int_equal(u->items[0].labels.n, 2);
	assert_true(u->items[1].pr && u->items[1].merged);
	assert_true(u->items[2].pr && !u->items[2].merged && !u->items[2].open);
	/* An issue said to be merged is not: only merge requests merge (found by
	 * fuzz_forge). */
	issues = "[{\"iid\": 7, \"title\": \"odd\", \"state\": \"merged\"}]";
	assert_int_equal(forge_parse_gitlab(u, issues, strlen(issues), false, &cause), 0);
	assert_false(u->items[3].merged);
	assert_int_equal(forge_parse_gitlab(u, "{\"x\": 1}", 8, false, &cause), -1);
	free(cause);
	upstream_free(u);
}

/* A page of 60,000 items, each twice: each kept once, found again by number; GitHub's
 * issues and pull requests share numbers, GitLab's do not. (Pairwise, 300,000 items
 * took 101 s; bench/ has the figure.) */
static void
test_many_items(void **state)
{
	struct upstream *u = upstream_new("many", NULL);
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL;
	size_t n = 60000;

	(void)state;
	strbuf_addstr(&sb, "{\"total_count\": 120000, \"items\": [");
	for (size_t i = 0; i < 2 * n; i++)
		strbuf_addf(&sb, "%s{\"number\": %zu, \"html_url\": \"https://github.com/o/r/"
		    "issues/%zu\", \"updated_at\": \"2026-01-01T00:00:00Z\", \"state\": "
		    "\"open\"%s}", i == 0 ? "" : ",", i % n + 1, i % n + 1,
		    i % 3 == 0 ? ", \"pull_request\": {}" : "");
	strbuf_addstr(&sb, "]}");
	assert_int_equal(forge_parse_github(u, sb.buf, sb.len, NULL, &cause), 0);
	assert_int_equal(u->nitems, n);
	for (size_t k = 1; k <= n; k += 997) {
		assert_true(upstream_has_item(u, false, k, true));
		assert_true(upstream_has_item(u, true, k, true));
	}
	assert_false(upstream_has_item(u, false, n + 1, true));
	upstream_free(u);
	strbuf_release(&sb);

	u = upstream_new("many", NULL);
	{
		const char *one = "[{\"iid\": 7, \"web_url\": \"https://gitlab.com/o/r/-/issues/"
		    "7\", \"updated_at\": \"2026-01-01T00:00:00Z\", \"state\": \"opened\"}]";

		assert_int_equal(forge_parse_gitlab(u, one, strlen(one), false, &cause), 0);
	}
	assert_true(upstream_has_item(u, false, 7, false));
	assert_false(upstream_has_item(u, true, 7, false));
	assert_true(upstream_has_item(u, true, 7, true));
	upstream_free(u);
}

static void
test_link_next(void **state)
{
	char *n;

	(void)state;
	n = forge_link_next("<https://api.github.com/x?page=2>; rel=\"next\", "
	    "<https://api.github.com/x?page=5>; rel=\"last\"");
	assert_string_equal(n, "https://api.github.com/x?page=2");
	free(n);
	n = forge_link_next("<https://a/x?page=1>; rel=\"prev\", <https://a/x?page=3>; rel=\"next\"");
	assert_string_equal(n, "https://a/x?page=3");
	free(n);
	assert_null(forge_link_next("<https://a/x?page=1>; rel=\"prev\""));
	assert_null(forge_link_next(""));
	assert_null(forge_link_next("<broken; rel=\"next\""));
	/* At most five ORs per GitHub query. */
	for (size_t i = 0; forge_github_terms[i] != NULL; i++) {
		int ors = 0;

		for (const char *p = forge_github_terms[i]; (p = strstr(p, " OR ")) != NULL; p++)
			ors++;
		assert_true(ors <= 5);
	}
}

static void
test_cache_form(void **state)
{
	struct upstream *u = upstream_new("pkg", "1.0"), *v = upstream_new("pkg", "1.0");
	char *cause = NULL;
	json_t *a;

	(void)state;
	assert_int_equal(forge_parse_github(u, github_search, strlen(github_search), NULL,
	    &cause), 0);
	u->items[1].tracking = true;
	a = upstream_items_to_json(u);
	assert_int_equal(upstream_items_from_json(v, a, &cause), 0);
	json_decref(a);
	assert_int_equal(v->nitems, u->nitems);
	for (size_t i = 0; i < u->nitems; i++) {
		assert_int_equal(v->items[i].number, u->items[i].number);
		assert_int_equal(v->items[i].pr, u->items[i].pr);
		assert_int_equal(v->items[i].merged, u->items[i].merged);
		assert_int_equal(v->items[i].open, u->items[i].open);
		assert_int_equal(v->items[i].tracking, u->items[i].tracking);
		assert_int_equal(v->items[i].labels.n, u->items[i].labels.n);
	}
	a = json_loads("[{\"number\": \"x\"}]", 0, NULL);
	assert_int_equal(upstream_items_from_json(v, a, &cause), -1);
	free(cause);
	json_decref(a);
	upstream_free(u);
	upstream_free(v);
}

static void
count_done(struct upstream *u, void *arg)
{
	(void)u;
	(*(int *)arg)++;
}

/* A package that cannot be asked fails from the loop, like any answer: until then it
 * counts as running (the TUI must not free it under a pending callback). */
static void
test_ask_without_forge(void **state)
{
	struct fetch_config fc;
	struct fetch *f;
	struct loop *l;
	struct forge *fg;
	struct forge_config cfg;
	struct upstream *u = upstream_new("pkg", "1.0");
	char *dir = tl_tmpdir("forge");
	int done = 0;

	(void)state;
	fetch_config_defaults(&fc);
	f = fetch_new(&fc);
	l = loop_new(f);
	memset(&cfg, 0, sizeof cfg);
	cfg.cache_dir = dir;
	fg = forge_new(&cfg, f, l);
	assert_int_equal(repo_parse("https://example.org/pkg", &u->repo), REPO_OTHER);
	forge_ask(fg, u, false, count_done, &done);
	assert_int_equal(u->state, UP_RUNNING);
	assert_int_equal(forge_pending(fg), 1);
	assert_int_equal(done, 0);
	for (int i = 0; i < 10 && done == 0; i++)
		loop_turn(l, NULL, 0, 100);
	assert_int_equal(done, 1);
	assert_int_equal(u->state, UP_FAILED);
	assert_non_null(strstr(u->error, "not on GitHub or GitLab"));
	assert_int_equal(forge_pending(fg), 0);
	assert_int_equal(loop_count(l), 0);
	forge_free(fg);
	loop_free(l);
	fetch_free(f);
	upstream_free(u);
	tl_rm_rf(dir);
	free(dir);
}

/* What a scan adds to a verdict's reason: only a support not yet released, only to a
 * verdict that is not fine, and nothing before the scan is known. */
static void
test_verdict_reason(void **state)
{
	struct upstream *u = upstream_new("pkg", "1.2.3");
	struct scan_result *r = xcalloc(1, sizeof *r);
	char *s;

	(void)state;
	s = upstream_verdict_reason(u, "no free-threaded wheel", ST_BLOCKED);
	assert_string_equal(s, "no free-threaded wheel");
	free(s);
	s = upstream_verdict_reason(NULL, NULL, ST_BLOCKED);
	assert_string_equal(s, "");
	free(s);
	u->scan.result = r;
	r->state = SCAN_UNRELEASED;
	strcpy(r->intro, "e6c67891234567890123456789012345678901ab");
	s = upstream_verdict_reason(u, "no free-threaded wheel", ST_BLOCKED);
	assert_string_equal(s, "no free-threaded wheel; upstream merged support after 1.2.3, "
	    "not yet released (e6c6789)");
	free(s);
	s = upstream_verdict_reason(u, "has one", ST_READY);
	assert_string_equal(s, "has one");
	free(s);
	r->intro[0] = '\0';
	s = upstream_verdict_reason(u, "", ST_SOURCE);
	assert_string_equal(s, "upstream merged support after 1.2.3, not yet released");
	free(s);
	r->state = SCAN_NO_TAG;
	r->branch = xstrdup("main");
	s = upstream_verdict_reason(u, "x", ST_UNKNOWN);
	assert_string_equal(s, "x; upstream declares support on main, no tag found for 1.2.3");
	free(s);
	r->state = SCAN_RELEASED;
	s = upstream_verdict_reason(u, "x", ST_UNKNOWN);
	assert_string_equal(s, "x");
	free(s);
	u->scan.running = true;		/* a rescan: the old result is not trusted meanwhile */
	r->state = SCAN_UNRELEASED;
	s = upstream_verdict_reason(u, "x", ST_UNKNOWN);
	assert_string_equal(s, "x");
	free(s);
	u->scan.running = false;
	upstream_free(u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_github_urls),
		cmocka_unit_test(test_gitlab_urls),
		cmocka_unit_test(test_git_urls),
		cmocka_unit_test(test_repo_for_dist),
		cmocka_unit_test(test_issue_number),
		cmocka_unit_test(test_parse_github),
		cmocka_unit_test(test_parse_gitlab),
		cmocka_unit_test(test_many_items),
		cmocka_unit_test(test_link_next),
		cmocka_unit_test(test_cache_form),
		cmocka_unit_test(test_ask_without_forge),
		cmocka_unit_test(test_verdict_reason),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
