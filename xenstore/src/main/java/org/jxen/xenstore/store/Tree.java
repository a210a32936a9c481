package org.jxen.xenstore.store;

/**
 * The node map a request works on: the store itself, or a transaction's view of it. Keys are
 * canonical absolute paths.
 */
public interface Tree {
    /** The node at {@code path}, or null. In a transaction this records the access. */
    Node get(String path);

    void put(String path, Node node);

    void delete(String path);

    /** Records a change whose watches fire once the change is visible to everyone. */
    void changed(Change change);

    /** Nodes and bytes {@code domid} owns, as this view sees them. */
    Usage usage(int domid);
}
