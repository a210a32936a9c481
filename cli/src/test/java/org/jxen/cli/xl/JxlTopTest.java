package org.jxen.cli.xl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.cli.JxendForTest;

/**
 * {@code jxl top}: its batch mode against real xentop's ({@code xentop -b -i 2 -d 1} in the xenlab with
 * alpha running and beta paused, {@code scripts/xenlab/jxl-golden-3.sh}), and its screen in a real
 * terminal (tmux), which {@code q} ends. Masked: CPU seconds and percent (the hosts' clocks), memory
 * percent (of a 2 GiB lab host, a 16 GiB simulated one), NETS (xentop counts the vifs it finds in dom0's
 * network statistics, which the lab's vif-xenlab interface is not in: 0; jxl counts the domain's NICs),
 * domain 0's row. Not covered: xentop's summary lines (no golden output of xentop's screen).
 */
class JxlTopTest {
    private static final Pattern ROW = Pattern.compile(
            "^( *\\S+ \\S{6}) +\\d+ +\\d+\\.\\d( +\\d+) +\\d+\\.\\d( +\\d+) +\\d+\\.\\d( +\\d+) +\\d+ (.*)$", Pattern.MULTILINE);
    private static final Pattern DOM0 = Pattern.compile("^  Domain-0 .*$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private static String masked(String top) {
        String t = DOM0.matcher(top).replaceAll("  Domain-0 <host's>");
        return ROW.matcher(t).replaceAll("$1 <cpu> <cpu%>$2 <mem%>$3 <maxmem%>$4 <nets> $5");
    }

    private JxendForTest withAlphaAndBeta() throws Exception {
        JxendForTest jxend = JxendForTest.start(dir.resolve("jxend"));
        Path net = Files.copy(XlGolden.DIR.resolve("xenlab-guest-net.cfg"), dir.resolve("net.cfg"));
        Path plain = Files.copy(XlGolden.DIR.resolve("xenlab-guest.cfg"), dir.resolve("plain.cfg"));
        assertThat(jxend.jxl("create", net.toString(), "name=\"alpha\"", "vcpus=2", "maxvcpus=2", "maxmem=256").status()).isZero();
        assertThat(jxend.jxl("create", "-p", plain.toString(), "name=\"beta\"").status()).isZero();
        return jxend;
    }

    @Test
    void batchModeIsXentops() throws Exception {
        try (JxendForTest jxend = withAlphaAndBeta()) {
            awaitBlocked(jxend);
            JxendForTest.Run jxl = jxend.jxl("top", "-b", "-i", "2", "-d", "1");
            XlGolden.Answer xentop = XlGolden.answer("xentop-batch");
            assertThat(jxl.status()).isEqualTo(xentop.status());
            assertThat(masked(jxl.out())).isEqualTo(masked(xentop.out()));
            assertThat(jxl.out()).contains("     alpha --b---").contains("    2    1        0");
        }
    }

    @Test
    void screenRefreshesUntilQ() throws Exception {
        try (JxendForTest jxend = withAlphaAndBeta()) {
            Path jxl = jxend.launcher(Files.createDirectories(dir.resolve("bin")));
            try (Tmux terminal = new Tmux("jxl-top", 200, 20, "'" + jxl + "' top -d 1; echo \"EXIT=$?\"; sleep 60")) {
                String screen = terminal.await("beta ----p-");
                assertThat(screen).startsWith("xentop - ").contains("3 domains: ").contains(TopCommand.HEADER);
                terminal.send("q");
                terminal.await("EXIT=0");
            }
        }
    }

    /** As xentop ran after alpha had booted: its vCPUs wait for events. */
    private static void awaitBlocked(JxendForTest jxend) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!jxend.jxl("list", "alpha").out().contains(" -b---- ") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
