package io.trustdm.cli.admin;

import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code trustdm admin devices}: register, list, inspect, delete, wake and bulk-import devices. */
@Command(
        name = "devices",
        mixinStandardHelpOptions = true,
        description = "Register, list, show, delete, wake and import devices, and list their wake jobs.",
        subcommands = {
            DevicesCommand.Add.class,
            DevicesCommand.ListDevices.class,
            DevicesCommand.Show.class,
            DevicesCommand.Delete.class,
            DevicesCommand.Wake.class,
            DevicesCommand.Wakes.class,
            DeviceImport.class
        })
final class DevicesCommand extends Group {

    static String devicePath(String id) {
        return "/devices/" + ApiClient.encode(id);
    }

    /** {@code admin devices add}. */
    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Register a device with its credentials (passwords become digest keys on the server).")
    static final class Add extends AdminLeaf {
        @Option(
                names = "--dev-id",
                required = true,
                paramLabel = "ID",
                description = "DevId, e.g. IMEI:356938035643809")
        String devId;

        @Option(
                names = "--auth",
                paramLabel = "KIND",
                description =
                        "basic, md5, hmac, or cert (TLS client certificate, no password) (default ${DEFAULT-VALUE})")
        String auth = "md5";

        @Option(names = "--username", paramLabel = "U", description = "the device's AAuthName (CLCRED)")
        String username;

        @Option(
                names = "--password",
                paramLabel = "P",
                arity = "0..1",
                interactive = true,
                description = "the device's AAuthSecret (CLCRED); without a value it is prompted for (or read from"
                        + " standard input), so it stays out of the process list")
        String password;

        @Option(
                names = "--server-password",
                paramLabel = "SP",
                arity = "0..1",
                interactive = true,
                description = "the server's AAuthSecret toward the device (SRVCRED); needed to wake it; prompted for"
                        + " when given without a value")
        String serverPassword;

        @Option(
                names = "--server-id",
                paramLabel = "S",
                description = "the server's ServerID, its AAuthName toward the device (default ${DEFAULT-VALUE})")
        String serverId = "trustdm";

        @Option(
                names = "--server-auth",
                paramLabel = "KIND",
                description = "how the server proves itself to the device, independent of --auth: md5, hmac (both need"
                        + " --server-password) or none (TLS server certificate only; refused when the DM address is"
                        + " plain http); default: md5 for md5, hmac for hmac, none otherwise")
        String serverAuth;

        private Map<String, Object> body;

        @Override
        void check() {
            body = DeviceRequest.body(devId, auth, username, password, serverId, serverPassword, serverAuth);
        }

        @Override
        int run(ApiClient api, PrintStream out) {
            JsonNode d = api.post("/devices", body);
            out.println("registered " + Json.text(d, "deviceId", devId) + ": " + authLine(d.get("auth")));
            return 0;
        }
    }

    /** {@code admin devices list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List devices, optionally matching a search.")
    static final class ListDevices extends AdminLeaf {
        @Option(
                names = "--search",
                paramLabel = "S",
                description = "only devices whose identity, manufacturer or model contains S")
        String search;

        @Option(names = "--json", description = "print the API's JSON instead of text")
        boolean json;

        @Override
        int run(ApiClient api, PrintStream out) {
            List<JsonNode> all = new ArrayList<>();
            Table t = new Table("DEVICE", "MANUFACTURER", "MODEL", "LAST SESSION", "OUTCOME", "QUEUED");
            int offset = 0;
            int total;
            do {
                Map<String, String> q = new LinkedHashMap<>();
                q.put("search", search);
                q.put("offset", Integer.toString(offset));
                q.put("limit", "500");
                JsonNode page = api.get("/devices", q);
                total = Json.integer(page, "total", 0);
                int n = 0;
                for (JsonNode d : Json.items(page, "items")) {
                    n++;
                    all.add(d);
                    t.row(
                            Json.text(d, "deviceId"),
                            Json.text(d, "manufacturer"),
                            Json.text(d, "model"),
                            Table.time(Json.text(d, "lastSession")),
                            Json.text(d, "lastOutcome"),
                            Integer.toString(Json.integer(d, "queuedJobs", 0)));
                }
                if (n == 0) {
                    break;
                }
                offset += n;
            } while (offset < total);
            if (json) {
                printJson(all, out);
                return 0;
            }
            if (t.size() == 0) {
                out.println(search == null ? "no devices registered" : "no device matches " + search);
                return 0;
            }
            t.print(out);
            out.println(t.size() + (t.size() == 1 ? " device" : " devices"));
            return 0;
        }
    }

    /** {@code admin devices show}. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "DevInfo, last session, authentication settings (never a secret) and the tree values read.")
    static final class Show extends AdminLeaf {
        /** Stop walking the cached tree after this many nodes. */
        static final int MAX_NODES = 2000;

        @Parameters(paramLabel = "ID", description = "the device identity")
        String id;

        @Option(names = "--json", description = "print the API's JSON instead of text")
        boolean json;

        @Override
        int run(ApiClient api, PrintStream out) {
            JsonNode d = api.get(devicePath(id));
            if (json) {
                printJson(d, out);
                return 0;
            }
            out.println("device " + Json.text(d, "deviceId", id));
            JsonNode info = d.get("devInfo");
            if (info != null && info.isObject() && !info.isEmpty()) {
                new java.util.TreeMap<>(Map.copyOf(toStrings(info)))
                        .forEach((k, v) -> out.println("  DevInfo/" + k + " = " + v));
            } else {
                out.println("  DevInfo       not reported yet");
            }
            String last = Json.text(d, "lastSession");
            out.println("  last session  "
                    + (last == null
                            ? "none"
                            : Table.time(last) + " " + Json.text(d, "lastOutcome", "") + " ("
                                    + Json.integer(d, "sessions", 0) + " sessions)"));
            out.println("  queued jobs   " + Json.integer(d, "queuedJobs", 0));
            out.println("  auth          " + authLine(d.get("auth")));
            List<String[]> values = new ArrayList<>();
            walk(api, ".", values);
            if (values.isEmpty()) {
                out.println("tree values read: none yet");
            } else {
                out.println("tree values read:");
                for (String[] v : values) {
                    out.println("  " + v[0] + " = " + v[1] + "  (" + v[2] + ", read " + v[3] + ")");
                }
                if (values.size() >= MAX_NODES) {
                    out.println("  (first " + MAX_NODES + " shown)");
                }
            }
            return 0;
        }

        private static Map<String, String> toStrings(JsonNode object) {
            Map<String, String> m = new LinkedHashMap<>();
            for (var e : object.properties()) {
                m.put(
                        Json.printable(e.getKey()),
                        e.getValue().isNull() ? "" : Json.printable(e.getValue().asString()));
            }
            return m;
        }

        /** The tree route gives one level per call; walk it depth-first, values in path order. */
        private void walk(ApiClient api, String path, List<String[]> values) {
            JsonNode level = api.get(devicePath(id) + "/tree", Map.of("path", path));
            for (JsonNode n : Json.items(level, "children")) {
                if (values.size() >= MAX_NODES) {
                    return;
                }
                String p = Json.text(n, "path");
                String v = Json.text(n, "value");
                if (v != null) {
                    values.add(
                            new String[] {p, v, Json.text(n, "format", "chr"), Table.time(Json.text(n, "readAt", "?"))
                            });
                }
                if (Boolean.TRUE.equals(Json.bool(n, "hasChildren")) && p != null) {
                    walk(api, p, values);
                }
            }
        }
    }

    private static final Pattern RETRY_AFTER = Pattern.compile("retry after (\\d+) s");

    /** A 429 from wake, reworded around when to try again: {@code error: 429 device X was woken too recently: retry after 25 s (at ...)}. */
    static AdminFailure rateLimited(AdminFailure f, String deviceId, Instant now) {
        Matcher m = RETRY_AFTER.matcher(f.getMessage());
        if (!m.find()) {
            return f;
        }
        long seconds = Long.parseLong(m.group(1));
        String at =
                DateTimeFormatter.ISO_INSTANT.format(now.plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS));
        return AdminFailure.refused(
                429, "device " + deviceId + " was woken too recently: retry after " + seconds + " s (at " + at + ")");
    }

    /** How a device authenticates, in one line, from the API's auth settings (which carry no secrets). */
    static String authLine(JsonNode a) {
        if (a == null || !a.isObject()) {
            return "no account";
        }
        List<String> parts = new ArrayList<>();
        boolean cert = Boolean.TRUE.equals(Json.bool(a, "certificateRequired"));
        String user = Json.text(a, "username");
        boolean secret = Boolean.TRUE.equals(Json.bool(a, "clientSecretSet"));
        if (cert) {
            parts.add("TLS client certificate required (CN = device identity)");
        }
        if (user != null || secret) {
            parts.add(Json.text(a, "authScheme", "?") + " as " + (user == null ? "(no username)" : user)
                    + (secret ? " (secret set)" : " (no secret)"));
        } else if (cert) {
            parts.add("no DM password");
        }
        String server = Json.text(a, "serverUsername");
        parts.add(
                server == null || !Boolean.TRUE.equals(Json.bool(a, "serverSecretSet"))
                        ? "server credentials not set (cannot be woken)"
                        : "server " + server + " (secret set)");
        String serverAuth = Json.text(a, "serverAuth");
        if (serverAuth != null) {
            parts.add("server proves itself by "
                    + (serverAuth.equals("none")
                            ? "its TLS certificate only"
                            : serverAuth + " and its TLS certificate"));
        }
        return String.join(", ", parts);
    }

    /** {@code admin devices delete}. */
    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Forget a device, its account, its queued jobs and read values (history stays).")
    static final class Delete extends AdminLeaf {
        @Parameters(paramLabel = "ID", description = "the device identity")
        String id;

        @Override
        int run(ApiClient api, PrintStream out) {
            api.delete(devicePath(id));
            out.println("deleted " + id);
            return 0;
        }
    }

    /** {@code admin devices wake}. */
    @Command(
            name = "wake",
            mixinStandardHelpOptions = true,
            description = "Send a signed notification (Package #0) so the device opens a session.")
    static final class Wake extends AdminLeaf {
        @Parameters(paramLabel = "ID", description = "the device identity")
        String id;

        @Option(
                names = "--ui-mode",
                paramLabel = "MODE",
                description = "background, informative, user-interaction or not-specified (default ${DEFAULT-VALUE})")
        String uiMode = "background";

        private String mode;

        @Override
        void check() {
            mode = uiMode.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            if (!List.of("BACKGROUND", "INFORMATIVE", "USER_INTERACTION", "NOT_SPECIFIED")
                    .contains(mode)) {
                throw AdminFailure.usage(
                        "--ui-mode must be background, informative, user-interaction or not-specified");
            }
        }

        @Override
        int run(ApiClient api, PrintStream out) {
            JsonNode w;
            try {
                w = api.post(devicePath(id) + "/wake", Map.of("uiMode", mode));
            } catch (AdminFailure f) {
                throw f.httpStatus() == 429 ? rateLimited(f, id, Instant.now()) : f;
            }
            out.println("wake job " + Json.text(w, "wakeId", "?") + " for " + Json.text(w, "deviceId", id) + ": "
                    + Json.text(w, "state", "?") + ", SessionID " + Json.text(w, "sessionId", "?") + ", attempts "
                    + Json.integer(w, "attempts", 0)
                    + (Json.text(w, "nextAction") == null ? "" : ", next " + Table.time(Json.text(w, "nextAction")))
                    + (Json.text(w, "lastResult") == null ? "" : " (" + Json.text(w, "lastResult") + ")"));
            return 0;
        }
    }

    /** {@code admin devices wakes}. */
    @Command(
            name = "wakes",
            mixinStandardHelpOptions = true,
            description = "List a device's recent wake jobs, newest first: state, SessionID, attempts, last result.")
    static final class Wakes extends AdminLeaf {
        @Parameters(paramLabel = "ID", description = "the device identity")
        String id;

        @Option(names = "--json", description = "print the API's JSON instead of text")
        boolean json;

        @Override
        int run(ApiClient api, PrintStream out) {
            JsonNode wakes = api.get(devicePath(id) + "/wake");
            if (json) {
                printJson(wakes, out);
                return 0;
            }
            Table t = new Table("WAKE", "STATE", "SESSIONID", "ATTEMPTS", "SENT", "NEXT", "LAST RESULT");
            for (JsonNode w : Json.items(wakes)) {
                t.row(
                        Json.text(w, "wakeId"),
                        Json.text(w, "state"),
                        Json.text(w, "sessionId"),
                        Integer.toString(Json.integer(w, "attempts", 0)),
                        Json.text(w, "sent") == null ? null : Table.time(Json.text(w, "sent")),
                        Json.text(w, "nextAction") == null ? null : Table.time(Json.text(w, "nextAction")),
                        Json.text(w, "lastResult"));
            }
            if (t.size() == 0) {
                out.println("no wake jobs for " + id);
                return 0;
            }
            t.print(out);
            out.println(t.size() + (t.size() == 1 ? " wake job" : " wake jobs"));
            return 0;
        }
    }
}
