#!/bin/sh
# img-tag benchmark, run by `make bench` with AGENTCI_BIN set.
#
# The peer, docker/metadata-action, is a GitHub Action: a Node bundle that
# lives in its GitHub repository and is not published on npm (npm view
# @docker/metadata-action answers 404), so it cannot be run here.  Measured
# instead, side by side on the same input:
#   - img-tag, a full semver + sha + branch run (GitHub context; goal <= 3 ms),
#     and the same from a local checkout (git context, which runs git);
#   - the shell a team writes without the action (git rev-parse + sed);
#   - where node exists, a Node start-up running the same small computation:
#     a floor for the action, which also loads a ~1 MB bundle;
#   - one run over a large batch of inputs (5000 tag entries, 1000 labels).
# Each figure is the mean wall time of BENCH_RUNS runs (default 200).
set -eu

bin=${AGENTCI_BIN:?AGENTCI_BIN must name the folder of the built tools}/img-tag
runs=${BENCH_RUNS:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

now_ns() { date +%s%N; }

# Mean milliseconds per run of a command, over $runs runs.
mean_ms() {
	n=$1
	shift
	start=$(now_ns)
	i=0
	while [ "$i" -lt "$n" ]; do
		"$@" >/dev/null 2>&1 || { echo "bench: command failed: $*" >&2; exit 1; }
		i=$((i + 1))
	done
	end=$(now_ns)
	awk -v s="$start" -v e="$end" -v n="$n" 'BEGIN { printf "%.3f", (e - s) / n / 1e6 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "n/a" }'; }

# A checkout at tag v1.2.3 on branch main.
git init -q -b main "$work/repo"
cd "$work/repo"
git -c user.email=b@example.com -c user.name=bench commit -q --allow-empty -m one
git tag v1.2.3
git remote add origin https://github.com/acme/agent.git

# The GitHub Actions context of a push of that tag.
export GITHUB_EVENT_NAME=push GITHUB_REF=refs/tags/v1.2.3 GITHUB_REPOSITORY=acme/agent
GITHUB_SHA=$(git rev-parse HEAD)
export GITHUB_SHA

full_run() {
	"$bin" --context "$1" --now 2020-01-10T00:30:00Z -i ghcr.io/acme/agent \
		-t type=sha,prefix= -t type=ref,event=branch -t 'type=semver,pattern={{version}}' -o "$2"
}
github_run() { full_run github tags; }
git_run() { full_run git tags; }

# What a pipeline without the action does: short sha, branch and tag by
# hand, sanitised with sed.
shell_run() {
	sha=$(git rev-parse --short=7 HEAD)
	branch=$(git rev-parse --abbrev-ref HEAD | sed 's/[^A-Za-z0-9._-][^A-Za-z0-9._-]*/-/g')
	tag=$(git describe --tags --exact-match 2>/dev/null | sed 's/^v//' || true)
	echo "ghcr.io/acme/agent:$sha"
	[ "$branch" = HEAD ] || echo "ghcr.io/acme/agent:$branch"
	[ -z "$tag" ] || echo "ghcr.io/acme/agent:$tag"
}

echo "img-tag benchmark ($runs runs each; mean wall time per run)"
echo "peer docker/metadata-action: not runnable here (a GitHub Action, not on npm); see below"

# Same answer first: the tags of a full run.
expected="ghcr.io/acme/agent:1.2.3
ghcr.io/acme/agent:$(git rev-parse --short=7 HEAD)
ghcr.io/acme/agent:latest"
got=$(github_run)
if [ "$got" != "$expected" ]; then
	echo "bench: unexpected tags:" >&2
	echo "$got" >&2
	exit 1
fi

t_true=$(mean_ms "$runs" /bin/true)
t_github=$(mean_ms "$runs" github_run)
t_git=$(mean_ms "$runs" git_run)
t_shell=$(mean_ms "$runs" shell_run)
printf '  %-52s %8s ms\n' "process start alone (/bin/true, same loop)" "$t_true"
printf '  %-52s %8s ms\n' "img-tag, semver+sha+branch, GitHub context" "$t_github"
printf '  %-52s %8s ms\n' "  of which img-tag itself (minus process start)" \
	"$(awk -v a="$t_github" -v b="$t_true" 'BEGIN { printf "%.3f", a - b }')"
printf '  %-52s %8s ms\n' "img-tag, the same from the git checkout" "$t_git"
printf '  %-52s %8s ms\n' "shell: git rev-parse + describe + sed" "$t_shell"
printf '  %-52s %8s\n' "shell / img-tag (GitHub context)" "$(ratio "$t_shell" "$t_github")"
printf '  %-52s %8s\n' "shell / img-tag (git context)" "$(ratio "$t_shell" "$t_git")"
awk -v t="$t_github" -v b="$t_true" 'BEGIN { printf "  goal <= 3 ms for a full run: %s (wall %.3f ms, %.3f ms net of process start)\n", (t <= 3 ? "met" : (t - b <= 3 ? "met net of process start" : "NOT met")), t, t - b }'

if command -v node >/dev/null 2>&1; then
	js='const r=process.env.GITHUB_REF,s=process.env.GITHUB_SHA,i="ghcr.io/acme/agent",t=[];
const m=/^refs\/tags\/v?(\d+\.\d+\.\d+)$/.exec(r);if(m)t.push(m[1]);t.push(s.slice(0,7));
if(r.startsWith("refs/heads/"))t.push(r.slice(11).replace(/[^a-zA-Z0-9._-]+/g,"-"));
if(m)t.push("latest");console.log(t.map(x=>i+":"+x).join("\n"));'
	node_runs=$((runs / 4 > 10 ? runs / 4 : 10))
	t_node=$(mean_ms "$node_runs" node -e "$js")
	printf '  %-52s %8s ms\n' "node start-up + the same computation (floor)" "$t_node"
	printf '  %-52s %8s\n' "node floor / img-tag (GitHub context)" "$(ratio "$t_node" "$t_github")"
else
	echo "  node: not installed, no Node start-up figure"
fi

# A large batch: 5000 tag entries and 1000 labels in one run, passed as
# --tags/--labels values of 500 entries each (one argument may not exceed
# 128 KiB).
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "type=raw,value=t%d-{{sha}}-{{date '\''YYYYMMDD'\''}}\n", i }' >"$work/tags"
awk 'BEGIN { for (i = 0; i < 1000; i++) printf "com.example.k%d=v%d-{{branch}}\n", i, i }' >"$work/labels"
(cd "$work" && split -l 500 tags tags. && split -l 500 labels labels.)
set --
for f in "$work"/tags.*; do set -- "$@" --tags "$(cat "$f")"; done
for f in "$work"/labels.*; do set -- "$@" --labels "$(cat "$f")"; done
batch() {
	"$bin" --context github --now 2020-01-10T00:30:00Z -i ghcr.io/acme/agent "$@" --format json
}
n=$(batch "$@" | awk '/"ghcr.io\/acme\/agent:t/ { n++ } END { print n + 0 }')
t_batch=$(mean_ms 5 batch "$@")
printf '  %-52s %8s ms\n' "img-tag, 5000 tag entries + 1000 labels ($n tags)" "$t_batch"
