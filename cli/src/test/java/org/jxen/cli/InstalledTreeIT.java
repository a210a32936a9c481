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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.xen.testing.Oracles;

/**
 * The tree {@code scripts/install} makes, run as a dom0 would run it (docs/packaging.md): installed with
 * {@code --destdir} for {@code --prefix /opt/extra/jxen}, then moved somewhere else, so its launchers must find
 * their tree from where they are. Its jxend on a simulated host (state in a directory of the test's, HTTP and
 * HTTPS on free ports), its jxl's {@code list} against it through {@code JXL_SOCKET} and its default socket,
 * jxend stopped by SIGTERM; the init script starting, reporting and stopping jxend (in a sandbox: its pid
 * file, defaults file, state and output in the test's directory, the dom0 check off); the systemd unit
 * through {@code systemd-analyze verify}. It installs the jars the build made, so it runs after cli's package
 * phase (cli/pom.xml, the {@code installed-tree} execution); alone, after a build:
 * {@code mvn -B -o -pl cli test-compile surefire:test@installed-tree}. Not covered: systemd starting jxend,
 * which needs a booted dom0.
 */
class InstalledTreeIT {
    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    private static final String PREFIX = "/opt/extra/jxen";

    @TempDir
    static Path dir;
    private static Path tree;

    private record Run(int status, String out, String err) {
    }

    @BeforeAll
    static void installAndMove() throws Exception {
        Path dest = dir.resolve("dest");
        Run install = run(Map.of(), CHECKOUT.resolve("scripts/install").toString(), "--prefix", PREFIX,
                "--destdir", dest.toString());
        assertThat(install.status()).as("scripts/install: %s%s", install.out(), install.err()).isZero();
        tree = Files.createDirectories(dir.resolve("elsewhere")).resolve("jxen");
        Files.move(dest.resolve(PREFIX.substring(1)), tree);
    }

    @Test
    void installedJxendAndJxlRunFromWhereverTheTreeIs() throws Exception {
        for (String program : List.of("jxend", "jxl", "jxenstored")) {
            assertThat(tree.resolve("bin").resolve(program)).isExecutable();
        }
        assertThat(tree.resolve("lib/jxend")).isDirectoryContaining("glob:**/jxen-daemon-*.jar");
        assertThat(tree.resolve("lib/jxl")).isDirectoryContaining("glob:**/jxen-cli-*.jar");
        assertThat(tree.resolve("lib/jxenstored")).isDirectoryContaining("glob:**/jxen-xenstore-*.jar");
        Run jxenstored = run(Map.of(), tree.resolve("bin/jxenstored").toString(), "--help");
        assertThat(jxenstored.status()).as("jxenstored --help (its module path): %s", jxenstored.err()).isZero();

        Path state = dir.resolve("state");
        Path socket = state.resolve("xapi.sock");
        ProcessBuilder builder = new ProcessBuilder(tree.resolve("bin/jxend").toString(), "--host", "sim:laptop",
                "--state-dir", state.toString(), "--listen", "127.0.0.1", "--http-port", "0", "--https-port", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("jxend.out").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process jxend = builder.start();
        try {
            awaitSocket(socket, jxend::isAlive, dir.resolve("jxend.out"));
            assertThat(state.resolve("jxend.db-wal")).as("jxend's database is open (in WAL mode)").exists();
            assertDomain0(socket);
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
        // jxend.service takes 143 as success.
        assertThat(jxend.exitValue()).as("jxend's exit status; its output:\n%s", log).isEqualTo(143);
        assertStoppedCleanly(state);
        assertThat(log).as("jxend's output (the journal's, under systemd)").contains("jxend stopping");
        assertThat(log).doesNotContain("did not stop cleanly").doesNotContain("SEVERE");
        for (String made : List.of("jxend.db", "jxend.log", "root-password", "jxend.p12", "sr")) {
            assertThat(state.resolve(made)).as("the state directory holds " + made).exists();
        }
    }

    @Test
    void initScriptStartsReportsAndStopsJxend() throws Exception {
        Path init = tree.resolve("share/jxen/jxend.init");
        Run syntax = run(Map.of(), "sh", "-n", init.toString());
        assertThat(syntax.status()).as("sh -n jxend.init: %s", syntax.err()).isZero();
        String missing = !Files.exists(Path.of("/lib/lsb/init-functions")) ? "/lib/lsb/init-functions is missing"
                : onPath("start-stop-daemon") == null && !Files.isExecutable(Path.of("/usr/sbin/start-stop-daemon"))
                ? "start-stop-daemon is not installed (Debian's dpkg)" : null;
        if (!Oracles.available("InstalledTreeIT's run of jxend.init", missing)) {
            return;
        }
        Path sandbox = Files.createDirectories(dir.resolve("sysv"));
        Path state = sandbox.resolve("state");
        Path pidFile = sandbox.resolve("jxend.pid");
        Files.writeString(sandbox.resolve("default"), "JXEND_OPTS=\"--state-dir " + state
                + " --http-port off --https-port off\"\nJXEND_JAVA_OPTS=\"-Xmx200m\"\n");
        // Every system path the script touches, moved into the sandbox; each must be there to be moved.
        String script = Files.readString(init);
        for (String[] swap : new String[][] {
            {"DAEMON=" + PREFIX + "/bin/jxend", "DAEMON=" + tree.resolve("bin/jxend")},
            {"PIDFILE=/run/jxend.pid", "PIDFILE=" + pidFile},
            {"STATE_DIR=/var/lib/jxend", "STATE_DIR=" + state},
            {"OUTPUT=/var/log/xen/jxend.log", "OUTPUT=" + sandbox.resolve("jxend.out")},
            {"/etc/default/jxend", sandbox.resolve("default").toString()},
            {"[ -e /proc/xen/capabilities ] || return 1", ": the dom0 check, off in the test"}}) {
            assertThat(script).contains(swap[0]);
            script = script.replace(swap[0], swap[1]);
        }
        Path sandboxed = sandbox.resolve("jxend.init");
        Files.writeString(sandboxed, script);
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));
        try {
            Run start = run(env, "sh", sandboxed.toString(), "start");
            assertThat(start.status()).as("jxend.init start: %s%s", start.out(), start.err()).isZero();
            awaitSocket(state.resolve("xapi.sock"), () -> running(pidFile), sandbox.resolve("jxend.out"));
            assertThat(run(env, "sh", sandboxed.toString(), "status").status()).as("status while running").isZero();
            assertDomain0(state.resolve("xapi.sock"));
            Run stop = run(env, "sh", sandboxed.toString(), "stop");
            assertThat(stop.status()).as("jxend.init stop: %s%s", stop.out(), stop.err()).isZero();
            assertThat(pidFile).as("the pid file, once stopped").doesNotExist();
            assertStoppedCleanly(state);
            assertThat(run(env, "sh", sandboxed.toString(), "status").status()).as("status once stopped (LSB: 3)")
                    .isEqualTo(3);
        } finally {
            if (Files.exists(pidFile)) {
                run(env, "sh", sandboxed.toString(), "stop");
            }
        }
    }

    @Test
    void systemdUnitVerifies() throws Exception {
        Path share = tree.resolve("share/jxen");
        assertThat(Files.readString(share.resolve("jxend.service")))
                .contains("ExecStart=" + PREFIX + "/bin/jxend $JXEND_OPTS").doesNotContain("@PREFIX@");
        assertThat(Files.readString(share.resolve("jxend.init"))).doesNotContain("@PREFIX@");
        assertThat(Files.readString(share.resolve("jxend.default"))).doesNotContain("@PREFIX@");
        assertThat(share.resolve("README.md")).exists();
        assertThat(share.resolve("jxl-completion.bash")).exists();
        String analyze = onPath("systemd-analyze");
        if (!Oracles.available("InstalledTreeIT's check of jxend.service",
                analyze == null ? "systemd-analyze is not installed (Debian's systemd)" : null)) {
            return;
        }
        // verify checks that ExecStart's program exists: the unit as it would read in the moved tree
        Path unit = Files.createDirectories(dir.resolve("unit")).resolve("jxend.service");
        Files.writeString(unit, Files.readString(share.resolve("jxend.service")).replace(PREFIX, tree.toString()));
        Run verify = run(Map.of(), analyze, "verify", unit.toString());
        assertThat(verify.status()).as("systemd-analyze verify: %s", verify.err()).isZero();
        assertThat(verify.out() + verify.err()).as("systemd-analyze verify says nothing").isEmpty();
    }

    /** The installed jxl's {@code list} through {@code JXL_SOCKET}: Domain-0, and nothing on stderr. */
    private static void assertDomain0(Path socket) throws Exception {
        Run list = run(Map.of("JXL_SOCKET", socket.toString()), tree.resolve("bin/jxl").toString(), "list");
        assertThat(list.status()).as("jxl list: %s", list.err()).isZero();
        assertThat(list.out()).containsPattern("(?m)^Domain-0 +0 ");
        assertThat(list.err()).as("nothing on stderr (no JVM or AOT cache warning)").isEmpty();
    }

    /**
     * The socket gone (the listeners stopped), SQLite's write-ahead log removed (the database closed),
     * jxend.log's lock file removed and its last line written (the log closed after jxend's stop).
     */
    private static void assertStoppedCleanly(Path state) throws IOException {
        assertThat(state.resolve("xapi.sock")).as("jxend's socket, once jxend stopped").doesNotExist();
        assertThat(state.resolve("jxend.db-wal")).as("the database's WAL, once jxend stopped").doesNotExist();
        assertThat(state.resolve("jxend.log.lck")).as("jxend.log's lock, once jxend stopped").doesNotExist();
        assertThat(Files.readString(state.resolve("jxend.log"))).contains("jxend stopping");
    }

    /** Waits for jxend's socket while jxend runs, at most 60 s; a failure shows jxend's {@code output}. */
    private static void awaitSocket(Path socket, java.util.function.BooleanSupplier running, Path output)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)) {
            boolean alive = running.getAsBoolean();
            if (!alive || System.nanoTime() > deadline) {
                String out = Files.exists(output) ? Files.readString(output) : "(no " + output + ")";
                throw new AssertionError((alive ? "no socket " + socket + " within 60 s" : "jxend exited")
                        + "; its output:\n" + out);
            }
            Thread.sleep(100);
        }
    }

    /** Whether the process in the pid file runs (or the file is not written yet). */
    private static boolean running(Path pidFile) {
        try {
            return !Files.exists(pidFile) || ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                    .map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return true; // being written
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
    private static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
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
