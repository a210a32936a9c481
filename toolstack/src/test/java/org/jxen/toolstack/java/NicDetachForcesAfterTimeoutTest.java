package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.jxen.config.DomainConfig;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.ToolstackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression: {@code detachNic} of a vif whose guest never lets go failed with TIMEOUT and left the
 * device behind. libxl 4.17's {@code libxl_device_nic_remove} (LIBXL__FORCE_AUTO) forces the
 * removal after LIBXL_DESTROY_TIMEOUT, so {@code xl network-detach} succeeds; only {@code xl
 * block-detach} ({@code libxl_device_disk_safe_remove}) fails and keeps the disk.
 */
class NicDetachForcesAfterTimeoutTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aVifTheGuestIgnoresIsRemovedByForce(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            DomainConfig c = JavaToolstackTest.config(dir, "name = \"n\"\nkernel = \"KERNEL\"\nmemory = 64\nvif = ['']\n"
                    + "disk = ['DISK,raw,xvda,rw']\n");
            Domain d = s.toolstack.create(c, CreateOptions.DEFAULT);
            s.run(2 * SECOND);
            s.toolstack.pause(d.domid()); // a guest that does not answer: it cannot let go of a device
            List<String> before = StoreDump.of(s.xs);
            int devid = s.toolstack.attachNic(d.domid(), Configs.with(c.nics().getFirst(), "devid", null));
            s.toolstack.detachNic(d.domid(), devid);
            assertThat(s.toolstack.devices(d.domid(), DeviceStatus.Kind.VIF)).extracting(DeviceStatus::devid)
                    .containsExactly(0);
            assertThat(StoreDump.of(s.xs)).isEqualTo(before);

            s.toolstack.attachDisk(d.domid(), Configs.with(c.disks().getFirst(), "vdev", "xvdb"));
            assertThatThrownBy(() -> s.toolstack.detachDisk(d.domid(), "xvdb"))
                    .isInstanceOfSatisfying(ToolstackException.class,
                            e -> assertThat(e.kind()).isEqualTo(ToolstackException.Kind.TIMEOUT));
            assertThat(s.toolstack.devices(d.domid(), DeviceStatus.Kind.VBD)).hasSize(2);
        }
    }
}
