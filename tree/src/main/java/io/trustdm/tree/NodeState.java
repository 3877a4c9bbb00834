package io.trustdm.tree;

import io.trustdm.tree.acl.Acl;
import java.time.Instant;

/**
 * The changeable part of a node, immutable so that a change is one reference swap and undoing it is swapping back.
 * {@code value} is never handed out without a copy.
 */
record NodeState(NodeFormat format, String type, byte[] value, Acl acl, String title, Instant tstamp, int verNo) {

    NodeState withValue(NodeFormat f, String t, byte[] v, Instant now) {
        return new NodeState(f, t, v, acl, title, now, nextVerNo());
    }

    NodeState withAcl(Acl a, Instant now) {
        return new NodeState(format, type, value, a, title, now, nextVerNo());
    }

    NodeState withTitle(String t, Instant now) {
        return new NodeState(format, type, value, acl, t, now, nextVerNo());
    }

    NodeState touched(Instant now) {
        return new NodeState(format, type, value, acl, title, now, nextVerNo());
    }

    /** VerNo is a 16-bit counter that wraps from 0xFFFF to 0 (OMA DM TND §8.3.7.8). */
    private int nextVerNo() {
        return (verNo + 1) & 0xFFFF;
    }

    @Override
    public String toString() {
        return "NodeState[" + format.wireName() + " acl=" + acl + " verNo=" + verNo + "]";
    }
}
