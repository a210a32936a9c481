package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfig;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import org.jxen.hv.DomainInfo;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.CreateStep;
import org.jxen.toolstack.DeviceStatus;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.ShutdownRequest;
import org.jxen.toolstack.ToolstackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JavaToolstack on the simulated host: a PV domain created from an xl.cfg reaches running
 * with its devices connected, the XenStore tree libxl writes, and a destroy (or a failed create)
 * leaves XenStore exactly as it was.
 */
class JavaToolstackTest {
    private static final long SECOND = 1_000_000_000L;

    static DomainConfig config(Path dir, String text) throws IOException, ConfigException {
        Path kernel = dir.resolve("vmlinuz");
        if (!Files.exists(kernel)) {
            Files.write(kernel, new byte[] {0x7f, 'E', 'L', 'F'});
        }
        Path disk = dir.resolve("disk.img");
        if (!Files.exists(disk)) {
            Files.write(disk, new byte[1 << 20]);
        }
        return XlDomainReader.read(XlConfigParser.parse("guest.cfg", text.replace("KERNEL", kernel.toString())
                .replace("DISK", disk.toString())))
                .config();
    }

    @Test
    void createsAPvDomainWhoseDevicesConnect(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            DomainConfig c = config(dir, """
                    name = "web"
                    kernel = "KERNEL"
                    memory = 256
                    vcpus = 2
                    disk = ['DISK,raw,xvda,rw']
                    vif = ['mac=00:16:3e:01:02:03']
                    """);
            Domain d = s.toolstack.create(c, CreateOptions.DEFAULT.awaitingFrontends(Duration.ofSeconds(5)));
            assertThat(d.name()).isEqualTo("web");
            assertThat(d.info().state()).isEqualTo(DomainInfo.State.ALIVE);
            String home = "/local/domain/" + d.domid();
            assertThat(s.xs.readString(home + "/name")).isEqualTo("web");
            assertThat(s.xs.readString(home + "/memory/target")).isEqualTo("262144");
            assertThat(s.xs.readString(home + "/cpu/1/availability")).isEqualTo("online");
            assertThat(s.xs.getPerms(home).toWire()).containsExactly("n0", "r" + d.domid());
            assertThat(s.xs.getPerms(home + "/control/shutdown").toWire()).containsExactly("n" + d.domid());
            assertThat(s.toolstack.devices(d.domid(), DeviceStatus.Kind.VBD)).singleElement()
                    .satisfies(v -> assertThat(v.frontendState()).isEqualTo(DeviceStatus.CONNECTED));
            assertThat(s.toolstack.devices(d.domid(), DeviceStatus.Kind.VIF)).singleElement()
                    .satisfies(v -> assertThat(v.identity()).isEqualTo("00:16:3e:01:02:03"));
            assertThat(s.toolstack.domid("web")).isEqualTo(d.domid());
        }
    }

    @Test
    void destroyLeavesXenStoreAsItWas(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            List<String> before = StoreDump.of(s.xs);
            Domain d = s.toolstack.create(config(dir, """
                    name = "a"
                    kernel = "KERNEL"
                    memory = 128
                    disk = ['DISK,raw,xvda,rw']
                    vif = ['']
                    """), CreateOptions.DEFAULT.awaitingFrontends(Duration.ofSeconds(5)));
            s.toolstack.destroy(d.domid());
            assertThat(StoreDump.of(s.xs)).isEqualTo(before);
            assertThat(s.host.domains()).extracting(DomainInfo::domid).containsExactly(0);
        }
    }

    @Test
    void aMissingKernelFailsTheBuildAndLeavesNothing(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            List<String> before = StoreDump.of(s.xs);
            DomainConfig c = config(dir, """
                    name = "nokernel"
                    kernel = "/nonexistent/vmlinuz"
                    memory = 128
                    vif = ['']
                    """);
            assertThatThrownBy(() -> s.toolstack.create(c, CreateOptions.DEFAULT))
                    .isInstanceOfSatisfying(ToolstackException.class, e -> {
                        assertThat(e.step()).isEqualTo(CreateStep.BUILD);
                        assertThat(e.getMessage()).contains("xc_dom_kernel_file failed: No such file or directory");
                    });
            assertThat(StoreDump.of(s.xs)).isEqualTo(before);
            assertThat(s.host.domains()).extracting(DomainInfo::domid).containsExactly(0);
            assertThat(s.toolstack.list()).extracting(Domain::name).containsExactly("Domain-0");
        }
    }

    @Test
    void aSecondDomainWithTheSameNameIsRefused(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            DomainConfig c = config(dir, "name = \"twin\"\nkernel = \"KERNEL\"\nmemory = 64\n");
            s.toolstack.create(c, CreateOptions.DEFAULT);
            List<String> before = StoreDump.of(s.xs);
            assertThatThrownBy(() -> s.toolstack.create(c, CreateOptions.DEFAULT))
                    .isInstanceOfSatisfying(ToolstackException.class, e -> assertThat(e.kind())
                            .isEqualTo(ToolstackException.Kind.DUPLICATE_NAME))
                    .hasMessage("Domain with name \"twin\" already exists.");
            assertThat(StoreDump.of(s.xs)).isEqualTo(before);
        }
    }

    @Test
    void poweroffDestroysAndRebootRestartsAsTheConfigSays(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            Domain off = s.toolstack.create(config(dir, "name = \"off\"\nkernel = \"KERNEL\"\nmemory = 64\n"),
                    CreateOptions.DEFAULT);
            Domain again = s.toolstack.create(config(dir, "name = \"again\"\nkernel = \"KERNEL\"\nmemory = 64\n"),
                    CreateOptions.DEFAULT);
            s.run(2 * SECOND); // the kernels boot and listen on control/shutdown
            s.toolstack.shutdown(off.domid(), ShutdownRequest.POWEROFF, Duration.ofSeconds(10));
            s.toolstack.shutdown(again.domid(), ShutdownRequest.REBOOT, Duration.ofSeconds(10));
            s.run(SECOND);
            assertThat(s.toolstack.list()).extracting(Domain::name).containsExactly("Domain-0", "again");
            assertThat(s.toolstack.domid("again")).isGreaterThan(again.domid());
        }
    }

    /** An HVM guest: its firmware built in, libxl's platform keys, the device model not run (the simulated host has none). */
    @Test
    void createsAnHvmDomainWithLibxlsPlatformKeys(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir)) {
            Domain d = s.toolstack.create(config(dir, """
                    name = "win"
                    type = "hvm"
                    memory = 512
                    vcpus = 2
                    acpi_s3 = 1
                    """), CreateOptions.DEFAULT);
            String home = "/local/domain/" + d.domid();
            assertThat(d.info().type()).isEqualTo(org.jxen.hv.DomainType.HVM);
            assertThat(s.xs.readString(home + "/platform/acpi")).isEqualTo("1");
            assertThat(s.xs.readString(home + "/platform/acpi_s3")).isEqualTo("1");
            assertThat(s.xs.readString(home + "/platform/acpi_s4")).isEqualTo("1");
            assertThat(s.xs.readString(home + "/platform/device-model")).isEqualTo("qemu_xen");
            assertThat(s.xs.readString(home + "/memory/videoram")).isEqualTo("8192");
            assertThat(s.xs.readString(home + "/memory/target")).as("memory less the video RAM").isEqualTo("516096");
            assertThat(s.xs.readString("/vm/" + d.uuid() + "/image/ostype")).isEqualTo("hvm");
            assertThat(s.xs.getPerms(home + "/hvmloader").toWire()).containsExactly("n0", "r" + d.domid());
            s.toolstack.destroy(d.domid());
        }
    }
}
