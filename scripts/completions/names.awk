# Print the commands a tool's --help names, one per line, or with cmd set
# the subcommands of cmd.  Input: `TOOL --help`, then `TOOL CMD --help`.
#   commands:    the "Commands:" list, and usage lines "TOOL WORD ..."
#   subcommands: usage lines "TOOL CMD WORD ...", and "CMD a|b|c" in prose
function usage_words(line,   n, w) {  # "Usage: tool a b ..." -> w[1..n]
	sub(/^Usage: +/, "", line)
	sub(/^ +/, "", line)
	n = split(line, w, " ")
	if (w[1] != tool)
		return
	if (cmd == "" && w[2] ~ /^[a-z][a-z-]*$/)
		found(w[2])
	if (cmd != "" && w[2] == cmd && w[3] ~ /^[a-z][a-z-]*$/)
		found(w[3])
}
function found(w) {
	if (!(w in seen))
		print w
	seen[w] = 1
}
/^Usage: / || /^       [^ ]/ { usage_words($0) }
cmd == "" && /^Commands:/ { sect = 1; next }
/^$/ { sect = 0 }
sect && /^  [a-z][a-z-]*( |$)/ { found($1) }
cmd != "" && match($0, "(^|[ (])" cmd " [a-z][a-z-]*(\\|[a-z][a-z-]*)+") {
	list = substr($0, RSTART, RLENGTH)
	sub(/^[ (]/, "", list)
	n = split(substr(list, length(cmd) + 2), subs, "|")
	for (i = 1; i <= n; i++)
		found(subs[i])
}
