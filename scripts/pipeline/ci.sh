#!/bin/sh
# ci.sh [--dry-run]: the CI stage of an agent service.
#
# Lints, type-checks and tests the service's Python code, if it has any, with
# ruff, mypy and pytest (each skipped, saying so, when not installed); then checks the prompts against their token budget, prints
# their version hashes (into the step summary under GitHub Actions), and
# prices the call logs against the daily budget.  Exits with the first
# failing check's status.
#
# Settings (environment):
#   PROMPTS        prompt folder (default prompts)
#   MAX_TOKENS     error above this many tokens a prompt (default 4000)
#   WARN_AT        warning above this many (default 3000)
#   LOGS           call log files, a glob (default logs/*.jsonl)
#   DAILY_BUDGET   USD a day (default 500)
#   REPORTS        folder for the reports (default reports)

# shellcheck source=scripts/pipeline/lib.sh
. "$(dirname "$0")/lib.sh"
set -eu
PROMPTS=${PROMPTS:-prompts}
MAX_TOKENS=${MAX_TOKENS:-4000}
WARN_AT=${WARN_AT:-3000}
LOGS=${LOGS:-logs/*.jsonl}
DAILY_BUDGET=${DAILY_BUDGET:-500}
REPORTS=${REPORTS:-reports}

step "Code: lint, type check, tests"
if [ -n "$(find . -path ./.git -prune -o \( -name '*.py' -o -name pyproject.toml \) -print | head -n 1)" ]; then
	ext ruff check .
	ext mypy .
	ext pytest -q
else
	echo "no Python code here: nothing for ruff, mypy and pytest" >&2
fi

step "Prompts: valid, variables used, within $MAX_TOKENS tokens"
run prompt-lint --max-tokens-per-request "$MAX_TOKENS" --warn-at "$WARN_AT" "$PROMPTS"

step "Prompts: version hashes"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	# shellcheck disable=SC2016 # pipe expands it
	pipe 'prompt-lint --versions --format markdown "$PROMPTS" >>"$GITHUB_STEP_SUMMARY"'
else
	run prompt-lint --versions "$PROMPTS"
fi

step "Cost: the logged calls against \$$DAILY_BUDGET a day"
# shellcheck disable=SC2086 # LOGS is a glob, meant to expand
run cost-check report --threshold-daily "$DAILY_BUDGET" --fail-on-exceed \
	--format json -o "$REPORTS/cost.json" $LOGS
jq -r 'def usd: (. * 100 | round) as $c | "$\($c / 100 | floor).\($c % 100 + 100 | tostring | .[1:])";
	(.by_day | to_entries | max_by(.value.cost_usd)) as $d |
	"\(.totals.calls) calls cost \(.totals.cost_usd | usd); the dearest day, \($d.key), \($d.value.cost_usd | usd)"' \
	"$REPORTS/cost.json"
