package org.jxen.cli.xl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.cli.JxendForTest;

/**
 * {@code jxl console} in a real terminal (tmux): it shows the guest's boot messages, and {@code Ctrl-]}
 * detaches it with status 0, the terminal back as it was (echo on). Not covered: keys reaching the
 * guest (jxend's console takes no input yet, docs/jxl.md).
 */
class JxlConsoleTest {
    @TempDir
    Path dir;

    @Test
    void showsTheBootMessagesAndCtrlBracketDetaches() throws Exception {
        try (JxendForTest jxend = JxendForTest.start(dir.resolve("jxend"))) {
            Path cfg = Files.copy(XlGolden.DIR.resolve("xenlab-guest.cfg"), dir.resolve("guest.cfg"));
            assertThat(jxend.jxl("create", cfg.toString(), "name=\"c1\"").status()).isZero();
            Path jxl = jxend.launcher(Files.createDirectories(dir.resolve("bin")));
            String server = "jxl-console-" + ProcessHandle.current().pid();
            try {
                tmux(server, "new-session", "-d", "-x", "100", "-y", "30", "sh", "-c",
                        "'" + jxl + "' console c1; echo \"EXIT=$?\"; stty -a | grep -o ' -\\?echo ' | head -1; sleep 60");
                awaitPane(server, "Booting kernel on Xen");
                tmux(server, "send-keys", "C-]");
                String pane = awaitPane(server, "EXIT=0\n echo"); // status 0, then stty: echo on again
                assertThat(pane).contains("Linux version");
            } finally {
                new ProcessBuilder("tmux", "-L", server, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String awaitPane(String server, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String pane = tmux(server, "capture-pane", "-p");
        while (!pane.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            pane = tmux(server, "capture-pane", "-p");
        }
        assertThat(pane).as("the terminal within 30 s").contains(text);
        return pane;
    }

    private static String tmux(String server, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", server));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tmux %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
