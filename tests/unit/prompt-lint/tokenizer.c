/* The BPE tokenizer against the 313 cases of gpt-tokenizer's TestPlans.txt
 * (ids, not only counts), plus the edges the vectors do not cover. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "encode.h"
#include "fs.h"
#include "bpe.h"
#include "tokenizer.h"

/* Rank files: the build's copy (all four encodings) beside the tools,
 * else the shared data (o200k/cl100k only). */
static char *rank_dir(const char *file)
{
	const char *bin = getenv("AGENTCI_BIN"), *shared = getenv("AGENTCI_SHARED");
	char *cands[2] = {
		bin ? xasprintf("%s/../share/agentci/tokenizers", bin) : NULL,
		shared && *shared ? xasprintf("%s/data/tokenizers", shared) : NULL,
	};
	char *found = NULL;
	for (int i = 0; i < 2; i++) {
		if (!found && cands[i]) {
			char *p = fs_join(cands[i], file);
			FILE *fp = fopen(p, "r");
			if (fp) {
				fclose(fp);
				found = xstrdup(cands[i]);
			}
			free(p);
		}
		free(cands[i]);
	}
	return found;
}

static struct tokenizer *open_enc(const char *name)
{
	char *dir = rank_dir(tok_rank_file(name)), err[600];
	if (!dir)
		return NULL;
	struct tokenizer *t = tok_open(name, dir, err, sizeof err);
	free(dir);
	ck_assert_msg(t != NULL, "%s", err);
	return t;
}

static int missing(const char *what)
{
	if (getenv("AGENTCI_REQUIRE_SHARED") && *getenv("AGENTCI_REQUIRE_SHARED"))
		ck_abort_msg("required data missing: %s", what);
	fprintf(stderr, "skipped: %s not found\n", what);
	return 1;
}

START_TEST(test_plans)
{
	const char *shared = getenv("AGENTCI_SHARED");
	char *path = shared && *shared ? xasprintf("%s/data/tokenizers/TestPlans.txt", shared) : NULL;
	char *buf, err[512];
	size_t len;
	if (!path || fs_read_all(path, 1u << 24, &buf, &len, err, sizeof err) != 0) {
		missing("TestPlans.txt");
		free(path);
		return;
	}
	const char *names[] = {"o200k_base", "cl100k_base", "p50k_base", "p50k_edit", "r50k_base"};
	struct tokenizer *toks[5];
	for (int i = 0; i < 5; i++)
		toks[i] = open_enc(names[i]);
	int cases = 0, checked = 0;
	char *save, *line = strtok_r(buf, "\n", &save);
	while (line) {
		if (strncmp(line, "EncodingName: ", 14) != 0) {
			line = strtok_r(NULL, "\n", &save);
			continue;
		}
		const char *enc = line + 14;
		char *sample = strtok_r(NULL, "\n", &save);
		/* An empty sample is "Sample: " followed directly by the ids. */
		char *encoded;
		if (strncmp(sample, "Encoded: ", 9) == 0) {
			encoded = sample;
			sample = "Sample: ";
		} else {
			encoded = strtok_r(NULL, "\n", &save);
		}
		ck_assert(strncmp(sample, "Sample: ", 8) == 0 || strcmp(sample, "Sample:") == 0);
		ck_assert(strncmp(encoded, "Encoded: [", 10) == 0);
		cases++;
		int k = -1;
		for (int i = 0; i < 5; i++)
			if (strcmp(enc, names[i]) == 0)
				k = i;
		ck_assert_msg(k >= 0, "encoding %s", enc);
		if (k >= 0 && toks[k]) {
			const char *text = strlen(sample) > 8 ? sample + 8 : "";
			size_t n;
			uint32_t *ids = tok_encode(toks[k], text, strlen(text), &n);
			char got[8192] = "Encoded: [";
			for (size_t i = 0; i < n; i++)
				snprintf(got + strlen(got), sizeof got - strlen(got), "%s%u", i ? ", " : "", ids[i]);
			strcat(got, "]");
			ck_assert_msg(strcmp(got, encoded) == 0, "%s %s\n want %s\n got  %s", enc, text, encoded, got);
			ck_assert_uint_eq(tok_count(toks[k], text, strlen(text)), n);
			free(ids);
			checked++;
		}
		line = strtok_r(NULL, "\n", &save);
	}
	ck_assert_int_eq(cases, 313);
	if (checked < cases)
		missing("the p50k/r50k rank files of the build (make fetches them)");
	fprintf(stderr, "TestPlans: %d of %d cases checked, all equal\n", checked, cases);
	for (int i = 0; i < 5; i++)
		tok_free(toks[i]);
	free(buf);
	free(path);
}
END_TEST

static size_t count(struct tokenizer *t, const char *s)
{
	return tok_count(t, s, strlen(s));
}

START_TEST(test_edges)
{
	struct tokenizer *t = open_enc("o200k_base");
	if (!t) {
		missing("o200k_base.tiktoken");
		return;
	}
	/* A BOM is not white space: it does not join the space run. */
	ck_assert_uint_eq(count(t, ""), 0);
	ck_assert_uint_eq(count(t, "\xEF\xBB\xBF#"), 1);
	ck_assert_uint_eq(count(t, "\xEF\xBB\xBF  x"), 3);
	/* Special-token strings are plain text, several tokens. */
	ck_assert_uint_gt(count(t, "<|endoftext|>"), 1);
	/* Invalid UTF-8 counts like U+FFFD. */
	ck_assert_uint_eq(count(t, "a\xFF"
				   "b"),
			  count(t, "a\xEF\xBF\xBD"
				   "b"));
	/* ... after valid multi-byte text, and for a surrogate (one U+FFFD per
	 * maximal ill-formed subsequence: \xED, then \xA0, then \x80). */
	ck_assert_uint_eq(count(t, "caf\xC3\xA9 \xC3(x"), count(t, "caf\xC3\xA9 \xEF\xBF\xBD(x"));
	ck_assert_uint_eq(count(t, "\xC3\xA9\xED\xA0\x80z"), count(t, "\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz"));
	/* A long piece takes the heap path and must agree with the flat one
	 * on the same structure. */
	char *big = xmalloc(5001);
	for (int i = 0; i < 5000; i++)
		big[i] = "abcdefghij"[i % 10];
	big[5000] = '\0';
	size_t whole = count(t, big);
	ck_assert_uint_gt(whole, 100);
	ck_assert_uint_lt(whole, 5000);
	size_t n;
	uint32_t *ids = tok_encode(t, big, 5000, &n);
	ck_assert_uint_eq(n, whole);
	free(ids);
	free(big);
	tok_free(t);

	char err[200];
	struct tokenizer *e = tok_open("estimate", NULL, err, sizeof err);
	ck_assert(tok_is_estimate(e));
	ck_assert_uint_eq(count(e, "abcdefg"), 3);
	tok_free(e);
	ck_assert_ptr_null(tok_open("o300k", NULL, err, sizeof err));
}
END_TEST

/* The hand-written ASCII pre-tokeniser against PCRE2 alone: the same ids
 * for random text built from the characters where the patterns' cases
 * meet (letter case, contractions, digits, each kind of white space,
 * punctuation and slash) and the non-ASCII ones that must make it decline
 * (é, U+00A0, U+2014, U+017F LONG S, U+0663 ARABIC-INDIC THREE, an emoji,
 * a combining accent). */
static const char *const atoms[] = {
	"a",
	"b",
	"Z",
	"Q",
	"x",
	"HELLO",
	"World",
	"the",
	"'s",
	"'S",
	"'ll",
	"'Re",
	"'ve",
	"'d",
	"'m",
	"'t",
	"'",
	"'x",
	"0",
	"7",
	"123",
	"4567",
	" ",
	" ",
	"  ",
	"\t",
	"\n",
	"\r\n",
	"\r",
	"\v",
	"\f",
	"\n\n",
	".",
	",",
	"!",
	"?",
	"/",
	"//",
	"{",
	"}",
	"(",
	"-",
	"_",
	"#",
	"\"",
	"<|endoftext|>",
	"\x01",
	"\xC3\xA9",
	"\xC2\xA0",
	"\xE2\x80\x94",
	"\xC5\xBF",
	"\xD9\xA3",
	"\xF0\x9F\x98\x80",
	"e\xCC\x81",
	"'\xC5\xBF",
	"'l\xC5\xBF",
	"don'\xC5\xBF",
};

START_TEST(test_fast_path)
{
	static const char *const encs[] = {"o200k_base", "cl100k_base"};
	struct tokenizer *t = open_enc(encs[_i]);
	if (!t) {
		missing(encs[_i]);
		return;
	}
	unsigned seed = 12345u + (unsigned)_i;
	char buf[512];
	for (int round = 0; round < 20000; round++) {
		size_t len = 0;
		int parts = 1 + (int)(rand_r(&seed) % 24);
		for (int k = 0; k < parts; k++) {
			const char *a = atoms[rand_r(&seed) % (sizeof atoms / sizeof *atoms)];
			size_t al = strlen(a);
			if (len + al >= sizeof buf)
				break;
			memcpy(buf + len, a, al);
			len += al;
		}
		size_t nf, ns;
		tok_use_fast_path(t, true);
		uint32_t *fast = tok_encode(t, buf, len, &nf);
		tok_use_fast_path(t, false);
		uint32_t *slow = tok_encode(t, buf, len, &ns);
		ck_assert_msg(nf == ns && memcmp(fast, slow, nf * sizeof *fast) == 0,
			      "%s: fast path differs on \"%.*s\"", encs[_i], (int)len, buf);
		tok_use_fast_path(t, true);
		ck_assert_uint_eq(tok_count(t, buf, len), ns);
		free(fast);
		free(slow);
	}
	tok_free(t);
}
END_TEST

/* A clone (one per worker thread) counts as the tokenizer it shares its
 * ranks with, and frees without freeing them. */
START_TEST(test_clone)
{
	struct tokenizer *t = open_enc("o200k_base");
	if (!t) {
		missing("o200k_base");
		return;
	}
	struct tokenizer *c = tok_clone(t), *d = tok_clone(t);
	static const char text[] = "Summarise {text} for {audience}, keeping it short: caf\xC3\xA9 \xF0\x9F\x98\x80!";
	size_t n = tok_count(t, text, sizeof text - 1);
	ck_assert_uint_gt(n, 10);
	ck_assert_uint_eq(tok_count(c, text, sizeof text - 1), n);
	tok_free(c);
	ck_assert_uint_eq(tok_count(d, text, sizeof text - 1), n);
	ck_assert_str_eq(tok_name(d), "o200k_base");
	tok_free(d);
	ck_assert_uint_eq(tok_count(t, text, sizeof text - 1), n);
	tok_free(t);
	char err[100];
	struct tokenizer *e = tok_open("estimate", NULL, err, sizeof err), *ec = tok_clone(e);
	ck_assert(tok_is_estimate(ec));
	ck_assert_uint_eq(tok_count(ec, "abcdef", 6), 2);
	tok_free(ec);
	tok_free(e);
}
END_TEST

/* The rank-file reader: good lines, and each way a line can be bad. */
START_TEST(test_ranks_parse)
{
	struct ranks r;
	char err[200];
	const char *good = "YQ== 0\nYg== 1\nYWI= 2\nIGFi 7\n"; /* a, b, ab, " ab" */
	ck_assert_int_eq(ranks_parse(&r, good, strlen(good), err, sizeof err), 0);
	ck_assert_uint_eq(r.n, 4);
	ck_assert_uint_eq(ranks_get(&r, (const uint8_t *)"ab", 2), 2);
	ck_assert_uint_eq(ranks_get(&r, (const uint8_t *)" ab", 3), 7);
	ck_assert_uint_eq(ranks_get(&r, (const uint8_t *)"ba", 2), RANK_NONE);
	ck_assert_uint_eq(bpe_merge(&r, (const uint8_t *)"ab", 2, NULL), 1);
	ranks_free(&r);
	static const struct {
		const char *text, *why;
	} bad[] = {
		{"YQ== 0\nYQ== 1\n", "line 2: token listed twice"},
		{"YQ== 0\nY!== 1\n", "line 2: expected \"BASE64 RANK\""},
		{"YQ== x\n", "line 1: expected"},
		{"YQ==\n", "line 1: expected"},
		{"YQ== 99999999999\n", "line 1: expected"},
		{"YQ 0\n", "line 1: expected"},
		{"YQ=a 0\n", "line 1: expected"},
		{"", "no ranks"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ck_assert_int_eq(ranks_parse(&r, bad[i].text, strlen(bad[i].text), err, sizeof err), -1);
		ck_assert_msg(strstr(err, bad[i].why) != NULL, "%s: got '%s'", bad[i].text, err);
	}
}
END_TEST

static Suite *suite(void)
{
	crypto_init();
	Suite *s = suite_create("tokenizer");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_plans);
	tcase_add_test(tc, test_edges);
	tcase_add_test(tc, test_ranks_parse);
	tcase_add_test(tc, test_clone);
	tcase_add_loop_test(tc, test_fast_path, 0, 2);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
