/* test_index.c: the index client and the fetch engine against tests/fakeindex.py on
 * 127.0.0.1: JSON and HTML indexes, the cache (fresh, stale, corrupt, offline), every
 * injected fault in one batch with normal projects, and hosts that cannot be reached
 * (refused, unresolvable, hanging). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "cache.h"
#include "fetch.h"
#include "index.h"
#include "strbuf.h"
#include "util.h"

extern char **environ;

struct server {
	pid_t	 pid;
	int	 stdin_fd;	/* closing it stops the server */
	int	 port;
};

static struct server json_srv = { -1, -1, 0 }, html_srv = { -1, -1, 0 };
static char tmpdir[] = "/tmp/ftport-test-index-XXXXXX";
static int ncache;

static void
server_start_with(struct server *s, const char *const *extra, size_t nextra)
{
	const char *py = getenv("PYTHON3") != NULL && *getenv("PYTHON3") != '\0' ?
	    getenv("PYTHON3") : "python3";
	char *script = xprintf("%s/../fakeindex.py", FIXTURES);
	char *micropip = xprintf("%s/pypi/micropip", FIXTURES);
	char *poetry = xprintf("%s/pypi/poetry", FIXTURES);
	char *wl = xprintf("%s/wheel-lists/ftready-374287e-files.json", FIXTURES);
	const char *argv[32] = { py, script, "--json-dir", micropip, "--json-dir", poetry,
	    "--wheel-list", wl, "--slow-ms", "3000", "--lifetime", "600",
	    "--exit-on-stdin-eof" };
	size_t argc = 13;
	posix_spawn_file_actions_t fa;
	int in[2], out[2], rc;
	char line[64];
	size_t got = 0;
	struct pollfd pfd;

	for (size_t i = 0; i < nextra && argc < nitems(argv) - 1; i++)
		argv[argc++] = extra[i];
	argv[argc] = NULL;
	if (pipe(in) != 0 || pipe(out) != 0)
		fail_msg("pipe: %s", strerror(errno));
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addclose(&fa, in[0]);
	posix_spawn_file_actions_addclose(&fa, out[1]);
	rc = posix_spawnp(&s->pid, py, &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		fail_msg("cannot start %s %s: %s", py, script, strerror(rc));
	close(in[0]);
	close(out[1]);
	s->stdin_fd = in[1];
	/* The first line is the port; wait for it by polling, never a fixed sleep. */
	pfd.fd = out[0];
	pfd.events = POLLIN;
	while (got < sizeof line - 1 && memchr(line, '\n', got) == NULL) {
		ssize_t n;

		if (poll(&pfd, 1, 30000) <= 0)
			fail_msg("the fake index did not say its port within 30 s");
		if ((n = read(out[0], line + got, sizeof line - 1 - got)) <= 0)
			fail_msg("the fake index exited before saying its port");
		got += (size_t)n;
		line[got] = '\0';
	}
	line[got] = '\0';
	close(out[0]);
	s->port = atoi(line);
	assert_true(s->port > 0);
	free(script);
	free(micropip);
	free(poetry);
	free(wl);
}

static void
server_start(struct server *s, bool html_only)
{
	const char *extra[] = { "--html-only" };

	server_start_with(s, extra, html_only ? 1 : 0);
}

static void
server_stop(struct server *s)
{
	if (s->pid <= 0)
		return;
	close(s->stdin_fd);
	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
	s->pid = -1;
}

static size_t
collect(char *data, size_t size, size_t nmemb, void *arg)
{
	strbuf_add(arg, data, size * nmemb);
	return size * nmemb;
}

/* A plain blocking GET for the fake index's control endpoints. */
static char *
http_get(const struct server *s, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *url = xprintf("http://127.0.0.1:%d%s", s->port, path);
	CURL *c = curl_easy_init();
	CURLcode rc;

	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sb);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	rc = curl_easy_perform(c);
	curl_easy_cleanup(c);
	free(url);
	if (rc != CURLE_OK)
		fail_msg("GET %s: %s", path, curl_easy_strerror(rc));
	return strbuf_detach(&sb, NULL);
}

static void
server_reset(const struct server *s)
{
	free(http_get(s, "/_reset"));
}

/* From /_stats: "count", "conditional" or "not_modified" of one path, or "total". */
static long
server_stat(const struct server *s, const char *path, const char *what)
{
	char *body = http_get(s, "/_stats");
	json_t *root = json_loads(body, 0, NULL), *v;
	long n;

	assert_non_null(root);
	if (path == NULL)
		v = json_object_get(root, "total");
	else
		v = json_object_get(json_object_get(json_object_get(root, "paths"), path), what);
	n = json_is_integer(v) ? (long)json_integer_value(v) : 0;
	json_decref(root);
	free(body);
	return n;
}

static char *
new_cache_dir(void)
{
	return xprintf("%s/cache%d", tmpdir, ++ncache);
}

struct result {
	const char		*name;
	const struct index_answer *a;
	double			 at;	/* ms since the batch started */
};

struct batch {
	struct result	*r;
	size_t		 n, done;
	double		 start;
};

static void
on_answer(const struct index_answer *a, void *arg)
{
	struct result *r = arg;

	if (r->a != NULL)
		fail_msg("%s answered twice", r->name);
	r->a = a;
	r->at = now_ms();
}

struct client {
	struct fetch		*f;
	struct index_client	*ic;
};

static void
client_open(struct client *c, const struct server *s, const char *cache_dir,
    bool offline, bool refresh, long ttl, long timeout_ms)
{
	struct fetch_config fc;
	struct index_config ixc;
	char *url = xprintf("http://127.0.0.1:%d/simple/", s->port), *cause = NULL;

	fetch_config_defaults(&fc);
	fc.backoff_ms = 100;
	if (timeout_ms > 0)
		fc.timeout_ms = timeout_ms;
	c->f = fetch_new(&fc);
	index_config_defaults(&ixc);
	ixc.index_url = url;
	ixc.cache_dir = cache_dir;
	ixc.offline = offline;
	ixc.refresh = refresh;
	ixc.ttl_seconds = ttl;
	c->ic = index_new(&ixc, c->f, &cause);
	if (c->ic == NULL)
		fail_msg("index_new: %s", cause);
	free(url);
}

static void
client_close(struct client *c)
{
	index_free(c->ic);
	fetch_free(c->f);
}

/* Asks for every name and runs the loop until all have answered (or 60 s pass). */
static struct result *
run_batch(struct client *c, const char *const *names, size_t n)
{
	struct result *r = xcalloc(n, sizeof *r);
	double start = now_ms();
	size_t done;

	for (size_t i = 0; i < n; i++) {
		r[i].name = names[i];
		index_request(c->ic, names[i], on_answer, &r[i]);
		/* Answers never arrive inside index_request, even from the cache. */
		assert_null(r[i].a);
	}
	do {
		fetch_run_once(c->f, NULL, 0, 1000);
		done = 0;
		for (size_t i = 0; i < n; i++)
			done += r[i].a != NULL;
		if (now_ms() - start > 60000)
			fail_msg("only %zu of %zu answers after 60 s", done, n);
	} while (done < n);
	for (size_t i = 0; i < n; i++)
		r[i].at -= start;
	assert_int_equal(fetch_pending(c->f), 0);
	return r;
}

static const char *const normal[] = { "numpy", "snowballstemmer", "PyYAML", "discord.py",
    "requests", "xo_gd", "certifi", "pydantic-core" };

static void
check_normal(const struct result *r, size_t n, enum verdict_source source)
{
	for (size_t i = 0; i < n; i++) {
		const struct index_answer *a = r[i].a;

		if (a->error != NULL)
			fail_msg("%s: %s", r[i].name, a->error);
		assert_non_null(a->project);
		assert_string_equal(a->name, r[i].name);
		assert_int_equal(a->source, source);
		assert_true(a->project->nfiles > 0);
		if (strcmp(r[i].name, "numpy") == 0)
			assert_int_equal(a->project->nfiles, 2210);
		if (strcmp(r[i].name, "discord.py") == 0)
			assert_string_equal(a->project->name, "discord-py");
	}
}

static void
test_json_and_html(void **state)
{
	struct client cj, ch;
	char *dj = new_cache_dir(), *dh = new_cache_dir();
	struct result *rj, *rh;
	size_t n = nitems(normal);

	server_reset(&json_srv);
	client_open(&cj, &json_srv, dj, false, false, 0, 0);
	client_open(&ch, &html_srv, dh, false, false, 0, 0);
	assert_true(str_starts_with(index_url(cj.ic), "http://127.0.0.1:"));
	assert_string_equal(index_url_origin(cj.ic), "--index-url");
	rj = run_batch(&cj, normal, n);
	rh = run_batch(&ch, normal, n);
	check_normal(rj, n, VS_INDEX);
	check_normal(rh, n, VS_INDEX);
	/* The two forms of the Simple API give the same files. */
	for (size_t i = 0; i < n; i++) {
		const struct project *pj = rj[i].a->project, *ph = rh[i].a->project;

		assert_int_equal(pj->nfiles, ph->nfiles);
		for (size_t k = 0; k < pj->nfiles; k++) {
			assert_string_equal(pj->files[k].filename, ph->files[k].filename);
			assert_int_equal(pj->files[k].yanked, ph->files[k].yanked);
			if (pj->files[k].requires_python == NULL)
				assert_null(ph->files[k].requires_python);
			else
				assert_string_equal(pj->files[k].requires_python, ph->files[k].requires_python);
		}
	}
	/* One request per project, none redirected: names are normalised first. */
	assert_int_equal(fetch_request_count(cj.f), n);
	assert_int_equal(server_stat(&json_srv, NULL, NULL), (long)n);
	assert_int_equal(server_stat(&json_srv, "/simple/discord-py/", "count"), 1);
	free(rj);
	free(rh);
	client_close(&cj);
	client_close(&ch);
	free(dj);
	free(dh);
}

static void
test_cache_fresh_then_stale(void **state)
{
	char *dir = new_cache_dir();
	struct client c;
	struct result *r;
	size_t n = nitems(normal);

	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, false, 0, 0);
	free(run_batch(&c, normal, n));
	client_close(&c);
	assert_int_equal(server_stat(&json_srv, NULL, NULL), (long)n);

	/* Fresh: no request at all. */
	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, false, 0, 0);
	r = run_batch(&c, normal, n);
	check_normal(r, n, VS_CACHE);
	assert_int_equal(fetch_request_count(c.f), 0);
	assert_int_equal(server_stat(&json_srv, NULL, NULL), 0);
	free(r);
	client_close(&c);

	/* Stale (a TTL that has always passed): one conditional request each, 304. */
	client_open(&c, &json_srv, dir, false, false, -1, 0);
	r = run_batch(&c, normal, n);
	check_normal(r, n, VS_INDEX);
	assert_int_equal(fetch_request_count(c.f), n);
	assert_int_equal(server_stat(&json_srv, "/simple/numpy/", "count"), 1);
	assert_int_equal(server_stat(&json_srv, "/simple/numpy/", "conditional"), 1);
	assert_int_equal(server_stat(&json_srv, "/simple/numpy/", "not_modified"), 1);
	assert_int_equal(server_stat(&json_srv, NULL, NULL), (long)n);
	free(r);
	client_close(&c);

	/* --refresh revalidates fresh entries the same way. */
	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, true, 0, 0);
	r = run_batch(&c, normal, n);
	check_normal(r, n, VS_INDEX);
	assert_int_equal(server_stat(&json_srv, "/simple/certifi/", "not_modified"), 1);
	assert_int_equal(server_stat(&json_srv, NULL, NULL), (long)n);
	free(r);
	client_close(&c);

	/* The 304s refreshed the entries: fresh again, no requests. */
	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, false, 0, 0);
	free(run_batch(&c, normal, n));
	assert_int_equal(fetch_request_count(c.f), 0);
	client_close(&c);
	free(dir);
}

static void
damage(const char *path, int how)
{
	char *data, *cause = NULL;
	size_t len;

	if (read_file(path, 64 * 1024 * 1024, &data, &len, &cause) != 0)
		fail_msg("%s", cause);
	if (how == 0)
		len /= 2;			/* truncated */
	else if (how == 1)
		data[len - 10] ^= 0x20;		/* one bit of the body */
	else
		memcpy(data, "garbage!", 8);	/* the header */
	if (write_file_atomic(path, data, len, &cause) != 0)
		fail_msg("%s", cause);
	free(data);
}

static void
test_cache_corrupt_entry(void **state)
{
	static const char *const names[] = { "numpy", "requests", "snowballstemmer" };
	char *dir = new_cache_dir(), *cause = NULL;
	struct client c;
	struct result *r;
	struct cache *cache;

	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, false, 0, 0);
	free(run_batch(&c, names, 3));
	client_close(&c);

	cache = cache_open(dir, &cause);
	assert_non_null(cache);
	for (int i = 0; i < 3; i++) {
		char *url = xprintf("http://127.0.0.1:%d/simple/%s/", json_srv.port, names[i]);
		char *path = cache_entry_path(cache, "simple", url);

		damage(path, i);
		free(path);
		free(url);
	}
	cache_close(cache);

	/* Damaged entries are misses: each project is fetched again, unconditionally. */
	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, false, 0, 0);
	r = run_batch(&c, names, 3);
	check_normal(r, 3, VS_INDEX);
	assert_int_equal(server_stat(&json_srv, NULL, NULL), 3);
	assert_int_equal(server_stat(&json_srv, "/simple/numpy/", "conditional"), 0);
	free(r);
	client_close(&c);

	/* ...and written back whole. */
	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, false, 0, 0);
	r = run_batch(&c, names, 3);
	check_normal(r, 3, VS_CACHE);
	assert_int_equal(server_stat(&json_srv, NULL, NULL), 0);
	free(r);
	client_close(&c);
	free(dir);
}

static void
test_offline(void **state)
{
	static const char *const names[] = { "numpy", "requests", "no-such-project" };
	char *dir = new_cache_dir();
	struct client c;
	struct result *r;
	double t0;

	/* Empty cache: an answer for each at once, no request, no hang. */
	server_reset(&json_srv);
	t0 = now_ms();
	client_open(&c, &json_srv, dir, true, false, 0, 0);
	r = run_batch(&c, names, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_null(r[i].a->project);
		assert_string_equal(r[i].a->error, "not in the cache (offline)");
		assert_int_equal(r[i].a->source, VS_NONE);
	}
	assert_true(now_ms() - t0 < 5000);
	assert_int_equal(fetch_request_count(c.f), 0);
	assert_int_equal(server_stat(&json_srv, NULL, NULL), 0);
	free(r);
	client_close(&c);

	/* Filled (then stale): offline answers from the cache whatever its age. */
	client_open(&c, &json_srv, dir, false, false, 0, 0);
	free(run_batch(&c, names, 2));
	client_close(&c);
	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, true, false, -1, 0);
	r = run_batch(&c, names, 3);
	check_normal(r, 2, VS_CACHE);
	assert_string_equal(r[2].a->error, "not in the cache (offline)");
	assert_int_equal(server_stat(&json_srv, NULL, NULL), 0);
	free(r);
	client_close(&c);
	free(dir);
}

static const struct result *
find(const struct result *r, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].name, name) == 0)
			return &r[i];
	fail_msg("no result for %s", name);
	return NULL;
}

static void
expect_error(const struct result *r, size_t n, const char *name, const char *text)
{
	const struct result *x = find(r, n, name);

	if (x->a->error == NULL)
		fail_msg("%s: no error (expected '%s')", name, text);
	if (strstr(x->a->error, text) == NULL)
		fail_msg("%s: error '%s' does not say '%s'", name, x->a->error, text);
	assert_null(x->a->project);
	assert_null(strchr(x->a->error, '\n'));
}

static void
expect_ok(const struct result *r, size_t n, const char *name)
{
	const struct result *x = find(r, n, name);

	if (x->a->error != NULL)
		fail_msg("%s: %s", name, x->a->error);
	assert_non_null(x->a->project);
	assert_true(x->a->project->nfiles > 0);
}

static void
test_faults_cost_only_their_package(void **state)
{
	static const char *const names[] = { "numpy", "fault-404", "fault-429",
	    "fault-429-date", "fault-429-long", "fault-500", "fault-500-once", "fault-slow", "certifi",
	    "fault-truncated", "fault-badjson", "fault-redirect", "fault-huge",
	    "fault-empty", "requests", "no-such-project", "snowballstemmer" };
	size_t n = nitems(names);
	char *dir = new_cache_dir();
	struct client c;
	struct result *r;
	struct rusage ru;

	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, false, 0, 2000);
	r = run_batch(&c, names, n);
	for (size_t i = 0; i < n; i++)
		print_message("%-18s %6.0f ms  %s\n", r[i].name, r[i].at,
		    r[i].a->error != NULL ? r[i].a->error : "ok");

	expect_ok(r, n, "numpy");
	expect_ok(r, n, "certifi");
	expect_ok(r, n, "requests");
	expect_ok(r, n, "snowballstemmer");
	assert_int_equal(find(r, n, "numpy")->a->project->nfiles, 2210);

	expect_error(r, n, "fault-404", "not on the index");
	assert_true(find(r, n, "fault-404")->a->not_found);
	expect_error(r, n, "no-such-project", "not on the index");
	assert_true(find(r, n, "no-such-project")->a->not_found);
	/* 429 with Retry-After: 1, then the page: waited at least the second. */
	expect_ok(r, n, "fault-429");
	assert_true(find(r, n, "fault-429")->at >= 1000);
	assert_int_equal(server_stat(&json_srv, "/simple/fault-429/", "count"), 2);
	expect_ok(r, n, "fault-429-date");
	assert_true(find(r, n, "fault-429-date")->at >= 1000);
	assert_int_equal(server_stat(&json_srv, "/simple/fault-429-date/", "count"), 2);
	expect_error(r, n, "fault-429-long", "asks to wait 3600 s; try again after ");
	assert_int_equal(server_stat(&json_srv, "/simple/fault-429-long/", "count"), 1);
	expect_error(r, n, "fault-500", "HTTP 500 after 3 attempts");
	expect_ok(r, n, "fault-500-once");
	assert_int_equal(server_stat(&json_srv, "/simple/fault-500-once/", "count"), 2);
	expect_error(r, n, "fault-slow", "timed out after 2 s (3 attempts)");
	expect_error(r, n, "fault-truncated", "response cut short: ");
	expect_error(r, n, "fault-truncated", "(3 attempts)");
	expect_error(r, n, "fault-badjson", "invalid JSON from the index: ");
	expect_error(r, n, "fault-empty", "invalid JSON from the index: empty response");
	expect_ok(r, n, "fault-redirect");
	assert_int_equal(find(r, n, "fault-redirect")->a->project->nfiles, 14);
	expect_error(r, n, "fault-huge", "response larger than the 64 MB cap");
	assert_int_equal(find(r, n, "fault-404")->a->source, VS_NONE);

	/* The cap stopped the 100 MB body near 64 MB: memory stayed bounded. */
	getrusage(RUSAGE_SELF, &ru);
	assert_true(ru.ru_maxrss < 1024L * 1024);	/* KB on Linux: under 1 GB */

	/* Failures are not cached; successes are. */
	free(r);
	client_close(&c);
	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, false, 0, 1000);
	{
		static const char *const again[] = { "numpy", "fault-badjson", "fault-404" };

		r = run_batch(&c, again, 3);
		assert_int_equal(r[0].a->source, VS_CACHE);
		assert_non_null(r[1].a->error);
		assert_non_null(r[2].a->error);
		assert_int_equal(server_stat(&json_srv, NULL, NULL), 2);
		free(r);
	}
	client_close(&c);
	free(dir);
}

static void
test_retry_after_honoured(void **state)
{
	static const char *const names[] = { "fault-429" };
	char *dir = new_cache_dir();
	struct client c;
	struct result *r;
	double t0;

	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, false, 0, 0);
	t0 = now_ms();
	r = run_batch(&c, names, 1);
	assert_null(r[0].a->error);
	assert_true(now_ms() - t0 >= 1000);
	assert_int_equal(fetch_request_count(c.f), 2);
	free(r);
	client_close(&c);
	free(dir);
}

/* The loop keeps turning while a retry waits: other answers are not held up. */
static void
test_retry_does_not_block(void **state)
{
	static const char *const names[] = { "fault-429", "requests" };
	char *dir = new_cache_dir();
	struct client c;
	struct result *r;

	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, false, 0, 0);
	r = run_batch(&c, names, 2);
	assert_null(r[1].a->error);
	assert_true(r[1].at < r[0].at);
	assert_true(r[0].at >= 1000);
	free(r);
	client_close(&c);
	free(dir);
}

static bool
dir_contains(const char *dir, const char *needle)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool found = false;

	if (d == NULL)
		return false;
	while (!found && (de = readdir(d)) != NULL) {
		char *path, *data, *cause = NULL;
		struct stat sb;
		size_t len;

		if (de->d_name[0] == '.')
			continue;
		path = xprintf("%s/%s", dir, de->d_name);
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			found = dir_contains(path, needle);
		else if (read_file(path, 64 * 1024 * 1024, &data, &len, &cause) == 0) {
			for (size_t i = 0; !found && i + strlen(needle) <= len; i++)
				found = memcmp(data + i, needle, strlen(needle)) == 0;
			free(data);
		} else
			free(cause);
		free(path);
	}
	closedir(d);
	return found;
}

static void
test_credentials_never_stored(void **state)
{
	static const char *const names[] = { "snowballstemmer", "requests" };
	char *dir = new_cache_dir(), *cause = NULL;
	char *url = xprintf("http://alice:s3cr3t-t0ken@127.0.0.1:%d/simple", html_srv.port);
	struct strlist extra = STRLIST_INIT;
	struct fetch_config fc;
	struct index_config ixc;
	struct fetch *f;
	struct index_client *ic;
	struct result r[2];

	memset(r, 0, sizeof r);
	fetch_config_defaults(&fc);
	f = fetch_new(&fc);
	index_config_defaults(&ixc);
	ixc.index_url = url;
	/* A second index, so that every file says which index offered it. */
	strlist_push_owned(&extra, xprintf("http://carol:s3cr3t-t0ken@127.0.0.1:%d/simple/",
	    json_srv.port));
	ixc.extra_index_urls = &extra;
	ixc.cache_dir = dir;
	ic = index_new(&ixc, f, &cause);
	assert_non_null(ic);
	/* Shown without the password; a trailing '/' added. */
	assert_null(strstr(index_url(ic), "s3cr3t"));
	assert_true(str_ends_with(index_url(ic), "/simple/"));
	for (int i = 0; i < 2; i++) {
		r[i].name = names[i];
		index_request(ic, names[i], on_answer, &r[i]);
	}
	while (r[0].a == NULL || r[1].a == NULL)
		fetch_run_once(f, NULL, 0, 1000);
	for (int i = 0; i < 2; i++) {
		assert_null(r[i].a->error);
		assert_true(r[i].a->project->nfiles > 0);
		/* What each file shows of its index carries no credentials. */
		for (size_t k = 0; k < r[i].a->project->nfiles; k++) {
			const char *from = r[i].a->project->files[k].index;

			assert_non_null(from);
			assert_true(str_starts_with(from, "http://127.0.0.1:"));
			assert_null(strstr(from, "s3cr3t"));
		}
	}
	assert_false(dir_contains(dir, "s3cr3t"));
	assert_false(dir_contains(dir, "alice"));
	assert_false(dir_contains(dir, "carol"));
	index_free(ic);
	fetch_free(f);
	strlist_clear(&extra);
	free(url);
	free(dir);
}

static void
test_bad_index_url(void **state)
{
	struct fetch_config fc;
	struct index_config ixc;
	struct fetch *f;
	char *cause = NULL, *dir = new_cache_dir();

	fetch_config_defaults(&fc);
	f = fetch_new(&fc);
	index_config_defaults(&ixc);
	ixc.index_url = "file:///srv/simple/";
	ixc.cache_dir = dir;
	assert_null(index_new(&ixc, f, &cause));
	assert_non_null(strstr(cause, "not an http:// or https:// URL"));
	free(cause);
	fetch_free(f);
	free(dir);
}

struct got {
	bool		 done;
	long		 status;
	char		*body;
	size_t		 len;
	char		*content_type;
	char		*effective_url;
	char		*error;
};

static void
on_fetch(struct fetch_response *r, void *arg)
{
	struct got *g = arg;

	g->done = true;
	g->status = r->status;
	g->body = r->body;		/* taken: the engine frees what is left */
	r->body = NULL;
	g->len = r->len;
	g->content_type = r->content_type != NULL ? xstrdup(r->content_type) : NULL;
	g->effective_url = r->effective_url != NULL ? xstrdup(r->effective_url) : NULL;
	g->error = r->error != NULL ? xstrdup(r->error) : NULL;
}

static void
got_clear(struct got *g)
{
	free(g->body);
	free(g->content_type);
	free(g->effective_url);
	free(g->error);
	memset(g, 0, sizeof *g);
}

/* A TCP port on 127.0.0.1 that nothing listens on: bound by the OS, then closed. */
static int
dead_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	assert_true(fd >= 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = 0;
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

/* An index that cannot be reached at all: the first refused connection marks the host
 * down, and all 50 projects fail at once with the same line, after one or two
 * attempts in all instead of three each. Another host on the same engine is not held
 * up, and a request made after the failure fails without a transfer. */
static void
test_unreachable_index(void **state)
{
	enum { N = 50 };
	struct fetch_config fc;
	struct index_config ixc;
	struct fetch *f;
	struct index_client *ic;
	char *cause = NULL, *dir = new_cache_dir(), *url, *want, *live;
	const char *names[N];
	struct result r[N], late;
	struct got g;
	int port = dead_port();
	double t0, took;
	unsigned long before;

	url = xprintf("http://127.0.0.1:%d/simple/", port);
	want = xprintf("cannot reach 127.0.0.1:%d: could not connect", port);
	memset(r, 0, sizeof r);
	memset(&late, 0, sizeof late);
	memset(&g, 0, sizeof g);
	server_reset(&json_srv);
	fetch_config_defaults(&fc);
	fc.backoff_ms = 50;
	f = fetch_new(&fc);
	index_config_defaults(&ixc);
	ixc.index_url = url;
	ixc.cache_dir = dir;
	ic = index_new(&ixc, f, &cause);
	assert_non_null(ic);
	t0 = now_ms();
	for (int i = 0; i < N; i++) {
		names[i] = xprintf("pkg%d", i);
		r[i].name = names[i];
		index_request(ic, names[i], on_answer, &r[i]);
	}
	live = xprintf("http://127.0.0.1:%d/simple/requests/", json_srv.port);
	fetch_get(f, live, NULL, on_fetch, &g);
	free(live);
	for (;;) {
		size_t done = 0;

		for (int i = 0; i < N; i++)
			done += r[i].a != NULL;
		if (done == N && g.done)
			break;
		if (now_ms() - t0 > 30000)
			fail_msg("only %zu of %d answers after 30 s", done, N);
		fetch_run_once(f, NULL, 0, 1000);
	}
	took = now_ms() - t0;
	print_message("%d projects on a dead port: %.0f ms, %lu requests in all\n", N, took,
	    fetch_request_count(f));
	for (int i = 0; i < N; i++) {
		assert_non_null(r[i].a->error);
		if (!str_starts_with(r[i].a->error, want))
			fail_msg("%s: '%s', want '%s...'", r[i].name, r[i].a->error, want);
		assert_null(strchr(r[i].a->error, '\n'));
		assert_false(r[i].a->not_found);
		assert_int_equal(r[i].a->source, VS_NONE);
	}
	/* Every answer carries the same line. */
	for (int i = 1; i < N; i++)
		assert_string_equal(r[i].a->error, r[0].a->error);
	/* One attempt to the dead port (two allowed), plus the one to the live server. */
	assert_true(fetch_request_count(f) <= 3);
	assert_true(took < 3000);
	assert_null(g.error);
	assert_int_equal(g.status, 200);
	assert_int_equal(server_stat(&json_srv, "/simple/requests/", "count"), 1);

	/* Asked later: failed from the next turn, which does not wait, and no transfer. */
	before = fetch_request_count(f);
	late.name = "late";
	index_request(ic, "late", on_answer, &late);
	assert_null(late.a);
	assert_int_equal(fetch_pending(f), 1);
	t0 = now_ms();
	fetch_run_once(f, NULL, 0, 5000);
	assert_true(now_ms() - t0 < 2500);
	assert_non_null(late.a);
	assert_string_equal(late.a->error, r[0].a->error);
	assert_int_equal(fetch_request_count(f), before);
	assert_int_equal(fetch_pending(f), 0);

	got_clear(&g);
	index_free(ic);
	fetch_free(f);
	for (int i = 0; i < N; i++)
		free((char *)names[i]);
	free(url);
	free(want);
	free(dir);
}

/* A name that cannot resolve (RFC 6761 reserves .invalid): the same, with the lookup
 * named as the reason. */
static void
test_unresolvable_index(void **state)
{
	enum { N = 20 };
	struct fetch_config fc;
	struct index_config ixc;
	struct fetch *f;
	struct index_client *ic;
	char *cause = NULL, *dir = new_cache_dir();
	const char *names[N];
	struct result r[N];
	double t0;

	memset(r, 0, sizeof r);
	fetch_config_defaults(&fc);
	/* Longer than any resolver's own timeout: a slow "no" is still a lookup failure. */
	fc.timeout_ms = 40000;
	f = fetch_new(&fc);
	index_config_defaults(&ixc);
	ixc.index_url = "https://ftport-test.invalid/simple/";
	ixc.cache_dir = dir;
	ic = index_new(&ixc, f, &cause);
	assert_non_null(ic);
	t0 = now_ms();
	for (int i = 0; i < N; i++) {
		names[i] = xprintf("pkg%d", i);
		r[i].name = names[i];
		index_request(ic, names[i], on_answer, &r[i]);
	}
	for (;;) {
		size_t done = 0;

		for (int i = 0; i < N; i++)
			done += r[i].a != NULL;
		if (done == N)
			break;
		if (now_ms() - t0 > 60000)
			fail_msg("only %zu of %d answers after 60 s", done, N);
		fetch_run_once(f, NULL, 0, 1000);
	}
	print_message("%d projects on an unresolvable host: %.0f ms, %lu requests\n", N,
	    now_ms() - t0, fetch_request_count(f));
	for (int i = 0; i < N; i++) {
		if (r[i].a->error == NULL ||
		    strcmp(r[i].a->error, "cannot reach ftport-test.invalid: could not resolve host") != 0)
			fail_msg("%s: '%s'", r[i].name, r[i].a->error);
	}
	index_free(ic);
	fetch_free(f);
	for (int i = 0; i < N; i++)
		free((char *)names[i]);
	free(dir);
}

/* A request waiting to retry after a 503 fails at once, with the same line, when its
 * host is then found down: it does not sit out its 5 s backoff. The server is a
 * listening socket here that answers once and closes. */
static void
test_retry_fails_when_host_down(void **state)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	struct fetch_config fc;
	struct fetch *f;
	struct got g[2];
	struct curl_waitfd w;
	struct strbuf req = STRBUF_INIT;
	int lfd, cfd = -1;
	char buf[4096], *url, *want;
	double t0;
	static const char reply[] = "HTTP/1.1 503 Service Unavailable\r\n"
	    "Content-Length: 0\r\nConnection: close\r\n\r\n";

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(lfd >= 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sin, &len), 0);
	assert_int_equal(listen(lfd, 8), 0);
	url = xprintf("http://127.0.0.1:%d/simple/", ntohs(sin.sin_port));
	want = xprintf("cannot reach 127.0.0.1:%d: could not connect", ntohs(sin.sin_port));

	memset(g, 0, sizeof g);
	fetch_config_defaults(&fc);
	fc.backoff_ms = 5000;
	f = fetch_new(&fc);
	t0 = now_ms();
	{
		char *u = xprintf("%sfirst/", url);

		fetch_get(f, u, NULL, on_fetch, &g[0]);
		free(u);
	}
	/* The loop's extra descriptor says when the connection is there to accept. */
	w.fd = lfd;
	w.events = CURL_WAIT_POLLIN;
	while (cfd < 0) {
		if (now_ms() - t0 > 10000)
			fail_msg("no connection within 10 s");
		fetch_run_once(f, &w, 1, 1000);
		if (w.revents & CURL_WAIT_POLLIN)
			cfd = accept(lfd, NULL, NULL);
	}
	/* The whole request, then one 503, and nobody listens any more. */
	while (strstr(strbuf_str(&req), "\r\n\r\n") == NULL) {
		ssize_t n;
		struct pollfd pfd = { cfd, POLLIN, 0 };

		if (poll(&pfd, 1, 100) == 0) {
			fetch_run_once(f, NULL, 0, 0);
			continue;
		}
		if ((n = read(cfd, buf, sizeof buf)) <= 0)
			fail_msg("the request was cut short");
		strbuf_add(&req, buf, (size_t)n);
	}
	assert_int_equal(write(cfd, reply, sizeof reply - 1), (ssize_t)(sizeof reply - 1));
	close(cfd);
	close(lfd);
	/* A few turns: the 503 is read and the request waits for its retry. */
	for (int i = 0; i < 5; i++)
		fetch_run_once(f, NULL, 0, 20);
	assert_false(g[0].done);

	/* Another request to the host: refused, so the host is down. */
	{
		char *u = xprintf("%ssecond/", url);

		fetch_get(f, u, NULL, on_fetch, &g[1]);
		free(u);
	}
	while (!g[0].done || !g[1].done) {
		if (now_ms() - t0 > 20000)
			fail_msg("no answers within 20 s");
		fetch_run_once(f, NULL, 0, 1000);
	}
	print_message("retry cut short after %.0f ms: %s\n", now_ms() - t0, g[0].error);
	assert_true(now_ms() - t0 < 4000);
	for (int i = 0; i < 2; i++) {
		if (g[i].error == NULL || !str_starts_with(g[i].error, want))
			fail_msg("request %d: '%s', want '%s...'", i, g[i].error, want);
		got_clear(&g[i]);
	}
	assert_int_equal(fetch_request_count(f), 2);
	fetch_free(f);
	strbuf_release(&req);
	free(url);
	free(want);
}

/* A host whose connections hang (a listener whose backlog is full drops the SYNs): a
 * timeout is not a host found down. Every request gets its own attempt and its own
 * "timed out"; the rest do not wait for the first one past the probe's grace. */
static void
test_timeout_is_not_down(void **state)
{
	enum { N = 6, NFILL = 3 };
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	struct fetch_config fc;
	struct fetch *f;
	struct got g[N];
	int lfd, fill[NFILL];
	double t0, took;
	size_t done;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(lfd >= 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sin, sizeof sin), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sin, &len), 0);
	assert_int_equal(listen(lfd, 0), 0);
	/* Fill the accept queue; nothing ever accepts. */
	for (int i = 0; i < NFILL; i++) {
		fill[i] = socket(AF_INET, SOCK_STREAM, 0);
		assert_true(fill[i] >= 0);
		fcntl(fill[i], F_SETFL, fcntl(fill[i], F_GETFL) | O_NONBLOCK);
		(void)connect(fill[i], (struct sockaddr *)&sin, sizeof sin);
	}

	memset(g, 0, sizeof g);
	fetch_config_defaults(&fc);
	fc.timeout_ms = 3000;
	fc.max_retries = 0;
	f = fetch_new(&fc);
	t0 = now_ms();
	for (int i = 0; i < N; i++) {
		char *url = xprintf("http://127.0.0.1:%d/simple/pkg%d/", ntohs(sin.sin_port), i);

		fetch_get(f, url, NULL, on_fetch, &g[i]);
		free(url);
	}
	do {
		fetch_run_once(f, NULL, 0, 1000);
		done = 0;
		for (int i = 0; i < N; i++)
			done += g[i].done;
		if (now_ms() - t0 > 30000)
			fail_msg("only %zu of %d answers after 30 s", done, N);
	} while (done < N);
	took = now_ms() - t0;
	print_message("%d requests to a host that never answers: %.0f ms, %lu requests\n", N,
	    took, fetch_request_count(f));
	for (int i = 0; i < N; i++) {
		if (g[i].error == NULL || strstr(g[i].error, "timed out after 3 s") == NULL)
			fail_msg("request %d: '%s', want a timeout", i, g[i].error);
		got_clear(&g[i]);
	}
	assert_int_equal(fetch_request_count(f), N);
	/* One at a time would take N * 3 s; the probe's grace lets the rest go together. */
	assert_true(took < 9000);
	fetch_free(f);
	for (int i = 0; i < NFILL; i++)
		close(fill[i]);
	close(lfd);
}

/* fetch_defer and extra descriptors: the loop wakes for a ready pipe. */
static void
deferred(void *arg)
{
	(*(int *)arg)++;
}

static void
test_fetch_loop(void **state)
{
	struct fetch_config fc;
	struct fetch *f;
	int calls = 0, p[2];
	struct curl_waitfd w;
	double t0;

	fetch_config_defaults(&fc);
	f = fetch_new(&fc);
	fetch_defer(f, deferred, &calls);
	assert_int_equal(fetch_pending(f), 1);
	assert_int_equal(calls, 0);
	t0 = now_ms();
	fetch_run_once(f, NULL, 0, 5000);
	assert_int_equal(calls, 1);
	assert_true(now_ms() - t0 < 2500);	/* a deferred call means no wait */
	assert_int_equal(fetch_pending(f), 0);

	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	w.fd = p[0];
	w.events = CURL_WAIT_POLLIN;
	w.revents = 0;
	t0 = now_ms();
	fetch_run_once(f, &w, 1, 5000);
	assert_true(w.revents & CURL_WAIT_POLLIN);
	assert_true(now_ms() - t0 < 2500);
	close(p[0]);
	close(p[1]);
	fetch_free(f);
}

/* Stats of one path as a string field (the user agent). */
static char *
server_stat_str(const struct server *s, const char *path, const char *what)
{
	char *body = http_get(s, "/_stats"), *out;
	json_t *root = json_loads(body, 0, NULL), *v;

	assert_non_null(root);
	v = json_object_get(json_object_get(json_object_get(root, "paths"), path), what);
	out = xstrdup(json_is_string(v) ? json_string_value(v) : "");
	json_decref(root);
	free(body);
	return out;
}

/* The engine itself: a 301 for a name that is not normalised is followed, gzip is
 * asked for and decoded, the User-Agent names ftport, and 404 is not an error. */
static void
test_fetch_redirect_gzip_agent(void **state)
{
	struct fetch_config fc;
	struct fetch *f;
	struct got g[2];
	struct strlist h = STRLIST_INIT;
	char *url, *ua;

	memset(g, 0, sizeof g);
	server_reset(&json_srv);
	fetch_config_defaults(&fc);
	f = fetch_new(&fc);
	strlist_push(&h, "Accept: application/vnd.pypi.simple.v1+json");
	url = xprintf("http://127.0.0.1:%d/simple/Discord.Py", json_srv.port);
	fetch_get(f, url, &h, on_fetch, &g[0]);
	free(url);
	url = xprintf("http://127.0.0.1:%d/nothing-here", json_srv.port);
	fetch_get(f, url, NULL, on_fetch, &g[1]);
	free(url);
	strlist_clear(&h);
	while (!g[0].done || !g[1].done)
		fetch_run_once(f, NULL, 0, 1000);

	assert_null(g[0].error);
	assert_int_equal(g[0].status, 200);
	assert_true(str_ends_with(g[0].effective_url, "/simple/discord-py/"));
	assert_string_equal(g[0].content_type, "application/vnd.pypi.simple.v1+json");
	assert_true(g[0].len > 0 && g[0].body[0] == '{');
	assert_int_equal(strlen(g[0].body), g[0].len);
	assert_int_equal(server_stat(&json_srv, "/simple/Discord.Py", "count"), 1);
	assert_int_equal(server_stat(&json_srv, "/simple/discord-py/", "gzip"), 1);
	ua = server_stat_str(&json_srv, "/simple/discord-py/", "user_agent");
	assert_true(str_starts_with(ua, "ftport/"));
	free(ua);
	assert_null(g[1].error);
	assert_int_equal(g[1].status, 404);
	assert_int_equal(fetch_request_count(f), 2);
	got_clear(&g[0]);
	got_clear(&g[1]);

	/* Freeing the engine with transfers queued and running: no callback, no leak. */
	url = xprintf("http://127.0.0.1:%d/simple/fault-slow/", json_srv.port);
	fetch_get(f, url, NULL, on_fetch, &g[0]);
	fetch_run_once(f, NULL, 0, 0);
	fetch_get(f, url, NULL, on_fetch, &g[1]);
	free(url);
	assert_int_equal(fetch_pending(f), 2);
	fetch_free(f);
	assert_false(g[0].done);
	assert_false(g[1].done);
}

/* When the index cannot be reached, a stale cached answer is better than none. */
static void
test_stale_answer_when_index_down(void **state)
{
	static const char *const names[] = { "requests", "certifi", "numpy" };
	struct server s = { -1, -1, 0 };
	char *dir = new_cache_dir();
	struct client c;
	struct result *r;

	server_start(&s, false);
	client_open(&c, &s, dir, false, false, 0, 0);
	free(run_batch(&c, names, 2));
	server_stop(&s);
	/* Same URL (the cache key), nobody listening, every entry stale. */
	client_close(&c);
	client_open(&c, &s, dir, false, false, -1, 0);
	r = run_batch(&c, names, 3);
	check_normal(r, 2, VS_CACHE);
	assert_non_null(r[2].a->error);
	assert_true(str_starts_with(r[2].a->error, "cannot reach 127.0.0.1:"));
	free(r);
	client_close(&c);
	free(dir);
}

static void
test_invalid_names(void **state)
{
	static const char *const names[] = { "", "../../etc/passwd", "a/b", "x y", "ok.Name_" };
	char *dir = new_cache_dir();
	struct client c;
	struct result *r;

	server_reset(&json_srv);
	client_open(&c, &json_srv, dir, false, false, 0, 0);
	r = run_batch(&c, names, 5);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(r[i].a->error, "not a valid project name");
		assert_null(r[i].a->project);
	}
	/* A valid name that the index does not have. */
	assert_string_equal(r[4].a->error, "not on the index");
	assert_int_equal(server_stat(&json_srv, "/simple/ok-name/", "count"), 1);
	assert_int_equal(server_stat(&json_srv, NULL, NULL), 1);
	free(r);
	client_close(&c);
	free(dir);
}

/* Requests run side by side: 48 projects at 100 ms each over 8 connections take
 * about 0.6 s; one at a time would take 4.8 s. Only a loose bound is asserted. */
static void
test_concurrency(void **state)
{
	static const char *const extra[] = { "--synthetic", "48", "--latency-ms", "100" };
	struct server s = { -1, -1, 0 };
	const char *names[48];
	char *dir = new_cache_dir();
	struct client c;
	struct result *r;
	double t0, took;

	server_start_with(&s, extra, nitems(extra));
	for (int i = 0; i < 48; i++)
		names[i] = xprintf("pkg%d", i);
	client_open(&c, &s, dir, false, false, 0, 0);
	t0 = now_ms();
	r = run_batch(&c, names, 48);
	took = now_ms() - t0;
	print_message("48 projects, 100 ms each, 8 connections: %.0f ms\n", took);
	for (int i = 0; i < 48; i++) {
		assert_null(r[i].a->error);
		assert_true(r[i].a->project->nfiles > 0);
	}
	assert_true(took < 3600);
	assert_int_equal(server_stat(&s, NULL, NULL), 48);
	free(r);
	client_close(&c);
	for (int i = 0; i < 48; i++)
		free((char *)names[i]);
	server_stop(&s);
	free(dir);
}

/* A cache directory that cannot be made: answers still come, uncached, with a warning. */
static void
test_no_cache_dir(void **state)
{
	static const char *const names[] = { "requests" };
	char *file = xprintf("%s/a-file", tmpdir), *dir = xprintf("%s/a-file/cache", tmpdir);
	char *cause = NULL;
	struct fetch_config fc;
	struct index_config ixc;
	struct client c;
	struct result *r;
	char *url = xprintf("http://127.0.0.1:%d/simple/", json_srv.port);

	assert_int_equal(write_file_atomic(file, "x", 1, &cause), 0);
	fetch_config_defaults(&fc);
	c.f = fetch_new(&fc);
	index_config_defaults(&ixc);
	ixc.index_url = url;
	ixc.cache_dir = dir;
	c.ic = index_new(&ixc, c.f, &cause);
	assert_non_null(c.ic);
	assert_null(index_cache_dir(c.ic));
	assert_non_null(index_warning(c.ic));
	assert_true(str_starts_with(index_warning(c.ic), "no cache: "));
	r = run_batch(&c, names, 1);
	check_normal(r, 1, VS_INDEX);
	free(r);
	client_close(&c);
	free(url);
	free(file);
	free(dir);
}

static int
setup(void **state)
{
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	/* Every server here is on 127.0.0.1 (or nowhere): never through a proxy. */
	unsetenv("http_proxy");
	unsetenv("HTTP_PROXY");
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	server_start(&json_srv, false);
	server_start(&html_srv, true);
	return 0;
}

static void
rm_rf(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;

	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *p;

			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			p = xprintf("%s/%s", path, de->d_name);
			rm_rf(p);
			free(p);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

static int
teardown(void **state)
{
	server_stop(&json_srv);
	server_stop(&html_srv);
	rm_rf(tmpdir);
	curl_global_cleanup();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fetch_loop),
		cmocka_unit_test(test_json_and_html),
		cmocka_unit_test(test_cache_fresh_then_stale),
		cmocka_unit_test(test_cache_corrupt_entry),
		cmocka_unit_test(test_offline),
		cmocka_unit_test(test_faults_cost_only_their_package),
		cmocka_unit_test(test_retry_after_honoured),
		cmocka_unit_test(test_retry_does_not_block),
		cmocka_unit_test(test_credentials_never_stored),
		cmocka_unit_test(test_bad_index_url),
		cmocka_unit_test(test_unreachable_index),
		cmocka_unit_test(test_unresolvable_index),
		cmocka_unit_test(test_timeout_is_not_down),
		cmocka_unit_test(test_retry_fails_when_host_down),
		cmocka_unit_test(test_fetch_redirect_gzip_agent),
		cmocka_unit_test(test_stale_answer_when_index_down),
		cmocka_unit_test(test_invalid_names),
		cmocka_unit_test(test_concurrency),
		cmocka_unit_test(test_no_cache_dir),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
