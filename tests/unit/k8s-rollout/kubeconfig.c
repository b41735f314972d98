/* kubeconfig loading: file choice, merging, context selection, relative
 * paths, -data fields, overrides, exec plugins and in-cluster. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kubeconfig.h"

static char dir[] = "/tmp/k8s-kubeconfig-XXXXXX";

static char *put(const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(p, "w");
	ck_assert(fp != NULL);
	fputs(text, fp);
	fclose(fp);
	return p;
}

static void setup(void)
{
	strcpy(dir, "/tmp/k8s-kubeconfig-XXXXXX");
	ck_assert(mkdtemp(dir) != NULL);
	char *home = xasprintf("%s/home", dir);
	mkdir(home, 0700);
	setenv("HOME", home, 1);
	free(home);
	unsetenv("KUBECONFIG");
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("KUBERNETES_SERVICE_PORT");
	unsetenv("POD_NAMESPACE");
	unsetenv("K8S_ROLLOUT_SA_DIR");
}

static const char *main_cfg = "apiVersion: v1\n"
			      "current-context: dev\n"
			      "clusters:\n"
			      "- name: dev-cluster\n"
			      "  cluster:\n"
			      "    server: https://dev.example:6443/\n"
			      "    certificate-authority: pki/ca.crt\n"
			      "    tls-server-name: api.dev\n"
			      "    proxy-url: http://proxy:3128\n"
			      "- name: data-cluster\n"
			      "  cluster:\n"
			      "    server: https://data.example\n"
			      "    certificate-authority: ignored.crt\n"
			      "    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==\n"
			      "users:\n"
			      "- name: dev-user\n"
			      "  user:\n"
			      "    token: tok-1\n"
			      "    tokenFile: ignored-token\n"
			      "- name: cert-user\n"
			      "  user:\n"
			      "    client-certificate: c.crt\n"
			      "    client-key: /abs/c.key\n"
			      "- name: file-user\n"
			      "  user: {tokenFile: ~/token}\n"
			      "- name: exec-user\n"
			      "  user:\n"
			      "    exec:\n"
			      "      apiVersion: client.authentication.k8s.io/v1\n"
			      "      command: bin/plugin\n"
			      "      args: [a, b]\n"
			      "      env: [{name: X, value: y}]\n"
			      "      provideClusterInfo: true\n"
			      "contexts:\n"
			      "- name: dev\n"
			      "  context: {cluster: dev-cluster, user: dev-user, namespace: agents}\n"
			      "- name: data\n"
			      "  context: {cluster: data-cluster, user: cert-user}\n"
			      "- name: file\n"
			      "  context: {cluster: data-cluster, user: file-user}\n"
			      "- name: exec\n"
			      "  context: {cluster: dev-cluster, user: exec-user}\n";

static int load(struct koverrides ov, struct kconfig *cfg, char *err)
{
	return kconfig_load(&ov, cfg, err, 512);
}

START_TEST(current_context_and_relative_paths)
{
	char *p = put("config", main_cfg), err[512];
	struct kconfig cfg;
	ck_assert_int_eq(load((struct koverrides){.kubeconfig = p}, &cfg, err), 0);
	ck_assert_str_eq(cfg.context, "dev");
	ck_assert_str_eq(cfg.server, "https://dev.example:6443");
	char *ca = xasprintf("%s/pki/ca.crt", dir);
	ck_assert_str_eq(cfg.ca_file, ca);
	ck_assert_str_eq(cfg.tls_server_name, "api.dev");
	ck_assert_str_eq(cfg.proxy_url, "http://proxy:3128");
	ck_assert_str_eq(cfg.token, "tok-1");
	ck_assert_ptr_null(cfg.token_file);
	ck_assert_str_eq(cfg.ns, "agents");
	ck_assert_str_eq(cfg.user, "dev-user");
	kconfig_free(&cfg);
	free(ca);
	free(p);
}
END_TEST

START_TEST(context_override_data_and_certs)
{
	char *p = put("config", main_cfg), err[512];
	struct kconfig cfg;
	ck_assert_int_eq(load((struct koverrides){.kubeconfig = p, .context = "data"}, &cfg, err), 0);
	ck_assert_str_eq(cfg.ca_pem, "-----BEGIN CERTIFICATE-----\n");
	ck_assert_ptr_null(cfg.ca_file);
	char *crt = xasprintf("%s/c.crt", dir);
	ck_assert_str_eq(cfg.cert_file, crt);
	ck_assert_str_eq(cfg.key_file, "/abs/c.key");
	ck_assert_str_eq(cfg.ns, "default");
	kconfig_free(&cfg);
	ck_assert_int_eq(load((struct koverrides){.kubeconfig = p, .context = "file"}, &cfg, err), 0);
	char *tok = xasprintf("%s/home/token", dir);
	ck_assert_str_eq(cfg.token_file, tok);
	kconfig_free(&cfg);
	free(tok);
	free(crt);
	free(p);
}
END_TEST

START_TEST(unknown_context_is_a_usage_error)
{
	char *p = put("config", main_cfg), err[512];
	struct kconfig cfg;
	ck_assert_int_eq(load((struct koverrides){.kubeconfig = p, .context = "prod"}, &cfg, err), 2);
	ck_assert(strstr(err, "context \"prod\" does not exist") != NULL);
	free(p);
}
END_TEST

START_TEST(invalid_and_missing_files)
{
	char *p = put("bad", "clusters: [\n  - {name: x\n"), err[512];
	struct kconfig cfg;
	ck_assert_int_eq(load((struct koverrides){.kubeconfig = p}, &cfg, err), 3);
	ck_assert_msg(strncmp(err, p, strlen(p)) == 0 && err[strlen(p)] == ':', "%s", err);
	free(p);
	p = put("scalar", "just text\n");
	ck_assert_int_eq(load((struct koverrides){.kubeconfig = p}, &cfg, err), 3);
	free(p);
	p = xasprintf("%s/absent", dir);
	ck_assert_int_eq(load((struct koverrides){.kubeconfig = p}, &cfg, err), 3);
	free(p);
	p = put("nocluster", "current-context: a\ncontexts:\n- name: a\n  context: {cluster: gone, user: u}\n");
	ck_assert_int_eq(load((struct koverrides){.kubeconfig = p}, &cfg, err), 3);
	ck_assert(strstr(err, "\"gone\"") != NULL);
	free(p);
}
END_TEST

START_TEST(kubeconfig_list_merges_first_wins)
{
	char *a = put("a", "current-context: dev\nusers:\n- name: dev-user\n  user: {token: from-a}\n");
	char *b = put("b", main_cfg);
	char *env = xasprintf("%s/missing::%s:%s", dir, a, b), err[512];
	setenv("KUBECONFIG", env, 1);
	struct kconfig cfg;
	ck_assert_int_eq(load((struct koverrides){0}, &cfg, err), 0);
	ck_assert_str_eq(cfg.token, "from-a");
	ck_assert_str_eq(cfg.server, "https://dev.example:6443");
	kconfig_free(&cfg);
	free(env);
	free(a);
	free(b);
}
END_TEST

START_TEST(home_config_and_overrides)
{
	char *kd = xasprintf("%s/home/.kube", dir);
	mkdir(kd, 0700);
	char *p = put("home/.kube/config", main_cfg), err[512];
	struct kconfig cfg;
	ck_assert_int_eq(
		load((struct koverrides){.ns = "other", .server = "https://x:1", .token_file = "/t", .insecure = true},
		     &cfg, err),
		0);
	ck_assert_str_eq(cfg.server, "https://x:1");
	ck_assert_ptr_null(cfg.token);
	ck_assert_str_eq(cfg.token_file, "/t");
	ck_assert(cfg.insecure);
	ck_assert_ptr_null(cfg.ca_file);
	ck_assert_str_eq(cfg.ns, "other");
	kconfig_free(&cfg);
	free(p);
	free(kd);
}
END_TEST

START_TEST(insecure_with_ca_is_refused)
{
	char *p = put("config", "current-context: a\nclusters:\n- name: c\n  cluster: {server: https://s, "
				"certificate-authority: ca.crt, insecure-skip-tls-verify: true}\n"
				"contexts:\n- name: a\n  context: {cluster: c}\n"),
	     err[512];
	struct kconfig cfg;
	ck_assert_int_eq(load((struct koverrides){.kubeconfig = p}, &cfg, err), 3);
	ck_assert(strstr(err, "insecure flag is not allowed") != NULL);
	free(p);
}
END_TEST

START_TEST(exec_plugin_fields)
{
	char *p = put("config", main_cfg), err[512];
	struct kconfig cfg;
	ck_assert_int_eq(load((struct koverrides){.kubeconfig = p, .context = "exec"}, &cfg, err), 0);
	ck_assert_ptr_nonnull(cfg.exec);
	char *cmd = xasprintf("%s/bin/plugin", dir);
	ck_assert_str_eq(cfg.exec->command, cmd);
	ck_assert_str_eq(cfg.exec->args[1], "b");
	ck_assert_ptr_null(cfg.exec->args[2]);
	ck_assert_str_eq(cfg.exec->env[0], "X=y");
	ck_assert(cfg.exec->provide_cluster_info);
	kconfig_free(&cfg);
	free(cmd);
	free(p);
}
END_TEST

START_TEST(in_cluster)
{
	char err[512];
	struct kconfig cfg;
	ck_assert_int_eq(load((struct koverrides){0}, &cfg, err), 4);
	char *sa = xasprintf("%s/sa", dir);
	mkdir(sa, 0700);
	free(put("sa/token", "sa-token\n"));
	free(put("sa/namespace", "agents\n"));
	setenv("K8S_ROLLOUT_SA_DIR", sa, 1);
	setenv("KUBERNETES_SERVICE_HOST", "fd00::1", 1);
	setenv("KUBERNETES_SERVICE_PORT", "443", 1);
	ck_assert_int_eq(load((struct koverrides){0}, &cfg, err), 0);
	ck_assert_str_eq(cfg.server, "https://[fd00::1]:443");
	ck_assert_str_eq(cfg.ns, "agents");
	char *ca = xasprintf("%s/ca.crt", sa);
	ck_assert_str_eq(cfg.ca_file, ca);
	ck_assert_str_eq(cfg.source, "in-cluster");
	kconfig_free(&cfg);
	setenv("POD_NAMESPACE", "from-env", 1);
	ck_assert_int_eq(load((struct koverrides){0}, &cfg, err), 0);
	ck_assert_str_eq(cfg.ns, "from-env");
	kconfig_free(&cfg);
	free(ca);
	free(sa);
}
END_TEST

START_TEST(userinfo_is_taken_out_of_urls)
{
	static const struct {
		const char *in, *out, *user, *password;
	} cases[] = {
		{"https://k8s.example:6443", "https://k8s.example:6443", NULL, NULL},
		{"http://ci:t0k@127.0.0.1:8080", "http://127.0.0.1:8080", "ci", "t0k"},
		{"https://ci:p%40ss%3Aw@h/path@x", "https://h/path@x", "ci", "p@ss:w"},
		{"https://only-user@h", "https://h", "only-user", ""},
		{"https://a@b:c@h:1?q=@", "https://h:1?q=@", "a@b", "c"},
		{"h.example:443", "h.example:443", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *user, *password, *url = url_strip_userinfo(cases[i].in, &user, &password);
		ck_assert_str_eq(url, cases[i].out);
		if (cases[i].user) {
			ck_assert_str_eq(user, cases[i].user);
			ck_assert_str_eq(password, cases[i].password);
		} else {
			ck_assert_ptr_null(user);
			ck_assert_ptr_null(password);
		}
		free(url);
		free(user);
		free(password);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("k8s-rollout kubeconfig");
	TCase *tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, current_context_and_relative_paths);
	tcase_add_test(tc, context_override_data_and_certs);
	tcase_add_test(tc, unknown_context_is_a_usage_error);
	tcase_add_test(tc, invalid_and_missing_files);
	tcase_add_test(tc, kubeconfig_list_merges_first_wins);
	tcase_add_test(tc, home_config_and_overrides);
	tcase_add_test(tc, insecure_with_ca_is_refused);
	tcase_add_test(tc, exec_plugin_fields);
	tcase_add_test(tc, in_cluster);
	tcase_add_test(tc, userinfo_is_taken_out_of_urls);
	suite_add_tcase(s, tc);
	return s;
}

#include "check_main.h"
