package io.trustdm.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The server's settings, resolved from (lowest to highest precedence) built-in defaults, a properties file,
 * {@code TRUSTDM_*} environment variables and command-line overrides. Each value remembers where it came from so
 * that {@code --print-config} can say why the server does what it does; unknown keys in the file are an error
 * because a typo in a security setting must not silently fall back to a default.
 */
public final class ServerConfig {
    /** Where a value came from. */
    public enum Source {
        DEFAULT,
        FILE,
        ENVIRONMENT,
        COMMAND_LINE
    }

    private record Value(String text, Source source) {}

    private final Map<ConfigKey, Value> values;

    private ServerConfig(Map<ConfigKey, Value> values) {
        this.values = values;
    }

    /** Defaults only. */
    public static ServerConfig defaults() {
        return load(Optional.empty(), Map.of(), Map.of());
    }

    /**
     * Resolves every key.
     *
     * @param file        optional properties file
     * @param environment the process environment (only {@code TRUSTDM_*} names are looked at)
     * @param overrides   values given on the command line, by key
     */
    public static ServerConfig load(
            Optional<Path> file, Map<String, String> environment, Map<ConfigKey, String> overrides) {
        Map<ConfigKey, Value> v = new EnumMap<>(ConfigKey.class);
        for (ConfigKey k : ConfigKey.values()) {
            v.put(k, new Value(k.defaultValue(), Source.DEFAULT));
        }
        if (file.isPresent()) {
            Properties p = readFile(file.get());
            for (String name : p.stringPropertyNames()) {
                ConfigKey k = ConfigKey.byKey(name)
                        .orElseThrow(() -> new ConfigException(
                                "unknown key '" + name + "' in " + file.get() + " (see --print-config for the keys)"));
                v.put(k, new Value(p.getProperty(name).trim(), Source.FILE));
            }
        }
        for (ConfigKey k : ConfigKey.values()) {
            String e = environment.get(k.environmentVariable());
            if (e != null) {
                v.put(k, new Value(e.trim(), Source.ENVIRONMENT));
            }
        }
        overrides.forEach((k, text) -> v.put(k, new Value(text, Source.COMMAND_LINE)));
        ServerConfig c = new ServerConfig(v);
        c.validate();
        return c;
    }

    private static Properties readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("malformed config file " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    private void validate() {
        int port = integer(ConfigKey.PORT);
        if (port < 0 || port > 65535) {
            throw invalid(ConfigKey.PORT, "must be 0..65535");
        }
        if (integer(ConfigKey.MAX_MESSAGE_BYTES) < 1024) {
            throw invalid(ConfigKey.MAX_MESSAGE_BYTES, "must be at least 1024");
        }
        duration(ConfigKey.SESSION_TIMEOUT);
        duration(ConfigKey.AUTH_TIMEOUT);
        duration(ConfigKey.SHUTDOWN_GRACE);
        deviceAuth();
        requireClientCertificates();
        bool(ConfigKey.METRICS_ENABLED);
        bool(ConfigKey.PROXY_PROTOCOL);
        dmPaths();
        if (text(ConfigKey.SERVER_ID).isBlank()) {
            throw invalid(ConfigKey.SERVER_ID, "must not be empty");
        }
        duration(ConfigKey.NOTIFICATION_SPACING);
        logFormat();
        logLevel();
        tlsIdentitySource();
        bootstrapGroups();
        String url = text(ConfigKey.JDBC_URL);
        if (!url.isEmpty() && !url.startsWith("jdbc:")) {
            throw invalid(ConfigKey.JDBC_URL, "must be a jdbc: URL");
        }
    }

    private ConfigException invalid(ConfigKey k, String why) {
        Value v = values.get(k);
        String shown = k.secret() ? "<redacted>" : "'" + v.text() + "'";
        return new ConfigException(k.key() + " = " + shown + " (from " + describe(k) + ") " + why);
    }

    private String describe(ConfigKey k) {
        return switch (values.get(k).source()) {
            case DEFAULT -> "default";
            case FILE -> "config file";
            case ENVIRONMENT -> "environment " + k.environmentVariable();
            case COMMAND_LINE -> "command line";
        };
    }

    /** The raw text of a key. */
    public String text(ConfigKey k) {
        return values.get(k).text();
    }

    public Source source(ConfigKey k) {
        return values.get(k).source();
    }

    public int integer(ConfigKey k) {
        try {
            return Integer.parseInt(text(k));
        } catch (NumberFormatException e) {
            throw invalid(k, "is not an integer");
        }
    }

    public boolean bool(ConfigKey k) {
        return switch (text(k).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw invalid(k, "must be true or false");
        };
    }

    public Duration duration(ConfigKey k) {
        try {
            Duration d = Duration.parse(text(k));
            if (d.isNegative() || d.isZero()) {
                throw invalid(k, "must be positive");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid(k, "is not an ISO-8601 duration such as PT30S");
        }
    }

    public Path dataDir() {
        return Path.of(text(ConfigKey.DATA_DIR));
    }

    public String host() {
        return text(ConfigKey.HOST);
    }

    public int port() {
        return integer(ConfigKey.PORT);
    }

    public String serverId() {
        return text(ConfigKey.SERVER_ID);
    }

    /** The device authentication scheme name, lower case: basic, md5 or hmac. */
    public String deviceAuth() {
        String s = text(ConfigKey.DEVICE_AUTH).toLowerCase(Locale.ROOT);
        if (!s.equals("basic") && !s.equals("md5") && !s.equals("hmac")) {
            throw invalid(ConfigKey.DEVICE_AUTH, "must be basic, md5 or hmac");
        }
        return s;
    }

    /** Whether TLS client certificates are required rather than only requested. */
    public boolean requireClientCertificates() {
        return switch (text(ConfigKey.CLIENT_AUTH).toLowerCase(Locale.ROOT)) {
            case "want" -> false;
            case "need" -> true;
            default -> throw invalid(ConfigKey.CLIENT_AUTH, "must be want or need");
        };
    }

    /** The JDBC URL, or empty for the embedded H2 database in the data directory. */
    public Optional<String> jdbcUrl() {
        String u = text(ConfigKey.JDBC_URL);
        return u.isEmpty() ? Optional.empty() : Optional.of(u);
    }

    /** Operator-supplied PKCS#12 key store, or empty for the development CA. */
    public Optional<Path> tlsKeystore() {
        String u = text(ConfigKey.TLS_KEYSTORE);
        return u.isEmpty() ? Optional.empty() : Optional.of(Path.of(u));
    }

    /** Where the server's TLS identity comes from. */
    public enum TlsIdentitySource {
        /** The development CA in the data directory issues the server certificate. */
        DEVELOPMENT_CA,
        /** {@code tls.certificate} and {@code tls.private-key}, PEM. */
        PEM,
        /** {@code tls.keystore}, PKCS#12 with {@code tls.keystore-password}. */
        PKCS12
    }

    /** Which TLS identity the settings select; mixing PEM and PKCS#12, or a PEM certificate without key, is refused. */
    public TlsIdentitySource tlsIdentitySource() {
        boolean p12 = !text(ConfigKey.TLS_KEYSTORE).isEmpty();
        boolean cert = !text(ConfigKey.TLS_CERTIFICATE).isEmpty();
        boolean key = !text(ConfigKey.TLS_PRIVATE_KEY).isEmpty();
        if (p12 && (cert || key)) {
            throw invalid(ConfigKey.TLS_KEYSTORE, "cannot be combined with tls.certificate / tls.private-key");
        }
        if (cert != key) {
            throw invalid(
                    cert ? ConfigKey.TLS_PRIVATE_KEY : ConfigKey.TLS_CERTIFICATE,
                    "must be set together with " + (cert ? "tls.certificate" : "tls.private-key"));
        }
        if (p12) {
            return TlsIdentitySource.PKCS12;
        }
        return cert ? TlsIdentitySource.PEM : TlsIdentitySource.DEVELOPMENT_CA;
    }

    /** The log format: {@code text} or {@code json}. */
    public String logFormat() {
        String f = text(ConfigKey.LOG_FORMAT).toLowerCase(Locale.ROOT);
        if (!f.equals("text") && !f.equals("json")) {
            throw invalid(ConfigKey.LOG_FORMAT, "must be text or json");
        }
        return f;
    }

    /** The level of TrustDM's loggers, lower case. */
    public String logLevel() {
        String l = text(ConfigKey.LOG_LEVEL).toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("error", "warn", "info", "debug", "trace").contains(l)) {
            throw invalid(ConfigKey.LOG_LEVEL, "must be error, warn, info, debug or trace");
        }
        return l;
    }

    /** The DM endpoint paths: {@code dm.path} is a comma-separated list, the first one goes into bootstrap profiles. */
    public java.util.List<String> dmPaths() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String p : text(ConfigKey.DM_PATH).split(",")) {
            String t = p.strip();
            if (!t.startsWith("/") || t.length() < 2) {
                throw invalid(ConfigKey.DM_PATH, "must be one or more paths like /dm, each starting with /");
            }
            out.add(t);
        }
        return java.util.List.copyOf(out);
    }

    /**
     * The bootstrap template groups of the {@code bootstrap.templates} file (none when the key is empty), read and
     * checked on every call.
     *
     * @throws ConfigException naming the file, line and key of the first mistake
     */
    public java.util.List<BootstrapGroupsFile.Group> bootstrapGroups() {
        Optional<Path> file = path(ConfigKey.BOOTSTRAP_TEMPLATES);
        if (file.isEmpty()) {
            return java.util.List.of();
        }
        if (!Files.isRegularFile(file.get())) {
            throw invalid(ConfigKey.BOOTSTRAP_TEMPLATES, "is not a readable file");
        }
        return BootstrapGroupsFile.read(file.get());
    }

    /** An optional path-valued key. */
    public Optional<Path> path(ConfigKey k) {
        String u = text(k);
        return u.isEmpty() ? Optional.empty() : Optional.of(Path.of(u));
    }

    /**
     * The configuration as a properties file a operator could save and edit: every key with its value, source and
     * meaning; secret values are replaced by {@code <redacted>} (or shown as unset).
     */
    public String print() {
        StringBuilder sb = new StringBuilder("# TrustDM server configuration (effective values)\n");
        for (ConfigKey k : ConfigKey.values()) {
            Value v = values.get(k);
            sb.append("\n# ").append(k.description()).append('\n');
            sb.append("# default: ")
                    .append(k.defaultValue().isEmpty() ? "(empty)" : k.defaultValue())
                    .append("; environment: ")
                    .append(k.environmentVariable())
                    .append("; set by: ")
                    .append(describe(k))
                    .append('\n');
            String shown = k.secret() && !v.text().isEmpty() ? "<redacted>" : v.text();
            sb.append(k.key()).append(" = ").append(shown).append('\n');
            if (k == ConfigKey.BOOTSTRAP_TEMPLATES && !v.text().isEmpty()) {
                // the file holds no secrets; the member lists are left out, only their sizes are shown
                for (BootstrapGroupsFile.Group g : bootstrapGroups()) {
                    sb.append("#   group ")
                            .append(g.name())
                            .append(": ")
                            .append(g.members().size())
                            .append(g.members().size() == 1 ? " member" : " members")
                            .append('\n');
                }
            }
        }
        return sb.toString();
    }
}
