package io.trustdm.protocol.smartcard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The two PKCS#15 structures a bootstrap reader walks: the ODF (which EF is the DODF) and the DODF (data objects,
 * each with a label, an application OID and the Path of the EF holding its value). Only what the layout needs:
 * opaque data objects with an indirect value.
 */
public final class Pkcs15 {
    static final int TAG_SEQUENCE = 0x30;
    static final int TAG_UTF8 = 0x0C;
    static final int TAG_OCTETS = 0x04;
    static final int TAG_OID = 0x06;
    /** ODF choice "dataObjects" ([7] constructed). */
    static final int TAG_ODF_DATA_OBJECTS = 0xA7;
    /** typeAttributes [1] of a PKCS15Object. */
    static final int TAG_TYPE_ATTRIBUTES = 0xA1;

    private Pkcs15() {}

    /**
     * One data object of a DODF.
     *
     * @param label          CommonObjectAttributes.label
     * @param applicationOid CommonDataObjectAttributes.applicationOID, DER value octets
     * @param fid            the EF its Path points to (a two-octet file identifier)
     */
    public record DataObject(String label, byte[] applicationOid, int fid) {
        public DataObject {
            Objects.requireNonNull(label, "label");
            applicationOid = applicationOid.clone();
        }

        @Override
        public byte[] applicationOid() {
            return applicationOid.clone();
        }

        public boolean hasOid(byte[] oid) {
            return Arrays.equals(applicationOid, oid);
        }

        Tlv encode() {
            return Tlv.of(
                    TAG_SEQUENCE,
                    Tlv.of(TAG_SEQUENCE, Tlv.of(TAG_UTF8, label.getBytes(StandardCharsets.UTF_8))),
                    Tlv.of(TAG_SEQUENCE, Tlv.of(TAG_OID, applicationOid)),
                    Tlv.of(TAG_TYPE_ATTRIBUTES, path(fid)));
        }
    }

    static Tlv path(int fid) {
        return Tlv.of(TAG_SEQUENCE, Tlv.of(TAG_OCTETS, new byte[] {(byte) (fid >> 8), (byte) fid}));
    }

    /** An ODF with one entry: data objects at {@code dodfFid}. */
    public static byte[] odf(int dodfFid) {
        return Tlv.of(TAG_ODF_DATA_OBJECTS, path(dodfFid)).encode();
    }

    /** The FID of the first DODF the ODF lists. */
    public static int dodfFid(byte[] odf) {
        for (Tlv t : Tlv.readAll(odf, "EF(ODF)")) {
            if (t.tag() == TAG_ODF_DATA_OBJECTS) {
                return fidOfPath(t.child(TAG_SEQUENCE, "EF(ODF) dataObjects")
                        .orElseThrow(() -> new CardFormatException("dataObjects entry without Path", "EF(ODF)")));
            }
        }
        throw new CardFormatException("no DODF (tag A7) listed", "EF(ODF)");
    }

    public static byte[] dodf(List<DataObject> objects) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (DataObject o : objects) {
            out.writeBytes(o.encode().encode());
        }
        return out.toByteArray();
    }

    /** The opaque data objects of a DODF that point to an EF; other choices are skipped. */
    public static List<DataObject> dataObjects(byte[] dodf) {
        List<DataObject> out = new ArrayList<>();
        for (Tlv entry : Tlv.readAll(dodf, "EF(DODF)")) {
            if (entry.tag() != TAG_SEQUENCE) {
                continue; // externalIDO [0] or oidDO [1]: not ours
            }
            List<Tlv> parts = entry.children("EF(DODF) entry");
            if (parts.size() < 3) {
                throw new CardFormatException("data object has " + parts.size() + " parts, needs 3", "EF(DODF)");
            }
            String label = parts.get(0)
                    .child(TAG_UTF8, "CommonObjectAttributes")
                    .map(l -> new String(l.value(), StandardCharsets.UTF_8))
                    .orElse("");
            byte[] oid = parts.get(1)
                    .child(TAG_OID, "CommonDataObjectAttributes")
                    .map(Tlv::value)
                    .orElse(new byte[0]);
            Optional<Tlv> type =
                    parts.stream().filter(p -> p.tag() == TAG_TYPE_ATTRIBUTES).findFirst();
            if (type.isEmpty()) {
                throw new CardFormatException("data object '" + label + "' has no typeAttributes", "EF(DODF)");
            }
            Optional<Tlv> path = type.get().child(TAG_SEQUENCE, "typeAttributes");
            if (path.isEmpty()) {
                continue; // a direct value: the layout never writes one
            }
            out.add(new DataObject(label, oid, fidOfPath(path.get())));
        }
        return out;
    }

    /** The last two octets of a Path's efidOrPath (the EF itself, below the PKCS#15 DF). */
    static int fidOfPath(Tlv path) {
        byte[] p = path.child(TAG_OCTETS, "Path")
                .orElseThrow(() -> new CardFormatException("Path without efidOrPath", "Path"))
                .value();
        if (p.length < 2 || p.length % 2 != 0) {
            throw new CardFormatException("Path of " + p.length + " octets is not a file identifier list", "Path");
        }
        return ((p[p.length - 2] & 0xFF) << 8) | (p[p.length - 1] & 0xFF);
    }
}
