package io.trustdm.cli.admin;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code trustdm admin audit}: the security decisions the server logged, newest first. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Security audit events, newest first: decision point, subject, channel, verdict, reason.")
final class AuditCommand extends AdminLeaf {
    @Option(names = "--dev-id", paramLabel = "ID", description = "only events about this device")
    String devId;

    @Option(names = "--verdict", paramLabel = "V", description = "accept, challenge, terminate or refuse")
    String verdict;

    @Option(names = "--decision-point", paramLabel = "P", description = "prefix, e.g. bootstrap or message.inbound")
    String decisionPoint;

    @Option(names = "--since", paramLabel = "INSTANT", description = "ISO-8601, e.g. 2026-01-31T12:00:00Z")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "at most N events, 1..1000 (default ${DEFAULT-VALUE})")
    int limit = 200;

    @Option(names = "--json", description = "print the API's JSON instead of text")
    boolean json;

    @Override
    int run(ApiClient api, PrintStream out) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("deviceId", devId);
        q.put("decisionPoint", decisionPoint);
        q.put("verdict", verdict == null ? null : verdict.strip().toUpperCase(Locale.ROOT));
        q.put("since", since);
        q.put("limit", Integer.toString(limit));
        JsonNode events = api.get("/audit", q);
        if (json) {
            printJson(events, out);
            return 0;
        }
        Table t = new Table("AT", "DECISION POINT", "SUBJECT", "CHANNEL", "VERDICT", "STATUS", "REASON");
        for (JsonNode e : Json.items(events)) {
            int status = Json.integer(e, "dmStatus", -1);
            t.row(
                    Table.time(Json.text(e, "at")),
                    Json.text(e, "decisionPoint"),
                    Json.text(e, "subject"),
                    Json.text(e, "channel"),
                    Json.text(e, "verdict"),
                    status < 0 ? null : Integer.toString(status),
                    Json.text(e, "reason"));
        }
        if (t.size() == 0) {
            out.println("no audit events match");
            return 0;
        }
        t.print(out);
        return 0;
    }
}
