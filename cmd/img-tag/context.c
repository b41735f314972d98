/* context: one reader per CI system fills the same struct; then the
 * command line's overrides, the action's own adjustments (pull_request_
 * target refs, the PR head sha), the repository data and the clock. */
#include "context.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "apiget.h"
#include "cli.h"
#include "fs.h"
#include "gha.h"
#include "gitrun.h"
#include "json.h"
#include "timeutil.h"

bool event_is(const struct ci_context *ctx, const char *name)
{
	return strstr(ctx->event_name, name) != NULL;
}

int parse_time_ms(const char *s, int64_t *ms)
{
	int64_t sec;
	int32_t ns;
	if (!s || rfc3339_parse(s, &sec, &ns) != 0)
		return -1;
	*ms = sec * 1000 + ns / 1000000;
	return 0;
}

static void replace(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

/* The action rewrites the context before anything else reads it. */
static void github_adjust(struct ci_context *ctx)
{
	if (event_is(ctx, "pull_request_target")) {
		json_t *num = json_object_get(ctx->payload, "number");
		if (json_is_integer(num))
			ctx->ref =
				(free(ctx->ref), xasprintf("refs/pull/%lld/merge", (long long)json_integer_value(num)));
	}
	const char *want = getenv("DOCKER_METADATA_PR_HEAD_SHA");
	if (want && strcasestr(want, "true") && event_is(ctx, "pull_request")) {
		json_t *pr = json_object_get(ctx->payload, "pull_request");
		const char *sha = json_string_value(json_object_get(json_object_get(pr, "head"), "sha"));
		if (sha)
			replace(&ctx->sha, sha);
	}
}

/* Repository data without the API: the name and web address that
 * GITHUB_REPOSITORY and GITHUB_SERVER_URL give (github.com when unset);
 * --repo-json, --repo-* and --github-api fill in or override the rest. */
static void github_repo_fallback(struct repo_info *repo)
{
	const char *full = getenv("GITHUB_REPOSITORY");
	if (!full || !*full)
		return;
	const char *server = getenv("GITHUB_SERVER_URL");
	if (!server || !*server)
		server = "https://github.com";
	const char *slash = strchr(full, '/');
	replace(&repo->full_name, full);
	replace(&repo->name, slash ? slash + 1 : full);
	free(repo->url);
	repo->url = xasprintf("%s/%s", server, full);
}

static const char *payload_default_branch(const struct ci_context *ctx)
{
	return json_string_value(json_object_get(json_object_get(ctx->payload, "repository"), "default_branch"));
}

/* SOURCE_DATE_EPOCH, else the clock.  A malformed SOURCE_DATE_EPOCH is
 * an error, as reproducible-builds.org asks: falling back to the clock
 * would quietly make a "reproducible" build unreproducible. */
static int clock_ms(int64_t *ms, char *err, size_t errlen)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		long long secs;
		if (strspn(sde, "0123456789") != strlen(sde) || parse_int(sde, 0, 253402300799LL, &secs) != 0) {
			snprintf(err, errlen,
				 "SOURCE_DATE_EPOCH \"%s\" is not a count of seconds since 1970; set it like "
				 "$(git log -1 --format=%%ct), or unset it",
				 sde);
			return EXIT_USAGE;
		}
		*ms = secs * 1000;
		return 0;
	}
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	*ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	return 0;
}

json_t *json_read_capped(const char *path, size_t cap, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > cap) {
		snprintf(err, errlen, "%s: %llu bytes, more than the %zu MiB an input of this kind may have", path,
			 (unsigned long long)st.st_size, cap >> 20);
		errno = EFBIG;
		return NULL;
	}
	char *buf;
	size_t len;
	if (fs_read_all(path, cap, &buf, &len, err, errlen) != 0)
		return NULL;
	json_t *j = json_parse_buf(buf, len, path, err, errlen);
	free(buf);
	return j;
}

static int repo_file(const char *path, struct repo_info *repo, char *err, size_t errlen)
{
	char why[512];
	json_t *j = json_read_capped(path, REPO_JSON_CAP, why, sizeof why);
	if (!j) {
		snprintf(err, errlen, "--repo-json: %s; give a GET /repos/{owner}/{repo} response", why);
		return EXIT_INPUT;
	}
	if (!json_is_object(j)) {
		snprintf(err, errlen, "--repo-json: %s: not a JSON object; give a GET /repos/{owner}/{repo} response",
			 path);
		json_decref(j);
		return EXIT_INPUT;
	}
	repo_from_json(j, repo);
	json_decref(j);
	return 0;
}

int context_load(const struct ctx_opts *o, struct ci_context *ctx, struct repo_info *repo, char *err, size_t errlen)
{
	memset(ctx, 0, sizeof *ctx);
	memset(repo, 0, sizeof *repo);
	ctx->event_name = xstrdup("");
	ctx->ref = xstrdup("");
	ctx->sha = xstrdup("");
	ctx->payload = json_object();
	int rc = 0;
	switch (o->kind) {
	case CTX_GITHUB:
		github_repo_fallback(repo);
		rc = github_read(ctx, err, errlen);
		break;
	case CTX_GITLAB: rc = gitlab_read(ctx, repo); break;
	case CTX_GIT:
		if (gha_enabled(false)) {
			github_repo_fallback(repo);
			rc = github_read(ctx, err, errlen);
		}
		if (!rc)
			rc = git_read(ctx, repo, o->ref && o->sha, err, errlen);
		break;
	}
	if (rc)
		return rc;
	if (o->event)
		replace(&ctx->event_name, o->event);
	github_adjust(ctx);
	if (o->ref)
		replace(&ctx->ref, o->ref);
	if (o->sha)
		replace(&ctx->sha, o->sha);

	/* The default branch of the payload serves {{is_default_branch}} and,
	 * offline, type=edge; the API's (or --repo-json's) serves edge only. */
	const char *pdb = payload_default_branch(ctx);
	if (pdb) {
		ctx->default_branch = xstrdup(pdb);
		if (!repo->default_branch)
			repo->default_branch = xstrdup(pdb);
	}
	if (o->repo_json && (rc = repo_file(o->repo_json, repo, err, errlen)))
		return rc;
	if (o->github_api) {
		ctx->github_api = true;
		if (!repo->full_name || !*repo->full_name) {
			snprintf(err, errlen, "--github-api needs GITHUB_REPOSITORY (owner/repo)");
			return EXIT_USAGE;
		}
		if (api_load(err, errlen))
			return EXIT_ENV;
		if ((rc = github_api_repo(repo->full_name, repo, err, errlen)))
			return rc;
	}
	if (o->repo_name)
		replace(&repo->name, o->repo_name);
	if (o->repo_description)
		replace(&repo->description, o->repo_description);
	if (o->repo_url)
		replace(&repo->url, o->repo_url);
	if (o->repo_license)
		replace(&repo->license, o->repo_license);
	if (o->default_branch) {
		replace(&repo->default_branch, o->default_branch);
		replace(&ctx->default_branch, o->default_branch);
	}
	if (o->have_now)
		ctx->now_ms = o->now_ms;
	else if ((rc = clock_ms(&ctx->now_ms, err, errlen)))
		return rc;
	if (o->have_commit_date) {
		ctx->have_commit_date = true;
		ctx->commit_date_ms = o->commit_date_ms;
	}
	return 0;
}

/* The timestamp of obj when its id is the sha. */
static bool commit_time(const json_t *obj, const char *sha, int64_t *ms)
{
	const char *id = json_string_value(json_object_get(obj, "id"));
	const char *ts = json_string_value(json_object_get(obj, "timestamp"));
	return id && ts && strcmp(id, sha) == 0 && parse_time_ms(ts, ms) == 0;
}

int64_t commit_date_of(struct ci_context *ctx, const struct repo_info *repo)
{
	if (ctx->have_commit_date)
		return ctx->commit_date_ms;
	int64_t ms = 0;
	bool found = false;
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(ctx->payload, "commits"), i, c) {
		if (!found && commit_time(c, ctx->sha, &ms))
			found = true;
	}
	if (!found)
		found = commit_time(json_object_get(ctx->payload, "head_commit"), ctx->sha, &ms);
	if (!found && ctx->github_api && *ctx->sha && repo->full_name)
		found = github_api_commit_date(repo->full_name, ctx->sha, &ms) == 0;
	if (!found && ctx->git_fallback && *ctx->sha) {
		const char *args[] = {"log", "-1", "--format=%cI", ctx->sha, "--", NULL};
		char *out = git_output(args, NULL);
		found = out && parse_time_ms(out, &ms) == 0;
		free(out);
	}
	ctx->have_commit_date = true;
	ctx->commit_date_ms = found ? ms : ctx->now_ms;
	return ctx->commit_date_ms;
}

void context_free(struct ci_context *ctx)
{
	free(ctx->event_name);
	free(ctx->ref);
	free(ctx->sha);
	json_decref(ctx->payload);
	free(ctx->default_branch);
	memset(ctx, 0, sizeof *ctx);
}

void repo_free(struct repo_info *repo)
{
	free(repo->name);
	free(repo->description);
	free(repo->url);
	free(repo->license);
	free(repo->default_branch);
	free(repo->full_name);
	memset(repo, 0, sizeof *repo);
}
