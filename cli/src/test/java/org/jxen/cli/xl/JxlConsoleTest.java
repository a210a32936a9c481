package org.jxen.cli.xl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.cli.JxendForTest;

/**
 * {@code jxl console} and {@code jxl create -c} in a real terminal (tmux): the guest's boot messages,
 * a command typed and the guest's shell answering, and {@code Ctrl-]} detaches with status 0, the
 * terminal back as it was (echo on), the domain running on.
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
            try (Tmux terminal = new Tmux("jxl-console", 100, 30,
                    "'" + jxl + "' console c1; echo \"EXIT=$?\"; stty -a | grep -o ' -\\?echo ' | head -1; sleep 60")) {
                terminal.await("Booting kernel on Xen");
                terminal.await("root@c1:~#"); // the shell's prompt, before anything is typed (tmux trims the space after it)
                terminal.send("echo typed-in-jxl");
                terminal.await("root@c1:~# echo typed-in-jxl"); // echoed as typed, before Enter
                terminal.send("Enter");
                terminal.await("\ntyped-in-jxl\n"); // the guest shell's answer, on a line of its own
                terminal.send("C-]");
                String pane = terminal.await("EXIT=0\n echo"); // status 0, then stty: echo on again
                assertThat(pane).contains("Linux version");
            }
        }
    }

    @Test
    void createDashCAttachesToTheNewDomain() throws Exception {
        try (JxendForTest jxend = JxendForTest.start(dir.resolve("jxend"))) {
            Path cfg = Files.copy(XlGolden.DIR.resolve("xenlab-guest.cfg"), dir.resolve("guest.cfg"));
            Path jxl = jxend.launcher(Files.createDirectories(dir.resolve("bin")));
            try (Tmux terminal = new Tmux("jxl-create-c", 100, 30,
                    "'" + jxl + "' create -c '" + cfg + "' 'name=\"c2\"'; echo \"EXIT=$?\"; sleep 60")) {
                terminal.await("Booting kernel on Xen");
                terminal.send("C-]");
                assertThat(terminal.await("EXIT=0")).startsWith("Parsing config from ");
            }
            assertThat(jxend.jxl("list", "c2").status()).as("the domain runs on after detaching").isZero();
        }
    }
}
