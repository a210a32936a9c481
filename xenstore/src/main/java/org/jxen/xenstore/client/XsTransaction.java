package org.jxen.xenstore.client;

import java.util.List;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;

/** Node operations, inside a transaction ({@link XsClient#transaction}) or not ({@link XsClient} itself). */
public interface XsTransaction {
    byte[] read(String path);

    String readString(String path);

    /** The value, or null when the node does not exist. */
    String readOrNull(String path);

    void write(String path, String value);

    void write(String path, byte[] value);

    void mkdir(String path);

    void rm(String path);

    /** Removes {@code path}; no error when it is not there (libxl's unchecked {@code xs_rm}). */
    default void rmIfThere(String path) {
        try {
            rm(path);
        } catch (XsException e) {
            if (e.errno() != XsErrno.ENOENT) {
                throw e;
            }
        }
    }

    List<String> directory(String path);

    /** Whether {@code path} has children: for a large directory, without listing all of them. */
    default boolean hasChildren(String path) {
        return !directory(path).isEmpty();
    }

    /**
     * A node as {@link #look} saw it: its value, null when it is not there; the names of its
     * children, null when they are too many for one reply.
     */
    record Look(String value, List<String> children) {
        public boolean exists() {
            return value != null;
        }
    }

    /**
     * The value and children of each of {@code paths}, as they are after every change asked
     * before: the requests go together, in one round trip.
     */
    List<Look> look(List<String> paths);

    XsPermissions getPerms(String path);

    void setPerms(String path, XsPermissions perms);
}
