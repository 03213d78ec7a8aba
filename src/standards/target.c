/* target.c: parsing a free-threaded target ABI, "3.14t" or "cp314t". */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"
#include "util.h"

int
target_parse(const char *text, struct target *t)
{
	const char *s = text;
	char *end;
	long major, minor;

	memset(t, 0, sizeof *t);
	if (str_starts_with(s, "cp")) {
		/* cp314t: one digit of major, the rest minor. */
		if (!isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]))
			return -1;
		major = s[2] - '0';
		minor = strtol(s + 3, &end, 10);
	} else {
		if (!isdigit((unsigned char)*s))
			return -1;
		major = strtol(s, &end, 10);
		if (*end != '.' || !isdigit((unsigned char)end[1]))
			return -1;
		minor = strtol(end + 1, &end, 10);
	}
	if (strcmp(end, "t") != 0 || major != 3 || minor < 13 || minor > 99)
		return -1;
	t->major = (int)major;
	t->minor = (int)minor;
	snprintf(t->tag, sizeof t->tag, "cp%d%dt", t->major, t->minor);
	return 0;
}
