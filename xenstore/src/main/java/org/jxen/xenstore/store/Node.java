package org.jxen.xenstore.store;

import java.util.Arrays;

/**
 * One node's contents: its value, permissions, the names of its children in creation order
 * (the order DIRECTORY lists them, as C xenstored does) and the generation of its last change.
 * Immutable: a change makes a new node.
 */
public final class Node {
    static final String[] NO_CHILDREN = new String[0];
    static final byte[] EMPTY = new byte[0];

    /** C xenstored's per-node record header (generation, counts) in bytes, part of the node-size quota. */
    private static final int RECORD_HEADER = 24;
    /** Bytes C xenstored stores per permission entry. */
    private static final int PERM_ENTRY = 8;

    private final byte[] value;
    private final Permissions perms;
    private final String[] children;
    private final long generation;

    Node(byte[] value, Permissions perms, String[] children, long generation) {
        this.value = value;
        this.perms = perms;
        this.children = children;
        this.generation = generation;
    }

    static Node empty(Permissions perms) {
        return new Node(EMPTY, perms, NO_CHILDREN, 0);
    }

    public byte[] value() {
        return value;
    }

    public Permissions perms() {
        return perms;
    }

    public String[] children() {
        return children;
    }

    public long generation() {
        return generation;
    }

    Node withValue(byte[] v) {
        return new Node(v, perms, children, generation);
    }

    public Node withPerms(Permissions p) {
        return new Node(value, p, children, generation);
    }

    Node withGeneration(long g) {
        return g == generation ? this : new Node(value, perms, children, g);
    }

    Node withChildren(String[] c) {
        return new Node(value, perms, c, generation);
    }

    /**
     * This node listing {@code name} last. Like C xenstored, it does not look for the name first:
     * a transaction's stale copy of a parent can end up listing a child twice, and C's replies show it.
     */
    Node withChild(String name) {
        String[] c = Arrays.copyOf(children, children.length + 1);
        c[children.length] = name;
        return new Node(value, perms, c, generation);
    }

    Node withoutChild(String name) {
        for (int i = 0; i < children.length; i++) {
            if (children[i].equals(name)) {
                String[] c = new String[children.length - 1];
                System.arraycopy(children, 0, c, 0, i);
                System.arraycopy(children, i + 1, c, i, children.length - i - 1);
                return new Node(value, perms, c, generation);
            }
        }
        return this;
    }

    /** Bytes the node costs its owner's memory quota: its data plus its path, as C xenstored counts. */
    public int memorySize(String path) {
        return dataSize() + path.length();
    }

    /** Size as C xenstored accounts it for the node-size quota. */
    public int dataSize() {
        int size = RECORD_HEADER + PERM_ENTRY * perms.size() + value.length;
        for (String c : children) {
            size += c.length() + 1;
        }
        return size;
    }
}
