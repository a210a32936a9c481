package org.jxen.daemon;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.api.client.XenApiClient;

/** A test of jxend's calls: a fresh jxend on a simulated host for each test ({@link JxendSession}), and field readers. */
abstract class JxendSessionTest {
    @TempDir
    Path dir;
    JxendSession session;
    XenApiClient c;

    @BeforeEach
    void startJxend() throws Exception {
        session = JxendSession.start(dir);
        c = session.client();
    }

    @AfterEach
    void stopJxend() throws Exception {
        session.close();
    }

    Object field(String cls, String ref, String name) throws Exception {
        return c.call(cls + ".get_" + name, ref);
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String cls, String ref, String name) throws Exception {
        return (List<Object>) field(cls, ref, name);
    }
}
