/* ghaout: the outputs are rendered first, then each file is appended in
 * one go, so a full disk or a bad path never leaves a step with half of
 * its outputs (a later step reading version without tags, say). */
#include "ghaout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "encode.h"
#include "gha.h"
#include "strbuf.h"
#include "warn.h"

/* DOCKER_METADATA_SET_OUTPUT_ENV as the action reads it: unset or empty
 * is on; any other value is on only when it holds "true", in any case
 * (so 1, yes and on turn the exports off). */
static bool set_output_env(void)
{
	const char *v = getenv("DOCKER_METADATA_SET_OUTPUT_ENV");
	return !v || !*v || strcasestr(v, "true");
}

/* DOCKER_METADATA_OUTPUT_<NAME>: non-word characters become '_'. */
static char *env_name(const char *output)
{
	char *n = xasprintf("DOCKER_METADATA_OUTPUT_%s", output);
	for (char *p = n + 23; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
		else if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
			*p = '_';
	}
	return n;
}

/* A file appended to, and its size before, to undo the append. */
struct appended {
	const char *path;
	off_t before;
	bool done;
};

static int append_all(struct appended *a, const char *text, size_t len)
{
	int fd = open(a->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return -1;
	}
	a->before = st.st_size;
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	int saved = errno;
	if (off < len) {
		if (S_ISREG(st.st_mode) && ftruncate(fd, a->before) != 0)
			saved = errno;
		close(fd);
		errno = saved ? saved : EIO;
		return -1;
	}
	if (close(fd) != 0)
		return -1;
	a->done = true;
	return 0;
}

static void undo(const struct appended *a)
{
	if (a->done && truncate(a->path, a->before) != 0)
		img_warn("%s: could not take back the outputs just appended: %s", a->path, strerror(errno));
}

static void summary(const struct meta *m)
{
	struct strbuf b = {0};
	strbuf_adds(&b, "### img-tag\n\n");
	if (m->version) {
		strbuf_adds(&b, "Version: `");
		strbuf_adds(&b, m->version);
		strbuf_adds(&b, "`\n\n| tags |\n| --- |\n");
		for (size_t i = 0; i < m->tags.n; i++) {
			strbuf_adds(&b, "| `");
			strbuf_adds(&b, m->tags.v[i]);
			strbuf_adds(&b, "` |\n");
		}
	} else {
		strbuf_adds(&b, "No tag generated.\n");
	}
	gha_summary(b.s);
	free(b.s);
}

/* One output: its record for $GITHUB_OUTPUT and, unless turned off, its
 * DOCKER_METADATA_OUTPUT_* record for $GITHUB_ENV. */
static void add_output(struct strbuf *out, struct strbuf *env, const char *name, const char *value)
{
	char *rec = gha_kv_record(name, value);
	strbuf_adds(out, rec);
	free(rec);
	if (env) {
		char *n = env_name(name);
		rec = gha_kv_record(n, value);
		strbuf_adds(env, rec);
		free(rec);
		free(n);
	}
}

int out_write_github(const struct meta *m, const struct out_seps *s, char *const bake_paths[4], char *err,
		     size_t errlen)
{
	static const enum out_kind kinds[] = {OUT_VERSION, OUT_TAGS,        OUT_TAG_NAMES,
					      OUT_LABELS,  OUT_ANNOTATIONS, OUT_JSON};
	static const char *const bake_names[4] = {"bake-file-tags", "bake-file-labels", "bake-file-annotations",
						  "bake-file"};
	bool with_env = set_output_env();
	crypto_init(); /* the heredoc delimiters are random */
	struct strbuf out = {0}, env = {0};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		char *v = out_render(m, s, kinds[i]);
		add_output(&out, with_env ? &env : NULL, out_kind_name(kinds[i]), v);
		free(v);
	}
	for (int i = 0; i < 4; i++)
		add_output(&out, with_env ? &env : NULL, bake_names[i], bake_paths[i]);
	const char *out_path = getenv("GITHUB_OUTPUT"), *env_path = getenv("GITHUB_ENV");
	struct appended o = {out_path, 0, false}, e = {env_path, 0, false};
	int rc = 0;
	if (out_path && *out_path && append_all(&o, out.s, out.len) != 0) {
		snprintf(err, errlen, "GITHUB_OUTPUT: cannot append to %s: %s", out_path, strerror(errno));
		rc = -1;
	} else if (with_env && env_path && *env_path && append_all(&e, env.s, env.len) != 0) {
		snprintf(err, errlen, "GITHUB_ENV: cannot append to %s: %s; GITHUB_OUTPUT left as it was", env_path,
			 strerror(errno));
		undo(&o);
		rc = -1;
	}
	free(out.s);
	free(env.s);
	if (rc == 0)
		summary(m);
	return rc;
}
