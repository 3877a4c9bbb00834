package io.trustdm.tree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A node of the in-memory tree. Mutated only by {@link ManagementTree}, which logs every change for undo. */
final class TreeNode {
    String name;
    TreeNode parent;
    NodeState state;
    final boolean interior;
    final boolean permanent;
    final Set<AccessType> accessTypes;
    private final LinkedHashMap<String, TreeNode> children;

    TreeNode(String name, boolean interior, boolean permanent, Set<AccessType> accessTypes, NodeState state) {
        this.name = name;
        this.interior = interior;
        this.permanent = permanent;
        this.accessTypes = Set.copyOf(accessTypes);
        this.state = state;
        this.children = interior ? new LinkedHashMap<>() : null;
    }

    TreeNode child(String childName) {
        return children == null ? null : children.get(childName);
    }

    List<TreeNode> children() {
        return children == null ? List.of() : new ArrayList<>(children.values());
    }

    List<String> childNames() {
        return children == null ? List.of() : new ArrayList<>(children.keySet());
    }

    boolean hasChildren() {
        return children != null && !children.isEmpty();
    }

    /** Position of a child in creation order, or -1. */
    int indexOf(String childName) {
        int i = 0;
        for (String n : children.keySet()) {
            if (n.equals(childName)) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** Inserts a child at a position (to undo a removal without reordering the siblings). */
    void insertChild(int index, TreeNode child) {
        child.parent = this;
        if (index < 0 || index >= children.size()) {
            children.put(child.name, child);
            return;
        }
        List<Map.Entry<String, TreeNode>> entries = new ArrayList<>(children.entrySet());
        entries.add(index, Map.entry(child.name, child));
        children.clear();
        for (Map.Entry<String, TreeNode> e : entries) {
            children.put(e.getKey(), e.getValue());
        }
    }

    void removeChild(String childName) {
        TreeNode c = children.remove(childName);
        if (c != null) {
            c.parent = null;
        }
    }

    /** Changes a child's name in place, keeping its position. */
    void renameChild(String oldName, String newName) {
        List<Map.Entry<String, TreeNode>> entries = new ArrayList<>(children.entrySet());
        children.clear();
        for (Map.Entry<String, TreeNode> e : entries) {
            if (e.getKey().equals(oldName)) {
                TreeNode n = e.getValue();
                n.name = newName;
                children.put(newName, n);
            } else {
                children.put(e.getKey(), e.getValue());
            }
        }
    }

    /** Number of nodes in this subtree, this one included (iterative: depth is bounded but be frugal). */
    int subtreeSize() {
        int count = 0;
        List<TreeNode> stack = new ArrayList<>();
        stack.add(this);
        while (!stack.isEmpty()) {
            TreeNode n = stack.remove(stack.size() - 1);
            count++;
            if (n.children != null) {
                stack.addAll(n.children.values());
            }
        }
        return count;
    }

    DmUri uri() {
        List<String> names = new ArrayList<>();
        for (TreeNode n = this; n.parent != null; n = n.parent) {
            names.add(0, n.name);
        }
        return DmUri.of(names);
    }

    @Override
    public String toString() {
        return "TreeNode[" + name + "]";
    }
}
