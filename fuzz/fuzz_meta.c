/* fuzz_meta.c: libFuzzer target for the installed-metadata parsers (METADATA/PKG-INFO
 * headers and RECORD's CSV), which read whatever a package wrote into site-packages. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Values reach the screen after sanitising; they must at least be valid UTF-8 without
 * carriage returns (lines end at \r as Python reads them). */
static void
check_text(const char *s, bool one_line)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL)
		return;
	while (*p != '\0') {
		size_t n;

		if (*p == '\r' || (one_line && *p == '\n'))
			abort();
		if (*p < 0x80)
			n = 1;
		else if (*p >= 0xc2 && *p <= 0xdf)
			n = 2;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 3;
		else if (*p >= 0xf0 && *p <= 0xf4)
			n = 4;
		else
			abort();
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				abort();
		p += n;
	}
}

static void
check_list(const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i] == NULL)
			abort();
		check_text(l->v[i], false);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dist *d;
	char *text;

	if (size > 1 << 20)
		return 0;
	/* Exactly size bytes, no NUL after them: the parsers must keep to len. */
	text = xmalloc(size > 0 ? size : 1);
	memcpy(text, data, size);

	d = xcalloc(1, sizeof *d);
	d->root_is_purelib = -1;
	meta_parse_metadata(d, text, size);
	check_text(d->display_name, false);
	check_text(d->version, false);
	check_text(d->summary, true);
	check_text(d->requires_python, false);
	check_text(d->home_page, false);
	check_list(&d->requires_dist);
	check_list(&d->provides_extra);
	check_list(&d->project_urls);
	check_list(&d->classifiers);
	check_list(&d->warnings);
	dist_free(d);

	d = xcalloc(1, sizeof *d);
	d->root_is_purelib = -1;
	meta_parse_record(d, text, size);
	if (!d->record_known)
		abort();
	if (d->ext_suffixes.n > 0 && !d->compiled)
		abort();
	for (size_t i = 0; i < d->ext_suffixes.n; i++) {
		const char *s = d->ext_suffixes.v[i];

		if (s == NULL || *s == '\0' || strlen(s) >= 128)
			abort();
		for (size_t j = 0; j < i; j++)
			if (strcmp(s, d->ext_suffixes.v[j]) == 0)
				abort();
	}
	dist_free(d);
	free(text);
	return 0;
}
