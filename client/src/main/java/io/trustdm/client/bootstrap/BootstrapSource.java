package io.trustdm.client.bootstrap;

import java.io.IOException;

/** Somewhere a bootstrap can come from. */
@FunctionalInterface
public interface BootstrapSource {
    BootstrapDelivery fetch() throws IOException;
}
