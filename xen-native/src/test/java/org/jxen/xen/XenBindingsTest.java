package org.jxen.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jxen.xen.testing.Commands;
import org.jxen.xen.testing.Oracles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FFM bindings where there is no hypervisor: the Debian libraries load and every function is
 * found; opening the Xen devices fails with an error that says why; errno survives a failed call;
 * a missing library is reported by name when first used; and the layout this code assumes for
 * {@code xc_domaininfo_t} is the one the installed header defines (compiled with gcc).
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
    void domaininfoLayoutMatchesTheInstalledHeader(@TempDir Path dir) throws IOException {
        Oracles.require("XenBindingsTest xc_domaininfo_t layout", Files.exists(Path.of("/usr/include/xenctrl.h")) ? null
                : "/usr/include/xenctrl.h missing (Debian package libxen-dev)");
        Oracles.require("XenBindingsTest xc_domaininfo_t layout", Commands.toolMissing("gcc"));
        Path c = dir.resolve("layout.c");
        Files.writeString(c, """
                #include <stdio.h>
                #include <stddef.h>
                #include <xenctrl.h>
                int main(void) {
                    printf("%zu %zu %zu %zu %u %u\\n", sizeof(xc_domaininfo_t), offsetof(xc_domaininfo_t, domain),
                           sizeof(((xc_domaininfo_t *)0)->domain), offsetof(xc_domaininfo_t, flags),
                           XEN_DOMINF_dying, XEN_DOMINF_shutdown);
                    return 0;
                }
                """);
        Commands.run(List.of("gcc", "-o", dir.resolve("layout").toString(), c.toString()));
        String[] got = Commands.run(List.of(dir.resolve("layout").toString())).strip().split(" ");
        assertThat(Integer.parseInt(got[0])).isLessThanOrEqualTo(DomainStates.INFO_BYTES);
        assertThat(Long.parseLong(got[1])).isEqualTo(DomainStates.DOMAIN);
        assertThat(Integer.parseInt(got[2])).isEqualTo(2);
        assertThat(Long.parseLong(got[3])).isEqualTo(DomainStates.FLAGS);
        assertThat(Integer.parseInt(got[4])).isEqualTo(DomainStates.DYING);
        assertThat(Integer.parseInt(got[5])).isEqualTo(DomainStates.SHUTDOWN);
    }

    @Test
    void aFailedCallKeepsItsErrno() throws Throwable {
        MethodHandle close = NativeLibrary.libc().function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        MemorySegment state = NativeLibrary.callState();
        int rc = (int) close.invokeExact(state, -1);
        assertThat(rc).isEqualTo(-1);
        XenCallException e = NativeLibrary.failure("close(-1)", state);
        assertThat(e.errno()).isEqualTo(9);
        assertThat(e.errnoName()).isEqualTo("EBADF");
        assertThat(e).hasMessage("close(-1) failed: EBADF");
    }

    @Test
    void aMissingLibraryIsNamedWithItsPackageWhenFirstUsedNotWhenAClassLoads() {
        assertThatThrownBy(() -> NativeLibrary.load("libxenfoo9", "libxenfoo.so.9", "libxenfoo.so"))
                .isInstanceOf(XenUnavailableException.class)
                .hasMessage("libxenfoo.so.9 or libxenfoo.so not found: install Debian package libxenfoo9");
        int[] loads = {0};
        NativeLibrary.OnFirstUse<String> lazy = new NativeLibrary.OnFirstUse<>() {
            @Override
            protected String make() {
                loads[0]++;
                throw new XenUnavailableException("not here");
            }
        };
        assertThatThrownBy(lazy::get).isInstanceOf(XenUnavailableException.class);
        assertThatThrownBy(lazy::get).isInstanceOf(XenUnavailableException.class); // not an ExceptionInInitializerError
        assertThat(loads[0]).isEqualTo(2);
    }

    @Test
    void theInstalledXenctrlIsAskedByAFunctionItHas() {
        Oracles.require("XenBindingsTest libxenctrl 4.17", Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libxenctrl.so.4.17"))
                ? null : "libxenctrl.so.4.17 missing (Debian package libxenmisc4.17)");
        NativeLibrary lib = NativeLibrary.load("libxenmisc4.17", "libxenctrl.so.4.17");
        assertThat(lib.has("xc_domain_getinfolist")).isTrue();
        assertThat(lib.has("xc_domain_getinfo_single")).isFalse(); // 4.18's; 4.17 still has the one 4.18 removed
        assertThatThrownBy(() -> lib.function("xc_no_such_call", FunctionDescriptor.ofVoid()))
                .isInstanceOf(XenUnavailableException.class).hasMessageContaining("has no function xc_no_such_call");
    }
}
