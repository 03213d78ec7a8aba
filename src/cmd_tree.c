/* cmd_tree.c: "ftport tree": the dependency tree of the environment as text (like
 * pipdeptree) or as JSON (schema in ftport(1)). Reads only local files. */
#include "config.h"

#include <jansson.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "env.h"
#include "graph.h"
#include "sanitize.h"
#include "strbuf.h"
#include "util.h"

#define TREE_SCHEMA_VERSION	1
/* pipdeptree prints a shared subtree under every parent; the cap keeps a pathological
 * graph from printing forever. */
#define TREE_MAX_DEPTH		48

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
			put_sanitized(tp->out, *e->req->specifier != '\0' ? e->req->specifier :
			    "url");
			fputc(']', tp->out);
		}
		if (tp->on_path[e->to->index]) {
			fputs(" (cycle)\n", tp->out);
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
	tp.out = out;
	strbuf_init(&tp.prefix);
	strbuf_addstr(&tp.prefix, "");
	for (size_t i = 0; i < g->nroots; i++) {
		const struct graph_node *r = g->roots[i];

		put_node_label(out, r);
		fputc('\n', out);
		tp.on_path[r->index] = true;
		print_children(&tp, r, 0);
		tp.on_path[r->index] = false;
	}
	strbuf_release(&tp.prefix);
	free(tp.on_path);
}

/* A JSON string, or null for NULL. jansson refuses invalid UTF-8; metadata is repaired
 * when it is read, but a repaired copy is used if anything slips through. */
static json_t *
jstr(const char *s)
{
	json_t *v;
	char *clean;

	if (s == NULL)
		return json_null();
	v = json_string(s);
	if (v == NULL) {
		clean = sanitize_text(s);
		v = json_string(clean);
		free(clean);
	}
	return v != NULL ? v : json_string("");
}

static json_t *
jstrlist(const struct strlist *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, jstr(l->v[i]));
	return a;
}

static json_t *
json_environment(const struct environment *env)
{
	json_t *o = json_object();

	json_object_set_new(o, "python", jstr(env->python));
	json_object_set_new(o, "version", jstr(env->version));
	json_object_set_new(o, "implementation", jstr(env->implementation));
	json_object_set_new(o, "free_threaded", json_boolean(env->free_threaded));
	json_object_set_new(o, "platform", jstr(env->platform));
	json_object_set_new(o, "prefix", jstr(env->prefix));
	json_object_set_new(o, "source", jstr(env->source));
	json_object_set_new(o, "site_paths", jstrlist(&env->site_paths));
	return o;
}

static json_t *
json_direct_url(const struct dist *d)
{
	const char *kind;
	json_t *o;

	switch (d->direct) {
	case DIRECT_VCS:	kind = "vcs"; break;
	case DIRECT_EDITABLE:	kind = "editable"; break;
	case DIRECT_DIR:	kind = "dir"; break;
	case DIRECT_URL:	kind = "url"; break;
	default:		return json_null();
	}
	o = json_object();
	json_object_set_new(o, "kind", json_string(kind));
	json_object_set_new(o, "url", jstr(d->direct_url));
	return o;
}

static json_t *
json_edge(const struct graph_edge *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", jstr(e->req->name));
	json_object_set_new(o, "specifier", jstr(e->req->specifier != NULL ?
	    e->req->specifier : ""));
	json_object_set_new(o, "marker", jstr(e->req->marker_text));
	json_object_set_new(o, "extras", jstrlist(&e->req->extras));
	json_object_set_new(o, "from_extras", jstrlist(&e->from_extras));
	json_object_set_new(o, "installed", jstr(e->to != NULL ? e->to->dist->version : NULL));
	json_object_set_new(o, "satisfied", json_boolean(e->satisfied));
	return o;
}

static json_t *
json_package(const struct graph_node *n)
{
	const struct dist *d = n->dist;
	json_t *o = json_object(), *reqs = json_array(), *warnings;

	json_object_set_new(o, "name", jstr(d->name));
	json_object_set_new(o, "display_name", jstr(d->display_name != NULL ?
	    d->display_name : d->name));
	json_object_set_new(o, "version", jstr(d->version));
	json_object_set_new(o, "compiled", json_boolean(d->compiled));
	json_object_set_new(o, "abi_suffixes", jstrlist(&d->ext_suffixes));
	json_object_set_new(o, "location", jstr(d->location));
	json_object_set_new(o, "installer", jstr(d->installer));
	json_object_set_new(o, "direct_url", json_direct_url(d));
	for (size_t i = 0; i < n->nedges; i++)
		json_array_append_new(reqs, json_edge(&n->edges[i]));
	json_object_set_new(o, "requires", reqs);
	warnings = jstrlist(&d->warnings);
	for (size_t i = 0; i < n->req_errors.n; i++)
		json_array_append_new(warnings, jstr(n->req_errors.v[i]));
	json_object_set_new(o, "warnings", warnings);
	return o;
}

static int
print_json(const struct graph *g, FILE *out)
{
	json_t *root = json_object(), *pkgs = json_array(), *roots = json_array();
	int rc;

	json_object_set_new(root, "schema_version", json_integer(TREE_SCHEMA_VERSION));
	json_object_set_new(root, "environment", json_environment(g->env));
	for (size_t i = 0; i < g->nnodes; i++)
		json_array_append_new(pkgs, json_package(&g->nodes[i]));
	json_object_set_new(root, "packages", pkgs);
	for (size_t i = 0; i < g->nroots; i++)
		json_array_append_new(roots, jstr(g->roots[i]->dist->name));
	json_object_set_new(root, "roots", roots);
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
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
		return EXIT_NOENV;
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
