/* utf8.c: decoding one UTF-8 sequence, and the extent of an ill-formed one. */
#include "config.h"

#include "utf8.h"

/* The range the second byte of a sequence led by c may take, and how many bytes follow
 * the lead; false for a byte that leads nothing. */
static int
lead(unsigned char c, unsigned char *lo, unsigned char *hi)
{
	*lo = 0x80;
	*hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		return 1;
	if (c >= 0xe0 && c <= 0xef) {
		if (c == 0xe0)
			*lo = 0xa0;	/* no overlong forms */
		else if (c == 0xed)
			*hi = 0x9f;	/* no surrogates */
		return 2;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (c == 0xf0)
			*lo = 0x90;
		else if (c == 0xf4)
			*hi = 0x8f;	/* nothing above U+10FFFF */
		return 3;
	}
	return 0;
}

/* How many bytes at s (after the lead) are as they should be, up to follow. */
static size_t
good_tail(const unsigned char *s, size_t n, int follow, unsigned char lo, unsigned char hi)
{
	size_t i = 1;

	for (; i <= (size_t)follow && i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			break;
		lo = 0x80;
		hi = 0xbf;
	}
	return i - 1;
}

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char lo, hi;
	int follow;
	uint32_t c;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((follow = lead(s[0], &lo, &hi)) == 0 || good_tail(s, n, follow, lo, hi) != (size_t)follow)
		return 0;
	c = s[0] & (follow == 1 ? 0x1f : follow == 2 ? 0x0f : 0x07);
	for (int i = 1; i <= follow; i++)
		c = (c << 6) | (s[i] & 0x3f);
	*cp = c;
	return (size_t)follow + 1;
}

size_t
utf8_broken_len(const unsigned char *s, size_t n)
{
	unsigned char lo, hi;
	int follow;

	if (n == 0 || (follow = lead(s[0], &lo, &hi)) == 0)
		return 1;
	return 1 + good_tail(s, n, follow, lo, hi);
}
