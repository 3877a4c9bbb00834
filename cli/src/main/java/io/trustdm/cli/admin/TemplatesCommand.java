package io.trustdm.cli.admin;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code trustdm admin templates}: the bootstrap templates the server uses, the built-in default and the groups of its
 * {@code bootstrap.templates} file. Read-only: groups are changed in that file, then the server is restarted.
 */
@Command(
        name = "templates",
        mixinStandardHelpOptions = true,
        description = "Show the bootstrap templates (default and groups from the server's bootstrap.templates file).",
        subcommands = {TemplatesCommand.ListTemplates.class, TemplatesCommand.Show.class})
final class TemplatesCommand extends Group {

    /** {@code admin templates list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "The default template, then the groups.")
    static final class ListTemplates extends AdminLeaf {
        @Option(names = "--json", description = "print the API's JSON instead of text")
        boolean json;

        @Override
        int run(ApiClient api, PrintStream out) {
            JsonNode list = api.get("/bootstrap/templates");
            if (json) {
                printJson(list, out);
                return 0;
            }
            Table t = new Table("NAME", "SERVER ID", "ADDRESS", "DEVICE AUTH", "SERVER AUTH", "MEMBERS");
            for (JsonNode n : Json.items(list)) {
                t.row(
                        Json.text(n, "name"),
                        Json.text(n, "serverId"),
                        Json.text(n, "address"),
                        Json.text(n, "deviceAuth"),
                        Json.text(n, "serverAuth"),
                        "default".equals(Json.text(n, "kind"))
                                ? "(all others)"
                                : Integer.toString(count(Json.items(n, "members"))));
            }
            t.print(out);
            return 0;
        }

        private static int count(Iterable<JsonNode> items) {
            int c = 0;
            for (JsonNode ignored : items) {
                c++;
            }
            return c;
        }
    }

    /** {@code admin templates show NAME}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "One template group with its members.")
    static final class Show extends AdminLeaf {
        @Parameters(paramLabel = "NAME", description = "a group name, or default")
        String name;

        @Option(names = "--json", description = "print the API's JSON instead of text")
        boolean json;

        @Override
        int run(ApiClient api, PrintStream out) {
            JsonNode n = api.get("/bootstrap/templates/" + ApiClient.encode(name));
            if (json) {
                printJson(n, out);
                return 0;
            }
            out.println("name         " + Json.text(n, "name") + " (" + Json.text(n, "kind") + ")");
            out.println("server id    " + Json.text(n, "serverId"));
            out.println("server name  " + Json.text(n, "serverName"));
            out.println("address      " + Json.text(n, "address"));
            out.println("device auth  " + Json.text(n, "deviceAuth"));
            out.println("server auth  " + Json.text(n, "serverAuth"));
            List<String> members = new ArrayList<>();
            Json.items(n, "members").forEach(m -> members.add(m.asString()));
            out.println("members      " + (members.isEmpty() ? "(none)" : String.join(", ", members)));
            return 0;
        }
    }
}
