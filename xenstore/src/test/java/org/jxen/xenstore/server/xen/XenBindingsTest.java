package org.jxen.xenstore.server.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jxen.xenstore.testing.Oracles;
import org.jxen.xenstore.testing.XenPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FFM bindings where there is no hypervisor: the Debian libraries load and every function is
 * found; opening the Xen devices fails with an error that says why; and the layout this code
 * assumes for {@code xc_dominfo_t} is the one the installed header defines (compiled with gcc).
 * On real Xen the integration lane (issue 3) exercises them for real.
 */
class XenBindingsTest {

    private static boolean onXen() {
        return Files.exists(Path.of("/dev/xen/evtchn")) || Files.exists(Dom0Ring.KVA);
    }

    @Test
    void withoutXenTheDevicesReportWhyTheyCannotOpen() {
        assumeTrue(!onXen(), "this machine runs on Xen");
        assertThatThrownBy(EventChannels::open).isInstanceOf(XenUnavailableException.class).hasMessageContaining("/dev/xen/evtchn");
        assertThatThrownBy(GrantTables::open).isInstanceOf(XenUnavailableException.class).hasMessageContaining("/dev/xen/gntdev");
        assertThatThrownBy(DomainStates::open).isInstanceOf(XenUnavailableException.class).hasMessageContaining("privcmd");
        assertThat(Dom0Ring.available()).isFalse();
    }

    @Test
    void domainFlagsDecodeAsXenctrlDefinesThem() {
        assertThat(DomainStates.decode(0)).isEqualTo(DomainStates.State.RUNNING);
        assertThat(DomainStates.decode(DomainStates.SHUTDOWN)).isEqualTo(DomainStates.State.SHUT_DOWN);
        assertThat(DomainStates.decode(DomainStates.DYING | DomainStates.SHUTDOWN)).isEqualTo(DomainStates.State.DYING);
    }

    @Test
    void dominfoLayoutMatchesTheInstalledHeader(@TempDir Path dir) throws IOException {
        Oracles.require("XenBindingsTest xc_dominfo_t layout", Files.exists(Path.of("/usr/include/xenctrl.h")) ? null
                : "/usr/include/xenctrl.h missing (Debian package libxen-dev)");
        Oracles.require("XenBindingsTest xc_dominfo_t layout", XenPeers.toolMissing("gcc"));
        Path c = dir.resolve("layout.c");
        Files.writeString(c, """
                #include <stdio.h>
                #include <stddef.h>
                #include <string.h>
                #include <xenctrl.h>
                int main(void) {
                    xc_dominfo_t d; unsigned int dying, shutdown;
                    memset(&d, 0, sizeof d); d.dying = 1; memcpy(&dying, (char *)&d + 8, 4);
                    memset(&d, 0, sizeof d); d.shutdown = 1; memcpy(&shutdown, (char *)&d + 8, 4);
                    printf("%zu %zu %u %u\\n", sizeof d, offsetof(xc_dominfo_t, domid), dying, shutdown);
                    return 0;
                }
                """);
        XenPeers.run(List.of("gcc", "-o", dir.resolve("layout").toString(), c.toString()));
        String[] got = XenPeers.run(List.of(dir.resolve("layout").toString())).strip().split(" ");
        assertThat(Integer.parseInt(got[0])).isLessThanOrEqualTo(DomainStates.INFO_BYTES);
        assertThat(Long.parseLong(got[1])).isEqualTo(DomainStates.DOMID);
        assertThat(Integer.parseInt(got[2])).isEqualTo(DomainStates.DYING);
        assertThat(Integer.parseInt(got[3])).isEqualTo(DomainStates.SHUTDOWN);
    }
}
