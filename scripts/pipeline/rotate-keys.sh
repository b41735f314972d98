#!/bin/sh
# rotate-keys.sh [--dry-run] CONFIG: the weekly key rotation of one
# environment's SOPS config.
#
# Makes CONFIG's recipients match .sops.yaml, gives it a new data key (every
# value re-encrypted, in place, atomically), checks that it still decrypts
# and its MAC holds, re-applies it as the Secret DEPLOYMENT-config, and
# restarts DEPLOYMENT so that its pods read the new Secret.  Commit CONFIG
# afterwards.
#
# Settings (environment):
#   NAMESPACE    namespace (required)
#   DEPLOYMENT   deployment (default agent-service)
#   TIMEOUT      how long the restart may take (default 5m)
#   SOPS_AGE_KEY_FILE, KUBECONFIG as for secret-seal(1) and k8s-rollout(1)

# shellcheck source=scripts/pipeline/lib.sh
. "$(dirname "$0")/lib.sh"
set -eu
[ $# -eq 1 ] || usage 2
CONFIG=$1
need NAMESPACE
DEPLOYMENT=${DEPLOYMENT:-agent-service}
TIMEOUT=${TIMEOUT:-5m}

step "rotate: recipients and data key of $CONFIG"
run secret-seal updatekeys --yes "$CONFIG"
run secret-seal rotate --in-place "$CONFIG"
run secret-seal verify "$CONFIG"

step "rotate: re-apply Secret $DEPLOYMENT-config and restart $DEPLOYMENT"
apply_config "$CONFIG"
run k8s-rollout restart "deployment/$DEPLOYMENT" -n "$NAMESPACE"
run k8s-rollout status "deployment/$DEPLOYMENT" -n "$NAMESPACE" --timeout "$TIMEOUT"
