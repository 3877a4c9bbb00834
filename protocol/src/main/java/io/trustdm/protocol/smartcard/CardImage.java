package io.trustdm.protocol.smartcard;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a card is personalised with: the application identifier and the EFs to create under it, each with its file
 * identifier, a label and its content. The server writes one per Device ({@code trustdm bootstrap card-image}); a
 * personalisation tool (or the test card) creates the files from it. It holds the Device's fresh secrets: the file must
 * be handled like a key.
 *
 * <p>File format (DER, one-octet tags):
 *
 * <pre>
 * CardImage ::= SEQUENCE { version INTEGER (1), aid OCTET STRING,
 *                          files SEQUENCE OF SEQUENCE { fid OCTET STRING (SIZE 2), label UTF8String, content OCTET STRING } }
 * </pre>
 */
public record CardImage(byte[] aid, List<CardFile> files) {
    public static final int VERSION = 1;

    /** Longest EF content: READ BINARY offsets are 15 bits. */
    public static final int MAX_FILE_OCTETS = 0x7FFF;

    /** One elementary file. */
    public record CardFile(int fid, String label, byte[] content) {
        public CardFile {
            if (fid < 0 || fid > 0xFFFF || fid == 0x3F00 || fid == 0x3FFF || fid == 0xFFFF) {
                throw new IllegalArgumentException("not a usable file identifier: " + fid);
            }
            Objects.requireNonNull(label, "label");
            content = content.clone();
            if (content.length > MAX_FILE_OCTETS) {
                throw new IllegalArgumentException("EF " + BootstrapCardLayout.fidName(fid) + " would hold "
                        + content.length + " octets, more than " + MAX_FILE_OCTETS);
            }
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public String toString() {
            return "CardFile[" + BootstrapCardLayout.fidName(fid) + " " + label + ", " + content.length + " octets]";
        }
    }

    public CardImage {
        aid = aid.clone();
        if (aid.length < 5 || aid.length > 16) {
            throw new IllegalArgumentException("an AID has 5..16 octets");
        }
        files = List.copyOf(files);
    }

    @Override
    public byte[] aid() {
        return aid.clone();
    }

    public Optional<CardFile> file(int fid) {
        return files.stream().filter(f -> f.fid == fid).findFirst();
    }

    /**
     * The bootstrap layout of {@link BootstrapCardLayout}: ODF, DODF, the document and (when {@code contentType} is
     * not {@code null}) the Content-Type EF.
     */
    public static CardImage bootstrap(byte[] document, String contentType) {
        Objects.requireNonNull(document, "document");
        List<Pkcs15.DataObject> objects = new ArrayList<>();
        objects.add(new Pkcs15.DataObject(
                BootstrapCardLayout.LABEL_DOCUMENT,
                BootstrapCardLayout.DM_BOOTSTRAP_OID,
                BootstrapCardLayout.FID_BOOTSTRAP));
        List<CardFile> files = new ArrayList<>();
        files.add(new CardFile(BootstrapCardLayout.FID_ODF, "ODF", Pkcs15.odf(BootstrapCardLayout.FID_DODF)));
        files.add(new CardFile(BootstrapCardLayout.FID_BOOTSTRAP, BootstrapCardLayout.LABEL_DOCUMENT, document));
        if (contentType != null) {
            objects.add(new Pkcs15.DataObject(
                    BootstrapCardLayout.LABEL_CONTENT_TYPE,
                    BootstrapCardLayout.DM_BOOTSTRAP_OID,
                    BootstrapCardLayout.FID_CONTENT_TYPE));
            files.add(new CardFile(
                    BootstrapCardLayout.FID_CONTENT_TYPE,
                    BootstrapCardLayout.LABEL_CONTENT_TYPE,
                    contentType.getBytes(StandardCharsets.US_ASCII)));
        }
        files.add(1, new CardFile(BootstrapCardLayout.FID_DODF, "DODF", Pkcs15.dodf(objects)));
        return new CardImage(BootstrapCardLayout.PKCS15_AID, files);
    }

    public byte[] encode() {
        List<Tlv> fs = new ArrayList<>();
        for (CardFile f : files) {
            fs.add(Tlv.of(
                    0x30,
                    Tlv.of(0x04, new byte[] {(byte) (f.fid >> 8), (byte) f.fid}),
                    Tlv.of(0x0C, f.label.getBytes(StandardCharsets.UTF_8)),
                    Tlv.of(0x04, f.content)));
        }
        return Tlv.of(0x30, Tlv.of(0x02, new byte[] {VERSION}), Tlv.of(0x04, aid), Tlv.of(0x30, fs.toArray(new Tlv[0])))
                .encode();
    }

    /** Reads an image file; anything else (another format, a cut file, a newer version) is a CardFormatException. */
    public static CardImage decode(byte[] bytes) {
        List<Tlv> top = Tlv.readAll(bytes, "card image");
        if (top.size() != 1 || top.get(0).tag() != 0x30) {
            throw new CardFormatException("not a TrustDM card image (expected one SEQUENCE)", "card image");
        }
        List<Tlv> parts = top.get(0).children("card image");
        if (parts.size() != 3
                || parts.get(0).tag() != 0x02
                || parts.get(1).tag() != 0x04
                || parts.get(2).tag() != 0x30) {
            throw new CardFormatException("card image needs version, aid and files", "card image");
        }
        int version = new BigInteger(parts.get(0).value()).intValue();
        if (version != VERSION) {
            throw new CardFormatException("card image version " + version + " is not supported", "card image");
        }
        List<CardFile> files = new ArrayList<>();
        for (Tlv f : parts.get(2).children("card image files")) {
            List<Tlv> p = f.children("card image file");
            if (p.size() != 3 || p.get(0).value().length != 2) {
                throw new CardFormatException("a file needs fid (2 octets), label and content", "card image");
            }
            byte[] fid = p.get(0).value();
            try {
                files.add(new CardFile(
                        ((fid[0] & 0xFF) << 8) | (fid[1] & 0xFF),
                        new String(p.get(1).value(), StandardCharsets.UTF_8),
                        p.get(2).value()));
            } catch (IllegalArgumentException e) {
                throw new CardFormatException(e.getMessage(), "card image");
            }
        }
        try {
            return new CardImage(parts.get(1).value(), files);
        } catch (IllegalArgumentException e) {
            throw new CardFormatException(e.getMessage(), "card image");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CardImage c) || !Arrays.equals(aid, c.aid) || files.size() != c.files.size()) {
            return false;
        }
        for (int i = 0; i < files.size(); i++) {
            CardFile a = files.get(i), b = c.files.get(i);
            if (a.fid != b.fid || !a.label.equals(b.label) || !Arrays.equals(a.content, b.content)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(aid) * 31 + files.size();
    }

    @Override
    public String toString() {
        return "CardImage[AID " + HexFormat.of().withUpperCase().formatHex(aid) + ", " + files + "]";
    }
}
