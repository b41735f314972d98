/* wait: one thread, one multi handle.  The loop wakes at least every
 * 100ms so that the deadline and a signal are noticed promptly; each
 * attempt's own timeout is clipped to the time left, so a server that
 * accepts and never answers cannot hold the loop past the deadline. */
#include "wait.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "http.h"
#include "retryafter.h"
#include "status.h"
#include "target.h"
#include "timeutil.h"

#define TICK_MS 100

volatile sig_atomic_t wait_stop_signal;

struct slot {
	struct target *t;
	struct loop *l;
};

struct loop {
	const struct wait_cfg *cfg;
	struct wait_run *run;
	int64_t start;
	bool env;
	struct status status;
};

/* Statuses that mean "come back later": rate limiting and a proxy whose
 * backend is not up yet.  Never a definitive failure by themselves; only
 * when the user accepts one with --expect-status (a Spring Boot health
 * endpoint answers 503 with its verdict in the body) does the body judge. */
static bool later_status(long s)
{
	return s == 429 || s == 502 || s == 503 || s == 504;
}

static void progress(struct loop *l, struct target *t, const char *picture)
{
	if (!l->cfg->progress || strcmp(picture, t->shown) == 0)
		return;
	snprintf(t->shown, sizeof t->shown, "%s", picture);
	bool status = status_clear(&l->status);
	char el[32];
	int64_t now = mono_ms();
	format_duration(now - l->start, el, sizeof el);
	fprintf(stderr, "%s: %s (attempt %d, %s elapsed)\n", t->name, picture, t->st.attempts, el);
	/* the status line stays at the bottom of a terminal */
	if (status)
		status_redraw(&l->status, l->run, l->cfg->any, now, l->start,
			      l->cfg->timeout_ms ? l->start + l->cfg->timeout_ms : 0);
}

/* Turn one probe result into an outcome and a reason. */
static enum outcome judge(struct loop *l, struct target *t, const struct probe_result *r)
{
	t->status = r->status;
	t->truncated = r->answered && r->truncated;
	if (r->env_error) {
		l->env = true;
		snprintf(l->run->env_error, sizeof l->run->env_error, "%s: %s", t->name, r->error);
	}
	if (!r->answered) {
		snprintf(t->reason, sizeof t->reason, "%s", r->error);
		return OUT_NOT_YET;
	}
	if (target_is_tcp(t->url)) {
		snprintf(t->reason, sizeof t->reason, "connected");
		return OUT_PASS;
	}
	struct answer a = {r->status, r->body, r->len, r->truncated, r->headers};
	char why[300];
	int64_t left = l->cfg->timeout_ms ? l->start + l->cfg->timeout_ms - mono_ms() : 0;
	int64_t limit = l->cfg->attempt_timeout_ms;
	expect_jq_limit(l->cfg->expect, left > 0 && left < limit ? left : limit);
	switch (expect_check(l->cfg->expect, &a, why, sizeof why)) {
	case EXPECT_PASS: {
		const char *phrase = http_reason(r->status);
		snprintf(t->reason, sizeof t->reason, "%ld%s%s%s", r->status, *phrase ? " " : "", phrase,
			 r->truncated ? " (body cut at --max-body)" : "");
		return OUT_PASS;
	}
	case EXPECT_ENV:
		l->env = true;
		snprintf(l->run->env_error, sizeof l->run->env_error, "%s: %s", t->name, why);
		snprintf(t->reason, sizeof t->reason, "%s", why);
		return OUT_NOT_YET;
	case EXPECT_FAIL: break;
	}
	/* The status line leads the reason when the status itself was fine. */
	if (expect_status_ok(l->cfg->expect, r->status))
		snprintf(t->reason, sizeof t->reason, "%ld: %s", r->status, why);
	else
		snprintf(t->reason, sizeof t->reason, "%s", why);
	if (later_status(r->status) && !expect_status_ok(l->cfg->expect, r->status))
		return OUT_NOT_YET;
	return OUT_DEFINITIVE;
}

/* What an attempt still unanswered when the run ended (its deadline, or
 * a signal) adds to its target's reason: the freshest news when it had
 * run for a while; error, when given, says which stage it was stuck in.
 * It was an attempt all the same, and is counted. */
static void note_unanswered(struct target *t, int64_t ran_ms, const char *error)
{
	char el[32];
	t->st.attempts++;
	if (t->judged && ran_ms < 1000)
		return; /* just started: the last answer says more */
	format_duration(ran_ms, el, sizeof el);
	if (t->judged)
		snprintf(t->reason + strlen(t->reason), sizeof t->reason - strlen(t->reason), "; then no answer for %s",
			 el);
	else if (error)
		snprintf(t->reason, sizeof t->reason, "%s", error);
	else
		snprintf(t->reason, sizeof t->reason, "no answer within %s", el);
}

/* The delay a "come back later" answer asks for, or -1; said in the
 * reason so that a user sees why the attempts are sparse. */
static int64_t asked_delay(struct target *t, const struct probe_result *r, int64_t cap)
{
	if (!r->answered || !later_status(r->status))
		return -1;
	int64_t asked = retry_after_ms(r->headers, (int64_t)time(NULL));
	if (asked < 0)
		return -1;
	char d[32], c[32];
	size_t len = strlen(t->reason);
	format_duration(asked, d, sizeof d);
	format_duration(cap, c, sizeof c);
	if (asked > cap)
		snprintf(t->reason + len, sizeof t->reason - len, " (Retry-After %s; waiting %s, the --max-interval)",
			 d, c);
	else
		snprintf(t->reason + len, sizeof t->reason - len, " (Retry-After %s)", d);
	return asked;
}

static void on_done(void *ud, const struct probe_result *r)
{
	struct slot *s = ud;
	struct target *t = s->t;
	struct loop *l = s->l;
	const struct sched_cfg *sc = &l->cfg->sched;
	t->running = false;
	/* An attempt cut short by the run's own deadline says nothing about
	 * the target: its last answer stands (a target that was healthy is
	 * not reported as "no answer within 7ms" because the clock ran out). */
	if (t->clamped && r->timed_out) {
		note_unanswered(t, r->ms, r->error);
		/* libcurl's clock may ring a hair before ours: no new attempt
		 * with the millisecond left, to overwrite this one's news. */
		t->next_ms = l->start + l->cfg->timeout_ms;
		return;
	}
	t->judged = true;
	enum outcome o = judge(l, t, r);
	int64_t asked = o != OUT_PASS ? asked_delay(t, r, sc->max_interval_ms) : -1;
	enum health before = t->st.health;
	enum health h = sched_record(sc, &t->st, o);
	int64_t now = mono_ms();
	if (h != H_PENDING && before == H_PENDING)
		t->done_ms = now - l->start;
	else if (h == H_PENDING)
		t->done_ms = 0;
	char pic[400];
	if (h == H_HEALTHY)
		snprintf(pic, sizeof pic, "healthy (%s)", t->reason);
	else if (o == OUT_PASS)
		snprintf(pic, sizeof pic, "%s, %d of %d passes", t->reason, t->st.passes, sc->success_threshold);
	else if (h == H_FAILED)
		snprintf(pic, sizeof pic, "failed: %s", t->reason);
	else
		snprintf(pic, sizeof pic, "%s", t->reason);
	progress(l, t, pic);
	int64_t pause = sched_pause(sc, &t->st, (double)random() / ((double)RAND_MAX + 1));
	t->next_ms = now + (asked >= 0 ? sched_honour(sc, pause, asked) : pause);
}

/* 1 when the run has its answer, with run->verdict set. */
static int decided(struct loop *l)
{
	struct wait_run *run = l->run;
	size_t healthy = 0, failed = 0;
	for (size_t i = 0; i < run->n; i++) {
		healthy += run->t[i].st.health == H_HEALTHY;
		failed += run->t[i].st.health == H_FAILED;
	}
	if (l->env)
		run->verdict = V_ENV;
	else if (l->cfg->any ? healthy > 0 : healthy == run->n)
		run->verdict = V_HEALTHY;
	else if (l->cfg->any ? failed == run->n : failed > 0)
		run->verdict = V_FAILED;
	else
		return 0;
	return 1;
}

/* Start every attempt that is due; returns how long the loop may sleep. */
static int64_t start_due(struct loop *l, int64_t now, int64_t deadline)
{
	int64_t sleep = TICK_MS;
	for (size_t i = 0; i < l->run->n; i++) {
		struct target *t = &l->run->t[i];
		if (t->running || t->st.health == H_FAILED)
			continue;
		if (t->next_ms > now) {
			if (t->next_ms - now < sleep)
				sleep = t->next_ms - now;
			continue;
		}
		int64_t limit = l->cfg->attempt_timeout_ms;
		t->clamped = deadline && deadline - now < limit;
		if (t->clamped)
			limit = deadline - now;
		if (probe_start(t->probe, limit) == 0) {
			t->running = true;
			t->started_ms = now;
		} else {
			snprintf(t->reason, sizeof t->reason, "libcurl cannot start a transfer");
			t->next_ms = now + l->cfg->sched.interval_ms;
		}
	}
	return sleep;
}

static void note_in_flight(struct loop *l, int64_t now)
{
	for (size_t i = 0; i < l->run->n; i++) {
		struct target *t = &l->run->t[i];
		if (t->running)
			note_unanswered(t, now - t->started_ms, NULL);
	}
}

void wait_run(const struct wait_cfg *cfg, struct prober *pr, struct wait_run *run)
{
	struct loop l = {.cfg = cfg, .run = run, .start = mono_ms()};
	status_init(&l.status, stderr, cfg->progress, l.start);
	struct slot *slots = xcalloc(run->n, sizeof *slots);
	int64_t deadline = cfg->timeout_ms ? l.start + cfg->timeout_ms : 0;
	srandom((unsigned)l.start ^ (unsigned)getpid());
	for (size_t i = 0; i < run->n; i++) {
		slots[i] = (struct slot){&run->t[i], &l};
		run->t[i].probe = probe_new(pr, run->t[i].url, on_done, &slots[i]);
		run->t[i].next_ms = l.start + cfg->initial_delay_ms;
		snprintf(run->t[i].reason, sizeof run->t[i].reason, "no attempt finished yet");
	}
	for (;;) {
		int64_t now = mono_ms();
		if (wait_stop_signal) {
			run->verdict = V_INTERRUPTED;
			run->signal = wait_stop_signal;
			note_in_flight(&l, now);
			break;
		}
		if (deadline && now >= deadline) {
			run->verdict = V_TIMEOUT;
			note_in_flight(&l, now);
			break;
		}
		int64_t sleep = start_due(&l, now, deadline);
		if (deadline && deadline - now < sleep)
			sleep = deadline - now;
		prober_poll(pr, sleep);
		/* A signal wins over what the last results decided: a jq killed
		 * by the terminal's SIGINT is the user's doing, not the tool's. */
		if (!wait_stop_signal && decided(&l))
			break;
		status_tick(&l.status, run, cfg->any, mono_ms(), l.start, deadline);
	}
	status_clear(&l.status);
	run->elapsed_ms = mono_ms() - l.start;
	for (size_t i = 0; i < run->n; i++) {
		probe_free(run->t[i].probe);
		run->t[i].probe = NULL;
		run->t[i].running = false;
	}
	free(slots);
}
