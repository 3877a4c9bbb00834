package io.trustdm.tree;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.codec.SyncMlFormatException;
import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.message.ItemData;
import io.trustdm.protocol.message.StatusCode;
import io.trustdm.protocol.wbxml.WbxmlDecoder;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import io.trustdm.tree.acl.Acl;
import io.trustdm.tree.acl.AclCommand;
import io.trustdm.tree.acl.AclFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The device's management tree and the semantics of the DM commands on it (OMA DM TND 1.2, RepPro §4.1.6). Each
 * command method acts on one item and answers the DM status (and, for Get, what was read); it never throws for
 * anything a server can send.
 *
 * <p><b>Management Trust is enforced here and nowhere else.</b> Every command takes the acting {@link Principal}:
 * the ServerID of the authenticated session, or {@link Principal#LOCAL} for the device itself. A server is allowed a
 * command only when the effective ACL (the node's own, or else that of the nearest ancestor that has one) grants it
 * on the node the rule names:
 *
 * <table>
 *   <caption>rights checked per command</caption>
 *   <tr><th>command</th><th>right</th><th>on</th></tr>
 *   <tr><td>Add X</td><td>Add</td><td>parent of X (each implicitly created ancestor: its parent)</td></tr>
 *   <tr><td>Delete X</td><td>Delete</td><td>X</td></tr>
 *   <tr><td>Exec X</td><td>Exec</td><td>X</td></tr>
 *   <tr><td>Get X, X?prop=P</td><td>Get</td><td>X</td></tr>
 *   <tr><td>Get X?list=…</td><td>Get</td><td>X, and each reported node (others are left out)</td></tr>
 *   <tr><td>Replace X, X?prop=Name, X?prop=Title</td><td>Replace</td><td>X</td></tr>
 *   <tr><td>Replace X?prop=ACL</td><td>Replace</td><td>interior X: X or its parent; leaf X: its parent</td></tr>
 *   <tr><td>Copy S to T</td><td>Get; Replace</td><td>S; T</td></tr>
 * </table>
 *
 * A denied right answers 425. Static restrictions (DDF access type, permanent nodes, the root) answer 405 and are
 * checked after the ACL, so a server without rights learns nothing more than "denied".
 *
 * <p>New nodes get an empty ACL (they inherit), except that a server adding an interior node while lacking Replace on
 * the parent gets an ACL on the new node granting it Add, Delete, Get and Replace (TND §8.3.7.1 requires Add, Delete
 * and Replace; Get is added so the creator can read what it made without a second round trip; nobody else gains
 * anything). Implicitly created ancestors follow the same rule. An ACL carried in a TNDS object for a new node is
 * accepted when the two-step equivalent (Add, then Replace {@code ?prop=ACL}) would be: always for interior nodes,
 * with Replace on the parent for leaves (otherwise 425).
 *
 * <p>Transactions: see {@link #beginTransaction()}. Every command is itself all-or-nothing (an Add with implicit
 * ancestors, a TNDS import, a subtree Replace). The tree is thread-safe; its methods are serialised.
 */
public final class ManagementTree {
    /** The Inbox (OMA DM StdObj §7.1.3.4); special only when it exists with the Inbox MO identifier. */
    public static final DmUri INBOX = DmUri.of("Inbox");

    private static final DateTimeFormatter TSTAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String DEFAULT_LEAF_TYPE = "text/plain";

    private final TreeNode root;
    private final UriLimits uriLimits;
    private final TreeLimits limits;
    private final Clock clock;
    private final Set<NodeProperty> supported;
    private final boolean tndsSupported;
    private final boolean implicitAncestors;
    private final List<ManagementObjectPlugin> plugins = new CopyOnWriteArrayList<>();
    private final Map<String, DmUri> inboxRoutes = new LinkedHashMap<>();
    private final Map<String, List<AccessRule>> accessRules = new LinkedHashMap<>();
    private final List<Runnable> undo = new ArrayList<>();
    private final List<CommitListener> commitListeners = new CopyOnWriteArrayList<>();
    private TreeTransaction active;
    private int nodeCount = 1;
    private int generatedNames;

    private ManagementTree(Builder b) {
        this.uriLimits = b.uriLimits;
        this.limits = b.limits;
        this.clock = b.clock;
        this.supported = Set.copyOf(b.supported);
        this.tndsSupported = b.tndsSupported;
        this.implicitAncestors = b.implicitAncestors;
        NodeState rootState = new NodeState(NodeFormat.NODE, "", null, b.rootAcl, "", now(), 0);
        this.root = new TreeNode(".", true, true, AccessType.only(AccessType.ADD, AccessType.GET), rootState);
        Set<AccessType> noGet = AccessType.only(AccessType.ADD, AccessType.DELETE, AccessType.REPLACE);
        registerAccessRule(MoIdentifiers.DMACC, "AppAuth/*/AAuthSecret", noGet);
        registerAccessRule(MoIdentifiers.DMACC, "AppAuth/*/AAuthData", noGet);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A tree with default limits and the recommended root ACL {@code Add=*&Get=*}. */
    public static ManagementTree create() {
        return builder().build();
    }

    /** The URI limits this tree enforces (and publishes in DevDetail/URI). */
    public UriLimits uriLimits() {
        return uriLimits;
    }

    public TreeLimits limits() {
        return limits;
    }

    /** True when {@code property} is supported (the mandatory ones always are). */
    public boolean supports(NodeProperty property) {
        return supported.contains(property);
    }

    public boolean supportsTnds() {
        return tndsSupported;
    }

    // ------------------------------------------------------------------------------------------------------------
    // DM commands

    /**
     * Add: creates the node named by {@code uri} (TND §8.2.2.4, RepPro §4.1.6.1). 418 when it exists, 405 when the
     * parent is a leaf, 404 when an ancestor is missing and implicit creation is off; otherwise missing ancestors are
     * created as interior nodes, and a failure there answers what an explicit Add of that ancestor would have, with
     * its URI in {@link TreeResult#failedUri()}. A TNDS object creates a whole subtree, all or nothing; an Add into
     * {@link #INBOX} is relocated to the object's place by its MO identifier.
     */
    public synchronized TreeResult add(Principal who, String uri, NodeContent content) {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(content, "content");
        return run(() -> doAdd(who, parse(uri), content));
    }

    /**
     * Replace: overwrites the value of an existing leaf, a replaceable property ({@code ?prop=ACL|Name|Title}), or
     * with a TNDS object the whole subtree below an interior node. It never creates a node (404); an interior node
     * without TNDS has no value (405).
     */
    public synchronized TreeResult replace(Principal who, String uri, NodeContent content) {
        Objects.requireNonNull(who, "who");
        Objects.requireNonNull(content, "content");
        return run(() -> doReplace(who, parse(uri), content));
    }

    /** Delete: removes the node and its subtree. The root, permanent nodes and subtrees holding one answer 405. */
    public synchronized TreeResult delete(Principal who, String uri) {
        Objects.requireNonNull(who, "who");
        return run(() -> doDelete(who, parse(uri)));
    }

    /**
     * Get: a leaf's value with its Format and Type, an interior node's child names ({@code /}-separated, escaped),
     * a property ({@code ?prop=}), or a tree listing ({@code ?list=Struct|StructData|TNDS[...]}). {@link #INBOX} and
     * anything below it answer 405.
     */
    public synchronized TreeResult get(Principal who, String uri) {
        Objects.requireNonNull(who, "who");
        return run(() -> doGet(who, uri, parse(uri)));
    }

    /**
     * Copy: overwrites the target leaf's value, Format and Type with the source leaf's. Both must exist (404; this
     * implementation does not create the target, see protocol.md §10 #11) and be leaves (405). Needs the rights of
     * the equivalent Get on the source and Replace on the target; a target whose object forbids Replace answers 403.
     */
    public synchronized TreeResult copy(Principal who, String sourceUri, String targetUri) {
        Objects.requireNonNull(who, "who");
        return run(() -> doCopy(who, parse(sourceUri), parse(targetUri)));
    }

    /**
     * Exec: hands the node to the plug-in owning it and answers the plug-in's status (200 done, 202 accepted and
     * reported later). 404 when the node does not exist, 425 without the Exec right, 405 when the node's object does
     * not allow Exec or no plug-in owns it.
     */
    public synchronized TreeResult exec(Principal who, String uri, NodeContent argument, String correlator) {
        Objects.requireNonNull(who, "who");
        NodeContent arg = argument == null ? new NodeContent(null, null, null) : argument;
        return run(() -> doExec(who, parse(uri), arg, correlator));
    }

    // ------------------------------------------------------------------------------------------------------------
    // Transactions

    /**
     * Opens a transaction: until it is committed or rolled back, every change is kept in an undo log. Only one
     * transaction can be open.
     *
     * @throws IllegalStateException when one is already open
     */
    public synchronized TreeTransaction beginTransaction() {
        if (active != null) {
            throw new IllegalStateException("a transaction is already open on this tree");
        }
        undo.clear();
        active = new TreeTransaction(this);
        return active;
    }

    synchronized void endTransaction(TreeTransaction tx, boolean commit) {
        if (tx != active) {
            throw new IllegalStateException("not the open transaction");
        }
        if (!commit) {
            rollbackTo(0);
        }
        boolean changed = !undo.isEmpty();
        undo.clear();
        active = null;
        if (changed) {
            committed();
        }
    }

    /** True while a transaction is open. */
    public synchronized boolean inTransaction() {
        return active != null;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Device-side API (no ACL checks: for the device's own code)

    /**
     * Creates a node as the device, with the attributes servers cannot set (permanence, access types). The parent
     * must exist.
     *
     * @throws TreeException when the node exists (418), the parent is missing (404) or a leaf (405), or the
     *     definition breaks a limit or a format
     */
    public synchronized void define(String uri, NodeDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        DmUri u = parse(uri);
        if (u.hasQuery() || u.isRoot()) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "cannot define " + u);
        }
        TreeNode parent = resolve(u.parent());
        if (parent == null) {
            throw new TreeException(StatusCode.NOT_FOUND, "parent of " + u + " does not exist");
        }
        int mark = undo.size();
        try {
            NewNode spec = new NewNode(
                    definition.interior(),
                    definition.format(),
                    definition.type(),
                    definition.value(),
                    definition.acl(),
                    definition.title(),
                    definition.permanent(),
                    definition.accessTypes());
            createNode(Principal.LOCAL, parent, u.name(), spec);
        } catch (RuntimeException e) {
            rollbackTo(mark);
            throw e;
        } finally {
            settle();
        }
    }

    /** A read-only copy of the node, without ACL checks; empty when it does not exist. */
    public synchronized Optional<NodeSnapshot> inspect(String uri) {
        TreeNode n = resolve(parse(uri).node());
        return n == null ? Optional.empty() : Optional.of(snapshot(n));
    }

    /** The stored (or plug-in supplied) value of a leaf as UTF-8 text, without ACL checks; empty when absent. */
    public synchronized Optional<String> valueText(String uri) {
        TreeNode n = resolve(parse(uri).node());
        if (n == null || n.interior) {
            return Optional.empty();
        }
        return Optional.of(new String(currentValue(n), StandardCharsets.UTF_8));
    }

    /** Number of nodes, the root included. */
    public synchronized int nodeCount() {
        return nodeCount;
    }

    /**
     * Removes a ServerID from every ACL, as the device must when that server's account disappears (TND
     * §8.3.7.1); commands left without ids disappear, and a root command losing its last id becomes {@code *}.
     * Deleting a DMAcc account through {@link #delete} does this by itself when no other account has the same
     * ServerID.
     */
    public synchronized void removeServerId(String serverId) {
        Objects.requireNonNull(serverId, "serverId");
        try {
            scrubServerId(serverId);
        } finally {
            settle();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Persistence

    /**
     * Told of every committed change: a command that changed the tree outside a transaction, a committed
     * transaction that changed it, a {@link #define} or {@link #removeServerId}. It runs on the committing thread
     * while the tree is locked, so what it reads with {@link #exportNodes()} is exactly the committed state; an
     * exception it throws reaches the caller of the command (the change stays in memory).
     */
    @FunctionalInterface
    public interface CommitListener {
        void committed(ManagementTree tree);
    }

    /** Registers a listener for committed changes (a store that persists the tree). */
    public void addCommitListener(CommitListener listener) {
        commitListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Every node, root first, each parent before its children and siblings in creation order: what a store needs to
     * rebuild the tree with {@link #restore}. Stored values as kept (plug-in values are not consulted), no ACL checks.
     */
    public synchronized List<NodeSnapshot> exportNodes() {
        List<NodeSnapshot> out = new ArrayList<>(nodeCount);
        List<TreeNode> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            TreeNode n = stack.remove(stack.size() - 1);
            out.add(snapshot(n));
            List<TreeNode> children = n.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.add(children.get(i));
            }
        }
        return out;
    }

    /**
     * Replaces the whole content of the tree with {@code nodes} as {@link #exportNodes()} gave them (root first,
     * parents before children; the order of appearance is the sibling order). The root keeps its fixed attributes and
     * takes the stored state. Listeners are not told: restoring is loading, not a change.
     *
     * @throws IllegalArgumentException when the list does not describe a tree (no root first, a missing or leaf
     *     parent, a duplicate name, an interior node with a value), leaving the tree unchanged
     * @throws IllegalStateException inside a transaction
     */
    public synchronized void restore(List<NodeSnapshot> nodes) {
        if (active != null) {
            throw new IllegalStateException("cannot restore inside a transaction");
        }
        if (nodes.isEmpty() || !nodes.get(0).uri().isRoot() || !nodes.get(0).isInterior()) {
            throw new IllegalArgumentException("the first stored node must be the interior root");
        }
        if (nodes.get(0).acl().isEmpty()) {
            throw new IllegalArgumentException("the stored root ACL has no value");
        }
        Map<DmUri, TreeNode> built = new LinkedHashMap<>();
        TreeNode scratchRoot = new TreeNode(".", true, true, root.accessTypes, stateOf(nodes.get(0)));
        built.put(DmUri.ROOT, scratchRoot);
        for (NodeSnapshot s : nodes.subList(1, nodes.size())) {
            DmUri u = s.uri();
            if (u.isRoot() || u.hasQuery()) {
                throw new IllegalArgumentException("stored node " + u + " is not a node below the root");
            }
            TreeNode parent = built.get(u.parent());
            if (parent == null || !parent.interior) {
                throw new IllegalArgumentException("stored node " + u + " has no interior parent before it");
            }
            if (parent.child(u.name()) != null) {
                throw new IllegalArgumentException("stored node " + u + " appears twice");
            }
            if (s.isInterior() == (s.value() != null)) {
                throw new IllegalArgumentException(
                        "stored node " + u + ": interior nodes, and only they, lack a value");
            }
            TreeNode n = new TreeNode(u.name(), s.isInterior(), s.permanent(), s.accessTypes(), stateOf(s));
            parent.insertChild(-1, n);
            built.put(u, n);
        }
        for (TreeNode c : root.children()) {
            root.removeChild(c.name);
        }
        for (TreeNode c : scratchRoot.children()) {
            scratchRoot.removeChild(c.name);
            root.insertChild(-1, c);
        }
        root.state = scratchRoot.state;
        nodeCount = built.size();
        undo.clear();
    }

    private static NodeState stateOf(NodeSnapshot s) {
        return new NodeState(s.format(), s.type(), s.value(), s.acl(), s.title(), s.tstamp(), s.verNo());
    }

    /** Lets {@code plugin} serve values and Exec for its subtree. */
    public void registerPlugin(ManagementObjectPlugin plugin) {
        Objects.requireNonNull(plugin, "plugin");
        plugins.add(plugin);
    }

    /**
     * Declares where an object added to {@link #INBOX} goes: its root node (named as in the Add) becomes a child of
     * {@code parentUri}.
     */
    public synchronized void registerInboxRoute(String moIdentifier, String parentUri) {
        Objects.requireNonNull(moIdentifier, "moIdentifier");
        inboxRoutes.put(moIdentifier, parse(parentUri).node());
    }

    /**
     * Declares the DDF access types of nodes of a management object, so that nodes a server or a TNDS object creates
     * get them as if the device had made them. {@code relativePath} is relative to the object's root (the nearest
     * ancestor whose Type is {@code moIdentifier}); a {@code *} segment matches any name. Built in: the DMAcc
     * {@code AppAuth/*}{@code /AAuthSecret} and {@code AAuthData} have no Get, so credentials delivered by a
     * bootstrap or a server are as unreadable as those the device installs.
     */
    public synchronized void registerAccessRule(String moIdentifier, String relativePath, Set<AccessType> types) {
        Objects.requireNonNull(moIdentifier, "moIdentifier");
        List<String> pattern = List.of(relativePath.split("/", -1));
        for (String seg : pattern) {
            if (seg.isEmpty()) {
                throw new IllegalArgumentException("empty segment in access rule path " + relativePath);
            }
        }
        accessRules
                .computeIfAbsent(moIdentifier, k -> new ArrayList<>())
                .add(new AccessRule(pattern, Set.copyOf(types)));
    }

    private record AccessRule(List<String> pattern, Set<AccessType> types) {
        boolean matches(List<String> path) {
            if (path.size() != pattern.size()) {
                return false;
            }
            for (int i = 0; i < path.size(); i++) {
                if (!pattern.get(i).equals("*") && !pattern.get(i).equals(path.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The access types a rule gives a node named {@code name} below {@code parent}, or {@code null}. */
    private Set<AccessType> ruleFor(TreeNode parent, String name) {
        List<String> rel = new ArrayList<>(List.of(name));
        for (TreeNode n = parent; n != null; n = n.parent) {
            List<AccessRule> rules = n.interior ? accessRules.get(n.state.type()) : null;
            if (rules != null) {
                for (AccessRule r : rules) {
                    if (r.matches(rel)) {
                        return r.types();
                    }
                }
                return null;
            }
            rel.add(0, n.name);
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Command implementations

    private TreeResult run(Supplier<TreeResult> op) {
        int mark = undo.size();
        try {
            TreeResult r = op.get();
            if (!r.isSuccess()) {
                rollbackTo(mark);
            }
            return r;
        } catch (TreeException e) {
            rollbackTo(mark);
            return TreeResult.failure(e);
        } catch (AclFormatException e) {
            rollbackTo(mark);
            return TreeResult.of(e.status());
        } catch (SyncMlFormatException e) {
            rollbackTo(mark);
            return TreeResult.of(e.status());
        } finally {
            settle();
        }
    }

    private DmUri parse(String uri) {
        if (uri == null) {
            throw new DmUriException(StatusCode.BAD_REQUEST, "missing URI");
        }
        return DmUri.parse(uri, uriLimits);
    }

    private TreeResult doAdd(Principal who, DmUri uri, NodeContent content) {
        if (uri.hasQuery()) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "properties cannot be added");
        }
        if (content.isTnds()) {
            return addTnds(who, uri, content);
        }
        if (inboxActive() && uri.isWithin(INBOX)) {
            return addToInbox(who, uri, content);
        }
        if (uri.isRoot() || resolve(uri) != null) {
            throw new TreeException(StatusCode.ALREADY_EXISTS, uri + " already exists");
        }
        TreeNode parent = ensureParent(who, uri.parent());
        createNode(who, parent, uri.name(), newNodeFrom(content));
        return TreeResult.ok();
    }

    private TreeResult addToInbox(Principal who, DmUri uri, NodeContent content) {
        if (uri.equals(INBOX)) {
            throw new TreeException(StatusCode.ALREADY_EXISTS, "the Inbox exists");
        }
        NewNode spec = newNodeFrom(content);
        if (uri.depth() != INBOX.depth() + 1 || !spec.interior) {
            throw new TreeException(
                    StatusCode.COMMAND_NOT_ALLOWED, "only a management object root can be added to the Inbox");
        }
        DmUri destination = inboxRoute(spec.type);
        requireAdd(who, resolve(INBOX));
        TreeNode parent = ensureParent(who, destination);
        createNode(who, parent, uri.name(), spec);
        return TreeResult.ok();
    }

    private DmUri inboxRoute(String moIdentifier) {
        DmUri destination = moIdentifier == null ? null : inboxRoutes.get(moIdentifier);
        if (destination == null) {
            throw new TreeException(
                    StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED,
                    "no management object " + (moIdentifier == null || moIdentifier.isEmpty() ? "(none)" : moIdentifier)
                            + " can be placed from the Inbox");
        }
        return destination;
    }

    private TreeResult addTnds(Principal who, DmUri uri, NodeContent content) {
        if (!tndsSupported) {
            throw new TreeException(StatusCode.UNSUPPORTED_MEDIA_TYPE, "TNDS is not supported");
        }
        List<TndsNode> nodes = Tnds.read(tndsElement(content));
        TreeNode target = resolve(uri);
        DmUri insertion;
        List<TndsNode> tops;
        if (target != null) {
            if (!target.interior) {
                throw new TreeException(StatusCode.ALREADY_EXISTS, uri + " already exists");
            }
            insertion = uri;
            tops = nodes;
        } else {
            // The target is the object's root: the TNDS describes exactly that one node.
            if (nodes.size() != 1) {
                throw new TreeException(
                        StatusCode.BAD_REQUEST, "a TNDS Add to a new node must describe exactly that node");
            }
            TndsNode only = nodes.get(0);
            if (!only.name().isEmpty() && !only.name().equals(uri.name())) {
                throw new TreeException(StatusCode.BAD_REQUEST, "TNDS node name differs from the Add target");
            }
            insertion = uri.parent();
            if (only.path() != null && !parse(only.path()).node().equals(insertion)) {
                throw new TreeException(StatusCode.BAD_REQUEST, "TNDS Path differs from the Add target's parent");
            }
            tops = List.of(new TndsNode(uri.name(), null, only.properties(), only.value(), only.children()));
        }
        int created = 0;
        if (inboxActive() && insertion.equals(INBOX)) {
            requireAdd(who, resolve(INBOX));
            for (TndsNode top : tops) {
                DmUri destination = inboxRoute(top.property(NodeProperty.TYPE));
                created += importNode(who, ensureParent(who, destination), top);
            }
        } else {
            for (TndsNode top : tops) {
                DmUri parentUri = insertion;
                if (top.path() != null) {
                    parentUri = parse(top.path()).node();
                    if (!parentUri.isWithin(insertion)) {
                        throw new TreeException(StatusCode.BAD_REQUEST, "TNDS Path lies outside the Add target");
                    }
                }
                if (inboxActive() && parentUri.isWithin(INBOX)) {
                    throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "nothing is stored below the Inbox");
                }
                created += importNode(who, ensureParent(who, parentUri), top);
            }
        }
        if (created == 0) {
            throw new TreeException(StatusCode.ALREADY_EXISTS, "every node of the TNDS object exists");
        }
        return TreeResult.ok();
    }

    /** Creates one TNDS node and its children below {@code parent}; returns how many nodes were created. */
    private int importNode(Principal who, TreeNode parent, TndsNode t) {
        String name = t.name().isEmpty() ? generateName(parent) : t.name();
        TreeNode existing = parent.child(name);
        if (existing != null) {
            if (existing.interior && t.isInterior()) {
                // An interior node that exists is a path step: its children are merged, its properties untouched.
                int created = 0;
                for (TndsNode c : t.children()) {
                    created += importNode(who, existing, c);
                }
                return created;
            }
            throw new TreeException(StatusCode.ALREADY_EXISTS, "node exists", uriOf(parent, name));
        }
        TreeNode n;
        try {
            n = createNode(who, parent, name, newNodeFrom(t));
        } catch (TreeException e) {
            throw e.uri() != null ? e : new TreeException(e.status(), e.getMessage(), uriOf(parent, name));
        }
        int created = 1;
        for (TndsNode c : t.children()) {
            created += importNode(who, n, c);
        }
        return created;
    }

    private static String uriOf(TreeNode parent, String name) {
        try {
            return parent.uri().child(name).toString();
        } catch (DmUriException e) {
            return parent.uri().toString();
        }
    }

    private String generateName(TreeNode parent) {
        String name;
        do {
            name = "n" + (++generatedNames);
        } while (parent.child(name) != null);
        return name;
    }

    private TreeResult doReplace(Principal who, DmUri uri, NodeContent content) {
        if (uri.query() instanceof UriQuery.ListStruct || uri.query() instanceof UriQuery.ListTnds) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "Replace on a ?list= query");
        }
        TreeNode node = resolve(uri.node());
        if (node == null) {
            throw new TreeException(StatusCode.NOT_FOUND, uri.node() + " does not exist");
        }
        if (uri.query() instanceof UriQuery.Prop prop) {
            return replaceProperty(who, node, prop.property(), content);
        }
        if (node.interior) {
            if (content.isTnds()) {
                return replaceSubtree(who, node, content);
            }
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "an interior node has no value to replace");
        }
        if (content.isTnds()) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "a TNDS object can only replace a subtree");
        }
        require(who, AclCommand.REPLACE, node);
        requireAccessType(who, AccessType.REPLACE, node);
        NodeState s = node.state;
        NodeFormat format = content.format() == null
                ? s.format()
                : NodeFormat.fromWire(content.format().strip());
        if (format == NodeFormat.NODE) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "a leaf cannot become an interior node");
        }
        byte[] value = decodeValue(format, content);
        if (format == NodeFormat.B64) {
            format = NodeFormat.BIN;
        }
        String type = content.type() == null ? s.type() : content.type().strip();
        if (!who.isLocal() && node.permanent && (format != s.format() || !type.equals(s.type()))) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "Format and Type of a permanent node are fixed");
        }
        setState(node, s.withValue(format, type, value, now()));
        return TreeResult.ok();
    }

    private TreeResult replaceProperty(Principal who, TreeNode node, NodeProperty property, NodeContent content) {
        if (!supported.contains(property)) {
            throw new TreeException(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, property.wireName() + " unsupported");
        }
        if (!property.replaceable()) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, property.wireName() + " cannot be replaced");
        }
        String text = content.data() == null ? "" : content.data().asText();
        switch (property) {
            case ACL -> replaceAcl(who, node, text);
            case NAME -> rename(who, node, text);
            case TITLE -> {
                require(who, AclCommand.REPLACE, node);
                if (text.getBytes(StandardCharsets.UTF_8).length > TreeLimits.MAX_TITLE_BYTES) {
                    throw new TreeException(StatusCode.REQUEST_ENTITY_TOO_LARGE, "Title longer than 255 bytes");
                }
                setState(node, node.state.withTitle(text, now()));
            }
            default -> throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "not replaceable");
        }
        return TreeResult.ok();
    }

    /**
     * ACL change rule (TND §8.3.7.1): for an interior node, Replace on the node itself or on its parent; for a leaf,
     * Replace on its parent only (a leaf's own ACL does not govern its ACL). The root ACL must keep a value, and a
     * server may not take the root's Add away from {@code *} (both 405).
     */
    private void replaceAcl(Principal who, TreeNode node, String text) {
        if (!who.isLocal()) {
            boolean allowed = node.interior
                    ? permits(who, AclCommand.REPLACE, node)
                            || (node.parent != null && permits(who, AclCommand.REPLACE, node.parent))
                    : permits(who, AclCommand.REPLACE, node.parent);
            if (!allowed) {
                throw new TreeException(StatusCode.PERMISSION_DENIED, "no right to change the ACL of " + node.uri());
            }
        }
        if (text.length() > limits.maxAclLength()) {
            throw new TreeException(StatusCode.REQUEST_ENTITY_TOO_LARGE, "ACL too long");
        }
        Acl acl = Acl.parse(text);
        if (node == root) {
            if (acl.isEmpty()) {
                throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "the root ACL must have a value");
            }
            if (!who.isLocal()
                    && root.state.acl().grantsEveryone(AclCommand.ADD)
                    && !acl.grantsEveryone(AclCommand.ADD)) {
                throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "the root Add entry stays '*'");
            }
        }
        setState(node, node.state.withAcl(acl, now()));
    }

    private void rename(Principal who, TreeNode node, String newName) {
        require(who, AclCommand.REPLACE, node);
        if (node == root) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "the root cannot be renamed");
        }
        if (!who.isLocal() && node.permanent) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "a permanent node cannot be renamed");
        }
        if (inboxActive() && node.uri().equals(INBOX)) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "the Inbox cannot be renamed");
        }
        DmUri.checkName(newName);
        uriLimits.checkSegment(newName);
        if (newName.equals(node.name)) {
            return;
        }
        if (node.parent.child(newName) != null) {
            throw new TreeException(StatusCode.ALREADY_EXISTS, "a sibling is named " + newName);
        }
        uriLimits.check(node.parent.uri().child(newName));
        Set<AccessType> ruled = ruleFor(node.parent, newName);
        if (ruled != null && !ruled.equals(node.accessTypes)) {
            throw new TreeException(
                    StatusCode.COMMAND_NOT_ALLOWED, "a node cannot be renamed into " + newName + " of its object");
        }
        TreeNode parent = node.parent;
        String old = node.name;
        parent.renameChild(old, newName);
        undo.add(() -> parent.renameChild(newName, old));
        setState(node, node.state.touched(now()));
    }

    /**
     * Replace with a TNDS object on an interior node: the same as deleting every child and adding the object's nodes
     * below the node, checked with the rights of those Deletes and Adds (and Replace on the node itself).
     */
    private TreeResult replaceSubtree(Principal who, TreeNode node, NodeContent content) {
        if (!tndsSupported) {
            throw new TreeException(StatusCode.UNSUPPORTED_MEDIA_TYPE, "TNDS is not supported");
        }
        List<TndsNode> nodes = Tnds.read(tndsElement(content));
        require(who, AclCommand.REPLACE, node);
        if (inboxActive() && node.uri().isWithin(INBOX)) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "nothing is stored below the Inbox");
        }
        for (TreeNode child : node.children()) {
            deleteNode(who, child);
        }
        DmUri here = node.uri();
        for (TndsNode top : nodes) {
            TreeNode parent = node;
            if (top.path() != null) {
                DmUri p = parse(top.path()).node();
                if (!p.isWithin(here)) {
                    throw new TreeException(StatusCode.BAD_REQUEST, "TNDS Path lies outside the Replace target");
                }
                parent = ensureParent(who, p);
            }
            importNode(who, parent, top);
        }
        setState(node, node.state.touched(now()));
        return TreeResult.ok();
    }

    private TreeResult doDelete(Principal who, DmUri uri) {
        if (uri.hasQuery()) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "properties cannot be deleted");
        }
        if (uri.isRoot()) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "the root cannot be deleted");
        }
        TreeNode node = resolve(uri);
        if (node == null) {
            throw new TreeException(StatusCode.NOT_FOUND, uri + " does not exist");
        }
        deleteNode(who, node);
        return TreeResult.ok();
    }

    private void deleteNode(Principal who, TreeNode node) {
        require(who, AclCommand.DELETE, node);
        if (!who.isLocal()) {
            requireAccessType(who, AccessType.DELETE, node);
            if (containsPermanent(node)) {
                throw new TreeException(
                        StatusCode.COMMAND_NOT_ALLOWED,
                        "a permanent node cannot be deleted",
                        node.uri().toString());
            }
        }
        Set<String> serverIds = accountServerIds(node);
        detach(node);
        for (String sid : serverIds) {
            if (!accountServerIds(root).contains(sid)) {
                scrubServerId(sid);
            }
        }
    }

    private static boolean containsPermanent(TreeNode node) {
        List<TreeNode> stack = new ArrayList<>(List.of(node));
        while (!stack.isEmpty()) {
            TreeNode n = stack.remove(stack.size() - 1);
            if (n.permanent) {
                return true;
            }
            stack.addAll(n.children());
        }
        return false;
    }

    /** ServerIDs of the DMAcc accounts in a subtree (interior nodes of the DMAcc MO type with a ServerID leaf). */
    private Set<String> accountServerIds(TreeNode top) {
        Set<String> ids = new LinkedHashSet<>();
        List<TreeNode> stack = new ArrayList<>(List.of(top));
        while (!stack.isEmpty()) {
            TreeNode n = stack.remove(stack.size() - 1);
            if (n.interior && MoIdentifiers.DMACC.equals(n.state.type())) {
                TreeNode sid = n.child("ServerID");
                if (sid != null && !sid.interior) {
                    ids.add(new String(sid.state.value(), StandardCharsets.UTF_8));
                }
            }
            stack.addAll(n.children());
        }
        return ids;
    }

    private void scrubServerId(String serverId) {
        List<TreeNode> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            TreeNode n = stack.remove(stack.size() - 1);
            Acl acl = n.state.acl();
            boolean mentions = false;
            for (AclCommand c : acl.commands()) {
                mentions |= acl.serverIds(c).contains(serverId);
            }
            if (mentions) {
                Acl scrubbed = acl.withoutServerId(serverId);
                if (n == root) {
                    for (AclCommand c : acl.commands()) {
                        if (scrubbed.serverIds(c).isEmpty()) {
                            scrubbed = scrubbed.with(c, Acl.ANY);
                        }
                    }
                }
                setState(n, n.state.withAcl(scrubbed, now()));
            }
            stack.addAll(n.children());
        }
    }

    private TreeResult doGet(Principal who, String text, DmUri uri) {
        if (inboxActive() && uri.isWithin(INBOX)) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "the Inbox cannot be read");
        }
        TreeNode node = resolve(uri.node());
        if (node == null) {
            throw new TreeException(StatusCode.NOT_FOUND, uri.node() + " does not exist");
        }
        require(who, AclCommand.GET, node);
        UriQuery q = uri.query();
        if (q instanceof UriQuery.Prop prop) {
            String value = property(who, node, prop.property());
            return TreeResult.ok(List.of(new ResultItem(text, null, null, ItemData.text(value))));
        }
        if (q instanceof UriQuery.ListStruct list) {
            List<ResultItem> items = new ArrayList<>();
            listStruct(who, node, list.withData(), items);
            return TreeResult.ok(items);
        }
        if (q instanceof UriQuery.ListTnds tnds) {
            if (!tndsSupported) {
                throw new TreeException(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, "TNDS is not supported");
            }
            Element doc = exportTnds(who, node, tnds);
            return TreeResult.ok(
                    List.of(new ResultItem(text, NodeFormat.XML.wireName(), Tnds.MIME_XML, new ItemData.Markup(doc))));
        }
        if (node.interior) {
            return TreeResult.ok(
                    List.of(new ResultItem(text, NodeFormat.NODE.wireName(), null, ItemData.text(childList(node)))));
        }
        requireAccessType(who, AccessType.GET, node);
        return TreeResult.ok(List.of(
                new ResultItem(text, node.state.format().wireName(), emptyToNull(node.state.type()), valueData(node))));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String childList(TreeNode node) {
        StringBuilder sb = new StringBuilder();
        for (String n : node.childNames()) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(DmUri.escapeSegment(n));
        }
        return sb.toString();
    }

    private ItemData valueData(TreeNode node) {
        byte[] v = currentValue(node);
        if (node.state.format().isBinary()) {
            return ItemData.opaque(v);
        }
        return ItemData.text(new String(v, StandardCharsets.UTF_8));
    }

    private String property(Principal who, TreeNode node, NodeProperty p) {
        if (!supported.contains(p)) {
            throw new TreeException(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, p.wireName() + " unsupported");
        }
        NodeState s = node.state;
        return switch (p) {
            case ACL -> s.acl().toString();
            case FORMAT -> s.format().wireName();
            case NAME -> node.name;
            case SIZE -> {
                if (node.interior) {
                    throw new TreeException(StatusCode.OPTIONAL_FEATURE_NOT_SUPPORTED, "interior nodes have no Size");
                }
                requireAccessType(who, AccessType.GET, node);
                yield Integer.toString(currentValue(node).length);
            }
            case TITLE -> s.title();
            case TSTAMP -> TSTAMP.format(s.tstamp());
            case TYPE -> s.type();
            case VERNO -> Integer.toString(s.verNo());
        };
    }

    /** Pre-order listing of the readable part of the subtree; unreadable nodes are left out with their subtrees. */
    private void listStruct(Principal who, TreeNode top, boolean withData, List<ResultItem> out) {
        List<TreeNode> stack = new ArrayList<>(List.of(top));
        while (!stack.isEmpty()) {
            TreeNode n = stack.remove(stack.size() - 1);
            if (!readable(who, n)) {
                continue;
            }
            String format = n.state.format().wireName();
            String type = emptyToNull(n.state.type());
            ItemData data = null;
            if (withData && !n.interior && (who.isLocal() || n.accessTypes.contains(AccessType.GET))) {
                data = valueData(n);
            }
            out.add(new ResultItem(n.uri().toString(), format, type, data));
            List<TreeNode> children = n.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.add(children.get(i));
            }
        }
    }

    private boolean readable(Principal who, TreeNode n) {
        if (inboxActive() && n.parent == root && n.name.equals(INBOX.name())) {
            return false;
        }
        return permits(who, AclCommand.GET, n);
    }

    /**
     * The TNDS answer to {@code ?list=TNDS}: the start node as the one top-level Node with its parent as Path (for
     * the root: its children, with Path {@code .}); readable nodes only; values of nodes without Get access left
     * out; Type always written (TNDS encoders MUST write it), the other properties as selected.
     */
    private Element exportTnds(Principal who, TreeNode start, UriQuery.ListTnds sel) {
        List<TndsNode> tops = new ArrayList<>();
        if (start == root) {
            for (TreeNode c : root.children()) {
                if (readable(who, c)) {
                    tops.add(exportNode(who, c, sel, 1).withPath("."));
                }
            }
        } else {
            tops.add(exportNode(who, start, sel, 1).withPath(start.parent.uri().toString()));
        }
        return Tnds.write(tops);
    }

    private TndsNode exportNode(Principal who, TreeNode n, UriQuery.ListTnds sel, int depth) {
        Map<NodeProperty, String> props = new LinkedHashMap<>();
        for (NodeProperty p : NodeProperty.values()) {
            if (!supported.contains(p) || (!sel.properties().contains(p) && p != NodeProperty.TYPE)) {
                continue;
            }
            if (p == NodeProperty.SIZE && (n.interior || !(who.isLocal() || n.accessTypes.contains(AccessType.GET)))) {
                continue;
            }
            props.put(p, property(who, n, p));
        }
        List<TndsNode> children = new ArrayList<>();
        String value = null;
        if (n.interior) {
            for (TreeNode c : n.children()) {
                if (readable(who, c)) {
                    children.add(exportNode(who, c, sel, depth + 1));
                }
            }
        } else if (sel.value() && (who.isLocal() || n.accessTypes.contains(AccessType.GET))) {
            byte[] v = currentValue(n);
            value = n.state.format().isBinary()
                    ? Base64.getEncoder().encodeToString(v)
                    : new String(v, StandardCharsets.UTF_8);
        }
        return new TndsNode(n.name, null, props, value, children);
    }

    private TreeResult doCopy(Principal who, DmUri source, DmUri target) {
        if (source.hasQuery() || target.hasQuery()) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "Copy works on node values only");
        }
        if (inboxActive() && source.isWithin(INBOX)) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "the Inbox cannot be read");
        }
        TreeNode s = resolve(source);
        if (s == null) {
            throw new TreeException(StatusCode.NOT_FOUND, "Copy source does not exist", source.toString());
        }
        TreeNode t = resolve(target);
        if (t == null) {
            throw new TreeException(StatusCode.NOT_FOUND, "Copy target does not exist", target.toString());
        }
        if (s.interior || t.interior) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "Copy works from leaf to leaf only");
        }
        require(who, AclCommand.GET, s);
        requireAccessType(who, AccessType.GET, s);
        require(who, AclCommand.REPLACE, t);
        NodeState src = s.state;
        if (!who.isLocal()) {
            boolean fixed = t.permanent
                    && (src.format() != t.state.format() || !src.type().equals(t.state.type()));
            if (!t.accessTypes.contains(AccessType.REPLACE) || fixed) {
                throw new TreeException(StatusCode.FORBIDDEN, "the Copy target cannot be overwritten");
            }
        }
        setState(t, t.state.withValue(src.format(), src.type(), currentValue(s), now()));
        return TreeResult.ok();
    }

    private TreeResult doExec(Principal who, DmUri uri, NodeContent arg, String correlator) {
        if (uri.hasQuery()) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "properties cannot be executed");
        }
        TreeNode node = resolve(uri);
        if (node == null) {
            throw new TreeException(StatusCode.NOT_FOUND, uri + " does not exist");
        }
        require(who, AclCommand.EXEC, node);
        requireAccessType(who, AccessType.EXEC, node);
        ManagementObjectPlugin plugin = owner(uri);
        if (plugin == null) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, uri + " is not executable");
        }
        ExecRequest req = new ExecRequest(
                uri,
                who,
                arg.format(),
                arg.type(),
                arg.data(),
                correlator == null || correlator.isEmpty() ? null : correlator);
        int status;
        try {
            status = plugin.exec(req);
        } catch (RuntimeException e) {
            throw new TreeException(
                    StatusCode.COMMAND_FAILED,
                    "the plug-in failed: " + e.getClass().getSimpleName());
        }
        return TreeResult.of(status);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Node creation

    /** What a new node will be; built from a NodeContent, a TNDS node or a NodeDefinition. */
    private record NewNode(
            boolean interior,
            NodeFormat format,
            String type,
            byte[] value,
            Acl acl,
            String title,
            boolean permanent,
            Set<AccessType> accessTypes) {}

    private NewNode newNodeFrom(NodeContent c) {
        NodeFormat format = c.format() == null
                ? NodeFormat.CHR
                : NodeFormat.fromWire(c.format().strip());
        if (format == NodeFormat.NODE) {
            if (c.data() != null && c.octets().length != 0) {
                throw new TreeException(StatusCode.BAD_REQUEST, "an interior node has no value");
            }
            String type = c.type() == null ? "" : c.type().strip();
            return new NewNode(true, format, type, null, null, "", false, AccessType.all());
        }
        byte[] value = decodeValue(format, c);
        String type = c.type() == null ? DEFAULT_LEAF_TYPE : c.type().strip();
        return new NewNode(
                false,
                format == NodeFormat.B64 ? NodeFormat.BIN : format,
                type,
                value,
                null,
                "",
                false,
                AccessType.all());
    }

    private NewNode newNodeFrom(TndsNode t) {
        String formatName = t.property(NodeProperty.FORMAT);
        Acl acl = t.property(NodeProperty.ACL) == null ? null : parseAcl(t.property(NodeProperty.ACL));
        String title = t.property(NodeProperty.TITLE) == null ? "" : t.property(NodeProperty.TITLE);
        if (title.getBytes(StandardCharsets.UTF_8).length > TreeLimits.MAX_TITLE_BYTES) {
            throw new TreeException(StatusCode.REQUEST_ENTITY_TOO_LARGE, "Title longer than 255 bytes");
        }
        if (t.isInterior()) {
            String type = t.property(NodeProperty.TYPE) == null ? "" : t.property(NodeProperty.TYPE);
            return new NewNode(true, NodeFormat.NODE, type, null, acl, title, false, AccessType.all());
        }
        NodeFormat format = formatName == null ? NodeFormat.CHR : NodeFormat.fromWire(formatName);
        String text = t.value() == null ? "" : t.value();
        byte[] value;
        if (format.isBinary()) {
            value = base64(text);
            format = NodeFormat.BIN;
        } else {
            value = text.getBytes(StandardCharsets.UTF_8);
        }
        checkValueSize(value.length);
        format.validate(value);
        String type = t.property(NodeProperty.TYPE) == null ? DEFAULT_LEAF_TYPE : t.property(NodeProperty.TYPE);
        return new NewNode(false, format, type, value, acl, title, false, AccessType.all());
    }

    private Acl parseAcl(String text) {
        if (text.length() > limits.maxAclLength()) {
            throw new TreeException(StatusCode.REQUEST_ENTITY_TOO_LARGE, "ACL too long");
        }
        try {
            return Acl.parse(text);
        } catch (AclFormatException e) {
            throw new TreeException(e.status(), e.getMessage());
        }
    }

    /** Octets to store for a leaf: b64 decoded, text as UTF-8, validated against the format. */
    private byte[] decodeValue(NodeFormat format, NodeContent c) {
        byte[] raw = c.octets();
        checkValueSize(raw.length);
        byte[] value = raw;
        if (format == NodeFormat.B64) {
            value = base64(new String(raw, StandardCharsets.UTF_8));
        }
        format.validate(value);
        return value;
    }

    private static byte[] base64(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') {
                sb.append(ch);
            }
        }
        try {
            return Base64.getDecoder().decode(sb.toString());
        } catch (IllegalArgumentException e) {
            throw new TreeException(StatusCode.BAD_REQUEST, "value is not base64");
        }
    }

    private void checkValueSize(int length) {
        if (length > limits.maxValueBytes()) {
            throw new TreeException(StatusCode.REQUEST_ENTITY_TOO_LARGE, "value larger than " + limits.maxValueBytes());
        }
    }

    /**
     * Walks to {@code parentUri}, creating missing interior ancestors when allowed. A failure on an ancestor carries
     * that ancestor's URI.
     */
    private TreeNode ensureParent(Principal who, DmUri parentUri) {
        TreeNode n = root;
        for (String name : parentUri.segments()) {
            TreeNode c = n.child(name);
            if (c == null) {
                String childUri = uriOf(n, name);
                if (!n.interior) {
                    throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "a leaf has no children", childUri);
                }
                if (!implicitAncestors) {
                    throw new TreeException(StatusCode.NOT_FOUND, "parent does not exist", childUri);
                }
                try {
                    c = createNode(
                            who,
                            n,
                            name,
                            new NewNode(true, NodeFormat.NODE, "", null, null, "", false, AccessType.all()));
                } catch (TreeException e) {
                    throw new TreeException(e.status(), e.getMessage(), childUri);
                }
            } else if (!c.interior) {
                throw new TreeException(
                        StatusCode.COMMAND_NOT_ALLOWED,
                        "a leaf has no children",
                        c.uri().toString());
            }
            n = c;
        }
        return n;
    }

    private TreeNode createNode(Principal who, TreeNode parent, String name, NewNode spec) {
        if (!parent.interior) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, "a leaf has no children");
        }
        DmUri.checkName(name);
        if (parent.child(name) != null) {
            throw new TreeException(StatusCode.ALREADY_EXISTS, "node exists");
        }
        requireAdd(who, parent);
        uriLimits.check(parent.uri().child(name));
        if (nodeCount >= limits.maxNodes()) {
            throw new TreeException(StatusCode.DEVICE_FULL, "the tree is full");
        }
        if (!spec.interior) {
            checkValueSize(spec.value.length);
            spec.format.validate(spec.value);
        }
        Acl acl = spec.acl == null ? Acl.EMPTY : spec.acl;
        if (!who.isLocal()) {
            boolean replaceOnParent = permits(who, AclCommand.REPLACE, parent);
            if (acl.isEmpty() && spec.interior && !replaceOnParent) {
                String sid = who.serverId().orElseThrow();
                acl = Acl.builder()
                        .grant(sid, AclCommand.ADD, AclCommand.DELETE, AclCommand.GET, AclCommand.REPLACE)
                        .build();
            } else if (!acl.isEmpty() && !spec.interior && !replaceOnParent) {
                // An ACL given with a new leaf (TNDS) needs what Replace ?prop=ACL on it would: Replace on the
                // parent. For an interior node the server could Add it and then change its ACL (with Replace on
                // the parent, or with the creator ACL it gets without), so the ACL is accepted directly.
                throw new TreeException(StatusCode.PERMISSION_DENIED, "no right to set the ACL of a new leaf");
            }
        }
        Set<AccessType> accessTypes = spec.accessTypes;
        if (accessTypes.equals(AccessType.all())) {
            Set<AccessType> ruled = ruleFor(parent, name);
            if (ruled != null) {
                accessTypes = ruled;
            }
        }
        NodeState state = new NodeState(
                spec.format, spec.type, spec.interior ? null : spec.value, Acl.EMPTY, spec.title, now(), 0);
        TreeNode node = new TreeNode(name, spec.interior, spec.permanent, accessTypes, state);
        if (!acl.isEmpty()) {
            node.state =
                    new NodeState(state.format(), state.type(), state.value(), acl, state.title(), state.tstamp(), 0);
        }
        attach(parent, node);
        return node;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Access control

    /** The ACL that governs {@code n}: its own, or the nearest ancestor's that has a value. */
    Acl effectiveAcl(TreeNode n) {
        for (TreeNode x = n; x != null; x = x.parent) {
            if (!x.state.acl().isEmpty()) {
                return x.state.acl();
            }
        }
        return Acl.EMPTY;
    }

    /**
     * The ACL in force for the node at {@code uri} (its own or inherited), without checks; empty when the node does
     * not exist.
     */
    public synchronized Optional<Acl> effectiveAcl(String uri) {
        TreeNode n = resolve(parse(uri).node());
        return n == null ? Optional.empty() : Optional.of(effectiveAcl(n));
    }

    private boolean permits(Principal who, AclCommand command, TreeNode n) {
        return who.isLocal() || effectiveAcl(n).grants(command, who.serverId().orElseThrow());
    }

    private void require(Principal who, AclCommand command, TreeNode n) {
        if (!permits(who, command, n)) {
            throw new TreeException(
                    StatusCode.PERMISSION_DENIED, "ACL does not grant " + command.wireName() + " on " + n.uri());
        }
    }

    private void requireAdd(Principal who, TreeNode parent) {
        require(who, AclCommand.ADD, parent);
    }

    private static void requireAccessType(Principal who, AccessType type, TreeNode n) {
        if (!who.isLocal() && !n.accessTypes.contains(type)) {
            throw new TreeException(StatusCode.COMMAND_NOT_ALLOWED, n.uri() + " does not allow " + type);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Helpers

    private boolean inboxActive() {
        TreeNode inbox = root.child(INBOX.name());
        return inbox != null && inbox.interior && MoIdentifiers.INBOX.equals(inbox.state.type());
    }

    private TreeNode resolve(DmUri uri) {
        TreeNode n = root;
        for (String s : uri.segments()) {
            n = n.child(s);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    private ManagementObjectPlugin owner(DmUri uri) {
        ManagementObjectPlugin best = null;
        for (ManagementObjectPlugin p : plugins) {
            if (uri.isWithin(p.root())
                    && (best == null || p.root().depth() > best.root().depth())) {
                best = p;
            }
        }
        return best;
    }

    private byte[] currentValue(TreeNode n) {
        byte[] stored = n.state.value();
        ManagementObjectPlugin p = plugins.isEmpty() ? null : owner(n.uri());
        if (p != null) {
            Optional<byte[]> v;
            try {
                v = p.currentValue(n.uri());
            } catch (RuntimeException e) {
                throw new TreeException(StatusCode.COMMAND_FAILED, "the plug-in failed to read " + n.uri());
            }
            if (v.isPresent()) {
                return v.get().clone();
            }
        }
        return stored == null ? new byte[0] : stored.clone();
    }

    private Element tndsElement(NodeContent c) {
        ItemData d = c.data();
        if (d instanceof ItemData.Markup m) {
            return m.root();
        }
        if (d == null) {
            throw new TreeException(StatusCode.BAD_REQUEST, "TNDS object missing");
        }
        byte[] bytes = c.octets();
        checkValueSize(bytes.length);
        // Each TNDS node level costs about two elements; the codec caps depth at 256 to keep recursion off the edge
        // of the stack, which still allows TNDS objects more than a hundred node levels deep.
        DecodeLimits dl = DecodeLimits.DEFAULT.withMaxDepth(Math.min(256, 2 * UriLimits.CEILING_DEPTH + 8));
        if (d instanceof ItemData.Opaque && Tnds.MIME_WBXML.equals(c.type().strip())) {
            return WbxmlDecoder.decodeDdf(bytes, dl);
        }
        return SyncMlXmlReader.readDdf(bytes, dl);
    }

    private NodeSnapshot snapshot(TreeNode n) {
        NodeState s = n.state;
        return new NodeSnapshot(
                n.uri(),
                s.format(),
                s.type(),
                s.acl(),
                s.title(),
                s.tstamp(),
                s.verNo(),
                n.permanent,
                n.accessTypes,
                n.childNames(),
                s.value());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    // Logged mutations ------------------------------------------------------------------------------------------

    private void attach(TreeNode parent, TreeNode child) {
        parent.insertChild(-1, child);
        int size = child.subtreeSize();
        nodeCount += size;
        undo.add(() -> {
            parent.removeChild(child.name);
            nodeCount -= size;
        });
    }

    private void detach(TreeNode node) {
        TreeNode parent = node.parent;
        int index = parent.indexOf(node.name);
        int size = node.subtreeSize();
        parent.removeChild(node.name);
        nodeCount -= size;
        undo.add(() -> {
            parent.insertChild(index, node);
            nodeCount += size;
        });
    }

    private void setState(TreeNode node, NodeState state) {
        NodeState old = node.state;
        node.state = state;
        undo.add(() -> node.state = old);
    }

    private void rollbackTo(int mark) {
        while (undo.size() > mark) {
            undo.remove(undo.size() - 1).run();
        }
    }

    /**
     * Outside a transaction nothing needs undoing once a command has finished; a command that changed something is a
     * commit, and the listeners hear of it.
     */
    private void settle() {
        if (active == null) {
            boolean changed = !undo.isEmpty();
            undo.clear();
            if (changed) {
                committed();
            }
        }
    }

    private void committed() {
        for (CommitListener l : commitListeners) {
            l.committed(this);
        }
    }

    /** Builds a {@link ManagementTree}. */
    public static final class Builder {
        private UriLimits uriLimits = UriLimits.DEFAULT;
        private TreeLimits limits = TreeLimits.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Acl rootAcl = Acl.anyServer(AclCommand.ADD, AclCommand.GET);
        private final Set<NodeProperty> supported = EnumSet.allOf(NodeProperty.class);
        private boolean tndsSupported = true;
        private boolean implicitAncestors = true;

        private Builder() {}

        public Builder uriLimits(UriLimits v) {
            this.uriLimits = Objects.requireNonNull(v);
            return this;
        }

        public Builder limits(TreeLimits v) {
            this.limits = Objects.requireNonNull(v);
            return this;
        }

        /** The clock for TStamp (tests pass a fixed one). */
        public Builder clock(Clock v) {
            this.clock = Objects.requireNonNull(v);
            return this;
        }

        /**
         * The root ACL; it MUST have a value. The default is the recommended {@code Add=*&Get=*}.
         *
         * @throws IllegalArgumentException for the empty ACL
         */
        public Builder rootAcl(Acl v) {
            if (v.isEmpty()) {
                throw new IllegalArgumentException("the root ACL must have a value");
            }
            this.rootAcl = v;
            return this;
        }

        /**
         * Switches off an optional property (Size, Title, TStamp, VerNo).
         *
         * @throws IllegalArgumentException for a mandatory property
         */
        public Builder withoutProperty(NodeProperty p) {
            if (p.mandatory()) {
                throw new IllegalArgumentException(p.wireName() + " is mandatory");
            }
            supported.remove(p);
            return this;
        }

        /** Whether TNDS objects are accepted and produced (default true). */
        public Builder tndsSupported(boolean v) {
            this.tndsSupported = v;
            return this;
        }

        /** Whether Add creates missing ancestors (default true; the spec makes it optional). */
        public Builder implicitAncestors(boolean v) {
            this.implicitAncestors = v;
            return this;
        }

        public ManagementTree build() {
            return new ManagementTree(this);
        }
    }
}
