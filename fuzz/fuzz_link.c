/* fuzz_link.c: libFuzzer target for the Link header's rel="next" (forge_link_next), which
 * a forge's API (or anything answering in its place) sends: the URL found lies between
 * a '<' and a '>' of the header and holds neither. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "forge.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1), *next;

	memcpy(text, data, size);
	text[size] = '\0';
	next = forge_link_next(text);
	if (next != NULL) {
		char *needle = xprintf("<%s>", next);

		if (strchr(next, '>') != NULL || strstr(text, needle) == NULL)
			abort();
		free(needle);
		free(next);
	}
	free(text);
	return 0;
}
