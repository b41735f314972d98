/* The whole computation on arbitrary tags and flavor input, over a fixed
 * tag-push context: the first line of the input is the ref, the rest the
 * tags list (a line "--" starts the flavor list).  Invariants: no crash
 * or leak; on success every tag-name is non-empty and sanitised, and the
 * version is the first tag-name. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvin.h"
#include "meta.h"
#include "warn.h"

static bool clean(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	char *nl = strchr(text, '\n');
	char *tags = nl ? nl + 1 : text + strlen(text);
	if (nl)
		*nl = '\0';
	char *flavor = strstr(tags, "\n--\n");
	if (flavor) {
		*flavor = '\0';
		flavor += 4;
	}
	char *ref = xasprintf("refs/%s", text);
	struct ci_context ctx = {.event_name = "push",
				 .ref = ref,
				 .sha = "860c1904a1ce19322e91ac35af1ab07466440c37",
				 .default_branch = "main",
				 .now_ms = 1578616200000,
				 .have_commit_date = true,
				 .commit_date_ms = 1578616200000};
	ctx.payload = json_object();
	struct repo_info repo = {
		.name = "r", .description = "d", .url = "https://x/r", .license = "MIT", .default_branch = "main"};
	struct meta_in in = {.ctx = &ctx, .repo = &repo};
	img_warn_quiet = true;
	char err[2048];
	strvec_pushn(&in.images, "user/app", 8);
	if (csv_list(tags, &in.tags, err, sizeof err) == 0 &&
	    (!flavor || csv_list(flavor, &in.flavor, err, sizeof err) == 0)) {
		struct meta m;
		if (meta_compute(&in, &m, err, sizeof err) == 0) {
			for (size_t i = 0; i < m.tag_names.n; i++)
				if (!clean(m.tag_names.v[i]))
					abort();
			if (m.version && strcmp(m.version, m.tag_names.v[0]) != 0)
				abort();
			if (!m.version && m.tags.n)
				abort();
			meta_free(&m);
		}
	}
	strvec_free(&in.images);
	strvec_free(&in.tags);
	strvec_free(&in.flavor);
	json_decref(ctx.payload);
	free(ref);
	free(text);
	return 0;
}
