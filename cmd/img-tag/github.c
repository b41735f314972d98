/* github: the GitHub Actions context (the runner's variables and the
 * event payload file) and the two REST calls the action makes. */
#include "context.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "apiget.h"
#include "json.h"
#include "warn.h"

static char *env_or_empty(const char *name)
{
	const char *v = getenv(name);
	return xstrdup(v ? v : "");
}

int github_read(struct ci_context *ctx, char *err, size_t errlen)
{
	free(ctx->event_name);
	free(ctx->ref);
	free(ctx->sha);
	ctx->event_name = env_or_empty("GITHUB_EVENT_NAME");
	ctx->ref = env_or_empty("GITHUB_REF");
	ctx->sha = env_or_empty("GITHUB_SHA");
	/* The job's workspace is usually the checkout: git knows the commit
	 * date when the payload does not. */
	ctx->git_fallback = true;
	const char *path = getenv("GITHUB_EVENT_PATH");
	if (!path || !*path)
		return 0;
	struct stat st;
	if (stat(path, &st) != 0 && errno == ENOENT) {
		/* The action goes on with an empty payload, and so do we. */
		img_warn("GITHUB_EVENT_PATH %s does not exist; using an empty event payload", path);
		return 0;
	}
	char why[512];
	json_t *j = json_read_capped(path, EVENT_CAP, why, sizeof why);
	if (!j) {
		snprintf(err, errlen, "GITHUB_EVENT_PATH: %s; %s", why,
			 errno == EFBIG ? "GitHub sends at most 25 MB: is it the event payload?"
					: "the event payload must be JSON");
		return EXIT_INPUT;
	}
	if (!json_is_object(j)) {
		snprintf(err, errlen, "GITHUB_EVENT_PATH: %s: the event payload is not a JSON object", path);
		json_decref(j);
		return EXIT_INPUT;
	}
	json_decref(ctx->payload);
	ctx->payload = j;
	return 0;
}

static void set_str(char **slot, const json_t *v)
{
	if (json_is_string(v)) {
		free(*slot);
		*slot = xstrdup(json_string_value(v));
	} else if (json_is_null(v)) {
		free(*slot);
		*slot = xstrdup("");
	}
}

void repo_from_json(const json_t *j, struct repo_info *repo)
{
	set_str(&repo->name, json_object_get(j, "name"));
	set_str(&repo->description, json_object_get(j, "description"));
	set_str(&repo->url, json_object_get(j, "html_url"));
	set_str(&repo->default_branch, json_object_get(j, "default_branch"));
	set_str(&repo->full_name, json_object_get(j, "full_name"));
	const json_t *lic = json_object_get(j, "license");
	if (json_is_object(lic))
		set_str(&repo->license, json_object_get(lic, "spdx_id"));
	else if (json_is_null(lic))
		set_str(&repo->license, lic);
}

/* GET GITHUB_API_URL + path with GITHUB_TOKEN; the parsed body, or NULL
 * with err (no token in it: the token only travels as a header). */
static json_t *api_get(const char *path, char *err, size_t errlen)
{
	const char *base = getenv("GITHUB_API_URL");
	if (!base || !*base)
		base = "https://api.github.com";
	char *url = xasprintf("%s%s", base, path);
	const char *token = getenv("GITHUB_TOKEN");
	struct api_resp resp;
	char why[512];
	json_t *j = NULL;
	if (api_get_url(url, token && *token ? token : NULL, &resp, why, sizeof why) != 0) {
		snprintf(err, errlen, "GET %s: %s; check GITHUB_API_URL and the network", url, why);
	} else if (resp.status != 200) {
		snprintf(err, errlen, "GET %s: HTTP %ld%s", url, resp.status,
			 resp.status == 401 || resp.status == 403 || resp.status == 404
				 ? "; check GITHUB_TOKEN and GITHUB_REPOSITORY"
				 : "");
	} else {
		j = json_parse_buf(resp.body, resp.len, url, why, sizeof why);
		if (!j)
			snprintf(err, errlen, "%s", why);
	}
	free(resp.body);
	free(url);
	return j;
}

int github_api_repo(const char *full_name, struct repo_info *repo, char *err, size_t errlen)
{
	char *path = xasprintf("/repos/%s", full_name);
	json_t *j = api_get(path, err, errlen);
	free(path);
	if (!j)
		return EXIT_ENV;
	if (!json_is_object(j)) {
		snprintf(err, errlen, "GitHub API: the repository answer is not a JSON object");
		json_decref(j);
		return EXIT_ENV;
	}
	repo_from_json(j, repo);
	json_decref(j);
	return 0;
}

int github_api_commit_date(const char *full_name, const char *sha, int64_t *ms)
{
	char err[512];
	char *path = xasprintf("/repos/%s/commits/%s", full_name, sha);
	json_t *j = api_get(path, err, sizeof err);
	free(path);
	if (!j) {
		/* The action falls back to the current time too. */
		img_warn("commit date: %s; using the current time", err);
		return -1;
	}
	const char *d =
		json_string_value(json_object_get(json_object_get(json_object_get(j, "commit"), "committer"), "date"));
	int rc = d ? parse_time_ms(d, ms) : -1;
	json_decref(j);
	return rc;
}
