/* report: everything that is printed once, at the end. */
#include "report.h"

#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "color.h"
#include "diag.h"
#include "gha.h"
#include "json.h"

const char *verdict_name(enum verdict v)
{
	static const char *const names[] = {"healthy", "failed", "timeout", "interrupted", "error"};
	return names[v];
}

const char *target_state(const struct target *t)
{
	return t->st.health == H_HEALTHY ? "healthy" : t->st.health == H_FAILED ? "failed" : "unhealthy";
}

static size_t count_healthy(const struct wait_run *run)
{
	size_t n = 0;
	for (size_t i = 0; i < run->n; i++)
		n += run->t[i].st.health == H_HEALTHY;
	return n;
}

/* "  URL: reason (N attempts)" for each target that is not healthy. */
static void unhealthy_lines(FILE *fp, const struct wait_run *run)
{
	for (size_t i = 0; i < run->n; i++) {
		const struct target *t = &run->t[i];
		if (t->st.health == H_HEALTHY)
			continue;
		fprintf(fp, "  %s: %s (%d attempt%s)\n", t->name, t->reason, t->st.attempts,
			t->st.attempts == 1 ? "" : "s");
	}
}

/* "all 3 targets healthy after 1.2s", or the first healthy one with --any. */
static void healthy_summary(const struct wait_run *run, bool any, char *buf, size_t len)
{
	char el[32];
	format_duration(run->elapsed_ms, el, sizeof el);
	if (any) {
		for (size_t i = 0; i < run->n; i++)
			if (run->t[i].st.health == H_HEALTHY) {
				snprintf(buf, len, "%s healthy after %s", run->t[i].name, el);
				return;
			}
	}
	snprintf(buf, len, "%s%zu target%s healthy after %s", run->n > 1 ? "all " : "", run->n, run->n == 1 ? "" : "s",
		 el);
}

void report_text(FILE *fp, const struct wait_run *run, bool any, bool quiet)
{
	char el[32], line[512];
	format_duration(run->elapsed_ms, el, sizeof el);
	size_t healthy = count_healthy(run);
	const char *prog = cli_prog();
	switch (run->verdict) {
	case V_HEALTHY:
		if (quiet)
			break;
		healthy_summary(run, any, line, sizeof line);
		fprintf(fp, "%s: %s%s%s\n", prog, color_on(fp, COLOR_OK), line, color_off(fp));
		break;
	case V_FAILED:
		for (size_t i = 0; i < run->n; i++) {
			const struct target *t = &run->t[i];
			if (t->st.health == H_FAILED)
				fprintf(fp, "%s: %s %sfailed%s: %s (%d definitive failures in a row)\n", prog, t->name,
					color_on(fp, COLOR_ERROR), color_off(fp), t->reason, t->st.definitive);
		}
		break;
	case V_TIMEOUT:
		fprintf(fp, "%s: %stimed out%s after %s; %zu of %zu target%s not healthy:\n", prog,
			color_on(fp, COLOR_ERROR), color_off(fp), el, run->n - healthy, run->n, run->n == 1 ? "" : "s");
		unhealthy_lines(fp, run);
		break;
	case V_INTERRUPTED:
		fprintf(fp, "%s: %sinterrupted%s by %s after %s; %zu of %zu target%s healthy\n", prog,
			color_on(fp, COLOR_WARNING), color_off(fp), run->signal == SIGINT ? "SIGINT" : "SIGTERM", el,
			healthy, run->n, run->n == 1 ? "" : "s");
		unhealthy_lines(fp, run);
		break;
	case V_ENV: /* an error, not a verdict: the caller's msg_error says it */ break;
	}
}

static json_t *target_json(const struct target *t, const struct wait_run *run)
{
	bool passing = t->judged && t->st.passes > 0;
	json_t *o = json_object();
	json_object_set_new(o, "target", json_string(t->name));
	json_object_set_new(o, "state", json_string(target_state(t)));
	json_object_set_new(o, "attempts", json_integer(t->st.attempts));
	json_object_set_new(o, "status", t->status ? json_integer(t->status) : json_null());
	json_object_set_new(o, "error", passing ? json_null() : json_string(t->reason));
	json_object_set_new(o, "reason", json_string(t->reason));
	json_object_set_new(o, "body_truncated", json_boolean(t->truncated));
	json_object_set_new(o, "elapsed_ms", json_integer(t->st.health != H_PENDING ? t->done_ms : run->elapsed_ms));
	return o;
}

void report_json(FILE *fp, const struct wait_run *run, bool any)
{
	json_t *o = json_object(), *ts = json_array();
	json_object_set_new(o, "result", json_string(verdict_name(run->verdict)));
	json_object_set_new(o, "healthy", json_boolean(run->verdict == V_HEALTHY));
	json_object_set_new(o, "mode", json_string(any ? "any" : "all"));
	json_object_set_new(o, "elapsed_ms", json_integer(run->elapsed_ms));
	if (run->verdict == V_ENV)
		json_object_set_new(o, "error", json_string(run->env_error));
	for (size_t i = 0; i < run->n; i++)
		json_array_append_new(ts, target_json(&run->t[i], run));
	json_object_set_new(o, "targets", ts);
	json_print(fp, o, true);
	json_decref(o);
}

void report_annotations(FILE *fp, const struct wait_run *run, bool any, bool product)
{
	if (run->verdict == V_HEALTHY) {
		if (product) {
			char line[512];
			healthy_summary(run, any, line, sizeof line);
			char *msg = gha_escape_data(line);
			fprintf(fp, "::notice title=health-wait::%s\n", msg);
			free(msg);
		}
		return;
	}
	if (run->verdict == V_ENV) {
		if (!product)
			return;
		char *msg = gha_escape_data(run->env_error);
		fprintf(fp, "::error title=health-wait error::%s\n", msg);
		free(msg);
		return;
	}
	for (size_t i = 0; i < run->n; i++) {
		const struct target *t = &run->t[i];
		if (t->st.health == H_HEALTHY)
			continue;
		/* A target still pending when another one failed did not fail. */
		const char *what = t->st.health == H_FAILED   ? "failed"
				   : run->verdict == V_FAILED ? "unhealthy"
							      : verdict_name(run->verdict);
		char *title = gha_escape_property(t->name);
		char *msg = gha_escape_data(t->reason);
		fprintf(fp, "::error title=%s %s::%s\n", title, what, msg);
		free(title);
		free(msg);
	}
}

/* Markdown table cells cannot hold a raw '|' or a newline. */
static void cell(char *out, size_t len, const char *s)
{
	size_t j = 0;
	for (; *s && j + 3 < len; s++) {
		if (*s == '|')
			out[j++] = '\\';
		out[j++] = *s == '\n' ? ' ' : *s;
	}
	out[j] = '\0';
}

int report_github_files(const struct wait_run *run)
{
	char el[32], buf[32];
	format_duration(run->elapsed_ms, el, sizeof el);
	snprintf(buf, sizeof buf, "%lld", (long long)run->elapsed_ms);
	int rc = 0;
	rc |= gha_set_output("healthy", run->verdict == V_HEALTHY ? "true" : "false");
	rc |= gha_set_output("result", verdict_name(run->verdict));
	rc |= gha_set_output("elapsed-ms", buf);
	size_t cap = 256 + run->n * 800;
	char *md = xmalloc(cap);
	size_t off = (size_t)snprintf(md, cap,
				      "### health-wait: %s after %s\n\n"
				      "| target | state | attempts | last observation |\n"
				      "| --- | --- | --- | --- |\n",
				      verdict_name(run->verdict), el);
	for (size_t i = 0; i < run->n; i++) {
		const struct target *t = &run->t[i];
		char url[700], why[700];
		cell(url, sizeof url, t->name);
		cell(why, sizeof why, t->reason);
		off += (size_t)snprintf(md + off, cap - off, "| %.300s | %s | %d | %.300s |\n", url, target_state(t),
					t->st.attempts, why);
	}
	rc |= gha_summary(md);
	free(md);
	return rc;
}
