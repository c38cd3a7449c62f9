#!/usr/bin/env bash
# Times the release binary over a folder of articles and prints MB/s,
# articles/s and peak RSS, for the full pipeline and for the tokenizer alone
# (`--only sentences,tokens`), on one and on two threads.
#
#   benches/throughput.sh [FOLDER]      (default: ../shared/data/articles)
#
# The folder is copied COPIES times (default 10) into a temporary corpus so a
# run lasts long enough to time. Each configuration runs 3 times; the fastest
# run is reported. Skips with a message when the folder is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/data/articles}
if [ ! -d "$dir" ]; then
    echo "throughput: $dir not found, skipping"
    exit 0
fi
cargo build --release --quiet
bin=./target/release/warta
copies=${COPIES:-10}
tmp=$(mktemp)
corpus=$(mktemp -d)
trap 'rm -rf "$tmp" "$corpus"' EXIT
for i in $(seq "$copies"); do
    mkdir -p "$corpus/$i"
    cp -r "$dir"/. "$corpus/$i/"
done
n=$(find "$corpus" -name '*.txt' | wc -l)
bytes=$(find "$corpus" -name '*.txt' -print0 | xargs -0 cat | wc -c)
printf 'corpus: %s x %d = %d articles, %.2f MB\n' "$dir" "$copies" "$n" "$(echo "$bytes / 1000000" | bc -l)"
printf '%-28s %8s %10s %10s %10s\n' configuration threads 'MB/s' 'art/s' 'peak RSS'
dir=$corpus
for what in full tokenizer; do
    for threads in 1 2; do
        best=""
        for _ in 1 2 3; do
            if [ "$what" = tokenizer ]; then
                /usr/bin/time -f '%e %M' -o "$tmp" "$bin" -q -j "$threads" --only sentences,tokens "$dir" >/dev/null
            else
                /usr/bin/time -f '%e %M' -o "$tmp" "$bin" -q -j "$threads" "$dir" >/dev/null
            fi
            read -r secs rss <"$tmp"
            if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc -l)" = 1 ]; then
                best=$secs
                best_rss=$rss
            fi
        done
        secs=$(echo "if ($best < 0.001) 0.001 else $best" | bc -l)
        printf '%-28s %8d %10.1f %10.0f %8.1f MB\n' "$what" "$threads" \
            "$(echo "$bytes / 1000000 / $secs" | bc -l)" \
            "$(echo "$n / $secs" | bc -l)" \
            "$(echo "$best_rss / 1024" | bc -l)"
    done
done
