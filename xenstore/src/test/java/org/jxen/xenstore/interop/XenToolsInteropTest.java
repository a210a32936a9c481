package org.jxen.xenstore.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jxen.xen.testing.Commands;
import org.jxen.xen.testing.Oracles;
import org.jxen.xenstore.testing.Daemon;
import org.jxen.xenstore.testing.JxenstoredProcess;
import org.jxen.xenstore.testing.XenPeers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Xen's own clients against {@code bin/jxenstored}: Debian's xenstore-utils (each command's
 * output and exit code compared with the same command run against C xenstored), Xen's test
 * program {@code test-xenstore} (all 12 tests), and the pure-Python client pyxs.
 */
class XenToolsInteropTest {
    @TempDir
    Path dir;
    JxenstoredProcess jxen;

    /** A fresh daemon per test: whole-tree listings must not see another test's nodes. */
    @BeforeEach
    void start() {
        jxen = new JxenstoredProcess(dir);
    }

    @AfterEach
    void stop() {
        jxen.close();
    }

    /** One xenstore-utils command line, as the tool and its arguments. */
    record Cmd(String... argv) {
    }

    @Test
    void xenstoreUtilsBehaveAsWithCXenstored(@TempDir Path cDir) {
        Oracles.require("XenToolsInteropTest xenstore-utils", Commands.toolMissing("xenstore-ls"));
        Oracles.require("XenToolsInteropTest xenstore-utils", XenPeers.cDaemonMissing());
        List<Cmd> script = List.of(
                new Cmd("xenstore-write", "/u/a", "one", "/u/b/c", "two"),
                new Cmd("xenstore-read", "/u/a", "/u/b/c"),
                new Cmd("xenstore-read", "/u/nope"),
                new Cmd("xenstore-exists", "/u/b"),
                new Cmd("xenstore-exists", "/u/nope"),
                new Cmd("xenstore-list", "/u"),
                new Cmd("xenstore-ls", "-fp", "/u"),
                new Cmd("xenstore-chmod", "/u/a", "r5", "b7"),
                new Cmd("xenstore-chmod", "-r", "/u/b", "n0", "r3"),
                new Cmd("xenstore-ls", "-p", "/u"),
                new Cmd("xenstore-write", "rel", "relative"),
                new Cmd("xenstore-read", "/local/domain/0/rel"),
                new Cmd("xenstore-rm", "/u/b/c"),
                new Cmd("xenstore-rm", "-t", "/u/b"),
                new Cmd("xenstore-rm", "/u/nope/deeper"),
                new Cmd("xenstore-ls", "-f", "/"),
                new Cmd("xenstore-watch", "-n", "1", "/u"),
                new Cmd("xenstore-read", "-R", "/u/a"),
                new Cmd("xenstore-control", "check"));
        String expected;
        try (Daemon c = XenPeers.startPeer("c", cDir)) {
            expected = runAll(script, c.socket());
        }
        assertThat(runAll(script, jxen.socket())).isEqualTo(expected);
    }

    private static String runAll(List<Cmd> script, Path socket) {
        StringBuilder out = new StringBuilder();
        for (Cmd cmd : script) {
            out.append("$ ").append(String.join(" ", cmd.argv())).append('\n');
            try {
                out.append(Commands.run(List.of(cmd.argv()), Map.of("XENSTORED_PATH", socket.toString())));
                out.append("exit 0\n");
            } catch (Commands.CommandFailed f) {
                out.append(f.stdout).append("exit ").append(f.exitCode).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void xenTestProgramPassesAllTwelveTests() {
        Oracles.require("XenToolsInteropTest test-xenstore", Files.isExecutable(XenPeers.TEST_XENSTORE) ? null
                : XenPeers.TEST_XENSTORE + " missing (Debian package xen-utils-4.17)");
        List<String> tests = new ArrayList<>();
        for (String line : Commands.run(List.of(XenPeers.TEST_XENSTORE.toString(), "--list-tests")).split("\n")) {
            tests.add(line.substring(0, line.indexOf(':')).strip());
        }
        assertThat(tests).hasSize(12);
        String out = Commands.run(List.of(XenPeers.TEST_XENSTORE.toString(), "--iterations", "20"),
                Map.of("XENSTORED_PATH", jxen.socket().toString()));
        List<String> ran = new ArrayList<>();
        // One timing line per test; a failing test prints its error instead and exits non-zero.
        for (String line : out.strip().split("\n")) {
            assertThat(line).matches("[a-z0-9 ]+: avg: [0-9]+ ns \\([0-9]+ ns \\.\\. [0-9]+ ns\\)");
            ran.add(line.substring(0, line.indexOf(':')).strip());
        }
        assertThat(ran).isEqualTo(tests);
    }

    @Test
    void pyxsClientWorks() throws IOException {
        Path python = Path.of("/usr/bin/python3");
        Oracles.require("XenToolsInteropTest pyxs", Files.isExecutable(python) ? null : python + " missing (Debian package python3)");
        Oracles.require("XenToolsInteropTest pyxs", Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/pyxs")) ? null
                : "pyxs not installed (Debian package python3-pyxs)");
        Path script = dir.resolve("pyxs_check.py");
        Files.writeString(script, """
                import sys, pyxs
                with pyxs.Client(unix_socket_path=sys.argv[1]) as c:
                    c.write(b'/py/a', b'hello')
                    print(c.read(b'/py/a'))
                    c.mkdir(b'/py/d')
                    c.set_perms(b'/py/d', [b'b0', b'r3'])
                    print(c.get_perms(b'/py/d'))
                    print(sorted(c.list(b'/py')))
                    c.transaction(); c.write(b'/py/t', b'in-tx'); print(c.commit())
                    print(c.read(b'/py/t'), c.exists(b'/py/zz'))
                    c.delete(b'/py/d'); print(sorted(c.list(b'/py')))
                    print(c.get_domain_path(5), c.is_domain_introduced(0))
                    m = c.monitor(); m.watch(b'/py', b'tok'); print(next(m.wait()))
                    try:
                        c.read(b'/py/missing')
                    except pyxs.PyXSError as e:
                        print('error', e.args[0])
                """);
        String out = Commands.run(List.of(python.toString(), script.toString(), jxen.socket().toString()));
        assertThat(out).isEqualTo("""
                b'hello'
                [b'b0', b'r3']
                [b'a', b'd']
                True
                b'in-tx' False
                [b'a', b't']
                b'/local/domain/5' True
                Event(path=b'/py', token=b'tok')
                error 2
                """);
    }
}
