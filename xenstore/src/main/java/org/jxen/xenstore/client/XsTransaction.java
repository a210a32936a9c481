package org.jxen.xenstore.client;

import java.util.List;

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

    List<String> directory(String path);

    XsPermissions getPerms(String path);

    void setPerms(String path, XsPermissions perms);
}
