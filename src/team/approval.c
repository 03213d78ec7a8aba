/* approval.c: the approved test commands, one hex key a line in a file of this
 * machine's configuration directory; appended to, never rewritten. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "approval.h"
#include "strbuf.h"
#include "util.h"

#define APPROVAL_FILE		"approved-commands"
#define APPROVAL_FILE_MAX	(4UL * 1024 * 1024)

/* The key of a command in a state file: the state's real path (so a checkout's state
 * and another's are different projects) and the command, hashed. */
static char *
approval_key(const char *state_path, const char *command)
{
	char real[PATH_MAX], hex[GIT_OID_HEXSZ + 1];
	struct strbuf sb = STRBUF_INIT;
	git_oid oid;

	if (realpath(state_path, real) == NULL)
		snprintf(real, sizeof real, "%s", state_path);
	strbuf_addstr(&sb, "ftport test_command\n");
	strbuf_add(&sb, real, strlen(real) + 1);
	strbuf_addstr(&sb, command);
	git_libgit2_init();
	if (git_odb_hash(&oid, sb.buf, sb.len, GIT_OBJECT_BLOB) != 0)
		fatal("cannot hash a test command: %s", git_error_last() != NULL ?
		    git_error_last()->message : "libgit2 error");
	strbuf_release(&sb);
	git_oid_tostr(hex, sizeof hex, &oid);
	return xstrdup(hex);
}

bool
approval_granted(const char *state_path, const char *command)
{
	char *path = config_file_path(APPROVAL_FILE), *key, *text = NULL, *cause = NULL;
	size_t len = 0, klen;
	bool found = false;

	if (path == NULL)
		return false;
	if (read_file(path, APPROVAL_FILE_MAX, &text, &len, &cause) != 0) {
		free(cause);	/* none yet (or unreadable): nothing is approved */
		free(path);
		return false;
	}
	key = approval_key(state_path, command);
	klen = strlen(key);
	for (const char *p = text; p < text + len && !found; ) {
		const char *nl = memchr(p, '\n', (size_t)(text + len - p));
		size_t n = nl != NULL ? (size_t)(nl - p) : (size_t)(text + len - p);

		found = n == klen && memcmp(p, key, klen) == 0;
		p += n + 1;
	}
	free(key);
	free(text);
	free(path);
	return found;
}

int
approval_grant(const char *state_path, const char *command, char **cause)
{
	char *path = config_file_path(APPROVAL_FILE), *dir, *key, *line;
	ssize_t n;
	int fd, rc = 0;

	if (path == NULL) {
		*cause = xstrdup("no configuration directory (neither XDG_CONFIG_HOME nor HOME "
		    "is set) to remember it in");
		return -1;
	}
	dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	if (mkdir_p(dir, cause) != 0) {
		free(dir);
		free(path);
		return -1;
	}
	free(dir);
	key = approval_key(state_path, command);
	line = xprintf("%s\n", key);
	free(key);
	/* One short write with O_APPEND: two ftport at once each add a whole line. */
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd == -1 || (n = write(fd, line, strlen(line))) != (ssize_t)strlen(line)) {
		*cause = xprintf("cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	if (fd != -1 && close(fd) != 0 && rc == 0) {
		*cause = xprintf("cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	free(path);
	return rc;
}
