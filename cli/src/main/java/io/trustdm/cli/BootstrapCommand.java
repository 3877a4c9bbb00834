package io.trustdm.cli;

import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.provisioning.ProvisioningWbxmlDecoder;
import io.trustdm.protocol.provisioning.ProvisioningXmlWriter;
import io.trustdm.protocol.smartcard.BootstrapCardLayout;
import io.trustdm.protocol.smartcard.CardImage;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.xml.SyncMlXmlWriter;
import io.trustdm.protocol.xml.XmlRepresentation;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.AuthScheme;
import io.trustdm.security.bootstrap.BootstrapKey;
import io.trustdm.security.bootstrap.BootstrapMac;
import io.trustdm.security.bootstrap.Imsi;
import io.trustdm.security.bootstrap.SecurityMethod;
import io.trustdm.server.bootstrap.BootstrapDocuments;
import io.trustdm.server.bootstrap.BootstrapProfile;
import io.trustdm.server.bootstrap.BootstrapTemplate;
import io.trustdm.server.bootstrap.ProvisionedAccount;
import io.trustdm.server.bootstrap.SmartcardImages;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trustdm bootstrap create|card-image|inspect|verify}: build a bootstrap document (or the smartcard image carrying
 * it) for a Device, show it decoded, check its SEC/MAC. Building a document is not delivering it: only the server's HTTPS bootstrap endpoint (mutual TLS), a
 * smartcard or a factory image may carry it to a Device.
 */
@Command(
        name = "bootstrap",
        description = "Build, inspect and verify bootstrap documents (Plain and CP profiles, SEC/MAC).",
        mixinStandardHelpOptions = true,
        subcommands = {
            BootstrapCommand.Create.class,
            BootstrapCommand.CardImageCommand.class,
            BootstrapCommand.Inspect.class,
            BootstrapCommand.Verify.class
        })
final class BootstrapCommand {

    static BootstrapKey key(String sec, String pin, String imsi) {
        SecurityMethod m = SecurityMethod.fromName(sec.toUpperCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException(
                        "--sec must be NETWPIN, USERPIN, USERNETWPIN or USERPINMAC, not " + sec));
        return switch (m) {
            case NETWPIN -> BootstrapKey.netwpin(new Imsi(require(imsi, "--imsi")));
            case USERPIN -> BootstrapKey.userpin(Secret.ofUtf8(require(pin, "--pin")));
            case USERNETWPIN ->
                BootstrapKey.usernetwpin(new Imsi(require(imsi, "--imsi")), Secret.ofUtf8(require(pin, "--pin")));
            case USERPINMAC -> BootstrapKey.userpinmac(Secret.ofUtf8(require(pin, "--pin")));
        };
    }

    private static String require(String v, String name) {
        if (v == null) {
            throw new IllegalArgumentException(name + " is required for this SEC method");
        }
        return v;
    }

    /** What a Device's bootstrap is made from: its identity, the DM Server, the profile and optional SEC/MAC. */
    abstract static class AccountOptions {
        @Option(names = "--device-id", required = true, paramLabel = "DEVID")
        String deviceId;

        @Option(names = "--server-id", required = true, paramLabel = "ID")
        String serverId;

        @Option(names = "--server-url", required = true, paramLabel = "URL", description = "the DM Server's https URL")
        URI serverUrl;

        @Option(names = "--profile", paramLabel = "P", description = "plain or cp (default ${DEFAULT-VALUE})")
        String profile = "plain";

        @Option(names = "--auth", paramLabel = "SCHEME", description = "basic, md5 or hmac (default ${DEFAULT-VALUE})")
        String auth = "md5";

        @Option(
                names = "--sec",
                paramLabel = "METHOD",
                description = "add SEC/MAC: NETWPIN, USERPIN, USERNETWPIN, USERPINMAC")
        String sec;

        @Option(names = "--pin", paramLabel = "PIN")
        String pin;

        @Option(names = "--imsi", paramLabel = "IMSI")
        String imsi;

        @Option(
                names = {"-o", "--out"},
                required = true,
                paramLabel = "FILE")
        Path out;

        @Option(names = "--verbose", description = "stack traces on errors")
        boolean verbose;

        BootstrapTemplate template() {
            if (!"https".equalsIgnoreCase(serverUrl.getScheme())) {
                throw new IllegalArgumentException("--server-url must be https: a bootstrapped account is provisioned"
                        + " for a Secure Transport");
            }
            AuthScheme scheme = AuthScheme.fromAAuthType(
                            auth.equalsIgnoreCase("md5") ? "DIGEST" : auth.toUpperCase(Locale.ROOT))
                    .filter(AuthScheme::isSupported)
                    .orElseThrow(() -> new IllegalArgumentException("--auth must be basic, md5 or hmac"));
            return new BootstrapTemplate(serverId, serverId, serverUrl, scheme);
        }

        BootstrapProfile bootstrapProfile() {
            return switch (profile.toLowerCase(Locale.ROOT)) {
                case "plain" -> BootstrapProfile.PLAIN;
                case "cp" -> BootstrapProfile.CP;
                default -> throw new IllegalArgumentException("--profile must be plain or cp");
            };
        }

        /** The SEC/MAC key, or {@code null} without --sec. */
        BootstrapKey secKey() {
            return sec == null ? null : key(sec, pin, imsi);
        }
    }

    @Command(
            name = "create",
            description = "Write a bootstrap document for a Device to a file; print its Content-Type.")
    static final class Create extends AccountOptions implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            BootstrapTemplate t = template();
            BootstrapProfile p = bootstrapProfile();
            BootstrapKey k = secKey();
            ProvisionedAccount a = ProvisionedAccount.generate(deviceId, t, new SecureRandom());
            byte[] body = p == BootstrapProfile.PLAIN ? BootstrapDocuments.plain(a, t) : BootstrapDocuments.cp(a, t);
            Files.write(out, body);
            String ct = p.mediaType();
            if (k != null) {
                ct += "; SEC=" + k.method().name() + "; MAC=" + BootstrapMac.computeHex(k, body);
            }
            System.out.println("Content-Type: " + ct);
            System.out.println(
                    "wrote " + body.length + " bytes to " + out + " (it holds fresh secrets: keep it private)");
            return 0;
        }
    }

    @Command(
            name = "card-image",
            description = {
                "Write the smartcard image for a Device: the PKCS#15 file set (ODF, DODF, DM_Bootstrap EF and"
                        + " Content-Type EF) a SIM/UICC is personalised with. A smartcard is a Secure Transport.",
                "Layout: docs/SECURITY.md, 'Smartcard bootstrap'."
            })
    static final class CardImageCommand extends AccountOptions implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            BootstrapTemplate t = template();
            ProvisionedAccount a = ProvisionedAccount.generate(deviceId, t, new SecureRandom());
            CardImage image = SmartcardImages.of(a, t, bootstrapProfile(), secKey());
            Files.write(out, image.encode());
            System.out.println("AID " + HexFormat.of().withUpperCase().formatHex(image.aid()));
            for (CardImage.CardFile f : image.files()) {
                System.out.println("EF " + BootstrapCardLayout.fidName(f.fid()) + "  " + f.label() + "  "
                        + f.content().length + " octets");
            }
            System.out.println("wrote card image to " + out + " (it holds fresh secrets: keep it private)");
            return 0;
        }
    }

    @Command(name = "inspect", description = "Print a bootstrap document as XML (secrets included: it is your file).")
    static final class Inspect implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--verbose", description = "stack traces on errors")
        boolean verbose;

        @Override
        public Integer call() throws IOException {
            byte[] b = Files.readAllBytes(file);
            if (b.length > 0 && (b[0] & 0xFF) == 0x30) {
                CardImage image = CardImage.decode(b);
                for (CardImage.CardFile f : image.files()) {
                    System.out.println("EF " + BootstrapCardLayout.fidName(f.fid()) + "  " + f.label() + "  "
                            + f.content().length + " octets");
                }
                image.file(BootstrapCardLayout.FID_CONTENT_TYPE)
                        .ifPresent(f -> System.out.println(
                                "Content-Type: " + new String(f.content(), StandardCharsets.US_ASCII)));
                b = image.file(BootstrapCardLayout.FID_BOOTSTRAP)
                        .orElseThrow(() -> new SyncMlFormatException("card image has no DM_Bootstrap EF", ""))
                        .content();
            }
            if (b.length > 1 && (b[1] & 0xFF) == 0x0B) {
                System.out.println(ProvisioningXmlWriter.writeString(ProvisioningWbxmlDecoder.decode(b)));
            } else {
                System.out.println(SyncMlXmlWriter.writeString(XmlRepresentation.binaryAsB64(WbxmlDecoder.decode(b))));
            }
            return 0;
        }
    }

    @Command(name = "verify", description = "Exit 0 if the MAC of FILE verifies with the given key; else exit 2.")
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--sec", required = true, paramLabel = "METHOD")
        String sec;

        @Option(names = "--mac", required = true, paramLabel = "HEX")
        String mac;

        @Option(names = "--pin", paramLabel = "PIN")
        String pin;

        @Option(names = "--imsi", paramLabel = "IMSI")
        String imsi;

        @Option(names = "--verbose", description = "stack traces on errors")
        boolean verbose;

        @Override
        public Integer call() throws IOException {
            byte[] b = Files.readAllBytes(file);
            if (!BootstrapMac.verify(key(sec, pin, imsi), b, mac)) {
                throw new SyncMlFormatException("MAC does not verify for " + sec.toUpperCase(Locale.ROOT), "");
            }
            System.out.println("valid: " + sec.toUpperCase(Locale.ROOT) + " MAC verified");
            return 0;
        }
    }
}
