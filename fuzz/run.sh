#!/usr/bin/env bash
# Runs one fuzz target for a while: fuzz/run.sh TARGET [SECONDS [LIBFUZZER-FLAG…]]
#   TARGET   analyze | jsonl
#   SECONDS  how long (libFuzzer's -max_total_time); default 60
#   flags    passed on to libFuzzer, e.g. -max_len=1024
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). libFuzzer needs
# nightly compiler flags (-Z sanitizer coverage); the machine has only the
# stable toolchain, so RUSTC_BOOTSTRAP=1 lets stable rustc accept them.
# Built with optimizations, debug assertions and overflow checks (-O -a) and no
# sanitizer (-s none): warta has no unsafe code, and without ASan a run gets
# about twice the executions. One process, one job: the machine is shared.
#
# The corpus grows in fuzz/corpus/TARGET (ignored by git), seeded from the
# fixtures (analyze) or fuzz/seeds/jsonl (jsonl). A crash is saved in
# fuzz/artifacts/TARGET/ and the run exits non-zero; rerun one input with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -O -a -s none TARGET fuzz/artifacts/TARGET/crash-…
set -euo pipefail
cd "$(dirname "$0")"

target=${1:?usage: fuzz/run.sh analyze|jsonl [SECONDS]}
seconds=${2:-60}
shift $(($# < 2 ? $# : 2))
case $target in
analyze) seeds=(../fixtures/tokenize ../fixtures/articles) ;;
jsonl) seeds=(seeds/jsonl) ;;
*) echo "fuzz/run.sh: unknown target $target" >&2; exit 2 ;;
esac

mkdir -p "corpus/$target"
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O -a -s none "$target"
exec nice -n 10 cargo fuzz run -O -a -s none "$target" "corpus/$target" "${seeds[@]}" -- \
    -dict="dict/$target.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1 "$@"
