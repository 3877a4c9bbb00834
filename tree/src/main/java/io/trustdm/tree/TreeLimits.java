package io.trustdm.tree;

/**
 * Resource bounds of one tree, so that no server can exhaust the device: the number of nodes (beyond it, Add answers
 * 420 Device full), the size of one leaf value and of the ACL and Title properties (beyond them, 413).
 *
 * @param maxNodes      most nodes in the tree, the root included
 * @param maxValueBytes largest leaf value in octets
 * @param maxAclLength  longest ACL text in characters
 */
public record TreeLimits(int maxNodes, int maxValueBytes, int maxAclLength) {
    /** Longest Title in octets of UTF-8 (OMA DM TND §8.3.7.5). */
    public static final int MAX_TITLE_BYTES = 255;

    /** 100 000 nodes, 16 MiB values (a firmware package fits), 4096-character ACLs. */
    public static final TreeLimits DEFAULT = new TreeLimits(100_000, 16 * 1024 * 1024, 4096);

    public TreeLimits {
        if (maxNodes < 1 || maxValueBytes < 0 || maxAclLength < 16) {
            throw new IllegalArgumentException("tree limits out of range");
        }
    }
}
