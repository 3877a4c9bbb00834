package io.trustdm.tree.mo;

import io.trustdm.tree.AccessType;
import io.trustdm.tree.DmUri;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.MoIdentifiers;
import io.trustdm.tree.NodeDefinition;
import io.trustdm.tree.NodeFormat;
import io.trustdm.tree.NodeSnapshot;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One DM server account, {@code ./DMAcc/<name>}, in its DM 1.2 form (StdObj §7.1.3.1,
 * {@value io.trustdm.tree.MoIdentifiers#DMACC}; security.md §2). The account node carries the DMAcc MO identifier as
 * its Type and the ACL {@code Get=<ServerID>&Replace=<ServerID>&Delete=<ServerID>}, the rights a bootstrap gives the
 * server it provisions (DM Bootstrap; rule B-4): the account is that server's and no other server's. Its leaves
 * inherit that ACL. {@code AAuthSecret} and {@code AAuthData} have no Get access type ("No Get"), so no server can
 * ever read them back (405), not even the owner, not through Copy, {@code ?list=} or TNDS either.
 *
 * <p>The container {@code ./DMAcc} is permanent with ACL {@code Get=*}: no server may create accounts unless the device
 * grants it; bootstraps run as the device. Deleting an account removes its ServerID from every ACL in the tree when no
 * other account has the same ServerID.
 *
 * @param name        the account node name {@code <X>}, chosen by the client
 * @param serverId    the ServerID: the identity ACLs and notifications use
 * @param displayName {@code Name}, optional
 * @param prefConRef  {@code PrefConRef}, optional
 * @param appAddrs    server addresses, at least one
 * @param aAuthPref   preferred {@code AAuthType}, optional
 * @param appAuths    credentials, at least one
 * @param ext         whether to create the (empty) {@code Ext} node
 */
public record DmAccount(
        String name,
        String serverId,
        String displayName,
        String prefConRef,
        List<AppAddr> appAddrs,
        AuthType aAuthPref,
        List<AppAuth> appAuths,
        boolean ext) {

    /** Where accounts live. */
    public static final String CONTAINER = "./DMAcc";

    /** The AppID of a DM account (OMA registered application id w7). */
    public static final String APP_ID = "w7";

    public DmAccount {
        DmUri.checkName(MoNodes.require(name, "account name"));
        if (!Acl.isValidServerId(serverId)) {
            throw new IllegalArgumentException("ServerID cannot be used in ACLs: '" + serverId + "'");
        }
        appAddrs = List.copyOf(appAddrs);
        appAuths = List.copyOf(appAuths);
        if (appAddrs.isEmpty()) {
            throw new IllegalArgumentException("an account needs at least one AppAddr");
        }
        if (appAuths.isEmpty()) {
            throw new IllegalArgumentException("an account needs at least one AppAuth");
        }
        checkUnique(appAddrs.stream().map(AppAddr::name).toList(), "AppAddr");
        checkUnique(appAuths.stream().map(AppAuth::name).toList(), "AppAuth");
    }

    private static void checkUnique(List<String> names, String what) {
        if (Set.copyOf(names).size() != names.size()) {
            throw new IllegalArgumentException(what + " names must be unique");
        }
    }

    /** One server address, {@code AppAddr/<name>}. {@code addrType} is URI, IPv4 or IPv6. */
    public record AppAddr(String name, String addr, String addrType, List<Port> ports) {
        public AppAddr {
            DmUri.checkName(MoNodes.require(name, "AppAddr name"));
            MoNodes.require(addr, "Addr");
            addrType = addrType == null ? "URI" : addrType;
            if (!List.of("URI", "IPv4", "IPv6").contains(addrType)) {
                throw new IllegalArgumentException("AddrType must be URI, IPv4 or IPv6");
            }
            ports = ports == null ? List.of() : List.copyOf(ports);
            checkUnique(ports.stream().map(Port::name).toList(), "Port");
        }

        /** An address of type URI without ports. */
        public static AppAddr uri(String name, String uri) {
            return new AppAddr(name, uri, "URI", List.of());
        }
    }

    /** One port, {@code Port/<name>/PortNbr}, a 16-bit unsigned number. */
    public record Port(String name, int portNbr) {
        public Port {
            DmUri.checkName(MoNodes.require(name, "Port name"));
            if (portNbr < 0 || portNbr > 0xFFFF) {
                throw new IllegalArgumentException("PortNbr must fit 16 bits");
            }
        }
    }

    /**
     * One set of credentials, {@code AppAuth/<name>}. {@code secret} and {@code data} are never shown by
     * {@link #toString()}.
     */
    public record AppAuth(String name, AuthLevel level, AuthType type, String authName, String secret, byte[] data) {
        public AppAuth {
            DmUri.checkName(MoNodes.require(name, "AppAuth name"));
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(type, "type");
            if (!level.allows(type)) {
                throw new IllegalArgumentException(level + " credentials cannot be of type " + type.wireName());
            }
            data = data == null ? null : data.clone();
        }

        @Override
        public byte[] data() {
            return data == null ? null : data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AppAuth a
                    && name.equals(a.name)
                    && level == a.level
                    && type == a.type
                    && Objects.equals(authName, a.authName)
                    && Objects.equals(secret, a.secret)
                    && Arrays.equals(data, a.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, level, type, authName) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "AppAuth[" + name + " " + level + " " + type.wireName() + " name=" + authName + " secret="
                    + (secret == null ? "none" : "***") + " data=" + (data == null ? "none" : "***") + "]";
        }
    }

    /** The account's node, e.g. {@code ./DMAcc/srv1}. */
    public String uri() {
        return CONTAINER + "/" + DmUri.escapeSegment(name);
    }

    /** The account ACL: its server may Get, Replace and Delete it. */
    public Acl accountAcl() {
        return Acl.forServer(serverId, AclCommand.GET, AclCommand.REPLACE, AclCommand.DELETE);
    }

    /** The first credentials of this level, if any. */
    public Optional<AppAuth> credentials(AuthLevel level) {
        return appAuths.stream().filter(a -> a.level() == level).findFirst();
    }

    /** Creates {@code ./DMAcc} (permanent, {@code Get=*}) unless it exists. */
    public static void installContainer(ManagementTree tree) {
        MoNodes.defineIfAbsent(
                tree, CONTAINER, NodeDefinition.interior(null).asPermanent().withAcl(Acl.anyServer(AclCommand.GET)));
    }

    /** Creates the account (and the container if needed) as the device. */
    public void install(ManagementTree tree) {
        installContainer(tree);
        String x = uri();
        tree.define(x, NodeDefinition.interior(MoIdentifiers.DMACC).withAcl(accountAcl()));
        tree.define(x + "/AppID", text(APP_ID).withAccessTypes(AccessType.only(AccessType.GET)));
        tree.define(x + "/ServerID", text(serverId));
        if (displayName != null) {
            tree.define(x + "/Name", text(displayName));
        }
        if (prefConRef != null) {
            tree.define(x + "/PrefConRef", text(prefConRef));
        }
        tree.define(x + "/AppAddr", NodeDefinition.interior(null));
        for (AppAddr a : appAddrs) {
            String ax = x + "/AppAddr/" + DmUri.escapeSegment(a.name());
            tree.define(ax, NodeDefinition.interior(null));
            tree.define(ax + "/Addr", text(a.addr()));
            tree.define(ax + "/AddrType", text(a.addrType()));
            if (!a.ports().isEmpty()) {
                tree.define(ax + "/Port", NodeDefinition.interior(null));
                for (Port p : a.ports()) {
                    String px = ax + "/Port/" + DmUri.escapeSegment(p.name());
                    tree.define(px, NodeDefinition.interior(null));
                    tree.define(px + "/PortNbr", text(Integer.toString(p.portNbr())));
                }
            }
        }
        if (aAuthPref != null) {
            tree.define(x + "/AAuthPref", text(aAuthPref.wireName()));
        }
        tree.define(x + "/AppAuth", NodeDefinition.interior(null));
        Set<AccessType> noGet = AccessType.only(AccessType.ADD, AccessType.DELETE, AccessType.REPLACE);
        for (AppAuth a : appAuths) {
            String ax = x + "/AppAuth/" + DmUri.escapeSegment(a.name());
            tree.define(ax, NodeDefinition.interior(null));
            tree.define(ax + "/AAuthLevel", text(a.level().name()));
            tree.define(ax + "/AAuthType", text(a.type().wireName()));
            if (a.authName() != null) {
                tree.define(ax + "/AAuthName", text(a.authName()));
            }
            if (a.secret() != null) {
                tree.define(ax + "/AAuthSecret", text(a.secret()).withAccessTypes(noGet));
            }
            if (a.data() != null) {
                tree.define(
                        ax + "/AAuthData",
                        NodeDefinition.leaf(NodeFormat.BIN, "application/octet-stream", a.data())
                                .withAccessTypes(noGet));
            }
        }
        if (ext) {
            tree.define(x + "/Ext", NodeDefinition.interior(null));
        }
    }

    private static NodeDefinition text(String value) {
        return NodeDefinition.text(value);
    }

    /**
     * Reads the account {@code ./DMAcc/<name>} back from the tree, as the device (no ACL checks): how the session
     * engine finds addresses and credentials. Empty when the node is missing, is not a DMAcc account, or lacks a
     * mandatory part (ServerID, an address, a credential with a known level and type).
     */
    public static Optional<DmAccount> read(ManagementTree tree, String name) {
        String x = CONTAINER + "/" + DmUri.escapeSegment(name);
        Optional<NodeSnapshot> account = tree.inspect(x);
        if (account.isEmpty() || !MoIdentifiers.DMACC.equals(account.get().type())) {
            return Optional.empty();
        }
        Optional<String> serverId = tree.valueText(x + "/ServerID");
        if (serverId.isEmpty() || !Acl.isValidServerId(serverId.get())) {
            return Optional.empty();
        }
        List<AppAddr> addrs = new ArrayList<>();
        for (String an : children(tree, x + "/AppAddr")) {
            String ax = x + "/AppAddr/" + DmUri.escapeSegment(an);
            List<Port> ports = new ArrayList<>();
            for (String pn : children(tree, ax + "/Port")) {
                String px = ax + "/Port/" + DmUri.escapeSegment(pn) + "/PortNbr";
                Optional<Integer> nbr = tree.valueText(px).flatMap(DmAccount::port);
                nbr.ifPresent(n -> ports.add(new Port(pn, n)));
            }
            Optional<String> addr = tree.valueText(ax + "/Addr");
            String type = tree.valueText(ax + "/AddrType").orElse("URI");
            if (addr.isPresent()
                    && !addr.get().isEmpty()
                    && List.of("URI", "IPv4", "IPv6").contains(type)) {
                addrs.add(new AppAddr(an, addr.get(), type, ports));
            }
        }
        List<AppAuth> auths = new ArrayList<>();
        for (String an : children(tree, x + "/AppAuth")) {
            String ax = x + "/AppAuth/" + DmUri.escapeSegment(an);
            Optional<AuthLevel> level = tree.valueText(ax + "/AAuthLevel").flatMap(DmAccount::level);
            Optional<AuthType> type = tree.valueText(ax + "/AAuthType").flatMap(AuthType::byWireName);
            if (level.isEmpty() || type.isEmpty() || !level.get().allows(type.get())) {
                continue;
            }
            byte[] data =
                    tree.inspect(ax + "/AAuthData").map(NodeSnapshot::value).orElse(null);
            auths.add(new AppAuth(
                    an,
                    level.get(),
                    type.get(),
                    tree.valueText(ax + "/AAuthName").orElse(null),
                    tree.valueText(ax + "/AAuthSecret").orElse(null),
                    data));
        }
        if (addrs.isEmpty() || auths.isEmpty()) {
            return Optional.empty();
        }
        AuthType pref =
                tree.valueText(x + "/AAuthPref").flatMap(AuthType::byWireName).orElse(null);
        return Optional.of(new DmAccount(
                name,
                serverId.get(),
                tree.valueText(x + "/Name").orElse(null),
                tree.valueText(x + "/PrefConRef").orElse(null),
                addrs,
                pref,
                auths,
                tree.inspect(x + "/Ext").isPresent()));
    }

    /** The account whose ServerID is {@code serverId}, if one exists. */
    public static Optional<DmAccount> findByServerId(ManagementTree tree, String serverId) {
        for (String name : children(tree, CONTAINER)) {
            Optional<DmAccount> a = read(tree, name);
            if (a.isPresent() && a.get().serverId().equals(serverId)) {
                return a;
            }
        }
        return Optional.empty();
    }

    private static List<String> children(ManagementTree tree, String uri) {
        return tree.inspect(uri).map(NodeSnapshot::children).orElse(List.of());
    }

    private static Optional<Integer> port(String s) {
        try {
            int v = Integer.parseInt(s.strip());
            return v >= 0 && v <= 0xFFFF ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<AuthLevel> level(String s) {
        for (AuthLevel l : AuthLevel.values()) {
            if (l.name().equals(s)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** Never prints credentials. */
    @Override
    public String toString() {
        return "DmAccount[" + name + " serverId=" + serverId + " addrs=" + appAddrs.size() + " auths=" + appAuths + "]";
    }
}
