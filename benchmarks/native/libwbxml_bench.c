/*
 * libwbxml baseline for the TrustDM codec benchmark (docs/BENCHMARKS.md).
 *
 * Loads WBXML files (the corpus as TrustDM's encoder wrote it, see io.trustdm.bench.CorpusExport) into memory,
 * then decodes and re-encodes every one of them in-process with libwbxml, many times over, and prints
 * messages per second and megabytes (10^6 bytes of input WBXML) per second.
 *
 * Two ways through libwbxml:
 *   tree (default)  WBXML -> WBXMLTree -> WBXML (wbxml_tree_from_wbxml / wbxml_tree_to_wbxml). This is the
 *                   closest match to TrustDM's decode (bytes -> model) and encode (model -> bytes), and the
 *                   fastest path libwbxml offers, so it is the baseline of the headline ratio.
 *   conv            WBXML -> XML text -> WBXML (wbxml_conv_wbxml2xml_run / wbxml_conv_xml2wbxml_run), what the
 *                   wbxml2xml and xml2wbxml tools do; it pays for XML generation and an expat parse.
 *
 * Encoder settings match TrustDM's default encoder options: WBXML 1.2, no string table. Exception: libwbxml 0.11.8
 * has no DM DDF code page inside SyncML 1.2, so the TNDS trees TrustDM writes inline (code page 2) decode as
 * unknown tags that libwbxml can only re-encode as LITERALs, which need a string table. Messages for which the
 * encoder refuses to work without one (found in the check pass, reported as "with_string_table") are encoded
 * with libwbxml's default string table, in both ways.
 *
 * The tree API is exported by libwbxml2.so but its header (wbxml_tree.h) is not shipped by Debian's
 * libwbxml2-dev 0.11.8, so the three functions used are declared below with the signatures of libwbxml 0.11.
 *
 * Each phase is timed three ways: wall clock, this process's CPU time, and the fastest single corpus pass (the
 * machines this runs on are shared; CPU time and the fastest pass are what libwbxml cost, whatever the other
 * tenants do). io.trustdm.bench.CpuTimeCodecRun times TrustDM the same three ways.
 *
 * Output: one "check" line (every file decoded and re-encoded, total input and output bytes), then one
 * "result" line per timed phase, as key=value pairs for run-codec-benchmarks.sh.
 */
#define _POSIX_C_SOURCE 200809L
#include <wbxml/wbxml.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct WBXMLTree_s WBXMLTree;

WBXMLError wbxml_tree_from_wbxml(WB_UTINY *wbxml, WB_ULONG wbxml_len, WBXMLLanguage lang,
                                 WBXMLCharsetMIBEnum charset, WBXMLTree **tree);
WBXMLError wbxml_tree_to_wbxml(WBXMLTree *tree, WB_UTINY **wbxml, WB_ULONG *wbxml_len,
                               WBXMLGenWBXMLParams *params);
void wbxml_tree_destroy(WBXMLTree *tree);
void wbxml_free(void *ptr);

typedef struct {
    const char *path;
    unsigned char *bytes;
    unsigned long len;
    /* Encoder parameters for this message: see needs_string_table(). */
    WBXMLGenWBXMLParams *params;
} Message;

static Message *messages;
static int message_count;
static unsigned long corpus_bytes;
static WBXMLGenWBXMLParams encode_params;
static WBXMLGenWBXMLParams encode_params_with_table;
static WBXMLConvWBXML2XML *to_xml;
static WBXMLConvXML2WBXML *to_wbxml;
static WBXMLConvXML2WBXML *to_wbxml_with_table;

static double clock_seconds(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* A phase is timed by the wall clock and by the CPU time of this (single-threaded) process. */
typedef struct {
    double wall;
    double cpu;
} Stamp;

static Stamp now(void) {
    Stamp s = {clock_seconds(CLOCK_MONOTONIC), clock_seconds(CLOCK_PROCESS_CPUTIME_ID)};
    return s;
}

static void die(const char *what, const char *path, WBXMLError err) {
    fprintf(stderr, "libwbxml_bench: %s failed for %s: %s\n", what, path, (const char *) wbxml_errors_string(err));
    exit(2);
}

static void load(const char *path, Message *m) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "libwbxml_bench: cannot open %s: %s\n", path, strerror(errno));
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    m->path = path;
    m->len = (unsigned long) size;
    m->bytes = malloc(size > 0 ? (size_t) size : 1);
    if (m->bytes == NULL || fread(m->bytes, 1, (size_t) size, f) != (size_t) size) {
        fprintf(stderr, "libwbxml_bench: cannot read %s\n", path);
        exit(2);
    }
    fclose(f);
}

/* Whether libwbxml refuses to re-encode this message without a string table (it holds LITERAL tags). */
static int needs_string_table(const Message *m) {
    WBXMLTree *tree = NULL;
    WB_UTINY *out = NULL;
    WB_ULONG out_len = 0;
    WBXMLError err = wbxml_tree_from_wbxml(m->bytes, m->len, WBXML_LANG_UNKNOWN, WBXML_CHARSET_UNKNOWN, &tree);
    if (err != WBXML_OK) die("wbxml_tree_from_wbxml", m->path, err);
    err = wbxml_tree_to_wbxml(tree, &out, &out_len, &encode_params);
    wbxml_tree_destroy(tree);
    if (err == WBXML_OK) {
        wbxml_free(out);
        return 0;
    }
    if (err == WBXML_ERROR_STRTBL_DISABLED) return 1;
    die("wbxml_tree_to_wbxml", m->path, err);
    return 0;
}

/* One message through the tree: WBXML -> tree -> WBXML. Returns the re-encoded length; hands out the bytes. */
static unsigned long tree_round_trip(const Message *m, WB_UTINY **out_bytes) {
    WBXMLTree *tree = NULL;
    WB_UTINY *out = NULL;
    WB_ULONG out_len = 0;
    WBXMLError err = wbxml_tree_from_wbxml(m->bytes, m->len, WBXML_LANG_UNKNOWN, WBXML_CHARSET_UNKNOWN, &tree);
    if (err != WBXML_OK) die("wbxml_tree_from_wbxml", m->path, err);
    err = wbxml_tree_to_wbxml(tree, &out, &out_len, m->params);
    if (err != WBXML_OK) die("wbxml_tree_to_wbxml", m->path, err);
    wbxml_tree_destroy(tree);
    if (out_bytes != NULL) {
        *out_bytes = out;
    } else {
        wbxml_free(out);
    }
    return out_len;
}

/* One message through XML text: WBXML -> XML -> WBXML with the converter objects. */
static unsigned long conv_round_trip(const Message *m, WB_UTINY **out_bytes) {
    WB_UTINY *xml = NULL;
    WB_ULONG xml_len = 0;
    WB_UTINY *out = NULL;
    WB_ULONG out_len = 0;
    WBXMLError err = wbxml_conv_wbxml2xml_run(to_xml, m->bytes, m->len, &xml, &xml_len);
    if (err != WBXML_OK) die("wbxml_conv_wbxml2xml_run", m->path, err);
    WBXMLConvXML2WBXML *encoder = m->params == &encode_params_with_table ? to_wbxml_with_table : to_wbxml;
    err = wbxml_conv_xml2wbxml_run(encoder, xml, xml_len, &out, &out_len);
    if (err != WBXML_OK) die("wbxml_conv_xml2wbxml_run", m->path, err);
    wbxml_free(xml);
    if (out_bytes != NULL) {
        *out_bytes = out;
    } else {
        wbxml_free(out);
    }
    return out_len;
}

static unsigned long (*round_trip_way)(const Message *, WB_UTINY **);
static WBXMLTree **trees;

/* One pass over the corpus: decode and re-encode every message. */
static void pass_round_trip(void) {
    for (int k = 0; k < message_count; k++) round_trip_way(&messages[k], NULL);
}

/* One pass of decoding alone: WBXML -> tree (destroying the tree is part of the cost of having decoded). */
static void pass_decode(void) {
    for (int k = 0; k < message_count; k++) {
        WBXMLTree *t = NULL;
        WBXMLError err =
                wbxml_tree_from_wbxml(messages[k].bytes, messages[k].len, WBXML_LANG_UNKNOWN, WBXML_CHARSET_UNKNOWN, &t);
        if (err != WBXML_OK) die("wbxml_tree_from_wbxml", messages[k].path, err);
        wbxml_tree_destroy(t);
    }
}

/* One pass of encoding alone, from trees decoded once beforehand. */
static void pass_encode(void) {
    for (int k = 0; k < message_count; k++) {
        WB_UTINY *out = NULL;
        WB_ULONG out_len = 0;
        WBXMLError err = wbxml_tree_to_wbxml(trees[k], &out, &out_len, messages[k].params);
        if (err != WBXML_OK) die("wbxml_tree_to_wbxml", messages[k].path, err);
        wbxml_free(out);
    }
}

/*
 * Runs a phase for `iterations` corpus passes, timing each batch of BATCH passes (one: a pass takes well under a
 * millisecond to a few milliseconds, short enough for some passes to run undisturbed). Reports the overall rate by wall clock
 * and by CPU time, and the rate of the fastest batch (best_msgs_per_s): on a shared machine the fastest short
 * batch is the one least disturbed by other tenants. CpuTimeCodecRun measures TrustDM the same three ways.
 */
#define BATCH 1
static void time_phase(const char *way, const char *phase, void (*pass)(void), long iterations) {
    double best = 1e300;
    Stamp start = now();
    for (long done = 0; done < iterations; done += BATCH) {
        long n = iterations - done < BATCH ? iterations - done : BATCH;
        double t0 = clock_seconds(CLOCK_MONOTONIC);
        for (long i = 0; i < n; i++) pass();
        double per_pass = (clock_seconds(CLOCK_MONOTONIC) - t0) / (double) n;
        if (per_pass < best) best = per_pass;
    }
    Stamp end = now();
    double wall = end.wall - start.wall;
    double cpu = end.cpu - start.cpu;
    double msgs = (double) iterations * message_count;
    double mb = (double) iterations * corpus_bytes / 1e6;
    printf("result impl=libwbxml-%s phase=%s messages=%.0f seconds=%.4f msgs_per_s=%.1f mb_per_s=%.3f"
           " cpu_seconds=%.4f cpu_msgs_per_s=%.1f cpu_mb_per_s=%.3f best_msgs_per_s=%.1f best_mb_per_s=%.3f\n",
           way, phase, msgs, wall, msgs / wall, mb / wall, cpu, msgs / cpu, mb / cpu, message_count / best,
           corpus_bytes / 1e6 / best);
}

static void usage(void) {
    fprintf(stderr,
            "usage: libwbxml_bench [-m tree|conv] [-n iterations] [-w warmup-iterations] [-o out-dir] file.wbxml...\n"
            "  One iteration decodes and re-encodes every file once. -o writes each re-encoded file to out-dir.\n");
    exit(64);
}

int main(int argc, char **argv) {
    const char *way = "tree";
    const char *out_dir = NULL;
    long iterations = 2000;
    long warmup = 200;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (i + 1 >= argc) usage();
        if (strcmp(argv[i], "-m") == 0) {
            way = argv[++i];
        } else if (strcmp(argv[i], "-n") == 0) {
            iterations = strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "-w") == 0) {
            warmup = strtol(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "-o") == 0) {
            out_dir = argv[++i];
        } else {
            usage();
        }
    }
    int tree = strcmp(way, "tree") == 0;
    if ((!tree && strcmp(way, "conv") != 0) || iterations < 1 || warmup < 0 || i >= argc) usage();

    message_count = argc - i;
    messages = calloc((size_t) message_count, sizeof(Message));
    for (int k = 0; k < message_count; k++) {
        load(argv[i + k], &messages[k]);
        corpus_bytes += messages[k].len;
    }

    encode_params.wbxml_version = WBXML_VERSION_12;
    encode_params.keep_ignorable_ws = FALSE;
    encode_params.use_strtbl = FALSE;
    encode_params.produce_anonymous = FALSE;
    encode_params_with_table = encode_params;
    encode_params_with_table.use_strtbl = TRUE;
    int with_table = 0;
    for (int k = 0; k < message_count; k++) {
        messages[k].params = &encode_params;
        if (needs_string_table(&messages[k])) {
            messages[k].params = &encode_params_with_table;
            with_table++;
        }
    }
    if (wbxml_conv_wbxml2xml_create(&to_xml) != WBXML_OK || wbxml_conv_xml2wbxml_create(&to_wbxml) != WBXML_OK
        || wbxml_conv_xml2wbxml_create(&to_wbxml_with_table) != WBXML_OK) {
        fprintf(stderr, "libwbxml_bench: cannot create converters\n");
        return 2;
    }
    wbxml_conv_wbxml2xml_set_gen_type(to_xml, WBXML_GEN_XML_COMPACT);
    wbxml_conv_xml2wbxml_set_version(to_wbxml, WBXML_VERSION_12);
    wbxml_conv_xml2wbxml_disable_string_table(to_wbxml);
    wbxml_conv_xml2wbxml_set_version(to_wbxml_with_table, WBXML_VERSION_12);

    unsigned long (*round_trip)(const Message *, WB_UTINY **) = tree ? tree_round_trip : conv_round_trip;

    /* Check pass: every file must decode and re-encode; optionally keep the output for inspection. */
    unsigned long bytes_out = 0;
    for (int k = 0; k < message_count; k++) {
        WB_UTINY *out = NULL;
        unsigned long len = round_trip(&messages[k], &out);
        if (len == 0) die("re-encoding (empty output)", messages[k].path, WBXML_ERROR_INTERNAL);
        bytes_out += len;
        if (out_dir != NULL) {
            const char *slash = strrchr(messages[k].path, '/');
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", out_dir, slash != NULL ? slash + 1 : messages[k].path);
            FILE *f = fopen(path, "wb");
            if (f == NULL || fwrite(out, 1, len, f) != len || fclose(f) != 0) {
                fprintf(stderr, "libwbxml_bench: cannot write %s\n", path);
                return 2;
            }
        }
        wbxml_free(out);
    }
    printf("check impl=libwbxml-%s files=%d with_string_table=%d bytes_in=%lu bytes_out=%lu libwbxml=%s\n", way,
           message_count, with_table, corpus_bytes, bytes_out, WBXML_LIB_VERSION);

    round_trip_way = round_trip;
    for (long n = 0; n < warmup; n++) pass_round_trip();
    time_phase(way, "roundtrip", pass_round_trip, iterations);

    if (tree) {
        time_phase(way, "decode", pass_decode, iterations);
        trees = calloc((size_t) message_count, sizeof(WBXMLTree *));
        for (int k = 0; k < message_count; k++) {
            WBXMLError err = wbxml_tree_from_wbxml(
                    messages[k].bytes, messages[k].len, WBXML_LANG_UNKNOWN, WBXML_CHARSET_UNKNOWN, &trees[k]);
            if (err != WBXML_OK) die("wbxml_tree_from_wbxml", messages[k].path, err);
        }
        time_phase(way, "encode", pass_encode, iterations);
        for (int k = 0; k < message_count; k++) wbxml_tree_destroy(trees[k]);
        free(trees);
    }

    wbxml_conv_wbxml2xml_destroy(to_xml);
    wbxml_conv_xml2wbxml_destroy(to_wbxml);
    wbxml_conv_xml2wbxml_destroy(to_wbxml_with_table);
    for (int k = 0; k < message_count; k++) free(messages[k].bytes);
    free(messages);
    return 0;
}
