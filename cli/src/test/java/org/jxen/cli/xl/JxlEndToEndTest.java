package org.jxen.cli.xl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.api.client.XenApiClient;

/**
 * A domain's whole life through jxl alone, each command a jxl process of its own against jxend in
 * another (both on this test's class path, as bin/jxl and bin/jxend run them): create from an
 * example config, its console, pin a vCPU, set memory, attach a disk and a NIC, dump its core, send
 * it a sysrq, save and restore, shut down,
 * create again and destroy; the guest's boot messages through {@code console}; then jxl against a
 * jxend that has stopped. {@code console} in a terminal: {@link JxlConsoleTest}.
 */
class JxlEndToEndTest {
    private static final Path EXAMPLES = Path.of("../examples");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    @Test
    void aDomainsLifeThroughJxlOnly() throws Exception {
        Path state = Files.createDirectories(dir.resolve("jxend"));
        Path socket = state.resolve("xapi.sock");
        Process jxend = new ProcessBuilder(JAVA, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "org.jxen.daemon.Main", "--state-dir", state.toString(),
                "--http-port", "off", "--https-port", "off").redirectErrorStream(true)
                .redirectOutput(dir.resolve("jxend.out").toFile()).start();
        try {
            awaitSocket(socket, jxend);
            lifecycle(socket);
        } finally {
            jxend.destroy();
            assertThat(jxend.waitFor(30, TimeUnit.SECONDS)).as("jxend stops on SIGTERM").isTrue();
        }
        Run gone = jxl(socket, "list");
        assertThat(gone.status()).isEqualTo(1);
        assertThat(gone.err()).startsWith("jxl: jxend is not running").contains("./jxen up");
    }

    private void lifecycle(Path socket) throws Exception {
        Run create = ok(socket, "create", EXAMPLES.resolve("web.cfg").toString(), "name=\"e2e\"", "memory=256",
                "maxmem=512", "vif=[\"mac=00:16:3e:00:00:01\"]");
        assertThat(create.err()).isEqualTo("Parsing config from " + EXAMPLES.resolve("web.cfg") + "\n");
        assertThat(ok(socket, "list", "e2e").out()).containsPattern("\ne2e +1 +256 +2 ");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Run console = jxlWithInput(socket, "\u001d", "console", "e2e"); // what the guest printed so far, then Ctrl-]
        while (!console.out().contains("Booting kernel on Xen") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            console = jxlWithInput(socket, "\u001d", "console", "e2e");
        }
        assertThat(console.status()).as("Ctrl-] on standard input detaches: %s", console.err()).isZero();
        assertThat(console.out()).as("the guest's boot messages within 10 s").contains("Booting kernel on Xen");

        ok(socket, "vcpu-pin", "e2e", "0", "1");
        assertThat(ok(socket, "vcpu-list", "e2e").out()).containsPattern("\ne2e +1 +0 .* 1 / all\n");

        ok(socket, "mem-set", "e2e", "200m");
        await(socket, new String[] {"list", "e2e"}, out -> out.matches("(?s).*\ne2e +1 +200 .*"));

        Path disk = dir.resolve("disk.img");
        try (var f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength(8 << 20);
        }
        ok(socket, "block-attach", "e2e", "format=raw,vdev=xvdb,access=rw,target=" + disk);
        assertThat(ok(socket, "block-list", "e2e").out()).containsPattern("\n51728 +0 +1 ");
        // each argument a specification of its own, target= first (joined by commas, target= took the rest)
        ok(socket, "block-attach", "e2e", "target=" + disk, "vdev=xvdc", "access=ro");
        assertThat(ok(socket, "block-list", "e2e").out()).containsPattern("\n51744 +0 +1 ");
        ok(socket, "network-attach", "e2e", "mac=00:16:3e:00:00:42");
        assertThat(ok(socket, "network-list", "e2e").out()).contains("00:16:3e:00:00:01").contains("00:16:3e:00:00:42");

        Path core = dir.resolve("e2e.core");
        ok(socket, "dump-core", "e2e", core.toString());
        byte[] elf = new byte[18];
        try (var in = Files.newInputStream(core)) {
            assertThat(in.readNBytes(elf, 0, elf.length)).isEqualTo(elf.length);
        }
        assertThat(elf).as("an ELF64 core (ET_CORE)").startsWith(0x7f, 'E', 'L', 'F', 2).endsWith(4, 0);
        assertThat(Files.size(core)).as("200 MiB of pages and more").isGreaterThan(200L << 20);
        ok(socket, "sysrq", "e2e", "s");

        Path image = dir.resolve("e2e.save");
        ok(socket, "save", "e2e", image.toString());
        assertThat(ok(socket, "list").out()).doesNotContain("e2e");
        ok(socket, "restore", image.toString());
        Run restored = ok(socket, "list", "e2e");
        assertThat(restored.out()).containsPattern("\ne2e +2 +200 +2 ");
        assertThat(ok(socket, "block-list", "e2e").out()).containsPattern("\n51728 ");

        Run shutdown = ok(socket, "shutdown", "-w", "e2e");
        assertThat(shutdown.err()).isEqualTo("Shutting down domain 2\nWaiting for 1 domains\n"
                + "Domain 2 has been shut down, reason code 0\n");
        assertThat(jxl(socket, "list", "e2e").err()).isEqualTo("e2e is an invalid domain identifier (rc=-6)\n");

        // xl restore CONFIG FILE: the image's memory, the config's name and devices; another machine is refused
        String machine = "type = \"pvh\"\nkernel = \"/boot/vmlinuz\"\nvcpus = 2\nmemory = 256\n";
        Path again = Files.writeString(dir.resolve("again.cfg"), machine
                + "name = \"e2e-again\"\nmaxmem = 512\nvif = [\"mac=00:16:3e:00:00:77\"]\n");
        Path bigger = Files.writeString(dir.resolve("bigger.cfg"), machine + "name = \"e2e-big\"\nmaxmem = 1024\n");
        Run refused = jxl(socket, "restore", bigger.toString(), image.toString());
        assertThat(refused.status()).isNotZero();
        assertThat(refused.err()).contains("maximum memory (KiB) 524288 but the config asks for 1048576");
        assertThat(ok(socket, "restore", again.toString(), image.toString()).err())
                .isEqualTo("Parsing config from " + again + "\n");
        assertThat(ok(socket, "network-list", "e2e-again").out()).contains("00:16:3e:00:00:77")
                .doesNotContain("00:16:3e:00:00:01");
        ok(socket, "destroy", "e2e-again");

        ok(socket, "create", EXAMPLES.resolve("web.cfg").toString(), "name=\"e2e\"", "memory=256");
        ok(socket, "destroy", "e2e");
        assertThat(ok(socket, "list").out().lines().count()).as("only Domain-0 is left").isEqualTo(2);
        try (XenApiClient xapi = XenApiClient.unixSocket(socket)) {
            xapi.login("root", "");
            assertThat((java.util.List<?>) xapi.call("VM.get_by_name_label", "e2e"))
                    .as("as xl leaves nothing behind, shutdown -w and destroy leave no VM of jxl create's").isEmpty();
        }
    }

    private Run ok(Path socket, String... args) throws IOException, InterruptedException {
        Run r = jxl(socket, args);
        assertThat(r.status()).as("jxl %s: %s", String.join(" ", args), r.err()).isZero();
        return r;
    }

    private void await(Path socket, String[] args, Predicate<String> out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Run r = jxl(socket, args);
        while (!out.test(r.out()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = jxl(socket, args);
        }
        assertThat(r.out()).as("jxl %s within 10 s", String.join(" ", args)).matches(out);
    }

    private Run jxl(Path socket, String... args) throws IOException, InterruptedException {
        return jxlWithInput(socket, "", args);
    }

    /** jxl as a process of its own, as bin/jxl runs it, {@code input} on its standard input. */
    private Run jxlWithInput(Path socket, String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djxl.socket=" + socket, "-cp", System.getProperty("java.class.path"), "org.jxen.cli.Jxl"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Path in = Files.writeString(Files.createTempFile(dir, "in", ".txt"), input);
        Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("jxl %s ends", String.join(" ", args)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void awaitSocket(Path socket, Process jxend) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)) {
            assertThat(jxend.isAlive()).as("jxend is running").isTrue();
            assertThat(System.nanoTime()).as("jxend's socket within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
