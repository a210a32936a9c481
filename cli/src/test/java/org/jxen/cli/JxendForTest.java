package org.jxen.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jxen.daemon.Jxend;
import org.jxen.daemon.http.ApiServer;

/**
 * jxend in the test's process on a simulated laptop (4 CPUs, 16 GiB), on its Unix socket and plain
 * HTTP on a free port of 127.0.0.1, and jxl run against it in the same process, as
 * {@code bin/jxl --socket SOCKET ARGS} would.
 */
public final class JxendForTest implements AutoCloseable {
    private final Path socket;
    private final Jxend jxend;

    /** What one jxl command printed and how it exited. */
    public record Run(int status, String out, String err) {
    }

    private JxendForTest(Path socket, Jxend jxend) {
        this.socket = socket;
        this.jxend = jxend;
    }

    public static JxendForTest start(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path socket = dir.resolve("xapi.sock");
        ApiServer.Listen listen = new ApiServer.Listen("127.0.0.1", 0, null, socket, null);
        return new JxendForTest(socket, Jxend.start(new Jxend.Settings(dir, "laptop", 1, listen, Duration.ofHours(24), false)));
    }

    public Path socket() {
        return socket;
    }

    /** jxend's plain HTTP URL, e.g. {@code http://127.0.0.1:41234}. */
    public java.net.URI http() {
        return jxend.urls().stream().filter(u -> u.getScheme().equals("http")).findFirst().orElseThrow();
    }

    /** The file holding the password jxend made for root on its first start. */
    public Path rootPasswordFile() {
        return socket.resolveSibling("root-password");
    }

    public Run jxl(String... args) {
        List<String> all = new ArrayList<>(List.of("--socket", socket.toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Jxl.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    /** A {@code jxl} script in {@code dir} that runs this test's jxl against this jxend, as bin/jxl would. */
    public Path launcher(Path dir) throws java.io.IOException {
        Path jxl = dir.resolve("jxl");
        Files.writeString(jxl, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path") + "' -Djxl.socket='"
                + socket + "' org.jxen.cli.Jxl \"$@\"\n");
        Files.setPosixFilePermissions(jxl, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return jxl;
    }

    @Override
    public void close() throws Exception {
        jxend.close();
    }
}
