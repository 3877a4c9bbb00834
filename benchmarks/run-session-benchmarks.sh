#!/usr/bin/env bash
# DM session benchmarks: a full DM session against bare HTTP(S) round trips of the same sizes on the same Jetty,
# H2 against the in-memory registry, the shipped DeviceAgent, server heap per open session and per registered Device,
# and a JFR profile of the session. Everything in one run; every figure is a ratio against a baseline of that run.
#
#   benchmarks/run-session-benchmarks.sh                 # build, run everything (about 5-10 min), write the result file
#   ROUNDS=7 OPS=300 benchmarks/run-session-benchmarks.sh
#   MVN_OFFLINE= benchmarks/run-session-benchmarks.sh    # let Maven download (default: -o, offline)
#
# Environment knobs: ROUNDS (5 alternating rounds), OPS (200 sessions or echo pairs per block and round; the shipped
# agent and the new-connection echo do a fifth of that), WARMUP (300), HEAP_SESSIONS (100,500), HEAP_DEVICES (10000),
# HEAP_XMX (512m), JFR_OPS (500), BLOCKS (the measured blocks, session-pg included), SKIP_BUILD=1, OUT (result file; default docs/benchmarks/<date>-session-run.txt).
# Raw output and JFR recordings stay under benchmarks/target/session-bench/. See docs/BENCHMARKS.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
ROUNDS="${ROUNDS:-5}"
OPS="${OPS:-200}"
WARMUP="${WARMUP:-300}"
HEAP_SESSIONS="${HEAP_SESSIONS:-100,500}"
HEAP_DEVICES="${HEAP_DEVICES:-10000}"
HEAP_XMX="${HEAP_XMX:-512m}"
JFR_OPS="${JFR_OPS:-500}"
# session-pg: the same session on an embedded PostgreSQL with durable commits (BLOCKS without it to skip it)
BLOCKS="${BLOCKS:-session-h2,session-mem,session-pg,echo,agent,echo-fresh}"
MVN_OFFLINE="${MVN_OFFLINE--o}"
OUT="${OUT:-$root/docs/benchmarks/$(date -u +%Y-%m-%d)-session-run.txt}"
work="$here/target/session-bench"
jar="$here/target/benchmarks.jar"

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  echo "== build"
  (cd "$root" && ./mvnw -q -B $MVN_OFFLINE package -pl benchmarks -am -DskipTests)
fi
rm -rf "$work"
mkdir -p "$work" "$(dirname "$OUT")"

# Flyway and Jetty log to stderr; keep it out of the results.
bench() { # name, java args...
  local name="$1"
  shift
  echo "== $name" | tee -a "$work/all.txt"
  java "$@" 2>"$work/$name.err" | tee "$work/$name.txt" | tee -a "$work/all.txt"
}

{
  echo "== DM session benchmarks ($(date -u +%Y-%m-%dT%H:%M:%SZ)), commit $(cd "$root" && git rev-parse --short HEAD)"
  echo "JDK: $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
  echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores online, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings: ROUNDS=$ROUNDS OPS=$OPS WARMUP=$WARMUP HEAP_SESSIONS=$HEAP_SESSIONS HEAP_DEVICES=$HEAP_DEVICES HEAP_XMX=$HEAP_XMX JFR_OPS=$JFR_OPS"
} | tee "$work/all.txt"

bench https-md5 -cp "$jar" io.trustdm.bench.SessionBench transport=https rounds="$ROUNDS" ops="$OPS" warmup="$WARMUP" \
  blocks="$BLOCKS"
bench http-hmac -cp "$jar" io.trustdm.bench.SessionBench transport=http rounds="$ROUNDS" ops="$OPS" warmup="$WARMUP" \
  blocks="$BLOCKS"
bench heap "-Xmx$HEAP_XMX" -cp "$jar" io.trustdm.bench.SessionHeapBench sessions="$HEAP_SESSIONS" devices="$HEAP_DEVICES"
for blk in session-h2 session-mem echo; do
  bench "jfr-$blk" -cp "$jar" io.trustdm.bench.SessionBench transport=https rounds=1 ops="$JFR_OPS" warmup="$WARMUP" \
    blocks="$blk" jfr="$work/$blk.jfr"
  bench "jfr-$blk-summary" -cp "$jar" io.trustdm.bench.JfrTopFrames "$work/$blk.jfr" 20
done
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/all.txt"
cp "$work/all.txt" "$OUT"
echo "result written to $OUT"
