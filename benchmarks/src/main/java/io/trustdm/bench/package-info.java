/**
 * Codec benchmarks: JMH benchmarks of TrustDM's XML and WBXML codecs over the shared DM message corpus
 * ({@link io.trustdm.bench.CorpusCodecBenchmark}) and the export of that corpus as WBXML files
 * ({@link io.trustdm.bench.CorpusExport}) for the libwbxml baseline in {@code benchmarks/native}. Nothing here runs
 * during {@code mvn verify}; see docs/BENCHMARKS.md.
 */
package io.trustdm.bench;
