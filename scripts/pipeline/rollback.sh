#!/bin/sh
# rollback.sh [--dry-run] REASON [IMAGE]: roll DEPLOYMENT back, to IMAGE
# when given (recording REASON as the change cause), else to the previous
# revision; wait for it, check health, and tell the team.
#
# The notification is a Slack message posted with curl when
# SLACK_WEBHOOK_URL is set (the URL never appears on a command line).
# Exit status: 0 rolled back and healthy, else the failing tool's.
#
# Settings (environment):
#   NAMESPACE          namespace (required)
#   DEPLOYMENT         deployment, also the container's name (default agent-service)
#   HEALTH_URL         health endpoint to check afterwards (optional)
#   TIMEOUT            how long the rollout and health may take (default 5m)
#   SLACK_WEBHOOK_URL  incoming webhook for the notification (optional)

# shellcheck source=scripts/pipeline/lib.sh
. "$(dirname "$0")/lib.sh"
set -eu
case $# in 1 | 2) ;; *) usage 2 ;; esac
REASON=$1 IMAGE=${2:-}
need NAMESPACE
DEPLOYMENT=${DEPLOYMENT:-agent-service}
TIMEOUT=${TIMEOUT:-5m}

step "rollback: $DEPLOYMENT in $NAMESPACE, because: $REASON"
if [ -n "$IMAGE" ]; then
	run k8s-rollout set-image "deployment/$DEPLOYMENT" "$DEPLOYMENT=$IMAGE" -n "$NAMESPACE" \
		--record "rollback: $REASON"
else
	run k8s-rollout undo "deployment/$DEPLOYMENT" -n "$NAMESPACE"
fi
run k8s-rollout status "deployment/$DEPLOYMENT" -n "$NAMESPACE" --timeout "$TIMEOUT"
if [ -n "${HEALTH_URL:-}" ]; then
	healthy "$HEALTH_URL"
fi
now=$(k8s-rollout image "deployment/$DEPLOYMENT" "$DEPLOYMENT" -n "$NAMESPACE")
printf '%s now runs %s\n' "$DEPLOYMENT" "$now"

step "rollback: notify"
if [ -z "${SLACK_WEBHOOK_URL:-}" ]; then
	echo "skipped: SLACK_WEBHOOK_URL is not set" >&2
	exit 0
fi
text=$(jq -n --arg d "$DEPLOYMENT" --arg ns "$NAMESPACE" --arg i "$now" --arg r "$REASON" \
	'{text: ":rewind: \($d) in \($ns) rolled back to \($i): \($r)"}')
printf 'url = "%s"\n' "$SLACK_WEBHOOK_URL" |
	ext curl -fsS --config - -H 'Content-Type: application/json' --data "$text"
