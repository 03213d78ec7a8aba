/* utf8.h: the one UTF-8 decoder. Text from metadata and the network is checked with it
 * and repaired the way Python's errors="replace" and WHATWG decoders do: one U+FFFD per
 * maximal subpart of an ill-formed sequence (Unicode 15, section 3.9). */
#ifndef FTPORT_UTF8_H
#define FTPORT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

/* The length (1 to 4) of the well-formed sequence at s (n bytes available), its code
 * point in *cp; 0 when it is ill-formed (overlong, a surrogate, above U+10FFFF, cut
 * short, a stray continuation byte). */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Where utf8_decode said 0: how many bytes one U+FFFD replaces (the maximal subpart:
 * a lead byte and the continuation bytes that could still have followed it; at least
 * 1). "\xe2\x9c" then "x" is one U+FFFD; "\x80\x80" two. */
size_t utf8_broken_len(const unsigned char *s, size_t n);

#endif
