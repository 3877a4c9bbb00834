package io.trustdm.cli;

import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.notification.NotificationMessage;
import io.trustdm.protocol.notification.NotificationMessage.Initiator;
import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.security.Secret;
import io.trustdm.security.auth.DigestKey;
import io.trustdm.security.auth.Nonce;
import io.trustdm.security.notification.NotificationDigest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trustdm notify create|inspect|verify}: build and check General Package #0 notifications. */
@Command(
        name = "notify",
        description = "Build, inspect and verify DM notifications (General Package #0).",
        mixinStandardHelpOptions = true,
        subcommands = {NotifyCommand.Create.class, NotifyCommand.Inspect.class, NotifyCommand.Verify.class})
final class NotifyCommand {

    /** The server's credentials as the Device knows them (SRVCRED) and the ServerNonce. */
    static final class ServerCredentials {
        @Option(names = "--server-id", required = true, paramLabel = "ID", description = "ServerID (SRVCRED AAuthName)")
        String serverId;

        @Option(
                names = "--server-password",
                required = true,
                paramLabel = "SECRET",
                description = "SRVCRED AAuthSecret",
                interactive = false)
        String password;

        @Option(
                names = "--nonce-hex",
                required = true,
                paramLabel = "HEX",
                description = "ServerNonce octets in hex (SRVCRED AAuthData)")
        String nonceHex;

        DigestKey key() {
            return DigestKey.of(serverId, Secret.ofUtf8(password));
        }

        Nonce nonce() {
            try {
                return Nonce.of(HexFormat.of().parseHex(nonceHex.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--nonce-hex is not hexadecimal");
            }
        }
    }

    static byte[] read(String file) throws IOException {
        if (file.equals("-")) {
            InputStream in = System.in;
            return in.readNBytes(64 * 1024);
        }
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new IOException(file + ": no such file");
        }
        return Files.readAllBytes(p);
    }

    @Command(name = "create", description = "Write a signed Package #0 to stdout (binary; --hex for hex text).")
    static final class Create implements Callable<Integer> {
        @ArgGroup(exclusive = false, multiplicity = "1")
        ServerCredentials creds;

        @Option(names = "--session-id", required = true, paramLabel = "HEX", description = "session id, 1 to FFFF")
        String sessionId;

        @Option(
                names = "--ui-mode",
                paramLabel = "MODE",
                description = "not-specified, background, informative, user-interaction (default ${DEFAULT-VALUE})")
        String uiMode = "background";

        @Option(names = "--initiator", paramLabel = "WHO", description = "server or client (default ${DEFAULT-VALUE})")
        String initiator = "server";

        @Option(names = "--version", paramLabel = "N", description = "11 or 12 (default ${DEFAULT-VALUE})")
        int version = 11;

        @Option(names = "--hex", description = "print hex instead of binary")
        boolean hex;

        @Option(names = "--verbose", description = "stack traces on errors")
        boolean verbose;

        @Override
        public Integer call() throws IOException {
            int sid;
            try {
                sid = Integer.parseInt(sessionId.strip(), 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--session-id must be hexadecimal");
            }
            if (sid < 1 || sid > 0xFFFF) {
                throw new IllegalArgumentException("--session-id must be 1 to FFFF");
            }
            if (version != 11 && version != 12) {
                throw new IllegalArgumentException("--version must be 11 or 12");
            }
            UiMode ui = switch (uiMode.toLowerCase(Locale.ROOT)) {
                case "not-specified" -> UiMode.NOT_SPECIFIED;
                case "background" -> UiMode.BACKGROUND;
                case "informative" -> UiMode.INFORMATIVE;
                case "user-interaction" -> UiMode.USER_INTERACTION;
                default -> throw new IllegalArgumentException("unknown --ui-mode " + uiMode);
            };
            Initiator who = switch (initiator.toLowerCase(Locale.ROOT)) {
                case "server" -> Initiator.SERVER;
                case "client" -> Initiator.CLIENT;
                default -> throw new IllegalArgumentException("--initiator must be server or client");
            };
            byte[] trigger = NotificationMessage.trigger(version, ui, who, sid, creds.serverId, null);
            byte[] pkg0 = NotificationDigest.seal(creds.key(), creds.nonce(), trigger);
            if (hex) {
                System.out.println(HexFormat.of().formatHex(pkg0));
            } else {
                System.out.write(pkg0);
                System.out.flush();
            }
            return 0;
        }
    }

    @Command(name = "inspect", description = "Print the fields of a Package #0 (binary or hex file, or -).")
    static final class Inspect implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE")
        String file = "-";

        @Option(names = "--verbose", description = "stack traces on errors")
        boolean verbose;

        @Override
        public Integer call() throws IOException {
            NotificationMessage n = NotificationMessage.parse(bytes(read(file)));
            System.out.println("version     " + n.version());
            System.out.println(
                    "ui-mode     " + n.uiMode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            System.out.println("initiator   " + n.initiator().name().toLowerCase(Locale.ROOT));
            System.out.println("session-id  " + n.sessionIdHex());
            System.out.println("server-id   " + n.serverId());
            System.out.println("digest      " + HexFormat.of().formatHex(n.digest()));
            System.out.println("vendor      " + n.vendorSpecific().length + " octets");
            return 0;
        }
    }

    @Command(
            name = "verify",
            description = "Exit 0 if FILE is a Package #0 with a valid digest for these credentials; else print the"
                    + " problem and exit 2.")
    static final class Verify implements Callable<Integer> {
        @ArgGroup(exclusive = false, multiplicity = "1")
        ServerCredentials creds;

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE")
        String file = "-";

        @Option(names = "--verbose", description = "stack traces on errors")
        boolean verbose;

        @Override
        public Integer call() throws IOException {
            byte[] pkg0 = bytes(read(file));
            NotificationMessage n = NotificationMessage.parse(pkg0);
            if (!n.serverId().equals(creds.serverId)) {
                throw new SyncMlFormatException(
                        "notification is from ServerID '" + n.serverId() + "', not '" + creds.serverId + "'", "");
            }
            NotificationDigest.Outcome o = NotificationDigest.verifyPackage(
                    creds.key(), creds.nonce(), pkg0, NotificationDigest.ResyncMode.NONE);
            if (o != NotificationDigest.Outcome.STORED_NONCE) {
                throw new SyncMlFormatException("digest does not verify with these credentials and nonce", "");
            }
            System.out.println("valid: session " + n.sessionIdHex() + " from " + n.serverId());
            return 0;
        }
    }

    /** Accepts the file as raw bytes or as hex text (with optional whitespace). */
    static byte[] bytes(byte[] raw) {
        String s = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
        if (!s.isEmpty() && s.replaceAll("\\s", "").matches("(?i)([0-9a-f]{2})+")) {
            return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
        }
        return raw;
    }
}
