#!/bin/sh
# Step 3 of the agentci action (action.yml), when the cache had nothing:
# install the build packages that are missing (only those, with apt-get),
# build agentci from the action's own files in RUNNER_TEMP, install it
# into PREFIX.  A PREFIX already complete (a self-hosted runner keeps its
# tool cache) is used as it is.
set -eu
: "${GITHUB_ACTION_PATH:?}" "${RUNNER_TEMP:?}" "${PREFIX:?}"
mark=$PREFIX/.agentci-installed
if [ -f "$mark" ]; then
	echo "agentci: $PREFIX is already installed; nothing to build"
	exit 0
fi
start=$(date +%s)

todo=$("$GITHUB_ACTION_PATH/scripts/install-deps" --missing build)
if [ -n "$todo" ]; then
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
	echo "agentci: installing the missing build packages: $todo"
	$sudo "$GITHUB_ACTION_PATH/scripts/install-deps" build
else
	echo "agentci: the build packages are installed"
fi

# Built in a copy: the action's folder stays as it was downloaded.
src=$RUNNER_TEMP/agentci-src
rm -rf "$src"
mkdir -p "$src"
(cd "$GITHUB_ACTION_PATH" && tar --exclude=./.git -cf - .) | tar -xf - -C "$src"
jobs=$(nproc 2>/dev/null || echo 2)
make -C "$src" -j"$jobs" PREFIX="$PREFIX" AGENTCI_NO_INSTALL=1
make -C "$src" install PREFIX="$PREFIX" AGENTCI_NO_INSTALL=1 >/dev/null
rm -rf "$src"
touch "$mark"
echo "agentci: built and installed in $(($(date +%s) - start))s"
