package org.jxen.daemon;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jxen.daemon.http.ApiServer;

/**
 * jxend in the test's process on a simulated laptop, its state in {@code dir}: HTTP on a free
 * port of 127.0.0.1, HTTPS on another (a self-signed certificate made on the first start), its
 * Unix socket in {@code dir}. Closing stops it; starting again on the same directory restarts it
 * with its database.
 */
public final class RunningJxend implements AutoCloseable {
    public final Path dir;
    public final Jxend jxend;

    private RunningJxend(Path dir, Jxend jxend) {
        this.dir = dir;
        this.jxend = jxend;
    }

    public static RunningJxend start(Path dir) throws Exception {
        return start(dir, "laptop");
    }

    /** On the simulated host {@code preset} (laptop, server or epyc: sim's Topology). */
    public static RunningJxend start(Path dir, String preset) throws Exception {
        Files.createDirectories(dir);
        ApiServer.Listen listen = new ApiServer.Listen("127.0.0.1", 0, 0, dir.resolve("xapi.sock"),
                Certificates.selfSigned(dir));
        return new RunningJxend(dir, Jxend.start(new Jxend.Settings(dir, preset, 1, listen, Duration.ofHours(24), false)));
    }

    /** The plain HTTP URL, e.g. {@code http://127.0.0.1:41234}. */
    public URI http() {
        return jxend.urls().stream().filter(u -> u.getScheme().equals("http")).findFirst().orElseThrow();
    }

    public URI https() {
        return jxend.urls().stream().filter(u -> u.getScheme().equals("https")).findFirst().orElseThrow();
    }

    public Path socket() {
        return dir.resolve("xapi.sock");
    }

    /** The password jxend made for {@code root} on its first start. */
    public String rootPassword() throws java.io.IOException {
        return Files.readString(dir.resolve("root-password")).strip();
    }

    @Override
    public void close() throws Exception {
        jxend.close();
    }

    /**
     * One jxend for a whole test class, on the laptop preset in a temporary directory of its own,
     * started before the class's first test and closed, its directory removed, after its last:
     * {@code @RegisterExtension static final RunningJxend.PerClass JXEND = new RunningJxend.PerClass();}
     */
    public static final class PerClass implements BeforeAllCallback, AfterAllCallback {
        private Path dir;
        private RunningJxend running;

        public RunningJxend get() {
            return running;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            dir = Files.createTempDirectory("jxend-");
            running = start(dir);
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            try {
                if (running != null) {
                    running.close();
                }
            } finally {
                try (Stream<Path> all = Files.walk(dir)) {
                    all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
