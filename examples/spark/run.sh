#!/usr/bin/env bash
# Runs warta under Apache Spark (pyspark, local mode) over a folder of
# articles and checks that the records equal a single-process run.
#
#   examples/spark/run.sh [FOLDER]      (default: ../shared/data/articles)
#
# Needs Java (Spark runs on the JVM) and PyPI; installs pyspark into
# target/spark-venv on first use.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-../shared/data/articles}
[ -d "$dir" ] || { echo "spark example: $dir not found" >&2; exit 2; }
command -v java >/dev/null || { echo "spark example: Java is needed (apt-get install default-jre-headless)" >&2; exit 2; }

venv=${SPARK_VENV:-target/spark-venv}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q pyspark
fi
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

start=$(date +%s.%N)
"$venv/bin/python" examples/spark/warta_spark.py --warta target/release/warta \
    --input "$dir" --output "$out/spark.jsonl"
end=$(date +%s.%N)

# The same records through one process.
"$venv/bin/python" - "$dir" >"$out/records.jsonl" <<'PY'
import json, os, sys
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    if name.endswith(".txt"):
        with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
            print(json.dumps({"id": name, "text": f.read()}, ensure_ascii=False))
PY
target/release/warta --input jsonl --jsonl <"$out/records.jsonl" >"$out/single.jsonl"

if cmp -s "$out/spark.jsonl" "$out/single.jsonl"; then
    printf 'spark example: outputs match: %d records byte-identical to the single-process run (Spark job %.1f s)\n' \
        "$(wc -l <"$out/single.jsonl")" "$(echo "$end - $start" | bc -l)"
else
    echo "spark example: outputs DIFFER from the single-process run" >&2
    diff <(cut -c1-200 "$out/spark.jsonl") <(cut -c1-200 "$out/single.jsonl") | head >&2
    exit 1
fi
