package org.jxen.xen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.xen.testing.Commands;
import org.jxen.xen.testing.Oracles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libxl bindings against the installed Xen (Debian's 4.17): every function they call is in
 * libxenlight; the element sizes and field offsets they step by are the installed headers' (gcc
 * compiles a probe of them); and without a hypervisor, opening libxl fails with what libxl said,
 * not a crash. On real Xen the xenlab lane drives them for real (scripts/xenlab-lane).
 */
class LibxlBindingsTest {
    private static final Path LIBXENLIGHT = Path.of("/usr/lib/x86_64-linux-gnu/libxenlight.so.4.17");

    @Test
    void everyFunctionTheBindingsCallIsInTheInstalledLibxenlight() throws Exception {
        Oracles.require("LibxlBindingsTest libxenlight 4.17", Files.exists(LIBXENLIGHT) ? null
                : LIBXENLIGHT + " missing (Debian package libxenmisc4.17)");
        NativeLibrary lib = NativeLibrary.load("libxenmisc4.17", LIBXENLIGHT.toString());
        List<String> missing = new ArrayList<>();
        for (String name : calledFunctions()) {
            if (!lib.has(name)) {
                missing.add(name);
            }
        }
        assertThat(missing).isEmpty();
        assertThat(calledFunctions()).contains("libxl_domain_create_new", "libxl_domain_config_from_json",
                "libxl_dominfo_list_free", "libxl_event_wait");
    }

    /** The functions named in Libxl's signature table, and the init/dispose/JSON/list functions of its JSON types. */
    @SuppressWarnings("unchecked")
    private static List<String> calledFunctions() throws Exception {
        Field sig = Libxl.class.getDeclaredField("SIGNATURES");
        sig.setAccessible(true);
        List<String> names = new ArrayList<>(((Map<String, ?>) sig.get(null)).keySet());
        Field types = Libxl.class.getDeclaredField("JSON_TYPES");
        types.setAccessible(true);
        for (String type : (List<String>) types.get(null)) {
            names.add("libxl_" + type + "_init");
            names.add("libxl_" + type + "_to_json");
            names.add("libxl_" + type + "_from_json");
            if (!type.equals("sched_credit2_params")) {
                names.add("libxl_" + type + "_dispose");
            }
        }
        for (String listed : List.of("dominfo", "vcpuinfo", "numainfo", "cputopology")) {
            names.add("libxl_" + listed + "_list_free");
        }
        return names;
    }

    @Test
    void sizesAndOffsetsMatchTheInstalledHeaders(@TempDir Path dir) throws IOException {
        Oracles.require("LibxlBindingsTest layouts", Files.exists(Path.of("/usr/include/libxl.h")) ? null
                : "/usr/include/libxl.h missing (Debian package libxen-dev)");
        Oracles.require("LibxlBindingsTest layouts", Commands.toolMissing("gcc"));
        Path c = dir.resolve("layout.c");
        Files.writeString(c, """
                #include <stdio.h>
                #include <stddef.h>
                #include <libxl.h>
                #define SIZE(t) printf(#t " %zu\\n", sizeof(t))
                int main(void) {
                    SIZE(libxl_domain_config); SIZE(libxl_domain_create_info); SIZE(libxl_uuid);
                    SIZE(libxl_domain_restore_params); SIZE(libxl_dominfo); SIZE(libxl_vcpuinfo);
                    SIZE(libxl_domain_sched_params); SIZE(libxl_sched_credit2_params); SIZE(libxl_device_disk);
                    SIZE(libxl_device_nic); SIZE(libxl_physinfo); SIZE(libxl_numainfo); SIZE(libxl_cputopology);
                    SIZE(libxl_version_info); SIZE(libxl_childproc_hooks);
                    printf("bitmap_size %zu bitmap_map %zu bitmap %zu\\n", offsetof(libxl_bitmap, size),
                           offsetof(libxl_bitmap, map), sizeof(libxl_bitmap));
                    printf("event_domid %zu event_type %zu event_reason %zu\\n", offsetof(libxl_event, domid),
                           offsetof(libxl_event, type), offsetof(libxl_event, u.domain_shutdown.shutdown_reason));
                    printf("hooks_owner %zu shutdown %d death %d selective %d console_pv %d credit2_ratelimit %zu\\n",
                           offsetof(libxl_childproc_hooks, chldowner), LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN,
                           LIBXL_EVENT_TYPE_DOMAIN_DEATH, libxl_sigchld_owner_libxl_always_selective_reap,
                           LIBXL_CONSOLE_TYPE_PV, offsetof(libxl_sched_credit2_params, ratelimit_us));
                    return 0;
                }
                """);
        Commands.run(List.of("gcc", "-o", dir.resolve("layout").toString(), c.toString()));
        String out = Commands.run(List.of(dir.resolve("layout").toString()));
        // every structure libxl fills in for the bindings fits the room they give it
        Matcher size = Pattern.compile("^libxl_\\w+ (\\d+)$", Pattern.MULTILINE).matcher(out);
        int sizes = 0;
        while (size.find()) {
            assertThat(Long.parseLong(size.group(1))).isLessThanOrEqualTo(Libxl.STRUCT_BYTES);
            sizes++;
        }
        assertThat(sizes).isEqualTo(15);
        // arrays libxl returns are stepped through by these
        assertThat(value(out, "libxl_dominfo")).isEqualTo(Libxl.DOMINFO_BYTES);
        assertThat(value(out, "libxl_vcpuinfo")).isEqualTo(Libxl.VCPUINFO_BYTES);
        assertThat(value(out, "libxl_numainfo")).isEqualTo(Libxl.NUMAINFO_BYTES);
        assertThat(value(out, "libxl_cputopology")).isEqualTo(Libxl.CPUTOPOLOGY_BYTES);
        assertThat(value(out, "libxl_childproc_hooks")).isEqualTo(24);
        // passed by value
        assertThat(value(out, "libxl_uuid")).isEqualTo(Libxl.UUID_LAYOUT.byteSize());
        // fields read or written directly
        assertThat(value(out, "bitmap_size")).isZero();
        assertThat(value(out, "bitmap_map")).isEqualTo(8);
        assertThat(value(out, "bitmap")).isEqualTo(16);
        assertThat(value(out, "event_domid")).isEqualTo(Libxl.EVENT_DOMID);
        assertThat(value(out, "event_type")).isEqualTo(Libxl.EVENT_TYPE);
        assertThat(value(out, "event_reason")).isEqualTo(Libxl.EVENT_SHUTDOWN_REASON);
        assertThat(value(out, "hooks_owner")).isZero();
        assertThat(value(out, "shutdown")).isEqualTo(1);
        assertThat(value(out, "death")).isEqualTo(2);
        assertThat(value(out, "selective")).isEqualTo(Libxl.SIGCHLD_OWNER_LIBXL_ALWAYS_SELECTIVE_REAP);
        assertThat(value(out, "console_pv")).isEqualTo(Libxl.CONSOLE_TYPE_PV);
        assertThat(value(out, "credit2_ratelimit")).isZero();
    }

    private static long value(String out, String key) {
        Matcher m = Pattern.compile("(?:^|\\s)" + Pattern.quote(key) + " (\\d+)", Pattern.MULTILINE).matcher(out);
        assertThat(m.find()).as(key + " in " + out).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void withoutXenOpeningLibxlSaysWhatLibxlSaid() {
        assumeTrue(!Files.exists(Path.of("/dev/xen/privcmd")), "this machine runs on Xen");
        Oracles.require("LibxlBindingsTest libxenlight 4.17", Files.exists(LIBXENLIGHT) ? null
                : LIBXENLIGHT + " missing (Debian package libxenmisc4.17)");
        assertThatThrownBy(Libxl::open).isInstanceOf(XenUnavailableException.class)
                .hasMessageContaining("libxl could not open its context (ERROR_FAIL)")
                .hasMessageContaining("libxl_ctx_alloc: cannot open libxc handle");
    }

    @Test
    void libxlErrorsAreNamedAndCarryWhatLibxlLogged() {
        LibxlException e = new LibxlException("libxl_domain_create_new", -6,
                List.of("libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain 4:Domain with name \"alpha\" already exists."));
        assertThat(e).hasMessage("libxl_domain_create_new failed: ERROR_INVAL: libxl: error: libxl_domain.c:81:"
                + "libxl__domain_rename: Domain 4:Domain with name \"alpha\" already exists.");
        assertThat(new LibxlException("x", -99, List.of())).hasMessage("x failed: libxl error -99");
        assertThat(Libxl.jsonNumber("{\n    \"devid\": 12,\n    \"mtu\": 1500\n}", "devid")).isEqualTo("12");
    }
}
