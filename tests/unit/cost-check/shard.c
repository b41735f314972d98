/* Shards: for N = 1..9 the slices of a set of logs (plain files of many
 * short lines, a file of one line, an empty file, a gzip file) cover every
 * byte of every log exactly once, cut only at line starts, never inside a
 * gzip file; and the digest of a range is sha256 of its bytes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "input.h"
#include "shard.h"

static char dir[] = "/tmp/cc-shard-XXXXXX";

static char *path(const char *name)
{
	char *p = malloc(256);
	snprintf(p, 256, "%s/%s", dir, name);
	return p;
}

static void write_file(const char *p, const char *t, size_t n)
{
	FILE *fp = fopen(p, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(t, 1, n, fp), n);
	fclose(fp);
}

START_TEST(slices_tile_the_logs)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *files[5] = {path("b.jsonl"), path("a.jsonl"), path("c.gz"), path("d-empty.jsonl"), path("e-one.jsonl")};
	char text[20000], *content[5];
	size_t k = 0, size[5];
	for (int i = 0; k < sizeof text - 100; i++)
		k += (size_t)sprintf(text + k, "{\"n\": %d, \"pad\": \"%.*s\"}\n", i, i % 50,
				     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	const unsigned char gz[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	content[0] = text, size[0] = k;
	content[1] = text + 5000, size[1] = k - 5000;
	content[2] = (char *)gz, size[2] = sizeof gz;
	content[3] = text, size[3] = 0;
	content[4] = "{\"one\": 1}", size[4] = 10;
	for (int f = 0; f < 5; f++)
		write_file(files[f], content[f], size[f]);
	/* a.jsonl's content starts mid-line: its first "line" is a piece of one. */
	for (int n = 1; n <= 9; n++) {
		unsigned char *seen[5];
		for (int f = 0; f < 5; f++)
			seen[f] = calloc(size[f] + 1, 1);
		for (int kk = 1; kk <= n; kk++) {
			struct piece *pc;
			size_t np;
			char err[256];
			ck_assert_int_eq(shard_plan(files, 5, kk, n, &pc, &np, err, sizeof err), 0);
			for (size_t i = 0; i < np; i++) {
				int f = 0;
				while (strcmp(files[f], pc[i].path) != 0)
					f++;
				ck_assert(pc[i].start < pc[i].end && pc[i].end <= (off_t)size[f]);
				ck_assert_int_eq(pc[i].size, (off_t)size[f]);
				ck_assert(pc[i].whole == (pc[i].start == 0 && pc[i].end == (off_t)size[f]));
				/* Cut at line starts only, and never inside the gzip file. */
				ck_assert(pc[i].start == 0 || content[f][pc[i].start - 1] == '\n');
				if (f == 2)
					ck_assert(pc[i].whole);
				for (off_t b = pc[i].start; b < pc[i].end; b++) {
					ck_assert_msg(!seen[f][b], "N=%d: byte %jd of %s read twice", n, (intmax_t)b,
						      files[f]);
					seen[f][b] = 1;
				}
			}
			free(pc);
		}
		for (int f = 0; f < 5; f++) {
			for (size_t b = 0; b < size[f]; b++)
				ck_assert_msg(seen[f][b], "N=%d: byte %zu of %s never read", n, b, files[f]);
			free(seen[f]);
		}
	}
	/* Not sharded: every log whole, in the order named. */
	struct piece *pc;
	size_t np;
	char err[256], hex[65];
	ck_assert_int_eq(shard_plan(files, 5, 0, 0, &pc, &np, err, sizeof err), 0);
	ck_assert_uint_eq(np, 5);
	ck_assert_str_eq(pc[0].path, files[0]);
	ck_assert(pc[0].whole && pc[0].end == -1);
	free(pc);
	/* stdin and folders cannot be sliced. */
	char *bad[] = {"-"};
	ck_assert_int_eq(shard_plan(bad, 1, 1, 2, &pc, &np, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "stdin"));
	free(pc);
	bad[0] = dir;
	ck_assert_int_eq(shard_plan(bad, 1, 1, 2, &pc, &np, err, sizeof err), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a regular file"));
	free(pc);
	/* sha256("{\"one\": 1}") and of a range of it ("one"). */
	ck_assert_int_eq(digest_range(files[4], 0, 10, hex, err, sizeof err), 0);
	struct digest *d = digest_new();
	digest_update(d, "{\"one\": 1}", 10);
	char want[65];
	digest_end(d, want);
	ck_assert_str_eq(hex, want);
	ck_assert_int_eq(digest_range(files[4], 2, 5, hex, err, sizeof err), 0);
	ck_assert_str_eq(hex, "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed");
	for (int f = 0; f < 5; f++) {
		unlink(files[f]);
		free(files[f]);
	}
	rmdir(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cost-check shard");
	TCase *tc = tcase_create("shard");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, slices_tile_the_logs);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
