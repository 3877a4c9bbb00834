package io.trustdm.cli.admin;

import io.trustdm.server.api.OperationSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code trustdm admin jobs}: queue management jobs, follow them and read their results. */
@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        description = "Queue jobs for devices and read their results.",
        subcommands = {JobsCommand.Add.class, JobsCommand.Show.class, JobsCommand.ListJobs.class, JobsCommand.Wait.class
        })
final class JobsCommand extends Group {

    static String jobPath(String id) {
        return "/jobs/" + ApiClient.encode(id);
    }

    /** One job option as given; exactly one of the fields is set (picocli keeps them in command-line order). */
    static final class Op {
        @Option(names = "--get", paramLabel = "./PATH", required = true, description = "read a value")
        String get;

        @Option(names = "--replace", paramLabel = "./PATH=VALUE", required = true, description = "set a value")
        String replace;

        @Option(
                names = "--add",
                paramLabel = "./PATH[=VALUE]",
                required = true,
                description = "add a node (a leaf with VALUE, else an interior node)")
        String add;

        @Option(names = "--delete", paramLabel = "./PATH", required = true, description = "delete a node")
        String delete;

        @Option(names = "--exec", paramLabel = "./PATH[=DATA]", required = true, description = "execute a node")
        String exec;

        @Option(
                names = "--copy",
                paramLabel = "./TARGET=./SOURCE",
                required = true,
                description = "copy SOURCE's value to TARGET")
        String copy;

        OperationSpec toSpec() {
            if (get != null) {
                return OperationArgs.get(get);
            }
            if (replace != null) {
                return OperationArgs.replace(replace);
            }
            if (add != null) {
                return OperationArgs.add(add);
            }
            if (delete != null) {
                return OperationArgs.delete(delete);
            }
            if (exec != null) {
                return OperationArgs.exec(exec);
            }
            return OperationArgs.copy(copy);
        }
    }

    /** {@code --atomic} or {@code --sequence}. */
    static final class Grouping {
        @Option(names = "--atomic", required = true, description = "all operations in one Atomic (all or nothing)")
        boolean atomic;

        @Option(names = "--sequence", required = true, description = "all operations in one Sequence (in order)")
        boolean sequence;

        String name() {
            return atomic ? "Atomic" : sequence ? "Sequence" : null;
        }
    }

    /** {@code admin jobs add}. */
    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Queue one job of one or more operations, in the order given; prints the job id on the"
                    + " last line.")
    static final class Add extends AdminLeaf {
        @Option(names = "--dev-id", required = true, paramLabel = "ID", description = "the device")
        String devId;

        @ArgGroup(exclusive = true, multiplicity = "1..*")
        List<Op> ops = new ArrayList<>();

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Grouping grouping;

        /** The operations as they will be sent. */
        List<OperationSpec> operations() {
            List<OperationSpec> specs = new ArrayList<>();
            for (Op o : ops) {
                specs.add(o.toSpec());
            }
            return OperationArgs.grouped(grouping == null ? null : grouping.name(), specs);
        }

        private List<OperationSpec> specs;

        @Override
        void check() {
            specs = operations();
        }

        @Override
        int run(ApiClient api, PrintStream out) {
            JsonNode job = api.post(DevicesCommand.devicePath(devId) + "/jobs", Map.of("operations", specs));
            String id = Json.text(job, "jobId");
            if (id == null) {
                throw AdminFailure.remote("the server's answer carries no jobId");
            }
            out.println("queued for " + devId + " (" + Json.text(job, "state", "QUEUED") + "): " + describe(specs)
                    + "; delivered in the device's next session");
            out.println(id);
            return 0;
        }
    }

    static String describe(List<OperationSpec> specs) {
        List<String> parts = new ArrayList<>();
        for (OperationSpec s : specs) {
            parts.add(describe(s));
        }
        return String.join(", ", parts);
    }

    static String describe(OperationSpec s) {
        if (!s.operations().isEmpty()) {
            return s.op() + " [" + describe(s.operations()) + "]";
        }
        String d = s.op() + " " + s.target();
        if (s.source() != null) {
            d += " <- " + s.source();
        }
        return d;
    }

    private static String describe(JsonNode op) {
        String name = Json.text(op, "op", "?");
        JsonNode children = op.get("operations");
        if (children != null && children.isArray() && !children.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode c : children.values()) {
                parts.add(describe(c));
            }
            return name + " [" + String.join(", ", parts) + "]";
        }
        String d = name + " " + Json.text(op, "target", "");
        if (Json.text(op, "data") != null && !name.equals("Exec")) {
            d += " = " + Json.text(op, "data");
        }
        if (Json.text(op, "source") != null) {
            d += " <- " + Json.text(op, "source");
        }
        return d;
    }

    /** Prints a job: its state, and per top-level command what the device answered, with Results values. */
    static void print(JsonNode job, PrintStream out) {
        Boolean ok = Json.bool(job, "succeeded");
        out.println("job " + Json.text(job, "jobId", "?") + " for " + Json.text(job, "deviceId", "?") + ": "
                + Json.text(job, "state", "?")
                + (ok == null ? "" : ok ? ", every command succeeded" : ", some commands failed"));
        out.println("  created " + Table.time(Json.text(job, "created", "?"))
                + (Json.text(job, "completed") == null
                        ? ""
                        : ", completed " + Table.time(Json.text(job, "completed"))));
        List<JsonNode> ops = new ArrayList<>();
        Json.items(job, "operations").forEach(ops::add);
        List<JsonNode> outcomes = new ArrayList<>();
        Json.items(job, "outcomes").forEach(outcomes::add);
        for (int i = 0; i < Math.max(ops.size(), outcomes.size()); i++) {
            String what = i < ops.size() ? describe(ops.get(i)) : Json.text(outcomes.get(i), "command", "?");
            if (i >= outcomes.size()) {
                out.println("  " + (i + 1) + " " + what);
                continue;
            }
            JsonNode o = outcomes.get(i);
            int status = Json.integer(o, "status", -1);
            out.println("  " + (i + 1) + " " + what + " -> " + (status < 0 ? "no answer" : Integer.toString(status)));
            for (JsonNode r : Json.items(o, "results")) {
                out.println("      " + Json.text(r, "path", "?") + " = " + Json.text(r, "value", "")
                        + (Json.text(r, "format") == null ? "" : "  (" + Json.text(r, "format") + ")"));
            }
        }
    }

    /** {@code admin jobs show}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "A job's state and per-command results.")
    static final class Show extends AdminLeaf {
        @Parameters(paramLabel = "JOB", description = "the job id")
        String jobId;

        @Option(names = "--json", description = "print the API's JSON instead of text")
        boolean json;

        @Override
        int run(ApiClient api, PrintStream out) {
            JsonNode job = api.get(jobPath(jobId));
            if (json) {
                printJson(job, out);
                return 0;
            }
            print(job, out);
            return 0;
        }
    }

    /** {@code admin jobs list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Jobs, newest first.")
    static final class ListJobs extends AdminLeaf {
        @Option(names = "--dev-id", paramLabel = "ID", description = "only this device's jobs")
        String devId;

        @Option(
                names = "--state",
                paramLabel = "S",
                description = "only jobs in this state: queued, delivering, completed or outcome_unknown")
        String state;

        @Option(names = "--json", description = "print the API's JSON instead of text")
        boolean json;

        @Override
        int run(ApiClient api, PrintStream out) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("deviceId", devId);
            q.put(
                    "state",
                    state == null
                            ? null
                            : state.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            JsonNode jobs = api.get("/jobs", q);
            if (json) {
                printJson(jobs, out);
                return 0;
            }
            Table t = new Table("JOB", "DEVICE", "STATE", "CREATED", "RESULT", "OPERATIONS");
            for (JsonNode j : Json.items(jobs)) {
                List<String> ops = new ArrayList<>();
                Json.items(j, "operations").forEach(o -> ops.add(describe(o)));
                Boolean ok = Json.bool(j, "succeeded");
                t.row(
                        Json.text(j, "jobId"),
                        Json.text(j, "deviceId"),
                        Json.text(j, "state"),
                        Table.time(Json.text(j, "created")),
                        ok == null ? null : ok ? "ok" : "failed",
                        String.join(", ", ops));
            }
            if (t.size() == 0) {
                out.println("no jobs");
                return 0;
            }
            t.print(out);
            out.println(t.size() + (t.size() == 1 ? " job" : " jobs"));
            return 0;
        }
    }

    /** {@code admin jobs wait}. */
    @Command(
            name = "wait",
            mixinStandardHelpOptions = true,
            description = "Poll a job until it is COMPLETED or OUTCOME_UNKNOWN, then show it. Exit code 0 when it"
                    + " completed and every command succeeded, 1 otherwise or on timeout.")
    static final class Wait extends AdminLeaf {
        @Parameters(paramLabel = "JOB", description = "the job id")
        String jobId;

        @Option(
                names = "--timeout",
                paramLabel = "D",
                description = "give up after D: 30s, 5m, 1h, 250ms or ISO-8601 (default ${DEFAULT-VALUE})")
        String timeout = "60s";

        @Option(names = "--interval", paramLabel = "D", description = "time between polls (default ${DEFAULT-VALUE})")
        String interval = "1s";

        private Duration limit;
        private Duration pause;

        @Override
        void check() {
            limit = duration("--timeout", timeout);
            pause = duration("--interval", interval);
            if (pause.isZero()) {
                throw AdminFailure.usage("--interval must be positive");
            }
        }

        @Override
        int run(ApiClient api, PrintStream out) {
            long deadline = System.nanoTime() + limit.toNanos();
            while (true) {
                JsonNode job = api.get(jobPath(jobId));
                String state = Json.text(job, "state", "?");
                if (state.equals("COMPLETED") || state.equals("OUTCOME_UNKNOWN")) {
                    print(job, out);
                    return state.equals("COMPLETED") && Boolean.TRUE.equals(Json.bool(job, "succeeded")) ? 0 : 1;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw AdminFailure.remote("job " + jobId + " is still " + state + " after " + timeout);
                }
                try {
                    Thread.sleep(Math.min(pause.toMillis(), Math.max(1, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw AdminFailure.remote("interrupted while waiting for job " + jobId);
                }
            }
        }
    }

    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT1M}); never negative. */
    static Duration duration(String option, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw AdminFailure.usage(option + " must look like 30s, 5m, 1h, 250ms or PT1M, not " + text);
        }
        if (d.isNegative()) {
            throw AdminFailure.usage(option + " must not be negative");
        }
        return d;
    }
}
