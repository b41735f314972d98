/* context: where the ref, sha, event and dates come from — GitHub
 * Actions' variables and event payload, GitLab CI's variables, or the
 * local git checkout — and the repository metadata the labels need. */
#ifndef IMG_TAG_CONTEXT_H
#define IMG_TAG_CONTEXT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ci_context {
	char *event_name; /* "" when unknown */
	char *ref; /* refs/heads/x, refs/tags/x, refs/pull/N/merge, or "" */
	char *sha; /* "" when unknown */
	json_t *payload; /* the event payload; {} when none */
	char *default_branch; /* for {{is_default_branch}}: payload, or --default-branch */
	bool default_branch_from_git; /* else ask git for origin/HEAD on first use */
	int64_t now_ms;
	/* The commit date: given, or found on first use (commit_date_of). */
	bool have_commit_date;
	int64_t commit_date_ms;
	bool git_fallback; /* may ask git for the commit date */
	bool github_api; /* may ask the REST API for the commit date */
};

struct repo_info {
	char *name, *description, *url, *license;
	char *default_branch; /* for type=edge: the API's, else the payload's */
	char *full_name; /* owner/repo, for API calls */
};

enum context_kind { CTX_GITHUB, CTX_GITLAB, CTX_GIT };

/* What the command line says about the context; NULL = not given. */
struct ctx_opts {
	enum context_kind kind;
	const char *ref, *sha, *event;
	const char *repo_json; /* a GET /repos/{owner}/{repo} response */
	const char *repo_name, *repo_description, *repo_url, *repo_license, *default_branch;
	bool github_api; /* fetch the repository (and commit) from GITHUB_API_URL */
	bool have_now, have_commit_date;
	int64_t now_ms, commit_date_ms;
};

/* Fill ctx and repo.  0, or an exit status (EXIT_INPUT, EXIT_ENV, ...)
 * with err filled. */
int context_load(const struct ctx_opts *o, struct ci_context *ctx, struct repo_info *repo, char *err, size_t errlen);
/* The commit date: payload commits[]/head_commit timestamp of the sha,
 * then the REST API (when allowed), then git (when allowed), then now. */
int64_t commit_date_of(struct ci_context *ctx, const struct repo_info *repo);
void context_free(struct ci_context *ctx);
void repo_free(struct repo_info *repo);

/* The default branch for {{is_default_branch}} (and type=edge when the
 * repository data has none): the payload's or --default-branch, else
 * origin/HEAD of the checkout, looked up on first use.  NULL if unknown. */
const char *context_default_branch(struct ci_context *ctx);

/* Substring test of the event name, as the action's /name/.test(). */
bool event_is(const struct ci_context *ctx, const char *name);

/* The readers behind context_load, one per source (github.c, gitlab.c,
 * gitctx.c).  Each fills what its source knows; 0 or an exit status.
 * git_read's given: --ref and --sha were both given, so a directory that
 * is not a checkout (or a machine without git) is no error. */
int github_read(struct ci_context *ctx, char *err, size_t errlen);
int gitlab_read(struct ci_context *ctx, struct repo_info *repo);
int git_read(struct ci_context *ctx, struct repo_info *repo, bool given, char *err, size_t errlen);

/* GitHub REST API: the repository, and a commit's committer date. */
int github_api_repo(const char *full_name, struct repo_info *repo, char *err, size_t errlen);
int github_api_commit_date(const char *full_name, const char *sha, int64_t *ms);
/* Fill repo from a GET /repos response (fields present override). */
void repo_from_json(const json_t *j, struct repo_info *repo);

/* RFC 3339 text to Unix milliseconds.  0 on success. */
int parse_time_ms(const char *s, int64_t *ms);

/* Input caps (img-tag(1), FILES): the event payload is at most what GitHub
 * sends (it caps webhook payloads at 25 MB); a GET /repos answer is a few
 * KiB.  Anything larger is refused before it is read. */
#define EVENT_CAP ((size_t)25 << 20)
#define REPO_JSON_CAP ((size_t)1 << 20)

/* The JSON in path when it is at most cap bytes; NULL with the reason in
 * err otherwise (errno EFBIG when it is larger). */
json_t *json_read_capped(const char *path, size_t cap, char *err, size_t errlen);

#endif
