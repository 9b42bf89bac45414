#!/usr/bin/env bash
# Runs every mia benchmark with a quick profile and writes the README's results table.
#
#   mia-benchmarks/run-benchmarks.sh            # from the repository root, or from anywhere
#
# Steps: builds mia-benchmarks/target/benchmarks.jar with the Maven Wrapper; runs all JMH
# benchmarks (JSON to $OUT/jmh.json); runs the streaming conversion in a JVM with a small heap;
# turns both into Markdown ($OUT/results.md) and prints it.
#
# Pairing: a JMH method mia_<name> is compared with baseline_<name> of the same class and the
# same @Param values (dev.mia.benchmarks.report.ResultsTable); the speed-up column is the figure
# to read, absolute times only hold for the machine named in the header.
#
# Settings (environment variables, defaults in brackets):
#   OUT            output folder [mia-benchmarks/target/results]
#   JMH_INCLUDE    regular expression of the benchmarks to run [all]
#   JMH_FORKS [1]  JMH_WARMUPS [2]  JMH_WARMUP_TIME [1s]  JMH_ITERATIONS [3]  JMH_TIME [1s]
#   JMH_ARGS       further JMH options, e.g. "-prof gc" []
#   STREAM_RECORDS records of the streaming conversion [665000]
#   STREAM_XMX     its maximum heap [64m]
#   SKIP_BUILD=1   reuse an existing benchmarks.jar
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${OUT:-mia-benchmarks/target/results}"
JAR=mia-benchmarks/target/benchmarks.jar
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mkdir -p "$OUT"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -pl mia-benchmarks -am package -DskipTests
fi

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)" | tee "$OUT/load.txt"

# shellcheck disable=SC2086 # JMH_ARGS is a list of options
"$JAVA" -Dai.djl.offline=true -Djava.awt.headless=true -jar "$JAR" \
  ${JMH_INCLUDE:+"$JMH_INCLUDE"} \
  -f "${JMH_FORKS:-1}" -wi "${JMH_WARMUPS:-2}" -w "${JMH_WARMUP_TIME:-1s}" \
  -i "${JMH_ITERATIONS:-3}" -r "${JMH_TIME:-1s}" \
  -jvmArgsAppend "-Dai.djl.offline=true -Djava.awt.headless=true" \
  ${JMH_ARGS:-} \
  -rf json -rff "$OUT/jmh.json" | tee "$OUT/jmh.txt"

echo "load average after JMH: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)" | tee -a "$OUT/load.txt"

STREAM_RECORDS="${STREAM_RECORDS:-665000}"
STREAM_XMX="${STREAM_XMX:-64m}"
"$JAVA" "-Xmx$STREAM_XMX" -Dai.djl.offline=true -cp "$JAR" \
  dev.mia.benchmarks.streaming.StreamingConversion \
  --records "$STREAM_RECORDS" --report "$OUT/streaming.md"

echo "load average after streaming: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)" | tee -a "$OUT/load.txt"

{
  "$JAVA" -cp "$JAR" dev.mia.benchmarks.report.ResultsTable "$OUT/jmh.json"
  echo
  echo "Streaming conversion of a generated LLaVA-style JSON array to sequence-format multi-image"
  echo "JSONL (\`java -Xmx$STREAM_XMX ... StreamingConversion --records $STREAM_RECORDS\`):"
  echo
  cat "$OUT/streaming.md"
  echo
  echo "Load average (1, 5, 15 min): $(sed -e 's/^load average //' "$OUT/load.txt" | paste -sd ';' - | sed -e 's/;/; /g')."
} > "$OUT/results.md"

echo
echo "=== $OUT/results.md ==="
cat "$OUT/results.md"
