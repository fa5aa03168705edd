#!/usr/bin/env bash
# Whole-process throughput of `./evals run` beside a bare load generator, against the same fake model server.
#
#   evals-bench/scripts/e2e-throughput.sh [TOOLS_DIR] [LATENCY_MS] [CONC:SAMPLES ...]
#
# TOOLS_DIR holds mock_openai.js and loadtest_mock.js (default ../shared/tools). For each concurrency: the bare
# client sends SAMPLES requests (its own rps), then `./evals run` asks SAMPLES rows of a generated JSONL dataset
# at that concurrency, timed by /usr/bin/time as a user runs it: JVM start, dataset reading, journal, results.
# Prints one Markdown table row per concurrency. JAVA_OPTS and EVALS_RUN_ARGS are passed through.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools="$(cd "${1:-$here/../shared/tools}" && pwd)"
latency="${2:-50}"
shift $(( $# > 2 ? 2 : $# ))
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(1:400 16:4000 64:20000 256:40000 1024:60000)
port="${PORT:-8799}"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

node "$tools/mock_openai.js" --port="$port" --latency="$latency" --mode=fixed --quiet=1 &
server=$!
for _ in $(seq 50); do curl -sf "127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done

EVALS_NO_BUILD="${EVALS_NO_BUILD:-}" "$here/evals" list >/dev/null   # builds the jars once, outside the timings

echo "| concurrency | samples | bare client /s | evals4j /s | share | CPU ms/sample | peak RSS |"
echo "|---|---|---|---|---|---|---|"
for c in "${cases[@]}"; do
  conc="${c%%:*}"; n="${c##*:}"
  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "{\"input_query\":\"Question %d?\",\"expected_answer\":\"B\"}\n", i }' \
    > "$work/rows.jsonl"
  bare="$(node "$tools/loadtest_mock.js" "$port" "$conc" "$n" | sed -E 's/.*"rps":([0-9.]+).*/\1/')"
  rm -rf "$work/run"
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" env EVALS_NO_BUILD=1 "$here/evals" run \
    --dataset "$work/rows.jsonl" --base-url "http://127.0.0.1:$port/v1" --model mock-model \
    --scorer basic::subset_of --concurrency "$conc" --output "$work/run" ${EVALS_RUN_ARGS:-} > "$work/out" 2>&1 \
    || { cat "$work/out" >&2; exit 1; }
  read -r wall user sys rss < "$work/time"
  awk -v c="$conc" -v n="$n" -v bare="$bare" -v wall="$wall" -v user="$user" -v sys="$sys" -v rss="$rss" 'BEGIN {
    rate = n / wall
    printf "| %d | %d | %.1f | %.1f | %.3f | %.3f | %d MB |\n", c, n, bare, rate, rate / bare, (user + sys) * 1000 / n, rss / 1024 }'
done
