package io.trustdm.cli.admin;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code trustdm admin alerts}: Generic Alerts (1226) and Client Events (1224) the devices sent, newest first. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = "Generic Alerts (1226) and Client Events (1224), newest first, with the job they answer.")
final class AlertsCommand extends AdminLeaf {
    @Option(names = "--dev-id", paramLabel = "ID", description = "only this device's alerts")
    String devId;

    @Option(names = "--json", description = "print the API's JSON instead of text")
    boolean json;

    @Override
    int run(ApiClient api, PrintStream out) {
        JsonNode alerts = api.get("/alerts", devId == null ? Map.of() : Map.of("deviceId", devId));
        if (json) {
            printJson(alerts, out);
            return 0;
        }
        Table t = new Table("RECEIVED", "DEVICE", "CODE", "CORRELATOR", "JOB", "ITEMS");
        for (JsonNode a : Json.items(alerts)) {
            List<String> items = new ArrayList<>();
            for (JsonNode i : Json.items(a, "items")) {
                String type = Json.text(i, "type");
                items.add((Json.text(i, "path") == null ? "" : Json.text(i, "path") + " ")
                        + (type == null ? "" : "[" + type + "] ")
                        + Json.text(i, "value", ""));
            }
            t.row(
                    Table.time(Json.text(a, "received")),
                    Json.text(a, "deviceId"),
                    Integer.toString(Json.integer(a, "code", 0)),
                    Json.text(a, "correlator"),
                    Json.text(a, "jobId"),
                    String.join("; ", items).strip());
        }
        if (t.size() == 0) {
            out.println("no alerts");
            return 0;
        }
        t.print(out);
        return 0;
    }
}
