/* sops_crypt: one depth-first walk, used both ways. */
#include "sops_crypt.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "encode.h"
#include "timeutil.h"

struct path {
	char *aad; /* "a:b:" */
	size_t len, cap;
	char show[256]; /* ["a"][0]["b"] for messages */
	size_t show_len;
};

static void path_push(struct path *p, const char *k, size_t n)
{
	if (p->len + n + 2 > p->cap) {
		p->cap = (p->len + n + 2) * 2;
		p->aad = xrealloc(p->aad, p->cap);
	}
	memcpy(p->aad + p->len, k, n);
	p->len += n;
	p->aad[p->len++] = ':';
	p->aad[p->len] = '\0';
}

/* Appended as far as it fits, as snprintf would: every key of a file
 * passes here, and formatting each was a tenth of the walk. */
static void show_put(struct path *p, const char *s, size_t n)
{
	size_t room = sizeof p->show - 1 - p->show_len;
	if (n > room)
		n = room;
	memcpy(p->show + p->show_len, s, n);
	p->show_len += n;
	p->show[p->show_len] = '\0';
}

static void show_key(struct path *p, const char *k, size_t n)
{
	show_put(p, "[\"", 2);
	show_put(p, k, strnlen(k, n)); /* "%.*s" stops at a NUL */
	show_put(p, "\"]", 2);
}

static void show_index(struct path *p, size_t idx)
{
	char b[32];
	int n = snprintf(b, sizeof b, "[%zu]", idx);
	show_put(p, b, (size_t)n);
}

/* What the walk knows about the place of a value. */
struct scope {
	bool key_match; /* a key on the path matched the rule */
	bool comment_match; /* an in-scope comment matched (comment rules) */
};

static bool selected(const struct sops_walk *w, struct scope s)
{
	switch (w->rule->kind) {
	case RULE_UNENCRYPTED_SUFFIX:
	case RULE_UNENCRYPTED_REGEX: return !s.key_match;
	case RULE_ENCRYPTED_SUFFIX:
	case RULE_ENCRYPTED_REGEX: return s.key_match;
	case RULE_UNENCRYPTED_COMMENT_REGEX: return !s.comment_match;
	default: return s.comment_match;
	}
}

static void feed(struct sops_walk *w, const char *b, size_t n)
{
	crypto_hash_sha512_update(&w->mac, (const unsigned char *)b, n);
}

/* Encrypt one leaf (n is replaced in place). */
static void seal_leaf(struct sops_walk *w, struct snode *n, const char *aad, bool sel)
{
	char buf[GOFLOAT_MAX];
	const char *b;
	size_t len;
	const char *type;
	if (sops_leaf_view(n, buf, &b, &len, &type) != 0)
		return;
	bool comment = n->t == ST_COMMENT;
	if (!comment && (!w->mac_only_encrypted || sel))
		feed(w, b, len);
	if (sel && len > 0) {
		char *enc = NULL;
		if (w->reuse && n->sealed) {
			char *old, t[16], e[64];
			size_t olen;
			if (sops_open(w->key, n->sealed, strlen(n->sealed), aad, &old, &olen, t, e, sizeof e) == 0) {
				if (olen == len && !memcmp(old, b, len) && !strcmp(t, type))
					enc = xstrdup(n->sealed);
				sodium_memzero(old, olen);
				free(old);
			}
		}
		if (!enc)
			enc = sops_seal(w->key, aad, type, b, len);
		n->t = comment ? ST_COMMENT : ST_STR;
		snode_set_text(n, enc, strlen(enc));
		free(enc);
		free(n->sealed);
		n->sealed = NULL;
	}
	if (b == buf)
		sodium_memzero(buf, sizeof buf);
}

/* Decrypt one leaf.  0 or an exit status. */
static int open_leaf(struct sops_walk *w, struct snode *n, const struct path *p, bool sel)
{
	bool comment = n->t == ST_COMMENT;
	/* An ENC[] comment is tried whatever the rule says (comment rules
	 * differ between sops versions); one that does not open stays as is. */
	if (comment && sops_is_enc(n->s, n->len))
		sel = true;
	if (sel && n->len > 0 && (n->t == ST_STR || comment)) {
		char *pt, type[16], e[256];
		size_t len;
		int rc = sops_open(w->key, n->s, n->len, p->aad ? p->aad : ":", &pt, &len, type, e, sizeof e);
		if (rc != 0 && comment)
			return 0; /* comments from older sops were left clear */
		if (rc != 0) {
			snprintf(w->err, sizeof w->err, "value at %s: %s", p->show[0] ? p->show : "top level", e);
			return rc == -2 ? EXIT_FAIL : EXIT_INPUT;
		}
		/* The leaf becomes its plaintext in place, and its ENC text
		 * moves to sealed: no copies of either (a file holds thousands). */
		char *was = n->s;
		if (sops_leaf_set(n, type, pt, len) != 0) {
			sodium_memzero(pt, len);
			free(pt);
			snprintf(w->err, sizeof w->err, "value at %s: decrypted bytes are not a valid %s", p->show,
				 type);
			return EXIT_INPUT;
		}
		if (n->s == was) /* a number or a boolean: no text */
			n->s = NULL, n->len = 0;
		free(n->sealed);
		n->sealed = was;
	} else if (sel && n->t != ST_STR && !comment) {
		snprintf(w->err, sizeof w->err, "value at %s is not encrypted, but the file's %s rule says it must be",
			 p->show, sops_rule_name(w->rule->kind));
		return EXIT_INPUT;
	}
	if (comment)
		return 0;
	char buf[GOFLOAT_MAX];
	const char *b;
	size_t len;
	const char *type;
	if (sops_leaf_view(n, buf, &b, &len, &type) == 0) {
		if (!w->mac_only_encrypted || sel)
			feed(w, b, len);
		if (b == buf)
			sodium_memzero(buf, sizeof buf);
	}
	return 0;
}

static int walk(struct sops_walk *w, struct snode *n, struct path *p, struct scope sc, bool enc)
{
	bool local = false; /* a matching comment since the last value here */
	for (size_t i = 0; i < n->n; i++) {
		struct sitem *it = &n->items[i];
		struct snode *v = it->v;
		size_t saved_len = p->len, saved_show = p->show_len;
		if (v->t == ST_COMMENT) {
			bool keep = false;
			if (sops_rule_is_comment(w->rule) && sops_rule_match(w->rule, v->s, v->len)) {
				local = true;
				keep = true; /* the marker comment itself stays readable */
			}
			struct scope cs = {sc.key_match, sc.comment_match || local};
			bool sel = !keep && selected(w, cs);
			const char *aad = p->aad && p->len ? p->aad : ":";
			if (enc)
				seal_leaf(w, v, aad, sel);
			else {
				struct path cp = *p;
				cp.aad = (char *)aad;
				open_leaf(w, v, &cp, sel);
			}
			continue;
		}
		struct scope cs = sc;
		cs.comment_match = sc.comment_match || local;
		if (n->t == ST_MAP) {
			path_push(p, it->key, it->klen);
			show_key(p, it->key, it->klen);
			if (!sops_rule_is_comment(w->rule) && sops_rule_match(w->rule, it->key, it->klen))
				cs.key_match = true;
		} else {
			show_index(p, i);
		}
		int rc = 0;
		if (v->t == ST_MAP || v->t == ST_SEQ) {
			rc = walk(w, v, p, cs, enc);
		} else if (v->t != ST_NULL) {
			bool sel = selected(w, cs);
			if (enc)
				seal_leaf(w, v, p->len ? p->aad : ":", sel);
			else
				rc = open_leaf(w, v, p, sel);
		}
		p->len = saved_len;
		if (p->aad)
			p->aad[p->len] = '\0';
		p->show[saved_show] = '\0';
		p->show_len = saved_show;
		if (rc)
			return rc;
		local = false;
	}
	return 0;
}

static int walk_file(struct sfile *f, struct sops_walk *w, bool enc)
{
	crypto_hash_sha512_init(&w->mac);
	if (w->mac_only_encrypted) {
		uint8_t h[32];
		sha256_raw("sops", 4, h);
		feed(w, (const char *)h, sizeof h);
	}
	w->err[0] = '\0';
	struct path p = {0};
	int rc = 0;
	for (size_t d = 0; d < f->n && !rc; d++)
		if (f->docs[d])
			rc = walk(w, f->docs[d], &p, (struct scope){false, false}, enc);
	free(p.aad);
	return rc;
}

int sops_encrypt_file(struct sfile *f, struct sops_walk *w)
{
	return walk_file(f, w, true);
}

int sops_decrypt_file(struct sfile *f, struct sops_walk *w)
{
	return walk_file(f, w, false);
}

void sops_walk_mac(struct sops_walk *w, char out[129])
{
	uint8_t h[64];
	crypto_hash_sha512_final(&w->mac, h);
	hex_encode(h, sizeof h, out, true);
}

int sops_lastmodified_aad(const char *s, char *out, size_t cap)
{
	int64_t t;
	if (rfc3339_parse(s, &t, NULL) != 0 || strlen(s) < 20 || s[10] != 'T')
		return -1;
	/* keep the date and time to the second, drop fractions, keep the zone */
	const char *z = s + 19;
	if (*z == '.')
		for (z++; *z >= '0' && *z <= '9'; z++)
			;
	if (!strcmp(z, "Z") || !strcmp(z, "+00:00") || !strcmp(z, "-00:00"))
		z = "Z";
	snprintf(out, cap, "%.19s%s", s, z);
	return 0;
}

char *sops_mac_seal(const uint8_t *key, const char *mac_hex, const char *lastmodified)
{
	return sops_seal(key, lastmodified, "str", mac_hex, strlen(mac_hex));
}

int sops_mac_open(const uint8_t *key, const char *sealed, const char *lastmodified, char out[129], char *err,
		  size_t errlen)
{
	char aad[64], *pt, type[16];
	size_t len;
	if (sops_lastmodified_aad(lastmodified, aad, sizeof aad) != 0) {
		snprintf(err, errlen, "lastmodified is not an RFC 3339 time");
		return -1;
	}
	int rc = sops_open(key, sealed, strlen(sealed), aad, &pt, &len, type, err, errlen);
	if (rc != 0)
		return rc;
	snprintf(out, 129, "%.*s", (int)(len < 128 ? len : 128), pt);
	sodium_memzero(pt, len);
	free(pt);
	return 0;
}
