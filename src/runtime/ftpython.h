/* ftpython.h: finding the free-threaded interpreter to test with: --ft-python,
 * FTPORT_FT_PYTHON, the environment's own when it is free-threaded, else python3.14t and
 * its kind on PATH, under uv or under pyenv, the one matching the target first. */
#ifndef FTPORT_FTPYTHON_H
#define FTPORT_FTPYTHON_H

#include <stdbool.h>

#include "env.h"
#include "util.h"

/* What the search reads from the environment; ftpython_env_init fills it from getenv
 * (tests point it at fake trees). */
struct ftpython_env {
	const char	*path;			/* $PATH */
	const char	*home;			/* $HOME */
	const char	*ft_python;		/* $FTPORT_FT_PYTHON */
	const char	*xdg_data_home;		/* uv keeps interpreters in $XDG_DATA_HOME/uv/python */
	const char	*uv_python_dir;		/* $UV_PYTHON_INSTALL_DIR */
	const char	*pyenv_root;		/* $PYENV_ROOT */
};
void ftpython_env_init(struct ftpython_env *fe);

struct ftpython {
	char	*path;		/* as found (run this) */
	char	*version;	/* "3.14.0" */
	char	*prefix;	/* its sys.prefix */
	bool	 free_threaded;	/* Py_GIL_DISABLED */
	bool	 in_place;	/* it is the environment's own: test there, no scratch venv */
	char	*origin;	/* "--ft-python", "FTPORT_FT_PYTHON", "the environment", "PATH",
			 * "uv", "pyenv" */
	char	 abi[16];	/* its ABI tag from the version: "cp313t"; "" when unknown */
};
void ftpython_free(struct ftpython *p);

/* The candidates PATH, uv and pyenv offer, in the order they are tried: those whose
 * version matches target ("3.14t") first, then PATH before uv before pyenv, then
 * newer before older. Nothing is run. origins gets "PATH", "uv" or "pyenv" for each. */
void ftpython_candidates(const struct ftpython_env *fe, const char *target,
    struct strlist *paths, struct strlist *origins);

/* The interpreter to test with: cli (--ft-python) > FTPORT_FT_PYTHON > env's own when
 * free-threaded > the first candidate that runs and says Py_GIL_DISABLED. One named
 * explicitly that has the GIL is refused, like one that does not run: with the GIL
 * built in, PYTHON_GIL=0 is an error at startup and a result would blame the package.
 * env may be NULL. -1 and *cause when there is none: the cause says what to do
 * (exit 3). */
int ftpython_find(const struct ftpython_env *fe, const char *cli,
    const struct environment *env, const char *target, struct ftpython **out,
    char **cause);

/* One line when the interpreter's ABI is not the target's ("Python 3.13.5 is cp313t, not
 * the target cp314t: the results are for cp313t"), NULL when they agree or either is
 * unknown. Said once per run. */
char *ftpython_target_note(const struct ftpython *p, const char *target);

/* The advice when none is found (the end of ftpython_find's cause). */
extern const char ftpython_howto[];

#endif
