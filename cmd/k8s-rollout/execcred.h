/* execcred: client.authentication.k8s.io exec credential plugins — run the
 * command with KUBERNETES_EXEC_INFO, read the ExecCredential it prints. */
#ifndef K8S_ROLLOUT_EXECCRED_H
#define K8S_ROLLOUT_EXECCRED_H

#include <stdint.h>
#include <stddef.h>

#include "kubeconfig.h"

struct kcred {
	char *token;
	char *cert_pem, *key_pem; /* PEM text */
	int64_t expires; /* unix seconds; 0 = no expiry given */
};

/* Run cfg->exec.  0 on success; -1 with a message in err (never the
 * credential itself). */
int exec_credential(const struct kconfig *cfg, struct kcred *out, char *err, size_t errlen);
/* Parse a plugin's stdout (exposed for the unit tests). */
int exec_parse(const char *out, size_t len, const char *api_version, struct kcred *cred, char *err, size_t errlen);
void kcred_clear(struct kcred *c);

#endif
