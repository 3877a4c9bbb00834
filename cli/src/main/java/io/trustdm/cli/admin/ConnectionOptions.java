package io.trustdm.cli.admin;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the REST API is and how to trust and authenticate to it. Accepted both before the subcommand
 * ({@code trustdm admin --data DIR devices list}) and after it; the later position wins.
 */
public final class ConnectionOptions {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "the server's data directory: URL from server.url, token from api-token, trust from"
                    + " pki/ca.pem (default: data, when --url is not given)")
    Path data;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "the server (https://HOST:PORT) or its API base (.../api/v1)")
    String url;

    @Option(
            names = "--token",
            paramLabel = "T",
            description = "the API bearer token (better: the TRUSTDM_API_TOKEN environment variable, or --data)")
    String token;

    @Option(names = "--trust", paramLabel = "CA.pem", description = "CA certificates the server chains to (PEM)")
    Path trust;

    @Option(names = "--verbose", description = "stack traces on errors")
    boolean verbose;

    /** These options, with every option not given here taken from {@code outer}. */
    ConnectionOptions orElse(ConnectionOptions outer) {
        if (outer == null) {
            return this;
        }
        ConnectionOptions c = new ConnectionOptions();
        c.data = data != null ? data : outer.data;
        c.url = url != null ? url : outer.url;
        c.token = token != null ? token : outer.token;
        c.trust = trust != null ? trust : outer.trust;
        c.verbose = verbose || outer.verbose;
        return c;
    }
}
