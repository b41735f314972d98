/* failfast: the new ReplicaSet's pods, read while a rollout is awaited. */
#include "failfast.h"
#include "cli.h"
#include "ghaout.h"
#include "json.h"
#include "verdict.h"
#include "progress.h"
#include "rsets.h"
#include "timeutil.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Problems kept from one pod listing. */
#define MAX_PROBLEMS 64
/* Longest log line printed; the rest is cut (a log is not a dump). */
#define LOG_LINE_MAX 500

/* A request that fails turns fail-fast off for this wait, with one warning:
 * a deployer without pods permission still gets kubectl's behaviour. */
static bool get_or_off(struct app *a, struct failfast *ff, const char *path, const char *what, struct kresp *r)
{
	if (kapi(&a->kc, "GET", path, NULL, NULL, r) == 0)
		return true;
	progress_clear();
	msg_warn("cannot list %s (%s%s%s): --fail-fast is off, waiting as kubectl does", what,
		 r->status > 0 ? r->reason : "", r->status > 0 ? ": " : "", r->message);
	kresp_free(r);
	ff->off = true;
	return false;
}

/* The new ReplicaSet: owned by dep, with dep's pod template. */
static bool find_new_rs(struct app *a, struct failfast *ff, const json_t *dep)
{
	json_t *meta = json_object_get(dep, "metadata"), *spec = json_object_get(dep, "spec");
	long long gen = json_get_int(meta, "generation", 0);
	if (ff->rs_uid && ff->generation == gen)
		return true;
	free(ff->rs_uid);
	free(ff->pod_selector);
	ff->rs_uid = ff->pod_selector = NULL;
	char *sel = selector_string(json_object_get(spec, "selector"));
	if (!sel)
		return false;
	char *esel = url_escape(sel), *ns = url_escape(a->cfg.ns);
	char *path = xasprintf("/apis/apps/v1/namespaces/%s/replicasets?labelSelector=%s", ns, esel);
	free(sel);
	free(esel);
	free(ns);
	struct kresp r;
	bool ok = get_or_off(a, ff, path, "replicasets.apps", &r);
	free(path);
	if (!ok)
		return false;
	json_t *it;
	size_t i;
	json_array_foreach(json_object_get(r.body, "items"), i, it) {
		if (rs_owned_by(it, json_get_str(meta, "uid", NULL)) &&
		    templates_equal(json_object_get(json_object_get(it, "spec"), "template"),
				    json_object_get(spec, "template"))) {
			ff->pod_selector = selector_string(json_object_get(json_object_get(it, "spec"), "selector"));
			if (ff->pod_selector) {
				ff->rs_uid = xstrdup(json_get_str(json_object_get(it, "metadata"), "uid", ""));
				ff->generation = gen;
			}
			break;
		}
	}
	kresp_free(&r);
	return ff->rs_uid != NULL;
}

/* The last lines of the container's previous run, or NULL. */
static char *previous_log(struct app *a, const char *pod, const char *container)
{
	if (a->log_lines <= 0)
		return NULL;
	char *ns = url_escape(a->cfg.ns), *ep = url_escape(pod), *ec = url_escape(container);
	char *path = xasprintf("/api/v1/namespaces/%s/pods/%s/log?container=%s&previous=true&tailLines=%lld", ns, ep,
			       ec, a->log_lines);
	free(ns);
	free(ep);
	free(ec);
	struct kresp r;
	char *out = NULL;
	if (kapi(&a->kc, "GET", path, NULL, NULL, &r) == 0 && r.text && *r.text) {
		out = r.text;
		r.text = NULL;
	}
	kresp_free(&r);
	free(path);
	return out;
}

bool failfast_look(struct app *a, struct failfast *ff, const json_t *dep, struct rollout_failure *f)
{
	int64_t now = mono_ms();
	if (ff->off || now < ff->next)
		return false;
	ff->next = now + FAILFAST_POLL_MS;
	json_t *meta = json_object_get(dep, "metadata");
	/* Until the controller has seen the change, the new set may not exist. */
	if (json_get_int(meta, "generation", 0) > json_get_int(json_object_get(dep, "status"), "observedGeneration", 0))
		return false;
	if (!find_new_rs(a, ff, dep))
		return false;
	char *esel = url_escape(ff->pod_selector), *ns = url_escape(a->cfg.ns);
	char *path = xasprintf("/api/v1/namespaces/%s/pods?labelSelector=%s", ns, esel);
	free(esel);
	free(ns);
	struct kresp r;
	bool ok = get_or_off(a, ff, path, "pods", &r);
	free(path);
	if (!ok)
		return false;
	static struct pod_problem probs[MAX_PROBLEMS];
	bool failed = false;
	json_t *pod;
	size_t i;
	pod_watch_begin(&ff->seen);
	json_array_foreach(json_object_get(r.body, "items"), i, pod) {
		if (!rs_owned_by(pod, ff->rs_uid))
			continue;
		size_t n = pod_problems(pod, probs, MAX_PROBLEMS);
		for (size_t k = 0; k < n; k++) {
			/* after_ms counts from the first look that saw it. */
			if (pod_watch_note(&ff->seen, &probs[k], now, a->fail_fast_after_ms) && !failed) {
				f->p = probs[k];
				failed = true;
			}
		}
	}
	pod_watch_end(&ff->seen);
	kresp_free(&r);
	if (failed)
		f->log_tail = f->p.kind == PT_CRASH ? previous_log(a, f->p.pod, f->p.container) : NULL;
	return failed;
}

/* Each line of text, cut to LOG_LINE_MAX, control characters shown as '?'
 * (a log must not drive the terminal). */
static void print_lines(FILE *fp, const char *text, const char *indent)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		fputs(indent, fp);
		for (size_t i = 0; i < n && i < LOG_LINE_MAX; i++) {
			unsigned char ch = (unsigned char)p[i];
			fputc(ch < 0x20 && ch != '\t' ? '?' : ch == 0x7f ? '?' : ch, fp);
		}
		fputs(n > LOG_LINE_MAX ? " [...]\n" : "\n", fp);
		p += n + (p[n] == '\n');
	}
}

static size_t count_lines(const char *text)
{
	size_t n = 0;
	for (const char *p = text; *p; p++)
		n += *p == '\n' || (p[1] == '\0');
	return n;
}

void failfast_report(const char *deployment, const struct rollout_failure *f)
{
	const struct pod_problem *p = &f->p;
	char where[512];
	if (*p->container)
		snprintf(where, sizeof where, "pod %s, container %s", p->pod, p->container);
	else
		snprintf(where, sizeof where, "pod %s", p->pod);
	verdict_fail("rollout failed", "deployment \"%s\" rollout failed: %s: %s%s%s", deployment, where, p->reason,
		     *p->message ? ": " : "", p->message);
	char *md = xasprintf("- deployment `%s` rollout failed: %s: **%s**%s%s\n", deployment, where, p->reason,
			     *p->message ? ": " : "", p->message);
	ghaout_note(md);
	free(md);
	if (p->exit_code >= 0 || f->log_tail) {
		if (p->exit_code >= 0)
			fprintf(stderr, "  its previous run exited with code %d", p->exit_code);
		else
			fprintf(stderr, "  its previous run");
		size_t lines = f->log_tail ? count_lines(f->log_tail) : 0;
		if (lines == 1)
			fprintf(stderr, "; the last line of its log:\n");
		else if (f->log_tail)
			fprintf(stderr, "; the last %zu lines of its log:\n", lines);
		else
			fprintf(stderr, "; it left no log\n");
		if (f->log_tail) {
			/* Under GitHub Actions a logged "::" line must not act as a
			 * workflow command: commands are off around the log. */
			char token[33] = "";
			if (ghaout_enabled()) {
				unsigned char rnd[16];
				randombytes_buf(rnd, sizeof rnd);
				sodium_bin2hex(token, sizeof token, rnd, sizeof rnd);
				fprintf(stderr, "::stop-commands::%s\n", token);
			}
			print_lines(stderr, f->log_tail, "    ");
			if (*token)
				fprintf(stderr, "::%s::\n", token);
		}
	}
}

/* A log line as a JSON string; bytes that are not UTF-8 become '?'. */
static json_t *line_string(const char *s, size_t n)
{
	json_t *v = json_stringn(s, n);
	if (v)
		return v;
	char *copy = xstrndup(s, n);
	for (char *p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	v = json_string(copy);
	free(copy);
	return v;
}

json_t *failure_json(const struct rollout_failure *f)
{
	const struct pod_problem *p = &f->p;
	json_t *lines = json_array();
	if (f->log_tail)
		for (const char *s = f->log_tail; *s;) {
			size_t n = strcspn(s, "\n");
			json_array_append_new(lines, line_string(s, n));
			s += n + (s[n] == '\n');
		}
	return json_pack("{s:s,s:s,s:o,s:s,s:o,s:o}", "reason", p->reason, "pod", p->pod, "container",
			 *p->container ? json_string(p->container) : json_null(), "message", p->message, "exit_code",
			 p->exit_code >= 0 ? json_integer(p->exit_code) : json_null(), "log_tail", lines);
}

void failure_free(struct rollout_failure *f)
{
	free(f->log_tail);
	f->log_tail = NULL;
}

void failfast_free(struct failfast *ff)
{
	free(ff->rs_uid);
	free(ff->pod_selector);
	pod_watch_free(&ff->seen);
	memset(ff, 0, sizeof *ff);
}
