package io.trustdm.tree.store;

import io.trustdm.tree.AccessType;
import io.trustdm.tree.DmUri;
import io.trustdm.tree.DmUriException;
import io.trustdm.tree.NodeFormat;
import io.trustdm.tree.NodeSnapshot;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * The snapshot file format and its crash-safe writing. Layout (big-endian):
 *
 * <pre>
 * magic "TDMTREE" 0x01 | key id (16) | sequence (u64) | node count (u32) | nodes... | CRC-32C of all before (u32)
 * node: uri, format, type, acl, title (u32 length + UTF-8 each) | tstamp seconds (i64), nanos (i32) | VerNo (i32)
 *       | flags (bit 0 permanent) | access types (bit mask) | value kind (0 none, 1 clear, 2 sealed) [| u32 len, bytes]
 * </pre>
 */
final class Snapshots {
    static final byte[] MAGIC = {'T', 'D', 'M', 'T', 'R', 'E', 'E', 1};
    private static final int MAX_STRING = 1 << 20;

    private Snapshots() {}

    /** A decoded snapshot. */
    record Decoded(long sequence, List<NodeSnapshot> nodes) {}

    static byte[] encode(long sequence, List<NodeSnapshot> nodes, DeviceKey key, Predicate<NodeSnapshot> secret) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.write(key.id());
            out.writeLong(sequence);
            out.writeInt(nodes.size());
            for (NodeSnapshot n : nodes) {
                String uri = n.uri().toString();
                writeString(out, uri);
                writeString(out, n.format().wireName());
                writeString(out, n.type());
                writeString(out, n.acl().toString());
                writeString(out, n.title());
                out.writeLong(n.tstamp().getEpochSecond());
                out.writeInt(n.tstamp().getNano());
                out.writeInt(n.verNo());
                out.writeByte(n.permanent() ? 1 : 0);
                int mask = 0;
                for (AccessType t : n.accessTypes()) {
                    mask |= 1 << t.ordinal();
                }
                out.writeByte(mask);
                byte[] value = n.value();
                if (value == null) {
                    out.writeByte(0);
                } else if (secret.test(n)) {
                    byte[] sealed = key.seal(uri, value);
                    Arrays.fill(value, (byte) 0);
                    out.writeByte(2);
                    out.writeInt(sealed.length);
                    out.write(sealed);
                } else {
                    out.writeByte(1);
                    out.writeInt(value.length);
                    out.write(value);
                }
            }
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    static Decoded decode(byte[] file, DeviceKey key) {
        int header = MAGIC.length + 16 + 8 + 4;
        if (file.length < header + 4 || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
            throw new CorruptTreeStoreException("not a TrustDM tree snapshot (bad magic or too short)");
        }
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        int stored = ByteBuffer.wrap(file, file.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            throw new CorruptTreeStoreException("snapshot checksum does not match: the file is damaged");
        }
        byte[] keyId = Arrays.copyOfRange(file, MAGIC.length, MAGIC.length + 16);
        if (!key.matches(keyId)) {
            throw new WrongDeviceKeyException("the snapshot was sealed under another device key");
        }
        DataInputStream in = new DataInputStream(
                new ByteArrayInputStream(file, MAGIC.length + 16, file.length - 4 - MAGIC.length - 16));
        try {
            long sequence = in.readLong();
            int count = in.readInt();
            if (count < 1 || count > file.length / 40) {
                throw new CorruptTreeStoreException("implausible node count " + count);
            }
            List<Raw> raws = new ArrayList<>(count);
            Map<DmUri, List<String>> children = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String uriText = readString(in);
                DmUri uri = DmUri.parse(uriText);
                NodeFormat format = NodeFormat.byWireName(readString(in))
                        .orElseThrow(() -> new CorruptTreeStoreException("unknown format in " + uriText));
                String type = readString(in);
                Acl acl = Acl.parse(readString(in));
                String title = readString(in);
                Instant tstamp = Instant.ofEpochSecond(in.readLong(), in.readInt());
                int verNo = in.readInt();
                boolean permanent = (in.readByte() & 1) != 0;
                int mask = in.readUnsignedByte();
                Set<AccessType> types = EnumSet.noneOf(AccessType.class);
                for (AccessType t : AccessType.values()) {
                    if ((mask & (1 << t.ordinal())) != 0) {
                        types.add(t);
                    }
                }
                int kind = in.readUnsignedByte();
                byte[] value = switch (kind) {
                    case 0 -> null;
                    case 1 -> readBytes(in);
                    case 2 -> key.open(uriText, readBytes(in));
                    default -> throw new CorruptTreeStoreException("unknown value kind " + kind + " in " + uriText);
                };
                raws.add(new Raw(uri, format, type, acl, title, tstamp, verNo, permanent, types, value));
                if (!uri.isRoot()) {
                    children.computeIfAbsent(uri.parent(), k -> new ArrayList<>())
                            .add(uri.name());
                }
            }
            if (in.available() != 0) {
                throw new CorruptTreeStoreException("trailing bytes after the last node");
            }
            List<NodeSnapshot> nodes = new ArrayList<>(count);
            for (Raw r : raws) {
                nodes.add(new NodeSnapshot(
                        r.uri,
                        r.format,
                        r.type,
                        r.acl,
                        r.title,
                        r.tstamp,
                        r.verNo,
                        r.permanent,
                        r.types,
                        children.getOrDefault(r.uri, List.of()),
                        r.value));
            }
            return new Decoded(sequence, nodes);
        } catch (EOFException e) {
            throw new CorruptTreeStoreException("snapshot ends inside a node", e);
        } catch (IOException | DmUriException | AclFormatException | DateTimeException e) {
            throw new CorruptTreeStoreException("snapshot content is invalid: " + e.getMessage(), e);
        }
    }

    private record Raw(
            DmUri uri,
            NodeFormat format,
            String type,
            Acl acl,
            String title,
            Instant tstamp,
            int verNo,
            boolean permanent,
            Set<AccessType> types,
            byte[] value) {}

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_STRING || len > in.available()) {
            throw new CorruptTreeStoreException("field length " + len + " exceeds the snapshot");
        }
        return in.readNBytes(len);
    }

    /**
     * Replaces {@code target} with {@code bytes} so that a crash at any instant leaves the old or the new file: write
     * a temporary file in the same directory, force it to disk, rename it over the target atomically, force the
     * directory so the rename itself is durable.
     */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Set<StandardOpenOption> options =
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        // Owner-only like the key: secrets are sealed, but the rest of the device's configuration is nobody's business.
        FileAttribute<?>[] attrs =
                dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                        ? new FileAttribute<?>[] {
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                        }
                        : new FileAttribute<?>[0];
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, options, attrs)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
    }

    /** Makes a rename in {@code dir} durable (fsync of the directory); a no-op where directories cannot be opened. */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; its rename is durable by itself.
        }
    }
}
