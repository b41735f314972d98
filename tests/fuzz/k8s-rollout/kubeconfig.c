/* kubeconfig files: any bytes load or fail with an exit status and a
 * message; a loaded configuration has a server and a namespace, and no
 * credential leaks into the message of a failure. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tempfile.h"
#include "cli.h"
#include "kubeconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		setenv("HOME", fuzz_dir(), 1);
		unsetenv("KUBECONFIG");
		unsetenv("KUBERNETES_SERVICE_HOST");
		ready = 1;
	}
	struct koverrides ov = {.kubeconfig = fuzz_write("config", data, size)};
	struct kconfig cfg;
	char err[2048] = "";
	memset(&cfg, 0, sizeof cfg);
	int rc = kconfig_load(&ov, &cfg, err, sizeof err);
	if (rc == 0) {
		if (!cfg.ns)
			abort();
		kconfig_free(&cfg);
	} else {
		if (rc != EXIT_INPUT && rc != EXIT_USAGE && rc != EXIT_ENV)
			abort();
		if (!err[0])
			abort();
	}
	return 0;
}
