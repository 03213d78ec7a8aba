/* test_project_parse.c: the Simple API parsers (PEP 691 JSON, PEP 503 HTML) on recorded
 * PyPI responses, and the URL resolution they rely on. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "project.h"
#include "url.h"
#include "util.h"

static char *
fixture(const char *rel, size_t *len)
{
	char *path = xprintf("%s/%s", FIXTURES, rel), *data, *cause = NULL;

	if (read_file(path, 64 * 1024 * 1024, &data, len, &cause) != 0)
		fail_msg("%s", cause);
	free(path);
	return data;
}

static struct project *
parse_fixture(const char *rel, const char *name, bool json, const char *base)
{
	size_t len;
	char *body = fixture(rel, &len), *cause = NULL;
	struct project *p = json ? project_parse_json(name, body, len, base, &cause) :
	    project_parse_html(name, body, len, base, &cause);

	if (p == NULL)
		fail_msg("%s: %s", rel, cause);
	free(body);
	return p;
}

static const struct project_file *
find_file(const struct project *p, const char *filename)
{
	for (size_t i = 0; i < p->nfiles; i++)
		if (strcmp(p->files[i].filename, filename) == 0)
			return &p->files[i];
	return NULL;
}

static void
test_numpy_json(void **state)
{
	struct project *p = parse_fixture("pypi/micropip/numpy_simple.json", "NumPy", true,
	    "https://pypi.org/simple/numpy/");
	size_t with_rp = 0;
	const struct project_file *f;

	assert_string_equal(p->name, "numpy");
	assert_int_equal(p->nfiles, 2210);
	assert_string_equal(p->files[0].filename, "numpy-1.0.1.dev3460.win32-py2.4.exe");
	for (size_t i = 0; i < p->nfiles; i++) {
		assert_true(str_starts_with(p->files[i].url, "https://files.pythonhosted.org/packages/"));
		assert_false(p->files[i].yanked);
		assert_null(p->files[i].yanked_reason);
		if (p->files[i].requires_python != NULL)
			with_rp++;
	}
	assert_int_equal(with_rp, 1861);
	f = find_file(p, "numpy-1.3.0.tar.gz");
	assert_non_null(f);
	assert_null(f->requires_python);
	project_free(p);
}

static void
test_other_recorded_json(void **state)
{
	static const struct { const char *rel, *name, *norm; size_t n; } cases[] = {
		{ "pypi/micropip/snowballstemmer_simple.json", "snowballstemmer", "snowballstemmer", 14 },
		{ "pypi/micropip/xo-gd_simple.json", "xo_gd", "xo-gd", 22 },
		{ "pypi/poetry/pyyaml.json", "PyYAML", "pyyaml", 11 },
		{ "pypi/poetry/discord-py.json", "discord.py", "discord-py", 2 },
		{ "pypi/poetry/requests.json", "requests", "requests", 12 },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		struct project *p = parse_fixture(cases[i].rel, cases[i].name, true,
		    "https://pypi.org/simple/x/");

		assert_string_equal(p->name, cases[i].norm);
		assert_int_equal(p->nfiles, cases[i].n);
		project_free(p);
	}
}

static void
test_pyyaml_mixed_prefixes(void **state)
{
	struct project *p = parse_fixture("pypi/poetry/pyyaml.json", "pyyaml", true,
	    "https://pypi.org/simple/pyyaml/");

	/* The recorded filenames keep PyPI's spelling (PyYAML-...). */
	assert_non_null(find_file(p, "PyYAML-3.13-cp27-cp27m-win32.whl"));
	project_free(p);
}

static void
test_yanked_and_relative_json(void **state)
{
	struct project *p = parse_fixture("pypi/derived/xo-gd_yanked.json", "xo-gd", true,
	    "https://example.org/simple/xo-gd/");

	assert_int_equal(p->nfiles, 22);
	assert_true(p->files[0].yanked);
	assert_null(p->files[0].yanked_reason);
	assert_true(p->files[1].yanked);
	assert_string_equal(p->files[1].yanked_reason, "Broken: use 0.1.3 instead");
	assert_false(p->files[2].yanked);
	assert_null(p->files[2].yanked_reason);
	assert_true(str_starts_with(p->files[2].url, "https://example.org/packages/"));
	assert_true(str_ends_with(p->files[2].url, p->files[2].filename));
	assert_true(str_starts_with(p->files[3].url, "https://example.org/root-relative/"));
	assert_string_equal(p->files[4].requires_python, ">=3.8");
	for (size_t i = 5; i < p->nfiles; i++)
		assert_false(p->files[i].yanked);
	project_free(p);
}

static void
test_html_form(void **state)
{
	struct project *html = parse_fixture("pypi/derived/snowballstemmer.html",
	    "SnowballStemmer", false, "https://user:pw@mirror.example/simple/snowballstemmer/");
	struct project *json = parse_fixture("pypi/micropip/snowballstemmer_simple.json",
	    "snowballstemmer", true, "https://pypi.org/simple/snowballstemmer/");

	assert_string_equal(html->name, "snowballstemmer");
	assert_int_equal(html->nfiles, json->nfiles);
	for (size_t i = 0; i < html->nfiles; i++) {
		const char *tail = strstr(json->files[i].url, "/packages/");

		assert_string_equal(html->files[i].filename, json->files[i].filename);
		/* Relative hrefs resolved, fragment (#sha256=) dropped. */
		assert_non_null(tail);
		assert_true(str_starts_with(html->files[i].url, "https://user:pw@mirror.example/packages/"));
		assert_string_equal(strstr(html->files[i].url, "/packages/"), tail);
		assert_null(strchr(html->files[i].url, '#'));
		if (i % 3 == 0)
			assert_string_equal(html->files[i].requires_python, ">=3.6, !=3.7.*");
		else
			assert_null(html->files[i].requires_python);
	}
	assert_false(html->files[0].yanked);
	assert_true(html->files[1].yanked);
	assert_null(html->files[1].yanked_reason);
	assert_true(html->files[2].yanked);
	assert_string_equal(html->files[2].yanked_reason,
	    "broken \"wheel\" & more \xe2\x80\x94 see #12");
	project_free(html);
	project_free(json);
}

static void
test_html_variants(void **state)
{
	const char *page =
	    "<html><body>\n"
	    "<!-- <a href=\"commented-1.0.tar.gz\">commented-1.0.tar.gz</a> -->\n"
	    "<A HREF=pkg-1.0-py3-none-any.whl DATA-YANKED>pkg-1.0-py3-none-any.whl</A>\n"
	    "<a data-requires-python='&gt;=3.9' href='https://files.example/pkg-2.0.tar.gz?x=1&amp;y=2#md5=00'>"
	    "  pkg-2.0.tar.gz  </a>\n"
	    "<a href=\"sub/pkg-3.0.zip\"></a>\n"
	    "<a>no href</a>\n"
	    "<a href=\"pkg-4&#x2e;0.tar.gz\">pkg-4&#46;0.tar.gz</a>\n"
	    "</body></html>\n";
	char *cause = NULL;
	struct project *p = project_parse_html("pkg", page, strlen(page),
	    "https://idx.example/simple/pkg/", &cause);

	assert_non_null(p);
	assert_int_equal(p->nfiles, 4);
	assert_string_equal(p->files[0].filename, "pkg-1.0-py3-none-any.whl");
	assert_string_equal(p->files[0].url, "https://idx.example/simple/pkg/pkg-1.0-py3-none-any.whl");
	assert_true(p->files[0].yanked);
	assert_null(p->files[0].yanked_reason);
	assert_string_equal(p->files[1].filename, "pkg-2.0.tar.gz");
	assert_string_equal(p->files[1].url, "https://files.example/pkg-2.0.tar.gz?x=1&y=2");
	assert_string_equal(p->files[1].requires_python, ">=3.9");
	assert_string_equal(p->files[2].filename, "pkg-3.0.zip");
	assert_string_equal(p->files[2].url, "https://idx.example/simple/pkg/sub/pkg-3.0.zip");
	assert_string_equal(p->files[3].filename, "pkg-4.0.tar.gz");
	project_free(p);

	/* <base href> moves relative links, as pip honours it. */
	page = "<html><head><base href=\"https://cdn.example/files/\"></head>"
	    "<a href=\"a-1.0.tar.gz\">a-1.0.tar.gz</a></html>";
	p = project_parse_html("a", page, strlen(page), "https://idx.example/simple/a/", &cause);
	assert_non_null(p);
	assert_string_equal(p->files[0].url, "https://cdn.example/files/a-1.0.tar.gz");
	project_free(p);

	/* An empty project page is a project with no files. */
	page = "<!DOCTYPE html><html><body><h1>Links for x</h1></body></html>";
	p = project_parse_html("x", page, strlen(page), "https://idx.example/simple/x/", &cause);
	assert_non_null(p);
	assert_int_equal(p->nfiles, 0);
	project_free(p);
}

static void
test_bad_bodies(void **state)
{
	static const struct { const char *body; bool json; const char *cause; } cases[] = {
		{ "{not json", true, "line 1" },
		{ "[1, 2]", true, "not an object" },
		{ "{\"meta\": {\"api-version\": \"1.0\"}}", true, "no \"files\" list" },
		{ "{\"meta\": {\"api-version\": \"2.0\"}, \"files\": []}", true, "unsupported Simple API version 2.0" },
		{ "", true, "empty response" },
		{ "{\"files\": [] ", true, "line 1" },
		{ "Service Unavailable", false, "not an HTML index page" },
		{ "<html><meta name=\"pypi:repository-version\" content=\"2.0\"></html>", false,
		  "unsupported Simple API version 2.0" },
		/* Quoted input never brings a control character into the message. */
		{ "<html><meta name=\"pypi:repository-version\" content=\"2\x1b[31m\n\"></html>",
		  false, "unsupported Simple API version 2?[31m?" },
		{ "{\"files\": [\x01]}", true, "line 1" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *cause = NULL;
		size_t len = strlen(cases[i].body);
		struct project *p = cases[i].json ?
		    project_parse_json("x", cases[i].body, len, "https://i/simple/x/", &cause) :
		    project_parse_html("x", cases[i].body, len, "https://i/simple/x/", &cause);

		assert_null(p);
		assert_non_null(cause);
		if (strstr(cause, cases[i].cause) == NULL)
			fail_msg("case %zu: '%s' does not mention '%s'", i, cause, cases[i].cause);
		for (const char *c = cause; *c != '\0'; c++)
			assert_true((unsigned char)*c >= 0x20 && (unsigned char)*c < 0x7f);
		free(cause);
	}
}

static void
test_skips_malformed_entries(void **state)
{
	const char *body = "{\"meta\":{\"api-version\":\"1.1\"},\"name\":\"Foo.Bar\",\"files\":["
	    "{\"filename\":\"foo_bar-1.0-py3-none-any.whl\",\"url\":\"f.whl\",\"hashes\":{}},"
	    "{\"url\":\"nofilename\"}, 42, {\"filename\":\"x.tar.gz\"},"
	    "{\"filename\":\"foo_bar-1.1.tar.gz\",\"url\":\"https://f/x.tar.gz\",\"yanked\":\"\"},"
	    "{\"filename\":\"foo_bar-1.2.tar.gz\",\"url\":\"https://f/y.tar.gz\",\"yanked\":null,"
	    "\"requires-python\":null}]}";
	char *cause = NULL;
	struct project *p = project_parse_json("foo-bar", body, strlen(body),
	    "https://i/simple/foo-bar/", &cause);

	assert_non_null(p);
	assert_string_equal(p->name, "foo-bar");
	assert_int_equal(p->nfiles, 3);
	assert_string_equal(p->files[0].url, "https://i/simple/foo-bar/f.whl");
	/* An empty reason string still means yanked. */
	assert_true(p->files[1].yanked);
	assert_null(p->files[1].yanked_reason);
	assert_false(p->files[2].yanked);
	project_free(p);
}

/* Every prefix of real bodies: a parser that reads outside input must never crash. */
static void
test_truncations(void **state)
{
	static const char *rels[] = { "pypi/derived/snowballstemmer.html",
	    "pypi/derived/xo-gd_yanked.json" };

	for (size_t r = 0; r < nitems(rels); r++) {
		size_t len;
		char *body = fixture(rels[r], &len);

		for (size_t n = 0; n <= len; n += (n < 600 ? 1 : 97)) {
			char *copy = xmalloc(n + 1), *cause = NULL;
			struct project *p;

			memcpy(copy, body, n);
			copy[n] = '\0';
			p = r == 0 ? project_parse_html("s", copy, n, "https://i/simple/s/", &cause) :
			    project_parse_json("s", copy, n, "https://i/simple/s/", &cause);
			assert_true((p == NULL) != (cause == NULL));
			project_free(p);
			free(cause);
			free(copy);
		}
		free(body);
	}
}

/* The same answer from both readings, or the same failure: direct says yes only where
 * jansson would read the same files. */
static void
same_as_dom(const char *what, const char *body, size_t len)
{
	char *c1 = NULL, *c2 = NULL;
	const char *base = "https://i.example/simple/x/";
	struct project *a = project_parse_json("x", body, len, base, &c1);
	struct project *b = project_parse_json_dom("x", body, len, base, &c2);

	if ((a == NULL) != (b == NULL))
		fail_msg("%s: direct %s, jansson %s", what, a ? "parsed" : c1, b ? "parsed" : c2);
	if (a == NULL) {
		if (strcmp(c1, c2) != 0)
			fail_msg("%s: '%s' against '%s'", what, c1, c2);
		free(c1);
		free(c2);
		return;
	}
	assert_string_equal(a->name, b->name);
	if (a->nfiles != b->nfiles)
		fail_msg("%s: %zu files against %zu", what, a->nfiles, b->nfiles);
	for (size_t i = 0; i < a->nfiles; i++) {
		const struct project_file *x = &a->files[i], *y = &b->files[i];

		assert_string_equal(x->filename, y->filename);
		assert_string_equal(x->url, y->url);
		assert_int_equal(x->yanked, y->yanked);
		assert_true((x->yanked_reason == NULL) == (y->yanked_reason == NULL));
		if (x->yanked_reason != NULL)
			assert_string_equal(x->yanked_reason, y->yanked_reason);
		assert_true((x->requires_python == NULL) == (y->requires_python == NULL));
		if (x->requires_python != NULL)
			assert_string_equal(x->requires_python, y->requires_python);
	}
	project_free(a);
	project_free(b);
}

static void
test_direct_reading(void **state)
{
	static const char *recorded[] = { "pypi/micropip/numpy_simple.json",
	    "pypi/micropip/snowballstemmer_simple.json", "pypi/micropip/xo-gd_simple.json",
	    "pypi/poetry/requests.json", "pypi/poetry/pyyaml.json",
	    "pypi/poetry/discord-py.json", "pypi/derived/xo-gd_yanked.json",
	    "pypi/draft/srconly.json", "pypi/draft/abionly.json" };
	/* Accepted by the direct reading (and equal to jansson's). */
	static const char *taken[] = {
		"{\"files\": []}",
		" \r\n\t{\"files\":[],\"name\":\"N\\u00e9-\\/x\"} \n",
		"{\"files\": [{\"filename\": \"a\\u0000b.whl\", \"url\": \"u\"},"
		    "{\"filename\": \"c.whl\", \"url\": \"u\\u0000v\", \"yanked\": \"r\\u0000s\","
		    "\"requires-python\": \">=3\\t\\\"\\\\\\b\\f\\n\\r\"},"
		    "{\"filename\": \"d\\u20ac\\u00FF.whl\", \"url\": \"\u00e9\xe2\x82\xac\xf0\x9f\x90\x8d\","
		    "\"yanked\": true, \"size\": -0, \"x\": [1.5, -12, 0, null, false, {\"a\": {}}],"
		    "\"hashes\": {\"sha256\": \"00\"}, \"\": 123456789012345678},"
		    "{\"filename\": 1, \"url\": \"u\"}, {\"filename\": \"\", \"url\": \"u\"},"
		    "{\"filename\": \"e.whl\", \"url\": null}, [], \"s\", 7],"
		    "\"meta\": {\"api-version\": \"1.4\", \"_last-serial\": 5}, \"name\": \"\\u0000z\"}",
		"{\"meta\": {\"api-version\": 1}, \"name\": 5, \"files\": [{\"yanked\": false,"
		    "\"filename\": \"f.whl\", \"url\": \"../f.whl\", \"requires-python\": 3}]}",
		"{\"meta\": [], \"files\": [{\"a\": 1, \"a \": 2, \"filename\": \"g\", \"url\": \"h\"}]}",
	};
	/* Declined (the direct reading is not sure): jansson's answer, whatever it is. */
	static const char *declined[] = {
		"[]", "{\"files\": {}}", "{}", "{\"files\": [], \"files\": []}",
		"{\"files\": [{\"url\": \"a\", \"url\": \"b\"}]}",
		"{\"files\": [], \"x\": {\"k\": 1, \"k\": 2}}",
		"{\"fi\\u006ces\": []}", "{\"files\": [], \"n\": \"\\ud83d\\ude00\"}",
		"{\"files\": [], \"n\": \"\\ud83d\"}", "{\"files\": [], \"n\": 1e5}",
		"{\"files\": [], \"n\": 12345678901234567890}", "{\"files\": [], \"n\": 01}",
		"{\"files\": [], \"n\": 1.}", "{\"files\": [], \"n\": -}", "{\"files\": [], \"n\": tru}",
		"{\"files\": [], \"n\": truex}", "{\"files\": [],}", "{\"files\": [1,]}",
		"{\"files\": []} x", "{\"files\": [\"\x01\"]}", "{\"files\": [\"\xc0\xaf\"]}",
		"{\"files\": [\"\xed\xa0\x80\"]}", "{\"files\": [\"\xf4\x90\x80\x80\"]}",
		"{\"files\": [\"\xe2\x82\"]}", "{\"files\": [\"\\x\"]}", "{\"files\": [\"\\u12\"]}",
		"{\"meta\": {\"api-version\": \"2.0\"}, \"files\": []}",
		"{\"meta\": {\"api-version\": \"x\"}, \"files\": []}", "{\"files\": [] ",
		"{\"files\" []}", "{\"files\": [] }}", "\xef\xbb\xbf{\"files\": []}",
		"{\"files\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]"
		    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
	};

	for (size_t i = 0; i < nitems(recorded); i++) {
		size_t len;
		char *body = fixture(recorded[i], &len);
		struct project *p = project_parse_json_direct("x", body, len, "https://i/simple/x/");

		if (p == NULL)
			fail_msg("%s: declined by the direct reading", recorded[i]);
		project_free(p);
		same_as_dom(recorded[i], body, len);
		/* Every prefix of the smaller ones, and one changed byte at a time. */
		if (len < 8192) {
			for (size_t n = 0; n < len; n++)
				same_as_dom(recorded[i], body, n);
			for (size_t n = 0; n < len; n++) {
				static const char subst[] = "\"\\{}[],:0 \x01\xc3u";
				char keep = body[n];

				for (size_t k = 0; k < sizeof subst - 1; k++) {
					body[n] = subst[k];
					same_as_dom(recorded[i], body, len);
				}
				body[n] = keep;
			}
		}
		free(body);
	}
	for (size_t i = 0; i < nitems(taken); i++) {
		struct project *p = project_parse_json_direct("x", taken[i], strlen(taken[i]),
		    "https://i/simple/x/");

		if (p == NULL)
			fail_msg("taken case %zu declined", i);
		project_free(p);
		same_as_dom(taken[i], taken[i], strlen(taken[i]));
	}
	for (size_t i = 0; i < nitems(declined); i++) {
		struct project *p = project_parse_json_direct("x", declined[i],
		    strlen(declined[i]), "https://i/simple/x/");

		if (p != NULL)
			fail_msg("declined case %zu taken", i);
		same_as_dom(declined[i], declined[i], strlen(declined[i]));
	}
}

/* Origins as libcurl parses them: what a token or an index password is scoped to. */
static void
test_url_origin(void **state)
{
	char *o;

	(void)state;
	assert_true(url_same_origin("HTTPS://API.GitHub.com:443/repos", "https://api.github.com"));
	assert_false(url_same_origin("https://api.github.com@evil.example/x", "https://api.github.com/"));
	assert_false(url_same_origin("http://idx.example/simple/", "https://idx.example/simple/"));
	assert_false(url_same_origin("https://idx.example:8443/", "https://idx.example/"));
	assert_false(url_same_origin("not a url", "not a url"));
	o = url_origin("https://user:pw@Idx.Example/simple/");
	assert_string_equal(o, "https://idx.example:443");
	free(o);
	o = url_host_label("http://127.0.0.1:8080/simple/");
	assert_string_equal(o, "127.0.0.1:8080");
	free(o);
	o = url_host_label("https://pypi.org/simple/");
	assert_string_equal(o, "pypi.org");
	free(o);
	assert_null(url_host_label("::"));
}

static void
test_url_resolve(void **state)
{
	static const char *cases[][3] = {
		{ "https://pypi.org/simple/numpy/", "../../packages/ab/numpy.whl",
		  "https://pypi.org/packages/ab/numpy.whl" },
		{ "https://pypi.org/simple/numpy/", "/packages/x.whl", "https://pypi.org/packages/x.whl" },
		{ "https://pypi.org/simple/numpy/", "//cdn.example/x.whl", "https://cdn.example/x.whl" },
		{ "https://pypi.org/simple/numpy/", "http://other/x.whl", "http://other/x.whl" },
		{ "https://pypi.org/simple/numpy/", "x.whl#sha256=00", "https://pypi.org/simple/numpy/x.whl#sha256=00" },
		{ "https://pypi.org/simple/numpy/?a=1", "?b=2", "https://pypi.org/simple/numpy/?b=2" },
		{ "https://pypi.org/simple/numpy/index.html", "./a/./b/../c.whl",
		  "https://pypi.org/simple/numpy/a/c.whl" },
		{ "https://pypi.org/simple/numpy/", "../../../../../x.whl", "https://pypi.org/x.whl" },
		{ "https://pypi.org", "x.whl", "https://pypi.org/x.whl" },
		{ "https://u:p@host:8080/simple/a/", "../../f/a.whl", "https://u:p@host:8080/f/a.whl" },
		{ "https://pypi.org/simple/numpy/", "", "https://pypi.org/simple/numpy/" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *r = url_resolve(cases[i][0], cases[i][1]);

		assert_string_equal(r, cases[i][2]);
		free(r);
	}
}

static void
test_url_redact(void **state)
{
	static const char *cases[][2] = {
		{ "https://user:secret@pypi.example/simple/", "https://pypi.example/simple/" },
		{ "https://tok@en@host/simple/", "https://host/simple/" },
		{ "https://host/simple/a@b/", "https://host/simple/a@b/" },
		{ "http://host:8080/x", "http://host:8080/x" },
		{ "not a url", "not a url" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *r = url_redact(cases[i][0]);

		assert_string_equal(r, cases[i][1]);
		free(r);
	}
	/* In free text (a log, pip's output): every URL, up to where a URL cannot go on. */
	static const char *text[][2] = {
		{ "$ PIP_INDEX_URL=http://user:TOKEN@127.0.0.1:9/simple/ python -m pip",
		  "$ PIP_INDEX_URL=http://127.0.0.1:9/simple/ python -m pip" },
		{ "a https://u:p@h b 'git+https://x:y@g/r.git' c",
		  "a https://h b 'git+https://g/r.git' c" },
		{ "mail me@host, see http://h/a@b", "mail me@host, see http://h/a@b" },
		{ "http://h x@y", "http://h x@y" },
		{ "ends in ://u:p@", "ends in ://" },
		{ "://", "://" },
	};
	for (size_t i = 0; i < nitems(text); i++) {
		char *r = url_redact_text(text[i][0], strlen(text[i][0]), NULL);

		assert_string_equal(r, text[i][1]);
		free(r);
	}
	assert_true(url_has_userinfo("https://u:p@h/"));
	assert_false(url_has_userinfo("https://h/u@x"));
	assert_true(url_is_http("HTTPS://pypi.org/simple/"));
	assert_true(url_is_http("http://127.0.0.1:1234/simple/"));
	assert_false(url_is_http("file:///srv/simple/"));
	assert_false(url_is_http("https://"));
	assert_false(url_is_http("pypi.org/simple"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numpy_json),
		cmocka_unit_test(test_other_recorded_json),
		cmocka_unit_test(test_pyyaml_mixed_prefixes),
		cmocka_unit_test(test_yanked_and_relative_json),
		cmocka_unit_test(test_html_form),
		cmocka_unit_test(test_html_variants),
		cmocka_unit_test(test_bad_bodies),
		cmocka_unit_test(test_skips_malformed_entries),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_direct_reading),
		cmocka_unit_test(test_url_resolve),
		cmocka_unit_test(test_url_origin),
		cmocka_unit_test(test_url_redact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
