/* fuzz_scanpat.c: libFuzzer target for the source scan's matcher and its cached
 * results. The input's first line is a path in a repository, the rest that file's
 * bytes: every match must lie in the file, on a line that exists, in line order, one
 * a line. The whole input is also read as a cached scan result: one that is accepted
 * must write back to JSON that reads back the same. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gitscan.h"
#include "scanpat.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	const char	*buf;
	size_t		 len;
	unsigned	 lines;		/* lines in buf */
	unsigned	 last;
};

static int
on_match(const struct scanpat_match *m, void *arg)
{
	struct seen *s = arg;

	if (m->text < s->buf || m->text + m->len > s->buf + s->len ||
	    memchr(m->text, '\n', m->len) != NULL)
		abort();
	if (m->line <= s->last || m->line > s->lines || m->kind >= SCANPAT_NKINDS)
		abort();
	s->last = m->line;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nl;
	char *path;
	struct seen s;
	json_t *j;

	if (size > 65536)
		return 0;
	nl = memchr(text, '\n', size);
	path = xstrndup(text, nl != NULL ? (size_t)(nl - text) : size);
	s.buf = nl != NULL ? nl + 1 : text + size;
	s.len = size - (size_t)(s.buf - text);
	s.lines = 1;
	for (size_t i = 0; i < s.len; i++)
		s.lines += s.buf[i] == '\n';
	s.last = 0;
	/* Every class at once, then the path's own. */
	scanpat_find(~0U, s.buf, s.len, on_match, &s);
	s.last = 0;
	scanpat_find(scanpat_classes(path), s.buf, s.len, on_match, &s);
	free(path);

	if ((j = json_loadb(text, size, 0, NULL)) != NULL) {
		struct scan_result *r = scan_result_from_json(j);

		if (r != NULL) {
			json_t *a = scan_result_json(r), *b;
			struct scan_result *r2 = scan_result_from_json(a);

			if (r2 == NULL)
				abort();
			b = scan_result_json(r2);
			if (!json_equal(a, b))
				abort();
			json_decref(a);
			json_decref(b);
			scan_result_free(r2);
			scan_result_free(r);
		}
		json_decref(j);
	}
	return 0;
}
