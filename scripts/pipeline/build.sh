#!/bin/sh
# build.sh [--dry-run]: the build stage: image tags and labels from the git
# or CI context, build and push, vulnerability scan.
#
# img-tag computes the tags (semver from a v* tag, the branch, sha-XXXXXXX)
# and the OCI labels; docker buildx builds and pushes with them and trivy
# scans the first tag, each when installed.  Prints the image to deploy (the
# first tag) on stdout, for the deploy stage.
#
# Settings (environment):
#   IMAGE      image name without a tag (required), e.g. ghcr.io/acme/agent-service
#   CONTEXT    docker build context (default .)
#   METADATA   where img-tag's JSON goes (default reports/image.json)

# shellcheck source=scripts/pipeline/lib.sh
. "$(dirname "$0")/lib.sh"
set -eu
need IMAGE
CONTEXT=${CONTEXT:-.}
METADATA=${METADATA:-reports/image.json}
mkdir -p "$(dirname "$METADATA")"

step "Image: tags and OCI labels from the context"
run img-tag --images "$IMAGE" --tags 'type=semver,pattern={{version}}
type=semver,pattern={{major}}.{{minor}}
type=ref,event=branch
type=sha' --format json >"$METADATA"
jq -r '"tags: \(.tags | join(" "))", "version \(.version), revision \(.labels["org.opencontainers.image.revision"][0:12])"' \
	"$METADATA" >&2

step "Image: build and push, then scan"
# The tags and labels become buildx flags, one per line of jq's output.
set --
while IFS= read -r flag; do
	set -- "$@" "$flag"
done <<FLAGS
$(jq -r '(.tags[] | "--tag=\(.)"), (.labels | to_entries[] | "--label=\(.key)=\(.value)")' "$METADATA")
FLAGS
ext docker buildx build --push "$@" "$CONTEXT"
ext trivy image --exit-code 1 --severity HIGH,CRITICAL "$(jq -r '.tags[0]' "$METADATA")"

jq -r '.tags[0]' "$METADATA"
