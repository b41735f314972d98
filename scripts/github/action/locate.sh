#!/bin/sh
# Step 1 of the agentci action (action.yml): where this agentci goes and
# under which cache key.  The install folder follows the runner's tool cache
# layout, RUNNER_TOOL_CACHE/agentci/VERSION-ID/ARCH, and goes on GITHUB_PATH
# for every later step.  ID is agentci's commit, or a hash of the files when
# the action was downloaded without .git (as runners fetch `uses:` actions).
# Writes the step outputs version, prefix, bin-dir, key.
set -eu
: "${GITHUB_ACTION_PATH:?}" "${GITHUB_OUTPUT:?}" "${GITHUB_PATH:?}" "${RUNNER_TOOL_CACHE:?}"
: "${RUNNER_OS:?}" "${RUNNER_ARCH:?}"
src=$GITHUB_ACTION_PATH
version=$(cat "$src/VERSION")
if id=$(git -C "$src" rev-parse HEAD 2>/dev/null); then
	:
else
	id=$(cd "$src" && find . -type f ! -path './.git/*' -print0 | LC_ALL=C sort -z |
		xargs -0 sha256sum | sha256sum | cut -c1-40)
fi
short=$(printf '%s' "$id" | cut -c1-12)
prefix=$RUNNER_TOOL_CACHE/agentci/$version-$short/$(echo "$RUNNER_ARCH" | tr '[:upper:]' '[:lower:]')
{
	echo "version=$version"
	echo "prefix=$prefix"
	echo "bin-dir=$prefix/bin"
	echo "key=agentci-$RUNNER_OS-$RUNNER_ARCH-$id"
} >>"$GITHUB_OUTPUT"
echo "$prefix/bin" >>"$GITHUB_PATH"
echo "agentci $version ($short) goes to $prefix"
