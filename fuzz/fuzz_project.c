/* fuzz_project.c: libFuzzer target for the Simple API parsers (PEP 691 JSON and PEP 503
 * HTML), which read whatever an index sends: the first byte picks the parser, the rest
 * is the body. Every file that parses must have a name and an absolute URL. */
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
	char *cause = NULL, *body;

	if (size < 1)
		return 0;
	body = xmalloc(size);
	memcpy(body, data + 1, size - 1);
	body[size - 1] = '\0';
	if (data[0] & 1)
		p = project_parse_html("fuzz", body, size - 1, "https://i.example/simple/fuzz/", &cause);
	else
		p = project_parse_json("fuzz", body, size - 1, "https://i.example/simple/fuzz/", &cause);
	if (p == NULL) {
		if (cause == NULL || strchr(cause, '\n') != NULL)
			abort();
		free(cause);
	} else {
		for (size_t i = 0; i < p->nfiles; i++)
			if (p->files[i].filename[0] == '\0' ||
			    strncmp(p->files[i].url, "https://", 8) != 0 &&
			    strstr(p->files[i].url, ":") == NULL)
				abort();
		project_free(p);
	}
	free(body);
	return 0;
}
