/* bech32: encoding and decoding age keys' Bech32 texts.
 * The checksum is a BCH code over GF(32); polymod() is the generator from
 * BIP-173. */
#include <ctype.h>
#include <string.h>

#include "bech32.h"

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static uint32_t polymod_step(uint32_t chk, uint8_t v)
{
	static const uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
	uint32_t top = chk >> 25;
	chk = ((chk & 0x1ffffff) << 5) ^ v;
	for (int i = 0; i < 5; i++)
		if ((top >> i) & 1)
			chk ^= gen[i];
	return chk;
}

/* The checksum state after the expanded HRP (high bits, 0, low bits). */
static uint32_t hrp_state(const char *hrp, size_t n)
{
	uint32_t chk = 1;
	for (size_t i = 0; i < n; i++)
		chk = polymod_step(chk, (uint8_t)tolower((unsigned char)hrp[i]) >> 5);
	chk = polymod_step(chk, 0);
	for (size_t i = 0; i < n; i++)
		chk = polymod_step(chk, (uint8_t)tolower((unsigned char)hrp[i]) & 31);
	return chk;
}

long bech32_encode(const char *hrp, const uint8_t *data, size_t len, bool upper, char *out, size_t outcap)
{
	size_t hlen = strlen(hrp);
	size_t groups = (len * 8 + 4) / 5;
	size_t total = hlen + 1 + groups + 6;
	if (total + 1 > outcap)
		return -1;
	char *p = out;
	for (size_t i = 0; i < hlen; i++)
		*p++ = (char)tolower((unsigned char)hrp[i]);
	*p++ = '1';
	uint32_t chk = hrp_state(hrp, hlen);
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | data[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			uint8_t v = (acc >> bits) & 31;
			chk = polymod_step(chk, v);
			*p++ = charset[v];
		}
	}
	if (bits > 0) {
		uint8_t v = (acc << (5 - bits)) & 31;
		chk = polymod_step(chk, v);
		*p++ = charset[v];
	}
	for (int i = 0; i < 6; i++)
		chk = polymod_step(chk, 0);
	chk ^= 1;
	for (int i = 0; i < 6; i++)
		*p++ = charset[(chk >> (5 * (5 - i))) & 31];
	*p = '\0';
	if (upper)
		for (char *q = out; *q; q++)
			*q = (char)toupper((unsigned char)*q);
	return (long)total;
}

static int char_value(char c)
{
	const char *at = strchr(charset, tolower((unsigned char)c));
	return c && at ? (int)(at - charset) : -1;
}

long bech32_decode(const char *s, size_t slen, char *hrp, size_t hrpcap, uint8_t *data, size_t datacap)
{
	bool lower = false, upper = false;
	for (size_t i = 0; i < slen; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 33 || c > 126)
			return -1;
		lower |= islower(c) != 0;
		upper |= isupper(c) != 0;
	}
	if (lower && upper)
		return -1;
	/* The separator is the last '1': HRPs may contain '1' themselves. */
	size_t sep = slen;
	for (size_t i = slen; i-- > 0;)
		if (s[i] == '1') {
			sep = i;
			break;
		}
	if (sep == slen || sep == 0 || slen - sep - 1 < 6 || sep + 1 > hrpcap)
		return -1;
	for (size_t i = 0; i < sep; i++)
		hrp[i] = (char)tolower((unsigned char)s[i]);
	hrp[sep] = '\0';

	uint32_t chk = hrp_state(hrp, sep);
	size_t ndata = slen - sep - 1 - 6;
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;
	for (size_t i = sep + 1; i < slen; i++) {
		int v = char_value(s[i]);
		if (v < 0)
			return -1;
		chk = polymod_step(chk, (uint8_t)v);
		if (i >= sep + 1 + ndata)
			continue; /* checksum characters */
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (n == datacap)
				return -1;
			data[n++] = (uint8_t)(acc >> bits);
		}
	}
	if (chk != 1)
		return -1;
	/* Leftover bits are padding: fewer than 5, and zero. */
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0)
		return -1;
	return (long)n;
}
