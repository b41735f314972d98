#!/bin/sh
# canary.sh [--dry-run] IMAGE: a canary release of IMAGE behind an Istio
# VirtualService, a Gateway API HTTPRoute or ingress-nginx (ROUTER).
#
# Rolls IMAGE out on the canary deployment, then moves traffic to it step by
# step (WEIGHTS), checking the health endpoint after each step; a failed
# check sends all traffic back to stable and aborts.  The plan pauses before
# the last weight; promote goes on to it, and then the stable deployment
# gets IMAGE and the traffic returns to it.
# Exit status: 0 promoted, 1 a check failed (aborted), else the tool's.
#
# Settings (environment):
#   NAMESPACE    namespace (required)
#   DEPLOYMENT   the stable deployment (default agent-service)
#   CANARY       the canary deployment (default DEPLOYMENT-canary)
#   ROUTER       istio (default), gateway-api or nginx: the traffic router
#   ROUTE        the route's name (default DEPLOYMENT), or KIND/NAME such as
#                httproute/web, which also names the router; the HTTPRoute's
#                Services are NAME-stable and NAME-canary, the canary Ingress's
#                the stable one's with -canary
#   WEIGHTS      canary weights in order (default "10 25 50 100")
#   CHECKS       health checks at each weight (default 3), INTERVAL apart (default 10s)
#   HEALTH_URL   health endpoint that must answer {"status": "ok"} (required)
#   TIMEOUT      how long each rollout may take (default 5m)

# shellcheck source=scripts/pipeline/lib.sh
. "$(dirname "$0")/lib.sh"
set -eu
[ $# -eq 1 ] || usage 2
IMAGE=$1
need NAMESPACE HEALTH_URL
DEPLOYMENT=${DEPLOYMENT:-agent-service}
CANARY=${CANARY:-$DEPLOYMENT-canary}
WEIGHTS=${WEIGHTS:-10 25 50 100}
CHECKS=${CHECKS:-3}
INTERVAL=${INTERVAL:-10s}
TIMEOUT=${TIMEOUT:-5m}
ROUTE=${ROUTE:-$DEPLOYMENT}
case $ROUTE in
*/*) ;;
*)
	case ${ROUTER:-istio} in
	istio) ROUTE=virtualservice/$ROUTE ;;
	gateway-api) ROUTE=httproute/$ROUTE ;;
	nginx) ROUTE=ingress/$ROUTE ;;
	*) echo "canary.sh: ROUTER must be istio, gateway-api or nginx, not '$ROUTER'" >&2; exit 2 ;;
	esac
	;;
esac

step "canary: $IMAGE on $CANARY"
run k8s-rollout set-image "deployment/$CANARY" "$DEPLOYMENT=$IMAGE" -n "$NAMESPACE" --record "canary $IMAGE"
run k8s-rollout status "deployment/$CANARY" -n "$NAMESPACE" --timeout "$TIMEOUT"

# The plan: each weight, then the health analysis at that weight; a pause
# before the last weight, which promote continues from.
plan=$(mktemp)
trap 'rm -f "$plan"' EXIT
last=${WEIGHTS##* }
for w in $WEIGHTS; do
	[ "$w" != "$last" ] || echo '- pause: {}'
	printf -- '- setWeight: %s\n- analysis: {interval: %s, count: %s, http: {url: "%s", expect-json: [".status == ok"]}}\n' \
		"$w" "$INTERVAL" "$CHECKS" "$HEALTH_URL"
done >"$plan"

step "canary: traffic to $CANARY in steps of $WEIGHTS percent, on $ROUTE"
if ! run k8s-rollout canary run "$ROUTE" -n "$NAMESPACE" --plan "$plan"; then
	step "canary: a check failed; traffic is back on stable, aborting"
	run k8s-rollout canary abort "$ROUTE" -n "$NAMESPACE" --canary-deployment "$CANARY" --scale-down
	exit 1
fi

step "canary: on to $last percent, then promote $DEPLOYMENT to $IMAGE"
run k8s-rollout canary promote "$ROUTE" -n "$NAMESPACE" --stable-deployment "$DEPLOYMENT" \
	--canary-deployment "$CANARY" --timeout "$TIMEOUT"
k8s-rollout canary status "$ROUTE" -n "$NAMESPACE" --format json
