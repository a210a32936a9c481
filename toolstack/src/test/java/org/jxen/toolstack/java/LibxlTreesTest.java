package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.jxen.config.DomainConfig;
import org.jxen.config.DomainConfigJson;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.SchedParams;
import org.jxen.hv.sim.Topology;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.ShutdownRequest;
import org.jxen.xen.testing.Commands;
import org.jxen.xen.testing.Oracles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JavaToolstack on the simulated host leaves the XenStore trees real libxl 4.17 left in the
 * xenlab for the same configs and the same steps (files under {@code libxl-trees/}, see its
 * MANIFEST), node for node, values and permissions, read with Xen's own {@code xenstore-ls -fp}:
 * only what differs between any two runs is masked ({@link LibxlTrees}), and only what the guest's
 * own drivers write while it runs is left out ({@link #GUEST_DRIVER_KEYS}; docs/toolstack.md says why).
 */
class LibxlTreesTest {
    private static final long SECOND = 1_000_000_000L;

    /** The lab's kernel and ramdisk: the simulated builder needs their existence, not their bytes. */
    private static final BootImages LAB_FILES = path -> new BuildSpec.Image.Memory(new byte[] {0x7f, 'E', 'L', 'F'});

    /**
     * Keys Linux 6.1's netfront writes that the simulated guest's does not: it uses one event
     * channel per vif, not split tx/rx channels.
     */
    private static final Set<String> GUEST_DRIVER_KEYS = Set.of("event-channel-tx", "event-channel-rx", "event-channel");

    /**
     * What Xen's block hotplug script writes of a block device: its major:minor and path. The
     * JavaToolstack's stand-in for the script ({@link BlockScript}) writes them for files on loop
     * devices only: the simulated host has no block devices to read numbers from.
     */
    private static final Set<String> BLOCK_SCRIPT_KEYS = Set.of("physical-device", "physical-device-path");

    private boolean xenstoreLs;

    @BeforeEach
    void tools() {
        xenstoreLs = Oracles.available("LibxlTreesTest xenstore-ls (Debian xenstore-utils)",
                Commands.toolMissing("xenstore-ls"));
    }

    private static DomainConfig config(String name) throws Exception {
        return XlDomainReader.read(XlConfigParser.parse(name + ".cfg", LibxlTrees.capture("configs/" + name + ".cfg")))
                .config();
    }

    /** The simulated host's tree for {@code domid} against the lab's capture {@code file} for {@code labDomid}. */
    private void same(SimToolstack s, int domid, String file, int labDomid) throws Exception {
        same(s, domid, file, labDomid, GUEST_DRIVER_KEYS);
    }

    /** As above, where the lab's guest had booted more or less far than the simulated one: see {@link LibxlTrees}. */
    private void sameWhereverTheGuestIs(SimToolstack s, int domid, String file, int labDomid) throws Exception {
        same(s, domid, file, labDomid, LibxlTrees.WHEREVER_THE_GUEST_IS);
    }

    private void same(SimToolstack s, int domid, String file, int labDomid, Set<String> left) throws Exception {
        same(s, domid, file, labDomid, left, UnaryOperator.identity());
    }

    /** As above, {@code asInTheLab} turning the paths of our images into the lab's. */
    private void same(SimToolstack s, int domid, String file, int labDomid, Set<String> left,
                      UnaryOperator<String> asInTheLab) throws Exception {
        TreeSet<String> ours = LibxlTrees.domain(asInTheLab.apply(LibxlTrees.live(s.machine.socket())), domid, left);
        TreeSet<String> libxl = LibxlTrees.domain(LibxlTrees.capture(file), labDomid, left);
        assertThat(LibxlTrees.only(libxl, ours)).as(file + ": written by libxl, not by us").isEmpty();
        assertThat(LibxlTrees.only(ours, libxl)).as(file + ": written by us, not by libxl").isEmpty();
        sameLongList(s, domid, file.replaceFirst("\\.xs$", ".json"), asInTheLab);
    }

    /**
     * The toolstack's configuration of the domain against what real {@code xl list -l} printed at
     * the same step (the caller's config with libxl's additions and live values), where the lab
     * captured one; UUIDs and MACs, which libxl may have made up, are masked.
     */
    private static void sameLongList(SimToolstack s, int domid, String file, UnaryOperator<String> asInTheLab)
            throws Exception {
        String printed = LibxlTrees.hasCapture(file) ? LibxlTrees.capture(file) : "";
        if (!printed.startsWith("[")) {
            return; // the domain was gone, or xl list -l failed (see the step's .json.err)
        }
        JsonNode lab = new ObjectMapper().readTree(printed).get(0).path("config");
        String theirs = DomainConfigJson.write(DomainConfigJson.readRunning(lab.toString(), new ArrayList<>()));
        assertThat(masked(asInTheLab.apply(DomainConfigJson.write(s.toolstack.config(domid))))).as(file)
                .isEqualTo(masked(theirs));
    }

    private static String masked(String json) {
        return json.replaceAll("\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}", "UUID")
                .replaceAll("00:16:3e(:\\p{XDigit}{2}){3}", "MAC");
    }

    @Test
    void pvBasicCreatedPausedRunningShutDownCreatedAgainAndDestroyed(@TempDir Path dir) throws Exception {
        if (!xenstoreLs) {
            return;
        }
        try (SimToolstack s = SimToolstack.withImages(dir, Topology.laptop(), LAB_FILES)) {
            Domain d = s.toolstack.create(config("pv-basic"), CreateOptions.DEFAULT.paused(true));
            same(s, d.domid(), "pv-basic/03-create-paused.xs", 1);
            s.toolstack.unpause(d.domid());
            s.run(2 * SECOND); // the guest boots and connects its vif
            same(s, d.domid(), "pv-basic/04-unpause.xs", 1);
            s.toolstack.shutdown(d.domid(), ShutdownRequest.POWEROFF, Duration.ofSeconds(10));
            s.run(SECOND);
            same(s, d.domid(), "pv-basic/06-gone.xs", 1);
            Domain again = s.toolstack.create(config("pv-basic"), CreateOptions.DEFAULT);
            s.run(2 * SECOND);
            same(s, again.domid(), "pv-basic/07-create.xs", 2);
            s.toolstack.destroy(again.domid());
            same(s, again.domid(), "pv-basic/09-destroy.xs", 2);
        }
    }

    @Test
    void pvFullThroughItsLifecycle(@TempDir Path dir) throws Exception {
        if (!xenstoreLs) {
            return;
        }
        try (SimToolstack s = SimToolstack.withImages(dir, Topology.laptop(), LAB_FILES)) {
            DomainConfig c = Configs.withDisks(config("pv-full"), List.of()); // the lab's disk never connected
            int d = s.toolstack.create(c, CreateOptions.DEFAULT.paused(true)).domid();
            same(s, d, "pv-full/05-create-paused-nodisk.xs", 3);
            s.toolstack.unpause(d);
            s.run(2 * SECOND);
            sameWhereverTheGuestIs(s, d, "pv-full/06-unpause.xs", 3);
            s.toolstack.setOnlineVcpus(d, 3);
            s.run(SECOND);
            sameWhereverTheGuestIs(s, d, "pv-full/07-vcpu-set-3.xs", 3);
            s.toolstack.setOnlineVcpus(d, 1);
            sameWhereverTheGuestIs(s, d, "pv-full/08-vcpu-set-1.xs", 3);
            s.toolstack.setMemoryTarget(d, 100 * 1024);
            s.run(SECOND);
            sameWhereverTheGuestIs(s, d, "pv-full/09-mem-set-100m.xs", 3);
            s.toolstack.setMaxMemory(d, 200 * 1024);
            sameWhereverTheGuestIs(s, d, "pv-full/10-mem-max-200m.xs", 3);
            s.toolstack.pinVcpu(d, 0, Set.of(0), null);
            s.toolstack.pinVcpu(d, 0, null, Set.of(0));
            s.toolstack.setSchedParams(d, new SchedParams.Credit2(300, 20));
            sameWhereverTheGuestIs(s, d, "pv-full/13-sched-credit2.xs", 3);
            DomainConfig.Nic second = RecordEdit.of(c.nics().getFirst()).set("mac", "00:16:3e:4a:7d:02").set("devid", null).build();
            int devid = s.toolstack.attachNic(d, second);
            s.run(SECOND);
            sameWhereverTheGuestIs(s, d, "pv-full/14-network-attach.xs", 3);
            s.toolstack.detachNic(d, devid);
            sameWhereverTheGuestIs(s, d, "pv-full/15-network-detach.xs", 3);
            s.toolstack.shutdown(d, ShutdownRequest.REBOOT, Duration.ofSeconds(10));
            s.run(3 * SECOND); // on_reboot = restart: a new domain, booted
            int restarted = s.toolstack.domid("pv-full");
            sameWhereverTheGuestIs(s, restarted, "pv-full/19-restarted.xs", 4);
            s.toolstack.rename(restarted, "pv-full-renamed");
            sameWhereverTheGuestIs(s, restarted, "pv-full/20-rename.xs", 4);
            s.toolstack.shutdown(restarted, ShutdownRequest.POWEROFF, Duration.ofSeconds(10));
            s.run(SECOND);
            sameWhereverTheGuestIs(s, restarted, "pv-full/22-gone.xs", 4);
        }
    }

    /**
     * Disks on block devices (the lab's loop devices; the first capture where they connected): created
     * paused, with blkback's keys and the block hotplug script's, then destroyed. Left out: the keys
     * the block script writes from the device's numbers ({@link #BLOCK_SCRIPT_KEYS}), and the steps
     * with the disks connected (04, 05), as the simulated blkback opens image files only, not the lab's
     * {@code /dev/loopN}: its Connect keys follow those captures (VbdDisk) without a comparison here.
     */
    @Test
    void pvDisksCreatedPausedThenDestroyed(@TempDir Path dir) throws Exception {
        if (!xenstoreLs) {
            return;
        }
        try (SimToolstack s = SimToolstack.withImages(dir, Topology.laptop(), LAB_FILES)) {
            int d = s.toolstack.create(config("pv-disks"), CreateOptions.DEFAULT.paused(true)).domid();
            same(s, d, "pv-disks/03-create-paused.xs", 1, BLOCK_SCRIPT_KEYS);
            s.toolstack.destroy(d);
            same(s, d, "pv-disks/06-destroy.xs", 1, BLOCK_SCRIPT_KEYS);
        }
    }

    /**
     * Raw files as disks (pv-files), libxl's phy backend over the block script's loop devices: created
     * paused, running, a third attached, the read-only one detached (its loop device freed), destroyed.
     * The images are here, not in the lab's /var/lib/xenlab, so the simulated blkback can size them.
     */
    @Test
    void pvFilesOnLoopDevicesThroughAttachAndDetach(@TempDir Path dir) throws Exception {
        if (!xenstoreLs) {
            return;
        }
        Path images = Files.createDirectories(dir.resolve("images"));
        for (String image : List.of("a:16", "b:8", "c:4")) {
            try (RandomAccessFile f = new RandomAccessFile(images.resolve("pv-files-" + image.charAt(0) + ".img").toFile(),
                    "rw")) {
                f.setLength(Long.parseLong(image.substring(2)) << 20);
            }
        }
        UnaryOperator<String> asInTheLab = t -> t.replace(images.toString(), "/var/lib/xenlab");
        String lab = LibxlTrees.capture("configs/pv-files.cfg").replace("/var/lib/xenlab/pv-files", images + "/pv-files");
        DomainConfig c = XlDomainReader.read(XlConfigParser.parse("pv-files.cfg", lab)).config();
        try (SimToolstack s = SimToolstack.withImages(dir, Topology.laptop(), LAB_FILES)) {
            int d = s.toolstack.create(c, CreateOptions.DEFAULT.paused(true)).domid();
            same(s, d, "pv-files/03-create-paused.xs", 1, GUEST_DRIVER_KEYS, asInTheLab);
            s.toolstack.unpause(d);
            s.run(2 * SECOND);
            same(s, d, "pv-files/04-unpause.xs", 1, LibxlTrees.WHEREVER_THE_GUEST_IS, asInTheLab);
            DomainConfig third = XlDomainReader.read(XlConfigParser.parse("attach", lab + "disk = [ 'format=raw,vdev=xvdc,"
                    + "access=rw,target=" + images.resolve("pv-files-c.img") + "' ]\n")).config();
            s.toolstack.attachDisk(d, third.disks().getFirst());
            s.run(2 * SECOND);
            same(s, d, "pv-files/05-block-attach.xs", 1, LibxlTrees.WHEREVER_THE_GUEST_IS, asInTheLab);
            s.toolstack.detachDisk(d, "xvdb");
            same(s, d, "pv-files/06-block-detach.xs", 1, LibxlTrees.WHEREVER_THE_GUEST_IS, asInTheLab);
            s.toolstack.destroy(d);
            same(s, d, "pv-files/07-destroy.xs", 1, GUEST_DRIVER_KEYS, asInTheLab);
        }
    }

    /**
     * Configs whose on_* actions and pinning libxl keeps out of XenStore, and the vif settings it puts
     * in (pv-nics): created paused, then destroyed.
     */
    @ParameterizedTest
    @CsvSource({"pv-actions-a, 6, 04-destroy", "pv-actions-b, 7, 04-destroy", "pv-pinned, 8, 05-destroy",
            "pv-nics, 1, 04-destroy"})
    void createdPausedThenDestroyed(String name, int labDomid, String destroyed, @TempDir Path dir) throws Exception {
        if (!xenstoreLs) {
            return;
        }
        try (SimToolstack s = SimToolstack.withImages(dir, Topology.laptop(), LAB_FILES)) {
            int d = s.toolstack.create(config(name), CreateOptions.DEFAULT.paused(true)).domid();
            same(s, d, name + "/03-create-paused.xs", labDomid);
            s.toolstack.destroy(d);
            same(s, d, name + "/" + destroyed + ".xs", labDomid);
        }
    }
}
