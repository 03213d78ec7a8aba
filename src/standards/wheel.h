/* wheel.h: distribution filenames (wheels per PEP 427/491 with compressed tag sets,
 * sdists), what one wheel means for a free-threaded target, platform matching, and a
 * project's files grouped into releases. */
#ifndef FTPORT_WHEEL_H
#define FTPORT_WHEEL_H

#include <stdbool.h>
#include <stddef.h>

#include "pep440.h"
#include "project.h"
#include "util.h"
#include "target.h"

/* "name-version(-build)?-python-abi-platform.whl"; each tag field is a '.'-separated
 * set ("cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64" is two tags' worth). */
struct wheel {
	char		*name;		/* as written: "PyYAML", "zope.interface" */
	char		*version;	/* as written, not validated */
	char		*build;		/* NULL when absent; starts with a digit */
	struct strlist	 pythons;	/* "py2", "py3", "cp314" */
	struct strlist	 abis;		/* "none", "abi3", "abi3t", "cp314t" */
	struct strlist	 platforms;	/* "any", "manylinux_2_17_x86_64", "win_amd64" */
};

/* Returns 0 and fills w, or -1 with *cause (one line) when filename is not a wheel. */
int wheel_parse(const char *filename, struct wheel *w, char **cause);
void wheel_clear(struct wheel *w);

enum wheel_file_type { WF_WHEEL, WF_SDIST, WF_OTHER };	/* other: .exe, .egg, .msi ... */
enum wheel_file_type wheel_file_type(const char *filename);

/* Splits an sdist filename ("python-gitlab-6.5.0.tar.gz", "numpy-1.22.4.zip") into name
 * and version. With project (a normalised name) the prefix whose normalised form is the
 * project decides ("xo-gd-3.2.2-5.tar.gz" -> "3.2.2-5"); otherwise, or when no prefix
 * matches, the version is the shortest suffix after a '-' that parses as PEP 440, else
 * the text after the last '-'. Returns -1 when filename is not an sdist. */
int wheel_sdist_parse(const char *filename, const char *project, char **name,
    char **version);

/* Platforms. A --platform value or sysconfig.get_platform() string, or a wheel
 * platform tag, reduced to OS, libc and architecture. "linux-x86_64" means glibc
 * Linux: manylinux wheels (and local linux_* wheels) install there, musllinux wheels
 * do not; "musllinux-x86_64" (or "linux-musl-x86_64") asks for musl. */
enum wheel_os { WOS_ANY, WOS_LINUX, WOS_MACOS, WOS_WINDOWS, WOS_OTHER };
enum wheel_libc { WLIBC_NONE, WLIBC_GLIBC, WLIBC_MUSL, WLIBC_EITHER };

struct wheel_platform {
	enum wheel_os	 os;
	enum wheel_libc	 libc;		/* Linux only; EITHER for local linux_* wheels */
	int		 libc_major;	/* the glibc/musl version of a manylinux or */
	int		 libc_minor;	/* musllinux tag; 0 = any (a platform) */
	int		 macos_major;	/* macOS: the system's version, or the oldest a */
	int		 macos_minor;	/* wheel needs (macosx_14_0); 0 = any */
	char		 arch[24];	/* normalised: x86_64, aarch64, i686, armv7l, ...;
					   macOS wheels may say universal2, intel, ... */
};

/* The macOS a named macOS platform without a version stands for, so that a wheel
 * called usable there installs on every such Mac: 11.0 on arm64 (the first on Apple
 * silicon); 10.15 on x86_64 (what the cp314t wheels for Intel Macs in
 * tests/fixtures/wheel-lists are built for: 4 of 6, the others older). */
#define WHEEL_MACOS_ARM64_DEFAULT	11, 0
#define WHEEL_MACOS_X86_64_DEFAULT	10, 15

/* A --platform value ("linux-x86_64", "linux-aarch64", "macos-arm64",
 * "macos-13-arm64", "macos-10.15-x86_64", "macos-x86_64", "windows-amd64",
 * "musllinux-x86_64") or a sysconfig platform
 * ("linux-x86_64", "macosx-11.0-arm64", "win-amd64", "win32"). A universal2
 * interpreter ("macosx-10.13-universal2", the python.org installers) runs natively on
 * either architecture and is judged as arm64. A Linux wheel tag names a system with
 * that libc version ("manylinux_2_17_x86_64": glibc 2.17, where manylinux_2_28 wheels
 * do not install). "current" is not accepted: the caller resolves it to the
 * interpreter's platform. Returns -1 when not understood. */
int wheel_platform_parse(const char *text, struct wheel_platform *out);
/* One wheel platform tag ("manylinux2014_aarch64", "macosx_10_9_universal2", "any").
 * Unknown families parse as WOS_OTHER; returns -1 only for an empty tag. */
int wheel_platform_tag_parse(const char *tag, struct wheel_platform *out);
/* Does a wheel built for tag install on platform p? */
bool wheel_platform_tag_matches(const char *tag, const struct wheel_platform *p);
/* Does any of the wheel's platform tags match? */
bool wheel_matches_platform(const struct wheel *w, const struct wheel_platform *p);
/* A short name in the --platform style: "linux-x86_64", "musllinux-aarch64",
 * "macos-universal2", "windows-amd64", "windows-x86", "any"; a platform with a libc
 * version keeps its tag form ("manylinux_2_17_x86_64"); a macOS version other than
 * the architecture's default is kept ("macos-13-arm64", "macos-10.14-x86_64"); none
 * (0) is the plain family name. */
void wheel_platform_name(const struct wheel_platform *p, char *buf, size_t len);
/* The platform this program was built for, in the --platform style: the answer for
 * "current" when no interpreter could be asked (the pyvenv.cfg fallback) or there is
 * none (--lock). */
const char *wheel_host_platform(void);
/* The macOS version of a Darwin kernel release (platform_release: "23.1.0" is macOS
 * 14, "19.6.0" 10.15). -1 when release is not one. */
int wheel_macos_from_darwin(const char *release, int *major, int *minor);

/* What a wheel is to a target cp3XYt, best first (a wheel with several tags takes
 * the best of its tag combinations). */
enum wheel_class {
	WC_FT,			/* cp3XYt/cp3XYtd for the target; abi3t (3.15+) */
	WC_NATIVE_PY,		/* py*-none-<platform>: works anywhere, carries native code */
	WC_PURE,		/* py*-none-any */
	WC_OTHER_FT,		/* a free-threaded ABI of another target (cp313t for cp314t) */
	WC_COMPILED_NONE,	/* cp3XY-none-<platform>: compiled (old maturin) */
	WC_ABI3,		/* abi3: does not load on free-threaded builds */
	WC_GIL,			/* cp3XY, cp3XYm, cp3XYd: a GIL build's ABI */
	WC_OTHER_IMPL,		/* pypy, graalpy and other interpreters */
	WC_INCOMPATIBLE,	/* py2-only, unknown tags */
	WC_COUNT
};
enum wheel_class wheel_classify(const struct wheel *w, const struct target *t);
const char *wheel_class_name(enum wheel_class c);	/* "ft", "pure", ... */
/* Usable on the target (with a matching platform): ft, native-py or pure. */
bool wheel_class_usable(enum wheel_class c);
/* A short label of the wheel's interpreter/ABI for people: "cp314t", "cp312",
 * "abi3", "cp312-none", "py3", "pp311", "graalpy311"; the best combination's. */
void wheel_label(const struct wheel *w, const struct target *t, char *buf, size_t len);

/* A project's files grouped by release. Versions are compared per PEP 440, so "1.0"
 * and "1.0.0" are one release; versions that are not PEP 440 are grouped by their
 * text and sort before every valid version. Yanked files are counted but not listed. */
struct wheel_file {
	const struct project_file *pf;	/* points into the project */
	enum wheel_file_type	 type;
	struct wheel		 w;	/* parsed, for WF_WHEEL */
};

struct wheel_release {
	char			*version;	/* the text of the first file seen */
	struct pep440_version	 pv;
	bool			 valid;		/* PEP 440 */
	bool			 prerelease;	/* a pre or dev release */
	struct wheel_file	*files;		/* non-yanked wheels and sdists */
	size_t			 nfiles;
	size_t			 nyanked;
};

struct wheel_releases {
	struct wheel_release	*v;		/* ascending */
	size_t			 n;
};

void wheel_releases_build(const struct project *p, struct wheel_releases *out);
void wheel_releases_free(struct wheel_releases *r);
/* The release equal to version (PEP 440 equality, or the same text), NULL if none. */
struct wheel_release *wheel_releases_find(const struct wheel_releases *r,
    const char *version);
/* Is a newer than b (PEP 440, non-PEP 440 text before every valid version)? */
int wheel_release_cmp(const struct wheel_release *a, const struct wheel_release *b);
/* The newest release with a file that is not a pre-release; the newest release of
 * all when there are only pre-releases; NULL when there are no files. */
struct wheel_release *wheel_releases_latest(const struct wheel_releases *r);

#endif
