#!/usr/bin/env bats
# img-tag end to end: the conformance vectors, every option, the three
# context sources, the subtleties of spec §19, and bad input.

load helpers
load ../servers/lib

SHA=860c1904a1ce19322e91ac35af1ab07466440c37
NOW=2020-01-10T00:30:00.000Z

setup() {
	# A test run inside GitHub Actions or GitLab CI must not see the
	# runner's own context.
	local v
	for v in $(env | sed -n 's/^\(GITHUB_[A-Z_]*\|GITLAB_CI\|CI_[A-Z_]*\|DOCKER_METADATA_[A-Z_]*\|INPUT_[A-Z_]*\|RUNNER_TEMP\|SOURCE_DATE_EPOCH\)=.*/\1/p'); do
		unset "$v"
	done
	T=$BATS_TEST_TMPDIR
}

teardown() {
	server_stop
}

# A push of branch dev in GitHub Actions' variables (not GITHUB_ACTIONS
# itself: outputs files only where a test asks for them).
github_push() {
	export GITHUB_EVENT_NAME=push GITHUB_REF=refs/heads/dev GITHUB_SHA=$SHA GITHUB_REPOSITORY=octo/hello
}

# img-tag on the GitHub context with a fixed clock.
it() {
	img-tag --context github --now "$NOW" "$@"
}

# ---- conformance -------------------------------------------------------

@test "conformance: every case of vectors/img-tag/cases.jsonl" {
	require_shared vectors/img-tag || return
	run python3 "$BATS_TEST_DIRNAME/img-tag-vectors.py" "$SHARED/vectors/img-tag/cases.jsonl" "$(command -v img-tag)"
	echo "$output" | sed "s/^/# /" >&3
	assert_status 0
	assert_output_contains " cases passed"
	case "$output" in *FAIL*) return 1 ;; esac
}

# ---- basics ------------------------------------------------------------

@test "--help lists every option, --version names the suite" {
	run img-tag --help
	assert_status 0
	for o in images tags flavor labels annotations sep-tags sep-labels sep-annotations bake-target \
		inputs-from-env context ref sha event repo-json repo-name repo-description repo-url \
		repo-license default-branch github-api now commit-date output format bake-dir quiet no-github; do
		assert_output_contains "--$o"
	done
	run img-tag --version
	assert_status 0
	assert_output_contains "img-tag (agentci) "
}

@test "default output: one tag a line, first the version" {
	github_push
	run it -i user/app -t type=ref,event=branch -t type=sha,prefix=
	assert_status 0
	assert_equal "$output" "user/app:dev
user/app:860c190"
	run sh -c 'img-tag --context github -i user/app -t type=sha,prefix= -t type=ref,event=branch | head -1'
	assert_equal "$output" "user/app:dev"
}

@test "--output prints each output exactly as the action sets it" {
	github_push
	run it -i user/app -t type=ref,event=branch -t type=raw,x -o version
	assert_equal "$output" "dev"
	run it -i user/app -i ghcr.io/Octo/App -t type=ref,event=branch -t type=raw,x -o tag-names
	assert_equal "$output" "dev
x"
	run it -i user/app -t type=ref,event=branch --labels a=1 --repo-name hello -o labels
	assert_equal "$(echo "$output" | head -1)" "a=1"
	assert_output_contains "org.opencontainers.image.created=2020-01-10T00:30:00.000Z"
	assert_output_contains "org.opencontainers.image.title=hello"
	run it -i user/app -t type=ref,event=branch --annotations "b=2" -o annotations
	assert_equal "$(echo "$output" | head -1)" "manifest:b=2"
	run it -i user/app -t type=ref,event=branch -o json
	assert_equal "$(echo "$output" | wc -l | tr -d ' ')" "1"
	assert_equal "$(echo "$output" | jq -r 'keys_unsorted | join(",")')" "tags,tag-names,labels,annotations"
	run it -i user/app -t type=ref,event=branch --bake-target web -o bake-tags
	assert_equal "$(echo "$output" | jq -c .target.web)" \
		'{"tags":["user/app:dev"],"args":{"DOCKER_META_IMAGES":"user/app","DOCKER_META_VERSION":"dev"}}'
	assert_output_contains '  "target": {'
	run it -i user/app -t type=ref,event=branch -o bake-labels
	assert_equal "$(echo "$output" | jq -r '.target."docker-metadata-action".labels."org.opencontainers.image.version"')" dev
	run it -i user/app -t type=ref,event=branch -o bake-annotations
	assert_equal "$(echo "$output" | jq -r '.target."docker-metadata-action".annotations[0]')" \
		"manifest:org.opencontainers.image.created=2020-01-10T00:30:00.000Z"
	run it -i user/app -t type=ref,event=branch -o bake
	assert_equal "$(echo "$output" | jq -r '.target."docker-metadata-action" | keys_unsorted | join(",")')" "tags,labels,args"
}

@test "--format json: version, tags, tag-names, labels, annotations" {
	github_push
	run it -i user/app -t type=ref,event=branch --format json
	assert_status 0
	assert_equal "$(echo "$output" | jq -r 'keys_unsorted | join(",")')" "version,tags,tag-names,labels,annotations"
	assert_equal "$(echo "$output" | jq -r .version)" dev
	assert_equal "$(echo "$output" | jq -r '.labels."org.opencontainers.image.revision"')" "$SHA"
}

@test "json and bake outputs escape control characters as JSON.stringify does (lower-case hex)" {
	github_push
	run it -t type=ref,event=branch --labels "$(printf 'a=x\037y\001')" -o json
	assert_status 0
	assert_output_contains '"a":"x\u001fy\u0001"'
	run it -t type=ref,event=branch --labels "$(printf 'a=\\u001F\033')" -o bake-labels
	# A literal backslash-u stays as written; only the escape is lower case.
	assert_output_contains '"a": "\\u001F\u001b"'
}

@test "--sep-tags, --sep-labels, --sep-annotations join the outputs" {
	github_push
	run it -i a/b -t type=ref,event=branch -t type=raw,x --sep-tags ,
	assert_equal "$output" "a/b:dev,a/b:x"
	run it -i a/b -t type=ref,event=branch --sep-labels ';' -o labels
	assert_equal "$(echo "$output" | tr ';' '\n' | wc -l | tr -d ' ')" "8"
	run it -i a/b -t type=ref,event=branch --sep-annotations '|' -o annotations
	assert_output_contains "created=2020-01-10T00:30:00.000Z|manifest:org.opencontainers.image.description="
}

@test "list inputs: several entries in one value, comments, quoting" {
	github_push
	run it -i 'user/app
# a comment
ghcr.io/user/app' -t 'type=ref,event=branch

type=raw,"value=a,b"' -o tag-names
	assert_status 0
	# The list reader drops the quotes, so the tag parser splits a,b again:
	# value=a then a bare field b (the last value wins), as the action does.
	assert_equal "$output" "dev
b"
	run it -t '"type=raw,""value=a,b"""' -o tag-names
	assert_equal "$output" "a-b"
	run it -t 'type=raw,value=foo#bar' -o version
	assert_equal "$output" "foo-bar"
}

@test "--bake-dir writes the four bake files" {
	github_push
	run it -i user/app -t type=ref,event=branch --bake-dir "$T/bake"
	assert_status 0
	for f in tags labels annotations; do
		jq -e . "$T/bake/docker-metadata-action-bake-$f.json" >/dev/null
	done
	assert_equal "$(jq -r '.target."docker-metadata-action".tags[0]' "$T/bake/docker-metadata-action-bake.json")" "user/app:dev"
}

# ---- GitHub Actions ----------------------------------------------------

@test "GitHub Actions: every output to GITHUB_OUTPUT, DOCKER_METADATA_OUTPUT_* to GITHUB_ENV" {
	github_push
	export GITHUB_ACTIONS=true GITHUB_OUTPUT=$T/out GITHUB_ENV=$T/env GITHUB_STEP_SUMMARY=$T/sum RUNNER_TEMP=$T
	run img-tag --now "$NOW" -i user/app -t type=ref,event=branch -t type=sha
	assert_status 0
	assert_equal "$output" "user/app:dev
user/app:sha-860c190"
	for o in version tags tag-names labels annotations json bake-file-tags bake-file-labels \
		bake-file-annotations bake-file; do
		grep -q "^$o\(=\|<<\)" "$T/out" || { echo "no $o in GITHUB_OUTPUT" >&2; return 1; }
	done
	grep -q '^version=dev$' "$T/out"
	# Multi-line values use a heredoc with a random delimiter.
	grep -q '^tags<<ghadelimiter_' "$T/out"
	grep -q '^DOCKER_METADATA_OUTPUT_TAG_NAMES<<' "$T/env"
	grep -q '^DOCKER_METADATA_OUTPUT_BAKE_FILE_TAGS=' "$T/env"
	bake=$(sed -n 's/^bake-file-tags=//p' "$T/out")
	assert_equal "$(jq -r '.target."docker-metadata-action".args.DOCKER_META_VERSION' "$bake")" dev
	grep -q 'user/app:dev' "$T/sum"
}

@test "GitHub Actions: DOCKER_METADATA_SET_OUTPUT_ENV=false and --no-github" {
	github_push
	export GITHUB_ACTIONS=true GITHUB_OUTPUT=$T/out GITHUB_ENV=$T/env RUNNER_TEMP=$T
	DOCKER_METADATA_SET_OUTPUT_ENV=false run img-tag -t type=ref,event=branch
	assert_status 0
	grep -q '^version=dev$' "$T/out"
	[ ! -s "$T/env" ]
	# The action tests /true/i: anything without "true" turns the exports off.
	DOCKER_METADATA_SET_OUTPUT_ENV=1 run img-tag -t type=ref,event=branch
	[ ! -s "$T/env" ]
	DOCKER_METADATA_SET_OUTPUT_ENV=TRUE run img-tag -t type=ref,event=branch
	grep -q '^DOCKER_METADATA_OUTPUT_VERSION=dev$' "$T/env"
	rm -f "$T/env"
	rm -f "$T/out"
	run img-tag --no-github -t type=ref,event=branch
	assert_equal "$output" "dev"
	[ ! -e "$T/out" ]
}

@test "GitHub Actions: a failed write leaves GITHUB_OUTPUT and GITHUB_ENV as they were, exit 4" {
	[ -w /dev/full ] || skip "no /dev/full"
	github_push
	export GITHUB_ACTIONS=true GITHUB_OUTPUT=$T/out RUNNER_TEMP=$T
	echo "earlier=1" >"$T/out"
	GITHUB_ENV=/dev/full run img-tag -t type=ref,event=branch
	assert_status 4
	assert_output_contains "GITHUB_ENV"
	assert_equal "$(cat "$T/out")" "earlier=1"
	echo "earlier=2" >"$T/env"
	GITHUB_OUTPUT=/dev/full GITHUB_ENV=$T/env run img-tag -t type=ref,event=branch
	assert_status 4
	assert_output_contains "GITHUB_OUTPUT"
	assert_equal "$(cat "$T/env")" "earlier=2"
}

@test "GitHub Actions: warnings and errors are workflow commands on stderr; --no-github plain, --quiet no warnings" {
	github_push
	export GITHUB_ACTIONS=true GITHUB_OUTPUT=$T/out RUNNER_TEMP=$T GITHUB_EVENT_PATH=$T/missing.json
	img-tag -t type=semver,pattern={{version}},value=bogus 2>"$T/err" >/dev/null
	grep -q '^::warning title=img-tag::bogus is not a valid semver' "$T/err"
	grep -q '^::warning title=img-tag::no tag generated' "$T/err"
	grep -q '^::warning title=img-tag::GITHUB_EVENT_PATH' "$T/err"
	img-tag --no-github -t type=semver,pattern={{version}},value=bogus 2>"$T/err" >/dev/null
	grep -q '^img-tag: warning: bogus is not a valid semver' "$T/err"
	! grep -q '::warning' "$T/err" || false
	img-tag --quiet -t type=semver,pattern={{version}},value=bogus 2>"$T/err" >/dev/null
	[ ! -s "$T/err" ]
	# An error is an ::error:: annotation too, then the usual line.
	unset GITHUB_EVENT_PATH
	run img-tag -t type=foo
	assert_status 2
	assert_equal "${lines[0]}" '::error title=img-tag::tags: "type=foo": unknown tag type "foo"; use schedule, semver, pep440, match, edge, ref, raw or sha'
	assert_equal "${lines[1]}" 'img-tag: tags: "type=foo": unknown tag type "foo"; use schedule, semver, pep440, match, edge, ref, raw or sha'
	run img-tag --no-github -t type=foo
	assert_equal "${#lines[@]}" 1
}

@test "GitHub Actions: a warning is its usual line, then its annotation; --no-github and a plain run stay unannotated" {
	github_push
	export GITHUB_ACTIONS=true GITHUB_OUTPUT=$T/out RUNNER_TEMP=$T
	img-tag -t type=semver,pattern={{version}},value=bogus 2>"$T/err" >/dev/null
	grep -A1 '^img-tag: warning: bogus is not a valid semver' "$T/err" | tail -1 |
		grep -q '^::warning title=img-tag::bogus is not a valid semver'
	unset GITHUB_ACTIONS
	run img-tag -t type=foo
	assert_status 2
	assert_equal "${#lines[@]}" 1
	assert_equal "${lines[0]}" 'img-tag: tags: "type=foo": unknown tag type "foo"; use schedule, semver, pep440, match, edge, ref, raw or sha'
}

@test "--inputs-from-env reads INPUT_*, and flags win over it" {
	github_push
	export INPUT_IMAGES=user/app INPUT_TAGS='type=ref,event=branch
type=raw,x'
	run env 'INPUT_SEP-TAGS=;' img-tag --context github --inputs-from-env
	assert_status 0
	assert_equal "$output" "user/app:dev;user/app:x"
	run img-tag --context github --inputs-from-env -t type=raw,y
	assert_equal "$output" "user/app:y"
	INPUT_CONTEXT=bogus run img-tag --inputs-from-env
	assert_status 2
}

# ---- the three contexts ------------------------------------------------

@test "context github: event payload, pull_request_target, PR head sha" {
	export GITHUB_EVENT_NAME=pull_request_target GITHUB_REF=refs/heads/main GITHUB_SHA=$SHA
	echo '{"number": 15, "pull_request": {"head": {"sha": "abcdef0123456789"}, "base": {"ref": "main"}},
	       "repository": {"default_branch": "main"}}' >"$T/event.json"
	export GITHUB_EVENT_PATH=$T/event.json
	run it -t type=ref,event=pr -t type=sha -t 'type=raw,base-{{base_ref}}'
	assert_equal "$output" "pr-15
base-main
sha-860c190"
	DOCKER_METADATA_PR_HEAD_SHA=True run it -t type=ref,event=pr -t type=sha -o tag-names
	assert_equal "$output" "pr-15
sha-abcdef0"
}

@test "context github: a missing event file is an empty payload (like the action)" {
	github_push
	export GITHUB_EVENT_PATH=$T/none.json
	run it -t type=ref,event=branch
	assert_status 0
	assert_equal "$(echo "$output" | tail -1)" "dev"
}

@test "context github: --github-api fetches the repository and the commit date" {
	port=$(server_start python3 "$FIXTURES/img-tag/github_api.py" --token s3cret --log "$T/api.log")
	export GITHUB_API_URL=http://127.0.0.1:$port GITHUB_TOKEN=s3cret GITHUB_REPOSITORY=octo/hello-api
	export GITHUB_EVENT_NAME=push GITHUB_REF=refs/heads/trunk GITHUB_SHA=$SHA
	run it --github-api -t type=edge -t "type=raw,{{commit_date 'YYYY-MM-DD'}}" -o tag-names
	assert_status 0
	assert_equal "$output" "edge
2021-03-04"
	run it --github-api -o labels
	assert_output_contains "org.opencontainers.image.title=hello-api"
	assert_output_contains "org.opencontainers.image.licenses=Apache-2.0"
	assert_output_contains "org.opencontainers.image.url=https://github.example/octo/hello-api"
	grep -q "^/repos/octo/hello-api/commits/$SHA$" "$T/api.log"
	# The action's github-token input serves when GITHUB_TOKEN is unset.
	run env -u GITHUB_TOKEN 'INPUT_GITHUB-TOKEN=s3cret' img-tag --context github --inputs-from-env --github-api -o labels
	assert_status 0
	assert_output_contains "org.opencontainers.image.title=hello-api"
	GITHUB_TOKEN=wrong run it --github-api
	assert_status 4
	assert_output_contains "HTTP 401"
	case "$output" in *wrong*) echo "token on stderr" >&2; return 1 ;; esac
}

@test "context github: --github-api without a usable libcurl says what to install, exit 4, no request" {
	github_push
	export GITHUB_API_URL=http://127.0.0.1:9 GITHUB_TOKEN=s3cret
	IMG_TAG_LIBCURL=$T/no/libcurl.so.4 run it --github-api
	assert_status 4
	assert_output_contains "cannot: $T/no/libcurl.so.4"
	assert_output_contains "install libcurl4"
	assert_output_contains "--repo-json"
	# A library that is not libcurl at all.
	IMG_TAG_LIBCURL=libm.so.6 run it --github-api
	assert_status 4
	assert_output_contains "has no curl_easy_* functions"
	# Without --github-api libcurl is never needed.
	IMG_TAG_LIBCURL=$T/no/libcurl.so.4 run it -t type=ref,event=branch
	assert_status 0
	assert_equal "$output" "dev"
}

@test "context github: offline repository fallbacks from GITHUB_REPOSITORY and GITHUB_SERVER_URL" {
	github_push
	export GITHUB_SERVER_URL=https://ghe.example
	run it -o labels
	assert_output_contains "org.opencontainers.image.title=hello"
	assert_output_contains "org.opencontainers.image.source=https://ghe.example/octo/hello"
	assert_output_contains "org.opencontainers.image.licenses="
}

@test "context gitlab: branch, tag, merge request and default branch from CI_* variables" {
	export CI_PIPELINE_SOURCE=push CI_COMMIT_BRANCH=main CI_COMMIT_SHA=$SHA CI_DEFAULT_BRANCH=main \
		CI_PROJECT_NAME=proj CI_PROJECT_URL=https://gitlab.example/g/proj CI_PROJECT_PATH=g/proj
	run img-tag --context gitlab -t type=ref,event=branch -t type=edge -t type=sha
	assert_equal "$output" "edge
main
sha-860c190"
	GITLAB_CI=true run img-tag -o labels
	assert_output_contains "org.opencontainers.image.title=proj"
	assert_output_contains "org.opencontainers.image.source=https://gitlab.example/g/proj"
	unset CI_COMMIT_BRANCH
	CI_COMMIT_TAG=v2.3.4 run img-tag --context gitlab -t 'type=semver,pattern={{major}}.{{minor}}'
	assert_equal "$output" "2.3
latest"
	CI_PIPELINE_SOURCE=merge_request_event CI_MERGE_REQUEST_IID=7 CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main \
		run img-tag --context gitlab -t type=ref,event=pr -t 'type=raw,to-{{base_ref}}'
	assert_equal "$output" "pr-7
to-main"
	CI_PIPELINE_SOURCE=schedule run img-tag --context gitlab -t "type=schedule,pattern={{date 'YYYY'}}" --now 2024-05-06T07:08:09Z
	assert_equal "$output" "2024"
}

# A repository with one commit on main, made for the test.
make_repo() {
	git init -q -b main "$T/repo"
	cd "$T/repo" || return 1
	git config user.email t@example.com
	git config user.name t
	echo a >a
	git add a
	GIT_COMMITTER_DATE=2022-02-03T04:05:06Z git commit -qm one
	git remote add origin https://user:tok3n@github.com/octo/Widget.git
}

@test "context git: branch, sha, commit date and remote of a local checkout" {
	make_repo
	git checkout -q -b feature/x
	head=$(git rev-parse HEAD)
	run img-tag -t type=ref,event=branch -t type=sha,format=long,prefix= -t "type=raw,{{commit_date 'YYYYMMDD-HHmmss'}}"
	assert_status 0
	assert_equal "$output" "feature-x
20220203-040506
$head"
	run img-tag --context git -o labels
	assert_output_contains "org.opencontainers.image.source=https://github.com/octo/Widget"
	assert_output_contains "org.opencontainers.image.title=Widget"
	assert_output_contains "org.opencontainers.image.revision=$head"
	case "$output" in *tok3n*) echo "credentials leaked into a label" >&2; return 1 ;; esac
}

@test "context git: the default branch is origin/HEAD (type=edge, is_default_branch)" {
	make_repo
	git update-ref refs/remotes/origin/main HEAD
	git symbolic-ref refs/remotes/origin/HEAD refs/remotes/origin/main
	run img-tag -t type=edge -t 'type=raw,d-{{is_default_branch}}'
	assert_equal "$output" "edge
d-true"
	git checkout -q -b topic
	run img-tag -t type=edge -t 'type=raw,d-{{is_default_branch}}'
	assert_equal "$output" "d-false"
	run img-tag --default-branch topic -t type=edge
	assert_equal "$output" "edge"
}

@test "context git: a detached HEAD at a tag is a tag build" {
	make_repo
	git tag v1.4.0
	git checkout -q --detach v1.4.0
	run img-tag -i app -t 'type=semver,pattern={{version}}' -t type=ref,event=branch
	assert_equal "$output" "app:1.4.0
app:latest"
}

@test "context git: --ref, --sha and --event override what the context says" {
	make_repo
	run img-tag --ref refs/tags/v9.8.7 --sha 0123456789abcdef --event schedule \
		-t 'type=semver,pattern={{version}}' -t type=sha -t type=schedule
	assert_equal "$output" "nightly
9.8.7
sha-0123456"
}

@test "context git inside GitHub Actions: event and repository from the workflow, ref and sha from git" {
	make_repo
	git tag v2.0.0
	export GITHUB_ACTIONS=true GITHUB_EVENT_NAME=schedule GITHUB_REF=refs/heads/other GITHUB_SHA=$SHA \
		GITHUB_REPOSITORY=octo/from-workflow
	run img-tag --no-github --context git -t type=schedule -t type=ref,event=branch -t type=sha
	assert_equal "$output" "nightly
main
sha-$(git rev-parse --short=7 HEAD)"
	run img-tag --no-github --context git -o labels
	assert_output_contains "org.opencontainers.image.title=from-workflow"
}

@test "context git: outside a checkout is an input error, unless --ref and --sha say it all" {
	mkdir "$T/plain"
	cd "$T/plain"
	GIT_CEILING_DIRECTORIES=$T run img-tag --context git
	assert_status 3
	assert_output_contains "img-tag: --context git: not inside a git checkout"
	# As the message says, --ref and --sha together need no checkout.
	GIT_CEILING_DIRECTORIES=$T run img-tag --context git --ref refs/tags/v1.2.3 --sha "$SHA" \
		-t type=semver,pattern={{version}} -t type=sha -o tag-names
	assert_status 0
	assert_equal "$output" "1.2.3
sha-860c190
latest"
	GIT_CEILING_DIRECTORIES=$T run img-tag --context git --ref refs/heads/x
	assert_status 3
}

# ---- time --------------------------------------------------------------

@test "time: SOURCE_DATE_EPOCH, --now, --commit-date, time zones" {
	github_push
	SOURCE_DATE_EPOCH=1700000000 run img-tag --context github -o labels
	assert_output_contains "org.opencontainers.image.created=2023-11-14T22:13:20.000Z"
	# A malformed SOURCE_DATE_EPOCH fails rather than silently using the
	# clock (reproducible-builds.org); --now still wins over it.
	SOURCE_DATE_EPOCH=17e8 run img-tag --context github -t type=ref,event=branch
	assert_status 2
	assert_output_contains 'SOURCE_DATE_EPOCH "17e8" is not a count of seconds'
	SOURCE_DATE_EPOCH=17e8 run it -t type=ref,event=branch
	assert_status 0
	run it -t "type=raw,value={{date 'YYYY-MM-DD HH:mm Z' tz='America/New_York'}}" --now 2024-07-01T12:00:00Z
	assert_equal "$output" "2024-07-01-08-00--04-00"
	run it -t "type=raw,{{commit_date 'Do MMMM YYYY'}}" --commit-date 2021-12-25T10:00:00+02:00
	assert_equal "$output" "25th-December-2021"
	run it -t "type=raw,value={{date 'YYYY' tz='Mars/Olympus'}}"
	assert_status 0
	assert_equal "$(echo "$output" | tail -1)" "2020"
	assert_output_contains "unknown time zone"
}

@test "time: the commit date comes from the payload, then git, then the clock" {
	make_repo
	head=$(git rev-parse HEAD)
	export GITHUB_REF=refs/heads/main GITHUB_SHA=$head
	echo '{"commits": [{"id": "other", "timestamp": "2001-01-01T00:00:00Z"},
	       {"id": "'"$head"'", "timestamp": "2018-01-02T03:04:05+02:00"}]}' >"$T/ev.json"
	GITHUB_EVENT_PATH=$T/ev.json run it -t "type=raw,value={{commit_date 'YYYYMMDD-HH'}}"
	assert_equal "$output" "20180102-01"
	run it -t "type=raw,value={{commit_date 'YYYYMMDD'}}"
	assert_equal "$output" "20220203"
	cd "$T"
	run it -t "type=raw,value={{commit_date 'YYYYMMDD'}}"
	assert_equal "$output" "20200110"
}

# ---- spec §19: the subtleties, one test each ---------------------------

@test "§19.1 latest is decided by the highest-priority entry that yields a value" {
	export GITHUB_REF=refs/tags/v1.1.1 GITHUB_SHA=$SHA
	run it -t type=raw,value=first,priority=2000 -t type=ref,event=tag
	assert_equal "$output" "first
v1.1.1"
	run it -t type=ref,event=tag -t type=raw,value=first
	assert_equal "$output" "v1.1.1
first
latest"
}

@test "§19.2 flavor prefix skips type=sha and ref,event=pr; flavor suffix does not" {
	export GITHUB_REF=refs/pull/3/merge GITHUB_SHA=$SHA
	run it -t type=ref,event=pr -t type=sha -t type=raw,r -t type=raw,e,prefix= --flavor prefix=p- --flavor suffix=-s
	assert_equal "$output" "pr-3-s
p-r-s
e-s
sha-860c190-s"
}

@test "§19.3 prereleases ignore the pattern and never set latest; pep440 post-releases too" {
	export GITHUB_REF=refs/tags/v2.0.8-beta.67 GITHUB_SHA=$SHA
	run it -t 'type=semver,pattern={{major}}' -t 'type=semver,pattern={{raw}}'
	assert_equal "$output" "2.0.8-beta.67
v2.0.8-beta.67"
	export GITHUB_REF=refs/tags/1.2.post3
	run it -t 'type=pep440,pattern={{major}}'
	assert_equal "$output" "1.2.post3"
}

@test "§19.4 sanitising collapses runs, keeps case and leading - or ., never truncates; images only lowercased" {
	long=$(printf 'a%.0s' $(seq 1 200))
	run it -i 'Reg.IO:5000/Org/App' -t 'type=raw,UPPER/Case  sp' -t 'type=raw,-lead' -t 'type=raw,.dot' -t "type=raw,$long"
	assert_equal "$output" "reg.io:5000/org/app:UPPER-Case-sp
reg.io:5000/org/app:-lead
reg.io:5000/org/app:.dot
reg.io:5000/org/app:$long"
	run it -t 'type=raw,héllo wörld'
	assert_equal "$output" "h-llo-w-rld"
}

@test "§19.5 labels: no '=' dropped, later key wins, split at the first '=', locale order" {
	run it --labels 'zeta=1
Alpha=2
_x=3
alpha=4
invalid
e=a=b
org.opencontainers.image.title=Mine' -q -o labels
	assert_equal "$(echo "$output" | cut -d= -f1 | tr '\n' ' ')" \
		"_x alpha Alpha e org.opencontainers.image.created org.opencontainers.image.description org.opencontainers.image.licenses org.opencontainers.image.revision org.opencontainers.image.source org.opencontainers.image.title org.opencontainers.image.url org.opencontainers.image.version zeta "
	assert_output_contains "e=a=b"
	assert_output_contains "org.opencontainers.image.title=Mine"
}

@test "§19.5 labels: 300 random keys of ASCII and Latin letters sort exactly as node's localeCompare (when node is installed)" {
	command -v node >/dev/null || skip "node not installed"
	github_push
	# A fixed pseudo-random set of keys over every printable ASCII
	# character but the CSV quote, '=', ',' and a leading '#', and the
	# letters of U+00C0..U+017F but U+0149.
	node -e '
		let c = [..." !$%&\x27()*+-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"];
		for (let cp = 0xC0; cp <= 0x17F; cp++)
			if (/\p{L}/u.test(String.fromCodePoint(cp)) && cp !== 0x149) c.push(String.fromCodePoint(cp));
		let s = 7; const r = n => (s = (s * 1103515245 + 12345) % 2147483648) % n;
		const keys = new Set();
		while (keys.size < 300) {
			let k = ""; for (let i = 0, n = 1 + r(6); i < n; i++) k += c[r(c.length)];
			k = k.trim(); if (k && k[0] !== "#") keys.add(k);
		}
		const a = [...keys];
		require("fs").writeFileSync(process.argv[1], a.map(k => k + "=v").join("\n"));
		require("fs").writeFileSync(process.argv[2], a.sort((x, y) => x.localeCompare(y)).join("\n") + "\n");
	' "$T/keys" "$T/want"
	it -q --labels "$(cat "$T/keys")" -o labels | sed -n '/^org\.opencontainers\./!s/=v$//p' >"$T/got"
	diff "$T/want" "$T/got"
}

@test "§19.6 equal priorities keep input order and decide the version" {
	export GITHUB_REF=refs/tags/v3.4.5 GITHUB_SHA=$SHA
	run it -t 'type=semver,pattern={{major}}' -t 'type=semver,pattern={{version}}' -o version
	assert_equal "$output" "3"
	run it -t 'type=semver,pattern={{version}}' -t 'type=semver,pattern={{major}}' -o version
	assert_equal "$output" "3.4.5"
}

@test "§19.7 partials are deduplicated; latest is appended without a check and ignores flavor templates" {
	export GITHUB_REF=refs/tags/v1.0.0 GITHUB_SHA=$SHA
	run it -t 'type=semver,pattern={{version}}' -t type=raw,x -t type=raw,x -t 'type=semver,pattern={{version}}' -t type=raw,latest
	assert_equal "$output" "1.0.0
x
latest
latest"
	run it -t type=ref,event=tag --flavor 'prefix={{tag}}-,onlatest=true'
	assert_equal "$output" "v1.0.0-v1.0.0
-tag--latest"
}

@test "§19.8 PR refs: refs/pull/N/merge is pr-N, refs/pull/N/head keeps head" {
	export GITHUB_REF=refs/pull/15/head GITHUB_SHA=$SHA
	run it -t type=ref,event=pr
	assert_equal "$output" "pr-15-head"
	export GITHUB_REF=refs/pull/15/merge
	run it -t type=ref,event=pr
	assert_equal "$output" "pr-15"
}

@test "§19.9 templates: HTML escaping, {{{ }}} raw, unquoted date format, unknown names empty" {
	export GITHUB_REF="refs/heads/feat=a&b'c" GITHUB_SHA=$SHA
	run it -t 'type=raw,x-{{branch}}' -t 'type=raw,y-{{{branch}}}' -t 'type=raw,z-{{nope}}-{{date YYYY}}'
	assert_equal "$output" "x-feat-x3D-a-amp-b-x27-c
y-feat-a-b-c
z--2020-01-10T00-30-00Z"
	run it --labels 'x={{branch}}' -o labels
	assert_output_contains "x=feat&#x3D;a&amp;b&#x27;c"
}

@test "templates: {{#if}}, {{#unless}}, {{else}} and {{else if}} as Handlebars evaluates them" {
	github_push
	t='type=raw,value={{#if tag}}t-{{tag}}{{else if branch}}b-{{branch}}{{else}}none{{/if}}'
	run it -t "$t"
	assert_status 0
	assert_equal "$output" "b-dev"
	GITHUB_REF=refs/tags/v1.0.0 run it -t "$t"
	assert_equal "$output" "t-v1.0.0"
	GITHUB_REF=refs/pull/3/merge run it -t "$t"
	assert_equal "$output" "none"
	# is_default_branch is the string "false", and a non-empty string is true.
	run it --default-branch main -t 'type=raw,value={{#if is_default_branch}}yes{{/if}}-{{#unless branch}}x{{/unless}}'
	assert_equal "$output" "yes-"
	# In a semver pattern major is a number: 0 is false.
	export GITHUB_REF=refs/tags/v0.1.2
	run it -o version -t 'type=semver,pattern={{#if major}}{{major}}{{else}}zero{{/if}}.{{minor}}'
	assert_equal "$output" "zero.1"
	GITHUB_REF=refs/tags/v2.1.0 run it -o version -t 'type=semver,pattern={{#if major}}{{major}}{{else}}zero{{/if}}.{{minor}}'
	assert_equal "$output" "2.1"
	run it --labels 'x={{#if branch}}{{branch}}{{else}}{{tag}}{{/if}}' -o labels
	assert_output_contains "x=v0.1.2"
	# Blocks img-tag does not evaluate, and partials, are errors that say so.
	run it -t 'type=raw,value={{#each tag}}x{{/each}}'
	assert_status 2
	assert_output_contains "block {{#each}} is not supported"
	run it -t 'type=raw,value={{> part}}'
	assert_status 2
	assert_output_contains "partials are not supported"
	run it -t 'type=raw,value={{#if tag}}x'
	assert_status 2
	assert_output_contains "{{#if}} is not closed with {{/if}}"
}

@test "§19.10 input grammar: first '=' for tags, second for images and flavor, bare field is value, one-line images" {
	github_push
	run it -i 'User/App,ghcr.io/Org/Img' -t type=raw,value=a=b --flavor prefix=p=q-
	assert_equal "$output" "user/app:pa-b
ghcr.io/org/img:pa-b"
	run it -i name=user/app,enable=false -t type=raw,foo
	assert_equal "$output" "foo"
}

@test "invalid UTF-8 in the context is read as JavaScript reads it (U+FFFD), never dropped" {
	GITHUB_REF=$(printf 'refs/heads/a\377b')
	export GITHUB_REF GITHUB_SHA=$SHA
	run it --labels 'x={{{branch}}}' -o json
	assert_status 0
	assert_equal "$(echo "$output" | jq -r .labels.x)" "a$(printf '\357\277\275')b"
	run it -t type=ref,event=branch
	assert_equal "$output" "a-b"
}

# ---- bad input ---------------------------------------------------------

@test "bad input: invalid entries exit 2, quote the entry, write nothing" {
	export GITHUB_ACTIONS=true GITHUB_OUTPUT=$T/out GITHUB_ENV=$T/env RUNNER_TEMP=$T
	# One OPTION|VALUE a line, passed as two arguments.
	while IFS='|' read -r opt val; do
		run img-tag --context github "$opt" "$val"
		[ "$status" -eq 2 ] || { echo "$opt $val: exit $status: $output" >&2; return 1; }
		# The error is the last line (a warning, as a workflow command, may
		# come before it).
		case "${lines[${#lines[@]}-1]}" in "img-tag: "*) ;; *) echo "$opt $val: $output" >&2; return 1 ;; esac
		[ ! -e "$T/out" ] || { echo "$opt $val: GITHUB_OUTPUT written" >&2; return 1; }
	done <<-'EOF'
	-t|type=foo
	-t|type=ref
	-t|type=ref,event=foo
	-t|type=raw
	-t|type=semver
	-t|type=match
	-t|type=match,pattern=x,group=foo
	-t|type=sha,format=medium
	-t|type=raw,x,enable=True
	-t|type=raw,x,priority=high
	--flavor|latest
	--flavor|latest=foo
	--flavor|onlatest=yes
	--flavor|bogus=1
	-i|name/foo,enable=bar
	-i|name=x,tag=y
	-i|enable=true
	-t|type=raw,{{date
	-t|type=raw,{{#if}}x{{/if}}
	-t|type=raw,value={{date}}
	-t|type=raw,value={{date 'YYYY' zone='UTC'}}
	-t|type=raw,value={{date 'YYYY' tz=Asia/Tokyo}}
	-t|type=raw,value={{nohelper 'x'}}
	-t|type=raw,a"b
	--labels|x={{branch
	EOF
	run img-tag --context github -t type=foo
	assert_output_contains 'tags: "type=foo": unknown tag type "foo"'
	run img-tag --context github -t 'type=raw,"x'
	assert_status 2
	assert_output_contains "--tags: line 1: quote not closed"
}

@test "bad input: a template error quotes the whole tag entry and names the attribute" {
	github_push
	run it -t 'type=raw,value={{date}}'
	assert_status 2
	assert_output_contains 'tags: "type=raw,value={{date}}": value "{{date}}": '
	run it -t 'type=sha,enable={{#if tag}}'
	assert_status 2
	assert_output_contains 'tags: "type=sha,enable={{#if tag}}": enable "{{#if tag}}": '
	run it --flavor 'suffix={{x' -t type=ref,event=branch
	assert_status 2
	assert_output_contains 'tags: "type=ref,event=branch": flavor suffix "{{x": '
}

@test "bad input: semver match without a capture group 1 is an error" {
	export GITHUB_REF=refs/tags/v1.2.3 GITHUB_SHA=$SHA
	run it -t 'type=semver,pattern={{version}},match=v\d'
	assert_status 2
	assert_output_contains "capture group 1"
}

@test "bad input: unreadable event or repository file exits 3" {
	github_push
	echo '{"ref": ' >"$T/bad.json"
	GITHUB_EVENT_PATH=$T/bad.json run img-tag --context github
	assert_status 3
	assert_output_contains "img-tag: GITHUB_EVENT_PATH: $T/bad.json:"
	echo '[1]' >"$T/arr.json"
	GITHUB_EVENT_PATH=$T/arr.json run img-tag --context github
	assert_status 3
	run img-tag --context github --repo-json "$T/missing.json"
	assert_status 3
	assert_output_contains "--repo-json: $T/missing.json"
	run img-tag --context github --repo-json "$T/bad.json"
	assert_status 3
}

@test "bad input: a 200 MB event file is refused before it is read; the caps are 25 MiB and 1 MiB" {
	github_push
	truncate -s 200M "$T/huge.json"
	GITHUB_EVENT_PATH=$T/huge.json run img-tag --context github
	assert_status 3
	assert_output_contains "img-tag: GITHUB_EVENT_PATH: $T/huge.json: 209715200 bytes, more than the 25 MiB"
	assert_output_contains "GitHub sends at most 25 MB"
	# refused by its size: a few MiB of memory, not the file's 200
	if [ -x /usr/bin/time ]; then
		GITHUB_EVENT_PATH=$T/huge.json run /usr/bin/time -f 'maxrss=%M' img-tag --context github
		local rss
		rss=$(printf '%s\n' "$output" | sed -n 's/^maxrss=//p')
		[ "$rss" -lt 65536 ] || { echo "peak RSS ${rss} KiB" >&2; return 1; }
	fi
	# just under the cap is read (and is JSON)
	{ printf '{"pad": "'; head -c $((25 * 1024 * 1024 - 20)) /dev/zero | tr '\0' x; printf '"}'; } >"$T/big.json"
	GITHUB_EVENT_PATH=$T/big.json run it -t type=sha
	assert_status 0
	# a pipe is capped while it is read
	GITHUB_EVENT_PATH=<(head -c 30M /dev/zero) run img-tag --context github
	assert_status 3
	assert_output_contains "larger than 26214400 bytes"
	truncate -s 2M "$T/repo.json"
	run it --repo-json "$T/repo.json" -t type=sha
	assert_status 3
	assert_output_contains "--repo-json: $T/repo.json: 2097152 bytes, more than the 1 MiB"
}

@test "img-tag.1 is an mdoc page like the others" {
	local page="$BATS_TEST_DIRNAME/../../man/man1/img-tag.1"
	[ "$(head -3 "$page" | cut -c1-3 | tr '\n' ' ')" = ".Dd .Dt .Os " ]
	! grep -n '^\.\(TH\|SH\|TP\|B\|BR\|IR\) ' "$page" || false
	command -v mandoc >/dev/null || skip "mandoc not installed"
	mandoc -Tlint -Wwarning "$page"
}

@test "bad input: usage errors exit 2" {
	github_push
	for args in "--bogus" "--now yesterday" "--commit-date 2020-13-45" "--output everything" \
		"--format yaml" "--context circleci" "extra-arg" "--format json -o tags"; do
		# shellcheck disable=SC2086
		run img-tag --context github $args
		[ "$status" -eq 2 ] || { echo "$args: exit $status: $output" >&2; return 1; }
	done
	DOCKER_METADATA_SHORT_SHA_LENGTH=abc run img-tag --context github -t type=sha
	assert_status 2
	assert_output_contains "DOCKER_METADATA_SHORT_SHA_LENGTH"
	DOCKER_METADATA_SHORT_SHA_LENGTH=abc run img-tag --context github -t 'type=raw,x-{{sha}}'
	assert_status 2
	# Like the action, only checked when a short sha is needed.
	DOCKER_METADATA_SHORT_SHA_LENGTH=abc run img-tag --context github -t type=ref,event=branch -t type=sha,format=long
	assert_status 0
	DOCKER_METADATA_SHORT_SHA_LENGTH=0 run img-tag --context github -t type=sha
	assert_equal "$output" "sha-"
	run img-tag --context github --github-api
	GITHUB_REPOSITORY='' run img-tag --context github --github-api
	assert_status 2
}
