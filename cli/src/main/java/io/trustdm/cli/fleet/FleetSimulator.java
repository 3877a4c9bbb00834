package io.trustdm.cli.fleet;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.InstalledAccounts;
import io.trustdm.client.transport.DmTransport;
import io.trustdm.client.transport.HttpDmTransport;
import io.trustdm.client.transport.ServerBusyException;
import io.trustdm.security.auth.Credentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * Runs Management Sessions for many simulated Devices against one DM Server: {@code concurrency} worker threads take
 * the next ready Device from a queue, run one client-initiated session with its own {@link DeviceAgent}, record the
 * latency or the error kind, and put it back. A Device whose server answered HTTP 503 waits for the Retry-After (or
 * {@link FleetSettings#defaultRetryAfter()}) before it is ready again.
 *
 * <p>Each Device keeps its own agent for the whole run, built at its first session: its own tree (DevInfo, DevDetail,
 * DMAcc with its credentials, FUMO), so the nonces the server hands out stay per Device as on real hardware. Measured at
 * about 23 KB a Device (docs/BENCHMARKS.md, "Fleet simulator"), 10,000 Devices fit well within a 2 GB heap. Without
 * client certificates the agents share one HTTPS transport (one connection pool) so that the simulator's own thread
 * and socket count stays bounded; with client certificates every session opens its own TLS connection.
 *
 * <p>Not thread-safe: one {@link #run} at a time.
 */
public final class FleetSimulator {
    /** The longest Retry-After a Device honours, so a wrong header cannot park the fleet for the whole run. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private final FleetSettings settings;
    private final List<FleetDevice> devices;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final Map<ErrorKind, AtomicLong> errors = new EnumMap<>(ErrorKind.class);
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final Consumer<String> errorLog;
    private DeviceAgent[] agents = new DeviceAgent[0];

    /**
     * @param errorLog told of the first failure of each kind (one line, no secrets); may be a no-op
     */
    public FleetSimulator(FleetSettings settings, List<FleetDevice> devices, Consumer<String> errorLog) {
        this.settings = settings;
        this.devices = List.copyOf(devices);
        this.errorLog = errorLog;
        if (this.devices.isEmpty()) {
            throw new FleetInputException("a fleet needs at least one device");
        }
        for (ErrorKind k : ErrorKind.values()) {
            errors.put(k, new AtomicLong());
        }
    }

    /**
     * How many Devices have an agent (their own tree and nonces). The agents of the last run stay with the simulator,
     * closed, until it is dropped, so a memory harness can measure what the Devices' state costs.
     */
    public int devicesWithState() {
        int k = 0;
        for (DeviceAgent a : agents) {
            if (a != null) {
                k++;
            }
        }
        return k;
    }

    /** Live counters for a progress display. */
    public record Progress(long completed, long failed, long overloaded, long elapsedMillis, long targetMillis) {}

    /** Progress so far (callable from any thread while {@link #run} runs). */
    public Progress progress(long startNanos) {
        return new Progress(
                completed.get(),
                failed.get(),
                errors.get(ErrorKind.OVERLOADED).get(),
                (System.nanoTime() - startNanos) / 1_000_000,
                settings.duration() == null ? -1 : settings.duration().toMillis());
    }

    /**
     * Runs the fleet until the duration is over or every Device ran its sessions, then waits for the sessions in
     * flight and reports.
     *
     * @param onStart given the {@link System#nanoTime()} the run started at (for {@link #progress})
     */
    public FleetReport run(Consumer<Long> onStart) throws InterruptedException {
        int n = devices.size();
        DeviceAgent[] agents = new DeviceAgent[n];
        this.agents = agents;
        int[] sessionsRun = new int[n];
        AtomicLongArray completedPerDevice = new AtomicLongArray(n);
        LinkedBlockingQueue<Integer> ready = new LinkedBlockingQueue<>();
        for (int i = 0; i < n; i++) {
            ready.add(i);
        }
        AtomicInteger unfinished = new AtomicInteger(n);
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trustdm-fleet-retry");
            t.setDaemon(true);
            return t;
        });
        DmTransport shared = settings.certificates() == null
                ? HttpDmTransport.builder()
                        .trustAnchors(settings.trustAnchors())
                        .build()
                : null;
        long start = System.nanoTime();
        long deadline = settings.duration() == null
                ? Long.MAX_VALUE
                : start + settings.duration().toNanos();
        onStart.accept(start);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < settings.concurrency(); w++) {
            Thread t = new Thread(
                    () -> {
                        while (unfinished.get() > 0 && System.nanoTime() < deadline) {
                            Integer i;
                            try {
                                i = ready.poll(20, TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                return;
                            }
                            if (i == null) {
                                continue;
                            }
                            if (System.nanoTime() >= deadline) {
                                return;
                            }
                            Duration wait = oneSession(i, agents, shared, completedPerDevice);
                            if (wait != null) {
                                later.schedule(() -> ready.add(i), wait.toMillis(), TimeUnit.MILLISECONDS);
                                continue;
                            }
                            sessionsRun[i]++;
                            if (settings.sessionsPerDevice() > 0 && sessionsRun[i] >= settings.sessionsPerDevice()) {
                                unfinished.decrementAndGet();
                            } else {
                                ready.add(i);
                            }
                        }
                    },
                    "trustdm-fleet-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        try {
            for (Thread t : workers) {
                t.join();
            }
        } catch (InterruptedException e) {
            workers.forEach(Thread::interrupt);
            throw e;
        } finally {
            later.shutdownNow();
            for (DeviceAgent a : agents) {
                if (a != null) {
                    a.close();
                }
            }
            if (shared != null) {
                shared.close();
            }
        }
        long elapsed = System.nanoTime() - start;
        int served = 0;
        for (int i = 0; i < n; i++) {
            if (completedPerDevice.get(i) > 0) {
                served++;
            }
        }
        Map<String, Long> e = new LinkedHashMap<>();
        errors.forEach((k, v) -> e.put(k.key(), v.get()));
        return new FleetReport(
                n,
                served,
                settings.concurrency(),
                elapsed / 1_000_000,
                completed.get(),
                failed.get(),
                messages.get(),
                elapsed == 0 ? 0 : Math.round(completed.get() * 1e10 / elapsed) / 10.0,
                FleetReport.Latency.of(latencies.sorted()),
                e);
    }

    /**
     * One session of device {@code i}; a device is only ever in one worker's hands (it is in the queue at most once),
     * so its slot in {@code agents} needs no lock. Returns the wait before the next try when the server was
     * overloaded, else {@code null}.
     */
    private Duration oneSession(int i, DeviceAgent[] agents, DmTransport shared, AtomicLongArray completedPerDevice) {
        long t0 = System.nanoTime();
        try {
            if (agents[i] == null) {
                agents[i] = agent(devices.get(i), shared);
            }
            DeviceAgent.SessionReport r = agents[i].runSession();
            if (r.abortedByServer()) {
                fail(ErrorKind.ABORTED, devices.get(i), "the server aborted the session");
                failed.incrementAndGet();
                return null;
            }
            latencies.record(System.nanoTime() - t0);
            completed.incrementAndGet();
            completedPerDevice.incrementAndGet(i);
            messages.addAndGet(r.messagesSent());
            return null;
        } catch (ServerBusyException e) {
            fail(ErrorKind.OVERLOADED, devices.get(i), e.getMessage());
            Duration wait = e.retryAfter().orElse(settings.defaultRetryAfter());
            return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
        } catch (Exception e) {
            fail(ErrorKind.of(e), devices.get(i), e.getMessage());
            failed.incrementAndGet();
            return null;
        }
    }

    private void fail(ErrorKind kind, FleetDevice d, String message) {
        if (errors.get(kind).getAndIncrement() == 0) {
            errorLog.accept("first " + kind.key() + " error (" + d.deviceId() + "): " + message);
        }
    }

    private DeviceAgent agent(FleetDevice d, DmTransport shared) {
        DeviceAgent.Builder b = DeviceAgent.builder(d.deviceId())
                .model("Fleet device")
                .encoding(settings.encoding())
                .trustAnchors(settings.trustAnchors());
        if (shared != null) {
            b.transport(shared);
        } else {
            b.certificate(settings.certificates().apply(d.deviceId()));
        }
        DeviceAgent a = b.build();
        a.provision(InstalledAccounts.factory(
                settings.serverId(),
                settings.serverId(),
                settings.server(),
                d.scheme(),
                Credentials.of(d.username(), d.password().toCharArray()),
                d.serverPassword() == null
                        ? null
                        : Credentials.of(settings.serverId(), d.serverPassword().toCharArray())));
        return a;
    }
}
