/* fuzz_html.c: libFuzzer target for the PEP 503 Simple API HTML parser alone (the index's
 * page, or what a proxy in front of it sends): every file that parses has a name (never
 * empty, "." or ".."), and a failure has a one-line cause. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "project.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct project *p;
	char *cause = NULL, *body = xmalloc(size + 1);

	memcpy(body, data, size);
	body[size] = '\0';
	p = project_parse_html("fuzz", body, size, &cause);
	if (p == NULL) {
		if (cause == NULL || strchr(cause, '\n') != NULL)
			abort();
		free(cause);
	} else {
		for (size_t i = 0; i < p->nfiles; i++) {
			const struct project_file *f = &p->files[i];

			if (f->filename[0] == '\0' || strcmp(f->filename, ".") == 0 ||
			    strcmp(f->filename, "..") == 0)
				abort();
		}
		project_free(p);
	}
	free(body);
	return 0;
}
