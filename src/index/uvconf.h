/* uvconf.h: which package indexes uv would use for a project, so ftport asks the same
 * ones when the project uses uv (a uv.lock or uv.toml beside it, or [tool.uv] in its
 * pyproject.toml): UV_INDEX and UV_DEFAULT_INDEX (and the older UV_EXTRA_INDEX_URL and
 * UV_INDEX_URL), then [[index]] in uv.toml or [[tool.uv.index]] in pyproject.toml (the
 * project's, then the user's uv.toml), the default index last. */
#ifndef FTPORT_UVCONF_H
#define FTPORT_UVCONF_H

#include <stdbool.h>

#include "util.h"

struct uvconf_env {
	const char	*uv_index;		/* UV_INDEX: "[name=]url ..." */
	const char	*uv_default_index;	/* UV_DEFAULT_INDEX */
	const char	*uv_index_url;		/* UV_INDEX_URL (older spelling) */
	const char	*uv_extra_index_url;	/* UV_EXTRA_INDEX_URL (older spelling) */
	const char	*uv_index_strategy;	/* UV_INDEX_STRATEGY */
	const char	*xdg_config_home;
	const char	*home;
};
void uvconf_env_init(struct uvconf_env *ue);

/* Does the project in dir use uv: a uv.lock or uv.toml there, or [tool.uv] in its
 * pyproject.toml? */
bool uvconf_project_uses_uv(const char *dir);

/* The indexes uv asks, highest priority first (urls, with origins: "UV_INDEX",
 * "./uv.toml [[index]]", "default"), the default one last. *best_match is true when
 * UV_INDEX_STRATEGY or index-strategy says unsafe-best-match (every index's versions
 * together, as pip does); otherwise uv takes a package from the first index that has
 * it. Indexes marked explicit = true are left out: uv asks them only for the packages
 * pinned to them in [tool.uv.sources]. */
void uvconf_indexes(const struct uvconf_env *ue, const char *dir, struct strlist *urls,
    struct strlist *origins, bool *best_match);

/* The part of a uv.toml (prefix "") or pyproject.toml (prefix "tool.uv.") ftport
 * reads, from its text (NUL-terminated, cut up in place): the [[index]] tables' urls
 * (explicit ones left out), the default one's in *def, extra-index-url and index-url
 * (into extras and *def when no [[index]] is the default) and index-strategy. Exposed
 * for the unit tests. */
struct uvconf_file {
	struct strlist	 indexes;	/* [[index]] urls and extra-index-url, in order */
	char		*def;		/* the default index, NULL when not set */
	char		*strategy;	/* index-strategy, NULL when not set */
	bool		 has_tool_uv;	/* a [tool.uv...] table was seen */
};
void uvconf_parse(char *text, const char *prefix, struct uvconf_file *out);
void uvconf_file_clear(struct uvconf_file *f);

#endif
