/* canary: weights and a step plan run from a CI job — set-weight, run,
 * promote, abort, status.  The plan and its progress live in annotations
 * on the VirtualService (virtualservice.c writes them with the weights), so
 * the next job can continue, and two jobs cannot both advance it. */
#include "analysis.h"
#include "app.h"
#include "cli.h"
#include "ghaout.h"
#include "json.h"
#include "plan.h"
#include "timeutil.h"
#include "virtualservice.h"

#include <stdlib.h>
#include <string.h>

static int lost_race(const struct vsref *r, size_t step)
{
	kerror("virtualservice \"%s\" was changed by someone else (409 Conflict) before step %zu; another job "
		  "owns the plan now, not continuing (see: k8s-rollout canary status %s)", r->name, step + 1, r->name);
	return EXIT_FAIL;
}

static void weights_line(const struct app *a, const struct vsref *r, const char *prefix)
{
	if (!a->quiet)
		fprintf(stderr, "%s%sstable %lld, canary %lld\n", prefix, *prefix ? ": " : "", stable_weight(r),
			canary_weight(r));
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
		snprintf(buf, len, "analysis (%s)", s->gate.http_url ? "http" : s->gate.prom_url ? "prometheus" : "deployment");
	return buf;
}

/* Execute plan steps from `from`; the plan's state annotations are written
 * as it goes. */
static int run_from(struct app *a, struct vsref *r, const struct plan *p, size_t from)
{
	char buf[128], what[700];
	for (size_t k = from; k < p->n; k++) {
		const struct step *s = &p->v[k];
		if (!a->quiet)
			fprintf(stderr, "step %zu/%zu: %s\n", k + 1, p->n, step_text(s, buf, sizeof buf));
		int rc = 0;
		if (s->kind == STEP_WEIGHT) {
			rc = vs_write(a, r, s->weight, state_ann("running", k + 1));
			if (rc == 0)
				weights_line(a, r, "  weights");
		} else if (s->kind == STEP_PAUSE && s->pause_ms < 0) {
			rc = vs_write(a, r, -1, state_ann("paused", k));
			if (rc == 0) {
				if (a->json)
					printf("{\"virtualservice\":\"%s\",\"result\":\"paused\",\"step\":%zu,\"steps\":%zu}\n",
					       r->name, k + 1, p->n);
				else
					printf("virtualservice/%s paused at step %zu of %zu; continue with: k8s-rollout canary "
					       "promote %s\n", r->name, k + 1, p->n, r->name);
				return EXIT_OK;
			}
		} else if (s->kind == STEP_PAUSE) {
			sleep_ms(s->pause_ms);
			rc = vs_write(a, r, -1, state_ann("running", k + 1));
		} else {
			if (gate_run(a, &s->gate, what, sizeof what) != EXIT_OK) {
				kerror("analysis at step %zu failed: %s; routing everything back to \"%s\"", k + 1, what,
					  a->stable_subset);
				rc = vs_force(a, r, 0, "failed", k);
				if (rc == 0)
					weights_line(a, r, "  weights");
				if (a->json)
					printf("{\"virtualservice\":\"%s\",\"result\":\"failed\",\"step\":%zu,\"steps\":%zu}\n",
					       r->name, k + 1, p->n);
				return rc ? rc : EXIT_FAIL;
			}
			rc = vs_write(a, r, -1, state_ann("running", k + 1));
		}
		if (rc == 409)
			return lost_race(r, k);
		if (rc)
			return rc;
	}
	int rc = vs_write(a, r, -1, state_ann("completed", p->n));
	if (rc == 409)
		return lost_race(r, p->n - 1);
	if (rc)
		return rc;
	if (a->json)
		printf("{\"virtualservice\":\"%s\",\"result\":\"completed\",\"step\":%zu,\"steps\":%zu}\n", r->name, p->n,
		       p->n);
	else
		printf("virtualservice/%s plan completed: stable %lld, canary %lld\n", r->name, stable_weight(r),
		       canary_weight(r));
	return EXIT_OK;
}

static int stored_plan(const struct vsref *r, struct plan *p)
{
	const char *text = annotation(r, ANN_PLAN);
	char err[300];
	json_error_t je;
	json_t *steps = text ? json_loads(text, 0, &je) : NULL;
	int rc = steps ? plan_from_json(steps, p, err, sizeof err) : -1;
	json_decref(steps);
	if (rc) {
		kerror("virtualservice \"%s\" has no readable plan (annotation %s); start one with canary run", r->name,
			  ANN_PLAN);
		return EXIT_FAIL;
	}
	const char *digest = annotation(r, ANN_DIGEST);
	if (!digest || strcmp(digest, p->digest)) {
		kerror("virtualservice \"%s\": the stored plan does not match its digest; someone edited it — abort "
			  "and run again", r->name);
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
		kerror("%s", err);
		return a->plan_file ? EXIT_INPUT : EXIT_USAGE;
	}
	return 0;
}

/* Runs plan P (and frees it). */
static int canary_run(struct app *a, struct vsref *r, struct plan *p)
{
	int rc;
	const char *state = annotation(r, ANN_STATE);
	if (state && (!strcmp(state, "running") || !strcmp(state, "paused"))) {
		kerror("virtualservice \"%s\" already has a plan (%s, %s steps done); promote or abort it first",
		       r->name, state, annotation(r, ANN_STEP) ? annotation(r, ANN_STEP) : "?");
		plan_free(p);
		return EXIT_FAIL;
	}
	char now[32];
	rfc3339_format((int64_t)time(NULL), now, sizeof now);
	char *text = json_dumps(p->json, JSON_COMPACT);
	json_t *ann = json_pack("{s:s,s:s,s:s,s:s,s:s}", ANN_PLAN, text, ANN_DIGEST, p->digest, ANN_STARTED, now,
				ANN_STATE, "running", ANN_STEP, "0");
	free(text);
	rc = vs_write(a, r, -1, ann);
	if (rc == 409)
		rc = lost_race(r, 0);
	if (!rc)
		rc = run_from(a, r, p, 0);
	plan_free(p);
	return rc;
}

/* Copy the canary deployment's images into the stable one, wait for it,
 * then route everything back to stable. */
static int promote_deployments(struct app *a, struct vsref *r)
{
	json_t *can;
	int rc = get_deployment(a, a->canary_deployment, &can);
	if (rc)
		return rc;
	json_t *cs = json_object_get(json_object_get(json_object_get(json_object_get(can, "spec"), "template"), "spec"),
				     "containers"), *c;
	size_t i, n = json_array_size(cs);
	char **argv = xcalloc(n + 2, sizeof *argv);
	argv[0] = xstrdup(a->stable_deployment);
	json_array_foreach(cs, i, c) {
		argv[i + 1] = xasprintf("%s=%s", json_get_str(c, "name", ""), json_get_str(c, "image", ""));
	}
	json_decref(can);
	a->all_containers = NULL;
	a->record = NULL;
	rc = cmd_set_image(a, (int)n + 1, argv);
	strv_free(argv);
	if (!rc)
		rc = rollout_wait(a, a->stable_deployment);
	if (!rc) {
		long long k = 0;
		if (annotation(r, ANN_STEP))
			parse_int(annotation(r, ANN_STEP), 0, 1000000, &k);
		rc = vs_force(a, r, 0, "promoted", (size_t)k);
		if (!rc && !a->json)
			printf("virtualservice/%s promoted: deployment %s runs the canary's images; stable %lld, canary %lld\n",
			       r->name, a->stable_deployment, stable_weight(r), canary_weight(r));
		else if (!rc)
			printf("{\"virtualservice\":\"%s\",\"result\":\"promoted\"}\n", r->name);
	}
	return rc;
}

static int canary_promote(struct app *a, struct vsref *r)
{
	if (!!a->stable_deployment != !!a->canary_deployment)
		cli_usage_error("--stable-deployment and --canary-deployment go together");
	const char *state = annotation(r, ANN_STATE);
	int rc = 0;
	if (a->full) {
		rc = vs_write(a, r, 100, state_ann("completed", 0));
		if (rc == 409)
			return lost_race(r, 0);
		if (rc)
			return rc;
		weights_line(a, r, "promoted to 100");
		if (!a->stable_deployment)
			printf("virtualservice/%s promoted: stable %lld, canary %lld\n", r->name, stable_weight(r),
			       canary_weight(r));
	} else {
		if (!state || strcmp(state, "paused")) {
			kerror("virtualservice \"%s\": nothing to promote, the plan is %s (use --full to go to 100 now)",
				  r->name, state ? state : "absent");
			return EXIT_FAIL;
		}
		struct plan p;
		if ((rc = stored_plan(r, &p)) != 0)
			return rc;
		long long k;
		const char *st = annotation(r, ANN_STEP);
		if (!st || parse_int(st, 0, (long long)p.n, &k) || k >= (long long)p.n) {
			kerror("virtualservice \"%s\": the plan's step annotation is not usable", r->name);
			plan_free(&p);
			return EXIT_FAIL;
		}
		/* Claim the pause first: of two promotes only one gets past it. */
		rc = vs_write(a, r, -1, state_ann("running", (size_t)k + 1));
		if (rc == 409)
			rc = lost_race(r, (size_t)k);
		if (!rc)
			rc = run_from(a, r, &p, (size_t)k + 1);
		bool done = !rc && annotation(r, ANN_STATE) && !strcmp(annotation(r, ANN_STATE), "completed");
		plan_free(&p);
		if (rc || !done)
			return rc;
	}
	return a->stable_deployment ? promote_deployments(a, r) : 0;
}

static int canary_abort(struct app *a, struct vsref *r)
{
	long long k = 0;
	const char *st = annotation(r, ANN_STEP);
	if (st)
		parse_int(st, 0, 1000000, &k);
	int rc = vs_force(a, r, 0, "aborted", (size_t)k);
	if (rc)
		return rc;
	if (a->scale_down) {
		if (!a->canary_deployment)
			cli_usage_error("--scale-down needs --canary-deployment NAME");
		json_t *patch = json_pack("{s:{s:i}}", "spec", "replicas", 0);
		rc = patch_deployment(a, a->canary_deployment, "application/merge-patch+json", patch, "k8s-rollout", NULL);
		json_decref(patch);
		if (rc == 409)
			rc = conflict_fail("failed to scale down", a->canary_deployment);
		if (rc)
			return rc;
	}
	if (a->json)
		printf("{\"virtualservice\":\"%s\",\"result\":\"aborted\"}\n", r->name);
	else
		printf("virtualservice/%s aborted: stable %lld, canary %lld%s%s%s\n", r->name, stable_weight(r),
		       canary_weight(r), a->scale_down ? "; deployment " : "", a->scale_down ? a->canary_deployment : "",
		       a->scale_down ? " scaled to 0" : "");
	return 0;
}

static int canary_status(struct app *a, struct vsref *r)
{
	json_t *route = route_of(r);
	const char *rname = json_get_str(route, "name", NULL);
	const char *state = annotation(r, ANN_STATE), *step = annotation(r, ANN_STEP);
	struct plan p = {0};
	bool have_plan = state && annotation(r, ANN_PLAN) && stored_plan(r, &p) == 0;
	long long k = 0;
	if (step)
		parse_int(step, 0, 1000000, &k);
	char num[32];
	snprintf(num, sizeof num, "%lld", stable_weight(r));
	ghaout_set("stable-weight", num);
	snprintf(num, sizeof num, "%lld", canary_weight(r));
	ghaout_set("canary-weight", num);
	ghaout_set("plan-state", have_plan ? state : "none");
	if (a->json) {
		json_t *o = json_pack("{s:s,s:o,s:{s:s,s:I},s:{s:s,s:I},s:o}", "virtualservice", r->name, "route",
				      rname ? json_string(rname) : json_integer((json_int_t)r->route), "stable", "subset",
				      a->stable_subset, "weight", (json_int_t)stable_weight(r), "canary", "subset",
				      a->canary_subset, "weight", (json_int_t)canary_weight(r), "plan",
				      have_plan ? json_pack("{s:I,s:I,s:s}", "step", (json_int_t)k, "steps", (json_int_t)p.n,
							    "state", state)
						: json_null());
		json_print(stdout, o, false);
		json_decref(o);
	} else {
		printf("virtualservice/%s route %s%s%s: stable (%s) %lld, canary (%s) %lld\n", r->name, rname ? "\"" : "#",
		       rname ? rname : "", rname ? "\"" : "", a->stable_subset, stable_weight(r), a->canary_subset,
		       canary_weight(r));
		if (have_plan)
			printf("plan: %s, %lld of %zu steps done, started %s\n", state, k, p.n,
			       annotation(r, ANN_STARTED) ? annotation(r, ANN_STARTED) : "?");
		else
			printf("plan: none\n");
	}
	plan_free(&p);
	return 0;
}

static int set_weight(struct app *a, struct vsref *r, const char *arg)
{
	long long w;
	if (parse_int(arg, 0, 100, &w))
		cli_usage_error("the canary weight must be a whole number from 0 to 100, not '%s'", arg);
	for (int i = 0; i < WRITE_ATTEMPTS; i++) {
		int rc = vs_write(a, r, (int)w, NULL);
		if (rc == 0) {
			if (a->json)
				return canary_status(a, r);
			printf("virtualservice/%s weights set: stable %lld, canary %lld\n", r->name, stable_weight(r),
			       canary_weight(r));
			return 0;
		}
		if (rc != 409)
			return rc;
		json_decref(r->vs);
		if ((rc = vs_load(a, r->name, r)) != 0)
			return rc;
	}
	kerror("virtualservice \"%s\" kept changing (409 Conflict %d times); weights not written", r->name,
		  WRITE_ATTEMPTS);
	return EXIT_ENV;
}

int cmd_canary(struct app *a, int argc, char **argv)
{
	const char *sub = argv[0];
	bool sw = !strcmp(sub, "set-weight");
	if (!sw && strcmp(sub, "run") && strcmp(sub, "promote") && strcmp(sub, "abort") && strcmp(sub, "status"))
		cli_usage_error("unknown canary command '%s' (set-weight, run, promote, abort, status)", sub);
	if (argc != (sw ? 3 : 2))
		cli_usage_error(sw ? "usage: canary set-weight VIRTUALSERVICE WEIGHT" : "usage: canary %s VIRTUALSERVICE",
				sub);
	if (sw) {
		long long w;
		if (parse_int(argv[2], 0, 100, &w))
			cli_usage_error("the canary weight must be a whole number from 0 to 100, not '%s'", argv[2]);
	}
	if (!a->canary_subset)
		a->canary_subset = "canary";
	if (!a->stable_subset)
		a->stable_subset = "stable";
	if (!strcmp(a->canary_subset, a->stable_subset))
		cli_usage_error("--canary-subset and --stable-subset must differ");
	static const char *const kinds[] = {"virtualservice/", "virtualservices/", "vs/",
					    "virtualservices.networking.istio.io/", NULL};
	const char *name = object_name(argv[1], "virtualservice", kinds);
	struct plan p;
	int rc;
	bool run = !strcmp(sub, "run");
	if (run && (rc = read_plan(a, &p)) != 0)
		return rc;
	struct vsref r;
	if ((rc = vs_load(a, name, &r)) != 0) {
		if (run)
			plan_free(&p);
		return rc;
	}
	if (sw)
		rc = set_weight(a, &r, argv[2]);
	else if (run)
		rc = canary_run(a, &r, &p);
	else if (!strcmp(sub, "promote"))
		rc = canary_promote(a, &r);
	else if (!strcmp(sub, "abort"))
		rc = canary_abort(a, &r);
	else
		rc = canary_status(a, &r);
	json_decref(r.vs);
	return rc;
}
