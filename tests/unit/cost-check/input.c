/* Line input: plain and gzip (several members), a last line without a
 * newline, lines longer than the buffer, and byte ranges cut by
 * input_split that together give exactly the lines of the whole file. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "input.h"

static char dir[] = "/tmp/cc-input-XXXXXX";

static char *path(const char *name)
{
	static char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

/* A file of n lines of varying length; one of them 3 MiB long. */
static char *make_text(size_t *len, int n)
{
	size_t cap = (size_t)n * 200 + (3u << 20) + 64, k = 0;
	char *t = malloc(cap);
	for (int i = 0; i < n; i++) {
		size_t w = i == n / 2 ? (3u << 20) : (size_t)(i * 37 % 180);
		k += (size_t)sprintf(t + k, "%d:", i);
		memset(t + k, 'a' + i % 26, w);
		k += w;
		t[k++] = '\n';
	}
	*len = k;
	return t;
}

static void write_file(const char *p, const char *t, size_t n)
{
	FILE *fp = fopen(p, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(t, 1, n, fp), n);
	fclose(fp);
}

/* All lines of [start, end) joined with '\n' after each, appended to out. */
static size_t read_range(const char *p, off_t start, off_t end, char *out)
{
	char err[256];
	struct input *in = input_open(p, start, end, false, err, sizeof err);
	ck_assert_msg(in != NULL, "%s", err);
	char *line;
	size_t len, k = 0;
	int r;
	while ((r = input_line(in, &line, &len, err, sizeof err)) > 0) {
		memcpy(out + k, line, len);
		k += len;
		out[k++] = '\n';
	}
	ck_assert_int_eq(r, 0);
	input_close(in);
	return k;
}

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir, "/tmp/cc-input-XXXXXX");
}

START_TEST(plain_and_ranges)
{
	size_t n;
	char *t = make_text(&n, 5000);
	write_file(path("a.jsonl"), t, n);
	char *out = malloc(n + 16);
	ck_assert_uint_eq(read_range(path("a.jsonl"), 0, -1, out), n);
	ck_assert(memcmp(out, t, n) == 0);
	off_t size;
	ck_assert(input_splittable(path("a.jsonl"), &size));
	ck_assert_int_eq(size, (off_t)n);
	for (int parts = 2; parts <= 7; parts++) {
		off_t b[8];
		int k = input_split(path("a.jsonl"), 0, size, parts, b);
		ck_assert_int_ge(k, 1);
		ck_assert_int_eq(b[0], 0);
		ck_assert_int_eq(b[k], size);
		size_t got = 0;
		for (int i = 0; i < k; i++) {
			ck_assert(b[i] == 0 || t[b[i] - 1] == '\n'); /* ranges start at lines */
			got += read_range(path("a.jsonl"), b[i], b[i + 1], out + got);
		}
		ck_assert_uint_eq(got, n);
		ck_assert(memcmp(out, t, n) == 0);
	}
	free(out);
	free(t);
}
END_TEST

START_TEST(last_line_without_newline)
{
	write_file(path("b.jsonl"), "one\r\ntwo", 8);
	char out[32];
	ck_assert_uint_eq(read_range(path("b.jsonl"), 0, -1, out), 9);
	ck_assert(memcmp(out, "one\r\ntwo\n", 9) == 0);
}
END_TEST

START_TEST(gzip_members)
{
	/* Two gzip members back to back, as `cat a.gz b.gz` makes. */
	const char *parts[2] = {"first\nsecond\n", "third\n"};
	FILE *fp = fopen(path("c.jsonl.gz"), "wb");
	for (int i = 0; i < 2; i++) {
		char name[300];
		snprintf(name, sizeof name, "%s.%d", path("part"), i);
		gzFile g = gzopen(name, "wb");
		gzwrite(g, parts[i], (unsigned)strlen(parts[i]));
		gzclose(g);
		FILE *in = fopen(name, "rb");
		char buf[256];
		size_t r = fread(buf, 1, sizeof buf, in);
		fclose(in);
		fwrite(buf, 1, r, fp);
	}
	fclose(fp);
	off_t size;
	ck_assert(!input_splittable(path("c.jsonl.gz"), &size));
	char out[64];
	size_t k = read_range(path("c.jsonl.gz"), 0, -1, out);
	ck_assert_uint_eq(k, 19);
	ck_assert(memcmp(out, "first\nsecond\nthird\n", 19) == 0);

	/* Cut short: an error, not a silent end. */
	FILE *in = fopen(path("c.jsonl.gz"), "rb");
	char buf[256];
	size_t r = fread(buf, 1, sizeof buf, in);
	fclose(in);
	write_file(path("d.jsonl.gz"), buf, r / 2);
	char err[256];
	struct input *ip = input_open(path("d.jsonl.gz"), 0, -1, false, err, sizeof err);
	ck_assert_ptr_nonnull(ip);
	char *line;
	size_t len;
	int rc;
	while ((rc = input_line(ip, &line, &len, err, sizeof err)) > 0)
		;
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(strstr(err, "truncated"));
	input_close(ip);
}
END_TEST

START_TEST(missing_file)
{
	char err[256];
	ck_assert_ptr_null(input_open(path("none"), 0, -1, false, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cost-check input");
	TCase *tc = tcase_create("input");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, plain_and_ranges);
	tcase_add_test(tc, last_line_without_newline);
	tcase_add_test(tc, gzip_members);
	tcase_add_test(tc, missing_file);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
