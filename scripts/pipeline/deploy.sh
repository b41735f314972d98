#!/bin/sh
# deploy.sh [--dry-run] ENV IMAGE: deploy IMAGE to environment ENV.
#
# Decrypts the environment's SOPS config into a Kubernetes Secret and applies
# it, then rolls IMAGE out by STRATEGY: "rolling" sets the image, waits for
# the rollout and for the health endpoint, and undoes the rollout when either
# fails; "canary" hands over to canary.sh; "bluegreen" deploys to the idle
# colour's deployment and switches the Service to it once it is ready.
# Exit status: 0 deployed and healthy, else the failing tool's.
#
# Settings (environment):
#   NAMESPACE    namespace (default agent-ENV)
#   DEPLOYMENT   deployment, also the container's name (default agent-service)
#   CONFIG       SOPS file applied as the Secret DEPLOYMENT-config
#                (default deploy/config/ENV.enc.yaml; skipped when absent)
#   HEALTH_URL   health endpoint that must answer {"status": "ok"} (required)
#   STRATEGY     rolling (default), canary or bluegreen
#   TO_COLOR     bluegreen: the idle colour to deploy to and switch to
#   TIMEOUT      how long the rollout and health may take (default 5m)
#   FAIL_FAST_AFTER  a new pod that cannot start (image not found, crash loop,
#                missing Secret key, no node) fails the rollout once it has
#                shown why this long (default 10s; see k8s-rollout(1))
#   KUBECONFIG, SOPS_AGE_KEY_FILE as for k8s-rollout(1) and secret-seal(1)

# shellcheck source=scripts/pipeline/lib.sh
. "$(dirname "$0")/lib.sh"
set -eu
[ $# -eq 2 ] || usage 2
ENV=$1 IMAGE=$2
NAMESPACE=${NAMESPACE:-agent-$ENV}
DEPLOYMENT=${DEPLOYMENT:-agent-service}
CONFIG=${CONFIG:-deploy/config/$ENV.enc.yaml}
STRATEGY=${STRATEGY:-rolling}
TIMEOUT=${TIMEOUT:-5m}
FAIL_FAST_AFTER=${FAIL_FAST_AFTER:-10s}
need HEALTH_URL
export NAMESPACE DEPLOYMENT HEALTH_URL TIMEOUT

if [ -f "$CONFIG" ]; then
	step "$ENV: config $CONFIG into Secret $DEPLOYMENT-config"
	apply_config "$CONFIG"
fi

case $STRATEGY in
rolling)
	step "$ENV: rolling update of $DEPLOYMENT to $IMAGE"
	run k8s-rollout set-image "deployment/$DEPLOYMENT" "$DEPLOYMENT=$IMAGE" -n "$NAMESPACE" \
		--record "deploy $IMAGE to $ENV"
	if run k8s-rollout status "deployment/$DEPLOYMENT" -n "$NAMESPACE" --timeout "$TIMEOUT" \
		--fail-fast-after "$FAIL_FAST_AFTER" &&
		healthy "$HEALTH_URL"; then
		exit 0
	else
		rc=$?
	fi
	step "$ENV: $IMAGE is not healthy; undoing the rollout"
	run k8s-rollout undo "deployment/$DEPLOYMENT" -n "$NAMESPACE"
	exit "$rc"
	;;
canary)
	exec "$(dirname "$0")/canary.sh" "$IMAGE"
	;;
bluegreen)
	need TO_COLOR
	step "$ENV: $IMAGE onto the idle colour $TO_COLOR, then switch"
	run k8s-rollout set-image "deployment/$DEPLOYMENT-$TO_COLOR" "$DEPLOYMENT=$IMAGE" -n "$NAMESPACE" \
		--record "deploy $IMAGE to $ENV ($TO_COLOR)"
	run k8s-rollout status "deployment/$DEPLOYMENT-$TO_COLOR" -n "$NAMESPACE" --timeout "$TIMEOUT" \
		--fail-fast-after "$FAIL_FAST_AFTER"
	run k8s-rollout switch "$DEPLOYMENT" -n "$NAMESPACE" --to "$TO_COLOR" --verify "$DEPLOYMENT-$TO_COLOR"
	healthy "$HEALTH_URL"
	;;
*)
	printf 'deploy.sh: STRATEGY must be rolling, canary or bluegreen, not %s\n' "$STRATEGY" >&2
	exit 2
	;;
esac
