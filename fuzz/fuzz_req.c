/* fuzz_req.c: libFuzzer target for the requirement, marker and specifier parsers
 * (req_parse drives all three). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "marker.h"
#include "pep440.h"
#include "req.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct marker_env env = { { NULL }, NULL, NULL };
	char *text, *cause = NULL;
	struct req *r;

	if (size > 65536)
		return 0;
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';	/* callers cut at NUL bytes */
	env.values[MV_PYTHON_VERSION] = "3.11";
	env.values[MV_PYTHON_FULL_VERSION] = "3.11.2+";
	env.values[MV_PLATFORM_RELEASE] = "6.1.0-18-amd64";
	if ((r = req_parse(text, &cause)) != NULL) {
		(void)marker_eval(r->marker, &env, "");
		(void)marker_eval(r->marker, &env, "Test_x");
		(void)marker_uses_extra(r->marker);
		(void)pep440_specset_contains(r->spec, "1.0", false);
		(void)pep440_specset_contains(r->spec, text, true);
		req_free(r);
	} else
		free(cause);
	free(text);
	return 0;
}
