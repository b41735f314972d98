/* .prompt-lint.yaml: any bytes load or fail with "path:line:col: why";
 * a loaded config answers the rule set and the format of a few file names
 * without crashing, every level within range. */
#include <stdint.h>
#include <stdlib.h>

#include "../tempfile.h"
#include "cli.h"
#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	char err[1024] = "";
	if (config_load(fuzz_write(".prompt-lint.yaml", data, size), &c, err, sizeof err) != 0) {
		if (!err[0])
			abort();
		return 0;
	}
	static const char *files[] = {"prompts/a.yaml", "b.prompty", "deep/x/y.prompt.yml", "z.txt"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char *f = xasprintf("%s/%s", fuzz_dir(), files[i]);
		struct ruleset rs;
		config_ruleset(&c, f, i & 1, 0x5, 0x2, &rs);
		(void)config_format(&c, f);
		free(f);
	}
	config_free(&c);
	return 0;
}
