/* pipconf.c: pip's configuration lookup for index-url, following pip's
 * configuration.py: global, user, site, then PIP_CONFIG_FILE files; within them the
 * command's section ([install]) overrides [global]; the environment overrides both. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pipconf.h"
#include "strbuf.h"
#include "util.h"

void
pipconf_env_init(struct pipconf_env *pe)
{
	pe->home = getenv("HOME");
	pe->xdg_config_home = getenv("XDG_CONFIG_HOME");
	pe->xdg_config_dirs = getenv("XDG_CONFIG_DIRS");
	pe->virtual_env = getenv("VIRTUAL_ENV");
	pe->pip_config_file = getenv("PIP_CONFIG_FILE");
	pe->pip_index_url = getenv("PIP_INDEX_URL");
	pe->pip_extra_index_url = getenv("PIP_EXTRA_INDEX_URL");
	pe->pip_cert = getenv("PIP_CERT");
	pe->etc = "/etc";
}

static bool
is_file(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && !S_ISDIR(sb.st_mode);
}

#ifdef __APPLE__
static bool
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}
#endif

static bool
set(const char *s)
{
	return s != NULL && *s != '\0';
}

void
pipconf_files(const struct pipconf_env *pe, struct strlist *out)
{
	const char *etc = pe->etc != NULL ? pe->etc : "/etc";
	bool env_file = set(pe->pip_config_file);

	if (env_file && strcmp(pe->pip_config_file, "/dev/null") == 0)
		return;

	/* Global: appdirs.site_config_dirs("pip"), then the fixed /etc file. */
#ifdef __APPLE__
	strlist_push(out, "/Library/Application Support/pip/pip.conf");
#else
	{
		char *dirs = xstrdup(set(pe->xdg_config_dirs) ? pe->xdg_config_dirs :
		    "/etc/xdg"), *p = dirs, *d;

		while ((d = strsep(&p, ":")) != NULL)
			if (*d != '\0')
				strlist_push_owned(out, xprintf("%s/pip/pip.conf", d));
		free(dirs);
	}
#endif
	strlist_push_owned(out, xprintf("%s/pip.conf", etc));

	/* User: the legacy file, overridden by the current one; neither when
	 * PIP_CONFIG_FILE names a file that exists. */
	if (!(env_file && is_file(pe->pip_config_file)) && set(pe->home)) {
		strlist_push_owned(out, xprintf("%s/.pip/pip.conf", pe->home));
#ifdef __APPLE__
		char *mac = xprintf("%s/Library/Application Support/pip", pe->home);

		if (is_dir(mac))
			strlist_push_owned(out, xprintf("%s/pip.conf", mac));
		else
#endif
		if (set(pe->xdg_config_home) && pe->xdg_config_home[0] == '/')
			strlist_push_owned(out, xprintf("%s/pip/pip.conf", pe->xdg_config_home));
		else
			strlist_push_owned(out, xprintf("%s/.config/pip/pip.conf", pe->home));
#ifdef __APPLE__
		free(mac);
#endif
	}

	/* Site: the virtual environment's own file. */
	if (set(pe->virtual_env))
		strlist_push_owned(out, xprintf("%s/pip.conf", pe->virtual_env));

	if (env_file)
		strlist_push(out, pe->pip_config_file);
}

/* configparser lowercases option names; pip also treats '_' as '-'. */
static void
key_normalise(char *k)
{
	for (; *k != '\0'; k++)
		*k = *k == '_' ? '-' : (char)tolower((unsigned char)*k);
}

int
pipconf_read(const char *path, const char *section, const char *key, char **value,
    char **cause)
{
	struct stat st;
	char *data;
	int rc;

	if (stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR))
		return 0;	/* most of pip's files exist on few machines */
	if (read_file(path, 1024 * 1024, &data, NULL, cause) != 0)
		return -1;
	rc = pipconf_parse(data, section, key, value);
	free(data);
	return rc;
}

int
pipconf_parse(char *data, const char *section, const char *key, char **value)
{
	char *p, *line, *want = xstrdup(key), *found = NULL;
	bool in_section = false, in_value = false;
	struct strbuf sb = STRBUF_INIT;

	key_normalise(want);
	p = data;
	while ((line = strsep(&p, "\n")) != NULL) {
		size_t n = strlen(line);
		char *t;

		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		/* Continuation lines (indented) extend the previous value. */
		if (in_value && (line[0] == ' ' || line[0] == '\t') && *str_trim(line) != '\0') {
			strbuf_addch(&sb, '\n');
			strbuf_addstr(&sb, str_trim(line));
			continue;
		}
		if (in_value) {
			free(found);
			found = strbuf_detach(&sb, NULL);
			in_value = false;
		}
		t = str_trim(line);
		if (*t == '\0' || *t == '#' || *t == ';')
			continue;
		if (*t == '[') {
			char *close = strchr(t, ']');

			if (close != NULL) {
				*close = '\0';
				in_section = strcmp(t + 1, section) == 0;
			}
			continue;
		}
		if (!in_section)
			continue;
		{
			size_t k = strcspn(t, "=:");
			char *name, *val;

			if (t[k] == '\0')
				continue;
			val = str_trim(t + k + 1);
			t[k] = '\0';
			name = str_trim(t);
			key_normalise(name);
			if (strcmp(name, want) != 0)
				continue;
			strbuf_reset(&sb);
			strbuf_addstr(&sb, val);
			in_value = true;
		}
	}
	if (in_value) {
		free(found);
		found = strbuf_detach(&sb, NULL);
	}
	strbuf_release(&sb);
	free(want);
	if (found == NULL || *found == '\0') {
		free(found);
		return 0;
	}
	*value = found;
	return 1;
}

/* key from the files, [install] over [global] (pip install's view), a later file over an
 * earlier one: 1 with *value and *origin ("/etc/pip.conf [global]"), else 0. */
static int
lookup(const struct pipconf_env *pe, const char *key, char **value, char **origin)
{
	struct strlist files = STRLIST_INIT;
	char *g = NULL, *g_from = NULL, *inst = NULL, *inst_from = NULL;

	pipconf_files(pe, &files);
	for (size_t i = 0; i < files.n; i++) {
		char *v = NULL, *cause = NULL;
		int rc;

		if ((rc = pipconf_read(files.v[i], "global", key, &v, &cause)) < 0) {
			log_warn("pip configuration: %s (skipped)", cause);
			free(cause);
			continue;
		}
		if (rc == 1) {
			free(g);
			free(g_from);
			g = v;
			g_from = xprintf("%s [global]", files.v[i]);
		}
		if (pipconf_read(files.v[i], "install", key, &v, &cause) == 1) {
			free(inst);
			free(inst_from);
			inst = v;
			inst_from = xprintf("%s [install]", files.v[i]);
		}
	}
	strlist_clear(&files);
	if (inst != NULL) {
		*value = inst;
		*origin = inst_from;
		free(g);
		free(g_from);
		return 1;
	}
	if (g != NULL) {
		*value = g;
		*origin = g_from;
		return 1;
	}
	return 0;
}

void
pipconf_index_url(const struct pipconf_env *pe, const char *cli, char **url,
    char **origin)
{
	if (set(cli)) {
		*url = xstrdup(cli);
		*origin = xstrdup("--index-url");
		return;
	}
	if (set(pe->pip_index_url)) {
		/* pip reads a list from the variable; the first URL is the index. */
		char *v = xstrdup(pe->pip_index_url), *t = str_trim(v);

		t[strcspn(t, " \t\n")] = '\0';
		*url = xstrdup(t);
		free(v);
		*origin = xstrdup("PIP_INDEX_URL");
		return;
	}
	if (lookup(pe, "index-url", url, origin) == 0) {
		*url = xstrdup(PIPCONF_DEFAULT_INDEX);
		*origin = xstrdup("default");
	}
	/* A multi-line value is a list; the first entry is the index. */
	(*url)[strcspn(*url, " \t\n")] = '\0';
}

/* Every whitespace-separated word of list, each with origin. */
static void
push_words(const char *list, const char *origin, struct strlist *urls,
    struct strlist *origins)
{
	char *v = xstrdup(list), *p = v, *w;

	while ((w = strsep(&p, " \t\r\n")) != NULL) {
		if (*w == '\0' || strlist_contains(urls, w))
			continue;	/* pip asks an index named twice once */
		strlist_push(urls, w);
		strlist_push(origins, origin);
	}
	free(v);
}

void
pipconf_extra_index_urls(const struct pipconf_env *pe, const struct strlist *cli,
    struct strlist *urls, struct strlist *origins)
{
	char *v, *from;

	if (set(pe->pip_extra_index_url))
		push_words(pe->pip_extra_index_url, "PIP_EXTRA_INDEX_URL", urls, origins);
	else if (lookup(pe, "extra-index-url", &v, &from) == 1) {
		push_words(v, from, urls, origins);
		free(v);
		free(from);
	}
	for (size_t i = 0; cli != NULL && i < cli->n; i++)
		push_words(cli->v[i], "--extra-index-url", urls, origins);
}

int
pipconf_cert(const struct pipconf_env *pe, char **path, char **origin)
{
	if (set(pe->pip_cert)) {
		*path = xstrdup(pe->pip_cert);
		*origin = xstrdup("PIP_CERT");
		return 1;
	}
	if (lookup(pe, "cert", path, origin) == 1) {
		char *t = str_trim(*path), *v = xstrdup(t);

		free(*path);
		*path = v;
		return 1;
	}
	return 0;
}
