package io.trustdm.cli;

import io.trustdm.cli.admin.AdminCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code trustdm} command. */
@Command(
        name = "trustdm",
        mixinStandardHelpOptions = true,
        versionProvider = TrustDm.Version.class,
        description = "TrustDM: an OMA DM 1.2/1.3 toolkit built around the DM Security rules.",
        subcommands = {
            DemoCommand.class,
            ServerCommand.class,
            DeviceCommand.class,
            FleetCommand.class,
            NotifyCommand.class,
            BootstrapCommand.class,
            WbxmlCommand.class,
            AdminCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TrustDm {

    /** Exit code for input the tool cannot use (malformed message, unreadable file). */
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code; used by tests. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command tree (error handling included); the CLI reference in docs/CLI.md is rendered from it. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TrustDm());
        cl.setExecutionExceptionHandler(new CliErrors());
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TrustDm.class.getPackage().getImplementationVersion();
            return new String[] {"trustdm " + (v == null ? "development build" : v)};
        }
    }
}
