/* test_draft.c: the new-issue URL: percent-encoding of non-ASCII and & # ? % in the
 * title and body, GitHub's and GitLab's forms, a body too long for 8 KB cut at a
 * character or line boundary with a note (decoded back: valid UTF-8, the note at the
 * end, the title whole); the title and body read back from a draft file. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draft.h"
#include "url.h"
#include "repo_url.h"
#include "sanitize.h"
#include "strbuf.h"
#include "util.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The value of query parameter key, percent-decoded; NULL when absent or malformed. */
static char *
param(const char *url, const char *key)
{
	const char *q = strchr(url, '?'), *p, *end;
	struct strbuf sb = STRBUF_INIT;
	size_t klen = strlen(key);

	if (q == NULL)
		return NULL;
	for (p = q + 1; p != NULL && *p != '\0'; p = end != NULL ? end + 1 : NULL) {
		end = strchr(p, '&');
		if (strncmp(p, key, klen) != 0 || p[klen] != '=')
			continue;
		strbuf_addstr(&sb, "");
		for (const char *s = p + klen + 1; *s != '\0' && *s != '&'; s++) {
			if (*s == '%') {
				int hi = hexval(s[1]), lo = hi >= 0 ? hexval(s[2]) : -1;

				if (lo < 0) {
					strbuf_release(&sb);
					return NULL;
				}
				strbuf_addch(&sb, hi * 16 + lo);
				s += 2;
			} else {
				/* Only unreserved characters go unencoded. */
				assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				    "0123456789-._~", *s));
				strbuf_addch(&sb, *s);
			}
		}
		return strbuf_detach(&sb, NULL);
	}
	return NULL;
}

static void
test_encode(void **unused)
{
	char *s;

	(void)unused;
	s = url_percent_encode("a b&c#d?e%f/g=h+i~j_k.l-m\xc3\xa9\xe6\x96\x87\n");
	assert_string_equal(s, "a%20b%26c%23d%3Fe%25f%2Fg%3Dh%2Bi~j_k.l-m%C3%A9%E6%96%87%0A");
	free(s);
	s = url_percent_encode("");
	assert_string_equal(s, "");
	free(s);
}

static void
test_url_short(void **unused)
{
	struct repo gh, gl, other;
	const char *title = "crashes & hangs #12? 100% — ça plante 文字";
	const char *body = "Line one & two\n# not a title? 50% ~ é\n";
	char *url, *t, *b;
	bool cut;

	(void)unused;
	assert_int_equal(repo_parse("https://github.com/numpy/numpy", &gh), REPO_GITHUB);
	assert_int_equal(repo_parse("https://gitlab.com/group/sub/proj", &gl), REPO_GITLAB);
	url = draft_issue_url(&gh, title, body, NULL, DRAFT_URL_MAX, &cut);
	assert_non_null(url);
	assert_false(cut);
	assert_true(str_starts_with(url, "https://github.com/numpy/numpy/issues/new?title="));
	t = param(url, "title");
	b = param(url, "body");
	assert_string_equal(t, title);
	assert_string_equal(b, body);
	free(t);
	free(b);
	free(url);

	url = draft_issue_url(&gl, title, body, NULL, DRAFT_URL_MAX, &cut);
	assert_true(str_starts_with(url,
	    "https://gitlab.com/group/sub/proj/-/issues/new?issue%5Btitle%5D="));
	t = param(url, "issue%5Btitle%5D");
	b = param(url, "issue%5Bdescription%5D");
	assert_string_equal(t, title);
	assert_string_equal(b, body);
	free(t);
	free(b);
	free(url);

	/* No forge with an issue form: no URL. */
	memset(&other, 0, sizeof other);
	other.forge = REPO_OTHER;
	other.url = (char *)"https://example.org/proj";
	assert_null(draft_issue_url(&other, title, body, NULL, DRAFT_URL_MAX, &cut));
	repo_clear(&gh);
	repo_clear(&gl);
}

static void
test_url_long(void **unused)
{
	struct repo gh;
	struct strbuf sb = STRBUF_INIT;
	char *url, *b, *t, *clean;
	bool cut;
	size_t lines = 0;

	(void)unused;
	assert_int_equal(repo_parse("https://github.com/o/r", &gh), REPO_GITHUB);
	/* Each line is 3-byte characters and & # ? %: 9 encoded bytes per character. */
	for (int i = 0; i < 400; i++)
		strbuf_addf(&sb, "line %d: 文字&#?%% été\n", i);
	url = draft_issue_url(&gh, "Title & more", strbuf_str(&sb), "in drafts/x.md",
	    DRAFT_URL_MAX, &cut);
	assert_non_null(url);
	assert_true(cut);
	assert_true(strlen(url) <= DRAFT_URL_MAX);
	assert_true(strlen(url) > DRAFT_URL_MAX - 300);	/* it uses the room it has */
	t = param(url, "title");
	assert_string_equal(t, "Title & more");
	b = param(url, "body");
	assert_non_null(b);
	/* Valid UTF-8 (sanitising changes nothing), whole lines, then the note. */
	clean = sanitize_buf(b, strlen(b), SANITIZE_KEEP_NEWLINES);
	assert_string_equal(clean, b);
	assert_true(str_ends_with(b, "\n\n_(Shortened to fit in a link: the whole draft is "
	    "in drafts/x.md.)_\n"));
	assert_true(str_starts_with(b, "line 0: 文字&#?% été\nline 1:"));
	for (const char *p = b; (p = strstr(p, " été\n")) != NULL; p++)
		lines++;
	assert_true(lines > 20);
	assert_non_null(strstr(b, " été\n\n\n_(Shortened"));
	free(clean);
	free(t);
	free(b);
	free(url);

	/* A limit the title alone does not fit: no URL rather than a broken one. */
	assert_null(draft_issue_url(&gh, "Title", strbuf_str(&sb), NULL, 60, &cut));
	strbuf_release(&sb);
	repo_clear(&gh);
}

static void
test_split(void **unused)
{
	char *title, *body;

	(void)unused;
	assert_int_equal(draft_split("<!--\nKnown upstream issues:\n- o/r#1\n-->\n\n"
	    "# The title\r\n\n\nThe body\n# Not a title\n", &title, &body), 0);
	assert_string_equal(title, "The title");
	assert_string_equal(body, "The body\n# Not a title\n");
	free(title);
	free(body);
	assert_int_equal(draft_split("no title here\n## nor here\n", &title, &body), -1);
	assert_null(title);
}

/* A draft's file name stays one plain name in drafts/, whatever the metadata said. */
static void
test_file_name(void **state)
{
	static const char *const cases[][2] = {
		{ "numpy", "numpy.md" }, { "zope.interface", "zope.interface.md" },
		{ "-/-/evil", "-_-_evil.md" }, { "../x", "_._x.md" }, { ".hidden", "_hidden.md" },
		{ "a b;c", "a_b_c.md" }, { "", "_.md" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *f = draft_file_name(cases[i][0]);

		assert_string_equal(f, cases[i][1]);
		free(f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_url_short),
		cmocka_unit_test(test_url_long),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_file_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
