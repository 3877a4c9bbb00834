package io.trustdm.it.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.client.DeviceAgent;
import io.trustdm.client.bootstrap.InstalledAccounts;
import io.trustdm.client.session.SessionException;
import io.trustdm.protocol.codec.SyncMlCodec.Encoding;
import io.trustdm.protocol.message.Get;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.Credentials;
import io.trustdm.security.pki.IssuedCertificate;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.Verdict;
import io.trustdm.server.DmServer;
import io.trustdm.server.api.AlertView;
import io.trustdm.server.api.AuditEntry;
import io.trustdm.server.api.AuditQuery;
import io.trustdm.server.api.CommandOutcome;
import io.trustdm.server.api.JobState;
import io.trustdm.server.api.JobView;
import io.trustdm.server.api.NewDevice;
import io.trustdm.server.api.NodeValue;
import io.trustdm.server.api.OperationSpec;
import io.trustdm.server.auth.ServerCredentialScheme;
import io.trustdm.server.session.SessionOutcome;
import io.trustdm.tree.NodeContent;
import io.trustdm.tree.Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DM server end to end over real HTTPS on loopback with the real device agent (its own management tree, FUMO
 * plug-in and client-side security policy), on one storage engine per concrete subclass. One server serves the
 * whole class; every test registers its own Devices so that nonces, failure counts and jobs never mix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerEndToEndSuite {
    static final String SERVER_ID = "trustdm.e2e";
    private static final AtomicInteger DEVICES = new AtomicInteger();

    private final Storage storage;
    private Path root;
    private Storage.RunningServer running;
    DmServer server;

    ServerEndToEndSuite(Storage storage) {
        this.storage = storage;
    }

    @BeforeAll
    void startServer() throws Exception {
        root = Files.createTempDirectory("trustdm-e2e-" + storage.name().toLowerCase());
        running = storage.startInProcess(storage.newLocation(root.resolve("server")), SERVER_ID);
        server = running.server();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    // ---------------------------------------------------------------- fixtures

    /** How the Device proves its identity to the server. */
    enum ClientCredential {
        BASIC(AuthScheme.BASIC, false),
        MD5(AuthScheme.MD5, false),
        HMAC(AuthScheme.HMAC, false),
        /** A certificate-only account: TLS client certificate whose CN is the Device identity, no DM password. */
        CERTIFICATE(null, true);

        final AuthScheme scheme;
        final boolean certificate;

        ClientCredential(AuthScheme scheme, boolean certificate) {
            this.scheme = scheme;
            this.certificate = certificate;
        }
    }

    /** One registered Device and what it was registered with. */
    record Registered(String deviceId, AuthScheme scheme, Credentials client, Credentials server, boolean cert) {}

    static String newDeviceId() {
        return "IMEI:3569380%08d".formatted(DEVICES.incrementAndGet());
    }

    Registered register(AuthScheme accountScheme, boolean certificateOnly) {
        return register(accountScheme, certificateOnly, null);
    }

    /** Registers a Device whose server credential is {@code serverAuth} ({@code null}: the default for the scheme). */
    Registered register(AuthScheme accountScheme, boolean certificateOnly, ServerCredentialScheme serverAuth) {
        String id = newDeviceId();
        Credentials client = certificateOnly
                ? null
                : Credentials.of("dev-" + id.substring(5), ("client-" + id + "-secret").toCharArray());
        Credentials srv = Credentials.of(SERVER_ID, ("server-" + id + "-secret").toCharArray());
        server.management()
                .createDevice(new NewDevice(
                        id,
                        accountScheme,
                        client == null ? null : client.username(),
                        client == null
                                ? null
                                : new String(client.password().bytes(), java.nio.charset.StandardCharsets.UTF_8),
                        srv.username(),
                        new String(srv.password().bytes(), java.nio.charset.StandardCharsets.UTF_8),
                        certificateOnly,
                        serverAuth == null ? null : serverAuth.name().toLowerCase(java.util.Locale.ROOT)));
        return new Registered(id, accountScheme, client, srv, certificateOnly);
    }

    /** A Device agent for {@code r} holding {@code client} as its own credentials (which may be wrong). */
    DeviceAgent device(
            Registered r,
            AuthScheme deviceScheme,
            Credentials client,
            IssuedCertificate cert,
            Encoding enc,
            List<SecurityAuditEvent> audit,
            DeviceAgent.CommandObserver observer) {
        return device(r, deviceScheme, deviceScheme, client, cert, enc, audit, observer);
    }

    /** As above, with the Device's SRVCRED AAuthType ({@code srvcredScheme}) chosen apart from its own scheme. */
    DeviceAgent device(
            Registered r,
            AuthScheme deviceScheme,
            AuthScheme srvcredScheme,
            Credentials client,
            IssuedCertificate cert,
            Encoding enc,
            List<SecurityAuditEvent> audit,
            DeviceAgent.CommandObserver observer) {
        DeviceAgent.Builder b = DeviceAgent.builder(r.deviceId())
                .manufacturer("Acme")
                .model("Sensor-" + r.deviceId().substring(r.deviceId().length() - 3))
                .trustAnchors(List.of(server.ca().certificate()))
                .encoding(enc)
                .audit(audit::add);
        if (cert != null) {
            b.certificate(cert);
        }
        if (observer != null) {
            b.commandObserver(observer);
        }
        DeviceAgent agent = b.build();
        // A certificate-only Device still has a DMAcc entry; its client name is never sent as a credential.
        Credentials own = client != null ? client : Credentials.of("unused", "unused-secret".toCharArray());
        agent.provision(InstalledAccounts.factory(
                "trustdm", SERVER_ID, server.dmUri(), deviceScheme, own, r.server(), srvcredScheme));
        return agent;
    }

    DeviceAgent device(Registered r, Encoding enc) {
        return device(r, r.scheme(), r.client(), null, enc, new CopyOnWriteArrayList<>(), null);
    }

    static OperationSpec get(String target) {
        return OperationSpec.of("Get", target, null);
    }

    JobView job(String id) {
        return server.management().job(id).orElseThrow();
    }

    static String resultValue(JobView j, int index) {
        return j.outcomes().get(index).results().get(0).value();
    }

    Optional<SessionOutcome> lastOutcome(String deviceId) {
        return server.registry().sessions().stream()
                .filter(s -> s.deviceId().equals(deviceId))
                .reduce((a, b) -> b)
                .map(s -> s.outcome());
    }

    // ---------------------------------------------------------------- 1. authentication matrix

    /**
     * How the server proved itself to the Device, as the Device's own security policy recorded it: always by its TLS
     * certificate, and on top an MD5 Cred or an x-syncml-hmac when the account's server scheme calls for it.
     */
    enum ServerCredential {
        TLS_ONLY(ServerCredentialScheme.NONE, AuthScheme.TRANSPORT, "the transport authenticates the server"),
        MD5(ServerCredentialScheme.MD5, AuthScheme.MD5, "DIGEST credentials verified"),
        HMAC(ServerCredentialScheme.HMAC, AuthScheme.HMAC, "x-syncml-hmac verified for the server");

        final ServerCredentialScheme serverScheme;
        final AuthScheme srvcred;
        final String deviceAuditReason;

        ServerCredential(ServerCredentialScheme serverScheme, AuthScheme srvcred, String deviceAuditReason) {
            this.serverScheme = serverScheme;
            this.srvcred = srvcred;
            this.deviceAuditReason = deviceAuditReason;
        }
    }

    /**
     * Every client credential × every DM-level server credential × encoding, the two directions chosen independently
     * (the account's {@code serverAuth} on the server, the SRVCRED AAuthType on the Device), plus the TLS-only server
     * for a Basic and a certificate Device. A certificate-only Device registers with an MD5 account scheme, which it
     * never uses.
     */
    static Stream<Arguments> authenticationMatrix() {
        List<Arguments> out = new ArrayList<>();
        for (Encoding enc : Encoding.values()) {
            for (ClientCredential c : ClientCredential.values()) {
                AuthScheme account = c.certificate ? AuthScheme.MD5 : c.scheme;
                for (ServerCredential s : List.of(ServerCredential.MD5, ServerCredential.HMAC)) {
                    out.add(Arguments.of(c, account, s, enc));
                }
            }
            out.add(Arguments.of(ClientCredential.BASIC, AuthScheme.BASIC, ServerCredential.TLS_ONLY, enc));
            out.add(Arguments.of(ClientCredential.CERTIFICATE, AuthScheme.HMAC, ServerCredential.TLS_ONLY, enc));
        }
        return out.stream();
    }

    private static String serverAuditReason(ClientCredential c) {
        return switch (c) {
            case BASIC -> "BASIC credentials verified";
            case MD5 -> "DIGEST credentials verified";
            case HMAC -> "x-syncml-hmac verified for the client";
            case CERTIFICATE -> "the transport authenticates the client";
        };
    }

    @ParameterizedTest(name = "client {0}, account {1}, server {2}, {3}")
    @MethodSource("authenticationMatrix")
    void every_supported_credential_combination_completes_the_session_and_answers_the_job(
            ClientCredential client, AuthScheme accountScheme, ServerCredential serverCred, Encoding enc)
            throws Exception {
        Registered r = register(accountScheme, client.certificate, serverCred.serverScheme);
        assertThat(server.management().device(r.deviceId()).orElseThrow().auth().serverAuth())
                .isEqualTo(serverCred.serverScheme.name().toLowerCase(java.util.Locale.ROOT));
        IssuedCertificate cert = client.certificate ? server.ca().issueDevice(r.deviceId(), Duration.ofDays(1)) : null;
        JobView queued =
                server.management().createJob(r.deviceId(), List.of(get("./DevInfo/Man"), get("./DevInfo/DevId")));
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        List<SecurityAuditEvent> audit = new CopyOnWriteArrayList<>();
        try (DeviceAgent a = device(r, accountScheme, serverCred.srvcred, r.client(), cert, enc, audit, null)) {
            a.runSession();
        }
        JobView done = job(queued.jobId());
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.succeeded()).isTrue();
        assertThat(resultValue(done, 0)).isEqualTo("Acme");
        assertThat(resultValue(done, 1)).isEqualTo(r.deviceId());
        assertThat(lastOutcome(r.deviceId())).contains(SessionOutcome.COMPLETED);
        // How the server authenticated the Device, from the server's audit log ...
        assertThat(server.management()
                        .audit(new AuditQuery(r.deviceId(), "message.inbound", "ACCEPT", null, null, 100)))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.reason()).startsWith(serverAuditReason(client)));
        // ... and how the Device authenticated the server, from the Device's: the server's last message was accepted
        // on the expected evidence, and nothing was refused or terminated on the way.
        List<SecurityAuditEvent> inbound = audit.stream()
                .filter(e -> e.decisionPoint().equals("message.inbound"))
                .toList();
        assertThat(inbound)
                .isNotEmpty()
                .noneSatisfy(e -> assertThat(e.verdict()).isIn(Verdict.TERMINATE, Verdict.REFUSE));
        assertThat(inbound.get(inbound.size() - 1).verdict()).isEqualTo(Verdict.ACCEPT);
        assertThat(inbound.get(inbound.size() - 1).reason()).startsWith(serverCred.deviceAuditReason);
    }

    /**
     * The Device was provisioned to expect an x-syncml-hmac from the server (SRVCRED HMAC); a server account that
     * only sends an MD5 Cred is a downgrade, and the Device refuses it even though TLS and its own credential are fine.
     */
    @ParameterizedTest
    @EnumSource(Encoding.class)
    void device_MUST_refuse_a_server_credential_weaker_than_provisioned(Encoding enc) throws Exception {
        Registered r = register(AuthScheme.MD5, false, ServerCredentialScheme.MD5);
        JobView queued = server.management().createJob(r.deviceId(), List.of(get("./DevInfo/Man")));
        List<SecurityAuditEvent> audit = new CopyOnWriteArrayList<>();
        try (DeviceAgent a = device(r, AuthScheme.MD5, AuthScheme.HMAC, r.client(), null, enc, audit, null)) {
            try {
                a.runSession();
            } catch (Exception expected) {
                // the Device ends the session; how it ends is not the point, the refusal below is
            }
        }
        // The server's MD5 Cred is never accepted: the Device challenges for HMAC (its SRVCRED) and ends the session
        // when the server answers with DIGEST again, or refuses it as weaker than provisioned (DOWNGRADE).
        assertThat(audit)
                .filteredOn(e -> e.decisionPoint().equals("message.inbound"))
                .anySatisfy(e -> {
                    assertThat(e.verdict()).isEqualTo(Verdict.TERMINATE);
                    assertThat(e.reason()).containsAnyOf("answered with DIGEST", "DIGEST is weaker than the HMAC");
                })
                .noneSatisfy(e -> assertThat(e.verdict()).isEqualTo(Verdict.ACCEPT));
        assertThat(job(queued.jobId()).state()).isNotEqualTo(JobState.COMPLETED);
    }

    @Test
    void server_scheme_is_stored_per_device_and_defaults_to_the_behaviour_before_the_split() {
        Registered md5 = register(AuthScheme.MD5, false);
        Registered basic = register(AuthScheme.BASIC, false);
        Registered chosen = register(AuthScheme.BASIC, false, ServerCredentialScheme.HMAC);
        assertThat(server.management()
                        .device(md5.deviceId())
                        .orElseThrow()
                        .auth()
                        .serverAuth())
                .isEqualTo("md5");
        assertThat(server.management()
                        .device(basic.deviceId())
                        .orElseThrow()
                        .auth()
                        .serverAuth())
                .isEqualTo("none");
        assertThat(server.management()
                        .device(chosen.deviceId())
                        .orElseThrow()
                        .auth()
                        .serverAuth())
                .isEqualTo("hmac");
    }

    // ---------------------------------------------------------------- 1b. refusals

    private static Credentials wrongPassword(Credentials c) {
        return Credentials.of(c.username(), "not-the-password".toCharArray());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void wrong_client_password_is_refused_401_and_repeated_failures_back_off_before_authentication(Encoding enc)
            throws Exception {
        Registered r = register(AuthScheme.MD5, false);
        JobView queued = server.management().createJob(r.deviceId(), List.of(get("./DevInfo/Man")));
        int sessions = 0;
        while (server.registry().lockedUntil(r.deviceId()).isEmpty()) {
            assertThat(++sessions)
                    .as("sessions with a wrong password before the backoff starts")
                    .isLessThanOrEqualTo(4);
            try (DeviceAgent a = device(
                    r, AuthScheme.MD5, wrongPassword(r.client()), null, enc, new CopyOnWriteArrayList<>(), null)) {
                assertThatThrownBy(a::runSession).isInstanceOf(SessionException.class);
            }
            assertThat(job(queued.jobId()).state()).isEqualTo(JobState.QUEUED);
        }
        assertThat(server.management().audit(new AuditQuery(r.deviceId(), "message.inbound", null, null, null, 100)))
                .as("the wrong digest was answered 401 and never accepted")
                .anySatisfy(e -> assertThat(e.dmStatus()).isEqualTo(401))
                .noneSatisfy(e -> assertThat(e.verdict()).isEqualTo("ACCEPT"));
        // During the backoff even the right password is refused, before any authentication.
        try (DeviceAgent a = device(r, enc)) {
            assertThatThrownBy(a::runSession).isInstanceOf(SessionException.class);
        }
        assertThat(job(queued.jobId()).state()).isEqualTo(JobState.QUEUED);
        // After the backoff the right password works again, and the success resets the count.
        Instant until;
        while ((until = server.registry().lockedUntil(r.deviceId()).orElse(null)) != null
                && Instant.now().isBefore(until)) {
            Thread.sleep(100);
        }
        try (DeviceAgent a = device(r, enc)) {
            a.runSession();
        }
        assertThat(job(queued.jobId()).state()).isEqualTo(JobState.COMPLETED);
        assertThat(lastOutcome(r.deviceId())).contains(SessionOutcome.COMPLETED);
        assertThat(server.registry().lockedUntil(r.deviceId())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void certificate_of_another_device_identity_is_refused_and_the_job_stays_queued(Encoding enc) throws Exception {
        Registered r = register(AuthScheme.MD5, true);
        Registered other = register(AuthScheme.MD5, true);
        IssuedCertificate othersCert = server.ca().issueDevice(other.deviceId(), Duration.ofDays(1));
        JobView queued = server.management().createJob(r.deviceId(), List.of(get("./DevInfo/Man")));
        try (DeviceAgent a = device(r, AuthScheme.MD5, null, othersCert, enc, new CopyOnWriteArrayList<>(), null)) {
            assertThatThrownBy(a::runSession).isInstanceOf(Exception.class);
        }
        assertThat(job(queued.jobId()).state()).isEqualTo(JobState.QUEUED);
        assertThat(lastOutcome(r.deviceId())).contains(SessionOutcome.AUTHENTICATION_FAILED);
        assertThat(server.management()
                        .audit(new AuditQuery(r.deviceId(), "message.inbound", "ACCEPT", null, null, 100)))
                .isEmpty();
        assertThat(server.management().device(r.deviceId()).orElseThrow().devInfo())
                .as("nothing the impostor sent was stored")
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void basic_credentials_for_an_hmac_account_are_refused_as_a_downgrade_and_only_hmac_is_accepted(Encoding enc)
            throws Exception {
        Registered r = register(AuthScheme.HMAC, false);
        JobView queued = server.management().createJob(r.deviceId(), List.of(get("./DevInfo/Man")));
        List<SecurityAuditEvent> deviceAudit = new CopyOnWriteArrayList<>();
        Exception failure = null;
        try (DeviceAgent a = device(r, AuthScheme.BASIC, r.client(), null, enc, deviceAudit, null)) {
            a.runSession();
        } catch (Exception e) {
            failure = e;
        }
        List<AuditEntry> inbound = new ArrayList<>(
                server.management().audit(new AuditQuery(r.deviceId(), "message.inbound", null, null, null, 100)));
        java.util.Collections.reverse(inbound); // oldest first
        // The Basic Cred of Package 1 is not accepted: the server challenges for HMAC instead (407).
        assertThat(inbound.get(0).verdict()).isEqualTo("CHALLENGE");
        assertThat(inbound.get(0).dmStatus()).isEqualTo(407);
        assertThat(inbound.get(0).reason()).contains("requires x-syncml-hmac");
        // Whatever was accepted afterwards was accepted on an x-syncml-hmac, never on Basic.
        assertThat(inbound)
                .filteredOn(e -> e.verdict().equals("ACCEPT"))
                .allSatisfy(e -> assertThat(e.reason()).startsWith("x-syncml-hmac verified"))
                .noneSatisfy(e -> assertThat(e.reason()).contains("BASIC"));
        // Our Device holds the key, so it answers the challenge with HMAC and the job goes through on HMAC.
        assertThat(failure).isNull();
        assertThat(job(queued.jobId()).state()).isEqualTo(JobState.COMPLETED);
        assertThat(deviceAudit).anySatisfy(e -> assertThat(e.reason()).isEqualTo("answer with HMAC"));
    }

    // ---------------------------------------------------------------- 2. job lifecycle

    static OperationSpec replace(String target, String data) {
        return OperationSpec.of("Replace", target, data);
    }

    private DeviceAgent lifecycleDevice(Registered r, Encoding enc, DeviceAgent.CommandObserver observer) {
        DeviceAgent a = device(r, r.scheme(), r.client(), null, enc, new CopyOnWriteArrayList<>(), observer);
        a.tree().add(Principal.LOCAL, "./Vendor", NodeContent.interior(null));
        a.tree().add(Principal.LOCAL, "./Vendor/Interval", NodeContent.text("60"));
        a.tree().add(Principal.LOCAL, "./Vendor/Mode", NodeContent.text("eco"));
        a.tree()
                .replace(
                        Principal.LOCAL,
                        "./Vendor?prop=ACL",
                        NodeContent.text("Get=" + SERVER_ID + "&Replace=" + SERVER_ID + "&Add=" + SERVER_ID));
        return a;
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void a_job_goes_queued_then_delivering_then_completed_with_its_results_stored(Encoding enc) throws Exception {
        Registered r = register(AuthScheme.MD5, false);
        JobView queued = server.management()
                .createJob(r.deviceId(), List.of(get("./Vendor/Interval"), replace("./Vendor/Interval", "300")));
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.outcomes()).isEmpty();
        AtomicReference<JobState> whileDevicesExecutes = new AtomicReference<>();
        try (DeviceAgent a = lifecycleDevice(r, enc, (cmd, responses) -> {
            if (cmd instanceof Get) {
                whileDevicesExecutes.set(job(queued.jobId()).state());
            }
        })) {
            a.runSession();
            assertThat(a.tree().valueText("./Vendor/Interval")).contains("300");
        }
        assertThat(whileDevicesExecutes.get()).isEqualTo(JobState.DELIVERING);
        JobView done = job(queued.jobId());
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.succeeded()).isTrue();
        assertThat(done.completed()).isNotNull();
        assertThat(done.outcomes())
                .extracting(CommandOutcome::command, CommandOutcome::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Get", 200),
                        org.assertj.core.groups.Tuple.tuple("Replace", 200));
        assertThat(resultValue(done, 0)).isEqualTo("60");
        assertThat(server.management().tree(r.deviceId()))
                .filteredOn(v -> v.path().equals("./Vendor/Interval"))
                .extracting(NodeValue::value)
                .containsExactly("60");
        assertThat(server.management().jobs(r.deviceId(), JobState.COMPLETED))
                .extracting(JobView::jobId)
                .containsExactly(queued.jobId());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void a_failing_command_completes_the_job_with_the_failure_status(Encoding enc) throws Exception {
        Registered r = register(AuthScheme.MD5, false);
        JobView queued =
                server.management().createJob(r.deviceId(), List.of(get("./Vendor/Missing"), get("./Vendor/Mode")));
        try (DeviceAgent a = lifecycleDevice(r, enc, null)) {
            a.runSession();
        }
        JobView done = job(queued.jobId());
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.succeeded()).isFalse();
        assertThat(done.outcomes().get(0).status()).isEqualTo(404);
        assertThat(done.outcomes().get(0).results()).isEmpty();
        assertThat(done.outcomes().get(1).status()).isEqualTo(200);
        assertThat(resultValue(done, 1)).isEqualTo("eco");
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void an_atomic_with_a_failing_command_is_rolled_back_on_the_device(Encoding enc) throws Exception {
        Registered r = register(AuthScheme.MD5, false);
        OperationSpec atomic = new OperationSpec(
                "Atomic",
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(replace("./Vendor/Mode", "turbo"), replace("./Vendor/NoSuchNode", "x")));
        JobView queued = server.management().createJob(r.deviceId(), List.of(atomic, get("./Vendor/Mode")));
        try (DeviceAgent a = lifecycleDevice(r, enc, null)) {
            a.runSession();
            assertThat(a.tree().valueText("./Vendor/Mode")).contains("eco");
        }
        JobView done = job(queued.jobId());
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.succeeded()).isFalse();
        assertThat(done.outcomes().get(0).command()).isEqualTo("Atomic");
        assertThat(done.outcomes().get(0).status()).isEqualTo(507);
        assertThat(done.outcomes().get(1).status()).isEqualTo(200);
        assertThat(resultValue(done, 1))
                .as("the Replace inside the Atomic was undone")
                .isEqualTo("eco");
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void a_fumo_exec_is_accepted_and_its_generic_alert_is_linked_to_the_job_by_correlator(Encoding enc)
            throws Exception {
        Registered r = register(AuthScheme.MD5, false);
        String correlator = "fw-" + r.deviceId().substring(5);
        JobView queued = server.management()
                .createJob(
                        r.deviceId(),
                        List.of(
                                replace("./FUMO/1/DownloadAndUpdate/PkgURL", "https://fw.example/sensor-2.1.bin"),
                                new OperationSpec(
                                        "Exec",
                                        "./FUMO/1/DownloadAndUpdate",
                                        null,
                                        null,
                                        null,
                                        null,
                                        correlator,
                                        null)));
        try (DeviceAgent a = lifecycleDevice(r, enc, null)) {
            a.runSession();
            JobView done = job(queued.jobId());
            assertThat(done.state()).isEqualTo(JobState.COMPLETED);
            assertThat(done.outcomes()).extracting(CommandOutcome::status).containsExactly(200, 202);
            assertThat(server.management().alerts(r.deviceId())).isEmpty();
            // The update runs asynchronously on the Device; its result waits for the next session.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (a.pendingAlerts().isEmpty()) {
                assertThat(System.nanoTime()).as("FUMO finished").isLessThan(deadline);
                Thread.sleep(20);
            }
            DeviceAgent.SessionReport report = a.runSession();
            assertThat(report.alertsDelivered()).isEqualTo(1);
        }
        List<AlertView> alerts = server.management().alerts(r.deviceId());
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.code()).isEqualTo(1226);
            assertThat(alert.correlator()).isEqualTo(correlator);
            assertThat(alert.jobId()).isEqualTo(queued.jobId());
        });
    }
}
