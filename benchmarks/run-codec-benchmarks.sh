#!/usr/bin/env bash
# Codec benchmark: TrustDM (JMH) against libwbxml (C harness) on the same WBXML bytes, same machine, same run.
#
#   benchmarks/run-codec-benchmarks.sh            # build both, 5 alternating rounds, then a JMH run with -prof gc
#   ROUNDS=3 benchmarks/run-codec-benchmarks.sh   # fewer rounds
#   MVN_OFFLINE= benchmarks/run-codec-benchmarks.sh   # let Maven download (default: -o, offline)
#
# Environment knobs: ROUNDS (5), C_ITERATIONS (2000 corpus passes per phase), C_WARMUP (200), JMH_ROUND_ARGS
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
}
c_rate() { # file phase
  kv msgs_per_s "$(grep "phase=$2 " "$1")"
}

echo "== $ROUNDS alternating rounds (odd rounds libwbxml first, even rounds TrustDM first)"
: >"$work/rounds.tsv"
for r in $(seq 1 "$ROUNDS"); do
  if ((r % 2)); then run_c "$r"; run_java "$r"; else run_java "$r"; run_c "$r"; fi
  c_rt="$(c_rate "$work/rounds/c-tree-$r.txt" roundtrip)"
  c_dec="$(c_rate "$work/rounds/c-tree-$r.txt" decode)"
  c_enc="$(c_rate "$work/rounds/c-tree-$r.txt" encode)"
  c_conv="$(c_rate "$work/rounds/c-conv-$r.txt" roundtrip)"
  j_rt="$(jmh_score "$work/rounds/jmh-$r.csv" wbxmlDecodeEncode)"
  j_dec="$(jmh_score "$work/rounds/jmh-$r.csv" wbxmlDecode)"
  j_enc="$(jmh_score "$work/rounds/jmh-$r.csv" wbxmlEncode)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$j_rt" "$j_dec" "$j_enc" "$c_rt" "$c_dec" "$c_enc" "$c_conv" \
    >>"$work/rounds.tsv"
  awk -v r="$r" -v jr="$j_rt" -v cr="$c_rt" \
    'BEGIN { printf "round %s: TrustDM %.0f msgs/s, libwbxml %.0f msgs/s, ratio %.2f\n", r, jr, cr, jr / cr }'
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
  echo "WBXML, messages/s and MB/s (MB = 10^6 bytes of WBXML input), median and best of $ROUNDS rounds:"
  awk -F'\t' -v mb="$wbxml_bytes" -v n="$files" '
    function sortcol(c,   i, j, t) { for (i = 1; i <= NR; i++) v[i] = col[c, i];
      for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t } }
    function median(c) { sortcol(c); return NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }
    function best(c) { sortcol(c); return v[NR] }
    function row(label, c) { printf "  %-40s median %9.0f msgs/s %7.2f MB/s   best %9.0f msgs/s %7.2f MB/s\n",
      label, median(c), median(c) * mb / n / 1e6, best(c), best(c) * mb / n / 1e6 }
    { for (c = 2; c <= 8; c++) col[c, NR] = $c; col[9, NR] = $2 / $5 }
    END {
      row("TrustDM    decode+encode (JMH)", 2)
      row("libwbxml   decode+encode (tree)", 5)
      row("libwbxml   decode+encode (via XML text)", 8)
      row("TrustDM    decode", 3)
      row("libwbxml   decode (tree)", 6)
      row("TrustDM    encode", 4)
      row("libwbxml   encode (tree)", 7)
      printf "\n  RATIO TrustDM/libwbxml, WBXML decode+encode: median of per-round ratios %.2f, best/best %.2f (target >= 2)\n",
        median(9), best(2) / best(5)
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
