# lib.sh: what the stage scripts share, sourced by each: the story lines,
# shellcheck shell=sh
# --dry-run, and the external tools that run when present and are skipped,
# saying so, when absent.  POSIX sh.

# usage: print the script's header comment (its help) and exit.
usage() {
	sed -n '2,/^$/s/^# \{0,1\}//p' "$0"
	exit "${1:-0}"
}

# Common options: -h/--help and --dry-run; the rest stays in "$@".
DRY_RUN=${DRY_RUN:-}
case ${1:-} in
-h | --help) usage 0 ;;
--dry-run) DRY_RUN=1; shift ;;
esac

# step TITLE: the headline of one step of the story.
step() {
	printf '\n== %s\n' "$*" >&2
}

# show ARG...: the command about to run, quoted so that it can be pasted.
show() {
	out='$'
	for a in "$@"; do
		case $a in
		*[!A-Za-z0-9_./:=@%+,-]* | '') a="'$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'" ;;
		esac
		out="$out $a"
	done
	printf '%s\n' "$out" >&2
}

# run CMD ARG...: show the command, then run it; its status is ours.
run() {
	show "$@"
	"$@"
}

# pipe 'CMD | CMD': show a pipeline as written, then run it.
pipe() {
	printf '$ %s\n' "$1" >&2
	eval "$1"
}

# ext CMD ARG...: an external tool we do not replace (docker, trivy, curl):
# printed under --dry-run, skipped with a line when it is not installed.
ext() {
	if [ -n "$DRY_RUN" ]; then
		printf 'dry run, would run: ' >&2
		show "$@"
		return 0
	fi
	if ! command -v "$1" >/dev/null 2>&1; then
		printf 'skipped: %s is not installed\n' "$1" >&2
		return 0
	fi
	run "$@"
}

# need VAR...: fail with exit 2 when a required setting is empty.
need() {
	for v in "$@"; do
		eval "val=\${$v:-}"
		[ -n "$val" ] || { printf '%s: %s is not set; see %s --help\n' "${0##*/}" "$v" "$0" >&2; exit 2; }
	done
}

# apply_config CONFIG: CONFIG's values as the Secret DEPLOYMENT-config in
# NAMESPACE; the plaintext exists only in the pipe.
apply_config() {
	# shellcheck disable=SC2034 # used inside the pipe's text
	config=$1
	# shellcheck disable=SC2016 # pipe expands it
	pipe 'secret-seal decrypt --output-type k8s-secret --name "$DEPLOYMENT-config" --namespace "$NAMESPACE" "$config" |
	k8s-rollout apply -n "$NAMESPACE" -f -'
}

# healthy URL: the service's health endpoint answers {"status": "ok"}
# within TIMEOUT.
healthy() {
	run health-wait --timeout "$TIMEOUT" --expect-json '.status == "ok"' "$1"
}
