#!/bin/sh
# The final figures of one libFuzzer log (make fuzz), on one line:
# executions, edge coverage, features, corpus entries, peak memory.
awk '
/^stat::number_of_executed_units:/ { execs = $2 }
/^stat::peak_rss_mb:/ { rss = $2 }
/^#[0-9]+[ \t]/ {
	for (i = 1; i < NF; i++) {
		if ($i == "cov:") cov = $(i + 1)
		if ($i == "ft:") ft = $(i + 1)
		if ($i == "corp:") { corp = $(i + 1); sub(/\/.*/, "", corp) }
	}
}
END { printf "%8s execs  cov %5s  ft %6s  corpus %5s  rss %s MB\n", execs, cov, ft, corp, rss }
' "$1"
