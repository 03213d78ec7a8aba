/* uvconf.c: uv's index settings. uv's TOML is read by a small line reader that knows
 * the shapes uv's documentation writes: [[index]] tables with url, name, default and
 * explicit; index-url, extra-index-url (a string or an array of strings, over several
 * lines too) and index-strategy. Inline tables (index = [{ ... }]) are not read. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "strbuf.h"
#include "uvconf.h"
#include "util.h"

void
uvconf_env_init(struct uvconf_env *ue)
{
	ue->uv_index = getenv("UV_INDEX");
	ue->uv_default_index = getenv("UV_DEFAULT_INDEX");
	ue->uv_index_url = getenv("UV_INDEX_URL");
	ue->uv_extra_index_url = getenv("UV_EXTRA_INDEX_URL");
	ue->uv_index_strategy = getenv("UV_INDEX_STRATEGY");
	ue->xdg_config_home = getenv("XDG_CONFIG_HOME");
	ue->home = getenv("HOME");
}

static bool
set(const char *s)
{
	return s != NULL && *s != '\0';
}

static bool
exists(const char *dir, const char *name)
{
	char *p = xprintf("%s/%s", dir, name);
	struct stat sb;
	bool yes = stat(p, &sb) == 0 && S_ISREG(sb.st_mode);

	free(p);
	return yes;
}

static char *
read_small(const char *path)
{
	char *data = NULL, *cause = NULL;

	if (read_file(path, 4 * 1024 * 1024, &data, NULL, &cause) != 0) {
		free(cause);
		return NULL;
	}
	return data;
}

bool
uvconf_project_uses_uv(const char *dir)
{
	char *path, *text;
	struct uvconf_file f;

	if (dir == NULL)
		dir = ".";
	if (exists(dir, "uv.lock") || exists(dir, "uv.toml"))
		return true;
	path = xprintf("%s/pyproject.toml", dir);
	text = read_small(path);
	free(path);
	if (text == NULL)
		return false;
	uvconf_parse(text, "tool.uv.", &f);
	free(text);
	uvconf_file_clear(&f);
	return f.has_tool_uv;
}

void
uvconf_file_clear(struct uvconf_file *f)
{
	strlist_clear(&f->indexes);
	free(f->def);
	free(f->strategy);
	f->def = f->strategy = NULL;
}

/* A TOML string at *p ("..." with escapes, or '...'), advancing past it; NULL when
 * *p is not a string. */
static char *
toml_string(char **p)
{
	char q = **p, *s = *p + 1;
	struct strbuf sb = STRBUF_INIT;

	if (q != '"' && q != '\'')
		return NULL;
	for (; *s != '\0' && *s != q; s++) {
		if (q == '"' && *s == '\\' && s[1] != '\0')
			s++;
		strbuf_addch(&sb, *s);
	}
	*p = *s == q ? s + 1 : s;
	return strbuf_detach(&sb, NULL);
}

/* The strings of a value (one string, or an array of them) into out. */
static void
toml_strings(char *v, struct strlist *out)
{
	char *s;

	while (*v != '\0') {
		if (*v == '"' || *v == '\'') {
			if ((s = toml_string(&v)) != NULL && *s != '\0')
				strlist_push_owned(out, s);
			else
				free(s);
			continue;
		}
		if (*v == '#')
			break;
		v++;
	}
}

/* Unquoted brackets of line, to find where a multi-line array ends. */
static int
bracket_depth(const char *line)
{
	int depth = 0;
	char q = 0;

	for (; *line != '\0'; line++) {
		if (q != 0) {
			if (*line == '\\' && q == '"' && line[1] != '\0')
				line++;
			else if (*line == q)
				q = 0;
		} else if (*line == '"' || *line == '\'')
			q = *line;
		else if (*line == '#')
			break;
		else if (*line == '[')
			depth++;
		else if (*line == ']')
			depth--;
	}
	return depth;
}

struct uv_index_table {
	bool	 open;
	char	*url;
	bool	 is_default;
	bool	 is_explicit;
};

static void
index_table_close(struct uv_index_table *t, struct uvconf_file *out)
{
	if (t->open && t->url != NULL && !t->is_explicit) {
		if (t->is_default) {
			free(out->def);
			out->def = t->url;
			t->url = NULL;
		} else
			strlist_push(&out->indexes, t->url);
	}
	free(t->url);
	memset(t, 0, sizeof *t);
}

void
uvconf_parse(char *text, const char *prefix, struct uvconf_file *out)
{
	char *p = text, *line, *index_hdr = xprintf("%sindex", prefix);
	size_t plen = strlen(prefix);
	struct uv_index_table t;
	struct strlist extras = STRLIST_INIT;
	char *index_url = NULL;
	/* uv.toml's keys are at its top level; pyproject's under [tool.uv]. */
	bool in_top = plen == 0;
	struct strbuf val = STRBUF_INIT;

	memset(out, 0, sizeof *out);
	memset(&t, 0, sizeof t);
	while ((line = strsep(&p, "\n")) != NULL) {
		char *s = str_trim(line), *eq, *key, *v;

		if (*s == '\0' || *s == '#')
			continue;
		if (*s == '[') {
			bool array = s[1] == '[';
			char *name = s + (array ? 2 : 1), *end = strchr(name, ']');

			if (end == NULL)
				continue;
			*end = '\0';
			name = str_trim(name);
			index_table_close(&t, out);
			in_top = false;
			if (plen > 0 && (strcmp(name, "tool.uv") == 0 ||
			    strncmp(name, prefix, plen) == 0))
				out->has_tool_uv = true;
			if (array && strcmp(name, index_hdr) == 0)
				t.open = true;
			else if (!array && plen > 0 && strcmp(name, "tool.uv") == 0)
				in_top = true;
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL || (!t.open && !in_top))
			continue;
		*eq = '\0';
		key = str_trim(s);
		v = str_trim(eq + 1);
		/* An array over several lines: read on until its brackets close. */
		strbuf_reset(&val);
		strbuf_addstr(&val, v);
		while (bracket_depth(val.buf) > 0 && (line = strsep(&p, "\n")) != NULL) {
			strbuf_addch(&val, ' ');
			strbuf_addstr(&val, line);
		}
		v = val.buf;
		if (t.open) {
			if (strcmp(key, "url") == 0) {
				char *q = v;

				free(t.url);
				t.url = toml_string(&q);
			} else if (strcmp(key, "default") == 0)
				t.is_default = str_starts_with(v, "true");
			else if (strcmp(key, "explicit") == 0)
				t.is_explicit = str_starts_with(v, "true");
			continue;
		}
		if (strcmp(key, "index-url") == 0) {
			char *q = v;

			free(index_url);
			index_url = toml_string(&q);
		} else if (strcmp(key, "extra-index-url") == 0)
			toml_strings(v, &extras);
		else if (strcmp(key, "index-strategy") == 0) {
			char *q = v;

			free(out->strategy);
			out->strategy = toml_string(&q);
		}
	}
	index_table_close(&t, out);
	/* extra-index-url comes after [[index]] in uv's order, index-url is the default
	 * unless an [[index]] says default = true. */
	for (size_t i = 0; i < extras.n; i++)
		strlist_push(&out->indexes, extras.v[i]);
	if (out->def == NULL && set(index_url))
		out->def = xstrdup(index_url);
	free(index_url);
	strlist_clear(&extras);
	strbuf_release(&val);
	free(index_hdr);
}

/* Every "[name=]url" word of an environment variable. */
static void
push_env_words(const char *list, const char *origin, struct strlist *urls,
    struct strlist *origins)
{
	char *v = xstrdup(list), *p = v, *w;

	while ((w = strsep(&p, " \t\r\n")) != NULL) {
		char *eq = strchr(w, '='), *colon = strstr(w, "://");

		/* A name before the URL ("internal=https://..."): the URL is after '='. */
		if (eq != NULL && (colon == NULL || eq < colon))
			w = eq + 1;
		if (*w == '\0' || strlist_contains(urls, w))
			continue;
		strlist_push(urls, w);
		strlist_push(origins, origin);
	}
	free(v);
}

/* One uv.toml or pyproject.toml's settings into the lists; false when it is absent. */
static bool
read_config(const char *path, const char *prefix, struct strlist *urls,
    struct strlist *origins, char **def, char **def_from, char **strategy)
{
	char *text = read_small(path), *from;
	struct uvconf_file f;

	if (text == NULL)
		return false;
	uvconf_parse(text, prefix, &f);
	free(text);
	from = xprintf("%s [[%sindex]]", path, prefix);
	for (size_t i = 0; i < f.indexes.n; i++)
		if (!strlist_contains(urls, f.indexes.v[i])) {
			strlist_push(urls, f.indexes.v[i]);
			strlist_push(origins, from);
		}
	free(from);
	if (f.def != NULL && *def == NULL) {
		*def = f.def;
		*def_from = xprintf("%s (default index)", path);
		f.def = NULL;
	}
	if (f.strategy != NULL && *strategy == NULL) {
		*strategy = f.strategy;
		f.strategy = NULL;
	}
	uvconf_file_clear(&f);
	return true;
}

void
uvconf_indexes(const struct uvconf_env *ue, const char *dir, struct strlist *urls,
    struct strlist *origins, bool *best_match)
{
	char *def = NULL, *def_from = NULL, *strategy = NULL, *path;

	if (dir == NULL)
		dir = ".";
	/* The environment's indexes come before the configuration's. */
	if (set(ue->uv_index))
		push_env_words(ue->uv_index, "UV_INDEX", urls, origins);
	if (set(ue->uv_extra_index_url))
		push_env_words(ue->uv_extra_index_url, "UV_EXTRA_INDEX_URL", urls, origins);
	if (set(ue->uv_default_index)) {
		def = xstrdup(ue->uv_default_index);
		def_from = xstrdup("UV_DEFAULT_INDEX");
	} else if (set(ue->uv_index_url)) {
		def = xstrdup(ue->uv_index_url);
		def_from = xstrdup("UV_INDEX_URL");
	}
	if (set(ue->uv_index_strategy))
		strategy = xstrdup(ue->uv_index_strategy);
	/* The project's uv.toml wins over its pyproject.toml's [tool.uv]; then the
	 * user's uv.toml. */
	path = xprintf("%s/uv.toml", dir);
	if (!read_config(path, "", urls, origins, &def, &def_from, &strategy)) {
		free(path);
		path = xprintf("%s/pyproject.toml", dir);
		(void)read_config(path, "tool.uv.", urls, origins, &def, &def_from, &strategy);
	}
	free(path);
	if (set(ue->xdg_config_home) && ue->xdg_config_home[0] == '/')
		path = xprintf("%s/uv/uv.toml", ue->xdg_config_home);
	else if (set(ue->home))
		path = xprintf("%s/.config/uv/uv.toml", ue->home);
	else
		path = NULL;
	if (path != NULL)
		(void)read_config(path, "", urls, origins, &def, &def_from, &strategy);
	free(path);
	if (def == NULL) {
		def = xstrdup("https://pypi.org/simple/");
		def_from = xstrdup("default");
	}
	if (!strlist_contains(urls, def)) {
		strlist_push(urls, def);
		strlist_push(origins, def_from);
	}
	*best_match = strategy != NULL && strcmp(strategy, "unsafe-best-match") == 0;
	free(def);
	free(def_from);
	free(strategy);
}
