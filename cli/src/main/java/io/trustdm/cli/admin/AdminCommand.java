package io.trustdm.cli.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trustdm admin}: the operator's command line over the REST API, so that everything the console does can be
 * scripted. It talks to a running server like any other API client (HTTPS verified against the server's CA, bearer
 * token), never to its database.
 */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = "Manage devices and jobs of a running server through its REST API.",
        subcommands = {
            DevicesCommand.class,
            JobsCommand.class,
            TemplatesCommand.class,
            AlertsCommand.class,
            AuditCommand.class
        })
public final class AdminCommand implements Runnable {
    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "name a subcommand: devices, jobs, templates, alerts or audit");
    }
}
