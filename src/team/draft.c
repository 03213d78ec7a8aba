/* draft.c: filling the issue template for one package, the known upstream issues
 * first, and the prefilled new-issue URL (percent-encoded, cut to fit 8 KB). */
#include "config.h"

#include <ctype.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draft.h"
#include "report.h"
#include "sanitize.h"
#include "snapshot.h"
#include "strbuf.h"
#include "url.h"
#include "util.h"

#define DRAFT_MAX_KNOWN	10

char *
draft_template_path(void)
{
	char *path = config_file_path(DRAFT_TEMPLATE);

	if (path != NULL && access(path, R_OK) == 0)
		return path;
	free(path);
	return data_file_path(DRAFT_TEMPLATE);
}

bool
draft_nothing_to_ask(const struct check *ch, const struct check_pkg *cp)
{
	for (size_t v = 0; v < ch->ntargets * ch->nplatforms; v++)
		if (cp->verdicts[v].status != ST_READY && cp->verdicts[v].status != ST_PURE)
			return false;
	return true;
}

void
draft_clear(struct draft *d)
{
	free(d->title);
	free(d->body);
	free(d->known);
	free(d->note);
	free(d->text);
	memset(d, 0, sizeof *d);
}

/* Text inside a fenced block: cleaned, no backticks that could close the fence. */
static void
draft_block(struct strbuf *sb, const char *text)
{
	char *clean = sanitize_buf(text, strlen(text), SANITIZE_KEEP_NEWLINES);

	strbuf_addstr(sb, "```\n");
	for (const char *p = clean; *p != '\0'; p++)
		strbuf_addch(sb, *p == '`' ? '\'' : *p);
	if (sb->len > 0 && sb->buf[sb->len - 1] != '\n')
		strbuf_addch(sb, '\n');
	strbuf_addstr(sb, "```");
	free(clean);
}

static char *
draft_md(const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	report_md_escape(&sb, text != NULL ? text : "");
	return strbuf_detach(&sb, NULL);
}

/* "3.14t" for "cp314t". */
static char *
draft_target_version(const char *tag)
{
	int minor;

	if (tag != NULL && sscanf(tag, "cp3%dt", &minor) == 1)
		return xprintf("3.%dt", minor);
	return xstrdup(tag != NULL ? tag : "?");
}

static char *
draft_title(const struct ck_item *it, const struct verdict *v, const char *target)
{
	char *platform = sanitize_text(v->platform != NULL ? v->platform : "?"), *t;

	if (it->has_test && it->test.outcome != TO_PASSED)
		t = xprintf("%s %s under free-threaded CPython %s", it->display, it->test_summary,
		    target);
	else {
		switch (v->status) {
		case ST_BLOCKED:
			t = xprintf("Free-threaded CPython %s (%s) wheels for %s", target, v->target,
			    platform);
			break;
		case ST_ABI3:
			t = xprintf("Wheels for free-threaded CPython %s: the abi3 wheels do not "
			    "load on %s", target, v->target);
			break;
		case ST_SOURCE:
			t = xprintf("%s wheels for %s (it builds from source today)", v->target,
			    platform);
			break;
		case ST_ELSEWHERE:
		case ST_OTHER_ABI:
			t = xprintf("%s wheels for %s", v->target, platform);
			break;
		default:
			t = xprintf("Support for free-threaded CPython %s", target);
			break;
		}
	}
	free(platform);
	return t;
}

static char *
draft_wheels(const struct check *ch, const struct check_pkg *cp)
{
	struct strbuf sb = STRBUF_INIT, raw = STRBUF_INIT;

	for (size_t t = 0; t < ch->ntargets; t++) {
		for (size_t p = 0; p < ch->nplatforms; p++) {
			char *text = verdict_files_text(cp->node->dist, cp->project, &ch->targets[t],
			    ch->platforms[p]);

			const struct verdict *v = &cp->verdicts[t * ch->nplatforms + p];

			/* What the wheels say: a test's finding is the tests section's. */
			strbuf_addf(&raw, "%s on %s: %s\n", ch->targets[t].tag, ch->platforms[p],
			    status_name(v->test != NULL ? v->wheel : v->status));
			strbuf_addstr(&raw, text);
			free(text);
		}
	}
	draft_block(&sb, strbuf_str(&raw));
	strbuf_release(&raw);
	return strbuf_detach(&sb, NULL);
}

static char *
draft_tests(const struct ck_item *it)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	if (!it->has_test) {
		char *word = shell_quote(it->name);	/* a name from metadata */

		strbuf_addf(&sb, "Not tested yet under `PYTHON_GIL=0` (`ftport test %s`).", word);
		free(word);
		if (it->test_other != NULL) {
			/* Another version's or interpreter's: said as such, never as this
			 * one's. */
			s = draft_md(it->test_other);
			strbuf_addf(&sb, " %s", s);
			free(s);
		}
		return strbuf_detach(&sb, NULL);
	}
	strbuf_addstr(&sb, "Under `PYTHON_GIL=0`");
	if (it->test.python_version != NULL) {
		s = draft_md(it->test.python_version);
		strbuf_addf(&sb, " with CPython %s%s", s, it->test.free_threaded ?
		    " (free-threaded build)" : "");
		free(s);
	}
	if (it->test.version != NULL) {
		s = draft_md(it->test.version);
		strbuf_addf(&sb, ", %s %s", it->display, s);
		free(s);
	}
	if (it->test.abi != NULL) {
		s = draft_md(it->test.abi);
		strbuf_addf(&sb, " (%s)", s);
		free(s);
	}
	s = draft_md(it->test_summary);
	strbuf_addf(&sb, ": **%s**.", s);
	free(s);
	if (it->wheel != it->status)
		strbuf_addf(&sb, " The wheels alone would say %s.", status_name(it->wheel));
	if (it->test.command != NULL) {
		strbuf_addstr(&sb, "\n\nCommand:\n\n");
		draft_block(&sb, it->test.command);
	}
	if (it->test.detail != NULL && *it->test.detail != '\0') {
		strbuf_addstr(&sb, "\n\nDetail:\n\n");
		draft_block(&sb, it->test.detail);
	}
	if (it->test_excerpt != NULL && *it->test_excerpt != '\0') {
		strbuf_addstr(&sb, "\n\nThe end of the log:\n\n");
		draft_block(&sb, it->test_excerpt);
	}
	return strbuf_detach(&sb, NULL);
}

static char *
draft_environment(const struct environment *env, const struct check *ch)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	s = draft_md(env->version);
	strbuf_addf(&sb, "- Python: %s %s (%s)\n", env->implementation != NULL &&
	    strcmp(env->implementation, "cpython") != 0 ? env->implementation : "CPython", s,
	    env->free_threaded ? "free-threaded" : "with the GIL");
	free(s);
	s = draft_md(env->platform);
	strbuf_addf(&sb, "- Platform: %s\n- Targets:", s);
	free(s);
	for (size_t t = 0; t < ch->ntargets; t++)
		strbuf_addf(&sb, " %s", ch->targets[t].tag);
	strbuf_addstr(&sb, " on");
	for (size_t p = 0; p < ch->nplatforms; p++) {
		s = draft_md(ch->platforms[p]);
		strbuf_addf(&sb, " %s", s);
		free(s);
	}
	strbuf_addf(&sb, "\n- Found with ftport %s", PACKAGE_VERSION);
	return strbuf_detach(&sb, NULL);
}

/* "- numpy/numpy#26157 (open issue): Title https://..." lines for the comment at the
 * top of the draft and for the terminal; "--" is broken up so no title ends the
 * comment. */
static char *
draft_known(const struct upstream *up, size_t *n)
{
	struct strbuf sb = STRBUF_INIT;

	*n = 0;
	if (up == NULL || up->state != UP_DONE)
		return NULL;
	for (size_t i = 0; i < up->nitems && *n < DRAFT_MAX_KNOWN; i++) {
		const struct upstream_item *item = &up->items[i];
		char *title = sanitize_text(item->title), *url = sanitize_text(item->url);
		const char *path = up->repo.path != NULL ? up->repo.path : up->name;
		char *line;

		line = xprintf("- %s#%lu (%s%s): %s %s\n", path, item->number,
		    item->merged ? "merged " : item->open ? "open " : "closed ",
		    item->pr ? "pull request" : "issue", title, url);
		for (char *p = line; (p = strstr(p, "--")) != NULL; )
			*p = ' ';
		strbuf_addstr(&sb, line);
		free(line);
		free(title);
		free(url);
		(*n)++;
	}
	if (*n == 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* What the source scan says that changes what the draft should ask, for the comment
 * at the top of the draft and for the terminal; NULL when it says nothing of the kind.
 * Raw scan text (paths, tag names) was sanitised by the scan. */
char *
draft_upstream_note(const struct upstream *up)
{
	const struct scan_result *r = up != NULL && !up->scan.running ? up->scan.result : NULL;
	const struct scan_finding *opt;
	char *pip, *note;

	if (r == NULL)
		return NULL;
	switch (r->state) {
	case SCAN_UPGRADE:
		pip = scan_result_pip(r);
		note = xprintf("Upstream already released free-threading support in %s (tag %s): "
		    "upgrade%s%s%s rather than ask for it; file this only if %s still fails.",
		    r->release_version, r->release_tag, pip != NULL ? " (" : "",
		    pip != NULL ? pip : "", pip != NULL ? ")" : "", r->release_version);
		free(pip);
		return note;
	case SCAN_UNRELEASED:
		return xprintf("Upstream merged free-threading support after %s%s%s: ask for a "
		    "release rather than for support.", r->latest_tag != NULL ?
		    "the latest release " : "", r->latest_tag != NULL ? r->latest_version :
		    up->version != NULL ? up->version : "the installed version",
		    r->intro[0] != '\0' ? " (see the commit below)" : "");
	case SCAN_GIL_USED:
		opt = scan_result_optout(r);
		if (opt != NULL)
			return xprintf("Upstream declares that it needs the GIL (%s:%u): comment on "
			    "that decision rather than ask for support.", opt->path, opt->line);
		return xstrdup("Upstream declares that it needs the GIL: comment on that decision "
		    "rather than ask for support.");
	default:
		return NULL;
	}
}

/* {{upstream}}: the scan's finding as a sentence for the issue ("" when none). */
static char *
draft_upstream(const struct upstream *up)
{
	const struct scan_result *r = up != NULL && !up->scan.running ? up->scan.result : NULL;
	const struct scan_finding *opt;
	struct strbuf sb = STRBUF_INIT;
	char *s;

	if (r == NULL)
		return xstrdup("");
	switch (r->state) {
	case SCAN_UPGRADE:
		strbuf_addf(&sb, "The source declares free-threading support from release %s "
		    "(tag `%s`) on.", r->release_version, r->release_tag);
		break;
	case SCAN_UNRELEASED:
	case SCAN_NO_TAG:
		strbuf_addstr(&sb, "The default branch declares free-threading support");
		if (r->intro[0] != '\0') {
			s = draft_md(r->intro_summary != NULL ? r->intro_summary : "");
			strbuf_addf(&sb, " since commit %.12s (%s)", r->intro, s);
			free(s);
		}
		if (r->latest_tag != NULL)
			strbuf_addf(&sb, ", which no release has yet (the latest is %s)",
			    r->latest_version);
		strbuf_addstr(&sb, ".");
		break;
	case SCAN_GIL_USED:
		opt = scan_result_optout(r);
		strbuf_addstr(&sb, "The source declares that the module needs the GIL");
		if (opt != NULL) {
			s = draft_md(opt->text);
			strbuf_addf(&sb, " (`%s` line %u: %s)", opt->path, opt->line, s);
			free(s);
		}
		strbuf_addstr(&sb, ".");
		break;
	default:
		break;
	}
	return strbuf_detach(&sb, NULL);
}

/* {{help}}: what to ask of the maintainers, after what the scan found: nothing new when
 * support is released, a release when it is merged, the reasons when they opted out,
 * else the free-threading guide's four steps. */
static char *
draft_help(const struct upstream *up, const char *package, const char *abi)
{
	const struct scan_result *r = up != NULL && !up->scan.running ? up->scan.result : NULL;

	if (r != NULL && r->state == SCAN_UPGRADE)
		return xprintf("Nothing to ask yet: support is released in %s, and upgrading to it "
		    "is the next step here. This report stands only if %s still fails.",
		    r->release_version, r->release_version);
	if (r != NULL && (r->state == SCAN_UNRELEASED || r->state == SCAN_NO_TAG))
		return xprintf("**A release that includes the free-threading support already "
		    "merged**, with `%s` wheels if the package has compiled code.", abi);
	if (r != NULL && r->state == SCAN_GIL_USED)
		return xprintf("The module says it needs the GIL. Could you say what stands in the "
		    "way (thread-safety of shared state, a dependency, ...) and whether "
		    "free-threading support is planned, for %s or in part? The porting guide: "
		    "<https://py-free-threading.github.io/porting-extensions/>", package);
	return xprintf("The [free-threading guide](https://py-free-threading.github.io/) asks "
	    "four things of a package with compiled code:\n\n"
	    "1. **Declare free-threading support** in the bindings (`Py_mod_gil` with "
	    "`Py_MOD_GIL_NOT_USED`, Cython's `freethreading_compatible`, PyO3's "
	    "`gil_used = false`, pybind11's `py::mod_gil_not_used()`, nanobind's "
	    "`FREE_THREADED`): <https://py-free-threading.github.io/porting-extensions/>\n"
	    "2. **Run the tests in parallel threads** with "
	    "[pytest-run-parallel](https://github.com/Quansight-Labs/pytest-run-parallel): "
	    "<https://py-free-threading.github.io/testing/>\n"
	    "3. **Run them under ThreadSanitizer** to find data races: "
	    "<https://py-free-threading.github.io/thread_sanitizer/>\n"
	    "4. **Build `%s` wheels in CI** (cibuildwheel can): "
	    "<https://py-free-threading.github.io/ci/>", abi);
}

int
draft_split(const char *text, char **title, char **body)
{
	const char *line, *nl;

	*title = *body = NULL;
	for (line = text; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (strncmp(line, "# ", 2) == 0) {
			size_t n = (nl != NULL ? (size_t)(nl - line) : strlen(line)) - 2;
			const char *rest = nl != NULL ? nl + 1 : "";

			*title = xstrndup(line + 2, n);
			(*title)[strcspn(*title, "\r")] = '\0';
			while (*rest == '\n')
				rest++;
			*body = xstrdup(rest);
			return 0;
		}
		if (nl == NULL)
			break;
	}
	return -1;
}

struct draft_var {
	const char	*name;
	char		*value;
};

int
draft_make(const char *tmpl, const struct check *ch, const struct check_pkg *cp,
    const struct environment *env, const struct ck_item *it, const struct upstream *up,
    struct draft *out, char **cause)
{
	const struct verdict *v = it->worst;
	char *target = draft_target_version(v->target);
	struct draft_var vars[] = {
		{ "title", draft_title(it, v, target) },
		{ "package", draft_md(it->display) },
		{ "name", xstrdup(it->name) },
		{ "version", draft_md(it->version) },
		{ "latest", draft_md(v->latest != NULL ? v->latest : "unknown") },
		{ "status", xstrdup(status_name(v->status)) },
		{ "reason", draft_md(v->reason) },
		{ "target", xstrdup(target) },
		{ "abi", xstrdup(v->target != NULL ? v->target : "?") },
		{ "platform", draft_md(v->platform) },
		{ "wheels", draft_wheels(ch, cp) },
		{ "tests", draft_tests(it) },
		{ "environment", draft_environment(env, ch) },
		{ "ftport_version", xstrdup(PACKAGE_VERSION) },
		{ "upstream", draft_upstream(up) },
		{ "help", NULL },
	};
	struct strbuf sb = STRBUF_INIT;
	const char *p = tmpl;
	int rc = -1;

	memset(out, 0, sizeof *out);
	vars[nitems(vars) - 1].value = draft_help(up, vars[1].value,
	    v->target != NULL ? v->target : "?");
	/* {{name}} -> its value; anything else is copied as it is. */
	while (*p != '\0') {
		const char *open = strstr(p, "{{"), *close;
		size_t i;

		if (open == NULL || (close = strstr(open + 2, "}}")) == NULL) {
			strbuf_addstr(&sb, p);
			break;
		}
		strbuf_add(&sb, p, (size_t)(open - p));
		for (i = 0; i < nitems(vars); i++)
			if ((size_t)(close - open - 2) == strlen(vars[i].name) &&
			    strncmp(open + 2, vars[i].name, strlen(vars[i].name)) == 0)
				break;
		if (i < nitems(vars))
			strbuf_addstr(&sb, vars[i].value);
		else
			strbuf_add(&sb, open, (size_t)(close + 2 - open));
		p = close + 2;
	}
	draft_split(strbuf_str(&sb), &out->title, &out->body);
	if (out->title == NULL) {
		*cause = xstrdup("the draft template has no title line (a line starting with "
		    "\"# \")");
		goto done;
	}
	out->known = draft_known(up, &out->nknown);
	out->note = draft_upstream_note(up);
	strbuf_reset(&sb);
	if (out->note != NULL) {
		/* Inside an HTML comment: "--" would end it early. */
		for (char *q = out->note; (q = strstr(q, "--")) != NULL; )
			*q = ' ';
		strbuf_addf(&sb, "<!--\n%s\n-->\n\n", out->note);
	}
	if (out->known != NULL) {
		const char *path = up->repo.path != NULL ? up->repo.path : it->name;

		strbuf_addf(&sb, "<!--\nKnown upstream issues in %s: comment on one of these "
		    "instead?\n%s-->\n\n", path, out->known);
	}
	strbuf_addf(&sb, "# %s\n\n%s", out->title, out->body);
	if (sb.len > 0 && sb.buf[sb.len - 1] != '\n')
		strbuf_addch(&sb, '\n');
	out->text = strbuf_detach(&sb, NULL);
	rc = 0;
done:
	strbuf_release(&sb);
	for (size_t i = 0; i < nitems(vars); i++)
		free(vars[i].value);
	free(target);
	if (rc != 0)
		draft_clear(out);
	return rc;
}

static char *
draft_url_with(const struct repo *r, const char *title, const char *body)
{
	char *t = url_percent_encode(title), *b = url_percent_encode(body), *url;

	if (r->forge == REPO_GITHUB)
		url = xprintf("%s/issues/new?title=%s&body=%s", r->url, t, b);
	else
		url = xprintf("%s/-/issues/new?issue%%5Btitle%%5D=%s&issue%%5Bdescription%%5D=%s",
		    r->url, t, b);
	free(t);
	free(b);
	return url;
}

/* body cut to n bytes (at a character boundary) plus the note. */
static char *
draft_cut(const char *body, size_t n, const char *note)
{
	while (n > 0 && ((unsigned char)body[n] & 0xc0) == 0x80)
		n--;
	return xprintf("%.*s%s", (int)n, body, note);
}

char *
draft_issue_url(const struct repo *r, const char *title, const char *body,
    const char *note_path, size_t max, bool *shortened)
{
	char *url, *note, *cut;
	size_t lo = 0, hi, best = 0, len;

	*shortened = false;
	if (r == NULL || (r->forge != REPO_GITHUB && r->forge != REPO_GITLAB) ||
	    r->url == NULL || !str_starts_with(r->url, "https://"))
		return NULL;
	url = draft_url_with(r, title, body);
	if (strlen(url) <= max)
		return url;
	free(url);
	*shortened = true;
	note = xprintf("\n\n_(Shortened to fit in a link: the whole draft is %s.)_\n",
	    note_path != NULL ? note_path : "in ftport's drafts");
	/* The longest prefix that fits, by bisection (each probe encodes once). */
	len = strlen(body);
	hi = len;
	while (lo <= hi) {
		size_t mid = lo + (hi - lo) / 2;

		cut = draft_cut(body, mid, note);
		url = draft_url_with(r, title, cut);
		if (strlen(url) <= max) {
			best = mid;
			lo = mid + 1;
		} else if (mid == 0) {
			free(cut);
			free(url);
			break;
		} else
			hi = mid - 1;
		free(cut);
		free(url);
	}
	/* End on a whole line when one ends in the last quarter of what fits. */
	for (size_t n = best; n > best - best / 4 && n > 0; n--) {
		if (body[n - 1] == '\n') {
			best = n;
			break;
		}
	}
	cut = draft_cut(body, best, note);
	url = draft_url_with(r, title, cut);
	free(cut);
	free(note);
	if (strlen(url) > max) {
		/* Even the title and the note alone do not fit. */
		free(url);
		return NULL;
	}
	return url;
}

char *
draft_file_name(const char *name)
{
	char *out = xprintf("%s.md", *name != '\0' ? name : "_");

	/* A name from metadata becomes one plain file name in drafts/: no '/', no "..",
	 * nothing a shell or another system would read differently. */
	for (char *c = out; c[3] != '\0'; c++)
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && (*c != '.' || c == out))
			*c = '_';
	return out;
}
