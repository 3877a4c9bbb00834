package io.trustdm.tree;

/**
 * All-or-nothing execution of several tree commands, as an Atomic needs: every change made while the transaction is
 * open is logged, {@link #rollback()} undoes all of them in reverse order (values, properties, created nodes and
 * deleted subtrees alike) and {@link #commit()} keeps them. One transaction at a time per tree. Closing an open
 * transaction rolls it back, so try-with-resources fails safe.
 *
 * <p>Plug-in side effects (an Exec started, a download running) are outside the tree and are not undone; Exec is not
 * allowed inside Atomic anyway.
 */
public final class TreeTransaction implements AutoCloseable {
    private final ManagementTree tree;
    private boolean open = true;

    TreeTransaction(ManagementTree tree) {
        this.tree = tree;
    }

    /** Keeps every change. */
    public void commit() {
        end(true);
    }

    /** Undoes every change made since {@link ManagementTree#beginTransaction()}. */
    public void rollback() {
        end(false);
    }

    private void end(boolean commit) {
        if (!open) {
            throw new IllegalStateException("transaction already ended");
        }
        tree.endTransaction(this, commit);
        open = false;
    }

    public boolean isOpen() {
        return open;
    }

    /** Rolls back when still open. */
    @Override
    public void close() {
        if (open) {
            rollback();
        }
    }
}
