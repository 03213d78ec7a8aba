/* fuzz_pipconf.c: libFuzzer target for pip.conf's INI reading (pipconf_parse), which
 * reads files anyone on the machine may have written: a value found is non-empty and
 * has no trailing white space on any line, whatever the bytes. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pipconf.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[][2] = {
		{ "global", "index-url" }, { "install", "index-url" }, { "global", "cert" },
		{ "global", "Index_URL" },
	};
	char *text = xmalloc(size + 1), *value;

	for (size_t k = 0; k < nitems(keys); k++) {
		memcpy(text, data, size);
		text[size] = '\0';
		value = NULL;
		if (pipconf_parse(text, keys[k][0], keys[k][1], &value) == 1) {
			size_t n = strlen(value);

			if (n == 0 || value[n - 1] == ' ' || value[n - 1] == '\t' ||
			    value[n - 1] == '\r')
				abort();
			free(value);
		} else if (value != NULL)
			abort();
	}
	free(text);
	return 0;
}
