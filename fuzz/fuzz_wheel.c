/* fuzz_wheel.c: libFuzzer target for distribution filenames and platform names: the
 * input is split into filenames (one a line) that make one project, judged for every
 * target and platform family; every verdict must have a reason. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"
#include "project.h"
#include "util.h"
#include "verdict.h"
#include "wheel.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *platforms[] = {
		"linux-x86_64", "manylinux_2_17_aarch64", "musllinux-x86_64", "macos-arm64",
		"windows-amd64",
	};
	struct project p = { .name = (char *)"pkg" };
	struct dist d = { .name = (char *)"pkg", .record_known = true, .compiled = true };
	struct target t;
	struct wheel w;
	struct wheel_platform wp;
	struct verdict v;
	char *text, *line, *save = NULL, *cause = NULL, *name, *version, buf[64];

	if (size > 16384)
		return 0;
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	p.files = xcalloc(size / 2 + 1, sizeof *p.files);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (wheel_parse(line, &w, &cause) == 0) {
			if (*w.name == '\0' || *w.version == '\0' || w.platforms.n == 0)
				abort();
			wheel_clear(&w);
		} else
			free(cause);
		if (wheel_sdist_parse(line, "pkg", &name, &version) == 0) {
			free(name);
			free(version);
		}
		if (wheel_platform_parse(line, &wp) == 0)
			wheel_platform_name(&wp, buf, sizeof buf);
		(void)target_parse(line, &t);
		p.files[p.nfiles].yanked = p.nfiles % 5 == 4;
		p.files[p.nfiles++].filename = line;
	}
	d.version = p.nfiles > 0 ? p.files[0].filename : (char *)"1.0";
	for (int minor = 13; minor <= 15; minor++) {
		char tt[8];

		snprintf(tt, sizeof tt, "3.%dt", minor);
		if (target_parse(tt, &t) != 0)
			abort();
		for (size_t k = 0; k < sizeof platforms / sizeof platforms[0]; k++) {
			memset(&v, 0, sizeof v);
			verdict_judge(&d, &p, VS_INDEX, &t, platforms[k], &v);
			if (v.reason == NULL)
				abort();
			verdict_clear(&v);
			free(verdict_files_text(&d, &p, &t, platforms[k]));
		}
	}
	free(p.files);
	free(text);
	return 0;
}
