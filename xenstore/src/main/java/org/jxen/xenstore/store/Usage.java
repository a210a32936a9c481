package org.jxen.xenstore.store;

/** What a domain owns in the store, for its node and memory quotas. */
public record Usage(int nodes, long bytes) {
    public static final Usage NONE = new Usage(0, 0);

    Usage plus(int dNodes, long dBytes) {
        return new Usage(nodes + dNodes, bytes + dBytes);
    }
}
