package io.trustdm.server.config;

import java.util.Locale;

/**
 * Every setting the server reads, with its default and a one-line explanation. Keeping them in one enum is what
 * makes {@code --print-config}, the environment mapping and docs/OPERATIONS.md agree with each other.
 */
public enum ConfigKey {
    DATA_DIR("server.data-dir", "data", false, "directory for the database, PKI, API token and secrets key"),
    HOST("server.host", "127.0.0.1", false, "address the HTTPS endpoint binds to"),
    PORT(
            "server.port",
            "8443",
            false,
            "HTTPS port of the DM, bootstrap, REST and console endpoints (0 = any free port)"),
    SERVER_ID("server.server-id", "trustdm", false, "the ServerID this DM Server uses toward Devices"),
    DM_PATH(
            "dm.path",
            "/dm",
            false,
            "HTTP path(s) of the DM endpoint, comma-separated; the first goes into bootstraps"),
    DEVICE_AUTH("dm.device-auth", "md5", false, "scheme bootstrapped Devices use: basic, md5 or hmac"),
    SESSION_TIMEOUT("dm.session-timeout", "PT5M", false, "idle time after which a Management Session is dropped"),
    AUTH_TIMEOUT(
            "dm.auth-timeout",
            "PT30S",
            false,
            "silence after which a session whose Device has not authenticated is dropped, freeing its slot"),
    MAX_MESSAGE_BYTES("dm.max-message-bytes", "65536", false, "largest DM message accepted (MaxMsgSize we announce)"),
    CLIENT_AUTH("tls.client-auth", "want", false, "TLS client certificates: want (request) or need (require)"),
    TLS_KEYSTORE(
            "tls.keystore",
            "",
            false,
            "operator PKCS#12 with the server key and chain; empty = development CA in the data directory"),
    TLS_KEYSTORE_PASSWORD("tls.keystore-password", "", true, "password of tls.keystore"),
    TLS_CERTIFICATE(
            "tls.certificate",
            "",
            false,
            "operator PEM certificate chain (leaf first); needs tls.private-key; excludes tls.keystore"),
    TLS_PRIVATE_KEY("tls.private-key", "", false, "operator PEM private key (PKCS#8) of tls.certificate; keep it 0600"),
    TLS_CLIENT_CA(
            "tls.client-ca",
            "",
            false,
            "PEM file of the CAs that issue Device certificates; empty = the development CA in the data directory"),
    PUBLIC_HOST(
            "server.public-host",
            "localhost",
            false,
            "host name Devices use to reach the server (in bootstrap profiles; must match the TLS certificate)"),
    JDBC_URL("storage.jdbc-url", "", false, "JDBC URL (jdbc:postgresql://...); empty = embedded H2 in the data dir"),
    JDBC_USER("storage.username", "trustdm", false, "database user (PostgreSQL)"),
    JDBC_PASSWORD("storage.password", "", true, "database password"),
    BOOTSTRAP_TEMPLATES(
            "bootstrap.templates",
            "",
            false,
            "file of named bootstrap template groups and their member Devices; empty = only the default template"),
    METRICS_ENABLED("metrics.enabled", "true", false, "serve Prometheus metrics at /metrics (bearer token required)"),
    SHUTDOWN_GRACE("server.shutdown-grace", "PT20S", false, "how long a stop waits for running sessions to finish"),
    PROXY_PROTOCOL(
            "server.proxy-protocol",
            "false",
            false,
            "accept the PROXY protocol from a load balancer (Device addresses in logs); only behind one"),
    NOTIFICATION_SPACING(
            "notification.device-spacing",
            "PT30S",
            false,
            "least time between two wake-up notifications to one Device"),
    LOG_FORMAT("log.format", "text", false, "log line format on stderr: text or json (one JSON object per line)"),
    LOG_LEVEL("log.level", "info", false, "level of TrustDM's own loggers: error, warn, info, debug or trace");

    private final String key;
    private final String defaultValue;
    private final boolean secret;
    private final String description;

    ConfigKey(String key, String defaultValue, boolean secret, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.description = description;
    }

    /** The name used in the config file, e.g. {@code server.port}. */
    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** Secret values are never printed. */
    public boolean secret() {
        return secret;
    }

    public String description() {
        return description;
    }

    /** The environment variable that overrides this key, e.g. {@code TRUSTDM_SERVER_PORT}. */
    public String environmentVariable() {
        return "TRUSTDM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The key with this file name, if any. */
    public static java.util.Optional<ConfigKey> byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }
}
