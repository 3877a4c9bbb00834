package io.trustdm.cli;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.message.SyncMl;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.wbxml.WbxmlEncoder;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import io.trustdm.protocol.xml.SyncMlXmlWriter;
import io.trustdm.protocol.xml.XmlRepresentation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trustdm wbxml decode|encode}: converts DM messages between WBXML and XML. */
@Command(
        name = "wbxml",
        description = "Convert SyncML DM messages between WBXML and XML.",
        mixinStandardHelpOptions = true,
        subcommands = {WbxmlCommand.Decode.class, WbxmlCommand.Encode.class})
final class WbxmlCommand {

    /** Options every conversion shares. */
    abstract static class Conversion implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "input file, or - for stdin")
        String file = "-";

        @Option(
                names = "--max-bytes",
                paramLabel = "N",
                description = "largest input accepted (default ${DEFAULT-VALUE})")
        int maxBytes = DecodeLimits.DEFAULT.maxMessageBytes();

        @Option(names = "--verbose", description = "print the stack trace on errors")
        boolean verbose;

        /** Reads at most one byte more than the limit, so the decoder reports oversize input with its status. */
        byte[] input() throws IOException {
            if (file.equals("-")) {
                return System.in.readNBytes(maxBytes + 1);
            }
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw new IOException(file + ": no such file");
            }
            try (InputStream in = Files.newInputStream(p)) {
                return in.readNBytes(maxBytes + 1);
            }
        }

        DecodeLimits limits() {
            return DecodeLimits.DEFAULT.withMaxMessageBytes(maxBytes);
        }

        static void write(byte[] out) throws IOException {
            OutputStream o = System.out;
            o.write(out);
            o.flush();
        }
    }

    @Command(
            name = "decode",
            description = "WBXML -> XML on stdout (compact canonical XML).",
            mixinStandardHelpOptions = true)
    static final class Decode extends Conversion {
        @Override
        public Integer call() throws IOException {
            SyncMl m = WbxmlDecoder.decode(input(), limits());
            byte[] xml = SyncMlXmlWriter.write(XmlRepresentation.binaryAsB64(m));
            write(xml);
            System.out.println();
            return 0;
        }
    }

    @Command(name = "encode", description = "XML -> WBXML on stdout.", mixinStandardHelpOptions = true)
    static final class Encode extends Conversion {
        @Option(
                names = "--wbxml-version",
                paramLabel = "V",
                description = "WBXML version to write: 1.1, 1.2 or 1.3 (default ${DEFAULT-VALUE})")
        String version = "1.2";

        @Option(names = "--string-table", description = "put repeated strings in the string table")
        boolean stringTable;

        @Option(
                names = "--textual-public-id",
                description = "write the public identifier as a string-table entry instead of 0x1201")
        boolean textualPublicId;

        @Override
        public Integer call() throws IOException {
            int v = switch (version) {
                case "1.1" -> 1;
                case "1.2" -> 2;
                case "1.3" -> 3;
                default ->
                    throw new IllegalArgumentException("--wbxml-version must be 1.1, 1.2 or 1.3, not " + version);
            };
            SyncMl m = SyncMlXmlReader.read(input(), limits());
            write(WbxmlEncoder.encode(m, new WbxmlEncoder.Options(v, textualPublicId, stringTable)));
            return 0;
        }
    }
}
