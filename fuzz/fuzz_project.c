/* fuzz_project.c: libFuzzer target for the Simple API parsers (PEP 691 JSON and PEP 503
 * HTML), which read whatever an index sends: the first byte picks the parser, the rest
 * is the body. Every file that parses must have a name; a JSON body
 * the direct reading takes must give what jansson's reading gives. */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "project.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
str_same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* p (project_parse_json's answer, maybe NULL) against jansson's alone. */
static void
same_as_dom(const char *body, size_t len, const struct project *p)
{
	char *cause = NULL;
	struct project *q = project_parse_json_dom("fuzz", body, len, &cause);

	free(cause);
	if ((p == NULL) != (q == NULL))
		abort();
	if (p == NULL)
		return;
	if (strcmp(p->name, q->name) != 0 || p->nfiles != q->nfiles)
		abort();
	for (size_t i = 0; i < p->nfiles; i++)
		if (!str_same(p->files[i].filename, q->files[i].filename) ||
		    p->files[i].yanked != q->files[i].yanked ||
		    !str_same(p->files[i].yanked_reason, q->files[i].yanked_reason) ||
		    !str_same(p->files[i].requires_python, q->files[i].requires_python))
			abort();
	project_free(q);
}

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
		p = project_parse_html("fuzz", body, size - 1, &cause);
	else
		p = project_parse_json("fuzz", body, size - 1, &cause);
	if (!(data[0] & 1))
		same_as_dom(body, size - 1, p);
	if (p == NULL) {
		if (cause == NULL || strchr(cause, '\n') != NULL)
			abort();
		free(cause);
	} else {
		for (size_t i = 0; i < p->nfiles; i++)
			if (p->files[i].filename[0] == '\0')
				abort();
		project_free(p);
	}
	free(body);
	return 0;
}
