/* Manifests, plans and API objects: any YAML stream through
 * yaml_to_json_docs, and every document through the canary plan parser,
 * the rollout-status evaluator and the ReplicaSet helpers, which see
 * whatever a user or a server sends. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "rsets.h"
#include "status.h"
#include "yaml_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yaml_json_docs d;
	char err[512];
	if (yaml_json_stream((const char *)data, size, "fuzz", &d, err, sizeof err) != 0)
		return 0;
	for (size_t i = 0; i < d.n; i++) {
		struct rollout_state st;
		rollout_evaluate(d.docs[i], 2, &st);
		rollout_evaluate(d.docs[i], 0, &st);
		if (!memchr(st.message, '\0', sizeof st.message))
			abort();
		json_t *spec = json_object_get(d.docs[i], "spec");
		free(selector_string(json_object_get(spec, "selector")));
		(void)rs_revision(d.docs[i]);
		(void)rs_owned_by(d.docs[i], "uid");
		struct plan p;
		if (plan_from_json(d.docs[i], &p, err, sizeof err) == 0) {
			if (p.n == 0 || strlen(p.digest) != 64)
				abort();
			plan_free(&p);
		}
		json_t *t = json_object_get(spec, "template");
		if (t && !templates_equal(t, t))
			abort();
	}
	yaml_json_docs_free(&d);
	return 0;
}
