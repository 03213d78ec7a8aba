/* fuzz_pep440.c: libFuzzer target for PEP 440 versions and specifier sets: every
 * version that parses must format to text that parses back to an equal version. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pep440.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pep440_version v, w;
	struct pep440_specset *set;
	char *text, buf[512];

	if (size > 65536)
		return 0;
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (pep440_parse(text, &v) == 0) {
		pep440_format(&v, buf, sizeof buf);
		if (pep440_parse(buf, &w) != 0 || pep440_compare(&v, &w) != 0)
			abort();
		if (pep440_compare_str(text, buf) != 0)
			abort();
	}
	(void)pep440_compare_str(text, "1.0");
	if ((set = pep440_specset_parse(text, NULL)) != NULL) {
		(void)pep440_specset_contains(set, "1.0", false);
		(void)pep440_specset_contains(set, "2.0rc1+local", true);
		(void)pep440_specset_text(set);
		pep440_specset_free(set);
	}
	free(text);
	return 0;
}
