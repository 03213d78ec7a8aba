/* marker.h: PEP 508 environment markers: parsing and evaluation. */
#ifndef FTPORT_MARKER_H
#define FTPORT_MARKER_H

#include <stdbool.h>

/* The marker variables, in the order of PEP 508's table. */
enum marker_var {
	MV_OS_NAME,
	MV_SYS_PLATFORM,
	MV_PLATFORM_MACHINE,
	MV_PLATFORM_PYTHON_IMPLEMENTATION,
	MV_PLATFORM_RELEASE,
	MV_PLATFORM_SYSTEM,
	MV_PLATFORM_VERSION,
	MV_PYTHON_VERSION,
	MV_PYTHON_FULL_VERSION,
	MV_IMPLEMENTATION_NAME,
	MV_IMPLEMENTATION_VERSION,
	MV_COUNT
};

struct strlist;

/* Values of the marker variables for one interpreter (strings owned by the caller).
 * extras and dependency_groups are the sets PEP 751 adds for lockfile markers ("x" in
 * extras): the extras and groups chosen for the install, NULL for none. */
struct marker_env {
	const char		*values[MV_COUNT];
	const struct strlist	*extras;
	const struct strlist	*dependency_groups;
};

/* Name of a variable as written in markers ("python_version"). */
const char *marker_var_name(enum marker_var v);
/* Looks up a variable by name, also accepting the old dotted spellings
 * ("os.name", "sys.platform", "platform.version", "platform.machine",
 * "platform.python_implementation", "python_implementation"). Returns -1 if unknown. */
int marker_var_lookup(const char *name);

struct marker;

/* Parses a marker expression (the text after ';'). NULL and *cause on error. */
struct marker *marker_parse(const char *text, char **cause);
void marker_free(struct marker *m);
/* Evaluates the marker. extra is the value of the "extra" variable: "" when the
 * requirement is considered without extras. Comparisons follow PEP 508: version
 * operators use PEP 440 when both sides parse as versions, else string comparison
 * (only == and != and in/not in are defined for strings; others are false).
 * Extra names are compared after PEP 685 normalisation. */
bool marker_eval(const struct marker *m, const struct marker_env *env, const char *extra);
/* Does the marker mention the "extra" variable anywhere? */
bool marker_uses_extra(const struct marker *m);

#endif
