#!/usr/bin/env bash
# A release binary built with profile-guided optimization (PGO):
#
#   benches/pgo.sh                 # prints the binary's path: target/pgo/release/warta
#   BIN=target/pgo/release/warta benches/scale.sh
#
# It builds warta instrumented (target/pgo-gen), runs it over the shipped
# fixtures and, when present, ../shared/data/articles (as written, lowercased
# and in capitals, so the folded tagger is trained too), merges the counts
# with llvm-profdata, and builds again with them (target/pgo). The output of
# the PGO binary is byte-identical to the plain one's: the profile only tells
# the compiler which branches are hot. The profile is made here each time,
# never committed: it belongs to one compiler version and one source tree.
#
# Needs the llvm-tools rustup component (installed by this script when
# rustup is there). Two full release builds: about 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

sysroot=$(rustc --print sysroot)
profdata() { find "$sysroot/lib/rustlib" -name llvm-profdata -type f 2>/dev/null | head -n1; }
if [ -z "$(profdata)" ] && command -v rustup >/dev/null; then
    rustup component add llvm-tools >&2
fi
tool=$(profdata)
if [ -z "$tool" ]; then
    echo "pgo: llvm-profdata not found; install it with: rustup component add llvm-tools" >&2
    exit 1
fi

data=$PWD/target/pgo-data
rm -rf "$data"
mkdir -p "$data"
echo "pgo: building the instrumented binary" >&2
RUSTFLAGS="-Cprofile-generate=$data" cargo build --release --locked --quiet --bin warta --target-dir target/pgo-gen
gen=target/pgo-gen/release/warta

echo "pgo: training run" >&2
inputs=(fixtures)
articles=../shared/data/articles
if [ -d "$articles" ]; then
    inputs+=("$articles")
    cased=$(mktemp -d)
    trap 'rm -rf "$cased"' EXIT
    mkdir -p "$cased/lower" "$cased/upper"
    for f in "$articles"/*.txt; do
        tr '[:upper:]' '[:lower:]' <"$f" >"$cased/lower/$(basename "$f")"
        tr '[:lower:]' '[:upper:]' <"$f" >"$cased/upper/$(basename "$f")"
    done
    inputs+=("$cased/lower" "$cased/upper")
else
    echo "pgo: $articles not found, training on the fixtures only" >&2
fi
"$gen" -q -j1 "${inputs[@]}" >/dev/null
"$tool" merge -o "$data/warta.profdata" "$data"/*.profraw

echo "pgo: building with the profile" >&2
RUSTFLAGS="-Cprofile-use=$data/warta.profdata" cargo build --release --locked --quiet --bin warta --target-dir target/pgo
echo target/pgo/release/warta
