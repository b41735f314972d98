/* kubeconfig: which cluster, which credentials and which namespace, the way
 * kubectl decides — --kubeconfig, else $KUBECONFIG (a merged list), else
 * ~/.kube/config, else the in-cluster service account — with the command
 * line's overrides applied on top. */
#ifndef K8S_ROLLOUT_KUBECONFIG_H
#define K8S_ROLLOUT_KUBECONFIG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* A user's exec credential plugin (client.authentication.k8s.io). */
struct kexec {
	char *api_version;
	char *command; /* resolved against the kubeconfig's folder when it has a '/' */
	char **args; /* NULL-terminated */
	char **env; /* "NAME=VALUE", NULL-terminated */
	char *install_hint;
	bool provide_cluster_info;
	json_t *cluster_config; /* the cluster's client.authentication.k8s.io/exec extension or NULL */
};

struct kconfig {
	char *source; /* the file that chose the context, or "in-cluster" */
	char *context, *cluster, *user;
	char *server; /* without a trailing '/' */
	char *ca_file, *ca_pem;
	bool insecure;
	char *tls_server_name, *proxy_url;
	char *token, *token_file;
	char *cert_file, *key_file, *cert_pem, *key_pem;
	char *username, *password;
	struct kexec *exec;
	char *ns; /* never NULL after a successful load */
};

/* What the command line says; NULL / false = not given. */
struct koverrides {
	const char *kubeconfig, *context, *ns, *server, *token, *token_file, *ca_file;
	bool insecure;
};

/* Fill cfg.  0 on success, else an exit code (3: unreadable or invalid
 * kubeconfig, 2: unknown context, 4: no configuration at all) with the
 * message in err.  Environment read: KUBECONFIG, HOME,
 * KUBERNETES_SERVICE_HOST/PORT, POD_NAMESPACE, K8S_ROLLOUT_SA_DIR. */
int kconfig_load(const struct koverrides *ov, struct kconfig *cfg, char *err, size_t errlen);
void kconfig_free(struct kconfig *cfg);
/* url without its user:password@ part (malloc'd), which goes, decoded,
 * into *user and *password (malloc'd, NULL when there was none). */
char *url_strip_userinfo(const char *url, char **user, char **password);

/* The service-account folder of in-cluster configuration. */
#define K8S_SA_DIR "/var/run/secrets/kubernetes.io/serviceaccount"

#endif
