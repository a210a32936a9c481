package org.jxen.hv.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jxen.hv.BuildResult;
import org.jxen.hv.BuildSpec;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.DomainEvent;
import org.jxen.hv.DomainEvents;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.DomainType;
import org.jxen.hv.Errno;
import org.jxen.hv.EventChannelStatus;
import org.jxen.hv.ForeignMapping;
import org.jxen.hv.GrantMapping;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.HypervisorException;
import org.jxen.hv.SchedParams;
import org.jxen.hv.ShutdownReason;
import org.jxen.hv.XenError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Hypervisor} must do, as dom0 sees Xen: the simulated host runs it, and the
 * real-Xen backend runs the same class. A subclass gives the hypervisor and a way to let time pass.
 * Domains the tests create are destroyed after each test.
 */
public abstract class HypervisorContractTest {
    protected static final long MEM_KB = 64 * 1024;

    @TempDir
    Path dir;
    private Hypervisor xen;
    private Path kernel;
    private final List<Integer> created = new ArrayList<>();

    /** The hypervisor under test, fresh or shared; called once per test. */
    protected abstract Hypervisor hypervisor();

    /** Lets {@code time} pass on the hypervisor's clock (virtual on the simulated host). */
    protected abstract void letTimePass(Duration time);

    @BeforeEach
    void setUp() throws IOException {
        xen = hypervisor();
        kernel = Files.write(dir.resolve("vmlinuz"), new byte[] {0x7f, 'E', 'L', 'F'});
    }

    @AfterEach
    void destroyCreated() throws HypervisorException {
        for (int domid : created) {
            if (xen.domains().stream().anyMatch(d -> d.domid() == domid)) {
                xen.destroyDomain(domid);
            }
        }
    }

    private int create() throws HypervisorException {
        int domid = xen.createDomain(CreateSpec.of(DomainType.PVH, UUID.randomUUID(), 2));
        created.add(domid);
        return domid;
    }

    private BuildSpec buildSpec(long memKb) {
        return new BuildSpec(new BuildSpec.Image.File(kernel), null, "console=hvc0", memKb, 0, 0);
    }

    private int createBuilt() throws HypervisorException {
        int domid = create();
        xen.setMaxMemory(domid, MEM_KB);
        xen.build(domid, buildSpec(MEM_KB));
        return domid;
    }

    @Test
    void createTakesNoMemoryAndBuildPopulatesIt() throws HypervisorException {
        UUID handle = UUID.randomUUID();
        int domid = xen.createDomain(CreateSpec.of(DomainType.PVH, handle, 2));
        created.add(domid);
        DomainInfo info = xen.domainInfo(domid);
        assertThat(info.handle()).isEqualTo(handle);
        assertThat(info.type()).isEqualTo(DomainType.PVH);
        assertThat(info.state()).isEqualTo(DomainInfo.State.ALIVE);
        assertThat(info.flags()).contains(DomainInfo.Flag.PAUSED);
        assertThat(info.memKb()).isZero();
        assertThat(info.maxVcpus()).isEqualTo(2);

        xen.setMaxMemory(domid, MEM_KB);
        BuildResult built = xen.build(domid, buildSpec(MEM_KB));
        assertThat(xen.domainInfo(domid).memKb()).isEqualTo(MEM_KB);
        assertThat(built.storePort()).isNotEqualTo(built.consolePort()).isPositive();
        assertThat(xen.portStatus(domid, built.storePort()))
                .isEqualTo(new EventChannelStatus(EventChannelStatus.State.UNBOUND, 0, 0, 0));
        try (GrantMapping store = xen.mapGrant(domid, BuildResult.XENSTORE_GRANT_REF, false);
             GrantMapping console = xen.mapGrant(domid, BuildResult.CONSOLE_GRANT_REF, false)) {
            assertThat(store.page().byteSize()).isEqualTo(ForeignMapping.PAGE_SIZE);
            store.page().set(ValueLayout.JAVA_INT, 0, 0x5a5a);
            assertThat(console.page().get(ValueLayout.JAVA_INT, 0)).as("a separate page").isZero();
            try (ForeignMapping frames = xen.mapForeign(domid, new long[] {built.storeGfn()}, false)) {
                assertThat(frames.pages().get(ValueLayout.JAVA_INT, 0)).as("ref 1 is the store frame")
                        .isEqualTo(0x5a5a);
            }
        }
    }

    @Test
    void buildFailsAsLibxenguestDoesWhenAnImageCannotBeOpened() throws HypervisorException {
        int domid = create();
        xen.setMaxMemory(domid, MEM_KB);
        HypervisorException noKernel = catchThrowableOfType(HypervisorException.class, () -> xen.build(domid,
                new BuildSpec(new BuildSpec.Image.File(dir.resolve("missing")), null, "", MEM_KB, 0, 0)));
        assertThat(noKernel.error()).isEqualTo(XenError.ENOENT);
        assertThat(noKernel.getMessage()).contains("xc_dom_kernel_file failed: No such file or directory");
        HypervisorException noRamdisk = catchThrowableOfType(HypervisorException.class, () -> xen.build(domid,
                new BuildSpec(new BuildSpec.Image.File(kernel), new BuildSpec.Image.File(dir.resolve("initrd")), "",
                        MEM_KB, 0, 0)));
        assertThat(noRamdisk.getMessage()).contains("xc_dom_module_file failed: No such file or directory");
        assertThat(xen.domainInfo(domid).memKb()).as("a failed build takes nothing").isZero();
        HypervisorException overMax = catchThrowableOfType(HypervisorException.class,
                () -> xen.build(domid, buildSpec(2 * MEM_KB)));
        assertThat(overMax.error()).isEqualTo(XenError.ENOMEM);
    }

    @Test
    void claimsAreOutstandingPagesUsedUpByTheClaimantsOwnAllocations() throws HypervisorException {
        int domid = create();
        long pages = MEM_KB / 4;
        xen.setMaxMemory(domid, 2 * MEM_KB);
        xen.claimPages(domid, pages);
        assertThat(xen.domainInfo(domid).outstandingPages()).isEqualTo(pages);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> xen.claimPages(domid, pages)).error())
                .as("one claim at a time").isEqualTo(XenError.EINVAL);
        xen.build(domid, buildSpec(MEM_KB / 2));
        assertThat(xen.domainInfo(domid).outstandingPages()).isEqualTo(pages / 2);
        xen.claimPages(domid, 0);
        assertThat(xen.domainInfo(domid).outstandingPages()).isZero();

        int other = create();
        xen.setMaxMemory(other, Long.MAX_VALUE / 8);
        long freePages = xen.physInfo().freeMemKb() / 4;
        assertThat(catchThrowableOfType(HypervisorException.class, () -> xen.claimPages(other, freePages + 1)).error())
                .isEqualTo(XenError.ENOMEM);
        xen.claimPages(other, freePages - pages / 4);
        HypervisorException taken = catchThrowableOfType(HypervisorException.class, () -> xen.claimPages(domid, pages));
        assertThat(taken.error()).as("what another domain claimed is not free for this one").isEqualTo(XenError.ENOMEM);
        xen.claimPages(other, 0);
        xen.claimPages(domid, pages);
    }

    @Test
    void aDestroyedDomainStaysDyingWhileDom0HoldsItsPagesOrPorts() throws HypervisorException {
        int domid = create();
        xen.setMaxMemory(domid, MEM_KB);
        int dom0Port = xen.bindInterdomain(domid, xen.build(domid, buildSpec(MEM_KB)).storePort());
        GrantMapping store = xen.mapGrant(domid, BuildResult.XENSTORE_GRANT_REF, false);
        try (DomainEvents events = xen.subscribeDomainEvents()) {
            xen.destroyDomain(domid);
            assertThat(events.poll()).contains(new DomainEvent.Dying(domid));
            assertThat(xen.domainInfo(domid).state()).isEqualTo(DomainInfo.State.DYING);
            assertThat(xen.portStatus(0, dom0Port).state()).isEqualTo(EventChannelStatus.State.UNBOUND);
            store.close();
            letTimePass(Duration.ofMillis(100));
            assertThat(xen.domainInfo(domid).state()).as("dom0 still holds a port to it")
                    .isEqualTo(DomainInfo.State.DYING);
            xen.closePort(dom0Port);
            letTimePass(Duration.ofMillis(100));
            assertThat(events.poll()).contains(new DomainEvent.Gone(domid));
            assertThat(catchThrowableOfType(HypervisorException.class, () -> xen.domainInfo(domid)).error())
                    .isEqualTo(XenError.ESRCH);
        }
    }

    @Test
    void shutdownIsAnEventWithItsReason() throws HypervisorException {
        int domid = createBuilt();
        try (DomainEvents events = xen.subscribeDomainEvents()) {
            xen.unpause(domid);
            xen.shutdown(domid, ShutdownReason.REBOOT);
            letTimePass(Duration.ofMillis(100));
            assertThat(events.poll()).contains(new DomainEvent.ShutDown(domid, ShutdownReason.REBOOT));
            DomainInfo info = xen.domainInfo(domid);
            assertThat(info.state()).isEqualTo(DomainInfo.State.SHUTDOWN);
            assertThat(info.shutdownReason()).isEqualTo(ShutdownReason.REBOOT);
            xen.destroyDomain(domid);
            assertThat(events.poll()).contains(new DomainEvent.Dying(domid));
            assertThat(events.poll()).contains(new DomainEvent.Gone(domid));
        }
    }

    @Test
    void foreignMemoryMapsManyFramesAtOnceAndTheDirtyLogSeesWhatDom0Wrote() throws HypervisorException {
        int domid = createBuilt();
        long[] frames = {10, 11, 500};
        xen.setDirtyLogging(domid, true);
        xen.takeDirtyPages(domid);
        try (ForeignMapping map = xen.mapForeign(domid, frames, true)) {
            MemorySegment pages = map.pages();
            assertThat(pages.byteSize()).isEqualTo(3L * ForeignMapping.PAGE_SIZE);
            for (int i = 0; i < frames.length; i++) {
                pages.set(ValueLayout.JAVA_LONG, (long) i * ForeignMapping.PAGE_SIZE + 8, 1000 + i);
            }
        }
        assertThat(xen.takeDirtyPages(domid).stream().asLongStream().toArray()).contains(frames);
        try (ForeignMapping map = xen.mapForeign(domid, new long[] {500, 10}, false)) {
            assertThat(map.pages().get(ValueLayout.JAVA_LONG, 8)).isEqualTo(1002);
            assertThat(map.pages().get(ValueLayout.JAVA_LONG, ForeignMapping.PAGE_SIZE + 8)).isEqualTo(1000);
        }
        xen.setDirtyLogging(domid, false);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> xen.takeDirtyPages(domid)).error())
                .isEqualTo(XenError.EINVAL);
    }

    @Test
    void aForeignMappingIsTheGuestsFramesAndUnusableOnceClosed() throws HypervisorException {
        int domid = createBuilt();
        ForeignMapping writer = xen.mapForeign(domid, new long[] {20, 21}, true);
        try (ForeignMapping reader = xen.mapForeign(domid, new long[] {21}, false)) {
            writer.pages().set(ValueLayout.JAVA_LONG, ForeignMapping.PAGE_SIZE + 8, 77);
            assertThat(reader.pages().get(ValueLayout.JAVA_LONG, 8)).as("frame 21, written through the other mapping")
                    .isEqualTo(77);
        }
        MemorySegment closed = writer.pages();
        writer.close();
        assertThatThrownBy(() -> closed.get(ValueLayout.JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> xen.mapForeign(domid, new long[0], false))
                .error()).isEqualTo(XenError.EINVAL);
    }

    /**
     * Xen counts a toolstack's pauses ({@code controller_pause_count}): a new domain has one, each
     * pause adds one, each unpause takes one away; an unpause at none is EINVAL (the lab's
     * {@code xl pause}/{@code xl unpause}, jxl-golden-6.sh).
     */
    @Test
    void pausesAreCounted() throws HypervisorException {
        int domid = createBuilt();
        xen.pause(domid);
        xen.unpause(domid);
        assertThat(xen.domainInfo(domid).flags()).contains(DomainInfo.Flag.PAUSED);
        xen.unpause(domid);
        assertThat(xen.domainInfo(domid).flags()).doesNotContain(DomainInfo.Flag.PAUSED);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> xen.unpause(domid)).error())
                .isEqualTo(XenError.EINVAL);
        assertThat(xen.domainInfo(domid).flags()).doesNotContain(DomainInfo.Flag.PAUSED);
    }

    @Test
    void errorsAreErrnos() throws HypervisorException {
        int absent = 0x7000;
        assertThat(catchThrowableOfType(HypervisorException.class, () -> xen.domainInfo(absent)).error())
                .isEqualTo(XenError.ESRCH);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> xen.pause(absent)).error())
                .isEqualTo(XenError.ESRCH);
        int domid = create();
        xen.setMaxMemory(domid, MEM_KB);
        xen.build(domid, new BuildSpec(new BuildSpec.Image.File(kernel), null, "", MEM_KB, 0, domid));
        assertThat(catchThrowableOfType(HypervisorException.class,
                () -> xen.mapGrant(domid, BuildResult.CONSOLE_GRANT_REF, true)).error())
                .as("the console ring is granted to its own domain here, not dom0").isEqualTo(XenError.EPERM);
        assertThat(catchThrowableOfType(HypervisorException.class,
                () -> xen.mapForeign(domid, new long[] {MEM_KB}, false)).error()).isEqualTo(XenError.EINVAL);
        assertThat(catchThrowableOfType(HypervisorException.class, () -> xen.setSchedParams(domid,
                new SchedParams.Rtds(10_000, 4_000))).error()).isEqualTo(XenError.EINVAL);
        assertThat(Errno.of(21)).isEqualTo(XenError.EISDIR);
        assertThat(Errno.of(200)).isEqualTo(new Errno.Other(200));
    }
}
