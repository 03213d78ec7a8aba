/* fuzz_state.c: libFuzzer target for the team state (.ftport/state.json, which a team
 * commits and anyone may edit by hand): state_parse and every getter over what it
 * accepts, and what ftport would write back (the root dumped as state_write dumps it)
 * must parse again; refused input must say why with PATH:LINE:COLUMN or the key. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "state.h"
#include "testresult.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_every_package(const struct state *s)
{
	static const char *const fields[] = {
		STATE_OWNER, STATE_NOTE, STATE_DECISION, STATE_TEST_COMMAND,
	};
	const char *name;
	json_t *entry;

	json_object_foreach(json_object_get(s->root, "packages"), name, entry) {
		struct test_result r;
		char *excerpt = NULL;

		for (size_t i = 0; i < nitems(fields); i++) {
			const char *v = state_get(s, name, fields[i]);

			if (v != NULL && *v == '\0')
				abort();	/* an empty value reads as unset */
		}
		if (state_get_decision(s, name) >= DECISION_COUNT)
			abort();
		memset(&r, 0, sizeof r);
		if (state_get_test(s, name, &r, &excerpt)) {
			for (const char *p = excerpt; p != NULL && *p != '\0'; p++)
				if ((unsigned char)*p < 0x20 && *p != '\n')
					abort();	/* cleaned: no control characters */
			testresult_clear(&r);
		}
		free(excerpt);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state *s = NULL, *again = NULL;
	char *cause = NULL, *dumped, *value;

	if (state_parse("state.json", (const char *)data, size, &s, &cause) != 0) {
		if (cause == NULL || strncmp(cause, "state.json", 10) != 0)
			abort();
		free(cause);
	} else {
		read_every_package(s);
		dumped = json_dumps(s->root, JSON_INDENT(2) | JSON_SORT_KEYS);
		if (dumped == NULL)
			abort();
		if (state_parse("state.json", dumped, strlen(dumped), &again, &cause) != 0)
			abort();	/* what ftport writes, it must read back */
		state_free(again);
		free(dumped);
		state_free(s);
	}
	/* The same bytes as a value typed at the owner/note/decision prompt. */
	value = xmalloc(size + 1);
	memcpy(value, data, size);
	value[size] = '\0';
	cause = NULL;
	if (state_check_value(STATE_NOTE, value, &cause) == 0) {
		for (const char *p = value; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();	/* accepted text is one clean line */
	} else
		free(cause);
	free(value);
	return 0;
}
