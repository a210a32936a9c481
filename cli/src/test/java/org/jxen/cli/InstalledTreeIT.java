package org.jxen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.xen.testing.Oracles;

/**
 * The tree {@code scripts/install} makes, run as a dom0 would run it (docs/packaging.md): installed with
 * {@code --destdir} for {@code --prefix /opt/extra/jxen}, then moved somewhere else, so its launchers must find
 * their tree from where they are; the installed jxend on a simulated host (its state in a directory of the
 * test's, HTTP and HTTPS on free ports); the installed jxl's {@code list} against it through
 * {@code JXL_SOCKET}, and its default socket, {@code /var/lib/jxend/xapi.sock}; jxend stopped by SIGTERM;
 * the systemd unit through {@code systemd-analyze verify} and the init script through {@code sh -n}.
 * It installs the jars the build made, so it runs after cli's package phase (cli/pom.xml, the
 * {@code installed-tree} execution): {@code mvn -B -o -pl cli test-compile surefire:test@installed-tree}
 * after a build. Not covered: systemd or sysvinit starting jxend, which needs a booted dom0.
 */
class InstalledTreeIT {
    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final String PREFIX = "/opt/extra/jxen";

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    @Test
    void theInstalledTreeRunsJxendAndJxlFromWhereverItIs() throws Exception {
        Path dest = dir.resolve("dest");
        Run install = run(Map.of(), CHECKOUT.resolve("scripts/install").toString(), "--prefix", PREFIX,
                "--destdir", dest.toString());
        assertThat(install.status()).as("scripts/install: %s%s", install.out(), install.err()).isZero();
        Path tree = Files.createDirectories(dir.resolve("elsewhere")).resolve("jxen");
        Files.move(dest.resolve(PREFIX.substring(1)), tree);
        for (String program : List.of("jxend", "jxl", "jxenstored")) {
            assertThat(tree.resolve("bin").resolve(program)).isExecutable();
        }
        assertThat(tree.resolve("lib/jxend")).isDirectoryContaining("glob:**/jxen-daemon-*.jar");
        assertThat(tree.resolve("lib/jxl")).isDirectoryContaining("glob:**/jxen-cli-*.jar");
        assertThat(tree.resolve("lib/jxenstored")).isDirectoryContaining("glob:**/jxen-xenstore-*.jar");

        Path state = dir.resolve("state");
        Path socket = state.resolve("xapi.sock");
        ProcessBuilder builder = new ProcessBuilder(tree.resolve("bin/jxend").toString(), "--host", "sim:laptop",
                "--state-dir", state.toString(), "--listen", "127.0.0.1", "--http-port", "0", "--https-port", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("jxend.out").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process jxend = builder.start();
        try {
            awaitSocket(socket, jxend);
            assertThat(state.resolve("jxend.db-wal")).as("jxend's database is open (in WAL mode)").exists();
            Run list = run(Map.of("JXL_SOCKET", socket.toString()), tree.resolve("bin/jxl").toString(), "list");
            assertThat(list.status()).as("jxl list: %s", list.err()).isZero();
            assertThat(list.out()).containsPattern("(?m)^Domain-0 +0 ");
            assertThat(list.err()).as("nothing on stderr (no JVM or AOT cache warning)").isEmpty();
            if (!Files.exists(Path.of("/var/lib/jxend/xapi.sock"))) {
                Run byDefault = run(Map.of(), tree.resolve("bin/jxl").toString(), "list");
                assertThat(byDefault.status()).isEqualTo(1);
                assertThat(byDefault.err()).contains("/var/lib/jxend/xapi.sock").contains("systemctl start jxend");
            }
        } finally {
            jxend.destroy(); // SIGTERM
            assertThat(jxend.waitFor(60, TimeUnit.SECONDS)).as("jxend stops on SIGTERM").isTrue();
        }
        String log = Files.readString(dir.resolve("jxend.out"));
        // The JVM exits with 128 + SIGTERM once its shutdown hook (jxend's clean stop) has run:
        // jxend.service takes 143 as success. What shows the stop was clean: the socket is gone (the
        // listeners stopped) and SQLite removed its write-ahead log (the database closed). jxend's own
        // "jxend stopping" line is not required: the JVM's logging may be shut down before it.
        assertThat(jxend.exitValue()).as("jxend's exit status; its output:\n%s", log).isEqualTo(143);
        assertThat(socket).as("jxend's socket, once jxend stopped").doesNotExist();
        assertThat(state.resolve("jxend.db-wal")).as("the database's WAL, once jxend stopped").doesNotExist();
        assertThat(log).doesNotContain("did not stop cleanly").doesNotContain("SEVERE");
        for (String made : List.of("jxend.db", "jxend.log", "root-password", "jxend.p12", "sr")) {
            assertThat(state.resolve(made)).as("the state directory holds " + made).exists();
        }

        Path share = tree.resolve("share/jxen");
        assertThat(Files.readString(share.resolve("jxend.service")))
                .contains("ExecStart=" + PREFIX + "/bin/jxend $JXEND_OPTS").doesNotContain("@PREFIX@");
        assertThat(Files.readString(share.resolve("jxend.init")))
                .contains("DAEMON=" + PREFIX + "/bin/jxend").doesNotContain("@PREFIX@");
        assertThat(share.resolve("jxend.default")).exists();
        assertThat(share.resolve("README.md")).exists();
        Run shn = run(Map.of(), "sh", "-n", share.resolve("jxend.init").toString());
        assertThat(shn.status()).as("sh -n jxend.init: %s", shn.err()).isZero();
        String analyze = onPath("systemd-analyze");
        if (Oracles.available("InstalledTreeIT's check of jxend.service",
                analyze == null ? "systemd-analyze is not installed (Debian's systemd)" : null)) {
            // verify checks that ExecStart's program exists: the unit as it would read in the moved tree
            Path unit = Files.createDirectories(dir.resolve("unit")).resolve("jxend.service");
            Files.writeString(unit, Files.readString(share.resolve("jxend.service")).replace(PREFIX, tree.toString()));
            Run verify = run(Map.of(), analyze, "verify", unit.toString());
            assertThat(verify.status()).as("systemd-analyze verify: %s", verify.err()).isZero();
            assertThat(verify.out() + verify.err()).as("systemd-analyze verify says nothing").isEmpty();
        }
    }

    private static void awaitSocket(Path socket, Process jxend) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)) {
            assertThat(jxend.isAlive()).as("jxend is running").isTrue();
            assertThat(System.nanoTime()).as("jxend's socket within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return Path.of(d, program).toString();
            }
        }
        return null;
    }

    /** Runs a command with this test's Java as JAVA_HOME, plus {@code env}; waits at most two minutes. */
    private Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JXL_SOCKET");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 2 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
