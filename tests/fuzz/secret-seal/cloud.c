/* libFuzzer target: the text the KMS and Vault key sources parse — the
 * AWS shared files, an STS answer, a KMS key ARN with its role and
 * encryption context, a Vault transit key URI. */
#include <sodium.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aws_config.h"
#include "aws_sts.h"
#include "kms.h"
#include "vault_transit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (sodium_init() < 0)
		abort();
	char *s = malloc(size + 1), err[1024];
	memcpy(s, data, size);
	s[size] = '\0';
	char *v;
	if (aws_ini_get(s, size, "default", "aws_access_key_id", false, &v))
		free(v);
	if (aws_ini_get(s, size, "profile ci", "role_arn", true, &v))
		sodium_free(v);
	aws_ini_has(s, size, "x");
	struct aws_creds c;
	if (sts_parse(s, &c, err, sizeof err) == 0)
		aws_creds_clear(&c);
	struct kms_key k;
	if (kms_key_parse(s, &k, err, sizeof err) == 0) {
		kms_context_parse(s, &k, err, sizeof err);
		kms_key_free(&k);
	}
	struct vault_key vk;
	if (vault_uri_parse(s, &vk, err, sizeof err) == 0) {
		free(vault_uri(&vk));
		vault_key_free(&vk);
	}
	free(s);
	return 0;
}
