package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.ForeignMapping;
import org.jxen.hv.VcpuInfo;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.ToolstackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Save, restore and checkpoint on the simulated host keep a guest's memory byte for byte, its
 * identity and its devices; a damaged image is refused before anything is created.
 */
class SaveRestoreTest {
    private static final long SECOND = 1_000_000_000L;

    private static Domain busyGuest(SimToolstack s, Path dir) throws Exception {
        Domain d = s.toolstack.create(JavaToolstackTest.config(dir, """
                name = "keep"
                kernel = "KERNEL"
                memory = 64
                vcpus = 2
                vif = ['mac=00:16:3e:00:00:07']
                """), CreateOptions.DEFAULT.awaitingFrontends(Duration.ofSeconds(5)));
        s.host.setDirtyRate(d.domid(), 2000); // the guest writes its memory, so there is something to keep
        s.run(SECOND);
        s.host.setDirtyRate(d.domid(), 0);
        return d;
    }

    /** A digest of every frame of the domain's memory, read through dom0's foreign mappings. */
    private static String memory(SimToolstack s, int domid) throws Exception {
        DomainInfo info = s.host.domainInfo(domid);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long frames = info.maxMemKb() / 4;
        for (long first = 0; first < frames; first += 1024) {
            long[] gfns = new long[(int) Math.min(1024, frames - first)];
            for (int i = 0; i < gfns.length; i++) {
                gfns[i] = first + i;
            }
            try (ForeignMapping m = s.host.mapForeign(domid, gfns, false)) {
                sha.update(m.pages().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void saveThenRestoreKeepsMemoryIdentityAndDevices(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            Domain d = busyGuest(s, dir);
            String before = memory(s, d.domid());
            Path image = dir.resolve("keep.save");
            s.toolstack.save(d.domid(), image, false);
            assertThat(s.toolstack.list()).extracting(Domain::name).containsExactly("Domain-0");

            Domain back = s.toolstack.restore(image, CreateOptions.DEFAULT.paused(true));
            assertThat(back.name()).isEqualTo("keep");
            assertThat(back.uuid()).isEqualTo(d.uuid());
            assertThat(back.domid()).isNotEqualTo(d.domid());
            assertThat(memory(s, back.domid())).isEqualTo(before);
            s.toolstack.unpause(back.domid());
            s.run(2 * SECOND);
            assertThat(s.toolstack.devices(back.domid(), DeviceStatus.Kind.VIF)).singleElement().satisfies(v -> {
                assertThat(v.identity()).isEqualTo("00:16:3e:00:00:07");
                assertThat(v.frontendState()).isEqualTo(DeviceStatus.CONNECTED);
            });
        }
    }

    @Test
    void theVcpusOnlineAtTheSaveAreOnlineAfterTheRestore(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            Domain d = s.toolstack.create(JavaToolstackTest.config(dir, """
                    name = "cpus"
                    kernel = "KERNEL"
                    memory = 64
                    vcpus = 1
                    maxvcpus = 4
                    """), CreateOptions.DEFAULT);
            s.run(SECOND);
            s.toolstack.setOnlineVcpus(d.domid(), 3);
            s.run(SECOND);
            Path image = dir.resolve("cpus.save");
            s.toolstack.save(d.domid(), image, false);

            Domain back = s.toolstack.restore(image, CreateOptions.DEFAULT);
            s.run(2 * SECOND);
            String cpu = "/local/domain/" + back.domid() + "/cpu/";
            assertThat(List.of(0, 1, 2, 3)).map(n -> s.xs.readString(cpu + n + "/availability"))
                    .containsExactly("online", "online", "online", "offline");
            assertThat(s.toolstack.vcpus(back.domid())).extracting(VcpuInfo::online)
                    .containsExactly(true, true, true, false);
        }
    }

    @Test
    void aCheckpointLeavesTheDomainRunning(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            Domain d = busyGuest(s, dir);
            String before = memory(s, d.domid());
            Path image = dir.resolve("keep.ckpt");
            s.toolstack.save(d.domid(), image, true);
            Domain still = s.toolstack.domain(d.domid());
            assertThat(still.info().has(DomainInfo.Flag.PAUSED)).isFalse();
            assertThatThrownBy(() -> s.toolstack.restore(image, CreateOptions.DEFAULT))
                    .isInstanceOfSatisfying(ToolstackException.class,
                            e -> assertThat(e.kind()).isEqualTo(ToolstackException.Kind.DUPLICATE_NAME));
            s.toolstack.destroy(d.domid());
            assertThat(memory(s, s.toolstack.restore(image, CreateOptions.DEFAULT.paused(true)).domid())).isEqualTo(before);
        }
    }

    @Test
    void aRestoreThatFailsUnexpectedlyLeavesNoDomain(@TempDir Path dir) throws Exception {
        // as when the simulated host ran out of direct memory copying a 1 GiB guest back in: the
        // domain was left paused, half restored
        CreateRollbackTest.Failing[] failing = new CreateRollbackTest.Failing[1];
        try (SimToolstack s = new SimToolstack(dir, org.jxen.hv.sim.Topology.laptop(),
                hv -> CreateRollbackTest.Failing.wrap(failing[0] = new CreateRollbackTest.Failing(hv, "mapForeign", 1,
                        () -> new OutOfMemoryError("injected: cannot reserve direct buffer memory"))))) {
            Domain d = busyGuest(s, dir);
            Path image = dir.resolve("keep.save");
            s.toolstack.save(d.domid(), image, false);
            List<String> before = StoreDump.of(s.xs);
            failing[0].arm();

            assertThatThrownBy(() -> s.toolstack.restore(image, CreateOptions.DEFAULT)).isInstanceOf(OutOfMemoryError.class);

            assertThat(failing[0].fired).isTrue();
            assertThat(s.toolstack.list()).extracting(Domain::name).containsExactly("Domain-0");
            assertThat(StoreDump.of(s.xs)).isEqualTo(before);
        }
    }

    @Test
    void aDamagedImageIsRefusedAndCreatesNothing(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            Domain d = busyGuest(s, dir);
            Path image = dir.resolve("keep.save");
            s.toolstack.save(d.domid(), image, false);
            byte[] bytes = Files.readAllBytes(image);
            List<String> before = StoreDump.of(s.xs);

            Path truncated = dir.resolve("truncated.save");
            Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            byte[] flipped = bytes.clone();
            flipped[bytes.length / 3] ^= 0x10;
            Path corrupt = dir.resolve("corrupt.save");
            Files.write(corrupt, flipped);
            for (Path bad : List.of(truncated, corrupt)) {
                assertThatThrownBy(() -> s.toolstack.restore(bad, CreateOptions.DEFAULT))
                        .isInstanceOfSatisfying(ToolstackException.class, e -> {
                            assertThat(e.kind()).isEqualTo(ToolstackException.Kind.BAD_IMAGE);
                            assertThat(e.getMessage()).contains(bad.toString());
                        });
            }
            assertThat(StoreDump.of(s.xs)).isEqualTo(before);
            assertThat(s.host.domains()).extracting(DomainInfo::domid).containsExactly(0);
        }
    }
}
