#!/usr/bin/env bash
# A short fuzz run of every target, for CI: fuzz/smoke.sh [SECONDS]  (default 30)
#
# Installs cargo-fuzz from crates.io when it is missing (about 1.5 minutes on
# two cores), then runs each target for SECONDS from the committed seeds and
# whatever corpus is already there. Any crash fails the run (non-zero exit),
# with the input saved in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-30}
version=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -qF "$version"; then
    cargo install cargo-fuzz --version "$version" --locked
fi
for target in analyze jsonl; do
    log=$(mktemp)
    if ./run.sh "$target" "$seconds" >"$log" 2>&1; then
        echo "fuzz smoke: $target, ${seconds}s: no crash"
        grep -aE '^(Done|stat::(number_of_executed_units|average_exec_per_sec))' "$log"
    else
        status=$?
        # libFuzzer's per-input progress lines are left out of the CI log.
        grep -avE '^#[0-9]+' "$log" | tail -80 >&2
        echo "fuzz smoke: $target failed (status $status); input in fuzz/artifacts/$target/" >&2
        exit "$status"
    fi
    rm -f "$log"
done
