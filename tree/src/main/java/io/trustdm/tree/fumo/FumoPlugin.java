package io.trustdm.tree.fumo;

import io.trustdm.protocol.message.StatusCode;
import io.trustdm.tree.AccessType;
import io.trustdm.tree.DmUri;
import io.trustdm.tree.ExecRequest;
import io.trustdm.tree.ManagementObjectPlugin;
import io.trustdm.tree.ManagementTree;
import io.trustdm.tree.MoIdentifiers;
import io.trustdm.tree.NodeDefinition;
import io.trustdm.tree.NodeFormat;
import io.trustdm.tree.NodeSnapshot;
import io.trustdm.tree.acl.Acl;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One FUMO instance, {@code ./FUMO/<x>} (FUMO 1.0, {@value io.trustdm.tree.MoIdentifiers#FUMO}):
 *
 * <pre>
 * &lt;x&gt;                       interior, Type urn:oma:mo:oma-fumo:1.0
 *   PkgName, PkgVersion     chr, Get/Replace
 *   Download                interior, Exec    Download/PkgURL            chr, Get/Replace
 *   Update                  interior, Exec    Update/PkgData             bin, Replace only (large object)
 *   DownloadAndUpdate       interior, Exec    DownloadAndUpdate/PkgURL   chr, Get/Replace
 *   State                   int, Get only; served live by this plug-in
 *   Ext                     interior
 * </pre>
 *
 * All nodes are permanent. Rights come from the ACL given at installation (on {@code <x>}); without one the
 * instance inherits, and under the default root ACL no server may Exec it — firmware updates must be granted.
 *
 * <p>Exec on an operation node checks the State machine synchronously: it answers 403 while another operation runs,
 * when Download/DownloadAndUpdate has no PkgURL, or when Update has neither a downloaded package nor PkgData.
 * Otherwise it moves State to 30 (download) or 60 (update), hands the work to the executor and answers 202. When the
 * {@link FirmwareAgent} is done the State moves on (40 after a download, 100 after a successful update, 20 or 80 on
 * failure) and the listener receives a {@link FumoResult} carrying the Exec's correlator.
 */
public final class FumoPlugin implements ManagementObjectPlugin {
    /** Where FUMO instances live. */
    public static final String CONTAINER = "./FUMO";

    private final ManagementTree tree;
    private final DmUri root;
    private final String instance;
    private final FirmwareAgent agent;
    private final Executor executor;
    private final Consumer<FumoResult> listener;
    private final FumoAlertNaming naming;
    private FumoState state = FumoState.IDLE;

    private FumoPlugin(Builder b) {
        this.tree = b.tree;
        this.instance = b.instance;
        this.root = DmUri.parse(CONTAINER).child(b.instance);
        this.agent = b.agent;
        this.executor = b.executor;
        this.listener = b.listener;
        this.naming = b.naming;
    }

    /**
     * Starts building the instance {@code ./FUMO/<instance>} in {@code tree}.
     *
     * @param agent    the device's firmware machinery
     * @param executor where downloads and updates run
     * @param listener receives each result, to be sent as a Generic Alert
     */
    public static Builder builder(
            ManagementTree tree,
            String instance,
            FirmwareAgent agent,
            Executor executor,
            Consumer<FumoResult> listener) {
        return new Builder(tree, instance, agent, executor, listener);
    }

    @Override
    public DmUri root() {
        return root;
    }

    /** The instance name {@code <x>}. */
    public String instance() {
        return instance;
    }

    /** The current State. */
    public synchronized FumoState state() {
        return state;
    }

    @Override
    public Optional<byte[]> currentValue(DmUri leaf) {
        if (leaf.equals(root.child("State"))) {
            return Optional.of(Integer.toString(state().code()).getBytes(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    @Override
    public int exec(ExecRequest request) {
        DmUri target = request.target();
        if (target.depth() != root.depth() + 1 || !target.isWithin(root)) {
            return StatusCode.COMMAND_NOT_ALLOWED;
        }
        FumoOperation op = operation(target.name());
        if (op == null) {
            return StatusCode.COMMAND_NOT_ALLOWED;
        }
        String url = null;
        byte[] data = null;
        synchronized (this) {
            if (state.isBusy()) {
                return StatusCode.FORBIDDEN;
            }
            switch (op) {
                case DOWNLOAD, DOWNLOAD_AND_UPDATE -> {
                    url = tree.valueText(
                                    root.child(op.nodeName()).child("PkgURL").toString())
                            .map(String::strip)
                            .orElse("");
                    if (url.isEmpty()) {
                        return StatusCode.FORBIDDEN;
                    }
                }
                case UPDATE -> {
                    if (!state.hasDownloadedPackage()) {
                        data = tree.inspect(
                                        root.child("Update").child("PkgData").toString())
                                .map(NodeSnapshot::value)
                                .orElse(null);
                        if (data == null || data.length == 0) {
                            return StatusCode.FORBIDDEN;
                        }
                    }
                }
            }
            FumoState previous = state;
            state = op == FumoOperation.UPDATE ? FumoState.UPDATE_PROGRESSING : FumoState.DOWNLOAD_PROGRESSING;
            String pkgUrl = url;
            byte[] pkgData = data;
            try {
                executor.execute(() -> perform(op, pkgUrl, pkgData, request.correlator()));
            } catch (RejectedExecutionException e) {
                state = previous;
                return StatusCode.SERVICE_UNAVAILABLE;
            }
        }
        return StatusCode.ACCEPTED_FOR_PROCESSING;
    }

    private static FumoOperation operation(String nodeName) {
        for (FumoOperation op : FumoOperation.values()) {
            if (op.nodeName().equals(nodeName)) {
                return op;
            }
        }
        return null;
    }

    private void perform(FumoOperation op, String url, byte[] data, String correlator) {
        int code;
        FumoState end;
        if (op == FumoOperation.UPDATE) {
            code = safely(() -> agent.update(instance, data));
            end = FumoResult.isSuccess(code) ? FumoState.UPDATE_SUCCESSFUL_NO_DATA : FumoState.UPDATE_FAILED_NO_DATA;
        } else {
            code = safely(() -> agent.download(instance, url));
            if (!FumoResult.isSuccess(code)) {
                end = FumoState.DOWNLOAD_FAILED;
            } else if (op == FumoOperation.DOWNLOAD) {
                end = FumoState.DOWNLOAD_COMPLETE;
            } else {
                setState(FumoState.UPDATE_PROGRESSING);
                code = safely(() -> agent.update(instance, null));
                end = FumoResult.isSuccess(code)
                        ? FumoState.UPDATE_SUCCESSFUL_NO_DATA
                        : FumoState.UPDATE_FAILED_NO_DATA;
            }
        }
        setState(end);
        listener.accept(new FumoResult(code, root.toString(), naming.alertType(op), correlator, op, end));
    }

    private synchronized void setState(FumoState s) {
        state = s;
    }

    /** The agent's result code; an agent that throws is an undefined error (409), never a crashed worker. */
    private static int safely(java.util.function.IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (RuntimeException e) {
            return FumoResult.UNDEFINED_ERROR;
        }
    }

    /** Configures and installs a FUMO instance. */
    public static final class Builder {
        private final ManagementTree tree;
        private final String instance;
        private final FirmwareAgent agent;
        private final Executor executor;
        private final Consumer<FumoResult> listener;
        private FumoAlertNaming naming = FumoAlertNaming.REVERSED_DOMAIN;
        private Acl acl = Acl.EMPTY;
        private String pkgName = "";
        private String pkgVersion = "";

        private Builder(
                ManagementTree tree,
                String instance,
                FirmwareAgent agent,
                Executor executor,
                Consumer<FumoResult> listener) {
            this.tree = Objects.requireNonNull(tree, "tree");
            DmUri.checkName(Objects.requireNonNull(instance, "instance"));
            this.instance = instance;
            this.agent = Objects.requireNonNull(agent, "agent");
            this.executor = Objects.requireNonNull(executor, "executor");
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        /** How alert types are spelled (default {@link FumoAlertNaming#REVERSED_DOMAIN}). */
        public Builder alertNaming(FumoAlertNaming v) {
            this.naming = Objects.requireNonNull(v);
            return this;
        }

        /** The ACL of {@code <x>}, e.g. {@code Get=srv&Replace=srv&Exec=srv}. */
        public Builder acl(Acl v) {
            this.acl = Objects.requireNonNull(v);
            return this;
        }

        public Builder pkgName(String v) {
            this.pkgName = Objects.requireNonNull(v);
            return this;
        }

        public Builder pkgVersion(String v) {
            this.pkgVersion = Objects.requireNonNull(v);
            return this;
        }

        /** Creates the nodes, registers the plug-in and the Inbox route for FUMO objects; returns the plug-in. */
        public FumoPlugin install() {
            FumoPlugin p = new FumoPlugin(this);
            if (tree.inspect(CONTAINER).isEmpty()) {
                tree.define(CONTAINER, NodeDefinition.interior(null).asPermanent());
            }
            String x = p.root.toString();
            // A restored tree (TreeStore) already holds the instance: only the plug-in is registered again.
            if (tree.inspect(x).isEmpty()) {
                tree.define(
                        x,
                        NodeDefinition.interior(MoIdentifiers.FUMO)
                                .asPermanent()
                                .withAcl(acl));
                tree.define(x + "/PkgName", rw(pkgName));
                tree.define(x + "/PkgVersion", rw(pkgVersion));
                for (FumoOperation op : FumoOperation.values()) {
                    tree.define(
                            x + "/" + op.nodeName(),
                            NodeDefinition.interior(null)
                                    .asPermanent()
                                    .withAccessTypes(AccessType.only(AccessType.EXEC, AccessType.GET)));
                }
                tree.define(x + "/Download/PkgURL", rw(""));
                tree.define(x + "/DownloadAndUpdate/PkgURL", rw(""));
                tree.define(
                        x + "/Update/PkgData",
                        NodeDefinition.leaf(NodeFormat.BIN, "application/octet-stream", new byte[0])
                                .asPermanent()
                                .withAccessTypes(AccessType.only(AccessType.REPLACE)));
                tree.define(
                        x + "/State",
                        NodeDefinition.leaf(
                                        NodeFormat.INT,
                                        "text/plain",
                                        Integer.toString(FumoState.IDLE.code()).getBytes(StandardCharsets.UTF_8))
                                .asPermanent()
                                .withAccessTypes(AccessType.only(AccessType.GET)));
                tree.define(
                        x + "/Ext",
                        NodeDefinition.interior(null).asPermanent().withAccessTypes(AccessType.only(AccessType.GET)));
            }
            tree.registerPlugin(p);
            tree.registerInboxRoute(MoIdentifiers.FUMO, CONTAINER);
            return p;
        }

        private static NodeDefinition rw(String value) {
            return NodeDefinition.text(value)
                    .asPermanent()
                    .withAccessTypes(AccessType.only(AccessType.GET, AccessType.REPLACE));
        }
    }
}
