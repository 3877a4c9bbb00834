package io.trustdm.server.api;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.Sequence;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.server.ManagementRegistry;
import io.trustdm.server.ManagementRegistry.SessionRecord;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.auth.ServerCredentialScheme;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.OperationResult;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The management API over any {@link ManagementRegistry}: the JDBC registry the server runs with, or the in-memory one
 * of tests and embedded use. Registration is serialized in this process; two servers sharing one database rely on the
 * registry's own uniqueness (the device table's primary key).
 */
public final class RegistryManagementApi implements ManagementApi {
    private final ManagementRegistry registry;
    private final SecureRandom random;

    private final boolean plainDmAddress;

    public RegistryManagementApi(ManagementRegistry registry, SecureRandom random) {
        this(registry, random, null);
    }

    /**
     * @param dmAddress the DM address Devices are given, when known: an {@code http} address means no TLS certificate
     *                  can authenticate the server, so a Device registered with server scheme {@code none} is refused
     */
    public RegistryManagementApi(ManagementRegistry registry, SecureRandom random, URI dmAddress) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.random = Objects.requireNonNull(random, "random");
        this.plainDmAddress = dmAddress != null && "http".equalsIgnoreCase(dmAddress.getScheme());
    }

    @Override
    public DeviceDetails createDevice(NewDevice d) {
        synchronized (registry) {
            if (registry.isKnown(d.deviceId())) {
                throw new ConflictException("device " + d.deviceId() + " is already registered");
            }
            DigestKey clientKey = d.username() == null ? null : DigestKey.of(d.username(), Secret.ofUtf8(d.password()));
            DigestKey serverKey = d.serverUsername() == null
                    ? null
                    : DigestKey.of(d.serverUsername(), Secret.ofUtf8(d.serverPassword()));
            ServerCredentialScheme serverScheme = d.serverScheme();
            if (plainDmAddress && serverScheme != ServerCredentialScheme.HMAC) {
                throw new InvalidInputException("the DM address is plain http: without a TLS server certificate the"
                        + " server must prove itself with x-syncml-hmac (serverAuth hmac), not " + serverScheme);
            }
            DeviceAccount account;
            try {
                account = new DeviceAccount(
                        d.deviceId(),
                        AccountSecurity.of(d.deviceId(), d.authScheme(), true),
                        d.certificateRequired(),
                        d.username(),
                        clientKey,
                        d.serverUsername(),
                        serverKey,
                        serverScheme);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(e.getMessage());
            }
            registry.register(
                    account, Nonce.random(random, Nonce.DEFAULT_LENGTH), Nonce.random(random, Nonce.DEFAULT_LENGTH));
        }
        return device(d.deviceId()).orElseThrow();
    }

    @Override
    public Page<DeviceSummary> devices(String search, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 500) {
            throw new InvalidInputException("offset must be >= 0 and limit 1..500");
        }
        String needle = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
        List<DeviceSummary> all = new ArrayList<>();
        List<SessionRecord> sessions = registry.sessions();
        for (String id : registry.deviceIds()) {
            Map<String, String> info = registry.devInfo(id);
            String man = info.get("Man");
            String mod = info.get("Mod");
            if (!needle.isEmpty() && !contains(id, needle) && !contains(man, needle) && !contains(mod, needle)) {
                continue;
            }
            Optional<SessionRecord> last = lastSession(sessions, id);
            all.add(new DeviceSummary(
                    id,
                    man,
                    mod,
                    last.map(SessionRecord::ended).orElse(null),
                    last.map(r -> r.outcome().name()).orElse(null),
                    registry.queuedCount(id)));
        }
        return Page.of(all, offset, limit);
    }

    private static boolean contains(String s, String needle) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static Optional<SessionRecord> lastSession(List<SessionRecord> sessions, String deviceId) {
        SessionRecord last = null;
        for (SessionRecord r : sessions) {
            if (r.deviceId().equals(deviceId)) {
                last = r;
            }
        }
        return Optional.ofNullable(last);
    }

    @Override
    public Optional<DeviceDetails> device(String deviceId) {
        if (!registry.isKnown(deviceId)) {
            return Optional.empty();
        }
        List<SessionRecord> sessions = registry.sessions();
        Optional<SessionRecord> last = lastSession(sessions, deviceId);
        int count = (int)
                sessions.stream().filter(r -> r.deviceId().equals(deviceId)).count();
        AuthSettings auth = registry.account(deviceId)
                .map(a -> new AuthSettings(
                        a.security().requiredScheme().name(),
                        a.security().httpsProvisioned(),
                        a.certificateRequired(),
                        a.clientName(),
                        a.clientKey() != null,
                        a.serverName(),
                        a.serverKey() != null,
                        a.serverScheme().name().toLowerCase(Locale.ROOT)))
                .orElse(null);
        return Optional.of(new DeviceDetails(
                deviceId,
                registry.devInfo(deviceId),
                last.map(SessionRecord::ended).orElse(null),
                last.map(r -> r.outcome().name()).orElse(null),
                count,
                auth,
                registry.queuedCount(deviceId)));
    }

    @Override
    public boolean deleteDevice(String deviceId) {
        return registry.remove(deviceId);
    }

    @Override
    public List<NodeValue> tree(String deviceId) {
        requireDevice(deviceId);
        return registry.treeValues(deviceId);
    }

    private void requireDevice(String deviceId) {
        if (!registry.isKnown(deviceId)) {
            throw new NotFoundException("no device " + deviceId);
        }
    }

    @Override
    public JobView createJob(String deviceId, List<OperationSpec> operations) {
        requireDevice(deviceId);
        if (operations == null || operations.isEmpty()) {
            throw new InvalidInputException("a job needs at least one operation");
        }
        if (operations.size() > 100) {
            throw new InvalidInputException("a job holds at most 100 operations");
        }
        List<Command> commands =
                operations.stream().map(OperationSpec::toCommand).toList();
        String id;
        synchronized (registry) {
            requireDevice(deviceId);
            id = registry.enqueue(deviceId, commands);
        }
        return job(id).orElseThrow();
    }

    @Override
    public List<JobView> jobs(String deviceId, JobState state) {
        List<JobView> out = new ArrayList<>();
        List<ClaimedJob> all = new ArrayList<>(registry.jobs());
        for (int i = all.size() - 1; i >= 0; i--) {
            ClaimedJob j = all.get(i);
            if (deviceId != null && !deviceId.equals(j.deviceId())) {
                continue;
            }
            JobView v = view(j);
            if (state == null || v.state() == state) {
                out.add(v);
            }
        }
        return out;
    }

    @Override
    public Optional<JobView> job(String jobId) {
        return registry.job(jobId).map(this::view);
    }

    private JobView view(ClaimedJob j) {
        var times = registry.jobTimes(j.jobId()).orElse(new ManagementRegistry.JobTimes(null, null));
        List<OperationSpec> ops = j.commands().stream().map(OperationSpec::from).toList();
        Optional<ManagementRegistry.CompletedJob> done = registry.completed(j.jobId());
        if (done.isPresent()) {
            List<CommandOutcome> outcomes = done.get().results().stream()
                    .map(RegistryManagementApi::outcome)
                    .toList();
            boolean ok = outcomes.stream().allMatch(CommandOutcome::isSuccess);
            return new JobView(
                    j.jobId(), j.deviceId(), JobState.COMPLETED, times.created(), times.completed(), ops, outcomes, ok);
        }
        JobState state = registry.isOutcomeUnknown(j.jobId())
                ? JobState.OUTCOME_UNKNOWN
                : registry.isClaimed(j.jobId()) ? JobState.DELIVERING : JobState.QUEUED;
        return new JobView(j.jobId(), j.deviceId(), state, times.created(), null, ops, List.of(), null);
    }

    private static CommandOutcome outcome(OperationResult r) {
        return new CommandOutcome(
                r.index(),
                r.command(),
                r.status(),
                r.results().stream().map(RegistryManagementApi::value).toList());
    }

    private static ResultValue value(Item i) {
        String path = i.source() != null
                ? i.source().locUri()
                : i.target() != null ? i.target().locUri() : null;
        String format = i.meta() == null ? null : i.meta().format();
        String type = i.meta() == null ? null : i.meta().type();
        return new ResultValue(path, i.data() == null ? null : i.data().asText(), format, type);
    }

    @Override
    public List<AlertView> alerts(String deviceId) {
        List<ManagementRegistry.ReceivedAlert> all = registry.receivedAlerts();
        List<ClaimedJob> jobs = registry.jobs();
        List<AlertView> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            ManagementRegistry.ReceivedAlert r = all.get(i);
            if (deviceId != null && !deviceId.equals(r.deviceId())) {
                continue;
            }
            Alert a = r.alert();
            String jobId = a.correlator() == null ? null : jobWithCorrelator(jobs, r.deviceId(), a.correlator());
            out.add(new AlertView(
                    r.deviceId(),
                    a.code(),
                    a.correlator(),
                    jobId,
                    r.received(),
                    a.items().stream().map(RegistryManagementApi::value).toList()));
        }
        return out;
    }

    private static String jobWithCorrelator(List<ClaimedJob> jobs, String deviceId, String correlator) {
        for (int i = jobs.size() - 1; i >= 0; i--) {
            ClaimedJob j = jobs.get(i);
            if (j.deviceId().equals(deviceId) && hasCorrelator(j.commands(), correlator)) {
                return j.jobId();
            }
        }
        return null;
    }

    private static boolean hasCorrelator(List<Command> commands, String correlator) {
        for (Command c : commands) {
            if (c instanceof Exec e && correlator.equals(e.correlator())) {
                return true;
            }
            if (c instanceof Sequence s && hasCorrelator(s.commands(), correlator)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<AuditEntry> audit(AuditQuery q) {
        List<AuditEntry> out = new ArrayList<>();
        List<SecurityAuditEvent> all = registry.auditEvents();
        for (int i = all.size() - 1; i >= 0 && out.size() < q.limit(); i--) {
            SecurityAuditEvent e = all.get(i);
            if (q.deviceId() != null && !q.deviceId().equals(e.subject())) {
                continue;
            }
            if (q.decisionPoint() != null && !e.decisionPoint().startsWith(q.decisionPoint())) {
                continue;
            }
            if (q.verdict() != null && !q.verdict().equalsIgnoreCase(e.verdict().name())) {
                continue;
            }
            if (q.since() != null && e.at().isBefore(q.since())) {
                continue;
            }
            if (q.until() != null && e.at().isAfter(q.until())) {
                continue;
            }
            out.add(new AuditEntry(
                    e.at(),
                    e.decisionPoint(),
                    e.subject(),
                    e.sender() == null ? null : e.sender().toString(),
                    e.channel(),
                    e.verdict().name(),
                    e.dmStatus().isPresent() ? e.dmStatus().getAsInt() : null,
                    e.reason(),
                    e.rules()));
        }
        out.sort(Comparator.comparing(AuditEntry::at).reversed());
        return out;
    }
}
