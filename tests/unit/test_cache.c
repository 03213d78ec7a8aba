/* test_cache.c: cache entries round-trip, damaged entries are misses, keys never keep
 * credentials, freshness, and what `cache info|clear` count and remove. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "testlib.h"
#include "util.h"

static void
put(struct cache *c, const char *ns, const char *key, const char *body, const char *etag)
{
	struct cache_entry e;
	char *cause = NULL;

	memset(&e, 0, sizeof e);
	e.fetched = 1700000000;
	e.etag = (char *)etag;
	e.last_modified = (char *)"Wed, 01 Jan 2025 00:00:00 GMT";
	e.content_type = (char *)"application/vnd.pypi.simple.v1+json";
	e.body = (char *)body;
	e.len = strlen(body);
	if (cache_put(c, ns, key, &e, &cause) != 0)
		fail_msg("%s", cause);
}

static void
test_roundtrip(void **state)
{
	char *dir = xprintf("%s/rt", tl_root), *cause = NULL;
	struct cache *c = cache_open(dir, &cause);
	struct cache_entry e;
	char big[70000];

	assert_non_null(c);
	assert_string_equal(cache_dir(c), dir);
	put(c, "simple", "https://pypi.org/simple/numpy/", "{\"files\": []}", "\"abc\"");
	assert_int_equal(cache_get(c, "simple", "https://pypi.org/simple/numpy/", &e), 0);
	assert_string_equal(e.url, "https://pypi.org/simple/numpy/");
	assert_string_equal(e.body, "{\"files\": []}");
	assert_int_equal(e.len, 13);
	assert_string_equal(e.etag, "\"abc\"");
	assert_string_equal(e.last_modified, "Wed, 01 Jan 2025 00:00:00 GMT");
	assert_int_equal(e.fetched, 1700000000);
	cache_entry_clear(&e);

	/* Another key, another namespace: misses. */
	assert_int_equal(cache_get(c, "simple", "https://pypi.org/simple/scipy/", &e), -1);
	assert_int_equal(cache_get(c, "github", "https://pypi.org/simple/numpy/", &e), -1);

	/* Binary bodies (NUL bytes) and bodies larger than the header survive. */
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7);
	{
		struct cache_entry b;

		memset(&b, 0, sizeof b);
		b.fetched = 5;
		b.body = big;
		b.len = sizeof big;
		assert_int_equal(cache_put(c, "simple", "k", &b, &cause), 0);
		assert_int_equal(cache_get(c, "simple", "k", &e), 0);
		assert_int_equal(e.len, sizeof big);
		assert_memory_equal(e.body, big, sizeof big);
		assert_null(e.etag);
		cache_entry_clear(&e);
	}

	/* A 304 refreshes the time and keeps the body. */
	assert_int_equal(cache_touch(c, "simple", "https://pypi.org/simple/numpy/", 1800000000,
	    "\"def\"", NULL, &cause), 0);
	assert_int_equal(cache_get(c, "simple", "https://pypi.org/simple/numpy/", &e), 0);
	assert_int_equal(e.fetched, 1800000000);
	assert_string_equal(e.etag, "\"def\"");
	assert_string_equal(e.body, "{\"files\": []}");
	cache_entry_clear(&e);
	assert_int_equal(cache_touch(c, "simple", "https://nowhere/", 1, NULL, NULL, &cause), -1);
	free(cause);
	cache_close(c);
	free(dir);
}

static void
test_damaged_entries_are_misses(void **state)
{
	char *dir = xprintf("%s/dmg", tl_root), *cause = NULL, *path, *data;
	struct cache *c = cache_open(dir, &cause);
	const char *key = "https://pypi.org/simple/requests/";
	struct cache_entry e;
	size_t len;

	put(c, "simple", key, "{\"meta\": {\"api-version\": \"1.1\"}, \"files\": []}", "\"e\"");
	path = cache_entry_path(c, "simple", key);
	assert_int_equal(read_file(path, 1 << 20, &data, &len, &cause), 0);

	/* Every truncation, and a flipped bit anywhere: never trusted, never a crash. */
	for (size_t n = 0; n < len; n++) {
		assert_int_equal(write_file_atomic(path, data, n, &cause), 0);
		assert_int_equal(cache_get(c, "simple", key, &e), -1);
	}
	for (size_t i = 0; i < len; i++) {
		data[i] ^= 0x01;
		assert_int_equal(write_file_atomic(path, data, len, &cause), 0);
		if (cache_get(c, "simple", key, &e) == 0) {
			/* Only a flip inside a value that is not checked (etag, type) may pass,
			 * and then the body is still intact. */
			assert_string_equal(e.body, "{\"meta\": {\"api-version\": \"1.1\"}, \"files\": []}");
			assert_string_equal(e.url, key);
			cache_entry_clear(&e);
		}
		data[i] ^= 0x01;
	}
	/* Trailing bytes after the body. */
	{
		char *longer = xprintf("%.*sXX", (int)len, data);

		assert_int_equal(write_file_atomic(path, longer, len + 2, &cause), 0);
		assert_int_equal(cache_get(c, "simple", key, &e), -1);
		free(longer);
	}
	/* Restored, it reads again. */
	assert_int_equal(write_file_atomic(path, data, len, &cause), 0);
	assert_int_equal(cache_get(c, "simple", key, &e), 0);
	cache_entry_clear(&e);
	/* A directory where the file should be. */
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(cache_get(c, "simple", key, &e), -1);
	rmdir(path);
	free(data);
	free(path);
	cache_close(c);
	free(dir);
}

static bool
file_contains(const char *path, const char *needle)
{
	char *data, *cause = NULL;
	size_t len;
	bool found = false;

	if (read_file(path, 1 << 20, &data, &len, &cause) != 0) {
		free(cause);
		return false;
	}
	for (size_t i = 0; !found && i + strlen(needle) <= len; i++)
		found = memcmp(data + i, needle, strlen(needle)) == 0;
	free(data);
	return found;
}

static void
test_credentials_stripped(void **state)
{
	char *dir = xprintf("%s/cred", tl_root), *cause = NULL, *p1, *p2;
	struct cache *c = cache_open(dir, &cause);
	struct cache_entry e;

	put(c, "simple", "https://bob:hunter2@idx.example/simple/a/", "body", NULL);
	/* The same entry whoever asks: the key is the URL without credentials. */
	p1 = cache_entry_path(c, "simple", "https://bob:hunter2@idx.example/simple/a/");
	p2 = cache_entry_path(c, "simple", "https://idx.example/simple/a/");
	assert_string_equal(p1, p2);
	assert_false(file_contains(p1, "hunter2"));
	assert_false(file_contains(p1, "bob"));
	assert_int_equal(cache_get(c, "simple", "https://idx.example/simple/a/", &e), 0);
	assert_string_equal(e.url, "https://idx.example/simple/a/");
	cache_entry_clear(&e);
	/* Header values are one line each. */
	memset(&e, 0, sizeof e);
	e.body = (char *)"x";
	e.len = 1;
	e.etag = (char *)"\"a\nfetched: 99\"";
	assert_int_equal(cache_put(c, "simple", "https://idx.example/simple/c/", &e, &cause), 0);
	assert_int_equal(cache_get(c, "simple", "https://idx.example/simple/c/", &e), 0);
	assert_string_equal(e.etag, "\"afetched: 99\"");
	assert_int_equal(e.fetched, 0);
	cache_entry_clear(&e);
	free(p1);
	free(p2);
	cache_close(c);
	free(dir);
}

static void
test_freshness(void **state)
{
	struct cache_entry e;

	memset(&e, 0, sizeof e);
	e.fetched = 1000000;
	assert_true(cache_entry_fresh(&e, 3600, 1000000));
	assert_true(cache_entry_fresh(&e, 3600, 1000000 + 3599));
	assert_false(cache_entry_fresh(&e, 3600, 1000000 + 3600));
	assert_false(cache_entry_fresh(&e, 0, 1000000));
	/* From the future (a clock set back): not fresh. */
	assert_false(cache_entry_fresh(&e, 3600, 1000000 - 3000));
}

static void
test_stats_and_clear(void **state)
{
	char *dir = xprintf("%s/st", tl_root), *cause = NULL, *other, *tmp, *keep;
	struct cache *c = cache_open(dir, &cause);
	struct cache_stats st;
	struct stat sb;
	char *bad;

	for (int i = 0; i < 5; i++) {
		char *k = xprintf("https://pypi.org/simple/p%d/", i);

		put(c, i < 3 ? "simple" : "github", k, "0123456789", NULL);
		free(k);
	}
	/* Files ftport did not write: kept and not counted. */
	other = xprintf("%s/simple/notes.txt", dir);
	assert_int_equal(write_file_atomic(other, "mine", 4, &cause), 0);
	keep = xprintf("%s/README", dir);
	assert_int_equal(write_file_atomic(keep, "x", 1, &cause), 0);
	/* A leftover temporary file of an interrupted write: removed by clear. */
	tmp = xprintf("%s/simple/0123456789abcdef0123456789abcdef.entry.tmp.4242", dir);
	assert_int_equal(write_file_atomic(tmp, "half", 4, &cause), 0);
	/* An entry-named file with a bad header counts as damaged. */
	bad = xprintf("%s/simple/ffffffffffffffffffffffffffffffff.entry", dir);
	assert_int_equal(write_file_atomic(bad, "junk", 4, &cause), 0);

	assert_int_equal(cache_stats(dir, &st, &cause), 0);
	assert_int_equal(st.entries, 6);
	assert_int_equal(st.damaged, 1);
	assert_true(st.bytes > 5 * 10);

	assert_int_equal(cache_clear(dir, &st, &cause), 0);
	assert_int_equal(st.entries, 6);
	assert_int_equal(cache_stats(dir, &st, &cause), 0);
	assert_int_equal(st.entries, 0);
	assert_int_equal(st.bytes, 0);
	assert_int_equal(stat(other, &sb), 0);
	assert_int_equal(stat(keep, &sb), 0);
	assert_int_equal(stat(tmp, &sb), -1);
	/* The emptied namespace directory went; the one with a stranger in it stayed. */
	{
		char *gh = xprintf("%s/github", dir);

		assert_int_equal(stat(gh, &sb), -1);
		free(gh);
	}
	/* A cache that does not exist yet is empty, not an error. */
	{
		char *none = xprintf("%s/never-made", tl_root);

		assert_int_equal(cache_stats(none, &st, &cause), 0);
		assert_int_equal(st.entries, 0);
		free(none);
	}
	free(other);
	free(keep);
	free(tmp);
	free(bad);
	cache_close(c);
	free(dir);
}

/* The namespace directory is made once a run; if it goes away meanwhile (a `cache
 * clear` beside a running TUI), the next write makes it again. */
static void
test_namespace_removed_meanwhile(void **state)
{
	char *dir = xprintf("%s/gone", tl_root), *cause = NULL, *ns;
	struct cache *c = cache_open(dir, &cause);
	struct cache_stats st;
	struct cache_entry e;

	assert_non_null(c);
	put(c, "simple", "https://pypi.org/simple/a/", "{}", NULL);
	assert_int_equal(cache_clear(dir, &st, &cause), 0);
	assert_int_equal(st.entries, 1);
	ns = xprintf("%s/simple", dir);
	assert_int_not_equal(access(ns, F_OK), 0);
	put(c, "simple", "https://pypi.org/simple/b/", "{\"files\": []}", NULL);
	assert_int_equal(cache_get(c, "simple", "https://pypi.org/simple/b/", &e), 0);
	assert_string_equal(e.body, "{\"files\": []}");
	cache_entry_clear(&e);
	cache_close(c);
	free(ns);
	free(dir);
}

static void
test_default_dir(void **state)
{
	static const char *const vars[] = { "XDG_CACHE_HOME", "HOME", NULL };
	struct tl_env saved;
	char *cause = NULL, *d;

	tl_env_save(&saved, vars);
	setenv("XDG_CACHE_HOME", "/x/cache", 1);
	d = cache_default_dir(&cause);
	assert_string_equal(d, "/x/cache/ftport");
	free(d);
	setenv("XDG_CACHE_HOME", "relative/ignored", 1);
	setenv("HOME", "/home/u", 1);
	d = cache_default_dir(&cause);
	assert_string_equal(d, "/home/u/.cache/ftport");
	free(d);
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	assert_null(cache_default_dir(&cause));
	assert_non_null(strstr(cause, "--cache-dir"));
	free(cause);
	tl_env_restore(&saved);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_damaged_entries_are_misses),
		cmocka_unit_test(test_credentials_stripped),
		cmocka_unit_test(test_freshness),
		cmocka_unit_test(test_stats_and_clear),
		cmocka_unit_test(test_namespace_removed_meanwhile),
		cmocka_unit_test(test_default_dir),
	};

	return cmocka_run_group_tests(tests, tl_root_setup, tl_root_teardown);
}
