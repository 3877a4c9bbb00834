package io.trustdm.cli;

import io.trustdm.cli.admin.AdminFailure;
import io.trustdm.protocol.codec.SyncMlFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one line on stderr and an exit code: 2 for bad input (malformed messages, unreadable files),
 * 1 for anything unexpected. {@code --verbose} on any command adds the stack trace.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean verbose = isVerbose(parsed);
        int code;
        String line;
        if (ex instanceof AdminFailure f) {
            // already one line: "error: 404 no device X", "cannot connect to URL: ..."
            code = f.exitCode();
            line = f.getMessage();
        } else if (ex instanceof io.trustdm.server.config.ConfigException) {
            code = TrustDm.EXIT_BAD_INPUT;
            line = "invalid configuration: " + ex.getMessage();
        } else if (ex instanceof DeviceCommand.UsageProblem) {
            code = TrustDm.EXIT_BAD_INPUT;
            line = ex.getMessage();
        } else if (ex instanceof io.trustdm.tree.store.TreeStoreException) {
            code = TrustDm.EXIT_BAD_INPUT;
            line = "device data unusable: " + ex.getMessage();
        } else if (ex instanceof io.trustdm.client.transport.DmTransportException) {
            code = 1;
            line = "cannot exchange messages with the DM server: " + ex.getMessage();
        } else if (ex instanceof io.trustdm.client.session.SessionException) {
            code = 1;
            line = "session failed: " + ex.getMessage();
        } else if (ex instanceof SyncMlFormatException f) {
            code = TrustDm.EXIT_BAD_INPUT;
            line = "invalid input: " + f.getMessage() + " [DM status " + f.status() + "]";
        } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
            code = TrustDm.EXIT_BAD_INPUT;
            line = "cannot read or write: " + ex.getMessage();
        } else if (ex instanceof io.trustdm.security.SecurityFormatException) {
            code = TrustDm.EXIT_BAD_INPUT;
            line = "invalid input: " + ex.getMessage();
        } else if (ex instanceof IllegalArgumentException) {
            code = TrustDm.EXIT_BAD_INPUT;
            line = "cannot convert: " + ex.getMessage();
        } else {
            code = 1;
            line = "unexpected error: " + ex;
        }
        err.println("trustdm " + (ex instanceof AdminFailure ? "admin" : cl.getCommandName()) + ": " + line);
        if (verbose) {
            ex.printStackTrace(err);
        } else if (code == 1 && line.startsWith("unexpected")) {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return code;
    }

    private static boolean isVerbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
