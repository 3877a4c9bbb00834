package io.trustdm.protocol.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The shared corpus of SyncML DM 1.2 messages ({@code vectors/corpus/*.xml} on the test classpath). Protocol's own
 * tests find it in {@code target/test-classes}; other modules find it inside protocol's test-jar, so the lookup works
 * for a directory and for a jar alike.
 */
public final class Corpus {
    /** Classpath folder of the corpus. */
    public static final String FOLDER = "vectors/corpus/";

    private Corpus() {}

    /** One corpus message: its file name (e.g. {@code 07-f7-large-object-first-chunk.xml}) and its bytes. */
    public record Message(String name, byte[] xml) {
        public Message {
            Objects.requireNonNull(name, "name");
            xml = xml.clone();
        }

        @Override
        public byte[] xml() {
            return xml.clone();
        }

        /** The name without {@code .xml}, for temp files and test display names. */
        public String stem() {
            return name.substring(0, name.length() - ".xml".length());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The names of all corpus files, sorted. */
    public static List<String> names() {
        URL folder = Corpus.class.getClassLoader().getResource(FOLDER);
        if (folder == null) {
            throw new IllegalStateException("corpus folder " + FOLDER + " is not on the classpath");
        }
        List<String> names = new ArrayList<>();
        try {
            switch (folder.getProtocol()) {
                case "file" -> {
                    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                        files.map(p -> p.getFileName().toString()).forEach(names::add);
                    }
                }
                case "jar" -> {
                    URLConnection c = folder.openConnection();
                    c.setUseCaches(false);
                    try (JarFile jar = ((JarURLConnection) c).getJarFile()) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            String entry = e.nextElement().getName();
                            if (entry.startsWith(FOLDER) && entry.indexOf('/', FOLDER.length()) < 0) {
                                names.add(entry.substring(FOLDER.length()));
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException("cannot list corpus at " + folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list corpus at " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list corpus at " + folder, e);
        }
        return names.stream().filter(n -> n.endsWith(".xml")).sorted().toList();
    }

    /** The bytes of one corpus file. */
    public static byte[] read(String name) {
        try (InputStream in = Corpus.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus file " + name, e);
        }
    }

    /** Every corpus message, sorted by name. */
    public static List<Message> messages() {
        return names().stream().map(n -> new Message(n, read(n))).toList();
    }
}
