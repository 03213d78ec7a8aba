/* project.h: what the package index says about one project: every file of every
 * release (PEP 691 JSON or PEP 503 HTML, parsed by index_parse.c). The verdict reads
 * this; the index client, the cache and the snapshot produce it. */
#ifndef FTPORT_PROJECT_H
#define FTPORT_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

struct project_file {
	char	*filename;		/* "numpy-2.3.0-cp314-cp314t-manylinux_2_28_x86_64.whl" */
	char	*url;			/* absolute */
	bool	 yanked;		/* PEP 592: false, true, or a reason string */
	char	*yanked_reason;		/* NULL unless a reason was given */
	char	*requires_python;	/* NULL when absent */
	char	*index;			/* the index that offered it (no credentials), when
					   several were asked; NULL otherwise */
};

struct project {
	char			*name;		/* normalised */
	struct project_file	*files;
	size_t			 nfiles;
};

/* Parses a PEP 691 JSON body. Returns NULL with *cause (one line) on a malformed body. */
struct project *project_parse_json(const char *name, const char *body, size_t len,
    const char *base_url, char **cause);
/* The same through jansson alone, which project_parse_json falls back on for any body
 * its direct reading declines: the reference the tests and fuzz_project compare with. */
struct project *project_parse_json_dom(const char *name, const char *body, size_t len,
    const char *base_url, char **cause);
/* The direct reading project_parse_json tries first: the project, or NULL when it
 * declines the body (never with a different answer than jansson's). */
struct project *project_parse_json_direct(const char *name, const char *body, size_t len,
    const char *base_url);
/* Parses a PEP 503 HTML body (anchors, data-yanked, data-requires-python; relative
 * hrefs resolved against base_url, the #sha256= fragment dropped). */
struct project *project_parse_html(const char *name, const char *body, size_t len,
    const char *base_url, char **cause);
void project_free(struct project *p);

#endif
