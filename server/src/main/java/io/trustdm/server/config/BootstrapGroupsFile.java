package io.trustdm.server.config;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.auth.ServerCredentialScheme;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The file named by {@code bootstrap.templates}: named bootstrap template groups and the Devices that belong to them.
 * One {@code group.<name>.<field> = value} per line; blank lines and lines starting with {@code #} are ignored. The
 * fields are
 *
 * <ul>
 *   <li>{@code server-id}: the ServerID Devices of the group are given (default: {@code server.server-id})
 *   <li>{@code server-name}: the display name (DMAcc Name, default {@code TrustDM})
 *   <li>{@code address}: the DM Server URL put into the bootstrap (default: this server's DM URL)
 *   <li>{@code device-auth}: basic, md5 or hmac (default: {@code dm.device-auth})
 *   <li>{@code server-auth}: md5, hmac or none (default: derived from device-auth as for the default template)
 *   <li>{@code members}: comma-separated Device IDs bootstrapped from this group when no group is named
 * </ul>
 *
 * <p>The format is deliberately a strict subset of a properties file (no line continuations, no escapes, only
 * {@code =} separates key from value, so a Device ID such as {@code IMEI:1} needs no quoting) so that every error can
 * name its line. A template holds no secrets: every bootstrap generates fresh per-Device credentials.
 */
public final class BootstrapGroupsFile {
    /** What a group name may look like; {@code default} is reserved for the built-in template. */
    public static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The name the built-in (default) template is shown under; no group may take it. */
    public static final String DEFAULT_NAME = "default";

    private static final List<String> FIELDS =
            List.of("server-id", "server-name", "address", "device-auth", "server-auth", "members");

    /**
     * One group as written in the file; an absent field takes the server's default when the server starts.
     *
     * @param name       the group name
     * @param line       the line the group was first mentioned on (for messages)
     * @param serverId   ServerID, if set
     * @param serverName display name, if set
     * @param address    DM Server URL, if set
     * @param deviceAuth the scheme Devices use, if set
     * @param serverAuth how the server proves itself, if set
     * @param members    Device IDs that belong to the group
     */
    public record Group(
            String name,
            int line,
            Optional<String> serverId,
            Optional<String> serverName,
            Optional<URI> address,
            Optional<AuthScheme> deviceAuth,
            Optional<ServerCredentialScheme> serverAuth,
            List<String> members) {
        public Group {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
        }
    }

    private BootstrapGroupsFile() {}

    /**
     * Reads and checks the file.
     *
     * @throws ConfigException naming the file, line and key of the first mistake
     */
    public static List<Group> read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException("bootstrap templates file " + file + " is not UTF-8");
        } catch (IOException e) {
            throw new ConfigException("cannot read bootstrap templates file " + file + ": " + e, e);
        }
        return parse(file.toString(), text);
    }

    /** Parses {@code text}; {@code origin} names it in messages. */
    public static List<Group> parse(String origin, String text) {
        Map<String, Builder> groups = new LinkedHashMap<>();
        Map<String, Integer> seenKeys = new HashMap<>();
        Map<String, String> memberOf = new HashMap<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw error(origin, n, null, "expected 'group.<name>.<field> = value'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (key.endsWith("\\") || value.endsWith("\\")) {
                throw error(origin, n, key, "line continuations are not supported");
            }
            String[] parts = key.split("\\.");
            if (parts.length < 3 || !parts[0].equals("group")) {
                throw error(origin, n, key, "keys look like group.<name>.<field>");
            }
            String field = parts[parts.length - 1];
            String name = key.substring("group.".length(), key.length() - field.length() - 1);
            if (!GROUP_NAME.matcher(name).matches()) {
                throw error(
                        origin,
                        n,
                        key,
                        "group name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a"
                                + " letter or digit");
            }
            if (name.equals(DEFAULT_NAME)) {
                throw error(
                        origin,
                        n,
                        key,
                        "the group name 'default' is reserved for the built-in template (server.server-id,"
                                + " dm.device-auth)");
            }
            if (!FIELDS.contains(field)) {
                throw error(origin, n, key, "unknown field '" + field + "'; fields are " + String.join(", ", FIELDS));
            }
            Integer earlier = seenKeys.putIfAbsent(key, n);
            if (earlier != null) {
                throw error(origin, n, key, "is set twice (first on line " + earlier + ")");
            }
            if (value.isEmpty()) {
                throw error(origin, n, key, "has no value");
            }
            Builder g = groups.computeIfAbsent(name, x -> new Builder(name, n));
            switch (field) {
                case "server-id" -> g.serverId = value;
                case "server-name" -> g.serverName = value;
                case "address" -> g.address = address(origin, n, key, value);
                case "device-auth" -> g.deviceAuth = deviceAuth(origin, n, key, value);
                case "server-auth" -> {
                    try {
                        g.serverAuth = ServerCredentialScheme.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw error(origin, n, key, "= '" + value + "': must be md5, hmac or none");
                    }
                }
                case "members" -> {
                    for (String m : value.split(",")) {
                        String id = m.strip();
                        if (id.isEmpty() || id.length() > 128 || id.chars().anyMatch(c -> c < 0x21 || c > 0x7E)) {
                            throw error(
                                    origin,
                                    n,
                                    key,
                                    "member '" + id + "' is not a Device ID (1-128 printable ASCII characters)");
                        }
                        String other = memberOf.putIfAbsent(id, name);
                        if (other != null) {
                            throw error(
                                    origin,
                                    n,
                                    key,
                                    "Device " + id + " is already a member of group '" + other
                                            + "'; a Device belongs to at most one group");
                        }
                        g.members.add(id);
                    }
                }
                default -> throw new IllegalStateException(field);
            }
        }
        List<Group> out = new ArrayList<>();
        for (Builder b : groups.values()) {
            if (b.serverAuth == ServerCredentialScheme.NONE
                    && b.address != null
                    && !"https".equalsIgnoreCase(b.address.getScheme())) {
                throw error(
                        origin,
                        b.line,
                        "group." + b.name + ".server-auth",
                        "= none relies on the TLS server certificate, but group." + b.name + ".address is not https");
            }
            out.add(new Group(
                    b.name,
                    b.line,
                    Optional.ofNullable(b.serverId),
                    Optional.ofNullable(b.serverName),
                    Optional.ofNullable(b.address),
                    Optional.ofNullable(b.deviceAuth),
                    Optional.ofNullable(b.serverAuth),
                    b.members));
        }
        return List.copyOf(out);
    }

    private static URI address(String origin, int line, String key, String value) {
        try {
            URI u = new URI(value);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
                throw error(origin, line, key, "= '" + value + "': must be an absolute http(s) URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw error(origin, line, key, "= '" + value + "': not a URL (" + e.getReason() + ")");
        }
    }

    private static AuthScheme deviceAuth(String origin, int line, String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "basic" -> AuthScheme.BASIC;
            case "md5" -> AuthScheme.MD5;
            case "hmac" -> AuthScheme.HMAC;
            default -> throw error(origin, line, key, "= '" + value + "': must be basic, md5 or hmac");
        };
    }

    private static ConfigException error(String origin, int line, String key, String why) {
        return new ConfigException(
                "bootstrap.templates: " + origin + " line " + line + (key == null ? "" : ": " + key) + " " + why);
    }

    private static final class Builder {
        final String name;
        final int line;
        String serverId;
        String serverName;
        URI address;
        AuthScheme deviceAuth;
        ServerCredentialScheme serverAuth;
        final List<String> members = new ArrayList<>();

        Builder(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }
}
