/* canary: weights and a step plan run from a CI job — set-weight, run,
 * promote, abort, status — on any router (router.h).  The plan and its
 * progress live in annotations beside the weights, written with them, so
 * the next job can continue, and two jobs cannot both advance it. */
#include "analysis.h"
#include "app.h"
#include "cli.h"
#include "ghaout.h"
#include "json.h"
#include "plan.h"
#include "progress.h"
#include "router.h"
#include "timeutil.h"
#include "verdict.h"

#include <stdlib.h>
#include <string.h>

static int lost_race(const struct route *r, size_t step)
{
	msg_error("%s \"%s\" was changed by someone else before step %zu (409 Conflict or a failed test of the write); "
		  "another job owns the plan now, not continuing (see: k8s-rollout canary status %s/%s)",
		  r->rt->kind, r->name, step + 1, r->rt->kind, r->name);
	return EXIT_FAIL;
}

static void weights_line(const struct app *a, const struct route *r, const char *prefix)
{
	if (!a->quiet)
		progress_say(stderr, "%s%sstable %lld, canary %lld\n", prefix, *prefix ? ": " : "",
			     route_weight(r, false), route_weight(r, true));
}

/* {"KIND": NAME, "router": ID, "result": RESULT[, "step": K, "steps": N]} */
static void result_json(const struct route *r, const char *result, size_t step, size_t steps)
{
	json_t *o = json_pack("{s:s,s:s,s:s}", r->rt->kind, r->name, "router", r->rt->id, "result", result);
	if (steps) {
		json_object_set_new(o, "step", json_integer((json_int_t)step));
		json_object_set_new(o, "steps", json_integer((json_int_t)steps));
	}
	progress_clear();
	json_print(stdout, o, false);
	json_decref(o);
}

static const char *step_text(const struct step *s, char *buf, size_t len)
{
	char d[32];
	if (s->kind == STEP_WEIGHT)
		snprintf(buf, len, "setWeight %d", s->weight);
	else if (s->kind == STEP_PAUSE && s->pause_ms < 0)
		snprintf(buf, len, "pause until promote");
	else if (s->kind == STEP_PAUSE) {
		format_duration(s->pause_ms, d, sizeof d);
		snprintf(buf, len, "pause %s", d);
	} else
		snprintf(buf, len, "analysis (%s)",
			 s->gate.http_url   ? "http"
			 : s->gate.prom_url ? "prometheus"
					    : "deployment");
	return buf;
}

/* A pause step under way, for the status line. */
struct pause {
	const struct route *r;
	size_t done, steps;
	int64_t end;
	const char *what;
};

/* "1 of 4 steps done; virtualservice/web: stable 90, canary 10 (pause 5m); 4m10s left" */
static void pause_line(void *ud, char *buf, size_t len)
{
	const struct pause *p = ud;
	char left[32];
	format_seconds(p->end - mono_ms(), left, sizeof left);
	snprintf(buf, len, "%zu of %zu steps done; %s/%s: stable %lld, canary %lld (%s); %s left", p->done, p->steps,
		 p->r->rt->kind, p->r->name, route_weight(p->r, false), route_weight(p->r, true), p->what, left);
}

/* Execute plan steps from `from`; the plan's state annotations are written
 * as it goes, each write guarded by the state the last one left. */
static int run_from(struct app *a, struct route *r, const struct plan *p, size_t from)
{
	char buf[128], what[700];
	for (size_t k = from; k < p->n; k++) {
		const struct step *s = &p->v[k];
		if (!a->quiet)
			progress_say(stderr, "step %zu/%zu: %s\n", k + 1, p->n, step_text(s, buf, sizeof buf));
		int rc = 0;
		if (s->kind == STEP_WEIGHT) {
			rc = route_write(a, r, s->weight, state_ann("running", k + 1), GUARD_PLAN);
			if (rc == 0)
				weights_line(a, r, "  weights");
		} else if (s->kind == STEP_PAUSE && s->pause_ms < 0) {
			rc = route_write(a, r, -1, state_ann("paused", k), GUARD_PLAN);
			if (rc == 0) {
				if (a->json)
					result_json(r, "paused", k + 1, p->n);
				else
					verdict_say(COLOR_NOTE, "paused",
						    "%s/%s paused at step %zu of %zu; continue with: "
						    "k8s-rollout canary promote %s/%s",
						    r->rt->kind, r->name, k + 1, p->n, r->rt->kind, r->name);
				return EXIT_OK;
			}
		} else if (s->kind == STEP_PAUSE) {
			struct pause ps = {r, k, p->n, mono_ms() + s->pause_ms, buf};
			progress_begin(pause_line, &ps);
			progress_sleep(s->pause_ms);
			progress_end();
			rc = route_write(a, r, -1, state_ann("running", k + 1), GUARD_PLAN);
		} else {
			if (gate_run(a, &s->gate, what, sizeof what) != EXIT_OK) {
				verdict_fail("failed",
					     "analysis at step %zu failed: %s; routing everything back to stable",
					     k + 1, what);
				rc = route_force(a, r, 0, "failed", k);
				if (rc == 0)
					weights_line(a, r, "  weights");
				if (a->json)
					result_json(r, "failed", k + 1, p->n);
				return rc ? rc : EXIT_FAIL;
			}
			rc = route_write(a, r, -1, state_ann("running", k + 1), GUARD_PLAN);
		}
		if (rc == ROUTE_RACE)
			return lost_race(r, k);
		if (rc)
			return rc;
	}
	int rc = route_write(a, r, -1, state_ann("completed", p->n), GUARD_PLAN);
	if (rc == ROUTE_RACE)
		return lost_race(r, p->n - 1);
	if (rc)
		return rc;
	if (a->json)
		result_json(r, "completed", p->n, p->n);
	else
		verdict_say(COLOR_OK, "plan completed", "%s/%s plan completed: stable %lld, canary %lld", r->rt->kind,
			    r->name, route_weight(r, false), route_weight(r, true));
	return EXIT_OK;
}

static int stored_plan(const struct route *r, struct plan *p)
{
	const char *text = route_ann(r, ANN_PLAN);
	char err[300];
	json_error_t je;
	json_t *steps = text ? json_loads(text, 0, &je) : NULL;
	int rc = steps ? plan_from_json(steps, p, err, sizeof err) : -1;
	json_decref(steps);
	if (rc) {
		msg_error("%s \"%s\" has no readable plan (annotation %s); start one with canary run", r->rt->kind,
			  r->name, ANN_PLAN);
		return EXIT_FAIL;
	}
	const char *digest = route_ann(r, ANN_DIGEST);
	if (!digest || strcmp(digest, p->digest)) {
		msg_error(
			"%s \"%s\": the stored plan does not match its digest; someone edited it — abort and run again",
			r->rt->kind, r->name);
		plan_free(p);
		return EXIT_FAIL;
	}
	return 0;
}

/* The plan of `canary run`, read before the cluster is asked anything so
 * that a bad plan or a usage error never waits on the network: 0 and *p,
 * else the exit code after a message. */
static int read_plan(const struct app *a, struct plan *p)
{
	char err[600];
	if (!!a->plan_file == !!a->steps)
		cli_usage_error("canary run needs --plan FILE or --steps LIST (one of them)");
	int rc = a->plan_file ? plan_from_file(a->plan_file, p, err, sizeof err)
			      : plan_from_steps(a->steps, p, err, sizeof err);
	if (rc) {
		msg_error("%s", err);
		return a->plan_file ? EXIT_INPUT : EXIT_USAGE;
	}
	return 0;
}

static bool plan_active(const struct route *r)
{
	const char *state = route_ann(r, ANN_STATE);
	if (state && (!strcmp(state, "running") || !strcmp(state, "paused"))) {
		msg_error("%s \"%s\" already has a plan (%s, %s steps done); promote or abort it first", r->rt->kind,
			  r->name, state, route_ann(r, ANN_STEP) ? route_ann(r, ANN_STEP) : "?");
		return true;
	}
	return false;
}

static int promote_deployments(struct app *a, struct route *r);

/* Claims the route for plan P and runs it. */
static int canary_run(struct app *a, struct route *r, const struct plan *p)
{
	char now[32];
	rfc3339_format((int64_t)time(NULL), now, sizeof now);
	char *text = json_dumps(p->json, JSON_COMPACT);
	int rc = ROUTE_RACE;
	/* A claim lost before the plan started is retried: the route may
	 * only have changed elsewhere (another plan is caught by its state). */
	for (int i = 0; i < WRITE_ATTEMPTS && rc == ROUTE_RACE; i++) {
		if (i && (rc = route_reload(a, r)) != 0)
			break;
		if (plan_active(r)) {
			rc = EXIT_FAIL;
			break;
		}
		json_t *ann = json_pack("{s:s,s:s,s:s,s:s,s:s}", ANN_PLAN, text, ANN_DIGEST, p->digest, ANN_STARTED,
					now, ANN_STATE, "running", ANN_STEP, "0");
		rc = route_write(a, r, -1, ann, GUARD_CLAIM);
	}
	free(text);
	if (rc == ROUTE_RACE)
		rc = lost_race(r, 0);
	if (!rc)
		rc = run_from(a, r, p, 0);
	if (!rc && a->stable_deployment && !strcmp(route_ann(r, ANN_STATE) ? route_ann(r, ANN_STATE) : "", "completed"))
		rc = promote_deployments(a, r);
	return rc;
}

/* Copy the canary deployment's images into the stable one, wait for it,
 * then route everything back to stable for good. */
static int promote_deployments(struct app *a, struct route *r)
{
	json_t *can;
	int rc = get_deployment(a, a->canary_deployment, &can);
	if (rc)
		return rc;
	json_t *cs = json_object_get(json_object_get(json_object_get(json_object_get(can, "spec"), "template"), "spec"),
				     "containers"),
	       *c;
	size_t i, n = json_array_size(cs);
	char **argv = xcalloc(n + 2, sizeof *argv);
	argv[0] = xstrdup(a->stable_deployment);
	json_array_foreach(cs, i, c) {
		argv[i + 1] = xasprintf("%s=%s", json_get_str(c, "name", ""), json_get_str(c, "image", ""));
	}
	json_decref(can);
	a->all_containers = NULL;
	a->record = NULL;
	rc = run_set_image(a, (int)n + 1, argv);
	strv_free(argv);
	if (!rc)
		rc = rollout_wait(a, a->stable_deployment);
	if (rc)
		return rc;
	if (r->rt->retire) {
		rc = r->rt->retire(a, r);
	} else {
		long long k = 0;
		if (route_ann(r, ANN_STEP))
			parse_int(route_ann(r, ANN_STEP), 0, 1000000, &k);
		rc = route_force(a, r, 0, "promoted", (size_t)k);
	}
	if (!rc && !a->json)
		verdict_say(COLOR_OK, "promoted",
			    "%s/%s promoted: deployment %s runs the canary's images; stable %lld, canary %lld",
			    r->rt->kind, r->name, a->stable_deployment, route_weight(r, false), route_weight(r, true));
	else if (!rc)
		result_json(r, "promoted", 0, 0);
	return rc;
}

static int canary_promote(struct app *a, struct route *r)
{
	const char *state = route_ann(r, ANN_STATE);
	int rc = 0;
	if (a->full) {
		long long k = 0;
		if (route_ann(r, ANN_STEP))
			parse_int(route_ann(r, ANN_STEP), 0, 1000000, &k);
		if ((rc = route_force(a, r, 100, "completed", (size_t)k)) != 0)
			return rc;
		weights_line(a, r, "promoted to 100");
		if (!a->stable_deployment)
			verdict_say(COLOR_OK, "promoted", "%s/%s promoted: stable %lld, canary %lld", r->rt->kind,
				    r->name, route_weight(r, false), route_weight(r, true));
	} else {
		if (!state || strcmp(state, "paused")) {
			msg_error("%s \"%s\": nothing to promote, the plan is %s (use --full to go to 100 now)",
				  r->rt->kind, r->name, state ? state : "absent");
			return EXIT_FAIL;
		}
		struct plan p;
		if ((rc = stored_plan(r, &p)) != 0)
			return rc;
		long long k;
		const char *st = route_ann(r, ANN_STEP);
		if (!st || parse_int(st, 0, (long long)p.n, &k) || k >= (long long)p.n) {
			msg_error("%s \"%s\": the plan's step annotation is not usable", r->rt->kind, r->name);
			plan_free(&p);
			return EXIT_FAIL;
		}
		/* Claim the pause first: of two promotes only one gets past it. */
		rc = route_write(a, r, -1, state_ann("running", (size_t)k + 1), GUARD_PLAN);
		if (rc == ROUTE_RACE)
			rc = lost_race(r, (size_t)k);
		if (!rc)
			rc = run_from(a, r, &p, (size_t)k + 1);
		bool done = !rc && route_ann(r, ANN_STATE) && !strcmp(route_ann(r, ANN_STATE), "completed");
		plan_free(&p);
		if (rc || !done)
			return rc;
	}
	return a->stable_deployment ? promote_deployments(a, r) : 0;
}

static int canary_abort(struct app *a, struct route *r)
{
	long long k = 0;
	const char *st = route_ann(r, ANN_STEP);
	if (st)
		parse_int(st, 0, 1000000, &k);
	int rc = route_force(a, r, 0, "aborted", (size_t)k);
	if (rc)
		return rc;
	if (a->scale_down) {
		json_t *patch = json_pack("{s:{s:i}}", "spec", "replicas", 0);
		rc = patch_deployment(a, a->canary_deployment, "application/merge-patch+json", patch, "k8s-rollout",
				      NULL);
		json_decref(patch);
		if (rc == 409)
			rc = conflict_fail("failed to scale down", a->canary_deployment);
		if (rc)
			return rc;
	}
	if (a->json)
		result_json(r, "aborted", 0, 0);
	else
		verdict_say(COLOR_WARNING, "aborted", "%s/%s aborted: stable %lld, canary %lld%s%s%s", r->rt->kind,
			    r->name, route_weight(r, false), route_weight(r, true),
			    a->scale_down ? "; deployment " : "", a->scale_down ? a->canary_deployment : "",
			    a->scale_down ? " scaled to 0" : "");
	return 0;
}

static int canary_status(struct app *a, struct route *r)
{
	const char *state = route_ann(r, ANN_STATE), *step = route_ann(r, ANN_STEP);
	struct plan p = {0};
	bool have_plan = state && route_ann(r, ANN_PLAN) && stored_plan(r, &p) == 0;
	long long k = 0;
	if (step)
		parse_int(step, 0, 1000000, &k);
	char num[32], text[1200];
	snprintf(num, sizeof num, "%lld", route_weight(r, false));
	ghaout_set("stable-weight", num);
	snprintf(num, sizeof num, "%lld", route_weight(r, true));
	ghaout_set("canary-weight", num);
	ghaout_set("plan-state", have_plan ? state : "none");
	json_t *o = json_pack("{s:s,s:s}", r->rt->kind, r->name, "router", r->rt->id);
	r->rt->describe(a, r, o, text, sizeof text);
	if (a->json) {
		json_object_set_new(o, "plan",
				    have_plan ? json_pack("{s:I,s:I,s:s}", "step", (json_int_t)k, "steps",
							  (json_int_t)p.n, "state", state)
					      : json_null());
		json_print(stdout, o, false);
	} else {
		printf("%s/%s %s\n", r->rt->kind, r->name, text);
		if (have_plan)
			printf("plan: %s, %lld of %zu steps done, started %s\n", state, k, p.n,
			       route_ann(r, ANN_STARTED) ? route_ann(r, ANN_STARTED) : "?");
		else
			printf("plan: none\n");
	}
	json_decref(o);
	plan_free(&p);
	return 0;
}

static int set_weight(struct app *a, struct route *r, int w)
{
	int rc = route_force(a, r, w, NULL, 0);
	if (rc || a->json)
		return rc ? rc : canary_status(a, r);
	verdict_say(COLOR_OK, "weights set", "%s/%s weights set: stable %lld, canary %lld", r->rt->kind, r->name,
		    route_weight(r, false), route_weight(r, true));
	return 0;
}

int run_canary(struct app *a, int argc, char **argv)
{
	(void)argc;
	const char *sub = a->sub;
	bool sw = !strcmp(sub, "set-weight");
	long long w = 0;
	if (sw && parse_int(argv[1], 0, 100, &w))
		cli_usage_error("the canary weight must be a whole number from 0 to 100, not '%s'", argv[1]);
	if (!!a->stable_deployment != !!a->canary_deployment && (!strcmp(sub, "promote") || !strcmp(sub, "run")))
		cli_usage_error("--stable-deployment and --canary-deployment go together");
	if (a->scale_down && !a->canary_deployment)
		cli_usage_error("--scale-down needs --canary-deployment NAME");
	const char *name;
	const struct router *rt = route_parse(argv[0], &name);
	rt->options(a, name);
	struct plan p;
	int rc;
	bool run = !strcmp(sub, "run");
	if (run && (rc = read_plan(a, &p)) != 0)
		return rc;
	struct route r;
	if ((rc = route_load(a, argv[0], &r)) == 0) {
		if (sw)
			rc = set_weight(a, &r, (int)w);
		else if (run)
			rc = canary_run(a, &r, &p);
		else if (!strcmp(sub, "promote"))
			rc = canary_promote(a, &r);
		else if (!strcmp(sub, "abort"))
			rc = canary_abort(a, &r);
		else
			rc = canary_status(a, &r);
	}
	if (run)
		plan_free(&p);
	route_free(&r);
	return rc;
}
