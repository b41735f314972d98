#!/usr/bin/env bats
# prompt-lint end to end: the real prompt files of shared/vectors/prompts
# (MANIFEST.tsv says what to expect), one broken fixture per rule with its
# exact line:col, every output format, config, inline disables, budgets,
# GitHub Actions, exit codes.

load helpers

setup() {
	PL="$FIXTURES/prompt-lint"
	TMP=$(mktemp -d)
	unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY GITHUB_OUTPUT
}

teardown() {
	rm -rf "$TMP"
}

# --- command line ---

@test "help, version, usage errors" {
	run prompt-lint --help
	assert_status 0
	assert_output_contains "--max-tokens-per-request"
	run prompt-lint --version
	assert_status 0
	assert_output_contains "prompt-lint (agentci)"
	run prompt-lint --no-such-option
	assert_status 2
	run prompt-lint --format xml .
	assert_status 2
	assert_output_contains "text, json, github, sarif"
	run prompt-lint --versions --format sarif .
	assert_status 2
	run prompt-lint --select PL999 .
	assert_status 2
	assert_output_contains "unknown rule 'PL999'"
	run prompt-lint --encoding gpt5 .
	assert_status 2
	run prompt-lint --max-tokens-per-request 100 --warn-at 200 .
	assert_status 2
	run prompt-lint --max-tokens-per-request many .
	assert_status 2
	run prompt-lint --strict --exit-zero .
	assert_status 2
}

@test "list-rules names every rule with its code" {
	run prompt-lint --list-rules
	assert_status 0
	for r in yaml-syntax tab-indentation duplicate-key template-parsed-as-mapping invalid-utf8 \
		missing-required-key empty-template wrong-type unknown-template-format duplicate-variable \
		undeclared-variable unused-variable unbalanced-brace unescaped-brace unclosed-block \
		mismatched-block unterminated-tag format-mismatch unsafe-jinja unclosed-front-matter token-budget \
		stray-close-tag; do
		assert_output_contains "$r"
	done
	printf '%s\n' "$output" | grep -q '^PL101	undeclared-variable *	error/warning	'
	printf '%s\n' "$output" | grep -q '^PL103	duplicate-variable *	warning	'
}

@test "a path that cannot be read exits 3 and says which" {
	run prompt-lint "$TMP/nope.yaml"
	assert_status 3
	assert_output_contains "prompt-lint: $TMP/nope.yaml:"
	# the other paths are still checked
	run prompt-lint "$PL/broken/unused-variable.yaml" "$TMP/nope.yaml"
	assert_status 3
	assert_output_contains "unused-variable"
}

# --- the real prompt files ---

@test "every real prompt file gives the result MANIFEST.tsv expects" {
	require_shared vectors/prompts || return
	local dir="$SHARED/vectors/prompts" n=0 bad=0
	while IFS="$(printf '\t')" read -r path _repo _commit _lic format expected reason; do
		[ "$path" = path ] && continue
		n=$((n + 1))
		run prompt-lint --format json "$dir/$path"
		local errors warnings
		errors=$(printf '%s\n' "$output" | jq '.summary.errors')
		warnings=$(printf '%s' "$output" | jq -r '[.files[0].findings[] | select(.rule == "unused-variable") | .message] | join(" ")')
		case "$expected" in
		valid)
			if [ "$status" -ne 0 ] || [ "$errors" -ne 0 ]; then
				echo "$path: expected valid, got exit $status: $output" >&2; bad=$((bad + 1)); fi ;;
		invalid)
			if [ "$status" -ne 1 ] || [ "$errors" -lt 1 ]; then
				echo "$path: expected invalid, got exit $status" >&2; bad=$((bad + 1)); fi ;;
		warn)
			if [ "$status" -ne 0 ] || [ "$errors" -ne 0 ]; then
				echo "$path: expected warnings only, got exit $status" >&2; bad=$((bad + 1)); fi
			local names=${reason#declared but unused: }
			for v in $(echo "$names" | tr ',' ' '); do
				case "$warnings" in
				*"'$v'"*) ;;
				*) echo "$path: no unused-variable warning for $v" >&2; bad=$((bad + 1)) ;;
				esac
			done ;;
		esac
		# the format detected agrees with the manifest's family
		local got
		got=$(printf '%s' "$output" | jq -r '.files[0].format')
		case "$format:$got" in
		prompty-*:prompty | sk-*:semantic-kernel | dotprompt:dotprompt | gh-models:gh-models | \
			promptfoo-config:promptfoo | langchain-hub:langchain-hub | langchain-*:langchain) ;;
		*) echo "$path: manifest says $format, detected $got" >&2; bad=$((bad + 1)) ;;
		esac
	done <"$dir/MANIFEST.tsv"
	assert_equal "$n" 32
	assert_equal "$bad" 0
}

@test "the invalid real file is reported with the rule its reason names" {
	require_shared vectors/prompts || return
	run prompt-lint "$SHARED/vectors/prompts/dotprompt/examples/error-unclosed-block.prompt"
	assert_status 1
	assert_output_contains "error-unclosed-block.prompt:11:1: error: {{#if}} is never closed; add {{/if}} [PL303 unclosed-block]"
}

@test "the whole corpus as one folder: 2 errors in the one invalid file" {
	require_shared vectors/prompts || return
	run prompt-lint --format json "$SHARED/vectors/prompts"
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq '.summary.files')" 32
	assert_equal "$(printf '%s' "$output" | jq -r '[.files[] | select(any(.findings[]; .severity == "error")) | .path | split("/") | last] | join(",")')" \
		"error-unclosed-block.prompt"
}

@test "token counts of the real files equal tiktoken's (o200k_base, cl100k_base)" {
	require_shared vectors/prompts || return
	cd "$SHARED/vectors/prompts"
	for enc in o200k_base cl100k_base; do
		# shellcheck disable=SC2046
		run prompt-lint tokens --encoding "$enc" $(cut -f2 "$PL/vector-tokens-$enc.tsv")
		assert_status 0
		assert_equal "$(printf '%s\n' "$output" | grep -v 'total$')" "$(cat "$PL/vector-tokens-$enc.tsv")"
	done
}

# --- one broken fixture per rule ---

@test "each broken fixture: the rule at its exact line:col, and the exit code" {
	local n=0
	while IFS="$(printf '\t')" read -r file rule pos sev; do
		case "$file" in '#'*) continue ;; esac
		n=$((n + 1))
		run prompt-lint --no-github "$PL/broken/$file"
		local want="$PL/broken/$file:$pos: $sev: "
		case "$output" in
		*"$want"*"[$rule]"*) ;;
		*) echo "$file: want '$want... [$rule]', got: $output" >&2; return 1 ;;
		esac
		if [ "$sev" = error ]; then assert_status 1; else assert_status 0; fi
	done <"$PL/broken/EXPECTED.tsv"
	assert_equal "$n" 26
}

@test "messages say what to do" {
	run prompt-lint "$PL/broken/unknown-template-format.yaml"
	assert_output_contains "did you mean 'jinja2'?"
	run prompt-lint "$PL/broken/duplicate-key.yaml"
	assert_output_contains "repeats the one at line 2:1"
	run prompt-lint "$PL/broken/yaml-syntax.yaml"
	assert_output_contains "quoted string opened here is never closed"
	run prompt-lint "$PL/broken/format-mismatch-sk.yaml"
	assert_output_contains 'write {{$topic}}'
	printf 'template: Hi {nme} {b}\nvariables: [name, a]\n' >"$TMP/typo.yaml"
	run prompt-lint "$TMP/typo.yaml"
	assert_output_contains "'nme' is used but not declared in variables; did you mean 'name'?"
	assert_output_contains "'b' is used but not declared in variables; declare it or fix the name"
}

@test "--strict fails on warnings, --exit-zero never fails on findings" {
	run prompt-lint "$PL/broken/unused-variable.yaml"
	assert_status 0
	run prompt-lint --strict "$PL/broken/unused-variable.yaml"
	assert_status 1
	run prompt-lint --exit-zero "$PL/broken/undeclared-variable.yaml"
	assert_status 0
	assert_output_contains "undeclared-variable"
}

@test "--select and --ignore take codes, names and prefixes" {
	run prompt-lint --ignore undeclared-variable "$PL/broken/undeclared-variable.yaml"
	assert_status 0
	run prompt-lint --select PL3 "$PL/broken/undeclared-variable.yaml" "$PL/broken/unclosed-block.yaml"
	assert_status 1
	assert_output_contains "PL303"
	case "$output" in *PL101*) return 1 ;; esac
	run prompt-lint --select PL101 --ignore PL1 "$PL/broken/undeclared-variable.yaml"
	assert_status 0
	# a file that cannot be parsed does not pass a selection it never ran;
	# only an ignore silences that
	for f in yaml-syntax.yaml invalid-utf8.yaml unclosed-front-matter.prompty; do
		run prompt-lint --select PL101 "$PL/broken/$f"
		assert_status 1
		run prompt-lint --select PL101 --ignore PL0 "$PL/broken/$f"
		assert_status 0
	done
}

# --- inline disables ---

@test "inline disables: YAML comment above a key, trailing comment, file, template comment" {
	run prompt-lint --strict "$PL/disable-yaml.yaml"
	assert_status 0
	run prompt-lint "$PL/disable-file.yaml"
	assert_status 0
	assert_equal "$output" ""
	run prompt-lint "$PL/disable-jinja.yaml"
	assert_status 0
	case "$output" in *undeclared*) return 1 ;; esac
	run prompt-lint "$PL/disable-trailing.yaml"
	assert_status 1
	assert_output_contains "'who' is used but not declared"
	case "$output" in *unused-variable*) return 1 ;; esac
}

# --- budgets ---

@test "token budget: error above --max-tokens-per-request, warning above --warn-at" {
	run prompt-lint --max-tokens-per-request 10 "$PL/budget.yaml"
	assert_status 1
	assert_output_contains "budget.yaml:3:3: error: 18 tokens (o200k_base) exceed --max-tokens-per-request 10"
	run prompt-lint --max-tokens-per-request 18 "$PL/budget.yaml"
	assert_status 0
	run prompt-lint --warn-at 10 --max-tokens-per-request 100 "$PL/budget.yaml"
	assert_status 0
	assert_output_contains "warning: 18 tokens (o200k_base) are over --warn-at 10 [PL401 token-budget]"
	run prompt-lint --warn-at 10 --strict "$PL/budget.yaml"
	assert_status 1
}

@test "--encoding cl100k_base and the labelled estimate" {
	run prompt-lint --format json --encoding cl100k_base "$PL/budget.yaml"
	assert_equal "$(printf '%s' "$output" | jq -r '.files[0].encoding')" cl100k_base
	run prompt-lint --encoding estimate --max-tokens-per-request 10 "$PL/budget.yaml"
	assert_status 1
	assert_output_contains "~26 tokens (estimate, bytes/3)"
	run prompt-lint --versions --encoding estimate "$PL/budget.yaml"
	assert_output_contains "	~26"
}

@test "missing rank files fall back to the estimate and say why" {
	run prompt-lint --tokenizer-dir "$TMP" --max-tokens-per-request 10 "$PL/budget.yaml"
	assert_status 1
	assert_output_contains "counting tokens with --encoding estimate"
	assert_output_contains "has no o200k_base.tiktoken"
	assert_output_contains "(estimate, bytes/3)"
}

@test "a corrupt rank file is an input error naming the file and line" {
	printf 'YQ== 0\nnot base64 1\n' >"$TMP/o200k_base.tiktoken"
	run prompt-lint tokens --tokenizer-dir "$TMP" "$PL/budget.yaml"
	assert_status 3
	assert_output_contains "prompt-lint: $TMP/o200k_base.tiktoken: line 2: expected \"BASE64 RANK\""
}

@test "the budget counts the sum over a chat's messages, role lines left out" {
	printf -- '---\nname: c\n---\nsystem:\nHello there.\n\nuser:\nHi!\n' >"$TMP/c.prompty"
	run prompt-lint --format json "$TMP/c.prompty"
	# "Hello there.\n\n" and "Hi!\n" counted apart
	local a b
	a=$(printf 'Hello there.\n\n' | prompt-lint tokens | cut -f1)
	b=$(printf 'Hi!\n' | prompt-lint tokens | cut -f1)
	assert_equal "$(printf '%s' "$output" | jq '.files[0].tokens')" "$((a + b))"
}

# --- tokens subcommand ---

@test "tokens: COUNT<TAB>PATH, a total, stdin" {
	run prompt-lint tokens "$PL/budget.yaml"
	assert_status 0
	assert_equal "$output" "31	$PL/budget.yaml"
	run prompt-lint tokens "$PL/budget.yaml" "$PL/budget.yaml"
	assert_equal "$(printf '%s\n' "$output" | tail -1)" "62	total"
	run sh -c 'printf "hello world" | prompt-lint tokens -'
	assert_equal "$output" "2	-"
	run prompt-lint tokens "$TMP/none"
	assert_status 3
}

# --- output formats ---

@test "json: one object with files[] and summary" {
	run prompt-lint --format json "$PL/broken/undeclared-variable.yaml" "$PL/budget.yaml"
	assert_status 1
	printf '%s' "$output" | jq -e '.files | length == 2' >/dev/null
	printf '%s' "$output" | jq -e '.files[0] | has("path") and has("format") and has("sha256") and has("tokens") and has("declared") and has("used") and has("findings")' >/dev/null
	assert_equal "$(printf '%s' "$output" | jq -c '.files[0].declared')" '["name"]'
	assert_equal "$(printf '%s' "$output" | jq -c '.files[0].used')" '["name","order_id"]'
	assert_equal "$(printf '%s' "$output" | jq -c '.files[0].findings[0] | [.line, .col, .severity, .code, .rule]')" \
		'[4,15,"error","PL101","undeclared-variable"]'
	assert_equal "$(printf '%s' "$output" | jq -c '.summary | [.files, .errors, .warnings]')" '[2,1,0]'
	assert_equal "$(printf '%s' "$output" | jq -r '.files[1].sha256')" "$(sha256sum "$PL/budget.yaml" | cut -d' ' -f1)"
}

@test "sarif: the 2.1.0 structure" {
	run prompt-lint --format sarif "$PL/broken/unclosed-block.yaml" "$PL/broken/unused-variable.yaml"
	assert_status 1
	local s="$output"
	printf '%s' "$s" | jq -e '.version == "2.1.0" and (."$schema" | test("sarif-2.1.0")) and (.runs | length == 1)' >/dev/null
	printf '%s' "$s" | jq -e '.runs[0].tool.driver | .name == "prompt-lint" and (.version | length > 0) and (.informationUri | startswith("https://"))' >/dev/null
	printf '%s' "$s" | jq -e '.runs[0].tool.driver.rules | length >= 21 and all(has("id") and has("name") and (.shortDescription.text | length > 0) and (.defaultConfiguration.level | IN("error","warning","note")) and has("helpUri"))' >/dev/null
	printf '%s' "$s" | jq -e '.runs[0].results | length == 2 and all(has("ruleId") and (.level | IN("error","warning","note")) and (.message.text | length > 0) and (.locations[0].physicalLocation.artifactLocation.uri | length > 0) and .locations[0].physicalLocation.region.startLine >= 1 and .locations[0].physicalLocation.region.startColumn >= 1)' >/dev/null
	# ruleIndex points at the rule of the same id
	printf '%s' "$s" | jq -e '.runs[0] as $r | all($r.results[]; $r.tool.driver.rules[.ruleIndex].id == .ruleId)' >/dev/null
	assert_equal "$(printf '%s' "$s" | jq -r '.runs[0].results[0] | [.ruleId, .level, .locations[0].physicalLocation.region.startLine] | @tsv')" "PL303	error	5"
}

@test "github: workflow commands with escaped properties and data" {
	mkdir -p "$TMP/d"
	printf 'name: x\ntemplate_format: "100%%jinja"\ntemplate: Hi {name}\nvariables: [name]\n' >"$TMP/d/a,b:c.yaml"
	cd "$TMP/d"
	run prompt-lint --format github "a,b:c.yaml"
	assert_status 1
	assert_output_contains "::error file=a%2Cb%3Ac.yaml,line=2,col=18,title=PL204 unknown-template-format::unknown template_format '100%25jinja'"
}

@test "GITHUB_ACTIONS=true: annotations by default, step summary with versions, outputs; --no-github off" {
	export GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY="$TMP/summary.md" GITHUB_OUTPUT="$TMP/out"
	run prompt-lint "$PL/broken/unused-variable.yaml" "$PL/budget.yaml"
	assert_status 0
	assert_output_contains "::warning file=$PL/broken/unused-variable.yaml,line=5,col=5,title=PL102 unused-variable::"
	grep -q '| path | template | version | tokens |' "$TMP/summary.md"
	grep -q "| $PL/budget.yaml | long | \`$(sha256sum "$PL/budget.yaml" | cut -c1-8)\` | 18 |" "$TMP/summary.md"
	grep -q 'PL102 unused-variable' "$TMP/summary.md"
	grep -q '^2 prompt files checked: 0 errors, 1 warning$' "$TMP/summary.md"
	grep -q '^warnings=1$' "$TMP/out"
	rm -f "$TMP/summary.md"
	run prompt-lint --no-github "$PL/broken/unused-variable.yaml"
	case "$output" in *::warning*) return 1 ;; esac
	[ ! -e "$TMP/summary.md" ]
	# --format text wins over the default
	run prompt-lint --format text "$PL/broken/unused-variable.yaml"
	assert_output_contains "unused-variable.yaml:5:5: warning:"
}

# --- versions ---

@test "--versions: path, name, sha256/8, tokens in text, markdown and json" {
	local v
	v=$(sha256sum "$PL/budget.yaml" | cut -c1-8)
	run prompt-lint --versions "$PL/budget.yaml"
	assert_status 0
	assert_equal "$output" "$PL/budget.yaml	long	$v	18"
	run prompt-lint --versions --format markdown "$PL/budget.yaml"
	assert_output_contains "| $PL/budget.yaml | long | \`$v\` | 18 |"
	run prompt-lint --versions --format json "$PL/budget.yaml"
	assert_equal "$(printf '%s' "$output" | jq -r '.versions[0] | [.path, .name, .version, .tokens] | @tsv')" "$PL/budget.yaml	long	$v	18"
	export GITHUB_ACTIONS=true GITHUB_STEP_SUMMARY="$TMP/summary.md"
	run prompt-lint --versions "$PL/budget.yaml"
	grep -q "\`$v\`" "$TMP/summary.md"
}

# --- config ---

@test "config found upwards: select, rule level, per-file-ignores, exclude, required-keys, budget" {
	cd "$PL/config"
	run prompt-lint --format json
	assert_status 1
	# vendor/ excluded; unused-variable raised to error; legacy-* ignores PL101
	assert_equal "$(printf '%s' "$output" | jq -r '[.files[].path] | join(" ")')" \
		"prompts/legacy-undeclared.yaml prompts/noname.yaml prompts/unused.yaml"
	assert_equal "$(printf '%s' "$output" | jq -r '[.files[].findings[] | "\(.code):\(.severity)"] | join(" ")')" \
		"PL102:error PL102:error"
	# the command line selects on top of the config: PL2 and PL4 now run
	run prompt-lint --select PL2,PL4 --format json prompts/noname.yaml
	assert_equal "$(printf '%s' "$output" | jq -r '[.files[].findings[].code] | join(" ")')" "PL201 PL401"
	# flags override the config's budget
	run prompt-lint --select PL4 --max-tokens-per-request 1000 prompts/noname.yaml
	assert_status 0
}

@test "--config names the file; a bad config is a usage error with line:col" {
	printf 'selekt: [PL101]\n' >"$TMP/bad.yaml"
	run prompt-lint --config "$TMP/bad.yaml" "$PL/budget.yaml"
	assert_status 2
	assert_output_contains "prompt-lint: $TMP/bad.yaml:1:1: unknown setting 'selekt'"
	printf 'rules:\n  unused-variable: loud\n' >"$TMP/bad2.yaml"
	run prompt-lint --config "$TMP/bad2.yaml" "$PL/budget.yaml"
	assert_status 2
	assert_output_contains "bad2.yaml:2:20:"
	printf 'ignore: [PL102]\n' >"$TMP/ok.yaml"
	run prompt-lint --strict --config "$TMP/ok.yaml" "$PL/broken/unused-variable.yaml"
	assert_status 0
	run prompt-lint --config "$TMP/missing.yaml" "$PL/budget.yaml"
	assert_status 2
}

@test "config formats: overrides detection" {
	mkdir -p "$TMP/p"
	printf 'formats:\n  "*.yaml": semantic-kernel\n' >"$TMP/p/.prompt-lint.yaml"
	printf 'template: Hi {{$who}}\nvariables: [who]\n' >"$TMP/p/x.yaml"
	run prompt-lint --format json "$TMP/p/x.yaml"
	assert_equal "$(printf '%s' "$output" | jq -r '.files[0].format')" semantic-kernel
	assert_equal "$(printf '%s' "$output" | jq -c '.files[0].used')" '["who"]'
}

# --- discovery ---

@test "folders: prompt globs only, .git and node_modules skipped, non-prompt YAML left alone" {
	mkdir -p "$TMP/r/.git" "$TMP/r/node_modules/x" "$TMP/r/.github/workflows" "$TMP/r/p"
	printf 'template: {broken\n' >"$TMP/r/.git/bad.yaml"
	printf 'template: {broken\n' >"$TMP/r/node_modules/x/bad.yaml"
	printf 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n' >"$TMP/r/.github/workflows/ci.yml"
	printf 'template: Hi {name}\nvariables: [name]\n' >"$TMP/r/p/a.yaml"
	printf -- '---\nname: b\n---\nuser:\nHi\n' >"$TMP/r/p/b.prompty"
	printf -- '---\nmodel: m\n---\nHi {{x}}\n' >"$TMP/r/p/c.prompt"
	printf 'messages:\n  - role: user\n    content: "{{x}}"\n' >"$TMP/r/p/d.prompt.yml"
	printf 'not a prompt\n' >"$TMP/r/p/notes.txt"
	cd "$TMP/r"
	run prompt-lint --format json
	assert_status 0
	assert_equal "$(printf '%s' "$output" | jq -r '[.files[] | "\(.path)=\(.format)"] | join(" ")')" \
		".github/workflows/ci.yml=null p/a.yaml=plain p/b.prompty=prompty p/c.prompt=dotprompt p/d.prompt.yml=gh-models"
	run prompt-lint --versions
	assert_equal "$(printf '%s\n' "$output" | cut -f1 | tr '\n' ' ')" "p/a.yaml p/b.prompty p/c.prompt p/d.prompt.yml "
}

@test "folders: what .gitignore files leave out is skipped" {
	mkdir -p "$TMP/g/build" "$TMP/g/p/generated" "$TMP/g/generated" "$TMP/g/.venv/lib" "$TMP/g/p/deep/build"
	printf '# output\nbuild/\n*.tmp.yaml\n/generated\n!keep.tmp.yaml\n' >"$TMP/g/.gitignore"
	printf 'deep/\n!build/\n\\!odd.yaml\n' >"$TMP/g/p/.gitignore"
	mkdir -p "$TMP/g/p/build"
	for f in build/a.yaml p/generated/b.yaml generated/c.yaml .venv/lib/d.yaml p/deep/build/e.yaml \
		p/x.tmp.yaml p/keep.tmp.yaml p/ok.yaml p/build/f.yaml p/!odd.yaml; do
		printf 'template: Hi {name}\nvariables: [name]\n' >"$TMP/g/$f"
	done
	cd "$TMP/g"
	run prompt-lint --versions
	assert_status 0
	# /generated is anchored (p/generated stays); the last matching pattern
	# wins (!keep.tmp.yaml, and p's !build/ over the parent's build/); \! is
	# a literal '!'; what a deeper .gitignore ignores stays ignored
	assert_equal "$(printf '%s\n' "$output" | cut -f1 | tr '\n' ' ')" \
		"p/build/f.yaml p/generated/b.yaml p/keep.tmp.yaml p/ok.yaml "
	# a file named on the command line is always checked
	run prompt-lint --versions build/a.yaml
	assert_equal "$(printf '%s\n' "$output" | cut -f1)" "build/a.yaml"
}

@test "stdin as -" {
	run sh -c 'printf "template: Hi {who}\nvariables: [name]\n" | prompt-lint -'
	assert_status 1
	assert_output_contains "-:1:15: error: 'who' is used but not declared"
	assert_output_contains "prompt-lint: 1 error, 1 warning in 1 file checked"
}

# --- each format's own layout ---

@test "formats: declared and used variables, and the one mistake of each fixture" {
	local d="$PL/formats" got
	check() {   # file format declared used findings
		run prompt-lint --format json "$d/$1"
		got=$(printf '%s' "$output" | jq -r '.files[0] | [.format, (.declared | join(",")), (.used | join(",")), ([.findings[] | "\(.line):\(.col) \(.code)"] | join(" "))] | @tsv')
		assert_equal "$got" "$2	$3	$4	$5"
	}
	check few_shot.yaml langchain adjective adjective ""
	check chat.yaml langchain question question,extra "7:27 PL101"
	check sk-handlebars.yaml semantic-kernel persona,history,query persona,history,role,content,query,missing "8:27 PL101"
	check sk-liquid.yaml semantic-kernel items,customer items,customer ""
	check v2-mustache.prompty prompty name,items name,items,label,unknown "18:52 PL101"
	check promptfoo.yaml promptfoo language,topic,unused_var topic,language "3:5 PL205 13:7 PL102"
	check gh.prompt.yml gh-models input,style,expected style,input,typo "7:27 PL101"
	check dotprompt.prompt dotprompt topic,tags,tone topic,tone,tags,author "14:3 PL101"
}

@test "f-string: {} and {0} are named as positional fields, JSON as literal braces" {
	printf 'template: "x {0} {} {\\"a\\": 1}"\nvariables: []\n' >"$TMP/pos.yaml"
	run prompt-lint "$TMP/pos.yaml"
	assert_status 1
	assert_output_contains "pos.yaml:1:14: error: '{0}' is a positional field that prompt templates never fill; write '{{0}}' for literal braces"
	assert_output_contains "pos.yaml:1:18: error: '{}' is a positional field that prompt templates never fill; write '{{}}' for literal braces"
	assert_output_contains "pos.yaml:1:21: error: '{\"a\"' is not a placeholder name"
}

@test "a file found twice (a folder and a file in it, ./ or not) is linted once" {
	mkdir -p "$TMP/twice"
	printf 'template: Hi {who}\nvariables: [name]\n' >"$TMP/twice/a.yaml"
	cd "$TMP"
	run prompt-lint --format json twice twice/a.yaml ./twice
	assert_status 1
	assert_equal "$(printf '%s' "$output" | jq -r '[.files[].path] | join(" ")')" "twice/a.yaml"
	assert_equal "$(printf '%s' "$output" | jq -r '.summary.files')" "1"
}

@test "a LangChain template_path file counts toward the budgets and the token column" {
	mkdir -p "$TMP/lc"
	printf '_type: prompt\ninput_variables: [topic]\ntemplate_path: long.txt\n' >"$TMP/lc/p.yaml"
	for _ in 1 2 3 4 5 6 7 8; do printf 'Write a careful essay about {topic}, citing sources.\n'; done >"$TMP/lc/long.txt"
	want=$(prompt-lint tokens "$TMP/lc/long.txt" | cut -f1 | tr -d '~')
	[ "$want" -gt 40 ]
	run prompt-lint --format json "$TMP/lc/p.yaml"
	assert_status 0
	assert_equal "$(printf '%s' "$output" | jq -r '.files[0].tokens')" "$want"
	run prompt-lint --max-tokens-per-request 40 "$TMP/lc/p.yaml"
	assert_status 1
	assert_output_contains "p.yaml:3:16: error: "
	assert_output_contains "exceed --max-tokens-per-request 40"
}

# --- severity follows the engine ---

@test "undeclared variable: error where rendering fails, warning where the engine renders it empty" {
	sev() {   # expected severity, then the file's lines
		local want=$1
		shift
		printf '%s\n' "$@" >"$TMP/p.yaml"
		run prompt-lint --format json "$TMP/p.yaml"
		assert_equal "$(printf '%s' "$output" | jq -r '[.files[0].findings[] | select(.code == "PL101") | .severity] | join(",")')" "$want"
	}
	sev error 'template: Hi {who}' 'variables: [name]'
	sev warning 'template: Hi {{ who }}' 'template_format: jinja2' 'variables: [name]'
	sev warning 'template: Hi {{who}}' 'template_format: mustache' 'variables: [name]'
	sev error '_type: prompt' 'input_variables: [name]' 'template: Hi {who}'
	sev error '_type: prompt' 'input_variables: [name]' 'template_format: mustache' 'template: Hi {{who}}'
	sev warning 'name: x' 'template_format: handlebars' 'template: Hi {{who}}' 'input_variables:' '  - name: name'
	sev warning 'name: x' 'template: Hi {{$who}}' 'input_variables:' '  - name: name'
	printf -- '---\ninput:\n  schema:\n    name: string\n---\nHi {{who}}\n' >"$TMP/d.prompt"
	run prompt-lint "$TMP/d.prompt"
	assert_status 0
	assert_output_contains "d.prompt:6:6: warning: 'who' is used but not declared in input.schema (the engine renders it empty)"
	printf -- '---\ninputs:\n  name: {type: string}\n---\nuser:\nHi {{who}}\n' >"$TMP/p.prompty"
	run prompt-lint "$TMP/p.prompty"
	assert_status 0
	assert_output_contains "p.prompty:6:6: warning: 'who' is used but not declared in inputs"
	# a config naming the rule sets it for every engine
	printf 'rules:\n  undeclared-variable: error\n' >"$TMP/.prompt-lint.yaml"
	run prompt-lint "$TMP/p.prompty"
	assert_status 1
	assert_output_contains "p.prompty:6:6: error: 'who'"
}

@test "a stray '}}' in Mustache, Handlebars and Dotprompt is a warning; literal JSON braces are not" {
	printf 'template_format: mustache\nvariables: [name]\ntemplate: |\n  Hi {name}} {"a": {"b": 1}} {{name}}\n' >"$TMP/m.yaml"
	run prompt-lint "$TMP/m.yaml"
	assert_status 0
	assert_output_contains "m.yaml:4:11: warning: '}}' has no opening '{{' and is printed as it is"
	assert_equal "$(printf '%s\n' "$output" | grep -c PL309)" 1
	printf 'template_format: jinja2\nvariables: [name]\ntemplate: "{{ name }} ok}}"\n' >"$TMP/j.yaml"
	run prompt-lint "$TMP/j.yaml"
	assert_status 0
	assert_equal "$output" ""
}

@test "Dotprompt front matter after '#' lines in the first column is read as dotprompt reads it" {
	printf '# Copyright\n#\n\n---\ninput:\n  schema:\n    topic: string\n---\nAbout {{topic}}\n' >"$TMP/c.prompt"
	run prompt-lint --format json "$TMP/c.prompt"
	assert_status 0
	assert_equal "$(printf '%s' "$output" | jq -c '.files[0] | [.declared, .used, .findings]')" '[["topic"],["topic"],[]]'
	# an indented comment: dotprompt finds no front matter, the whole file is the template
	printf '  # indented\n---\ninput:\n  schema:\n    topic: string\n---\nAbout {{topic}}\n' >"$TMP/i.prompt"
	run prompt-lint --format json "$TMP/i.prompt"
	assert_equal "$(printf '%s' "$output" | jq -c '.files[0].declared')" '[]'
}

# --- a gate given nothing ---

@test "a folder with no prompt files is exit 3 and says what was looked for, unless --allow-empty" {
	mkdir -p "$TMP/empty" "$TMP/k8s"
	printf 'apiVersion: v1\nkind: Service\n' >"$TMP/k8s/svc.yaml"
	run prompt-lint "$TMP/empty"
	assert_status 3
	assert_output_contains "prompt-lint: no prompt files found under $TMP/empty (looked for *.yaml, *.yml, *.prompty, *.prompt, *.prompt.yml"
	assert_output_contains "pass --allow-empty"
	run prompt-lint "$TMP/k8s"
	assert_status 3
	assert_output_contains "no prompt files found under $TMP/k8s (1 file matched the prompt globs, none is a prompt file)"
	run prompt-lint --allow-empty "$TMP/empty" "$TMP/k8s"
	assert_status 0
	run prompt-lint --format json "$TMP/empty"
	assert_status 3
	# one good folder does not hide an empty one
	run prompt-lint "$PL/formats" "$TMP/empty"
	assert_status 3
	cd "$TMP/empty"
	run prompt-lint
	assert_status 3
	assert_output_contains "no prompt files found under . "
	printf 'include: ["prompts/**/*.txt"]\n' >.prompt-lint.yaml
	run prompt-lint
	assert_status 3
	assert_output_contains "looked for prompts/**/*.txt (include in"
}

# --- command line: per-command help, options before the command ---

@test "tokens: its own --help, and options written before the command" {
	run prompt-lint tokens --help
	assert_status 0
	assert_output_contains "Usage: prompt-lint tokens"
	case "$output" in *max-tokens-per-request*|*--strict*) echo "tokens --help lists the lint options" >&2; return 1 ;; esac
	run prompt-lint --help
	assert_output_contains "--allow-empty"
	assert_output_contains "--color"
	printf 'hello world\n' >"$TMP/t.txt"
	run prompt-lint --encoding o200k_base tokens "$TMP/t.txt"
	assert_status 0
	assert_equal "$output" "3	$TMP/t.txt"
	run prompt-lint --encoding=estimate tokens "$TMP/t.txt"
	assert_equal "$output" "~4	$TMP/t.txt"
	run prompt-lint --strict tokens "$TMP/t.txt"
	assert_status 2
	assert_output_contains "unknown option --strict"
	run prompt-lint --help tokens
	assert_output_contains "Usage: prompt-lint tokens"
}

@test "command table: --help lists the commands; any other first word is a path; a command takes only its own options" {
	run prompt-lint --help
	assert_status 0
	printf '%s\n' "$output" | sed -n '/^Commands:/,/^$/p' | grep -q '^  tokens  *Print the exact token count'
	# A path that is spelt like a command is linted after --.
	mkdir "$TMP/tokens"
	printf 'input_variables: [x]\ntemplate: "hi {x}"\n' >"$TMP/tokens/p.yaml"
	cd "$TMP"
	run prompt-lint --no-github -- tokens
	assert_status 0
	assert_equal "$output" ""
	# Lint's options are not the command's, before or after its name.
	printf 'hello world\n' >"$TMP/t.txt"
	run prompt-lint tokens --strict "$TMP/t.txt"
	assert_status 2
	assert_output_contains "unknown option --strict"
	run prompt-lint -j 2 tokens "$TMP/t.txt"
	assert_status 2
	assert_output_contains "unknown option -j"
	run prompt-lint tokens --version
	assert_output_contains "prompt-lint (agentci)"
}

@test "stdout that cannot be written is exit 4 (json, sarif, --versions, text, tokens)" {
	[ -w /dev/full ] || skip "no /dev/full"
	local f="$PL/broken/unused-variable.yaml"
	for args in "-f json" "-f sarif" "--versions" "--versions -f markdown" ""; do
		# shellcheck disable=SC2086
		run sh -c "prompt-lint $args '$f' >/dev/full"
		assert_status 4
		assert_output_contains "prompt-lint: write error on standard output"
	done
	run sh -c "prompt-lint tokens '$f' >/dev/full"
	assert_status 4
}

# --- colour ---

@test "colour: severities on a terminal; never in a pipe, JSON, NO_COLOR or TERM=dumb" {
	command -v script >/dev/null || skip "script(1) is not installed"
	local f="$PL/broken/unused-variable.yaml" esc
	esc=$(printf '\033')
	run prompt-lint --color=always "$f"
	assert_output_contains "${esc}[1;35mwarning${esc}[0m: variable"
	run prompt-lint "$f"
	case "$output" in *"$esc"*) echo "colour in a pipe" >&2; return 1 ;; esac
	run env TERM=xterm script -qec "prompt-lint '$f'" /dev/null
	assert_output_contains "${esc}[1;35mwarning${esc}[0m"
	for e in NO_COLOR=1 TERM=dumb; do
		run env TERM=xterm "$e" script -qec "prompt-lint '$f'" /dev/null
		case "$output" in *"$esc"*) echo "colour with $e" >&2; return 1 ;; esac
	done
	run env TERM=xterm script -qec "prompt-lint --color=never '$f'" /dev/null
	case "$output" in *"$esc"*) echo "colour with --color=never" >&2; return 1 ;; esac
	run prompt-lint --color=always -f json "$f"
	case "$output" in *"$esc"*) echo "colour in JSON" >&2; return 1 ;; esac
	run prompt-lint --color=sometimes "$f"
	assert_status 2
}

@test "--jobs: the same output on one thread and on several; a bad count is a usage error" {
	local one many
	one=$(prompt-lint --no-github -j 1 --format json --max-tokens-per-request 30 --warn-at 10 "$PL" || true)
	many=$(prompt-lint --no-github --jobs 7 --format json --max-tokens-per-request 30 --warn-at 10 "$PL" || true)
	[ -n "$one" ]
	assert_equal "$many" "$one"
	run prompt-lint -j 0 "$PL"
	assert_status 2
	assert_output_contains "--jobs: '0' is not a number of threads"
}
