/* The routers without a cluster: ROUTE names, JSON pointers, finding the
 * canary's entries, and the guarded patch operations each router writes. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "router.h"

static json_t *J(const char *s)
{
	json_error_t e;
	json_t *v = json_loads(s, 0, &e);
	ck_assert_msg(v != NULL, "bad test JSON: %s", e.text);
	return v;
}

static void ops_eq(json_t *ops, const char *want)
{
	char *t = json_dumps(ops, JSON_COMPACT);
	ck_assert_str_eq(t, want);
	free(t);
}

START_TEST(route_names)
{
	const char *name;
	ck_assert_ptr_eq(route_parse("web", &name), &router_istio);
	ck_assert_str_eq(name, "web");
	ck_assert_ptr_eq(route_parse("vs/web", &name), &router_istio);
	ck_assert_ptr_eq(route_parse("virtualservices.networking.istio.io/web", &name), &router_istio);
	ck_assert_ptr_eq(route_parse("httproute/web", &name), &router_gateway);
	ck_assert_str_eq(name, "web");
	ck_assert_ptr_eq(route_parse("httproutes.gateway.networking.k8s.io/a.b", &name), &router_gateway);
	ck_assert_str_eq(name, "a.b");
	ck_assert_ptr_eq(route_parse("ing/web", &name), &router_nginx);
	ck_assert_ptr_eq(route_parse("ingress/web", &name), &router_nginx);
	ck_assert_str_eq(router_gateway.id, "gateway-api");
	ck_assert_str_eq(router_nginx.id, "nginx");
}
END_TEST

START_TEST(route_name_kind_unknown)
{
	const char *name;
	route_parse("gateway/web", &name);
}
END_TEST

START_TEST(route_name_bad)
{
	const char *name;
	route_parse("httproute/a/b", &name);
}
END_TEST

START_TEST(pointers)
{
	char *p = pointer_join("/metadata/annotations", "nginx.ingress.kubernetes.io/canary-weight");
	ck_assert_str_eq(p, "/metadata/annotations/nginx.ingress.kubernetes.io~1canary-weight");
	free(p);
	p = pointer_join("", "a~b/c");
	ck_assert_str_eq(p, "/a~0b~1c");
	free(p);
	json_t *ops = json_array();
	op_test(ops, "/x", NULL);
	op_add(ops, "/y", json_integer(3));
	ops_eq(ops, "[{\"op\":\"test\",\"path\":\"/x\",\"value\":null},{\"op\":\"add\",\"path\":\"/y\",\"value\":3}]");
	json_decref(ops);
}
END_TEST

static const char *ROUTE =
	"{\"metadata\":{\"name\":\"web\"},\"spec\":{\"rules\":["
	"{\"name\":\"debug\",\"backendRefs\":[{\"name\":\"web-canary\",\"port\":80}]},"
	"{\"backendRefs\":[{\"name\":\"web-stable\",\"port\":80},{\"name\":\"mirror\",\"port\":80,\"weight\":5},"
	"{\"name\":\"web-canary\",\"port\":80,\"namespace\":\"other\"},{\"name\":\"web-canary\",\"port\":80}]}]}}";

START_TEST(httproute_weights)
{
	struct app a = {0};
	a.cfg.ns = "prod";
	router_gateway.options(&a, "web");
	ck_assert_str_eq(a.stable_backend, "web-stable");
	ck_assert_str_eq(a.canary_backend, "web-canary");
	struct route r = {.rt = &router_gateway, .name = "web", .obj = J(ROUTE)};
	ck_assert_int_eq(router_gateway.locate(&a, &r), 0);
	/* Rule 0 lacks the stable Service; a ref to another namespace is not ours. */
	ck_assert_int_eq(r.rule, 1);
	ck_assert_int_eq(r.si, 0);
	ck_assert_int_eq(r.ci, 3);
	/* Gateway API weights default to 1. */
	ck_assert_int_eq(route_weight(&r, false), 1);
	ck_assert_int_eq(route_weight(&r, true), 1);
	json_t *ops = json_array();
	ck_assert_int_eq(router_gateway.weight_ops(&a, &r, 20, ops), 0);
	/* The other backends' weights (5, and 1 by default) count in the 100. */
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(ops, 2), "value")), 74);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ops, 0), "path")),
			 "/spec/rules/1/backendRefs");
	ck_assert(
		json_equal(json_object_get(json_array_get(ops, 0), "value"),
			   json_object_get(json_array_get(json_object_get(json_object_get(r.obj, "spec"), "rules"), 1),
					   "backendRefs")));
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ops, 1), "path")),
			 "/spec/rules/1/backendRefs/3/weight");
	json_decref(ops);
	ops = json_array();
	ck_assert_int_eq(router_gateway.weight_ops(&a, &r, 95, ops), EXIT_FAIL);
	json_decref(ops);
	/* Blue/green: the Services named, and every reference to one repointed. */
	json_t *svcs = router_gateway.services(&a, &r);
	ops_eq(svcs, "[\"web-canary\",\"web-stable\",\"mirror\"]");
	json_decref(svcs);
	ops = json_array();
	router_gateway.repoint_ops(&a, &r, "web-canary", "web-green", ops);
	ck_assert_int_eq(json_array_size(ops), 4);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ops, 3), "path")),
			 "/spec/rules/1/backendRefs/3/name");
	json_decref(ops);
	/* Neither pair: a usage error. */
	a.canary_backend = "nope";
	ck_assert_int_eq(router_gateway.locate(&a, &r), EXIT_USAGE);
	json_decref(r.obj);
}
END_TEST

START_TEST(virtualservice_weights)
{
	struct app a = {0};
	a.cfg.ns = "prod";
	router_istio.options(&a, "web");
	struct route r = {.rt = &router_istio,
			  .name = "web",
			  .obj = J("{\"spec\":{\"http\":[{\"name\":\"main\",\"route\":["
				   "{\"destination\":{\"subset\":\"canary\"},\"weight\":30},"
				   "{\"destination\":{\"subset\":\"stable\"},\"weight\":70}]}]}}")};
	ck_assert_int_eq(router_istio.locate(&a, &r), 0);
	ck_assert_int_eq(route_weight(&r, true), 30);
	json_t *ops = json_array();
	ck_assert_int_eq(router_istio.weight_ops(&a, &r, 45, ops), 0);
	char *t = json_dumps(json_array_get(ops, 1), JSON_COMPACT);
	ck_assert_str_eq(t, "{\"op\":\"add\",\"path\":\"/spec/http/0/route/0/weight\",\"value\":45}");
	free(t);
	ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(ops, 2), "value")), 55);
	json_decref(ops);
	/* Weights unchanged: only the guard. */
	ops = json_array();
	ck_assert_int_eq(router_istio.weight_ops(&a, &r, -1, ops), 0);
	ck_assert_int_eq(json_array_size(ops), 1);
	json_decref(ops);
	json_decref(r.obj);
}
END_TEST

START_TEST(nginx_annotations)
{
	struct app a = {0};
	a.cfg.ns = "prod";
	a.canary_header = "X-Canary=always";
	router_nginx.options(&a, "web");
	struct route r = {.rt = &router_nginx,
			  .name = "web",
			  .path = strdup("/apis/networking.k8s.io/v1/namespaces/prod/ingresses/web-canary"),
			  .obj = J("{\"metadata\":{\"annotations\":{\"nginx.ingress.kubernetes.io/canary\":\"true\","
				   "\"nginx.ingress.kubernetes.io/canary-weight\":\"10\","
				   "\"nginx.ingress.kubernetes.io/canary-by-cookie\":\"c\"}},"
				   "\"spec\":{\"rules\":[{\"http\":{\"paths\":[{\"backend\":{\"service\":"
				   "{\"name\":\"web-canary\",\"port\":{\"number\":80}}}}]}}]}}")};
	ck_assert_int_eq(router_nginx.locate(&a, &r), 0);
	ck_assert_int_eq(route_weight(&r, true), 10);
	ck_assert_int_eq(route_weight(&r, false), 90);
	json_t *ops = json_array();
	ck_assert_int_eq(router_nginx.weight_ops(&a, &r, 25, ops), 0);
	ops_eq(ops, "[{\"op\":\"test\",\"path\":\"/metadata/annotations/"
		    "nginx.ingress.kubernetes.io~1canary\",\"value\":\"true\"},"
		    "{\"op\":\"test\",\"path\":\"/metadata/annotations/"
		    "nginx.ingress.kubernetes.io~1canary-weight\",\"value\":\"10\"},"
		    "{\"op\":\"add\",\"path\":\"/metadata/annotations/"
		    "nginx.ingress.kubernetes.io~1canary-weight\",\"value\":\"25\"},"
		    "{\"op\":\"add\",\"path\":\"/metadata/annotations/"
		    "nginx.ingress.kubernetes.io~1canary-by-header\",\"value\":\"X-Canary\"},"
		    "{\"op\":\"add\",\"path\":\"/metadata/annotations/"
		    "nginx.ingress.kubernetes.io~1canary-by-header-value\",\"value\":\"always\"}]");
	json_decref(ops);
	/* An empty --canary-cookie removes the cookie canary, after a test. */
	a.canary_header = NULL;
	a.canary_cookie = "";
	ops = json_array();
	ck_assert_int_eq(router_nginx.weight_ops(&a, &r, -1, ops), 0);
	ck_assert_int_eq(json_array_size(ops), 4);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(ops, 3), "op")), "remove");
	json_decref(ops);
	/* The canary Ingress routes elsewhere than --canary-service. */
	a.canary_service = "other";
	ck_assert_int_eq(router_nginx.locate(&a, &r), EXIT_FAIL);
	route_free(&r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("k8s-rollout routers");
	TCase *tc = tcase_create("routers");
	tcase_add_test(tc, route_names);
	tcase_add_exit_test(tc, route_name_kind_unknown, 2);
	tcase_add_exit_test(tc, route_name_bad, 2);
	tcase_add_test(tc, pointers);
	tcase_add_test(tc, httproute_weights);
	tcase_add_test(tc, virtualservice_weights);
	tcase_add_test(tc, nginx_annotations);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
