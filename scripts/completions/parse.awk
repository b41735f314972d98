# Turn the help texts of a tool's command levels into completion data: a
# shell case statement (the same syntax in bash and zsh) that sets, for a
# level, cmds (its commands), opts (its options), args (OPTION=KIND for
# options taking an argument; KIND is @file, @dir, - for free text, or the
# accepted values joined by commas) and files (1 when positional arguments
# name files).  Input: blocks "@level NAME" (NAME empty for the tool itself,
# "CMD" or "CMD SUB"), each followed by that level's --help as cli_help()
# in common/cli.c prints it.
function add(lv, key, word) {  # word onto lv's key list, once
	if ((lv, key, word) in seen)
		return
	seen[lv, key, word] = 1
	data[lv, key] = data[lv, key] (data[lv, key] == "" ? "" : " ") word
}
# What to complete for an option's argument, from its name and help.
function kind(arg, help,   n, part, i, h, vals) {
	gsub(/'/, "", arg)
	if (arg ~ /^[a-z0-9_-]+(\|[a-z0-9_-]+)+$/) {  # "route|model"
		gsub(/\|/, ",", arg)
		return arg
	}
	if (arg ~ /FILE$/ || arg == "OUT")
		return "@file"
	if (arg ~ /DIR$/)
		return "@dir"
	if (arg == "LIST")  # a list's items are not the whole word
		return "-"
	# Values listed in the help: "text, json or github (default text)",
	# "service tier: default, priority, flex, batch".  Asides in brackets
	# and a lead-in before ": " are not values; lists in several parts
	# ("text, json; with --versions: text, markdown") are joined.
	h = help
	gsub(/\([^()]*\)/, "", h)
	n = split(h, part, /;/)
	vals = ""
	for (i = 1; i <= n; i++)
		vals = merge(vals, values(part[i]))
	return vals == "" ? "-" : vals
}
# The values one part of a help text lists, joined by commas, or "".
function values(h,   v) {
	sub(/.*: /, "", h)
	gsub(/ +,/, ",", h)
	gsub(/  +/, " ", h)
	sub(/^ +/, "", h)
	sub(/ +$/, "", h)
	v = "[a-z0-9][a-z0-9_-]*"
	if (h ~ ("^" v "(, " v ")*,? or " v "$") || h ~ ("^" v "(, " v ")+$")) {
		gsub(/,? or |, /, ",", h)
		return h
	}
	return ""
}
# Comma lists a and b joined, each value once, in first-seen order.
function merge(a, b,   n, w, i) {
	n = split(b, w, ",")
	for (i = 1; i <= n; i++)
		if (("," a ",") !~ ("," w[i] ","))
			a = a (a == "" ? "" : ",") w[i]
	return a
}
# One option row: "-X, --name ARG" or "--name[=ARG]", and its help.
function option(spec, help,   short, name, arg, k) {
	sub(/^ +/, "", spec)
	if (spec ~ /^-[A-Za-z0-9], /) {
		short = substr(spec, 1, 2)
		spec = substr(spec, 5)
	}
	name = spec
	sub(/[ [].*/, "", name)
	arg = substr(spec, length(name) + 1)
	add(lv, "opts", name)
	if (short != "")
		add(lv, "opts", short)
	if (arg ~ /^ /) {
		k = kind(substr(arg, 2), help)
		add(lv, "args", name "=" k)
		if (short != "")
			add(lv, "args", short "=" k)
	}
}
function flush() {
	if (pending != "")
		option(pending, "")
	pending = ""
}
function usage(line,   u) {
	u = line
	sub(/^Usage: +/, "", u)
	sub(/^ +/, "", u)
	# "tool [report] ...": report is the default command.
	if (lv == "" && match(u, "^" tool " \\[[a-z][a-z-]*\\]"))
		dflt = substr(u, length(tool) + 3, RLENGTH - length(tool) - 3)
	# Options and their arguments are not positional arguments.
	gsub(/\[-[^]]*\]/, "", u)
	gsub(/ --?[A-Za-z0-9-]+ [A-Z][A-Z_]*(\.\.\.)?/, "", u)
	if (u ~ /(^|[^A-Z_])(FILE|PATH|LOG|IN)([^A-Z_]|$)/ || u ~ /\.json/)
		data[lv, "files"] = 1
}
/^@level/ {
	flush()
	lv = substr($0, 8)
	levels[++nlevels] = lv
	data[lv, "files"] = 0
	sect = ""
	if (lv != "") {  # "a b": b is a command of a; "a": of the tool
		parent = lv
		sub(/ ?[^ ]+$/, "", parent)
		child = lv
		sub(/.* /, "", child)
		add(parent, "cmds", child)
	}
	next
}
/^Usage: / || (/^       [^ ]/ && $1 == tool) { usage($0); next }
/^Options:$/ { sect = "opts"; next }
/^$/ { flush(); sect = ""; next }
sect == "opts" && /^ {31}/ {  # the help of a long option, on its own line
	if (pending != "")
		option(pending, substr($0, 32))
	pending = ""
	next
}
sect == "opts" && /^ +-/ {
	flush()
	if (match($0, /[^ ]  +/))
		option(substr($0, 1, RSTART), substr($0, RSTART + RLENGTH))
	else
		pending = $0
}
function quote(s) { return "'" s "'" }
END {
	flush()
	if (dflt != "") {  # the tool alone takes its default command's options
		n = split(data[dflt, "opts"], w, " ")
		for (i = 1; i <= n; i++)
			add("", "opts", w[i])
		n = split(data[dflt, "args"], w, " ")
		for (i = 1; i <= n; i++)
			add("", "args", w[i])
		if (data[dflt, "files"])
			data["", "files"] = 1
	}
	# Levels with the same data share one branch.
	for (i = 1; i <= nlevels; i++) {
		l = levels[i]
		body = "cmds=" quote(data[l, "cmds"]) " opts=" quote(data[l, "opts"]) \
			" args=" quote(data[l, "args"]) " files=" data[l, "files"]
		if (!(body in pat))
			order[++nbodies] = body
		if (body in pat)
			pat[body] = pat[body] "|" quote(l)
		else
			pat[body] = quote(l)
	}
	print "\tcase $1 in"
	for (i = 1; i <= nbodies; i++)
		print "\t" pat[order[i]] ") " order[i] " ;;"
	print "\t*) cmds= opts= args= files=0 ;;"
	print "\tesac"
}
