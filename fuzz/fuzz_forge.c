/* fuzz_forge.c: libFuzzer target for what a forge or a package's metadata sends the
 * upstream code: GitHub search and issue JSON, GitLab lists (issues, merge requests),
 * Link headers and repository URLs; the first byte picks which. Every finding must
 * have a number and a state that is one of three; every repository a forge, a URL and,
 * on a forge, an owner/name path. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "forge.h"
#include "repo_url.h"
#include "upstream.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_items(const struct upstream *u)
{
	for (size_t i = 0; i < u->nitems; i++) {
		char *label = upstream_item_label(&u->items[i]);

		if (u->items[i].number == 0 || (u->items[i].merged && !u->items[i].pr))
			abort();
		free(label);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct upstream *u;
	struct repo r;
	char *cause = NULL, *body, *s;
	size_t total = 0;
	int rc;

	if (size < 1)
		return 0;
	body = xmalloc(size);
	memcpy(body, data + 1, size - 1);
	body[size - 1] = '\0';
	switch (data[0] % 4) {
	case 0:
	case 1:
		u = upstream_new("fuzz", "1.0");
		rc = data[0] % 4 == 0 ?
		    forge_parse_github(u, body, size - 1, &total, &cause) :
		    forge_parse_gitlab(u, body, size - 1, (data[0] & 4) != 0, &cause);
		if (rc != 0 && (cause == NULL || strchr(cause, '\n') != NULL))
			abort();
		free(cause);
		check_items(u);
		upstream_sort(u);
		u->state = UP_DONE;
		s = upstream_summary(u);
		free(s);
		json_decref(upstream_to_json(u));
		upstream_free(u);
		break;
	case 2:
		s = forge_link_next(body);
		if (s != NULL && strchr(s, '>') != NULL)
			abort();
		free(s);
		break;
	default:
		memset(&r, 0, sizeof r);
		if (repo_parse(body, &r) != REPO_NONE) {
			if (r.url == NULL || ((r.forge == REPO_GITHUB || r.forge == REPO_GITLAB) &&
			    (r.path == NULL || strchr(r.path, '/') == NULL || r.clone == NULL)))
				abort();
			(void)repo_issue_number(&r, body);
			repo_clear(&r);
		}
		break;
	}
	free(body);
	return 0;
}
