#!/usr/bin/env bash
# Registry scale benchmark (docs/BENCHMARKS.md, "Registry scale"): job enqueue and claim+complete rates on embedded
# PostgreSQL with 1,000 / 10,000 / 100,000 registered Devices, and the claim query's plan. Runs RegistryScaleIT
# (skipped unless -Dscale.bench=true). Usage: benchmarks/run-scale-benchmarks.sh [OUT]
# SIZES, JOBS, ROUNDS change the workload.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-$root/docs/benchmarks/$(date -u +%Y-%m-%d)-scale-run.txt}"
SIZES="${SIZES:-1000,10000,100000}"
JOBS="${JOBS:-2000}"
ROUNDS="${ROUNDS:-3}"
cd "$root"
{
  echo "== registry scale benchmark ($(date -u +%Y-%m-%dT%H:%M:%SZ)), commit $(git rev-parse --short HEAD)"
  echo "JDK: $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
  echo "CPU: $(nproc) cores online, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "settings: SIZES=$SIZES JOBS=$JOBS ROUNDS=$ROUNDS"
  ./mvnw -o -q -pl integration-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=RegistryScaleIT -Dfailsafe.failIfNoSpecifiedTests=false -Dscale.bench=true \
    -Dscale.devices="$SIZES" -Dscale.jobs="$JOBS" -Dscale.rounds="$ROUNDS" 2>&1 | grep '^SCALE' || true
  echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
echo "result written to $OUT"
