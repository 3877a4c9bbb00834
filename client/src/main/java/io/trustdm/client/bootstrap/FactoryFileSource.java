package io.trustdm.client.bootstrap;

import io.trustdm.security.transport.TransportSecurity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A bootstrap written into the Device at manufacture (a file on its read-only storage). Trusted as a Secure
 * Transport because it never crossed a network; the Device maker is responsible for protecting the file.
 */
public final class FactoryFileSource implements BootstrapSource {
    private final Path file;
    private final String contentType;

    public FactoryFileSource(Path file, String contentType) {
        this.file = Objects.requireNonNull(file, "file");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
    }

    @Override
    public BootstrapDelivery fetch() throws IOException {
        if (Files.size(file) > 256 * 1024) {
            throw new IOException(file + " is larger than a bootstrap can be");
        }
        return new BootstrapDelivery(
                Files.readAllBytes(file), contentType, TransportSecurity.factoryFile(), file.toString());
    }
}
