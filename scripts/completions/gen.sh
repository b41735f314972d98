#!/bin/sh
# Generate the bash and zsh completions of one agentci tool from its --help
# and its commands' --help.  Help is printed from the tool's option table
# (struct cli_opt, common/cli.h), so the completions follow the table and a
# new option cannot be left out.
# Usage: gen.sh TOOL-BINARY OUTDIR   writes OUTDIR/bash/TOOL, OUTDIR/zsh/_TOOL
set -eu
if [ $# -ne 2 ]; then
	echo "usage: gen.sh TOOL-BINARY OUTDIR" >&2
	exit 2
fi
bin=$1 out=$2
tool=$(basename "$bin")
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The help of every level: the tool, each command, each subcommand.  A
# subcommand without help of its own shares its command's.
"$bin" --help >"$tmp/top" || {
	echo "gen.sh: $bin --help failed" >&2
	exit 1
}
awk -v tool="$tool" -f "$here/names.awk" "$tmp/top" >"$tmp/cmds"
{
	echo '@level '
	cat "$tmp/top"
	while read -r c; do
		"$bin" "$c" --help >"$tmp/cmd" 2>/dev/null </dev/null || :
		echo "@level $c"
		cat "$tmp/cmd"
		awk -v tool="$tool" -v cmd="$c" -f "$here/names.awk" "$tmp/top" "$tmp/cmd" >"$tmp/subs"
		while read -r s; do
			echo "@level $c $s"
			if "$bin" "$c" "$s" --help >"$tmp/sub" 2>/dev/null </dev/null &&
				grep -q '^Options:' "$tmp/sub"; then
				cat "$tmp/sub"
			else
				cat "$tmp/cmd"
			fi
		done <"$tmp/subs"
	done <"$tmp/cmds"
} >"$tmp/levels"
awk -v tool="$tool" -f "$here/parse.awk" "$tmp/levels" >"$tmp/data"

# Shell function names cannot hold every character a tool name can.
fn=_agentci_$(printf '%s' "$tool" | tr -c 'A-Za-z0-9\n' _)
render() {  # template -> file, with @TOOL@, @FN@ and the @DATA@ line filled
	awk -v tool="$tool" -v fn="$fn" -v data="$tmp/data" '
		$0 == "@DATA@" { while ((getline l < data) > 0) print l; next }
		{ gsub(/@TOOL@/, tool); gsub(/@FN@/, fn); print }' "$1" >"$2.tmp"
	mv "$2.tmp" "$2"
}
mkdir -p "$out/bash" "$out/zsh"
render "$here/bash.in" "$out/bash/$tool"
render "$here/zsh.in" "$out/zsh/_$tool"
