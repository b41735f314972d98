/* execcred: running exec credential plugins, non-interactively (a CI job
 * has no one to answer a prompt, so stdin is /dev/null). */
#include "execcred.h"
#include "cli.h"
#include "encode.h"
#include "json.h"
#include "timeutil.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_OUTPUT (1u << 20)

/* The ExecCredential handed to the plugin in KUBERNETES_EXEC_INFO. */
static char *exec_info(const struct kconfig *cfg)
{
	json_t *spec = json_pack("{s:b}", "interactive", 0);
	if (cfg->exec->provide_cluster_info) {
		json_t *cl = json_pack("{s:s}", "server", cfg->server);
		if (cfg->tls_server_name)
			json_object_set_new(cl, "tls-server-name", json_string(cfg->tls_server_name));
		if (cfg->insecure)
			json_object_set_new(cl, "insecure-skip-tls-verify", json_true());
		if (cfg->ca_pem) {
			char *b64 = b64_encode(cfg->ca_pem, strlen(cfg->ca_pem), B64_STD);
			json_object_set_new(cl, "certificate-authority-data", json_string(b64));
			free(b64);
		}
		if (cfg->proxy_url)
			json_object_set_new(cl, "proxy-url", json_string(cfg->proxy_url));
		json_object_set(cl, "config", cfg->exec->cluster_config ? cfg->exec->cluster_config : json_null());
		json_object_set_new(spec, "cluster", cl);
	}
	json_t *o = json_pack("{s:s,s:s,s:o}", "kind", "ExecCredential", "apiVersion", cfg->exec->api_version, "spec",
			      spec);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

int exec_parse(const char *out, size_t len, const char *api_version, struct kcred *cred, char *err, size_t errlen)
{
	memset(cred, 0, sizeof *cred);
	json_error_t je;
	json_t *o = json_loadb(out, len, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(o)) {
		/* Where, never what: the output may be a bare token. */
		if (o)
			snprintf(err, errlen,
				 "the exec plugin did not print an ExecCredential (its output is JSON but "
				 "not an object; not shown, it may hold a credential)");
		else
			snprintf(err, errlen,
				 "the exec plugin did not print an ExecCredential (its output is not JSON "
				 "at line %d, column %d; not shown, it may hold a credential)",
				 je.line, je.column);
		json_decref(o);
		return -1;
	}
	int rc = -1;
	const char *api = json_get_str(o, "apiVersion", "");
	json_t *st = json_object_get(o, "status");
	const char *tok = json_get_str(st, "token", NULL), *cert = json_get_str(st, "clientCertificateData", NULL),
		   *key = json_get_str(st, "clientKeyData", NULL), *exp = json_get_str(st, "expirationTimestamp", NULL);
	int64_t when = 0;
	if (strcmp(json_get_str(o, "kind", ""), "ExecCredential"))
		snprintf(err, errlen, "the exec plugin printed kind \"%s\", not ExecCredential",
			 json_get_str(o, "kind", ""));
	else if (strcmp(api, api_version))
		snprintf(err, errlen, "the exec plugin answered apiVersion \"%s\"; the kubeconfig asked for \"%s\"",
			 api, api_version);
	else if (!json_is_object(st))
		snprintf(err, errlen, "the exec plugin's ExecCredential has no status");
	else if (!(tok && *tok) && !(cert && key))
		snprintf(err, errlen,
			 cert || key ? "the exec plugin gave only one of clientCertificateData and clientKeyData"
				     : "the exec plugin's ExecCredential has neither a token nor a client certificate");
	else if (exp && rfc3339_parse(exp, &when, NULL) != 0)
		snprintf(err, errlen, "the exec plugin's expirationTimestamp \"%s\" is not RFC 3339", exp);
	else {
		cred->token = tok && *tok ? xstrdup(tok) : NULL;
		cred->cert_pem = cert ? xstrdup(cert) : NULL;
		cred->key_pem = key ? xstrdup(key) : NULL;
		cred->expires = when;
		rc = 0;
	}
	/* The token is in o's strings: wipe them before letting go. */
	if (tok)
		sodium_memzero((char *)tok, strlen(tok));
	if (key)
		sodium_memzero((char *)key, strlen(key));
	json_decref(o);
	return rc;
}

int exec_credential(const struct kconfig *cfg, struct kcred *cred, char *err, size_t errlen)
{
	const struct kexec *e = cfg->exec;
	int out[2];
	if (pipe2(out, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "exec plugin: %s", strerror(errno));
		return -1;
	}
	char *info = exec_info(cfg);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "exec plugin: %s", strerror(errno));
		free(info);
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		dup2(out[1], 1);
		for (char **kv = e->env; kv && *kv; kv++)
			putenv(*kv);
		setenv("KUBERNETES_EXEC_INFO", info, 1);
		size_t n = 0;
		while (e->args && e->args[n])
			n++;
		char **argv = xcalloc(n + 2, sizeof *argv);
		argv[0] = e->command;
		memcpy(argv + 1, e->args, n * sizeof *argv);
		execvp(e->command, argv);
		_exit(errno == ENOENT ? 127 : 126);
	}
	free(info);
	close(out[1]);
	char *buf = xmalloc(MAX_OUTPUT + 1);
	size_t len = 0;
	for (;;) {
		ssize_t r = read(out[0], buf + len, MAX_OUTPUT - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || (len += (size_t)r) >= MAX_OUTPUT)
			break;
	}
	close(out[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	int rc = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(err, errlen, "exec plugin %s not found%s%s", e->command, e->install_hint ? "; " : "",
			 e->install_hint ? e->install_hint : "");
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		snprintf(err, errlen, "exec plugin %s failed (%s %d)", e->command,
			 WIFEXITED(status) ? "exit status" : "signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	else
		rc = exec_parse(buf, len, e->api_version, cred, err, errlen);
	sodium_memzero(buf, len);
	free(buf);
	return rc;
}

void kcred_clear(struct kcred *c)
{
	if (c->token)
		sodium_memzero(c->token, strlen(c->token));
	if (c->key_pem)
		sodium_memzero(c->key_pem, strlen(c->key_pem));
	free(c->token);
	free(c->cert_pem);
	free(c->key_pem);
	memset(c, 0, sizeof *c);
}
