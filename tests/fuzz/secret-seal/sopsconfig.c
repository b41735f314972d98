/* .sops.yaml: any bytes read as the configuration found above a file
 * either load (found, each key with its kind, mapping and label) or fail
 * with a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../tempfile.h"
#include "sopsconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char file[4200];
	if (!file[0]) {
		snprintf(file, sizeof file, "%s/secrets/prod/app.enc.yaml", fuzz_dir());
		char sub[4200];
		snprintf(sub, sizeof sub, "%s/secrets", fuzz_dir());
		mkdir(sub, 0700);
		snprintf(sub, sizeof sub, "%s/secrets/prod", fuzz_dir());
		mkdir(sub, 0700);
	}
	fuzz_write(".sops.yaml", data, size);
	struct sops_creation cr;
	char err[1024] = "";
	if (sopsconfig_load(file, &cr, err, sizeof err) != 0) {
		if (!err[0])
			abort();
		return 0;
	}
	if (!cr.found || (cr.keys.n && !cr.keys.v))
		abort();
	for (size_t i = 0; i < cr.keys.n; i++) {
		char *label = keyent_label(&cr.keys.v[i]);
		if (!cr.keys.v[i].src || !cr.keys.v[i].map || !label)
			abort();
		free(label);
	}
	sopsconfig_free(&cr);
	return 0;
}
