package io.trustdm.server.bootstrap;

import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.BootstrapMac;
import java.util.Objects;

/**
 * Turns a Device's bootstrap into the file set its smartcard is personalised with (the PKCS#15 layout of
 * {@code BootstrapCardLayout}): the document goes into the DM_Bootstrap EF and its Content-Type, with SEC and MAC when
 * transport-neutral security was applied on top, into the Content-Type EF. The card is the Secure Transport; the image
 * file is as secret as the account it carries.
 */
public final class SmartcardImages {
    private SmartcardImages() {}

    /** The image for a prepared bootstrap. */
    public static CardImage of(BootstrapPackage bootstrap) {
        Objects.requireNonNull(bootstrap, "bootstrap");
        return CardImage.bootstrap(bootstrap.body(), bootstrap.contentType());
    }

    /**
     * The image for an account generated outside a running server (the CLI): builds the profile's document and adds
     * SEC/MAC when {@code secMac} is not {@code null}.
     */
    public static CardImage of(
            ProvisionedAccount account, BootstrapTemplate template, BootstrapProfile profile, BootstrapKey secMac) {
        byte[] body = profile == BootstrapProfile.PLAIN
                ? BootstrapDocuments.plain(account, template)
                : BootstrapDocuments.cp(account, template);
        BootstrapPackage p = secMac == null
                ? new BootstrapPackage(account.deviceId(), profile, body, null, null)
                : new BootstrapPackage(
                        account.deviceId(), profile, body, secMac.method(), BootstrapMac.computeHex(secMac, body));
        return of(p);
    }
}
