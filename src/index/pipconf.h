/* pipconf.h: which package index pip would use, so ftport asks the same one:
 * --index-url, then PIP_INDEX_URL, then pip's configuration files in pip's own order. */
#ifndef FTPORT_PIPCONF_H
#define FTPORT_PIPCONF_H

#include "util.h"

#define PIPCONF_DEFAULT_INDEX "https://pypi.org/simple/"

/* What the lookup reads from the environment; pipconf_env_init fills it from getenv
 * (tests replace fields, e.g. etc, to keep the machine's own /etc/pip.conf out). */
struct pipconf_env {
	const char	*home;
	const char	*xdg_config_home;
	const char	*xdg_config_dirs;
	const char	*virtual_env;
	const char	*pip_config_file;
	const char	*pip_index_url;
	const char	*pip_extra_index_url;
	const char	*pip_cert;
	const char	*etc;		/* "/etc" */
};
void pipconf_env_init(struct pipconf_env *pe);

/* The configuration files pip reads, in reading order (a later one wins): global
 * ($XDG_CONFIG_DIRS/pip/pip.conf, /etc/pip.conf), user (~/.pip/pip.conf, then
 * $XDG_CONFIG_HOME/pip/pip.conf; skipped when PIP_CONFIG_FILE names an existing file),
 * site ($VIRTUAL_ENV/pip.conf), then PIP_CONFIG_FILE. None when PIP_CONFIG_FILE is
 * /dev/null. Files that do not exist are listed too. */
void pipconf_files(const struct pipconf_env *pe, struct strlist *out);

/* Reads key (pip's spelling: "index-url"; '_' and case are normalised) from section of
 * an INI file. 1 and *value when set to something non-empty, 0 when not, -1 and
 * *cause when the file exists but cannot be read. */
int pipconf_read(const char *path, const char *section, const char *key, char **value,
    char **cause);

/* The same over a file's text (NUL-terminated; it is cut up in place): 1 and *value,
 * or 0. Exposed for the fuzzer. */
int pipconf_parse(char *data, const char *section, const char *key, char **value);

/* The index URL: cli (--index-url) > PIP_INDEX_URL > the files ([install] over
 * [global], as pip install sees them; a later file over an earlier one) > PyPI.
 * *origin says where it came from ("--index-url", "PIP_INDEX_URL",
 * "/etc/pip.conf [global]", "default"). Unreadable files are skipped with a warning. */
void pipconf_index_url(const struct pipconf_env *pe, const char *cli, char **url,
    char **origin);

/* The extra indexes, as pip install reads them: PIP_EXTRA_INDEX_URL (whitespace
 * separated) replaces the files' extra-index-url ([install] over [global], a later file
 * over an earlier one; a value may hold several URLs, one a line), and the command
 * line's --extra-index-url values come after those (pip appends them to the
 * configured list). Appends to urls, with where each came from to origins. */
void pipconf_extra_index_urls(const struct pipconf_env *pe, const struct strlist *cli,
    struct strlist *urls, struct strlist *origins);

/* The CA bundle pip verifies the index's certificate with: PIP_CERT > the files' cert
 * ([install] over [global]). 1 with *path and *origin, 0 when none is set (the system's
 * certificates). */
int pipconf_cert(const struct pipconf_env *pe, char **path, char **origin);

#endif
