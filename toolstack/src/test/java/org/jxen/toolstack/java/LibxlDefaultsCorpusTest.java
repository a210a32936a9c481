package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jxen.config.DomainConfig;
import org.jxen.config.DomainConfig.BuildInfo;
import org.jxen.config.DomainConfig.DomainType;
import org.jxen.config.DomainConfigJson;
import org.junit.jupiter.api.Test;

/**
 * Every config of config's oracle corpus that xl accepted ({@code xl -N create} printed JSON, exit
 * 0) through the defaults: none may fail with anything but a libxl refusal, the refusals are the
 * ones listed here (each a rule of libxl's), and every result keeps the invariants below and
 * prints as libxl JSON that reads back to itself. Not covered: whether the values equal a live
 * libxl's (that needs captures from real Xen; see docs/toolstack-defaults.md).
 */
class LibxlDefaultsCorpusTest {
    static final Path DIR = Path.of("../config/src/test/resources/xlcfg/corpus");

    /** Configs xl accepts and libxl's setdefault refuses by name, with libxl's reason. */
    static final Map<String, String> REFUSED = Map.of(
            // vpmu=1 on a host without cap_vpmu (debianX86(): the xenlab's QEMU guest has none)
            "pv-misc", "vPMU not supported on this platform",
            // videoram=1 with the default card: libxl__domain_build_info_setdefault's minimum
            "w3-videoram-small", "videoram must be at least 8 MB for CIRRUS on QEMU_XEN",
            // usb=1 beside usbversion=: libxl__domain_build_info_setdefault takes one or the other
            "x2-usbversion-hex", "usbversion and/or usbredirection cannot be enabled with usb and/or usbdevice parameters.",
            // firmware="rombios" with libxl's default device model: only qemu-xen-traditional has it
            "x7-hvm-firmware-rombios-over-bios", "qemu-xen does not support bios=rombios.");
    /**
     * The random configs (scripts/xenlab/random-xlcfg): xl -N's answers, not libxl's at a create, so
     * which of them libxl refuses is not known; those it takes must still get valid defaults.
     */
    private static final Pattern RANDOM = Pattern.compile("rn[dwsvxtyzqfa][0-9]*-\\d+");
    /** vnuma= on a PV guest: xl accepts it, libxl__domain_config_setdefault refuses it. */
    static final String PV_VNUMA = "PV vNUMA is not yet supported";

    @Test
    void everyAcceptedConfig_getsValidDefaults() throws Exception {
        Map<String, String> refused = new TreeMap<>();
        Map<String, String> expected = new TreeMap<>(REFUSED);
        int checked = 0;
        for (Path json : accepted()) {
            String name = json.getFileName().toString().replaceFirst("\\.json$", "");
            DomainConfig in = DomainConfigJson.read(Files.readString(json, StandardCharsets.ISO_8859_1));
            if (in.cInfo().type() == DomainType.PV && !in.bInfo().vnumaNodes().isEmpty() && !RANDOM.matcher(name).matches()) {
                expected.put(name, PV_VNUMA);
            }
            LibxlDefaults.Result r;
            try {
                r = LibxlDefaults.apply(in, LibxlDefaultsHost.debianX86(), new SplittableRandom(name.hashCode()));
            } catch (LibxlDefaultsException e) {
                if (!RANDOM.matcher(name).matches()) {
                    refused.put(name, e.getMessage());
                }
                continue;
            }
            checkInvariants(name, in, r);
            checked++;
        }
        assertThat(refused).as("refused by libxl's rules").isEqualTo(expected);
        assertThat(checked).isGreaterThan(100);
    }

    private static void checkInvariants(String name, DomainConfig in, LibxlDefaults.Result r) throws Exception {
        BuildInfo b = r.config().bInfo();
        DomainType type = r.config().cInfo().type();
        assertThat(b.maxVcpus()).as(name).isPositive();
        assertThat(b.availVcpus()).as(name).isNotEmpty().hasSizeLessThanOrEqualTo(b.maxVcpus());
        if (in.bInfo().maxMemkb() != null && in.bInfo().targetMemkb() != null) {
            // libxl does not reorder what it was given (memory > maxmem passes setdefault)
            assertThat(b.targetMemkb()).as(name).isEqualTo(in.bInfo().targetMemkb());
        } else {
            assertThat(b.targetMemkb()).as(name).isLessThanOrEqualTo(b.maxMemkb());
        }
        if (in.bInfo().shadowMemkb() == null) {
            boolean hap = type != DomainType.PV && r.config().cInfo().hap();
            int vcpus = in.bInfo().maxVcpus() == null ? 0 : in.bInfo().maxVcpus();
            assertThat(b.shadowMemkb()).as(name).isEqualTo(LibxlDefaults.requiredPagingMemory(
                    LibxlDefaults.memkb(in.bInfo().maxMemkb()), vcpus, type, hap));
        }
        assertThat(List.of(b.videoMemkb(), b.stubdomainMemkb(), b.eventChannels().longValue())).as(name)
                .doesNotContainNull();
        assertThat(List.of(b.numaPlacement(), b.claimMode(), b.localtime(), b.disableMigrate(), b.acpi(),
                b.dmRestrict(), b.vpmu(), b.deviceModelStubdomain())).as(name).doesNotContainNull();
        assertThat(r.config().cInfo().passthrough()).as(name).isNotNull();
        assertThat(r.config().nics()).as(name).allSatisfy(n -> {
            assertThat(n.mac()).matches("00:16:3e:[0-7][0-9a-f](:[0-9a-f]{2}){2}|([0-9a-f]{2}:){5}[0-9a-f]{2}");
            assertThat(n.devid()).isNotNegative();
            assertThat(n.nictype()).isEqualTo(type == DomainType.HVM && n.nictype() != null ? n.nictype()
                    : DomainConfig.NicType.VIF);
        });
        assertThat(r.config().disks()).as(name).allSatisfy(d -> assertThat(d.backend()).isNotNull());
        assertThat(LibxlDefaults.needMemoryKb(r) % 2048).as(name).isZero();
        String json = DomainConfigJson.write(r.config());
        assertThat(DomainConfigJson.write(DomainConfigJson.read(json))).as(name).isEqualTo(json);
    }

    static List<Path> accepted() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".json")).filter(LibxlDefaultsCorpusTest::exitedZero)
                    .filter(p -> size(p) > 0).sorted().toList();
        }
    }

    private static boolean exitedZero(Path json) {
        try {
            return Files.readString(Path.of(json.toString().replaceFirst("\\.json$", ".rc"))).strip().equals("0");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
