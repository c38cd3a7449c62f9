#!/usr/bin/env bash
# Speed and scale, measured side by side in one run (issue #6):
#   - full pipeline MB/s and articles/s on 1 and 2 threads over a >= 50 MB
#     folder made by repeating ../shared/data/articles (10,608 articles, 51.8 MB);
#   - spaCy's blank Indonesian tokenizer (spacy.blank("id")) over the same
#     texts, installed into a local virtualenv (target/bench-venv) by this
#     script, and warta's ratio to it;
#   - start-up time for one short article (hyperfine when installed);
#   - peak RSS for the 10,608-article folder, for JSON Lines streams of
#     growing length (must stay flat), and for one 100 MB file.
#
#   benches/scale.sh [FOLDER]     (default: ../shared/data/articles)
#   BIN=target/pgo/release/warta benches/scale.sh   (a binary built by benches/pgo.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/data/articles}
if [ ! -d "$src" ]; then
    echo "scale: $src not found, skipping"
    exit 0
fi
if [ -n "${BIN:-}" ]; then
    bin=$(realpath "$BIN")
else
    cargo build --release --quiet
    bin=$PWD/target/release/warta
fi
echo "== binary: $bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mb() { echo "$1 / 1000000" | bc -l; }
# peak RSS (KB) and seconds of a command: runs it under /usr/bin/time.
measure() {
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null
    read -r SECS RSS <"$work/time"
}
best_of_3() {
    local best="" best_rss=""
    for _ in 1 2 3; do
        measure "$@"
        if [ -z "$best" ] || [ "$(echo "$SECS < $best" | bc -l)" = 1 ]; then best=$SECS; best_rss=$RSS; fi
    done
    SECS=$best
    RSS=$best_rss
}

# The corpus: the folder 26 times over (>= 50 MB).
copies=${COPIES:-26}
for i in $(seq "$copies"); do mkdir -p "$work/corpus/$i" && cp "$src"/*.txt "$work/corpus/$i/"; done
n=$(find "$work/corpus" -name '*.txt' | wc -l)
bytes=$(find "$work/corpus" -name '*.txt' -print0 | xargs -0 cat | wc -c)
printf '== corpus: %s x %d = %d articles, %.1f MB\n' "$src" "$copies" "$n" "$(mb "$bytes")"

echo "== warta, full pipeline (JSON to /dev/null), best of 3"
for threads in 1 2; do
    best_of_3 "$bin" -q -j "$threads" "$work/corpus"
    rate=$(echo "$bytes / 1000000 / $SECS" | bc -l)
    [ "$threads" = 1 ] && rate1=$rate
    printf '  %d thread(s): %6.1f MB/s  %7.0f articles/s  peak RSS %5.1f MB\n' \
        "$threads" "$rate" "$(echo "$n / $SECS" | bc -l)" "$(echo "$RSS / 1024" | bc -l)"
done
printf '  two threads / one thread: %.2fx\n' "$(echo "$rate / $rate1" | bc -l)"
best_of_3 "$bin" -q -j 1 --only tokens "$work/corpus"
tok_rate=$(echo "$bytes / 1000000 / $SECS" | bc -l)
printf '  tokenizer only (--only tokens), 1 thread: %6.1f MB/s\n' "$tok_rate"

echo "== spaCy spacy.blank(\"id\") tokenizer, same texts, 1 process"
venv=${BENCH_VENV:-target/bench-venv}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q spacy
fi
spacy_rate=$("$venv/bin/python" - "$work/corpus" <<'PY'
import pathlib, sys, time
import spacy
nlp = spacy.blank("id")
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.txt"))]
size = sum(len(t.encode("utf-8")) for t in texts)
start = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts))
secs = time.perf_counter() - start
print(f"{size / 1e6 / secs:.3f}")
PY
)
printf '  spaCy %s: %6.2f MB/s\n' "$("$venv/bin/python" -c 'import spacy; print(spacy.__version__)')" "$spacy_rate"
printf '  warta full pipeline / spaCy tokenizer: %.0fx; warta tokenizer / spaCy tokenizer: %.0fx\n' \
    "$(echo "$rate1 / $spacy_rate" | bc -l)" "$(echo "$tok_rate / $spacy_rate" | bc -l)"

echo "== start-up, one short article"
printf 'Presiden Joko Widodo tiba di Jakarta, Senin (20/2/2023).\n' >"$work/short.txt"
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 20 --runs 300 --export-json "$work/hf.json" "$bin $work/short.txt" >/dev/null
    python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f'  mean {r[\"mean\"]*1000:.2f} ms, median {r[\"median\"]*1000:.2f} ms, min {r[\"min\"]*1000:.2f} ms (hyperfine, 300 runs)')" "$work/hf.json"
else
    start=$(date +%s.%N)
    for _ in $(seq 200); do "$bin" "$work/short.txt" >/dev/null; done
    printf '  mean %.2f ms (200 runs; install hyperfine for more)\n' "$(echo "($(date +%s.%N) - $start) * 1000 / 200" | bc -l)"
fi

echo "== peak RSS"
measure "$bin" -q "$work/corpus"
printf '  folder of %d articles: %.1f MB\n' "$n" "$(echo "$RSS / 1024" | bc -l)"
for records in 1000 10000 50000; do
    python3 - "$src" "$records" >"$work/stream.jsonl" <<'PY'
import json, pathlib, sys
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
for i in range(int(sys.argv[2])):
    print(json.dumps({"id": f"r{i}", "text": texts[i % len(texts)]}, ensure_ascii=False))
PY
    size=$(wc -c <"$work/stream.jsonl")
    measure sh -c "\"$bin\" --input jsonl --jsonl < \"$work/stream.jsonl\""
    printf '  JSON Lines stream of %6d records (%6.1f MB): %.1f MB\n' "$records" "$(mb "$size")" "$(echo "$RSS / 1024" | bc -l)"
done
rm -f "$work/stream.jsonl"
: >"$work/big.txt"
while [ "$(wc -c <"$work/big.txt")" -lt 100000000 ]; do cat "$src"/*.txt >>"$work/big.txt"; done
size=$(wc -c <"$work/big.txt")
measure "$bin" -q "$work/big.txt"
printf '  one file of %.0f MB: %.1f MB (%.1fx the file), %.1f s\n' "$(mb "$size")" \
    "$(echo "$RSS / 1024" | bc -l)" "$(echo "$RSS * 1024 / $size" | bc -l)" "$SECS"
