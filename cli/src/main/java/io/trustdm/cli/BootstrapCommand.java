package io.trustdm.cli;

import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.provisioning.ProvisioningWbxmlDecoder;
import io.trustdm.protocol.provisioning.ProvisioningXmlWriter;
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
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trustdm bootstrap create|inspect|verify}: build a bootstrap document for a Device, show it decoded, check its
 * SEC/MAC. Building a document is not delivering it: only the server's HTTPS bootstrap endpoint (mutual TLS), a
 * smartcard or a factory image may carry it to a Device.
 */
@Command(
        name = "bootstrap",
        description = "Build, inspect and verify bootstrap documents (Plain and CP profiles, SEC/MAC).",
        mixinStandardHelpOptions = true,
        subcommands = {BootstrapCommand.Create.class, BootstrapCommand.Inspect.class, BootstrapCommand.Verify.class})
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

    @Command(
            name = "create",
            description = "Write a bootstrap document for a Device to a file; print its Content-Type.")
    static final class Create implements Callable<Integer> {
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

        @Override
        public Integer call() throws IOException {
            if (!"https".equalsIgnoreCase(serverUrl.getScheme())) {
                throw new IllegalArgumentException("--server-url must be https: a bootstrapped account is provisioned"
                        + " for a Secure Transport");
            }
            AuthScheme scheme = AuthScheme.fromAAuthType(
                            auth.equalsIgnoreCase("md5") ? "DIGEST" : auth.toUpperCase(Locale.ROOT))
                    .filter(AuthScheme::isSupported)
                    .orElseThrow(() -> new IllegalArgumentException("--auth must be basic, md5 or hmac"));
            BootstrapTemplate t = new BootstrapTemplate(serverId, serverId, serverUrl, scheme);
            ProvisionedAccount a = ProvisionedAccount.generate(deviceId, t, new SecureRandom());
            BootstrapProfile p = switch (profile.toLowerCase(Locale.ROOT)) {
                case "plain" -> BootstrapProfile.PLAIN;
                case "cp" -> BootstrapProfile.CP;
                default -> throw new IllegalArgumentException("--profile must be plain or cp");
            };
            byte[] body = p == BootstrapProfile.PLAIN ? BootstrapDocuments.plain(a, t) : BootstrapDocuments.cp(a, t);
            Files.write(out, body);
            String ct = p.mediaType();
            if (sec != null) {
                BootstrapKey k = key(sec, pin, imsi);
                ct += "; SEC=" + k.method().name() + "; MAC=" + BootstrapMac.computeHex(k, body);
            }
            System.out.println("Content-Type: " + ct);
            System.out.println(
                    "wrote " + body.length + " bytes to " + out + " (it holds fresh secrets: keep it private)");
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
