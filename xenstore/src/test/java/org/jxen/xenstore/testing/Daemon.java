package org.jxen.xenstore.testing;

import java.nio.file.Path;

/** A XenStore daemon under test, reachable on a Unix socket. */
public interface Daemon extends AutoCloseable {
    Path socket();

    String name();

    @Override
    void close();
}
