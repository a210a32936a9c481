package org.jxen.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jxen.api.client.XenApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jxend in a process of its own, killed with SIGKILL at random moments while a client creates,
 * starts, attaches disks to and destroys VMs, then started again: every change it acknowledged
 * is there, nothing it acknowledged as gone came back, and nothing is half-built (references
 * point at objects, disks have their images and images their disks).
 */
class CrashSafetyTest {
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    /** What the client was told: VMs that exist and VMs that are gone. */
    private final Set<String> exist = ConcurrentHashMap.newKeySet();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();

    @Test
    void aKilledJxendKeepsWhatItAcknowledgedAndNothingHalfBuilt() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < ROUNDS; round++) {
            Process jxend = start();
            try {
                XenApiClient c = connect();
                check(c);
                Thread worker = Thread.ofVirtual().start(() -> work(random.nextLong()));
                Thread.sleep(500 + random.nextInt(2500));
                jxend.destroyForcibly().waitFor();
                worker.join(Duration.ofSeconds(30));
                closeAfterKill(c);
            } finally {
                jxend.destroyForcibly().waitFor(); // a failed round leaves no daemon behind
            }
        }
        Process jxend = start();
        try (XenApiClient c = connect()) {
            check(c);
            assertThat(exist).as("VMs made during the run").isNotEmpty();
        } finally {
            jxend.destroy();
            jxend.waitFor();
        }
    }

    /** The client's logout cannot reach a killed jxend. */
    private static void closeAfterKill(XenApiClient c) {
        try {
            c.close();
        } catch (IOException expected) {
            // jxend is gone
        }
    }

    private Process start() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "org.jxen.daemon.Main", "--state-dir", dir.toString(), "--http-port", "off", "--https-port", "off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("jxend.out").toFile()).start();
    }

    private XenApiClient connect() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            XenApiClient c = XenApiClient.unixSocket(dir.resolve("xapi.sock"));
            try {
                c.login("root", "");
                return c;
            } catch (IOException notYet) {
                c.close();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("jxend did not come up: " + Files.readString(dir.resolve("jxend.out")));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Makes VMs with a disk of their own, starts them, plugs, stops and destroys some, until jxend dies. */
    private void work(long seed) {
        Random random = new Random(seed);
        XenApiClient c = null;
        try {
            c = connect();
            String template = ((List<?>) c.call("VM.get_by_name_label", "Generic Linux PV")).getFirst().toString();
            String sr = (String) c.call("pool.get_default_SR", ((List<?>) c.call("pool.get_all")).getFirst());
            List<String> mine = new ArrayList<>();
            while (true) {
                if (mine.isEmpty() || random.nextInt(3) > 0) {
                    String vm = (String) c.call("VM.clone", template, "crash-" + random.nextInt(1_000_000));
                    exist.add(vm);
                    c.call("VM.provision", vm);
                    c.call("VM.set_is_a_template", vm, false);
                    c.call("VM.set_memory", vm, 64L << 20);
                    String vdi = (String) c.call("VDI.create", Map.of("name_label", "data", "SR", sr,
                            "virtual_size", Long.toString(16L << 20), "type", "user"));
                    c.call("VBD.create", Map.of("VM", vm, "VDI", vdi, "userdevice", "autodetect", "mode", "RW",
                            "type", "Disk", "empty", false));
                    c.call("VM.start", vm, false, false);
                    mine.add(vm);
                } else {
                    String vm = mine.remove(random.nextInt(mine.size()));
                    c.call("VM.hard_shutdown", vm);
                    c.call("VM.destroy", vm);
                    exist.remove(vm);
                    gone.add(vm);
                }
            }
        } catch (Exception killed) {
            // jxend was killed under the client: the call in flight may or may not have happened
            if (c != null) {
                closeAfterKill(c);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> records(XenApiClient c, String cls) throws Exception {
        return (Map<String, Object>) c.call(cls + ".get_all_records");
    }

    private void check(XenApiClient c) throws Exception {
        Map<String, Object> vms = records(c, "VM");
        assertThat(vms.keySet()).as("acknowledged VMs").containsAll(exist);
        assertThat(vms.keySet()).as("VMs acknowledged as destroyed").noneMatch(gone::contains);
        Map<String, Object> vbds = records(c, "VBD");
        Map<String, Object> vdis = records(c, "VDI");
        for (Object vbd : vbds.values()) {
            Map<?, ?> r = (Map<?, ?>) vbd;
            assertThat(vms).as("the VM of a VBD").containsKey((String) r.get("VM"));
            if (!Boolean.TRUE.equals(r.get("empty"))) {
                assertThat(vdis).as("the VDI of a VBD").containsKey((String) r.get("VDI"));
            }
        }
        Set<Path> images = new HashSet<>();
        for (Object vdi : vdis.values()) {
            Map<?, ?> r = (Map<?, ?>) vdi;
            assertThat(r.get("missing")).as("VDI " + r.get("uuid") + " has its image").isEqualTo(false);
            images.add(Path.of((String) r.get("location")));
        }
        try (var files = Files.list(dir.resolve("sr"))) {
            assertThat(files.toList()).as("every image has its VDI").allMatch(images::contains);
        }
        for (Object vm : vms.values()) {
            Map<?, ?> r = (Map<?, ?>) vm;
            if (!Boolean.TRUE.equals(r.get("is_control_domain"))) {
                assertThat(r.get("power_state")).as("a VM after the simulated host restarted").isEqualTo("Halted");
                assertThat((Map<?, ?>) c.call("VM_metrics.get_record", r.get("metrics"))).isNotEmpty();
            }
        }
    }
}
