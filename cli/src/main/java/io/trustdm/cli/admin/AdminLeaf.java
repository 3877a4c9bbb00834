package io.trustdm.cli.admin;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every admin command shares: the connection options (here or on {@code admin}) and the output stream. */
abstract class AdminLeaf implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        ConnectionOptions merged = connection;
        for (CommandSpec s = spec.parent(); s != null; s = s.parent()) {
            if (s.userObject() instanceof AdminCommand a) {
                merged = connection.orElse(a.connection);
            }
        }
        check(); // a mistake in the arguments is reported before any connection is attempted
        ApiClient api = ApiClient.connect(merged, System::getenv);
        return run(api, System.out);
    }

    /** Prints a JSON answer as it came, indented (JSON escapes keep control characters harmless). */
    static void printJson(Object node, PrintStream out) {
        out.println(ApiClient.JSON.writer().withDefaultPrettyPrinter().writeValueAsString(node));
    }

    /** Checks and converts the arguments; throws {@link AdminFailure#usage} on a mistake. */
    void check() {}

    /** Runs the command; returns the exit code. */
    abstract int run(ApiClient api, PrintStream out);
}
