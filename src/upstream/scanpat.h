/* scanpat.h: the declarations of free-threading support that the source scan looks
 * for, matched in one file's bytes. No git here: gitscan.c feeds it blobs. */
#ifndef FTPORT_SCANPAT_H
#define FTPORT_SCANPAT_H

#include <stddef.h>

/* What a declaration is; the names are stable (JSON, cache). */
enum scanpat_kind {
	SCANPAT_PY_MOD_GIL,		/* {Py_mod_gil, Py_MOD_GIL_NOT_USED} */
	SCANPAT_SET_GIL,		/* PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED) */
	SCANPAT_CYTHON,			/* freethreading_compatible=True */
	SCANPAT_PYO3,			/* #[pymodule(gil_used = false)] */
	SCANPAT_PYBIND11,		/* py::mod_gil_not_used() */
	SCANPAT_NANOBIND,		/* nanobind_add_module(... FREE_THREADED ...) */
	SCANPAT_F2PY,			/* f2py --freethreading-compatible */
	SCANPAT_CIBUILDWHEEL,		/* cp313t / cp314t builds, CIBW free-threading switches */
	SCANPAT_CI_MATRIX,		/* 3.14t in a CI configuration */
	SCANPAT_CLASSIFIER,		/* Programming Language :: Python :: Free Threading */
	/* Opt-outs: the maintainers say the module needs the GIL. */
	SCANPAT_GIL_USED,		/* {Py_mod_gil, Py_MOD_GIL_USED} */
	SCANPAT_SET_GIL_USED,		/* PyUnstable_Module_SetGIL(m, Py_MOD_GIL_USED) */
	SCANPAT_CYTHON_GIL,		/* freethreading_compatible=False */
	SCANPAT_PYO3_GIL,		/* #[pymodule(gil_used = true)] */
	SCANPAT_NKINDS
};

/* The file classes a path belongs to (by name and extension): a pattern is only
 * looked for in the classes where it declares something. 0: the file is not read. */
unsigned scanpat_classes(const char *path);

/* One match: the kind, the line (from 1) and the line's bytes (not NUL-terminated,
 * not sanitised: the caller cleans it before showing it). */
struct scanpat_match {
	enum scanpat_kind	 kind;
	unsigned		 line;
	const char		*text;
	size_t			 len;
};

/* Calls cb for each line of buf that declares support, at most once per line, in line
 * order, with the classes from scanpat_classes. cb returns nonzero to stop. Returns
 * the number of matches reported. */
size_t scanpat_find(unsigned classes, const char *buf, size_t len,
    int (*cb)(const struct scanpat_match *m, void *arg), void *arg);

/* Does buf hold a declaration of this kind (the history walk's question)? */
int scanpat_has(unsigned classes, enum scanpat_kind kind, const char *buf, size_t len);

/* Is kind an opt-out (the GIL declared needed) rather than a declaration of support? */
int scanpat_kind_is_optout(enum scanpat_kind kind);

/* "Py_mod_gil", "cython", ... and a phrase for people ("Cython freethreading_compatible"). */
const char *scanpat_kind_name(enum scanpat_kind kind);
const char *scanpat_kind_label(enum scanpat_kind kind);
/* The kind named name, or -1. */
int scanpat_kind_from_name(const char *name);

/* Binary, as git decides it: a NUL byte in the first 8,000 bytes. */
int scanpat_is_binary(const char *buf, size_t len);

#endif
