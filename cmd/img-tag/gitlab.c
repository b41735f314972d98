/* gitlab: GitLab CI's predefined variables, mapped onto the shape the
 * action reads — a ref, an event name, and a small event payload (default
 * branch, merge request numbers and branches, the commit timestamp). */
#include "context.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static void put(json_t *obj, const char *key, const char *v)
{
	if (v)
		json_object_set_new(obj, key, json_string(v));
}

int gitlab_read(struct ci_context *ctx, struct repo_info *repo)
{
	const char *source = env("CI_PIPELINE_SOURCE");
	const char *tag = env("CI_COMMIT_TAG"), *mr = env("CI_MERGE_REQUEST_IID");
	const char *branch = env("CI_COMMIT_BRANCH") ? env("CI_COMMIT_BRANCH") : env("CI_COMMIT_REF_NAME");
	const char *sha = env("CI_COMMIT_SHA");
	free(ctx->event_name);
	free(ctx->ref);
	free(ctx->sha);
	/* Merge request pipelines play the part of pull_request events. */
	if (source &&
	    (strcmp(source, "merge_request_event") == 0 || strcmp(source, "external_pull_request_event") == 0))
		ctx->event_name = xstrdup("pull_request");
	else
		ctx->event_name = xstrdup(source ? source : "push");
	if (tag)
		ctx->ref = xasprintf("refs/tags/%s", tag);
	else if (mr)
		ctx->ref = xasprintf("refs/pull/%s/merge", mr);
	else if (branch)
		ctx->ref = xasprintf("refs/heads/%s", branch);
	else
		ctx->ref = xstrdup("");
	ctx->sha = xstrdup(sha ? sha : "");

	json_t *p = ctx->payload, *r = json_object();
	put(r, "default_branch", env("CI_DEFAULT_BRANCH"));
	put(r, "full_name", env("CI_PROJECT_PATH"));
	json_object_set_new(p, "repository", r);
	if (mr) {
		json_t *pr = json_object(), *base = json_object(), *head = json_object();
		put(base, "ref", env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"));
		put(head, "ref", env("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"));
		put(head, "sha", env("CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"));
		json_object_set_new(pr, "number", json_integer(strtoll(mr, NULL, 10)));
		json_object_set_new(pr, "base", base);
		json_object_set_new(pr, "head", head);
		json_object_set_new(p, "pull_request", pr);
		json_object_set_new(p, "number", json_integer(strtoll(mr, NULL, 10)));
	}
	if (sha && env("CI_COMMIT_TIMESTAMP")) {
		json_t *hc = json_object();
		put(hc, "id", sha);
		put(hc, "timestamp", env("CI_COMMIT_TIMESTAMP"));
		json_object_set_new(p, "head_commit", hc);
	}

	struct {
		char **slot;
		const char *var;
	} fields[] = {
		{&repo->name, "CI_PROJECT_NAME"},
		{&repo->description, "CI_PROJECT_DESCRIPTION"},
		{&repo->url, "CI_PROJECT_URL"},
		{&repo->full_name, "CI_PROJECT_PATH"},
		{&repo->default_branch, "CI_DEFAULT_BRANCH"},
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		free(*fields[i].slot);
		*fields[i].slot = env(fields[i].var) ? xstrdup(env(fields[i].var)) : NULL;
	}
	ctx->git_fallback = true; /* the job runs in the checkout */
	return 0;
}
