package io.trustdm.server.store;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.policy.AccountSecurity;
import io.trustdm.server.auth.DeviceAccount;
import io.trustdm.server.auth.ServerCredentialScheme;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Device accounts (how each Device authenticates and how the server authenticates toward it) and the current nonce in
 * each direction. Digest keys are sealed with the {@link SecretSealer} before they are written, bound to their row and
 * column; nonces are not secret (they travel in clear in Chal) and are stored as they are. Storing a nonce replaces
 * the previous one: a Device's nonce rotates with every challenge, and any server node sees the latest.
 * Thread-safe.
 */
public final class AccountStore {
    private final Database db;
    private final Clock clock;

    public AccountStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Registers the Device (if new), stores its account and the nonces its bootstrap provisioned (when given). */
    public void provision(DeviceAccount account, Nonce clientNonce, Nonce serverNonce) {
        Objects.requireNonNull(account, "account");
        String id = account.deviceId();
        String sql = Upsert.sql(
                db.dialect(),
                "dm_account",
                List.of("device_id"),
                List.of(
                        "account_id",
                        "required_scheme",
                        "https_provisioned",
                        "max_auth_retries",
                        "certificate_required",
                        "client_name",
                        "client_key_sealed",
                        "server_name",
                        "server_key_sealed",
                        "server_scheme"));
        db.inTransaction(c -> {
            DeviceStore.register(c, db.dialect(), id, clock.millis());
            try (PreparedStatement s = c.prepareStatement(sql)) {
                AccountSecurity sec = account.security();
                s.setString(1, id);
                s.setString(2, sec.accountId());
                s.setString(3, sec.requiredScheme().name());
                s.setBoolean(4, sec.httpsProvisioned());
                s.setInt(5, sec.maxAuthRetries());
                s.setBoolean(6, account.certificateRequired());
                s.setString(7, account.clientName());
                setSealed(s, 8, account.clientKey(), context(id, "client_key"));
                s.setString(9, account.serverName());
                setSealed(s, 10, account.serverKey(), context(id, "server_key"));
                s.setString(11, account.serverScheme().name());
                s.executeUpdate();
            }
            if (clientNonce != null) {
                storeNonce(c, id, "client", clientNonce);
            }
            if (serverNonce != null) {
                storeNonce(c, id, "server", serverNonce);
            }
            return null;
        });
    }

    private void setSealed(PreparedStatement s, int i, DigestKey key, String context) throws SQLException {
        if (key == null) {
            s.setNull(i, Types.BINARY);
            return;
        }
        byte[] plain = key.encodedOctets();
        try {
            s.setBytes(i, db.sealer().seal(plain, context));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private DigestKey openSealed(byte[] sealed, String context) {
        if (sealed == null) {
            return null;
        }
        byte[] plain = db.sealer().open(sealed, context);
        try {
            return DigestKey.fromB64(new String(plain, StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    static String context(String deviceId, String column) {
        return "dm_account/" + deviceId + "/" + column;
    }

    public Optional<DeviceAccount> account(String deviceId) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT account_id, required_scheme, https_provisioned,"
                    + " max_auth_retries, certificate_required, client_name, client_key_sealed, server_name,"
                    + " server_key_sealed, server_scheme FROM dm_account WHERE device_id = ?")) {
                s.setString(1, deviceId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    AccountSecurity sec = new AccountSecurity(
                            r.getString(1), AuthScheme.valueOf(r.getString(2)), r.getBoolean(3), r.getInt(4));
                    return Optional.of(new DeviceAccount(
                            deviceId,
                            sec,
                            r.getBoolean(5),
                            r.getString(6),
                            openSealed(r.getBytes(7), context(deviceId, "client_key")),
                            r.getString(8),
                            openSealed(r.getBytes(9), context(deviceId, "server_key")),
                            ServerCredentialScheme.valueOf(r.getString(10))));
                }
            }
        });
    }

    /** The nonce the server last issued to the Device (ClientNonce), or {@code null}. */
    public Nonce clientNonce(String deviceId) {
        return nonce(deviceId, "client");
    }

    /** The nonce the Device last issued to the server (ServerNonce), or {@code null}. */
    public Nonce serverNonce(String deviceId) {
        return nonce(deviceId, "server");
    }

    public void storeClientNonce(String deviceId, Nonce nonce) {
        db.inTransaction(c -> storeNonce(c, deviceId, "client", nonce));
    }

    public void storeServerNonce(String deviceId, Nonce nonce) {
        db.inTransaction(c -> storeNonce(c, deviceId, "server", nonce));
    }

    private Nonce nonce(String deviceId, String direction) {
        return db.inTransaction(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT octets FROM dm_nonce WHERE device_id = ? AND direction = ?")) {
                s.setString(1, deviceId);
                s.setString(2, direction);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Nonce.of(r.getBytes(1)) : null;
                }
            }
        });
    }

    private Void storeNonce(Connection c, String deviceId, String direction, Nonce nonce) throws SQLException {
        Objects.requireNonNull(nonce, "nonce");
        // no implicit registration: a nonce for an unregistered Device is a bug (foreign key violation)
        try (PreparedStatement s = c.prepareStatement(Upsert.sql(
                db.dialect(), "dm_nonce", List.of("device_id", "direction"), List.of("octets", "stored_at")))) {
            s.setString(1, deviceId);
            s.setString(2, direction);
            s.setBytes(3, nonce.bytes());
            s.setLong(4, clock.millis());
            s.executeUpdate();
        }
        return null;
    }
}
