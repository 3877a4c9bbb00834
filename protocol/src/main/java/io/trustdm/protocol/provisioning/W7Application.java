package io.trustdm.protocol.provisioning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The DM account of a CP bootstrap: the {@code APPLICATION} characteristic with {@code APPID=w7}, as typed data,
 * and its mapping onto the DMAcc management object (security.md §5.2, from the DM 1.2 standard objects appendix).
 *
 * <p>Reading is strict where a wrong guess would hand rights to the wrong party or mix up credentials: exactly one
 * APPID and one non-empty PROVIDER-ID (it becomes the ServerID that gets Get/Replace/Delete rights), at most one NAME,
 * every APPAUTH with exactly one known AAUTHLEVEL and no level twice, at most one of each AAUTH* parameter, AAUTHDATA
 * in base64. Top-level parameters and characteristics the view does not know (vendor ones such as Windows' ROLE) are
 * kept in {@link #extensions()}; unknown parameters inside APPADDR, PORT and APPAUTH are ignored.
 *
 * @param providerId  PROVIDER-ID, the DM server identifier (DMAcc ServerID)
 * @param name        NAME, the user-visible server name, or {@code null}
 * @param connections TO-PROXY and TO-NAPID references in document order; the first is the preferred one
 * @param addresses   APPADDR characteristics and legacy top-level ADDR parameters, in document order
 * @param credentials APPAUTH characteristics in document order
 * @param init        INIT present: the client should start a session right after provisioning
 * @param extensions  other top-level content, in document order
 */
public record W7Application(
        String providerId,
        String name,
        List<ConnectionRef> connections,
        List<AppAddr> addresses,
        List<AppAuth> credentials,
        boolean init,
        List<ProvisioningElement> extensions) {

    public static final String APPID = "w7";
    public static final String TYPE_APPLICATION = "APPLICATION";

    public W7Application {
        Objects.requireNonNull(providerId, "providerId");
        if (providerId.isEmpty()) {
            throw new IllegalArgumentException("providerId is empty");
        }
        connections = List.copyOf(connections);
        addresses = List.copyOf(addresses);
        credentials = List.copyOf(credentials);
        extensions = List.copyOf(extensions);
        Set<AuthLevel> levels = EnumSet.noneOf(AuthLevel.class);
        for (AppAuth a : credentials) {
            if (!levels.add(a.level())) {
                throw new IllegalArgumentException(
                        "two APPAUTH with level " + a.level().cpValue());
            }
        }
    }

    /** Which way a credential works (AAUTHLEVEL), and the DMAcc AAuthLevel it maps to. */
    public enum AuthLevel {
        /** Credentials the client presents to the DM server ("application server"): DMAcc CLCRED. */
        APPSRV("CLCRED"),
        /** Credentials the DM server presents to the client: DMAcc SRVCRED. */
        CLIENT("SRVCRED"),
        /** Credentials for OBEX transport authentication: DMAcc OBEX. */
        OBEX("OBEX");

        private final String dmAccValue;

        AuthLevel(String dmAccValue) {
            this.dmAccValue = dmAccValue;
        }

        /** The value written in the CP document. */
        public String cpValue() {
            return name();
        }

        /** The DMAcc AppAuth/&lt;x&gt;/AAuthLevel value. */
        public String dmAccValue() {
            return dmAccValue;
        }

        static AuthLevel ofCp(String v) {
            for (AuthLevel l : values()) {
                if (l.name().equals(v)) {
                    return l;
                }
            }
            return null;
        }
    }

    /** The kind of connectivity object a w7 application points at. */
    public enum ConnectionKind {
        /** TO-PROXY: the PROXY-ID of a PXLOGICAL characteristic. */
        PROXY("TO-PROXY"),
        /** TO-NAPID: the NAPID of a NAPDEF characteristic (or the special value INTERNET). */
        NAP("TO-NAPID");

        private final String parm;

        ConnectionKind(String parm) {
            this.parm = parm;
        }

        /** The CP parameter name. */
        public String parm() {
            return parm;
        }
    }

    /** A TO-PROXY or TO-NAPID reference; DMAcc stores the client's own reference to what it created from it. */
    public record ConnectionRef(ConnectionKind kind, String id) {
        public ConnectionRef {
            Objects.requireNonNull(kind, "kind");
            XmlText.require(id, "connection id");
        }
    }

    /** APPADDR: server address, its type (URI when absent) and ports. */
    public record AppAddr(String addr, String addrType, List<AppPort> ports) {
        public AppAddr {
            XmlText.require(addr, "ADDR");
            ports = List.copyOf(ports);
        }

        public static AppAddr uri(String addr) {
            return new AppAddr(addr, null, List.of());
        }

        /** The DMAcc AddrType: URI when absent, IPv4 / IPv6 for IPV4 / IPV6, anything else unchanged. */
        public String dmAccAddrType() {
            if (addrType == null || addrType.equalsIgnoreCase("URI")) {
                return "URI";
            }
            if (addrType.equalsIgnoreCase("IPV4")) {
                return "IPv4";
            }
            if (addrType.equalsIgnoreCase("IPV6")) {
                return "IPv6";
            }
            return addrType;
        }
    }

    /** PORT inside APPADDR: the port number and the services (SERVICE) it offers. */
    public record AppPort(String portNbr, List<String> services) {
        public AppPort {
            XmlText.require(portNbr, "PORTNBR");
            services = List.copyOf(services);
        }
    }

    /**
     * APPAUTH: one credential. {@code data} is the AAUTHDATA octets (a nonce for digest and HMAC), carried as base64
     * in the document. {@link #toString()} hides the secret and the data.
     */
    public record AppAuth(AuthLevel level, String type, String name, String secret, byte[] data) {
        public AppAuth {
            Objects.requireNonNull(level, "level");
            data = data == null ? null : data.clone();
        }

        /** What the client uses to authenticate to the DM server (AAUTHLEVEL APPSRV, DMAcc CLCRED). */
        public static AppAuth clientCredentials(String type, String name, String secret, byte[] nonce) {
            return new AppAuth(AuthLevel.APPSRV, type, name, secret, nonce);
        }

        /** What the DM server uses to authenticate to the client (AAUTHLEVEL CLIENT, DMAcc SRVCRED). */
        public static AppAuth serverCredentials(String type, String name, String secret, byte[] nonce) {
            return new AppAuth(AuthLevel.CLIENT, type, name, secret, nonce);
        }

        @Override
        public byte[] data() {
            return data == null ? null : data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AppAuth a
                    && level == a.level
                    && Objects.equals(type, a.type)
                    && Objects.equals(name, a.name)
                    && Objects.equals(secret, a.secret)
                    && Arrays.equals(data, a.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(level, type, name, secret, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "AppAuth[level=" + level + ", type=" + type + ", name=" + name + ", secret="
                    + (secret == null ? "null" : "<hidden>") + ", data="
                    + (data == null ? "null" : "<" + data.length + " bytes hidden>") + "]";
        }
    }

    /** A value of a DMAcc leaf produced by {@link #dmAccLeaves()}. */
    public sealed interface DmAccValue permits Chr, Bin, ConRef {}

    /** A chr leaf; {@code secret} leaves (AAuthSecret) print hidden. */
    public record Chr(String text, boolean secret) implements DmAccValue {
        public Chr {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return secret ? "Chr[<hidden>]" : "Chr[" + text + "]";
        }
    }

    /** A bin leaf (AAuthData); prints hidden. */
    public record Bin(byte[] bytes) implements DmAccValue {
        public Bin {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bin b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Bin[<" + bytes.length + " bytes hidden>]";
        }
    }

    /**
     * A connectivity reference leaf (PrefConRef, ToConRef/&lt;x&gt;/ConRef): its value is the client's own reference to
     * the connectivity object it created from the NAPDEF or PXLOGICAL named here, so the client fills it in.
     */
    public record ConRef(ConnectionRef target) implements DmAccValue {
        public ConRef {
            Objects.requireNonNull(target, "target");
        }
    }

    /** One DMAcc leaf: {@code path} is relative to {@code ./DMAcc/<x>}, e.g. {@code AppAuth/1/AAuthName}. */
    public record DmAccLeaf(String path, DmAccValue value) {
        public DmAccLeaf {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(value, "value");
        }
    }

    // ---- reading

    /** True when this is an APPLICATION characteristic with APPID w7. */
    public static boolean isW7(Characteristic c) {
        return c.type().equals(TYPE_APPLICATION) && c.parms("APPID").stream().anyMatch(p -> APPID.equals(p.value()));
    }

    /** Every w7 application at the top level of the document, in document order. */
    public static List<W7Application> findAll(ProvisioningDocument doc) {
        List<W7Application> out = new ArrayList<>();
        for (Characteristic c : doc.characteristics()) {
            if (isW7(c)) {
                out.add(from(c));
            }
        }
        return out;
    }

    /** Reads a w7 APPLICATION characteristic; {@link ProvisioningFormatException} when it breaks a rule above. */
    public static W7Application from(Characteristic c) {
        if (!c.type().equals(TYPE_APPLICATION)) {
            throw ProvisioningFormatException.content("not an APPLICATION characteristic");
        }
        String appId = single(c, "APPID", true);
        if (!APPID.equals(appId)) {
            throw ProvisioningFormatException.content("APPLICATION is not w7");
        }
        String providerId = single(c, "PROVIDER-ID", true);
        if (providerId.isEmpty()) {
            throw ProvisioningFormatException.content("w7 PROVIDER-ID is empty");
        }
        String name = single(c, "NAME", false);
        List<ConnectionRef> connections = new ArrayList<>();
        List<AppAddr> addresses = new ArrayList<>();
        List<AppAuth> credentials = new ArrayList<>();
        List<ProvisioningElement> extensions = new ArrayList<>();
        Set<AuthLevel> levels = EnumSet.noneOf(AuthLevel.class);
        boolean init = false;
        for (ProvisioningElement e : c.children()) {
            if (e instanceof Parm p) {
                switch (p.name()) {
                    case "APPID", "PROVIDER-ID", "NAME" -> {
                        // read above
                    }
                    case "TO-PROXY" -> connections.add(new ConnectionRef(ConnectionKind.PROXY, required(p)));
                    case "TO-NAPID" -> connections.add(new ConnectionRef(ConnectionKind.NAP, required(p)));
                    case "ADDR" -> addresses.add(AppAddr.uri(required(p)));
                    case "INIT" -> init = true;
                    default -> extensions.add(p);
                }
            } else {
                Characteristic child = (Characteristic) e;
                switch (child.type()) {
                    case "APPADDR" -> addresses.add(appAddr(child));
                    case "APPAUTH" -> {
                        AppAuth a = appAuth(child);
                        if (!levels.add(a.level())) {
                            throw ProvisioningFormatException.content(
                                    "two APPAUTH with AAUTHLEVEL " + a.level().cpValue());
                        }
                        credentials.add(a);
                    }
                    default -> extensions.add(child);
                }
            }
        }
        return new W7Application(providerId, name, connections, addresses, credentials, init, extensions);
    }

    private static AppAddr appAddr(Characteristic c) {
        String addr = single(c, "ADDR", true);
        String type = single(c, "ADDRTYPE", false);
        List<AppPort> ports = new ArrayList<>();
        for (Characteristic port : c.characteristics("PORT")) {
            List<String> services = new ArrayList<>();
            for (Parm s : port.parms("SERVICE")) {
                services.add(required(s));
            }
            ports.add(new AppPort(single(port, "PORTNBR", true), services));
        }
        return new AppAddr(addr, type, ports);
    }

    private static AppAuth appAuth(Characteristic c) {
        String levelText = single(c, "AAUTHLEVEL", true);
        AuthLevel level = AuthLevel.ofCp(levelText);
        if (level == null) {
            throw ProvisioningFormatException.content("unknown AAUTHLEVEL (APPSRV, CLIENT or OBEX expected)");
        }
        String data = single(c, "AAUTHDATA", false);
        byte[] bytes = null;
        if (data != null) {
            try {
                bytes = Base64.getDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                throw ProvisioningFormatException.content("AAUTHDATA is not base64");
            }
        }
        return new AppAuth(
                level,
                single(c, "AAUTHTYPE", false),
                single(c, "AAUTHNAME", false),
                single(c, "AAUTHSECRET", false),
                bytes);
    }

    /** The value of a parameter that may occur at most once (exactly once when required). */
    private static String single(Characteristic c, String parm, boolean requiredParm) {
        List<Parm> found = c.parms(parm);
        if (found.size() > 1) {
            throw ProvisioningFormatException.content(parm + " occurs " + found.size() + " times in " + c.type());
        }
        if (found.isEmpty()) {
            if (requiredParm) {
                throw ProvisioningFormatException.content(c.type() + " without " + parm);
            }
            return null;
        }
        return required(found.get(0));
    }

    private static String required(Parm p) {
        if (p.value() == null) {
            throw ProvisioningFormatException.content(p.name() + " without a value");
        }
        return p.value();
    }

    // ---- writing

    /** The APPLICATION characteristic for this account, for a bootstrap document. */
    public Characteristic toCharacteristic() {
        List<ProvisioningElement> out = new ArrayList<>();
        out.add(Parm.of("APPID", APPID));
        out.add(Parm.of("PROVIDER-ID", providerId));
        if (name != null) {
            out.add(Parm.of("NAME", name));
        }
        for (ConnectionRef r : connections) {
            out.add(Parm.of(r.kind().parm(), r.id()));
        }
        if (init) {
            out.add(Parm.flag("INIT"));
        }
        for (AppAddr a : addresses) {
            List<ProvisioningElement> addr = new ArrayList<>();
            addr.add(Parm.of("ADDR", a.addr()));
            if (a.addrType() != null) {
                addr.add(Parm.of("ADDRTYPE", a.addrType()));
            }
            for (AppPort p : a.ports()) {
                List<ProvisioningElement> port = new ArrayList<>();
                port.add(Parm.of("PORTNBR", p.portNbr()));
                for (String s : p.services()) {
                    port.add(Parm.of("SERVICE", s));
                }
                addr.add(new Characteristic("PORT", port));
            }
            out.add(new Characteristic("APPADDR", addr));
        }
        for (AppAuth a : credentials) {
            List<ProvisioningElement> auth = new ArrayList<>();
            auth.add(Parm.of("AAUTHLEVEL", a.level().cpValue()));
            addIfPresent(auth, "AAUTHTYPE", a.type());
            addIfPresent(auth, "AAUTHNAME", a.name());
            addIfPresent(auth, "AAUTHSECRET", a.secret());
            if (a.data != null) {
                auth.add(Parm.of("AAUTHDATA", Base64.getEncoder().encodeToString(a.data)));
            }
            out.add(new Characteristic("APPAUTH", auth));
        }
        out.addAll(extensions);
        return new Characteristic(TYPE_APPLICATION, out);
    }

    private static void addIfPresent(List<ProvisioningElement> out, String name, String value) {
        if (value != null) {
            out.add(Parm.of(name, value));
        }
    }

    // ---- DMAcc mapping

    /**
     * The DMAcc leaves this account becomes, relative to {@code ./DMAcc/<x>} (the client picks {@code <x>}, unique,
     * and grants Get/Replace/Delete on it to {@link #providerId()}). Interior nodes under ToConRef, AppAddr, Port and
     * AppAuth are numbered 1, 2, ... in document order. The mapping, per security.md §5.2:
     *
     * <ul>
     *   <li>AppID = {@code w7}; ServerID = PROVIDER-ID; Name = NAME (when present);
     *   <li>PrefConRef = the first TO-PROXY/TO-NAPID, and ToConRef/&lt;n&gt;/ConRef = each of them, as {@link ConRef}
     *       values the client resolves to its own connectivity objects;
     *   <li>AppAddr/&lt;n&gt;/Addr = ADDR (APPADDR or legacy top-level), AppAddr/&lt;n&gt;/AddrType = ADDRTYPE mapped by
     *       {@link AppAddr#dmAccAddrType()} (URI when absent), AppAddr/&lt;n&gt;/Port/&lt;m&gt;/PortNbr = PORTNBR;
     *   <li>AppAuth/&lt;n&gt;/AAuthLevel = CLCRED for APPSRV, SRVCRED for CLIENT, OBEX for OBEX; AAuthType, AAuthName,
     *       AAuthSecret as given; AAuthData = the base64-decoded AAUTHDATA octets;
     *   <li>INIT is no node: see {@link #init()}.
     * </ul>
     *
     * <p>Reading of the AAUTHLEVEL row: the §5.2 table lists APPSRV/CLIENT/OBEX against CLCRED/SRVCRED/OBEX position
     * by position. APPSRV holds what the client uses towards the application server (the Windows w7 CSP text: "the
     * credentials the client uses to authenticate itself to the OMA DM Server"; its example puts the client's name,
     * secret and nonce there), which DMAcc calls client credentials, CLCRED; CLIENT holds what the server uses towards
     * the client (the server's secret and nonce), SRVCRED.
     */
    public List<DmAccLeaf> dmAccLeaves() {
        List<DmAccLeaf> out = new ArrayList<>();
        out.add(new DmAccLeaf("AppID", new Chr(APPID, false)));
        out.add(new DmAccLeaf("ServerID", new Chr(providerId, false)));
        if (name != null) {
            out.add(new DmAccLeaf("Name", new Chr(name, false)));
        }
        if (!connections.isEmpty()) {
            out.add(new DmAccLeaf("PrefConRef", new ConRef(connections.get(0))));
        }
        for (int i = 0; i < connections.size(); i++) {
            out.add(new DmAccLeaf("ToConRef/" + (i + 1) + "/ConRef", new ConRef(connections.get(i))));
        }
        for (int i = 0; i < addresses.size(); i++) {
            AppAddr a = addresses.get(i);
            String base = "AppAddr/" + (i + 1) + "/";
            out.add(new DmAccLeaf(base + "Addr", new Chr(a.addr(), false)));
            out.add(new DmAccLeaf(base + "AddrType", new Chr(a.dmAccAddrType(), false)));
            for (int j = 0; j < a.ports().size(); j++) {
                out.add(new DmAccLeaf(
                        base + "Port/" + (j + 1) + "/PortNbr",
                        new Chr(a.ports().get(j).portNbr(), false)));
            }
        }
        for (int i = 0; i < credentials.size(); i++) {
            AppAuth a = credentials.get(i);
            String base = "AppAuth/" + (i + 1) + "/";
            out.add(new DmAccLeaf(base + "AAuthLevel", new Chr(a.level().dmAccValue(), false)));
            if (a.type() != null) {
                out.add(new DmAccLeaf(base + "AAuthType", new Chr(a.type(), false)));
            }
            if (a.name() != null) {
                out.add(new DmAccLeaf(base + "AAuthName", new Chr(a.name(), false)));
            }
            if (a.secret() != null) {
                out.add(new DmAccLeaf(base + "AAuthSecret", new Chr(a.secret(), true)));
            }
            if (a.data != null) {
                out.add(new DmAccLeaf(base + "AAuthData", new Bin(a.data)));
            }
        }
        return out;
    }

    /** The credential of this level, if any. */
    public Optional<AppAuth> credential(AuthLevel level) {
        return credentials.stream().filter(a -> a.level() == level).findFirst();
    }
}
