/* words.c: splitting a command line into argv the way a POSIX shell splits words,
 * and nothing else. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "strbuf.h"
#include "words.h"

int
words_split(const char *cmd, struct strlist *argv, char **cause)
{
	struct strbuf word = STRBUF_INIT;
	bool in_word = false;
	const char *p = cmd;
	char quote;

	for (;;) {
		char c = *p;

		if (c == '\0' || c == ' ' || c == '\t' || c == '\n') {
			if (in_word)
				strlist_push_owned(argv, strbuf_detach(&word, NULL));
			in_word = false;
			if (c == '\0')
				break;
			p++;
			continue;
		}
		in_word = true;
		if (c == '\\') {
			if (p[1] == '\0') {
				*cause = xstrdup("the command ends with a lone backslash");
				goto fail;
			}
			if (p[1] != '\n')
				strbuf_addch(&word, p[1]);
			p += 2;
			continue;
		}
		if (c != '\'' && c != '"') {
			strbuf_addch(&word, c);
			p++;
			continue;
		}
		quote = c;
		for (p++; *p != quote; p++) {
			if (*p == '\0') {
				*cause = xprintf("the command has an unbalanced %s quote",
				    quote == '"' ? "double" : "single");
				goto fail;
			}
			if (quote == '"' && *p == '\\' && strchr("\\\"$`", p[1]) != NULL &&
			    p[1] != '\0')
				p++;
			strbuf_addch(&word, *p);
		}
		p++;
	}
	if (argv->n == 0) {
		*cause = xstrdup("the command is empty");
		return -1;
	}
	return 0;
fail:
	strbuf_release(&word);
	return -1;
}
