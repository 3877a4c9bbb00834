package io.trustdm.server.store;

import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.OperationResult;
import io.trustdm.server.session.UnitOfWork;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The child process of {@link JobCrashTest}: enqueues, claims, delivers, completes and releases jobs as fast as it can
 * until it is killed with SIGKILL. After each transaction returns it appends one line to a journal ({@code ENQ id
 * kind}, {@code SENT id kind}, {@code DONE id}, {@code RELEASED id}), so the journal is a lower bound of what the
 * database must hold. {@code SENT} stands for the commands leaving the server: it is written only after
 * {@code delivering} returned, exactly where a session would send. Half of the claims and completions run the way the session engine runs them,
 * inside {@link JdbcRegistry#inMessage} (one transaction per DM message), and are journalled after it returned.
 *
 * <p>Arguments: {@code dataDir journal seed leaseMillis [jdbcUrl]} (no URL = the H2 database in dataDir).
 */
public final class CrashWorker {
    static final List<String> DEVICES = List.of("IMEI:000000000000001", "IMEI:000000000000002", "IMEI:000000000000003");

    private CrashWorker() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[2]));
        Duration lease = Duration.ofMillis(Long.parseLong(args[3]));
        try (OutputStream journal = new FileOutputStream(args[1], true);
                Database db = args.length > 4
                        ? Database.open(dataDir, args[4], "postgres", "postgres")
                        : Database.open(dataDir)) {
            db.migrate();
            JdbcRegistry reg = new JdbcRegistry(db, Clock.systemUTC(), lease);
            for (String d : DEVICES) {
                reg.register(d);
            }
            line(journal, "READY " + ProcessHandle.current().pid());
            while (true) {
                step(reg, random, journal);
            }
        }
    }

    static void step(JdbcRegistry reg, Random random, OutputStream journal) throws IOException {
        String device = DEVICES.get(random.nextInt(DEVICES.size()));
        if (random.nextInt(3) == 0) {
            boolean exec = random.nextBoolean();
            String id = reg.enqueue(device, commands(exec, random));
            line(journal, "ENQ " + id + (exec ? " exec" : " get"));
            return;
        }
        // Half of the sessions run as the engine runs them, one unit of work per DM message: the claim and the lease
        // of Package 2 commit together, and so does the completion (or release) of Package 3 or the session's end.
        UnitOfWork message = random.nextBoolean() ? reg : UnitOfWork.NONE;
        Optional<ClaimedJob> claimed = message.inMessage(() -> {
            Optional<ClaimedJob> c =
                    reg.claim(device, "worker-" + ProcessHandle.current().pid());
            c.ifPresent(j -> reg.delivering(j, j.commands()));
            return c;
        });
        if (claimed.isEmpty()) {
            return;
        }
        ClaimedJob j = claimed.get();
        line(journal, "SENT " + j.jobId() + (JobStore.containsExec(j.commands()) ? " exec" : " get"));
        if (random.nextInt(5) == 0) {
            message.inMessage(() -> {
                reg.release(j);
                return null;
            });
            line(journal, "RELEASED " + j.jobId());
        } else if (random.nextInt(10) > 0) {
            message.inMessage(() -> {
                reg.complete(j, results(j));
                return null;
            });
            line(journal, "DONE " + j.jobId());
        }
        // else: the session goes quiet with the job claimed; its lease runs out
    }

    static List<Command> commands(boolean exec, Random random) {
        List<Command> l = new ArrayList<>();
        l.add(new Get("0", false, null, null, List.of(Item.target("./DevInfo/Mod"))));
        if (exec) {
            l.add(Exec.of("0", "c-" + random.nextInt(1_000_000), Item.target("./FUMO/1/DownloadAndUpdate")));
        }
        return l;
    }

    static List<OperationResult> results(ClaimedJob j) {
        List<OperationResult> l = new ArrayList<>();
        for (int i = 0; i < j.commands().size(); i++) {
            l.add(new OperationResult(
                    i,
                    j.commands().get(i).name(),
                    200,
                    i == 0 ? List.of(Item.sourceWithData("./DevInfo/Mod", null, "Sensor-" + j.jobId())) : List.of()));
        }
        return l;
    }

    static void line(OutputStream journal, String text) throws IOException {
        // one write() per line: a kill leaves at most one partial last line, which the checker ignores
        journal.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        journal.flush();
    }
}
