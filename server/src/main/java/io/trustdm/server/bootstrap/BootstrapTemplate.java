package io.trustdm.server.bootstrap;

import io.trustdm.security.auth.AuthScheme;
import java.net.URI;
import java.util.Objects;

/**
 * What every Device bootstrapped from this template gets: the DM Server's identity and address and the scheme the
 * Device must use toward it. Secrets are never part of a template; they are generated per Device.
 *
 * @param serverId     the ServerID (becomes PROVIDER-ID / DMAcc ServerID and the ACL principal)
 * @param serverName   a display name (DMAcc Name)
 * @param address      the DM Server URL the Device will use (AppAddr Addr)
 * @param clientScheme the scheme the Device authenticates with (BASIC, MD5 or HMAC)
 */
public record BootstrapTemplate(String serverId, String serverName, URI address, AuthScheme clientScheme) {
    public BootstrapTemplate {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(clientScheme, "clientScheme");
        if (!clientScheme.isSupported()) {
            throw new IllegalArgumentException("client scheme must be BASIC, MD5 or HMAC");
        }
    }
}
