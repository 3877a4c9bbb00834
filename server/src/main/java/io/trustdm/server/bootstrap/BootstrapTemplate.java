package io.trustdm.server.bootstrap;

import io.trustdm.security.auth.AuthScheme;
import io.trustdm.server.auth.ServerCredentialScheme;
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
 * @param serverScheme how the server proves itself to the Device (the SRVCRED AAuthType), chosen independently
 */
public record BootstrapTemplate(
        String serverId, String serverName, URI address, AuthScheme clientScheme, ServerCredentialScheme serverScheme) {
    public BootstrapTemplate {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(clientScheme, "clientScheme");
        if (!clientScheme.isSupported()) {
            throw new IllegalArgumentException("client scheme must be BASIC, MD5 or HMAC");
        }
        Objects.requireNonNull(serverScheme, "serverScheme");
        if (serverScheme == ServerCredentialScheme.NONE && !"https".equalsIgnoreCase(address.getScheme())) {
            throw new IllegalArgumentException("server scheme NONE relies on a TLS server certificate, but the address "
                    + address + " is not https");
        }
    }

    /**
     * A template whose server side is what bootstrap documents gave before the two directions were split: SRVCRED
     * DIGEST for Basic and MD5 Devices, HMAC for HMAC Devices.
     */
    public BootstrapTemplate(String serverId, String serverName, URI address, AuthScheme clientScheme) {
        this(
                serverId,
                serverName,
                address,
                clientScheme,
                clientScheme == AuthScheme.HMAC ? ServerCredentialScheme.HMAC : ServerCredentialScheme.MD5);
    }
}
