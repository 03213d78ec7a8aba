/* cmd_tree.c: "ftport tree": the dependency tree of the environment as text (like
 * pipdeptree) or as JSON (schema in ftport(1)). Reads only local files. */
#include "config.h"

#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "cmdtable.h"
#include "env.h"
#include "graph.h"
#include "sanitize.h"
#include "strbuf.h"
#include "utf8.h"
#include "util.h"

#define TREE_SCHEMA_VERSION	1
/* pipdeptree prints a shared subtree under every parent. That is kept for small
 * subtrees, but in a large DAG it grows exponentially (70 million lines for 2,000
 * generated distributions): a subtree of more than TREE_REPEAT_LINES lines is printed
 * in full once, and later occurrences say so. The depth cap is a last resort. */
#define TREE_MAX_DEPTH		48
#define TREE_REPEAT_LINES	20
#define TREE_SIZE_CAP		((size_t)1 << 30)

struct tree_glyphs {
	const char	*branch;	/* a child with siblings below it */
	const char	*last;		/* the last child */
	const char	*pipe;		/* indentation under a branch */
	const char	*space;		/* indentation under the last child */
};

static const struct tree_glyphs glyphs_utf8 = {
	"\xe2\x94\x9c\xe2\x94\x80\xe2\x94\x80 ",	/* "├── " */
	"\xe2\x94\x94\xe2\x94\x80\xe2\x94\x80 ",	/* "└── " */
	"\xe2\x94\x82   ",				/* "│   " */
	"    "
};
static const struct tree_glyphs glyphs_ascii = { "|-- ", "`-- ", "|   ", "    " };

struct tree_printer {
	const struct graph	*g;
	const struct tree_glyphs *gl;
	bool			*on_path;	/* per node: is it an ancestor of this line? */
	bool			*expanded;	/* per node: its children were printed */
	size_t			*lines;		/* per node: lines below it fully expanded */
	unsigned char		*state;		/* for lines: 0 new, 1 counting, 2 done */
	struct strbuf		 prefix;
	FILE			*out;
};

static bool
locale_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

static void
put_sanitized(FILE *out, const char *s)
{
	char *clean = sanitize_text(s);

	fputs(clean, out);
	free(clean);
}

/* "name 1.0 compiled", the part of a line that describes an installed node. */
static void
put_node_label(FILE *out, const struct graph_node *n)
{
	put_sanitized(out, n->dist->display_name != NULL ? n->dist->display_name :
	    n->dist->name);
	fputc(' ', out);
	put_sanitized(out, n->dist->version);
	fputs(n->dist->compiled ? " compiled" : " pure", out);
}

static void
put_extras(FILE *out, const struct strlist *extras)
{
	if (extras->n == 0)
		return;
	fputc('[', out);
	for (size_t i = 0; i < extras->n; i++) {
		if (i > 0)
			fputc(',', out);
		put_sanitized(out, extras->v[i]);
	}
	fputc(']', out);
}

/* How many lines the children of n take when expanded in full (an estimate on
 * cycles: an edge back into the nodes being counted counts one line). */
static size_t
subtree_lines(struct tree_printer *tp, const struct graph_node *n)
{
	size_t total = 0;

	if (tp->state[n->index] == 2)
		return tp->lines[n->index];
	tp->state[n->index] = 1;
	for (size_t i = 0; i < n->nedges && total < TREE_SIZE_CAP; i++) {
		const struct graph_node *to = n->edges[i].to;

		total++;
		if (to != NULL && tp->state[to->index] != 1)
			total += subtree_lines(tp, to);
	}
	if (total > TREE_SIZE_CAP)
		total = TREE_SIZE_CAP;
	tp->state[n->index] = 2;
	tp->lines[n->index] = total;
	return total;
}

static void
print_children(struct tree_printer *tp, const struct graph_node *n, int depth)
{
	size_t saved = tp->prefix.len;

	for (size_t i = 0; i < n->nedges; i++) {
		const struct graph_edge *e = &n->edges[i];
		bool last = i + 1 == n->nedges;

		fputs(strbuf_str(&tp->prefix), tp->out);
		fputs(last ? tp->gl->last : tp->gl->branch, tp->out);
		if (e->to == NULL) {
			put_sanitized(tp->out, e->req->display_name);
			put_extras(tp->out, &e->req->extras);
			fputs(" [missing]\n", tp->out);
			continue;
		}
		put_node_label(tp->out, e->to);
		if (e->req->extras.n > 0) {
			fputs(" with ", tp->out);
			put_extras(tp->out, &e->req->extras);
		}
		if (!e->satisfied) {
			fputs(" [unsatisfied: ", tp->out);
			put_sanitized(tp->out, graph_edge_unmet(e));
			fputc(']', tp->out);
		}
		if (tp->on_path[e->to->index]) {
			fputs(" (cycle)\n", tp->out);
			continue;
		}
		if (e->to->nedges > 0 && tp->expanded[e->to->index] &&
		    subtree_lines(tp, e->to) > TREE_REPEAT_LINES) {
			fputs(" (dependencies shown above)\n", tp->out);
			continue;
		}
		fputc('\n', tp->out);
		if (e->to->nedges == 0)
			continue;
		strbuf_addstr(&tp->prefix, last ? tp->gl->space : tp->gl->pipe);
		if (depth + 1 >= TREE_MAX_DEPTH) {
			fputs(strbuf_str(&tp->prefix), tp->out);
			fprintf(tp->out, "%s... (deeper than %d levels, not shown)\n",
			    tp->gl->last, TREE_MAX_DEPTH);
		} else {
			tp->expanded[e->to->index] = true;
			tp->on_path[e->to->index] = true;
			print_children(tp, e->to, depth + 1);
			tp->on_path[e->to->index] = false;
		}
		tp->prefix.len = saved;
		tp->prefix.buf[saved] = '\0';
	}
}

static void
print_text(const struct graph *g, FILE *out)
{
	struct tree_printer tp;

	memset(&tp, 0, sizeof tp);
	tp.g = g;
	tp.gl = locale_is_utf8() ? &glyphs_utf8 : &glyphs_ascii;
	tp.on_path = xcalloc(g->nnodes > 0 ? g->nnodes : 1, sizeof *tp.on_path);
	tp.expanded = xcalloc(g->nnodes > 0 ? g->nnodes : 1, sizeof *tp.expanded);
	tp.lines = xcalloc(g->nnodes > 0 ? g->nnodes : 1, sizeof *tp.lines);
	tp.state = xcalloc(g->nnodes > 0 ? g->nnodes : 1, sizeof *tp.state);
	tp.out = out;
	strbuf_init(&tp.prefix);
	strbuf_addstr(&tp.prefix, "");
	for (size_t i = 0; i < g->nroots; i++) {
		const struct graph_node *r = g->roots[i];

		put_node_label(out, r);
		fputc('\n', out);
		tp.on_path[r->index] = true;
		tp.expanded[r->index] = true;
		print_children(&tp, r, 0);
		tp.on_path[r->index] = false;
	}
	strbuf_release(&tp.prefix);
	free(tp.on_path);
	free(tp.expanded);
	free(tp.lines);
	free(tp.state);
}

/*
 * The JSON is written straight into a buffer that is handed to stdio whenever it fills:
 * with jansson, building and dumping the document of 2,000 distributions took 85 ms,
 * the rest of the command 30 ms; and a 64 KB buffer touches 16 pages where the whole
 * 2 MB document touched 500. The layout is jansson's JSON_INDENT(2): one member per
 * line, "key": value, [] and {} when empty.
 */
#define JW_BUFSIZE	65536

struct jw {
	char		*buf;
	size_t		 len;
	size_t		 cap;
	FILE		*out;
	bool		 failed;	/* a write to out failed */
	int		 depth;
	bool		 empty[16];	/* per open container: nothing written in it yet */
};

static const char hexdigits[] = "0123456789abcdef";

static void
jw_flush(struct jw *w)
{
	if (w->len > 0 && fwrite(w->buf, 1, w->len, w->out) != w->len)
		w->failed = true;
	w->len = 0;
}

/* Makes room for n more bytes, writing out what the buffer holds if need be. */
static void
jw_reserve(struct jw *w, size_t n)
{
	if (w->len + n <= w->cap)
		return;
	jw_flush(w);
	if (n <= w->cap)
		return;
	if (n > SIZE_MAX / 2)
		fatal("JSON output too large");
	while (w->cap < n)
		w->cap = w->cap > 0 ? w->cap * 2 : JW_BUFSIZE;
	w->buf = xreallocarray(w->buf, w->cap, 1);
}

static void
jw_raw(struct jw *w, const char *p, size_t n)
{
	jw_reserve(w, n);
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

/* A JSON string: quotes, backslashes and controls escaped; invalid UTF-8 (metadata
 * repairs it when reading, so this is a safety net) becomes U+FFFD. */
static void
jw_quote(struct jw *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len;
	uint32_t cp;
	char *o;

	/* At most 6 bytes out per byte in ("\u001b"), plus the quotes. */
	jw_reserve(w, 6 * n + 2);
	o = w->buf + w->len;
	*o++ = '"';
	while (*p != '\0') {
		const unsigned char *run = p;
		unsigned char c;

		/* Plain text is copied a run at a time. */
		while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
			p++;
		if (p > run) {
			memcpy(o, run, (size_t)(p - run));
			o += p - run;
			continue;
		}
		c = *p;
		if (c >= 0x80) {
			/* The string ends in a NUL, which ends any sequence: 4 is safe. */
			if ((len = utf8_decode(p, 4, &cp)) != 0 &&
			    ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))) {
				/* Bidi overrides and isolates go, as sanitize_text drops
				 * them: an export is read on screens. */
				p += len;
			} else if (len != 0) {
				memcpy(o, p, len);
				o += len;
				p += len;
			} else {
				memcpy(o, UTF8_REPLACEMENT, 3);
				o += 3;
				p += utf8_broken_len(p, 4);
			}
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '"':	*o++ = '"'; break;
		case '\\':	*o++ = '\\'; break;
		case '\n':	*o++ = 'n'; break;
		case '\t':	*o++ = 't'; break;
		case '\r':	*o++ = 'r'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hexdigits[c >> 4];
			*o++ = hexdigits[c & 0xf];
			break;
		}
		p++;
	}
	*o++ = '"';
	w->len = (size_t)(o - w->buf);
}

static void
jw_newline(struct jw *w, int depth)
{
	size_t indent = 2 * (size_t)depth;

	jw_reserve(w, 1 + indent);
	w->buf[w->len] = '\n';
	memset(w->buf + w->len + 1, ' ', indent);
	w->len += 1 + indent;
}

/* Starts a member (key != NULL) or an array element: the comma, the new line, the
 * indentation and the key in one go, as this is done 70,000 times for 2,000
 * distributions. Keys are literals of this file, plain ASCII: no escaping needed. */
static void
jw_member(struct jw *w, const char *key)
{
	size_t klen, indent;
	char *o;

	if (w->depth == 0)
		return;
	klen = key != NULL ? strlen(key) : 0;
	indent = 2 * (size_t)w->depth;
	jw_reserve(w, 2 + indent + klen + 4);
	o = w->buf + w->len;
	if (!w->empty[w->depth])
		*o++ = ',';
	w->empty[w->depth] = false;
	*o++ = '\n';
	memset(o, ' ', indent);
	o += indent;
	if (key != NULL) {
		*o++ = '"';
		memcpy(o, key, klen);
		o += klen;
		memcpy(o, "\": ", 3);
		o += 3;
	}
	w->len = (size_t)(o - w->buf);
}

static void
jw_open(struct jw *w, const char *key, char bracket)
{
	jw_member(w, key);
	jw_raw(w, &bracket, 1);
	if (w->depth + 1 >= (int)nitems(w->empty))
		fatal("JSON nested too deep");
	w->empty[++w->depth] = true;
}

static void
jw_close(struct jw *w, char bracket)
{
	if (!w->empty[w->depth--])
		jw_newline(w, w->depth);
	jw_raw(w, &bracket, 1);
}

static void
jw_str(struct jw *w, const char *key, const char *s)
{
	jw_member(w, key);
	if (s == NULL)
		jw_raw(w, "null", 4);
	else
		jw_quote(w, s);
}

static void
jw_bool(struct jw *w, const char *key, bool b)
{
	jw_member(w, key);
	if (b)
		jw_raw(w, "true", 4);
	else
		jw_raw(w, "false", 5);
}

static void
jw_strlist(struct jw *w, const char *key, const struct strlist *l)
{
	jw_open(w, key, '[');
	for (size_t i = 0; i < l->n; i++)
		jw_str(w, NULL, l->v[i]);
	jw_close(w, ']');
}

static void
json_environment(struct jw *w, const struct environment *env)
{
	jw_open(w, "environment", '{');
	jw_str(w, "python", env->python);
	jw_str(w, "version", env->version);
	jw_str(w, "implementation", env->implementation);
	jw_bool(w, "free_threaded", env->free_threaded);
	jw_str(w, "platform", env->platform);
	jw_str(w, "libc", env->libc);
	jw_str(w, "prefix", env->prefix);
	jw_str(w, "source", env->source);
	jw_strlist(w, "site_paths", &env->site_paths);
	jw_close(w, '}');
}

static void
json_direct_url(struct jw *w, const struct dist *d)
{
	const char *kind;

	switch (d->direct) {
	case DIRECT_VCS:	kind = "vcs"; break;
	case DIRECT_EDITABLE:	kind = "editable"; break;
	case DIRECT_DIR:	kind = "dir"; break;
	case DIRECT_URL:	kind = "url"; break;
	default:
		jw_str(w, "direct_url", NULL);
		return;
	}
	jw_open(w, "direct_url", '{');
	jw_str(w, "kind", kind);
	jw_str(w, "url", d->direct_url);
	jw_close(w, '}');
}

static void
json_edge(struct jw *w, const struct graph_edge *e)
{
	jw_open(w, NULL, '{');
	jw_str(w, "name", e->req->name);
	jw_str(w, "specifier", e->req->specifier != NULL ? e->req->specifier : "");
	jw_str(w, "marker", e->req->marker_text);
	jw_strlist(w, "extras", &e->req->extras);
	jw_strlist(w, "from_extras", &e->from_extras);
	jw_str(w, "installed", e->to != NULL ? e->to->dist->version : NULL);
	jw_bool(w, "satisfied", e->satisfied);
	jw_close(w, '}');
}

static void
json_package(struct jw *w, const struct graph_node *n)
{
	const struct dist *d = n->dist;

	jw_open(w, NULL, '{');
	jw_str(w, "name", d->name);
	jw_str(w, "display_name", d->display_name != NULL ? d->display_name : d->name);
	jw_str(w, "version", d->version);
	jw_bool(w, "compiled", d->compiled);
	jw_strlist(w, "abi_suffixes", &d->ext_suffixes);
	jw_str(w, "location", d->location);
	jw_str(w, "installer", d->installer);
	json_direct_url(w, d);
	jw_open(w, "requires", '[');
	for (size_t i = 0; i < n->nedges; i++)
		json_edge(w, &n->edges[i]);
	jw_close(w, ']');
	jw_open(w, "warnings", '[');
	for (size_t i = 0; i < d->warnings.n; i++)
		jw_str(w, NULL, d->warnings.v[i]);
	for (size_t i = 0; i < n->req_errors.n; i++)
		jw_str(w, NULL, n->req_errors.v[i]);
	jw_close(w, ']');
	jw_close(w, '}');
}

static int
print_json(const struct graph *g, FILE *out)
{
	struct jw w;
	char num[32];
	int rc = 0;

	memset(&w, 0, sizeof w);
	w.out = out;
	jw_reserve(&w, JW_BUFSIZE);
	jw_open(&w, NULL, '{');
	jw_member(&w, "schema_version");
	snprintf(num, sizeof num, "%d", TREE_SCHEMA_VERSION);
	jw_raw(&w, num, strlen(num));
	json_environment(&w, g->env);
	jw_open(&w, "packages", '[');
	for (size_t i = 0; i < g->nnodes; i++)
		json_package(&w, &g->nodes[i]);
	jw_close(&w, ']');
	jw_open(&w, "roots", '[');
	for (size_t i = 0; i < g->nroots; i++)
		jw_str(&w, NULL, g->roots[i]->dist->name);
	jw_close(&w, ']');
	jw_close(&w, '}');
	jw_raw(&w, "\n", 1);
	jw_flush(&w);
	if (w.failed)
		rc = -1;
	free(w.buf);
	return rc;
}

int
cmd_tree(struct options *o)
{
	struct environment *env;
	struct graph *g;
	int rc = EXIT_DONE;

	if (o->args.n > 0) {
		char *arg = sanitize_text(o->args.v[0]);

		fprintf(stderr, "ftport: tree takes no operands, got '%s' (see ftport tree "
		    "--help)\n", arg);
		free(arg);
		return EXIT_USAGE;
	}
	env = cmd_load_env(o);
	if (env == NULL)
		return cmd_env_status(o);
	g = graph_build(env);
	for (size_t i = 0; i < g->nnodes; i++) {
		for (size_t j = 0; j < g->nodes[i].req_errors.n; j++) {
			char *w = sanitize_text(g->nodes[i].req_errors.v[j]);
			char *name = sanitize_text(g->nodes[i].dist->name);

			log_warn("%s: %s", name, w);
			free(w);
			free(name);
		}
	}
	if (g->nnodes == 0 && !o->json) {
		struct strbuf sb = STRBUF_INIT;
		char *clean;

		for (size_t i = 0; i < env->site_paths.n; i++)
			strbuf_addf(&sb, "%s%s", i > 0 ? ", " : "", env->site_paths.v[i]);
		clean = sanitize_text(sb.len > 0 ? sb.buf : "no site directory");
		log_warn("no distributions installed (read: %s)", clean);
		free(clean);
		strbuf_release(&sb);
	}
	if (o->json)
		rc = print_json(g, stdout);
	else
		print_text(g, stdout);
	if (rc != 0 || fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "ftport: cannot write the tree to standard output\n");
		rc = EXIT_USAGE;
	}
	graph_free(g);
	env_free(env);
	return rc;
}
