#!/usr/bin/env bash
# Codec benchmark: TrustDM (JMH) against libwbxml (C harness) on the same WBXML bytes, same machine, same run.
#
#   benchmarks/run-codec-benchmarks.sh            # build both, 5 alternating rounds, then a JMH run with -prof gc
#   ROUNDS=3 benchmarks/run-codec-benchmarks.sh   # fewer rounds
#   MVN_OFFLINE= benchmarks/run-codec-benchmarks.sh   # let Maven download (default: -o, offline)
#
# Each round runs the libwbxml harness (tree and conv ways), the JMH WBXML benchmarks and CpuTimeCodecRun (the same
# work timed by process CPU time and by its fastest single corpus pass, as the harness also reports): on a shared
# machine the wall clock mostly measures the other tenants.
# Environment knobs: ROUNDS (5), C_ITERATIONS (2000 corpus passes per phase, also for CpuTimeCodecRun), C_WARMUP (200), JMH_ROUND_ARGS
# (JMH options of each alternating round), SKIP_GC_RUN=1 (skip the final all-benchmarks run with the GC profiler).
# Results: printed, and kept under benchmarks/target/codec-bench/ (raw harness output, JMH CSVs, summary.txt).
# Needs: JDK 17+, gcc, pkg-config, libwbxml2-dev (see .ci/run). See docs/BENCHMARKS.md.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
ROUNDS="${ROUNDS:-5}"
C_ITERATIONS="${C_ITERATIONS:-2000}"
C_WARMUP="${C_WARMUP:-200}"
JMH_ROUND_ARGS="${JMH_ROUND_ARGS:--f 1 -wi 3 -w 1s -i 3 -r 1s}"
MVN_OFFLINE="${MVN_OFFLINE--o}"
work="$here/target/codec-bench"
jar="$here/target/benchmarks.jar"

echo "== build"
(cd "$root" && ./mvnw -q -B $MVN_OFFLINE package -pl protocol,benchmarks -am -DskipTests)
harness="$("$here/native/build.sh" "$work/bin")"
rm -rf "$work/corpus" "$work/rounds"
mkdir -p "$work/corpus" "$work/rounds"
export_line="$(java -cp "$jar" io.trustdm.bench.CorpusExport "$work/corpus")"
echo "$export_line"
kv() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<"$2" | head -1; }
files="$(kv files "$export_line")"
wbxml_bytes="$(kv wbxml_bytes "$export_line")"
xml_bytes="$(kv xml_bytes "$export_line")"

# JMH CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
jmh_score() { # file benchmark[:secondary-metric]
  awk -F, -v b="io.trustdm.bench.CorpusCodecBenchmark.$2" '{ gsub(/"/, ""); gsub(/\xc2\xb7/, ""); if ($1 == b) print $5 }' "$1" | head -1
}

run_c() { # round
  "$harness" -n "$C_ITERATIONS" -w "$C_WARMUP" "$work"/corpus/*.wbxml >"$work/rounds/c-tree-$1.txt"
  "$harness" -m conv -n "$((C_ITERATIONS / 4))" -w "$((C_WARMUP / 4))" "$work"/corpus/*.wbxml >"$work/rounds/c-conv-$1.txt"
}
run_java() { # round
  # shellcheck disable=SC2086
  java -jar "$jar" 'CorpusCodecBenchmark\.wbxml(Decode|Encode|DecodeEncode)$' $JMH_ROUND_ARGS \
    -rf csv -rff "$work/rounds/jmh-$1.csv" >"$work/rounds/jmh-$1.log" 2>&1
  java -cp "$jar" io.trustdm.bench.CpuTimeCodecRun "$C_ITERATIONS" 1500 >"$work/rounds/java-cpu-$1.txt"
}
rate() { # file phase [key]
  kv "${3:-msgs_per_s}" "$(grep "phase=$2 " "$1")"
}

echo "== $ROUNDS alternating rounds (odd rounds libwbxml first, even rounds TrustDM first)"
: >"$work/rounds.tsv"
for r in $(seq 1 "$ROUNDS"); do
  if ((r % 2)); then run_c "$r"; run_java "$r"; else run_java "$r"; run_c "$r"; fi
  c="$work/rounds/c-tree-$r.txt"
  jc="$work/rounds/java-cpu-$r.txt"
  jmh="$work/rounds/jmh-$r.csv"
  # columns: 1 round | JMH wall: 2 decode+encode 3 decode 4 encode | libwbxml tree wall: 5 d+e 6 decode 7 encode
  # | 8 libwbxml conv d+e wall | TrustDM CPU time: 9 d+e 10 decode 11 encode | libwbxml CPU time: 12 d+e 13 decode 14 encode
  # | TrustDM fastest pass: 15 d+e 16 decode 17 encode | libwbxml fastest pass: 18 d+e 19 decode 20 encode
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" \
    "$(jmh_score "$jmh" wbxmlDecodeEncode)" "$(jmh_score "$jmh" wbxmlDecode)" "$(jmh_score "$jmh" wbxmlEncode)" \
    "$(rate "$c" roundtrip)" "$(rate "$c" decode)" "$(rate "$c" encode)" \
    "$(rate "$work/rounds/c-conv-$r.txt" roundtrip)" \
    "$(rate "$jc" roundtrip cpu_msgs_per_s)" "$(rate "$jc" decode cpu_msgs_per_s)" "$(rate "$jc" encode cpu_msgs_per_s)" \
    "$(rate "$c" roundtrip cpu_msgs_per_s)" "$(rate "$c" decode cpu_msgs_per_s)" "$(rate "$c" encode cpu_msgs_per_s)" \
    "$(rate "$jc" roundtrip best_msgs_per_s)" "$(rate "$jc" decode best_msgs_per_s)" "$(rate "$jc" encode best_msgs_per_s)" \
    "$(rate "$c" roundtrip best_msgs_per_s)" "$(rate "$c" decode best_msgs_per_s)" "$(rate "$c" encode best_msgs_per_s)" \
    >>"$work/rounds.tsv"
  tail -1 "$work/rounds.tsv" | awk -F'\t' '{ printf "round %s: decode+encode TrustDM %.0f msgs/s, libwbxml %.0f msgs/s, ratio %.2f (wall), %.2f (CPU time), %.2f (fastest pass)\n", $1, $2, $5, $2 / $5, $9 / $12, $15 / $18 }'
done

summary="$work/summary.txt"
{
  echo "== codec benchmark summary ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
  echo "JDK:      $(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p') ($(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.vm.name = //p'))"
  echo "CPU:      $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores online"
  echo "libwbxml: $(kv libwbxml "$(cat "$work/rounds/c-tree-1.txt")") ($(pkg-config --modversion libwbxml2 2>/dev/null || echo '?')), gcc $(gcc -dumpversion)"
  echo "corpus:   $files messages, $wbxml_bytes bytes WBXML (TrustDM default encoder), $xml_bytes bytes XML"
  echo "rounds:   $ROUNDS; libwbxml $C_ITERATIONS corpus passes per phase; JMH $JMH_ROUND_ARGS"
  echo
  echo "WBXML, messages/s and MB/s (MB = 10^6 bytes of WBXML input), median and best of $ROUNDS rounds."
  echo "wall = JMH score / harness wall clock; cpu = CpuTimeCodecRun / harness per second of process CPU time;"
  echo "fastest = CpuTimeCodecRun / harness, fastest single corpus pass (wall clock; excludes most GC pauses)."
  awk -F'\t' -v mb="$wbxml_bytes" -v n="$files" '
    function sortcol(c,   i, j, t) { for (i = 1; i <= NR; i++) v[i] = col[c, i];
      for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t } }
    function median(c) { sortcol(c); return NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }
    function best(c) { sortcol(c); return v[NR] }
    function row(label, c) { printf "  %-42s median %9.0f msgs/s %7.2f MB/s   best %9.0f msgs/s %7.2f MB/s\n",
      label, median(c), median(c) * mb / n / 1e6, best(c), best(c) * mb / n / 1e6 }
    function ratio(label, a, b) { printf "  %-42s median of per-round ratios %5.2f   best/best %5.2f\n",
      label, median(a * 100 + b), best(a) / best(b) }
    { for (c = 2; c <= 20; c++) col[c, NR] = $c
      split("2:5 3:6 4:7 9:12 10:13 11:14 15:18 16:19 17:20", pairs, " ")
      for (p in pairs) { split(pairs[p], ab, ":"); col[ab[1] * 100 + ab[2], NR] = $ab[1] / $ab[2] } }
    END {
      row("TrustDM  decode+encode (wall, JMH)", 2)
      row("libwbxml decode+encode (wall, tree)", 5)
      row("libwbxml decode+encode (wall, via XML)", 8)
      row("TrustDM  decode (wall, JMH)", 3)
      row("libwbxml decode (wall, tree)", 6)
      row("TrustDM  encode (wall, JMH)", 4)
      row("libwbxml encode (wall, tree)", 7)
      row("TrustDM  decode+encode (cpu)", 9)
      row("libwbxml decode+encode (cpu, tree)", 12)
      row("TrustDM  decode (cpu)", 10)
      row("libwbxml decode (cpu, tree)", 13)
      row("TrustDM  encode (cpu)", 11)
      row("libwbxml encode (cpu, tree)", 14)
      row("TrustDM  decode+encode (fastest pass)", 15)
      row("libwbxml decode+encode (fastest, tree)", 18)
      row("TrustDM  decode (fastest pass)", 16)
      row("libwbxml decode (fastest, tree)", 19)
      row("TrustDM  encode (fastest pass)", 17)
      row("libwbxml encode (fastest, tree)", 20)
      print ""
      print "  RATIO TrustDM/libwbxml (target for decode+encode: >= 2)"
      ratio("decode+encode, wall clock", 2, 5)
      ratio("decode+encode, CPU time", 9, 12)
      ratio("decode+encode, fastest pass", 15, 18)
      ratio("decode, wall clock", 3, 6)
      ratio("decode, CPU time", 10, 13)
      ratio("decode, fastest pass", 16, 19)
      ratio("encode, wall clock", 4, 7)
      ratio("encode, CPU time", 11, 14)
      ratio("encode, fastest pass", 17, 20)
    }' "$work/rounds.tsv"
} | tee "$summary"

if [[ "${SKIP_GC_RUN:-}" != 1 ]]; then
  echo
  echo "== all codec benchmarks with the GC profiler (JMH defaults of CorpusCodecBenchmark)"
  java -jar "$jar" 'CorpusCodecBenchmark' -prof gc -rf csv -rff "$work/jmh-gc.csv" >"$work/jmh-gc.log" 2>&1
  {
    echo
    echo "TrustDM, one JMH run with -prof gc (XML MB/s relative to the corpus XML files, $xml_bytes bytes):"
    for b in wbxmlDecode wbxmlEncode wbxmlDecodeEncode xmlDecode xmlEncode xmlDecodeEncode; do
      score="$(jmh_score "$work/jmh-gc.csv" "$b")"
      alloc="$(jmh_score "$work/jmh-gc.csv" "$b:gc.alloc.rate.norm")"
      bytes="$wbxml_bytes"
      [[ "$b" == xml* ]] && bytes="$xml_bytes"
      awk -v b="$b" -v s="$score" -v a="$alloc" -v mb="$bytes" -v n="$files" \
        'BEGIN { printf "  %-20s %9.0f msgs/s %7.2f MB/s %8.0f B allocated/msg\n", b, s, s * mb / n / 1e6, a }'
    done
    awk -v wx="$(jmh_score "$work/jmh-gc.csv" wbxmlDecodeEncode)" -v xx="$(jmh_score "$work/jmh-gc.csv" xmlDecodeEncode)" \
      -v wd="$(jmh_score "$work/jmh-gc.csv" wbxmlDecode)" -v xd="$(jmh_score "$work/jmh-gc.csv" xmlDecode)" \
      -v we="$(jmh_score "$work/jmh-gc.csv" wbxmlEncode)" -v xe="$(jmh_score "$work/jmh-gc.csv" xmlEncode)" \
      'BEGIN { printf "  XML/WBXML msgs/s ratio: decode %.2f, encode %.2f, decode+encode %.2f\n", xd / wd, xe / we, xx / wx }'
  } | tee -a "$summary"
fi
echo
echo "summary written to $summary"
