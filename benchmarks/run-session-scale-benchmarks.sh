#!/usr/bin/env bash
# Session throughput by registry size (docs/BENCHMARKS.md, "Registry scale (PostgreSQL)", "Session throughput"):
# full DM sessions against a real DmServer (HTTPS on loopback) on embedded PostgreSQL with 1,000 vs 100,000
# registered Devices, without and with one queued job per session, plus EXPLAIN of the per-session statements.
# Runs SessionScaleIT (excluded from the default build, skipped unless -Dscale.bench=true).
# Usage: benchmarks/run-session-scale-benchmarks.sh [OUT]
# SIZES (first = baseline), ACTIVE, PASSES, CONCURRENCY, ROUNDS change the workload.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-$root/docs/benchmarks/$(date -u +%Y-%m-%d)-session-scale-run.txt}"
SIZES="${SIZES:-1000,100000}"
ACTIVE="${ACTIVE:-50}"
PASSES="${PASSES:-20}"
CONCURRENCY="${CONCURRENCY:-4}"
ROUNDS="${ROUNDS:-3}"
cd "$root"
{
  echo "== session scale benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ)), commit $(git rev-parse --short HEAD)"
  echo "JDK: $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
  echo "CPU: $(nproc) cores online, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings: SIZES=$SIZES ACTIVE=$ACTIVE PASSES=$PASSES CONCURRENCY=$CONCURRENCY ROUNDS=$ROUNDS"
  ./mvnw -o -q -pl integration-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=SessionScaleIT -Dfailsafe.failIfNoSpecifiedTests=false -Dscale.bench=true \
    -Dsession.devices="$SIZES" -Dsession.active="$ACTIVE" -Dsession.passes="$PASSES" \
    -Dsession.concurrency="$CONCURRENCY" -Dscale.rounds="$ROUNDS" 2>&1 | grep -E '^SESSION-SCALE|Tests run|FAIL|^\[ERROR\]' || true
  echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
echo "result written to $OUT"
