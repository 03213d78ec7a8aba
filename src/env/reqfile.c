/* reqfile.c: pip requirements files read as a lock: == pins, -r includes, --hash
 * options, markers and extras; a line without a pin is judged at the newest release
 * the index has within its specifier, and says so. */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lockenv.h"
#include "reqfile.h"
#include "req.h"
#include "strbuf.h"
#include "util.h"

/* -r chains deeper than this are a loop that realpath did not catch. */
#define REQFILE_MAX_DEPTH	32
#define REQFILE_MAX_SIZE	(64u << 20)

/* Options pip takes in a requirements file that choose nothing to install. */
static const char *const reqfile_ignored[] = {
	"-i", "--index-url", "--extra-index-url", "--no-index", "-f", "--find-links",
	"--pre", "--prefer-binary", "--only-binary", "--no-binary", "--require-hashes",
	"--trusted-host", "--use-feature", "-Z", "--always-unzip",
};

struct reqfile {
	struct environment	*e;
	struct strlist		 seen;		/* realpaths read so far (include loops) */
	size_t			 nvalid;	/* requirement lines understood, kept or not */
	size_t			 ninvalid;	/* lines left out as not understood */
	char			*first_invalid;	/* the first of those, "path:line: why" */
};

static int reqfile_parse(struct reqfile *rf, const char *path, int depth, char **cause);
static int reqfile_lines(struct reqfile *rf, const char *path, char *text, int depth,
    char **cause);

/* The directory part of path ("" when none), for includes relative to their file. */
static char *
reqfile_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? xstrndup(path, (size_t)(slash - path + 1)) : xstrdup("");
}

/* An option's argument: "-r file", "-rfile", "--requirement=file",
 * "--requirement file". NULL when the line is not that option. */
static const char *
reqfile_optarg(const char *line, const char *shortopt, const char *longopt)
{
	size_t n;

	if (shortopt != NULL && str_starts_with(line, shortopt)) {
		n = strlen(shortopt);
		if (line[n] == '\0' || isspace((unsigned char)line[n]) || line[1] != '-')
			return str_trim((char *)line + n);
	}
	n = strlen(longopt);
	if (str_starts_with(line, longopt) && (line[n] == '=' ||
	    isspace((unsigned char)line[n])))
		return str_trim((char *)line + n + 1);
	return NULL;
}

/* "pkg @ url", "./dir", "file:..", "https://...#egg=name": the name from #egg= (or the
 * PEP 508 name); NULL when the line does not say it. */
static char *
reqfile_egg_name(const char *spec)
{
	const char *egg = strstr(spec, "#egg=");
	size_t n;

	if (egg == NULL)
		return NULL;
	egg += 5;
	n = strcspn(egg, "&[ \t");
	return n > 0 ? xstrndup(egg, n) : NULL;
}

/* A line that cannot be used: said, and left out (msg is taken). */
static void
reqfile_warn(struct reqfile *rf, const char *path, int lineno, char *msg)
{
	char *w = xprintf("%s:%d: %s", path, lineno, msg);

	rf->ninvalid++;
	if (rf->first_invalid == NULL)
		rf->first_invalid = xstrdup(w);
	strlist_push_owned(&rf->e->warnings, w);
	free(msg);
}

static void
reqfile_direct(struct reqfile *rf, const char *path, int lineno, const char *spec,
    bool editable)
{
	char *name = reqfile_egg_name(spec);
	struct dist *d;

	if (name == NULL) {
		reqfile_warn(rf, path, lineno, xprintf("%s names no package (add "
		    "#egg=NAME); left out", spec));
		return;
	}
	rf->nvalid++;
	if ((d = lockenv_add(rf->e, name, editable ? "(editable)" : "(url)")) != NULL) {
		d->direct = editable ? DIRECT_EDITABLE : DIRECT_URL;
		d->direct_url = xstrndup(spec, strcspn(spec, "#"));
	}
	free(name);
}

/* One requirement line, its per-requirement options (--hash ...) cut off. */
static void
reqfile_requirement(struct reqfile *rf, const char *path, int lineno, char *line)
{
	struct req *r;
	struct dist *d;
	char *cause = NULL, *opt;
	const char *spec, *version = NULL;

	for (opt = line; (opt = strstr(opt, "--")) != NULL; opt += 2) {
		if (opt > line && isspace((unsigned char)opt[-1])) {
			*opt = '\0';
			break;
		}
	}
	line = str_trim(line);
	if (*line == '\0')
		return;
	if (*line == '.' || *line == '/' || str_starts_with(line, "file:") ||
	    (strstr(line, "://") != NULL && strchr(line, '@') == NULL)) {
		reqfile_direct(rf, path, lineno, line, false);
		return;
	}
	if ((r = req_parse(line, &cause)) == NULL) {
		reqfile_warn(rf, path, lineno, cause);
		return;
	}
	rf->nvalid++;
	if (r->marker != NULL && !marker_eval(r->marker, &rf->e->markers, "")) {
		log_debug("%s:%d: %s is not installed for %s on %s (its marker)", path,
		    lineno, r->name, rf->e->version, rf->e->platform);
		req_free(r);
		return;
	}
	spec = r->specifier;
	if (r->url == NULL && !strchr(spec, ',') && !strchr(spec, '*')) {
		if (str_starts_with(spec, "==="))
			version = spec + 3;
		else if (str_starts_with(spec, "=="))
			version = spec + 2;
	}
	d = lockenv_add(rf->e, r->display_name, version != NULL ? version :
	    r->url != NULL ? "(url)" : "unpinned");
	if (d == NULL) {
		reqfile_warn(rf, path, lineno, xprintf("%s is listed again; the first "
		    "line counts", r->display_name));
	} else if (r->url != NULL) {
		d->direct = DIRECT_URL;
		d->direct_url = xstrdup(r->url);
	} else if (version == NULL)
		d->unpinned = xstrdup(spec);
	req_free(r);
}

static int
reqfile_include(struct reqfile *rf, const char *path, const char *arg, int depth,
    char **cause)
{
	char *dir, *inc;
	int rc;

	if (*arg == '\0')
		return *cause = xstrdup("-r needs a file name"), -1;
	if (strstr(arg, "://") != NULL)
		return *cause = xprintf("-r %s: requirements from a URL are not read", arg),
		    -1;
	dir = reqfile_dir(path);
	inc = *arg == '/' ? xstrdup(arg) : xprintf("%s%s", dir, arg);
	rc = reqfile_parse(rf, inc, depth + 1, cause);
	free(inc);
	free(dir);
	return rc;
}

/* Logical lines: a trailing backslash joins the next; comments start at a '#' at the
 * start or after whitespace (pip's rule: "pkg#egg" is no comment). */
static int
reqfile_parse(struct reqfile *rf, const char *path, int depth, char **cause)
{
	char *text = NULL, *c = NULL, *real;
	int rc;

	if (depth > REQFILE_MAX_DEPTH)
		return *cause = xprintf("%s: -r includes nested too deep", path), -1;
	if (read_file(path, REQFILE_MAX_SIZE, &text, NULL, &c) != 0) {
		/* read_file names the path; lockfile_load names the top file already. */
		const char *why = str_starts_with(c, path) && str_starts_with(c + strlen(path),
		    ": ") ? c + strlen(path) + 2 : c;

		*cause = depth == 0 ? xstrdup(why) : xprintf("%s (included): %s", path, why);
		free(c);
		return -1;
	}
	if ((real = realpath(path, NULL)) == NULL)
		real = xstrdup(path);
	if (strlist_contains(&rf->seen, real)) {
		/* pip reads it twice; the first time counted every line already. */
		free(real);
		free(text);
		return 0;
	}
	strlist_push_owned(&rf->seen, real);
	rc = reqfile_lines(rf, path, text, depth, cause);
	free(text);
	return rc;
}

/* The lines of one file (text is cut up in place). */
static int
reqfile_lines(struct reqfile *rf, const char *path, char *text, int depth, char **cause)
{
	struct strbuf line = STRBUF_INIT;
	int lineno = 0, start = 1, rc = 0;
	const char *arg;
	char *p, *next;

	for (p = text; p != NULL && rc == 0; p = next) {
		char *s, *hash;

		next = strchr(p, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		if (line.len == 0)
			start = lineno;
		s = p;
		if (*s != '\0' && s[strlen(s) - 1] == '\r')
			s[strlen(s) - 1] = '\0';
		if (*s != '\0' && s[strlen(s) - 1] == '\\') {
			s[strlen(s) - 1] = '\0';
			/* A backslash on the last line joins nothing: the line ends there. */
			if (next != NULL) {
				strbuf_addstr(&line, s);
				strbuf_addch(&line, ' ');
				continue;
			}
		}
		strbuf_addstr(&line, s);
		if (line.len == 0)
			continue;
		s = line.buf;
		for (hash = s; (hash = strchr(hash, '#')) != NULL; hash++) {
			if (hash == s || isspace((unsigned char)hash[-1])) {
				*hash = '\0';
				break;
			}
		}
		s = str_trim(s);
		if (*s == '\0')
			;
		else if ((arg = reqfile_optarg(s, "-r", "--requirement")) != NULL)
			rc = reqfile_include(rf, path, arg, depth, cause);
		else if (reqfile_optarg(s, "-c", "--constraint") != NULL)
			log_debug("%s:%d: constraints choose no package; not read", path,
			    start);
		else if ((arg = reqfile_optarg(s, "-e", "--editable")) != NULL)
			reqfile_direct(rf, path, start, arg, true);
		else if (*s == '-') {
			bool known = false;

			for (size_t i = 0; i < nitems(reqfile_ignored) && !known; i++) {
				size_t n = strlen(reqfile_ignored[i]);

				known = str_starts_with(s, reqfile_ignored[i]) &&
				    (s[n] == '\0' || s[n] == '=' || isspace((unsigned char)s[n]) ||
				    (s[1] != '-' && s[n] != '\0'));
			}
			if (!known)
				reqfile_warn(rf, path, start, xprintf("unknown option %s; "
				    "line left out", s));
		} else
			reqfile_requirement(rf, path, start, s);
		strbuf_reset(&line);
	}
	strbuf_release(&line);
	return rc;
}

/* A file with no requirement in it, or none that could be understood, is not one
 * (a CI gate on /etc/passwd or an empty file must not pass as "0 packages"). A line
 * whose marker leaves it out here still counts as understood. */
static int
reqfile_end(struct reqfile *rf, int rc, char **cause)
{
	if (rc == 0 && rf->nvalid == 0) {
		if (rf->ninvalid == 0)
			*cause = xstrdup("no requirement in it; name a requirements file, "
			    "uv.lock or pylock.toml");
		else
			*cause = xprintf("nothing in it reads as a requirement (%zu line%s "
			    "left out; the first, %s)", rf->ninvalid, rf->ninvalid == 1 ? "" :
			    "s", rf->first_invalid);
		rc = -1;
	}
	strlist_clear(&rf->seen);
	free(rf->first_invalid);
	if (rc == 0) {
		struct strlist none = STRLIST_INIT;

		lockenv_finish(rf->e, &none);
	}
	return rc;
}

int
reqfile_read_text(struct environment *e, const char *path, const char *text, size_t len,
    char **cause)
{
	struct reqfile rf;
	char *copy = xstrndup(text, len);
	int rc;

	memset(&rf, 0, sizeof rf);
	rf.e = e;
	rc = reqfile_lines(&rf, path, copy, 0, cause);
	free(copy);
	return reqfile_end(&rf, rc, cause);
}

int
reqfile_read(struct environment *e, const char *path, char **cause)
{
	struct reqfile rf;
	int rc;

	memset(&rf, 0, sizeof rf);
	rf.e = e;
	rc = reqfile_parse(&rf, path, 0, cause);
	return reqfile_end(&rf, rc, cause);
}
