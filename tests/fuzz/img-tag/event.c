/* The GitHub event payload (GITHUB_EVENT_PATH) and --repo-json, as files
 * of any bytes: the input split at its first NUL byte, payload then
 * repository; its first byte picks the event.  What loads goes through the
 * whole computation (pull request numbers, head refs, commit dates, the
 * default branch, labels) without crashing, and every tag is clean. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tempfile.h"
#include "cli.h"
#include "context.h"
#include "csvin.h"
#include "meta.h"
#include "warn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *events[] = {"push",    "pull_request",      "pull_request_target", "schedule",
			       "release", "workflow_dispatch", "merge_group",         "push"};
static const char *refs[] = {"refs/heads/main",
			     "refs/pull/7/merge",
			     "refs/pull/7/merge",
			     "refs/heads/dev",
			     "refs/tags/v1.2.3",
			     "refs/heads/feature/x",
			     "refs/heads/gh-readonly-queue/main/pr-1",
			     "refs/tags/1.0"};

static bool clean(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int e = data[0] & 7;
	data++, size--;
	const uint8_t *nul = memchr(data, '\0', size);
	size_t pn = nul ? (size_t)(nul - data) : size;
	setenv("GITHUB_EVENT_PATH", fuzz_write("event.json", data, pn), 1);
	setenv("GITHUB_EVENT_NAME", events[e], 1);
	setenv("GITHUB_REF", refs[e], 1);
	setenv("GITHUB_SHA", "860c1904a1ce19322e91ac35af1ab07466440c37", 1);
	unsetenv("GITHUB_REPOSITORY");
	struct ctx_opts o = {.kind = CTX_GITHUB, .have_now = true, .now_ms = 1578616200000};
	if (nul)
		o.repo_json = fuzz_write("repo.json", nul + 1, size - pn - 1);
	struct ci_context ctx;
	struct repo_info repo;
	char err[2048] = "";
	img_warn_quiet = true;
	int rc = context_load(&o, &ctx, &repo, err, sizeof err);
	if (rc != 0) {
		if (!err[0] || rc != EXIT_INPUT)
			abort();
	} else {
		ctx.git_fallback = false; /* no git, no network: the payload alone */
		(void)commit_date_of(&ctx, &repo);
		struct meta_in in = {.ctx = &ctx, .repo = &repo};
		strvec_pushn(&in.images, "user/app", 8);
		if (csv_list("type=schedule\ntype=ref,event=branch\ntype=ref,event=tag\ntype=ref,event=pr\n"
			     "type=semver,pattern={{version}}\ntype=sha\ntype=edge\n"
			     "type=raw,value={{branch}}-{{sha}}-{{date 'YYYYMMDD'}},enable={{is_default_branch}}\n"
			     "type=raw,value=pr-{{base_ref}}",
			     &in.tags, err, sizeof err) != 0)
			abort();
		struct meta m;
		if (meta_compute(&in, &m, err, sizeof err) == 0) {
			for (size_t i = 0; i < m.tag_names.n; i++)
				if (!clean(m.tag_names.v[i]))
					abort();
			meta_free(&m);
		}
		strvec_free(&in.images);
		strvec_free(&in.tags);
	}
	context_free(&ctx);
	repo_free(&repo);
	return 0;
}
