/* split: what the Istio and Gateway API routers share — the canary is a
 * weight split between two entries of one list in a rule of the route,
 * and a write tests that list as read and sets both weights, so they
 * change together and sum to 100; every other rule and field stays. */
#include "split.h"
#include "cli.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

static json_t *rules_of(const struct route *r, const struct split *sp)
{
	return json_object_get(json_object_get(r->obj, "spec"), sp->rules);
}

static json_t *list_of(const struct route *r, const struct split *sp)
{
	return json_object_get(json_array_get(rules_of(r, sp), r->rule), sp->list);
}

static long long weight_of(const struct split *sp, const json_t *entry)
{
	return json_get_int(entry, "weight", sp->unset);
}

bool split_find(const struct app *a, struct route *r, const struct split *sp, const char *stable, const char *canary)
{
	json_t *rule, *e;
	size_t i, j;
	json_array_foreach(rules_of(r, sp), i, rule) {
		if (a->route && strcmp(json_get_str(rule, "name", ""), a->route))
			continue;
		bool s = false, c = false;
		json_array_foreach(json_object_get(rule, sp->list), j, e) {
			const char *n = sp->name_of(a, e);
			if (!n)
				continue;
			if (!s && !strcmp(n, stable)) {
				r->si = j;
				s = true;
			} else if (!c && !strcmp(n, canary)) {
				r->ci = j;
				c = true;
			}
		}
		if (s && c) {
			r->rule = i;
			return true;
		}
		if (a->route)
			break;
	}
	return false;
}

long long split_weight(const struct route *r, const struct split *sp, bool canary)
{
	return weight_of(sp, json_array_get(list_of(r, sp), canary ? r->ci : r->si));
}

int split_ops(const struct route *r, const struct split *sp, int w, long long *others, json_t *ops)
{
	json_t *list = list_of(r, sp), *e;
	char *base = xasprintf("/spec/%s/%zu/%s", sp->rules, r->rule, sp->list);
	size_t j;
	*others = 0;
	json_array_foreach(list, j, e) {
		if (j != r->si && j != r->ci)
			*others += weight_of(sp, e);
	}
	int rc = w >= 0 && *others + w > 100 ? EXIT_FAIL : 0;
	if (!rc) {
		op_test(ops, base, list);
		if (w >= 0) {
			char *p = xasprintf("%s/%zu/weight", base, r->ci);
			op_add(ops, p, json_integer(w));
			free(p);
			p = xasprintf("%s/%zu/weight", base, r->si);
			op_add(ops, p, json_integer(100 - w - *others));
			free(p);
		}
	}
	free(base);
	return rc;
}

void split_describe(const struct route *r, const struct split *sp, const char *stable, const char *canary, json_t *o,
		    char *text, size_t len)
{
	const char *rname = json_get_str(json_array_get(rules_of(r, sp), r->rule), "name", NULL);
	long long sw = split_weight(r, sp, false), cw = split_weight(r, sp, true);
	json_object_set_new(o, "route", rname ? json_string(rname) : json_integer((json_int_t)r->rule));
	json_object_set_new(o, "stable", json_pack("{s:s,s:I}", sp->key, stable, "weight", (json_int_t)sw));
	json_object_set_new(o, "canary", json_pack("{s:s,s:I}", sp->key, canary, "weight", (json_int_t)cw));
	if (rname)
		snprintf(text, len, "%s \"%s\": stable (%s) %lld, canary (%s) %lld", sp->rule, rname, stable, sw,
			 canary, cw);
	else
		snprintf(text, len, "%s #%zu: stable (%s) %lld, canary (%s) %lld", sp->rule, r->rule, stable, sw,
			 canary, cw);
}
