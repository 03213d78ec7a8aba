/* target.h: a free-threaded target ABI ("3.14t", the wheel tag cp314t). */
#ifndef FTPORT_TARGET_H
#define FTPORT_TARGET_H

/* A target ABI: "3.14t" -> cp314t (minor 14). */
struct target {
	char	 tag[16];	/* "cp314t" */
	int	 major, minor;
};
int target_parse(const char *text, struct target *t); /* "3.14t", "cp314t"; -1 if bad */

#endif
