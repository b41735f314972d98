/* gitctx: the context of a plain checkout, read through git — the branch
 * (or, on a detached HEAD, the tag or branch that points at it), the
 * sha, the default branch of origin, and the repository's web address
 * derived from the origin remote (credentials dropped). */
#include "context.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gitrun.h"
#include "remote.h"

static char *git(const char *a, const char *b, const char *c, const char *d, const char *e)
{
	const char *args[] = {a, b, c, d, e, NULL};
	return git_output(args, NULL);
}

static bool starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* The first line of text, a copy. */
static char *first_line(const char *s)
{
	return xstrndup(s, strcspn(s, "\n"));
}

/* A detached HEAD: the highest version tag at HEAD, else a branch (local
 * or remote) at HEAD, else no ref. */
static char *detached_ref(void)
{
	char *tags = git("tag", "--points-at", "HEAD", "--sort=-v:refname", NULL);
	if (tags && *tags) {
		char *t = first_line(tags), *ref = xasprintf("refs/tags/%s", t);
		free(t);
		free(tags);
		return ref;
	}
	free(tags);
	char *refs = git("for-each-ref", "--points-at", "HEAD", "--format=%(refname)", "refs/heads");
	if (!refs || !*refs) {
		free(refs);
		refs = git("for-each-ref", "--points-at", "HEAD", "--format=%(refname)", "refs/remotes");
	}
	char *ref = xstrdup("");
	for (char *line = refs; line && *line;) {
		size_t n = strcspn(line, "\n");
		char *r = xstrndup(line, n);
		line += n + (line[n] == '\n');
		if (starts(r, "refs/heads/")) {
			free(ref);
			ref = r;
			break;
		}
		/* refs/remotes/<remote>/<branch>, but never <remote>/HEAD */
		const char *b = strchr(r + 13, '/');
		if (starts(r, "refs/remotes/") && b && strcmp(b + 1, "HEAD") != 0) {
			free(ref);
			ref = xasprintf("refs/heads/%s", b + 1);
			free(r);
			break;
		}
		free(r);
	}
	free(refs);
	return ref;
}

/* Inside GitHub Actions the workflow already said what the event is (the
 * action's context=git); elsewhere a checkout is a push. */
static void set_push(struct ci_context *ctx)
{
	if (!*ctx->event_name) {
		free(ctx->event_name);
		ctx->event_name = xstrdup("push");
	}
	ctx->git_fallback = true;
}

int git_read(struct ci_context *ctx, struct repo_info *repo, bool given, char *err, size_t errlen)
{
	/* One git for both: the sha, then HEAD's ref ("HEAD" when detached). */
	int spawn_failed;
	const char *args[] = {"rev-parse", "HEAD", "--symbolic-full-name", "HEAD", NULL};
	char *out = git_output(args, &spawn_failed);
	char *nl = out ? strchr(out, '\n') : NULL;
	if (!nl && given) {
		/* --ref and --sha say it all: a tarball, a job without a
		 * checkout.  The rest stays empty (main sets ref and sha). */
		free(out);
		set_push(ctx);
		if (!repo->url) {
			repo->url = xstrdup("");
			if (!repo->name)
				repo->name = xstrdup("");
		}
		return 0;
	}
	if (!nl) {
		free(out);
		if (spawn_failed) {
			snprintf(err, errlen,
				 "--context git: cannot run git; install git or use --context github|gitlab");
			return EXIT_ENV;
		}
		snprintf(err, errlen,
			 "--context git: not inside a git checkout with a commit; run in one, or pass --ref and --sha");
		return EXIT_INPUT;
	}
	*nl = '\0';
	free(ctx->sha);
	ctx->sha = xstrdup(out);
	free(ctx->ref);
	ctx->ref = starts(nl + 1, "refs/") ? xstrdup(nl + 1) : detached_ref();
	free(out);
	/* The workflow's repository, if any, wins over the origin remote. */
	set_push(ctx);
	if (repo->url)
		return 0;

	/* origin/HEAD costs a git process; only edge and is_default_branch
	 * need it (git_default_branch). */
	ctx->default_branch_from_git = true;

	char *url = git("config", "--get", "remote.origin.url", NULL, NULL);
	struct remote rm;
	if (url && remote_parse(url, &rm) == 0) {
		repo->url = rm.web_url;
		repo->full_name = rm.path;
		repo->name = rm.name;
	} else {
		char *top = git("rev-parse", "--show-toplevel", NULL, NULL, NULL);
		const char *base = top ? strrchr(top, '/') : NULL;
		repo->name = xstrdup(base ? base + 1 : top ? top : "");
		repo->url = xstrdup("");
		free(top);
	}
	free(url);
	return 0;
}

const char *context_default_branch(struct ci_context *ctx)
{
	if (!ctx->default_branch && ctx->default_branch_from_git) {
		char *head = git("symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD", NULL);
		if (head && starts(head, "origin/"))
			ctx->default_branch = xstrdup(head + 7);
		free(head);
	}
	ctx->default_branch_from_git = false;
	return ctx->default_branch;
}
