/* wheel.c: wheel and sdist filenames, the wheel classes the verdict rests on
 * (free-threaded, pure, abi3, ...), platform tag families, and a project's files
 * grouped by release. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wheel.h"

static void
split_dots(struct strlist *l, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *dot;

	while (p <= end) {
		dot = memchr(p, '.', end - p);
		if (dot == NULL)
			dot = end;
		strlist_push_owned(l, xstrndup(p, dot - p));
		p = dot + 1;
	}
}

void
wheel_clear(struct wheel *w)
{
	free(w->name);
	free(w->version);
	free(w->build);
	strlist_clear(&w->pythons);
	strlist_clear(&w->abis);
	strlist_clear(&w->platforms);
	memset(w, 0, sizeof *w);
}

int
wheel_parse(const char *filename, struct wheel *w, char **cause)
{
	const char *part[7];
	size_t plen[7], n = 0, len;
	const char *p, *end;

	memset(w, 0, sizeof *w);
	len = strlen(filename);
	if (len < 4 || strcmp(filename + len - 4, ".whl") != 0) {
		*cause = xprintf("%s: not a wheel (no .whl suffix)", filename);
		return -1;
	}
	end = filename + len - 4;
	for (p = filename; p <= end && n < nitems(part); n++) {
		const char *dash = memchr(p, '-', end - p);

		if (dash == NULL)
			dash = end;
		part[n] = p;
		plen[n] = dash - p;
		p = dash + 1;
	}
	if (p <= end || (n != 5 && n != 6)) {
		*cause = xprintf("%s: a wheel name has 5 or 6 '-'-separated fields", filename);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (plen[i] == 0) {
			*cause = xprintf("%s: empty field in wheel name", filename);
			return -1;
		}
	}
	if (n == 6 && !isdigit((unsigned char)part[2][0])) {
		*cause = xprintf("%s: the build tag must start with a digit", filename);
		return -1;
	}
	/* A tag set with an empty member ("cp39..cp310") is malformed. */
	for (size_t i = n - 3; i < n; i++) {
		bool bad = part[i][0] == '.' || part[i][plen[i] - 1] == '.';

		for (size_t j = 1; j < plen[i]; j++)
			bad = bad || (part[i][j] == '.' && part[i][j - 1] == '.');
		if (bad) {
			*cause = xprintf("%s: empty tag in a compressed tag set", filename);
			return -1;
		}
	}
	w->name = xstrndup(part[0], plen[0]);
	w->version = xstrndup(part[1], plen[1]);
	if (n == 6)
		w->build = xstrndup(part[2], plen[2]);
	split_dots(&w->pythons, part[n - 3], plen[n - 3]);
	split_dots(&w->abis, part[n - 2], plen[n - 2]);
	split_dots(&w->platforms, part[n - 1], plen[n - 1]);
	return 0;
}

static const char *sdist_exts[] = {
	".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tar.Z", ".tar", ".zip"
};

static size_t
sdist_ext_len(const char *filename)
{
	for (size_t i = 0; i < nitems(sdist_exts); i++) {
		if (str_ends_with(filename, sdist_exts[i]) &&
		    strlen(filename) > strlen(sdist_exts[i]))
			return strlen(sdist_exts[i]);
	}
	return 0;
}

enum wheel_file_type
wheel_file_type(const char *filename)
{
	if (str_ends_with(filename, ".whl"))
		return WF_WHEEL;
	if (sdist_ext_len(filename) != 0 && strchr(filename, '-') != NULL)
		return WF_SDIST;
	return WF_OTHER;
}

int
wheel_sdist_parse(const char *filename, const char *project, char **name, char **version)
{
	size_t ext = sdist_ext_len(filename), stem_len;
	char *stem;
	const char *dash, *cut = NULL;
	struct pep440_version v;

	*name = *version = NULL;
	if (ext == 0)
		return -1;
	stem_len = strlen(filename) - ext;
	stem = xstrndup(filename, stem_len);
	if (strchr(stem, '-') == NULL) {
		free(stem);
		return -1;
	}

	if (project != NULL) {
		for (dash = strchr(stem, '-'); dash != NULL; dash = strchr(dash + 1, '-')) {
			char *prefix = xstrndup(stem, dash - stem);
			char *norm = name_normalize(prefix);
			bool same = strcmp(norm, project) == 0;

			free(prefix);
			free(norm);
			if (same && dash[1] != '\0') {
				cut = dash;
				break;
			}
		}
	}
	if (cut == NULL) {
		/* The shortest PEP 440 suffix: the version is after the last dash that
		 * leaves a valid version ("foo-1.0-beta" -> "1.0-beta"). */
		for (size_t i = stem_len; i-- > 0;) {
			if (stem[i] == '-' && i + 1 < stem_len &&
			    pep440_parse(stem + i + 1, &v) == 0) {
				cut = stem + i;
				break;
			}
		}
	}
	if (cut == NULL)
		cut = strrchr(stem, '-');
	if (cut == stem || cut[1] == '\0') {
		free(stem);
		return -1;
	}
	*name = xstrndup(stem, cut - stem);
	*version = xstrdup(cut + 1);
	free(stem);
	return 0;
}

/* --- platforms ------------------------------------------------------------ */

static void
set_arch(struct wheel_platform *p, const char *arch, size_t len)
{
	char a[sizeof p->arch];

	if (len >= sizeof a)
		len = sizeof a - 1;
	memcpy(a, arch, len);
	a[len] = '\0';
	for (char *c = a; *c != '\0'; c++)
		*c = tolower((unsigned char)*c);
	if (strcmp(a, "amd64") == 0 || strcmp(a, "x64") == 0)
		strcpy(a, "x86_64");
	else if (strcmp(a, "arm64") == 0)
		strcpy(a, "aarch64");
	else if (strcmp(a, "x86") == 0 || strcmp(a, "i386") == 0 ||
	    strcmp(a, "win32") == 0 || strcmp(a, "i586") == 0)
		strcpy(a, p->os == WOS_MACOS ? "i386" : "i686");
	strcpy(p->arch, a);
}

/* Reads "N_M_" (a glibc, musl or macOS version) and returns what follows, or NULL. */
static const char *
skip_version(const char *s, int *major, int *minor)
{
	int v[2] = { 0, 0 };

	for (int i = 0; i < 2; i++) {
		if (!isdigit((unsigned char)*s))
			return NULL;
		while (isdigit((unsigned char)*s)) {
			if (v[i] < 10000)
				v[i] = v[i] * 10 + (*s - '0');
			s++;
		}
		if (*s++ != '_')
			return NULL;
	}
	if (major != NULL) {
		*major = v[0];
		*minor = v[1];
	}
	return s;
}

/* The Linux tag families: the libc, its oldest version, and the arch after them. */
static const char *
linux_tag(const char *tag, struct wheel_platform *out)
{
	static const struct {
		const char	*prefix;
		int		 major, minor;
	} legacy[] = {
		{ "manylinux1_", 2, 5 }, { "manylinux2010_", 2, 12 },
		{ "manylinux2014_", 2, 17 },
	};

	out->os = WOS_LINUX;
	out->libc = WLIBC_GLIBC;
	for (size_t i = 0; i < nitems(legacy); i++) {
		if (str_starts_with(tag, legacy[i].prefix)) {
			out->libc_major = legacy[i].major;
			out->libc_minor = legacy[i].minor;
			return tag + strlen(legacy[i].prefix);
		}
	}
	if (str_starts_with(tag, "manylinux_"))
		return skip_version(tag + strlen("manylinux_"), &out->libc_major,
		    &out->libc_minor);
	if (str_starts_with(tag, "musllinux_")) {
		out->libc = WLIBC_MUSL;
		return skip_version(tag + strlen("musllinux_"), &out->libc_major,
		    &out->libc_minor);
	}
	return NULL;
}

int
wheel_platform_tag_parse(const char *tag, struct wheel_platform *out)
{
	const char *rest;

	memset(out, 0, sizeof *out);
	if (*tag == '\0')
		return -1;
	if (strcmp(tag, "any") == 0) {
		out->os = WOS_ANY;
		return 0;
	}
	if (str_starts_with(tag, "manylinux") || str_starts_with(tag, "musllinux"))
		rest = linux_tag(tag, out);
	else if (str_starts_with(tag, "linux_")) {
		/* Built locally (not allowed on PyPI except armv6l/armv7l): which libc is
		 * unknown, so it counts for either. */
		out->os = WOS_LINUX;
		out->libc = WLIBC_EITHER;
		rest = tag + strlen("linux_");
	} else if (str_starts_with(tag, "macosx_")) {
		out->os = WOS_MACOS;
		out->libc = WLIBC_NONE;
		rest = skip_version(tag + strlen("macosx_"), &out->macos_major,
		    &out->macos_minor);
	} else if (strcmp(tag, "win32") == 0) {
		out->os = WOS_WINDOWS;
		out->libc = WLIBC_NONE;
		rest = "i686";
	} else if (str_starts_with(tag, "win_")) {
		out->os = WOS_WINDOWS;
		out->libc = WLIBC_NONE;
		rest = tag + strlen("win_");
	} else
		rest = NULL;
	if (rest == NULL || *rest == '\0') {
		memset(out, 0, sizeof *out);
		out->os = WOS_OTHER;
		snprintf(out->arch, sizeof out->arch, "%s", tag);
		return 0;
	}
	set_arch(out, rest, strlen(rest));
	return 0;
}

/* "13", "13.5", "10.15" (len bytes of s): a macOS version from 10.0 on. */
static int
macos_version_parse(const char *s, size_t len, int *major, int *minor)
{
	char buf[16], *end;
	long a, b = 0;

	if (len == 0 || len >= sizeof buf || !isdigit((unsigned char)*s))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	a = strtol(buf, &end, 10);
	if (*end == '.') {
		if (!isdigit((unsigned char)end[1]))
			return -1;
		b = strtol(end + 1, &end, 10);
	}
	if (*end != '\0' || a < 10 || a > 99 || b < 0 || b > 99)
		return -1;
	*major = (int)a;
	*minor = (int)b;
	return 0;
}

static bool
macos_is_default(const struct wheel_platform *p, int major, int minor)
{
	static const struct { const char *arch; int v[2]; } defaults[] = {
		{ "aarch64", { WHEEL_MACOS_ARM64_DEFAULT } },
		{ "x86_64", { WHEEL_MACOS_X86_64_DEFAULT } },
	};

	for (size_t i = 0; i < nitems(defaults); i++)
		if (strcmp(p->arch, defaults[i].arch) == 0)
			return major == defaults[i].v[0] && minor == defaults[i].v[1];
	return major == 0;
}

/* A named macOS platform without a version: its architecture's default (wheel.h);
 * other architectures (i386, ppc) keep "any version". */
static void
macos_default(struct wheel_platform *p)
{
	static const int arm64[2] = { WHEEL_MACOS_ARM64_DEFAULT };
	static const int x86_64[2] = { WHEEL_MACOS_X86_64_DEFAULT };
	const int *v = strcmp(p->arch, "aarch64") == 0 ? arm64 :
	    strcmp(p->arch, "x86_64") == 0 ? x86_64 : NULL;

	if (v != NULL) {
		p->macos_major = v[0];
		p->macos_minor = v[1];
	}
}

int
wheel_macos_from_darwin(const char *release, int *major, int *minor)
{
	char *end;
	long d;

	if (release == NULL || !isdigit((unsigned char)*release))
		return -1;
	d = strtol(release, &end, 10);
	if ((*end != '.' && *end != '\0') || d < 4 || d > 200)
		return -1;
	/* Darwin 20 is macOS 11, and each major since one more; before that Darwin N
	 * was Mac OS X 10.(N-4). */
	if (d >= 20) {
		*major = (int)d - 9;
		*minor = 0;
	} else {
		*major = 10;
		*minor = (int)d - 4;
	}
	return 0;
}

int
wheel_platform_parse(const char *text, struct wheel_platform *out)
{
	const char *rest, *dash;

	memset(out, 0, sizeof *out);
	if (str_starts_with(text, "manylinux") || str_starts_with(text, "musllinux_")) {
		/* A wheel tag as the platform: Linux with that libc version or newer. */
		if ((rest = linux_tag(text, out)) == NULL)
			return -1;
	} else if (str_starts_with(text, "linux-musl-")) {
		out->os = WOS_LINUX;
		out->libc = WLIBC_MUSL;
		rest = text + strlen("linux-musl-");
	} else if (str_starts_with(text, "musllinux-")) {
		out->os = WOS_LINUX;
		out->libc = WLIBC_MUSL;
		rest = text + strlen("musllinux-");
	} else if (str_starts_with(text, "linux-")) {
		out->os = WOS_LINUX;
		out->libc = WLIBC_GLIBC;
		rest = text + strlen("linux-");
	} else if (str_starts_with(text, "macos-") || str_starts_with(text, "macosx-")) {
		/* "macos-13-arm64", "macos-arm64" (the default version), or sysconfig's
		 * "macosx-11.0-arm64" (the interpreter's deployment target: the oldest
		 * macOS it runs on). */
		out->os = WOS_MACOS;
		rest = text + strlen(str_starts_with(text, "macosx-") ? "macosx-" : "macos-");
		if ((dash = strchr(rest, '-')) != NULL) {
			if (macos_version_parse(rest, (size_t)(dash - rest), &out->macos_major,
			    &out->macos_minor) != 0)
				return -1;
			rest = dash + 1;
		} else if (str_starts_with(text, "macosx-"))
			return -1;
	} else if (strcmp(text, "win32") == 0 || strcmp(text, "windows-x86") == 0) {
		out->os = WOS_WINDOWS;
		rest = "i686";
	} else if (str_starts_with(text, "win-")) {
		out->os = WOS_WINDOWS;
		rest = text + strlen("win-");
	} else if (str_starts_with(text, "windows-")) {
		out->os = WOS_WINDOWS;
		rest = text + strlen("windows-");
	} else
		return -1;
	if (rest == NULL || *rest == '\0' || strchr(rest, '-') != NULL ||
	    strlen(rest) >= sizeof out->arch)
		return -1;
	for (const char *c = rest; *c != '\0'; c++) {
		if (!isalnum((unsigned char)*c) && *c != '_')
			return -1;
	}
	set_arch(out, rest, strlen(rest));
	if (out->os == WOS_MACOS && strcmp(out->arch, "universal2") == 0)
		strcpy(out->arch, "aarch64");
	if (out->os == WOS_MACOS && out->macos_major == 0)
		macos_default(out);
	/* A universal2 interpreter built for 10.13 runs on Apple silicon from 11.0. */
	if (out->os == WOS_MACOS && strcmp(out->arch, "aarch64") == 0 && out->macos_major < 11) {
		out->macos_major = 11;
		out->macos_minor = 0;
	}
	return 0;
}

/* The architectures a macOS multi-architecture wheel carries. */
static bool
macos_arch_has(const char *wheel_arch, const char *arch)
{
	static const struct {
		const char	*name;
		const char	*archs[4];
	} fat[] = {
		{ "universal2", { "x86_64", "aarch64" } },
		{ "universal", { "i386", "ppc", "x86_64", "ppc64" } },
		{ "intel", { "i386", "x86_64" } },
		{ "fat", { "i386", "ppc" } },
		{ "fat32", { "i386", "ppc" } },
		{ "fat3", { "i386", "ppc", "x86_64" } },
		{ "fat64", { "x86_64", "ppc64" } },
	};

	if (strcmp(wheel_arch, arch) == 0)
		return true;
	for (size_t i = 0; i < nitems(fat); i++) {
		if (strcmp(fat[i].name, wheel_arch) != 0)
			continue;
		for (size_t j = 0; j < nitems(fat[i].archs) && fat[i].archs[j]; j++) {
			if (strcmp(fat[i].archs[j], arch) == 0)
				return true;
		}
	}
	return false;
}

/* Does a macosx_A_B wheel install on the platform's macOS? pip's tags (packaging's
 * mac_platforms): up to 10.15 every 10.x up to the system's; from 11 on each major
 * with minor 0 (the midyear updates get no tags of their own), down to 11, then
 * 10.4 to 10.16. A platform without a version (0) takes every wheel. */
static bool
macos_version_fits(const struct wheel_platform *t, const struct wheel_platform *p)
{
	if (p->macos_major == 0)
		return true;
	if (t->macos_major >= 11)
		return t->macos_minor == 0 && t->macos_major <= p->macos_major;
	if (t->macos_major != 10)
		return false;
	if (p->macos_major >= 11)
		return t->macos_minor <= 16;
	return t->macos_minor <= p->macos_minor;
}

bool
wheel_platform_tag_matches(const char *tag, const struct wheel_platform *p)
{
	struct wheel_platform t;

	if (wheel_platform_tag_parse(tag, &t) != 0)
		return false;
	if (t.os == WOS_ANY)
		return true;
	if (t.os != p->os || t.os == WOS_OTHER)
		return false;
	switch (t.os) {
	case WOS_LINUX:
		if (t.libc != WLIBC_EITHER && p->libc != WLIBC_EITHER && t.libc != p->libc)
			return false;
		/* A known system libc must be at least the one the wheel was built for. */
		if (p->libc_major != 0 && t.libc != WLIBC_EITHER &&
		    (t.libc_major > p->libc_major ||
		    (t.libc_major == p->libc_major && t.libc_minor > p->libc_minor)))
			return false;
		return strcmp(t.arch, p->arch) == 0;
	case WOS_MACOS:
		return macos_version_fits(&t, p) && macos_arch_has(t.arch, p->arch);
	default:
		return strcmp(t.arch, p->arch) == 0;
	}
}

bool
wheel_matches_platform(const struct wheel *w, const struct wheel_platform *p)
{
	for (size_t i = 0; i < w->platforms.n; i++) {
		if (wheel_platform_tag_matches(w->platforms.v[i], p))
			return true;
	}
	return false;
}

void
wheel_platform_name(const struct wheel_platform *p, char *buf, size_t len)
{
	const char *arch = p->arch;

	switch (p->os) {
	case WOS_ANY:
		snprintf(buf, len, "any");
		break;
	case WOS_LINUX:
		if (p->libc_major != 0)
			snprintf(buf, len, "%s_%d_%d_%s", p->libc == WLIBC_MUSL ? "musllinux" :
			    "manylinux", p->libc_major, p->libc_minor, arch);
		else
			snprintf(buf, len, "%s-%s", p->libc == WLIBC_MUSL ? "musllinux" :
			    "linux", arch);
		break;
	case WOS_MACOS:
		arch = strcmp(arch, "aarch64") == 0 ? "arm64" : arch;
		if (p->macos_major == 0 ||
		    macos_is_default(p, p->macos_major, p->macos_minor))
			snprintf(buf, len, "macos-%s", arch);
		else if (p->macos_minor != 0 || p->macos_major == 10)
			snprintf(buf, len, "macos-%d.%d-%s", p->macos_major, p->macos_minor,
			    arch);
		else
			snprintf(buf, len, "macos-%d-%s", p->macos_major, arch);
		break;
	case WOS_WINDOWS:
		if (strcmp(arch, "x86_64") == 0)
			arch = "amd64";
		else if (strcmp(arch, "aarch64") == 0)
			arch = "arm64";
		else if (strcmp(arch, "i686") == 0)
			arch = "x86";
		snprintf(buf, len, "windows-%s", arch);
		break;
	default:
		snprintf(buf, len, "%s", arch);
		break;
	}
}

/* --- classes -------------------------------------------------------------- */

/* An interpreter tag: implementation letters then the version digits ("cp314" ->
 * "cp", 3, 14; "py3" -> "py", 3, -1; "graalpy311" -> "graalpy", 3, 11). */
struct pytag {
	char	impl[16];
	int	major, minor;	/* -1 when absent */
};

static bool
pytag_parse(const char *s, struct pytag *t)
{
	size_t n = 0;

	while (isalpha((unsigned char)s[n]) && n < sizeof t->impl - 1) {
		t->impl[n] = s[n];
		n++;
	}
	t->impl[n] = '\0';
	t->major = t->minor = -1;
	if (n == 0 || !isdigit((unsigned char)s[n]))
		return false;
	t->major = s[n] - '0';
	if (s[n + 1] != '\0') {
		char *end;
		long m = strtol(s + n + 1, &end, 10);

		if (*end != '\0' || m < 0 || m > 999)
			return false;
		t->minor = (int)m;
	}
	return true;
}

static bool
is_other_impl(const char *s)
{
	return str_starts_with(s, "pp") || str_starts_with(s, "pypy") ||
	    str_starts_with(s, "graalpy") || str_starts_with(s, "ip") ||
	    str_starts_with(s, "jy");
}

/* A py3/py3N/cp3N interpreter tag that the target's interpreter accepts for an ABI
 * of none (packaging's compatible_tags: py3, py3N for N <= minor). */
static bool
python_accepts(const struct pytag *py, const struct target *t)
{
	if (strcmp(py->impl, "py") != 0 && strcmp(py->impl, "cp") != 0)
		return false;
	if (py->major != t->major)
		return false;
	return py->minor == -1 || py->minor <= t->minor;
}

static enum wheel_class
classify_one(const char *python, const char *abi, bool plat_any, const struct target *t)
{
	struct pytag py, ab;
	const char *flags;

	memset(&ab, 0, sizeof ab);

	if (!pytag_parse(python, &py))
		return is_other_impl(python) ? WC_OTHER_IMPL : WC_INCOMPATIBLE;
	if (strcmp(py.impl, "cp") != 0 && strcmp(py.impl, "py") != 0)
		return is_other_impl(python) ? WC_OTHER_IMPL : WC_INCOMPATIBLE;

	if (strcmp(abi, "none") == 0) {
		if (strcmp(py.impl, "cp") == 0 && !plat_any)
			return py.major == t->major ? WC_COMPILED_NONE : WC_INCOMPATIBLE;
		/* pip's compatible tags name only the running CPython with none-any
		 * (cp314-none-any on 3.14), never an older one (cp312-none-any). */
		if (strcmp(py.impl, "cp") == 0 && (py.major != t->major ||
		    py.minor != t->minor))
			return WC_INCOMPATIBLE;
		if (!python_accepts(&py, t))
			return WC_INCOMPATIBLE;
		return plat_any ? WC_PURE : WC_NATIVE_PY;
	}
	/* An ABI other than none is a binary for some platform: with "any" no installer
	 * picks it (cp314-cp314t-any, cp315-abi3t-any). */
	if (plat_any)
		return is_other_impl(python) ? WC_OTHER_IMPL : WC_INCOMPATIBLE;
	if (strcmp(abi, "abi3") == 0)
		return strcmp(py.impl, "cp") == 0 ? WC_ABI3 : WC_INCOMPATIBLE;
	if (strcmp(abi, "abi3t") == 0) {
		/* PEP 803: the free-threaded stable ABI, from 3.15; cpNN is the oldest
		 * interpreter it supports. */
		if (strcmp(py.impl, "cp") != 0 || py.minor == -1)
			return WC_INCOMPATIBLE;
		if (t->minor >= 15 && py.major == t->major && py.minor <= t->minor)
			return WC_FT;
		return WC_OTHER_FT;
	}
	if (is_other_impl(abi))
		return WC_OTHER_IMPL;
	if (!str_starts_with(abi, "cp") || !isdigit((unsigned char)abi[2]))
		return WC_INCOMPATIBLE;
	/* cp3XY followed by flags: t (free-threaded), d (debug), m (pymalloc), u. */
	ab.major = abi[2] - '0';
	ab.minor = -1;
	flags = abi + 3;
	if (isdigit((unsigned char)*flags)) {
		ab.minor = 0;
		while (isdigit((unsigned char)*flags) && ab.minor < 1000)
			ab.minor = ab.minor * 10 + (*flags++ - '0');
	}
	if (strchr(flags, 't') != NULL) {
		/* A free-threaded ABI comes only with its own CPython's interpreter tag
		 * (cp314-cp314t): py3-cp314t or cp3-cp314t is no tag an installer
		 * offers. */
		if (strcmp(py.impl, "cp") != 0 || py.major != ab.major || py.minor != ab.minor)
			return WC_INCOMPATIBLE;
		if (ab.major == t->major && ab.minor == t->minor && py.major == ab.major &&
		    (py.minor == ab.minor || py.minor == -1))
			return WC_FT;
		return WC_OTHER_FT;
	}
	return WC_GIL;
}

/* The best class that any of the wheel's interpreter and ABI tag pairs gets, and the
 * first pair that gets it; WC_COUNT and "?" for a wheel without tags. */
static enum wheel_class
classify_best(const struct wheel *w, const struct target *t, const char **py,
    const char **abi)
{
	enum wheel_class best = WC_COUNT, c;

	*py = *abi = "?";
	/* Every tag the wheel's compressed sets expand to: "any" beside a real platform
	 * (rare) judges each on its own. */
	for (size_t k = 0; k < w->platforms.n; k++) {
		bool plat_any = strcmp(w->platforms.v[k], "any") == 0;

		for (size_t i = 0; i < w->pythons.n; i++) {
			for (size_t j = 0; j < w->abis.n; j++) {
				c = classify_one(w->pythons.v[i], w->abis.v[j], plat_any, t);
				if (c < best) {
					best = c;
					*py = w->pythons.v[i];
					*abi = w->abis.v[j];
				}
			}
		}
	}
	return best;
}

enum wheel_class
wheel_classify(const struct wheel *w, const struct target *t)
{
	const char *py, *abi;
	enum wheel_class best = classify_best(w, t, &py, &abi);

	return best == WC_COUNT ? WC_INCOMPATIBLE : best;
}

const char *
wheel_class_name(enum wheel_class c)
{
	static const char *names[] = {
		"ft", "native-py", "pure", "other-ft", "compiled-none", "abi3", "gil",
		"other-impl", "incompatible"
	};

	return c < WC_COUNT ? names[c] : "?";
}

bool
wheel_class_usable(enum wheel_class c)
{
	return c == WC_FT || c == WC_NATIVE_PY || c == WC_PURE;
}

void
wheel_label(const struct wheel *w, const struct target *t, char *buf, size_t len)
{
	const char *py, *abi;

	switch (classify_best(w, t, &py, &abi)) {
	case WC_FT:
	case WC_OTHER_FT:
	case WC_GIL:
		snprintf(buf, len, "%s", strcmp(abi, "abi3t") == 0 ? "abi3t" : abi);
		break;
	case WC_ABI3:
		snprintf(buf, len, "abi3");
		break;
	case WC_COMPILED_NONE:
		snprintf(buf, len, "%s-none", py);
		break;
	default:
		snprintf(buf, len, "%s", py);
		break;
	}
}

/* --- releases ------------------------------------------------------------- */

/* One file of the project; key holds only version, pv and valid: what the releases
 * are ordered and grouped by (wheel_release_cmp). */
struct entry {
	size_t			 file;
	enum wheel_file_type	 type;
	struct wheel_release	 key;
	struct wheel		 w;
};

static int
entry_cmp(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = wheel_release_cmp(&a->key, &b->key);

	if (c != 0)
		return c;
	/* Stable within a release: the index's own file order. */
	return a->file < b->file ? -1 : a->file > b->file;
}

int
wheel_release_cmp(const struct wheel_release *a, const struct wheel_release *b)
{
	if (a->valid && b->valid)
		return pep440_compare(&a->pv, &b->pv);
	if (a->valid != b->valid)
		return a->valid ? 1 : -1;
	return strcmp(a->version, b->version);
}

void
wheel_releases_build(const struct project *p, struct wheel_releases *out)
{
	struct entry *e;
	size_t n = 0;
	char *cause = NULL, *name;

	memset(out, 0, sizeof *out);
	if (p == NULL || p->nfiles == 0)
		return;
	e = xcalloc(p->nfiles, sizeof *e);
	for (size_t i = 0; i < p->nfiles; i++) {
		const char *fn = p->files[i].filename;
		struct entry *x = &e[n];

		if (fn == NULL)
			continue;
		x->file = i;
		x->type = wheel_file_type(fn);
		if (x->type == WF_WHEEL) {
			if (wheel_parse(fn, &x->w, &cause) != 0) {
				free(cause);
				cause = NULL;
				continue;
			}
			x->key.version = xstrdup(x->w.version);
		} else if (x->type == WF_SDIST) {
			if (wheel_sdist_parse(fn, p->name, &name, &x->key.version) != 0)
				continue;
			free(name);
		} else
			continue;
		x->key.valid = pep440_parse(x->key.version, &x->key.pv) == 0;
		n++;
	}
	if (n == 0) {
		free(e);
		return;
	}
	qsort(e, n, sizeof *e, entry_cmp);

	out->v = xcalloc(n, sizeof *out->v);
	for (size_t i = 0; i < n; i++) {
		struct wheel_release *r;

		if (i == 0 || wheel_release_cmp(&e[i - 1].key, &e[i].key) != 0) {
			r = &out->v[out->n++];
			r->version = xstrdup(e[i].key.version);
			r->pv = e[i].key.pv;
			r->valid = e[i].key.valid;
			r->prerelease = r->valid && pep440_is_prerelease(&r->pv);
		} else
			r = &out->v[out->n - 1];
		if (p->files[e[i].file].yanked) {
			r->nyanked++;
			wheel_clear(&e[i].w);
		} else {
			r->files = xreallocarray(r->files, r->nfiles + 1, sizeof *r->files);
			r->files[r->nfiles].pf = &p->files[e[i].file];
			r->files[r->nfiles].type = e[i].type;
			r->files[r->nfiles].w = e[i].w;
			r->nfiles++;
		}
	}
	/* Only now: the grouping above compares each entry with the one before. */
	for (size_t i = 0; i < n; i++)
		free(e[i].key.version);
	free(e);
}

void
wheel_releases_free(struct wheel_releases *r)
{
	for (size_t i = 0; i < r->n; i++) {
		for (size_t j = 0; j < r->v[i].nfiles; j++)
			wheel_clear(&r->v[i].files[j].w);
		free(r->v[i].files);
		free(r->v[i].version);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

struct wheel_release *
wheel_releases_find(const struct wheel_releases *r, const char *version)
{
	struct pep440_version v;
	bool valid;

	if (version == NULL)
		return NULL;
	valid = pep440_parse(version, &v) == 0;
	for (size_t i = 0; i < r->n; i++) {
		if (valid && r->v[i].valid) {
			if (pep440_compare(&v, &r->v[i].pv) == 0)
				return &r->v[i];
		} else if (strcmp(version, r->v[i].version) == 0)
			return &r->v[i];
	}
	return NULL;
}

struct wheel_release *
wheel_releases_latest(const struct wheel_releases *r)
{
	for (size_t i = r->n; i-- > 0;) {
		if (!r->v[i].prerelease && r->v[i].nfiles > 0)
			return &r->v[i];
	}
	for (size_t i = r->n; i-- > 0;) {
		if (r->v[i].nfiles > 0)
			return &r->v[i];
	}
	return NULL;
}

const char *
wheel_host_platform(void)
{
#if defined(__APPLE__) && (defined(__aarch64__) || defined(__arm64__))
	return "macos-arm64";
#elif defined(__APPLE__)
	return "macos-x86_64";
#elif defined(_WIN32)
	return "windows-amd64";
#elif defined(__aarch64__)
	return "linux-aarch64";
#else
	return "linux-x86_64";
#endif
}
