#!/usr/bin/env bash
# Runs every mia benchmark with a quick profile and writes the README's results table.
#
#   mia-benchmarks/run-benchmarks.sh            # from the repository root, or from anywhere
#
# Steps: builds mia-benchmarks/target/benchmarks.jar with the Maven Wrapper; runs all JMH
# benchmarks (JSON to $OUT/jmh.json); measures the token log-prob kernel's peak native memory
# ($OUT/memory.md, Linux only); times the grid collage recipe in Python's PIL if a python3 with PIL
# is found ($OUT/pil.txt); runs the streaming conversion in a JVM with a small heap; turns all of
# it into Markdown ($OUT/results.md) and prints it.
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
#   PYTHON         a python3 with PIL (Debian: apt-get install python3-pil) [python3, then /usr/bin/python3]
#   PIL_REPEAT     timed PIL collages [20]
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

# Peak native memory of one token log-prob call, mia's chunked kernel against logSoftmax + gather.
"$JAVA" -Dai.djl.offline=true -cp "$JAR" dev.mia.benchmarks.tensor.TokenLogProbsMemory \
  2> "$OUT/memory.log" | tee "$OUT/memory.md"

# The same grid collage recipe in Python's PIL, for GridCollageBenchmark.
PIL_PYTHON=""
for candidate in ${PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$candidate" > /dev/null 2>&1 && "$candidate" -c 'import PIL' > /dev/null 2>&1; then
    PIL_PYTHON="$candidate"
    break
  fi
done
if [[ -n "$PIL_PYTHON" ]]; then
  "$PIL_PYTHON" mia-benchmarks/pil_grid_collage.py --repeat "${PIL_REPEAT:-20}" | tee "$OUT/pil.txt"
else
  echo "PIL grid collage skipped: no python3 with PIL found (Debian: apt-get install python3-pil; or set PYTHON)." \
    | tee "$OUT/pil.txt"
fi

echo "load average after memory and PIL: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)" | tee -a "$OUT/load.txt"

STREAM_RECORDS="${STREAM_RECORDS:-665000}"
STREAM_XMX="${STREAM_XMX:-64m}"
"$JAVA" "-Xmx$STREAM_XMX" -Dai.djl.offline=true -cp "$JAR" \
  dev.mia.benchmarks.streaming.StreamingConversion \
  --records "$STREAM_RECORDS" --report "$OUT/streaming.md"

echo "load average after streaming: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)" | tee -a "$OUT/load.txt"

{
  "$JAVA" -cp "$JAR" dev.mia.benchmarks.report.ResultsTable "$OUT/jmh.json"
  echo
  echo "Peak extra native memory of one token log-prob call (\`TokenLogProbsMemory\`):"
  echo
  cat "$OUT/memory.md"
  echo
  echo "Python PIL, same grid collage recipe as \`GridCollageBenchmark\` (\`pil_grid_collage.py\`):"
  echo
  cat "$OUT/pil.txt"
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
