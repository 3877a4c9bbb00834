package io.trustdm.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.trustdm.protocol.message.Add;
import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.AlertCode;
import io.trustdm.protocol.message.Atomic;
import io.trustdm.protocol.message.Command;
import io.trustdm.protocol.message.Copy;
import io.trustdm.protocol.message.Delete;
import io.trustdm.protocol.message.Exec;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.Meta;
import io.trustdm.protocol.message.Replace;
import io.trustdm.protocol.message.Sequence;
import io.trustdm.protocol.message.Source;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.Verdict;
import io.trustdm.security.transport.Party;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.auth.ServerCredentialScheme;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.OperationResult;
import io.trustdm.server.session.SessionOutcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage behaviour every backend must show; {@link H2StoreTest} and {@link PostgresStoreTest} run it on H2 and
 * on a real PostgreSQL server.
 */
abstract class StoreContract {
    static final String DEV = "IMEI:356938035643809";
    static final String OTHER = "IMEI:490154203237518";
    static final Duration LEASE = Duration.ofMinutes(10);

    @TempDir
    Path dataDir;

    Database db;
    MutableClock clock;
    JdbcRegistry registry;

    /** Opens a new, empty database of this backend with its key file in {@code dataDir}. */
    abstract Database openDatabase(Path dataDir);

    /** Opens the same database again (a restart). */
    abstract Database reopenDatabase(Path dataDir);

    @BeforeEach
    void open() {
        db = openDatabase(dataDir);
        db.migrate();
        clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
        registry = new JdbcRegistry(db, clock, LEASE);
        registry.register(DEV);
        registry.register(OTHER);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    void restart() {
        db.close();
        db = reopenDatabase(dataDir);
        db.migrate();
        registry = new JdbcRegistry(db, clock, LEASE);
    }

    static Get get(String... uris) {
        List<Item> items = new ArrayList<>();
        for (String u : uris) {
            items.add(Item.target(u));
        }
        return new Get("0", false, null, null, items);
    }

    static Replace replace(String uri, String value) {
        return new Replace(
                "0",
                false,
                null,
                null,
                List.of(Item.targetWithData(uri, Meta.ofFormatAndType("chr", "text/plain"), value)));
    }

    static Exec exec(String correlator) {
        return Exec.of("0", correlator, Item.target("./FUMO/1/DownloadAndUpdate"));
    }

    static List<OperationResult> ok(ClaimedJob j) {
        List<OperationResult> l = new ArrayList<>();
        for (int i = 0; i < j.commands().size(); i++) {
            l.add(new OperationResult(i, j.commands().get(i).name(), 200, List.of()));
        }
        return l;
    }

    @Test
    void migration_runs_once_and_is_a_no_op_on_restart() {
        restart();
        assertThat(db.migrate()).isZero();
        assertThat(registry.isKnown(DEV)).isTrue();
    }

    @Test
    void every_northbound_operation_round_trips_through_the_queue() {
        List<Command> cmds = List.of(
                get("./DevInfo/Man", "./DevInfo/Mod"),
                replace("./DMAcc/x/Name", "TrustDM"),
                new Add(
                        "0",
                        false,
                        null,
                        null,
                        List.of(new Item(
                                new io.trustdm.protocol.message.Target("./Vendor/Blob", null),
                                null,
                                Meta.ofFormatAndType("bin", "application/octet-stream"),
                                ItemData.opaque(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0x80}),
                                false))),
                new Delete("0", false, null, null, List.of(Item.target("./Vendor/Old"))),
                new Copy(
                        "0",
                        false,
                        null,
                        null,
                        List.of(new Item(
                                new io.trustdm.protocol.message.Target("./Vendor/B", null),
                                new Source("./Vendor/A", null),
                                null,
                                null,
                                false))),
                Atomic.of("0", replace("./A/x", "1"), replace("./A/y", "2")),
                Sequence.of("0", get("./B"), exec("seq-1")),
                exec("fw-1"));
        String id = registry.enqueue(DEV, cmds);

        ClaimedJob j = registry.claim(DEV, "s1").orElseThrow();

        assertThat(j.jobId()).isEqualTo(id);
        assertThat(j.deviceId()).isEqualTo(DEV);
        assertThat(j.commands()).hasSize(cmds.size());
        assertThat(j.commands()).usingRecursiveComparison().isEqualTo(cmds);
        ItemData blob = ((Add) j.commands().get(2)).items().get(0).data();
        assertThat(((ItemData.Opaque) blob).bytes()).containsExactly(0, 1, 2, 0xff, 0x80);
    }

    @Test
    void jobs_of_a_device_are_claimed_oldest_first_and_each_only_once() {
        String a = registry.enqueue(DEV, List.of(get("./A")));
        String b = registry.enqueue(DEV, List.of(get("./B")));
        String other = registry.enqueue(OTHER, List.of(get("./C")));

        assertThat(registry.claim(DEV, "s1").orElseThrow().jobId()).isEqualTo(a);
        assertThat(registry.claim(DEV, "s2").orElseThrow().jobId()).isEqualTo(b);
        assertThat(registry.claim(DEV, "s3")).isEmpty();
        assertThat(registry.claim(OTHER, "s4").orElseThrow().jobId()).isEqualTo(other);
        assertThat(registry.queuedCount(DEV)).isZero();
    }

    @Test
    void concurrent_sessions_never_claim_the_same_job() throws Exception {
        int jobs = 60;
        Set<String> enqueued = new HashSet<>();
        for (int i = 0; i < jobs; i++) {
            enqueued.add(registry.enqueue(DEV, List.of(get("./N/" + i))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            String session = "s" + t;
            fs.add(pool.submit(() -> {
                go.await();
                for (ClaimedJob j = registry.claim(DEV, session).orElse(null);
                        j != null;
                        j = registry.claim(DEV, session).orElse(null)) {
                    claimed.add(j.jobId());
                    registry.complete(j, ok(j));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : fs) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(claimed).hasSize(jobs).doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).isEqualTo(enqueued);
    }

    @Test
    void completed_job_keeps_statuses_and_results_and_caches_the_values_read() {
        String id = registry.enqueue(DEV, List.of(get("./DevInfo/Man", "./DevInfo/Mod"), replace("./X", "1")));
        ClaimedJob j = registry.claim(DEV, "s1").orElseThrow();
        registry.delivering(j, j.commands());
        List<Item> read = List.of(
                Item.sourceWithData("./DevInfo/Man", Meta.ofFormatAndType("chr", "text/plain"), "Exemplar"),
                Item.sourceWithData("./DevInfo/Mod", null, "Sensor-A"));
        registry.complete(
                j,
                List.of(new OperationResult(0, "Get", 200, read), new OperationResult(1, "Replace", 404, List.of())));
        restart();

        var done = registry.completed(id).orElseThrow();
        assertThat(done.results()).extracting(OperationResult::status).containsExactly(200, 404);
        assertThat(done.results().get(0).results())
                .extracting(i -> i.data().asText())
                .containsExactly("Exemplar", "Sensor-A");
        var man = registry.treeValues().value(DEV, "./DevInfo/Man").orElseThrow();
        assertThat(man.text()).isEqualTo("Exemplar");
        assertThat(man.format()).isEqualTo("chr");
        assertThat(man.jobId()).isEqualTo(id);
        assertThat(registry.treeValues().values(DEV)).hasSize(2);
        assertThat(registry.jobStore().job(id).orElseThrow().state()).isEqualTo(JobStore.JobState.DONE);
    }

    @Test
    void a_job_cannot_be_completed_twice() {
        registry.enqueue(DEV, List.of(get("./A")));
        ClaimedJob j = registry.claim(DEV, "s1").orElseThrow();
        registry.complete(j, ok(j));
        assertThatThrownBy(() -> registry.complete(j, ok(j))).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void released_job_without_exec_is_delivered_again() {
        String id = registry.enqueue(DEV, List.of(get("./A")));
        ClaimedJob j = registry.claim(DEV, "s1").orElseThrow();
        registry.delivering(j, j.commands());
        registry.release(j);

        assertThat(registry.queuedCount(DEV)).isEqualTo(1);
        ClaimedJob again = registry.claim(DEV, "s2").orElseThrow();
        assertThat(again.jobId()).isEqualTo(id);
        assertThat(registry.jobStore().job(id).orElseThrow().attempts()).isEqualTo(2);
    }

    @Test
    void exec_is_delivered_at_most_once_a_released_job_whose_exec_was_sent_has_outcome_unknown() {
        String id = registry.enqueue(DEV, List.of(replace("./FUMO/1/PkgURL", "https://fw"), exec("fw-1")));
        ClaimedJob j = registry.claim(DEV, "s1").orElseThrow();
        registry.delivering(j, j.commands());
        registry.release(j);

        assertThat(registry.claim(DEV, "s2")).isEmpty();
        var rec = registry.jobStore().job(id).orElseThrow();
        assertThat(rec.state()).isEqualTo(JobStore.JobState.OUTCOME_UNKNOWN);
        assertThat(rec.execSent()).isTrue();
        assertThat(registry.completed(id)).isEmpty();
    }

    @Test
    void exec_inside_an_atomic_counts_as_sent() {
        String id = registry.enqueue(DEV, List.of(Atomic.of("0", replace("./A", "1"), exec("k"))));
        ClaimedJob j = registry.claim(DEV, "s1").orElseThrow();
        registry.delivering(j, j.commands());
        registry.release(j);
        assertThat(registry.jobStore().job(id).orElseThrow().state()).isEqualTo(JobStore.JobState.OUTCOME_UNKNOWN);
    }

    @Test
    void a_job_with_an_exec_not_yet_sent_is_queued_again() {
        String id = registry.enqueue(DEV, List.of(replace("./A", "1"), exec("k")));
        ClaimedJob j = registry.claim(DEV, "s1").orElseThrow();
        registry.delivering(j, j.commands().subList(0, 1)); // only the Replace fitted the first message
        registry.release(j);
        assertThat(registry.jobStore().job(id).orElseThrow().state()).isEqualTo(JobStore.JobState.QUEUED);
    }

    @Test
    void expired_lease_of_a_dead_session_makes_the_job_deliverable_again() {
        String id = registry.enqueue(DEV, List.of(get("./A")));
        ClaimedJob lost = registry.claim(DEV, "dead-session").orElseThrow();
        registry.delivering(lost, lost.commands());
        restart(); // the process that held the claim is gone

        assertThat(registry.claim(DEV, "s2")).as("lease still running").isEmpty();
        clock.advance(LEASE.plusSeconds(1));
        ClaimedJob again = registry.claim(DEV, "s2").orElseThrow();
        assertThat(again.jobId()).isEqualTo(id);
        registry.complete(again, ok(again));
        assertThat(registry.completed(id)).isPresent();
    }

    @Test
    void expired_lease_after_an_exec_was_sent_is_outcome_unknown_never_redelivered() {
        String id = registry.enqueue(DEV, List.of(exec("fw-9")));
        ClaimedJob lost = registry.claim(DEV, "dead-session").orElseThrow();
        registry.delivering(lost, lost.commands());
        restart();
        clock.advance(LEASE.plusSeconds(1));

        assertThat(registry.jobStore().settleExpiredLeases()).isEqualTo(1);
        assertThat(registry.claim(DEV, "s2")).isEmpty();
        assertThat(registry.jobStore().job(id).orElseThrow().state()).isEqualTo(JobStore.JobState.OUTCOME_UNKNOWN);
    }

    @Test
    void a_session_whose_lease_was_taken_over_can_neither_send_nor_complete() {
        registry.enqueue(DEV, List.of(get("./A")));
        ClaimedJob slow = registry.claim(DEV, "slow").orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        ClaimedJob fresh = registry.claim(DEV, "fresh").orElseThrow();
        assertThat(fresh.jobId()).isEqualTo(slow.jobId());

        assertThatThrownBy(() -> registry.delivering(slow, slow.commands())).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> registry.complete(slow, ok(slow))).isInstanceOf(LeaseLostException.class);
        registry.release(slow); // no effect on the new holder
        registry.complete(fresh, ok(fresh));
    }

    @Test
    void delivering_renews_the_lease() {
        registry.enqueue(DEV, List.of(get("./A"), get("./B")));
        ClaimedJob j = registry.claim(DEV, "s1").orElseThrow();
        clock.advance(LEASE.minusSeconds(5));
        registry.delivering(j, j.commands().subList(0, 1));
        clock.advance(Duration.ofSeconds(30)); // past the first expiry, inside the renewed one
        assertThat(registry.claim(DEV, "s2")).isEmpty();
        registry.delivering(j, j.commands().subList(1, 2));
        registry.complete(j, ok(j));
    }

    @Test
    void generic_alert_is_stored_and_linked_to_its_job_by_correlator() {
        String fw = registry.enqueue(DEV, List.of(exec("fw-" + DEV)));
        registry.enqueue(OTHER, List.of(exec("fw-" + DEV))); // same correlator, other Device: not linked
        Alert generic = new Alert(
                "4",
                false,
                null,
                Integer.toString(AlertCode.GENERIC_ALERT),
                "fw-" + DEV,
                List.of(new Item(
                        null,
                        new Source("./FUMO/1", null),
                        Meta.ofFormatAndType("int", "org.openmobilealliance.dm.firmwareupdate.downloadandupdate"),
                        ItemData.text("200"),
                        false)));
        registry.alertReceived(DEV, generic);
        registry.alertReceived(DEV, new Alert("5", false, null, "1226", "nobody", List.of(Item.data("1"))));

        var linked = registry.alertStore().alertsForJob(fw);
        assertThat(linked).hasSize(1);
        assertThat(linked.get(0).alert()).isEqualTo(generic);
        assertThat(registry.alertStore().alerts()).hasSize(2);
        assertThat(registry.alertStore().alerts().get(1).jobId()).isEmpty();
        assertThat(registry.alerts()).first().isEqualTo(generic);
    }

    static DeviceAccount account(String id) {
        return new DeviceAccount(
                id,
                AccountSecurity.of(id, AuthScheme.MD5, true),
                false,
                "device-" + id,
                DigestKey.of("device-" + id, Secret.ofUtf8("client-secret-" + id)),
                "trustdm",
                DigestKey.of("trustdm", Secret.ofUtf8("server-secret-" + id)));
    }

    @Test
    void account_round_trips_with_its_keys_and_survives_a_restart() {
        DeviceAccount a = account(DEV);
        Nonce cn = Nonce.random();
        Nonce sn = Nonce.random();
        registry.register(a, cn, sn);
        restart();

        DeviceAccount back = registry.account(DEV).orElseThrow();
        assertThat(back.security()).isEqualTo(a.security());
        assertThat(back.clientName()).isEqualTo(a.clientName());
        assertThat(back.clientKey().matches(a.clientKey())).isTrue();
        assertThat(back.serverKey().matches(a.serverKey())).isTrue();
        assertThat(back.clientKey().matches(back.serverKey())).isFalse();
        assertThat(registry.clientNonce(DEV)).isEqualTo(cn);
        assertThat(registry.serverNonce(DEV)).isEqualTo(sn);
    }

    @Test
    void server_credential_scheme_is_stored_independently_of_the_client_scheme() {
        int i = 0;
        for (AuthScheme client : List.of(AuthScheme.BASIC, AuthScheme.MD5, AuthScheme.HMAC)) {
            for (ServerCredentialScheme srv : ServerCredentialScheme.values()) {
                String id = DEV + "-" + i++;
                DeviceAccount a = account(id);
                registry.register(
                        new DeviceAccount(
                                id,
                                AccountSecurity.of(id, client, true),
                                false,
                                a.clientName(),
                                a.clientKey(),
                                a.serverName(),
                                a.serverKey(),
                                srv),
                        null,
                        null);
            }
        }
        restart();
        i = 0;
        for (AuthScheme client : List.of(AuthScheme.BASIC, AuthScheme.MD5, AuthScheme.HMAC)) {
            for (ServerCredentialScheme srv : ServerCredentialScheme.values()) {
                DeviceAccount back = registry.account(DEV + "-" + i++).orElseThrow();
                assertThat(back.security().requiredScheme()).isEqualTo(client);
                assertThat(back.serverScheme()).isEqualTo(srv);
            }
        }
    }

    @Test
    void v2_migration_gives_existing_accounts_the_server_scheme_they_had_before_the_split() throws Exception {
        db.close();
        db = reopenDatabase(dataDir);
        org.flywaydb.core.Flyway flyway = org.flywaydb.core.Flyway.configure(Database.class.getClassLoader())
                .dataSource(db.dataSource())
                .locations("classpath:db/migration")
                .cleanDisabled(false)
                .load();
        flyway.clean();
        org.flywaydb.core.Flyway.configure(Database.class.getClassLoader())
                .dataSource(db.dataSource())
                .locations("classpath:db/migration")
                .target("1")
                .load()
                .migrate();
        // rows as version 1 stored them: scheme, certificate only, whether a server key exists -> expected
        Object[][] rows = {
            {"md5", "MD5", false, true, "MD5"},
            {"hmac", "HMAC", false, true, "HMAC"},
            {"basic", "BASIC", false, true, "NONE"},
            {"cert-hmac", "HMAC", true, true, "NONE"},
            {"cert-md5", "MD5", true, true, "MD5"},
            {"md5-nokey", "MD5", false, false, "NONE"},
        };
        try (Connection c = db.dataSource().getConnection()) {
            for (Object[] r : rows) {
                try (PreparedStatement d =
                        c.prepareStatement("INSERT INTO dm_device (device_id, registered_at) VALUES (?, 0)")) {
                    d.setString(1, (String) r[0]);
                    d.executeUpdate();
                }
                try (PreparedStatement a = c.prepareStatement(
                        "INSERT INTO dm_account (device_id, account_id,"
                                + " required_scheme, https_provisioned, max_auth_retries, certificate_required, client_name,"
                                + " client_key_sealed, server_name, server_key_sealed) VALUES (?, ?, ?, TRUE, 2, ?, ?, ?, ?, ?)")) {
                    boolean certOnly = (Boolean) r[2];
                    boolean serverKey = (Boolean) r[3];
                    a.setString(1, (String) r[0]);
                    a.setString(2, (String) r[0]);
                    a.setString(3, (String) r[1]);
                    a.setBoolean(4, certOnly);
                    a.setString(5, certOnly ? null : "dev");
                    a.setBytes(6, certOnly ? null : new byte[] {1, 2, 3});
                    a.setString(7, serverKey ? "trustdm" : null);
                    a.setBytes(8, serverKey ? new byte[] {4, 5, 6} : null);
                    a.executeUpdate();
                }
            }
        }
        assertThat(db.migrate()).as("V2, then V3 (wake jobs)").isEqualTo(2);
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT server_scheme FROM dm_account WHERE device_id = ?")) {
            for (Object[] r : rows) {
                s.setString(1, (String) r[0]);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as((String) r[0]).isEqualTo(r[4]);
                }
            }
        }
    }

    @Test
    void an_account_without_an_explicit_server_scheme_keeps_the_behaviour_before_the_split() {
        registry.register(account(DEV), null, null);
        assertThat(registry.account(DEV).orElseThrow().serverScheme()).isEqualTo(ServerCredentialScheme.MD5);
        DeviceAccount a = account(OTHER);
        registry.register(
                new DeviceAccount(
                        OTHER,
                        AccountSecurity.of(OTHER, AuthScheme.BASIC, true),
                        false,
                        a.clientName(),
                        a.clientKey(),
                        a.serverName(),
                        a.serverKey()),
                null,
                null);
        assertThat(registry.account(OTHER).orElseThrow().serverScheme()).isEqualTo(ServerCredentialScheme.NONE);
    }

    @Test
    void account_secrets_are_sealed_at_rest() throws Exception {
        DeviceAccount a = account(DEV);
        registry.register(a, null, null);
        byte[] clear = a.clientKey().encodedOctets();

        byte[] stored = rawColumn("SELECT client_key_sealed FROM dm_account WHERE device_id = ?", DEV);
        assertThat(stored).isNotNull();
        assertThat(indexOf(stored, clear)).as("clear key in the table").isEqualTo(-1);
        assertThat(stored.length).isEqualTo(1 + 12 + clear.length + 16);
    }

    @Test
    void a_sealed_key_copied_into_another_devices_row_does_not_open() throws Exception {
        registry.register(account(DEV), null, null);
        registry.register(account(OTHER), null, null);
        byte[] devKey = rawColumn("SELECT client_key_sealed FROM dm_account WHERE device_id = ?", DEV);
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s =
                        c.prepareStatement("UPDATE dm_account SET client_key_sealed = ? WHERE device_id = ?")) {
            s.setBytes(1, devKey);
            s.setString(2, OTHER);
            s.executeUpdate();
        }
        assertThatThrownBy(() -> registry.account(OTHER)).isInstanceOf(SecretSealer.SealedValueException.class);
        assertThat(registry.account(DEV)).isPresent();
    }

    @Test
    void nonces_are_persisted_and_replaced_on_rotation() {
        registry.register(account(DEV), Nonce.random(), null);
        Nonce first = Nonce.random();
        registry.storeClientNonce(DEV, first);
        restart();
        assertThat(registry.clientNonce(DEV)).isEqualTo(first);
        assertThat(registry.serverNonce(DEV)).isNull();

        Nonce second = Nonce.random();
        registry.storeClientNonce(DEV, second);
        registry.storeServerNonce(DEV, Nonce.of(new byte[] {1, 2, 3, 4}));
        assertThat(registry.clientNonce(DEV)).isEqualTo(second).isNotEqualTo(first);
        assertThat(registry.serverNonce(DEV)).isEqualTo(Nonce.of(new byte[] {1, 2, 3, 4}));
    }

    @Test
    void no_implicit_registration_a_nonce_for_an_unknown_device_is_refused() {
        assertThatThrownBy(() -> registry.storeClientNonce("IMEI:000000000000000", Nonce.random()))
                .isInstanceOf(StorageException.class);
        assertThat(registry.isKnown("IMEI:000000000000000")).isFalse();
    }

    @Test
    void audit_events_are_appended_and_read_back_unchanged() {
        SecurityAuditEvent e1 = new SecurityAuditEvent(
                Instant.parse("2026-11-28T10:00:01Z"),
                "message.inbound",
                DEV,
                Party.CLIENT,
                "https+client-cert",
                Verdict.CHALLENGE,
                OptionalInt.of(407),
                "no credentials \"yet\"",
                List.of("S-SEC-5.1", "S-SEC-5.3"));
        SecurityAuditEvent e2 = new SecurityAuditEvent(
                Instant.parse("2026-11-28T10:00:02Z"),
                "bootstrap.deliver",
                OTHER,
                null,
                "https",
                Verdict.REFUSE,
                OptionalInt.empty(),
                "no client certificate",
                List.of());
        registry.record(e1);
        registry.record(e2);
        restart();

        assertThat(registry.auditEvents()).containsExactly(e1, e2);
        assertThat(registry.audit().eventsFor(OTHER)).containsExactly(e2);
    }

    static SecurityAuditEvent event(String reason) {
        return new SecurityAuditEvent(
                Instant.parse("2026-11-28T10:00:01Z"),
                "message.inbound",
                DEV,
                Party.CLIENT,
                "https",
                Verdict.ACCEPT,
                OptionalInt.of(212),
                reason,
                List.of());
    }

    @Test
    void a_unit_of_work_commits_once_and_its_reads_see_its_own_writes() {
        String job = registry.enqueue(DEV, List.of(get("./DevInfo/Mod")));
        long before = db.commits();
        boolean claimedInside = registry.inMessage(() -> {
            registry.record(event("in"));
            ClaimedJob j = registry.claim(DEV, "s1").orElseThrow();
            registry.delivering(j, j.commands());
            registry.recordDevInfo(DEV, Map.of("Mod", "X1"));
            // reads inside the unit use its connection and see its uncommitted writes
            try (Connection c = db.connection();
                    PreparedStatement s = c.prepareStatement("SELECT state FROM dm_job WHERE id = ?")) {
                s.setLong(1, Long.parseLong(job));
                try (ResultSet r = s.executeQuery()) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getString(1)).isEqualTo("CLAIMED");
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            // closing that connection left the unit's own open
            registry.record(event("after close"));
            return registry.isClaimed(job) && "X1".equals(registry.devInfo(DEV).get("Mod"));
        });
        assertThat(claimedInside).isTrue();
        assertThat(db.commits() - before).as("one commit for the whole unit").isEqualTo(1);
        assertThat(registry.isClaimed(job)).isTrue();
        assertThat(registry.auditEvents()).containsExactly(event("in"), event("after close"));
    }

    @Test
    void a_nested_failure_that_is_caught_rolls_back_only_its_own_writes() {
        registry.inMessage(() -> {
            registry.record(event("before"));
            assertThatThrownBy(() -> db.inTransaction(c -> {
                        new AuditStore(db).record(event("undone"));
                        throw new IllegalStateException("nested failure");
                    }))
                    .hasMessage("nested failure");
            // a failed statement: PostgreSQL would refuse every later statement of the transaction without a savepoint
            assertThatThrownBy(() -> db.inTransaction(c -> {
                        try (var st = c.createStatement()) {
                            return st.executeQuery("SELECT no_such_column FROM dm_job");
                        }
                    }))
                    .isInstanceOf(StorageException.class);
            registry.record(event("after"));
            return null;
        });
        assertThat(registry.auditEvents()).containsExactly(event("before"), event("after"));
    }

    @Test
    void a_failed_unit_rolls_back_its_writes_but_keeps_audit_events_and_authentication_failures() {
        String job = registry.enqueue(DEV, List.of(get("./DevInfo/Mod")));
        assertThatThrownBy(() -> registry.inMessage(() -> {
                    registry.record(event("received"));
                    registry.credentialsRejected(DEV);
                    registry.claim(DEV, "s1").orElseThrow();
                    registry.recordDevInfo(DEV, Map.of("Mod", "X1"));
                    throw new IllegalStateException("handling failed");
                }))
                .hasMessage("handling failed");
        assertThat(registry.isClaimed(job)).as("the claim was rolled back").isFalse();
        assertThat(registry.devInfo(DEV)).doesNotContainKey("Mod");
        assertThat(registry.auditEvents()).containsExactly(event("received"));
        assertThat(registry.authFailures().failures(DEV).orElseThrow().failures())
                .isEqualTo(1);
        assertThat(registry.claim(DEV, "s2")).isPresent();
    }

    @Test
    void authentication_failures_are_counted_reset_by_a_completed_session_and_back_off() {
        for (int i = 0; i < 3; i++) {
            registry.recordSession(DEV, "s" + i, clock.instant(), SessionOutcome.AUTHENTICATION_FAILED);
        }
        assertThat(registry.authFailures().failures(DEV).orElseThrow().failures())
                .isEqualTo(3);
        assertThat(registry.lockedUntil(DEV)).as("three free failures").isEmpty();

        registry.recordSession(DEV, "s3", clock.instant(), SessionOutcome.AUTHENTICATION_FAILED);
        assertThat(registry.lockedUntil(DEV)).contains(clock.instant().plusSeconds(1));
        registry.recordSession(DEV, "s4", clock.instant(), SessionOutcome.AUTHENTICATION_FAILED);
        assertThat(registry.lockedUntil(DEV)).contains(clock.instant().plusSeconds(2));
        restart();
        assertThat(registry.lockedUntil(DEV)).as("kept across a restart").isPresent();
        clock.advance(Duration.ofSeconds(3));
        assertThat(registry.lockedUntil(DEV)).isEmpty();

        registry.recordSession(DEV, "s5", clock.instant(), SessionOutcome.COMPLETED);
        assertThat(registry.authFailures().failures(DEV)).isEmpty();
        assertThat(registry.lockedUntil(OTHER)).isEmpty();
    }

    @Test
    void devinfo_and_session_history_are_recorded() {
        registry.recordDevInfo(DEV, Map.of("Man", "Exemplar", "Mod", "Sensor-A"));
        registry.recordDevInfo(DEV, Map.of("Mod", "Sensor-B"));
        registry.recordSession(DEV, "7", Instant.parse("2026-11-28T10:05:00Z"), SessionOutcome.COMPLETED);
        restart();

        assertThat(registry.devInfo(DEV)).isEqualTo(Map.of("Man", "Exemplar", "Mod", "Sensor-B"));
        assertThat(registry.sessions())
                .containsExactly(new io.trustdm.server.ManagementRegistry.SessionRecord(
                        DEV, "7", Instant.parse("2026-11-28T10:05:00Z"), SessionOutcome.COMPLETED));
        var d = registry.devices().device(DEV).orElseThrow();
        assertThat(d.lastSession().orElseThrow().outcome()).isEqualTo(SessionOutcome.COMPLETED);
        assertThat(registry.devices().device("IMEI:000000000000000")).isEmpty();
    }

    @Test
    void devinfo_leaves_are_the_first_tree_values_and_survive_a_restart() {
        registry.recordDevInfo(DEV, Map.of("Man", "Exemplar", "Mod", "Sensor-A"));
        registry.recordDevInfo(DEV, Map.of("Mod", "Sensor-B"));
        restart();

        assertThat(registry.treeValues(DEV))
                .extracting(v -> v.path() + "=" + v.value() + ":" + v.format())
                .containsExactly("./DevInfo/Man=Exemplar:chr", "./DevInfo/Mod=Sensor-B:chr");
    }

    @Test
    void management_views_list_devices_jobs_and_their_times_and_forget_a_removed_device() {
        registry.register("IMEI:000000000000002");
        String id = registry.enqueue(DEV, List.of(get("./DevInfo/Mod")));
        restart();

        assertThat(registry.deviceIds()).contains(DEV, "IMEI:000000000000002");
        assertThat(registry.jobs()).extracting(ClaimedJob::jobId).containsExactly(id);
        assertThat(registry.job(id).orElseThrow().deviceId()).isEqualTo(DEV);
        assertThat(registry.job("job-7"))
                .as("an id this store never issues is simply unknown")
                .isEmpty();
        assertThat(registry.jobTimes(id).orElseThrow().completed()).isNull();
        assertThat(registry.isClaimed(id)).isFalse();

        ClaimedJob claimed = registry.claim(DEV, "s1").orElseThrow();
        assertThat(registry.isClaimed(id)).isTrue();
        registry.complete(claimed, ok(claimed));
        assertThat(registry.isClaimed(id)).isFalse();
        assertThat(registry.jobTimes(id).orElseThrow().completed()).isNotNull();

        assertThat(registry.remove(DEV)).isTrue();
        assertThat(registry.remove(DEV)).isFalse();
        assertThat(registry.isKnown(DEV)).isFalse();
        assertThat(registry.deviceIds()).doesNotContain(DEV);
        assertThat(registry.account(DEV)).isEmpty();
    }

    byte[] rawColumn(String sql, String arg) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getBytes(1);
            }
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
