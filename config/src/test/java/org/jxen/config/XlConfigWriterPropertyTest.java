package org.jxen.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The canonical writer against the reader: for generated xl.cfg files using every key and disk
 * and vif parameter the reader handles, reading the written form of a config gives that config
 * back, and writing is stable.
 */
class XlConfigWriterPropertyTest {
    private static final UUID FIXED = UUID.fromString("00000000-0000-0000-0000-00000000abcd");
    private static final HostCpus HOST = new HostCpus(6, java.util.Map.of(0, List.of(0, 1, 2), 1, List.of(3, 4, 5)));

    @Property(tries = 300)
    void writtenConfigsReadBackTheSame(@ForAll("configs") String text) throws ConfigException {
        DomainConfig c = read(text);
        String written = XlConfigWriter.write(c);
        DomainConfig again = read(written);
        assertThat(again).as("%s%n---%n%s", text, written).isEqualTo(c);
        assertThat(XlConfigWriter.write(again)).isEqualTo(written);
    }

    /** A file's settings written back one by one ({@link XlConfigWriter#setting}) read as the file does. */
    @Property(tries = 300)
    void settingsWrittenBackOneByOneReadTheSame(@ForAll("configs") String text) throws ConfigException {
        String rewritten = XlConfigParser.parse("gen.cfg", text).settings().stream().map(XlConfigWriter::setting)
                .collect(java.util.stream.Collectors.joining());
        assertThat(read(rewritten)).as("%s%n---%n%s", text, rewritten).isEqualTo(read(text));
    }

    @org.junit.jupiter.api.Test
    void aSettingKeepsItsNumbersNestedListsAndAppend() throws ConfigException {
        XlConfig parsed = XlConfigParser.parse("x.cfg", "memory = 512\nvnuma = [ [ 'pnode=0', \"size=512\" ] ]\n"
                + "extra = \"a\\tb\"\nvif = [ 'mac=00:16:3e:00:00:01' ]\nvif += [ 'bridge=xenbr1' ]\n");
        assertThat(parsed.settings().stream().map(XlConfigWriter::setting).toList()).containsExactly(
                "memory = 512\n", "vnuma = [ [ \"pnode=0\", \"size=512\" ] ]\n", "extra = \"a\\tb\"\n",
                "vif += [ \"mac=00:16:3e:00:00:01\", \"bridge=xenbr1\" ]\n");
    }

    private static DomainConfig read(String text) throws ConfigException {
        return XlDomainReader.read(XlConfigParser.parse("gen.cfg", text), () -> FIXED, HOST).config();
    }

    /** Any string xl.cfg can hold: printable ASCII, quotes, backslashes and the escapable controls. */
    private static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\t', '\n', '\u0007', '\u000b', '\f', '\b', '\r')
                .ofMaxLength(30);
    }

    private static Arbitrary<String> word() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('/', '.', '-', '_')
                .ofMinLength(1).ofMaxLength(12);
    }

    private static Arbitrary<String> optional(String key, Arbitrary<String> value) {
        return value.map(v -> key + " = " + v + "\n").injectNull(0.5).map(l -> l == null ? "" : l);
    }

    private static Arbitrary<String> disk() {
        Arbitrary<String> vdev = Arbitraries.of("xvda", "xvdb", "hdc", "sda");
        Arbitrary<String> format = Arbitraries.of("", "format=raw,", "format=qcow2,", "format=vhd,", "format=qed,");
        Arbitrary<String> mode = Arbitraries.of("", "access=ro,", "access=rw,", "devtype=cdrom,", "access=w,");
        Arbitrary<String> extras = Arbitraries.of("", "discard,", "no-discard,", "direct-io-safe,", "backendtype=qdisk,",
                "backend=1,", "script=block-iscsi,");
        Arbitrary<String> target = word().map(t -> "target=" + t).injectNull(0.2).map(t -> t == null ? "" : t);
        return Combinators.combine(vdev, format, mode, extras, target)
                // only a CD-ROM drive may lack a target (xl: "no target specified"); an empty one is a target
                .as((v, f, m, e, t) -> "vdev=" + v + "," + f + m + e + (t.isEmpty() && !m.equals("devtype=cdrom,")
                        ? "target=" : t));
    }

    private static Arbitrary<String> vif() {
        Arbitrary<String> mac = Arbitraries.integers().between(0, 255).list().ofSize(6)
                .map(b -> "mac=" + String.join(":", b.stream().map(x -> String.format("%02x", x)).toList()) + ",")
                .injectNull(0.5).map(s -> s == null ? "" : s);
        Arbitrary<String> rest = Arbitraries.of("", "bridge=xenbr0,", "ip=192.0.2.1 192.0.2.2,", "vifname=v1,",
                "script=vif-route,", "model=e1000,", "type=ioemu,", "type=vif,", "mtu=1400,", "trusted,", "untrusted,",
                "gatewaydev=eth0,", "backend=0,", "devid=9,", "rate=10Mb/s,", "rate=3KB/s@7ms,", "rate=1GB/s@2s,");
        return Combinators.combine(mac, rest, rest).as((m, a, b) -> m + a + b);
    }

    private static Arbitrary<String> list(String key, Arbitrary<String> item) {
        return item.map(XlConfigWriter::quoted).list().ofMaxSize(3)
                .map(items -> items.isEmpty() ? "" : key + " = [ " + String.join(", ", items) + " ]\n");
    }

    /** Keys for HVM guests only. */
    private static Arbitrary<String> hvmLines() {
        Arbitrary<String> bool = Arbitraries.of("0", "1");
        Arbitrary<String> word = word().map(XlConfigWriter::quoted);
        List<Arbitrary<String>> lines = new ArrayList<>();
        for (String key : List.of("hap", "acpi", "apic", "nestedhvm", "pae", "acpi_s3", "acpi_s4", "hpet", "vpt_align",
                "nographic", "stdvga", "vnc", "vncunused", "sdl", "opengl", "spice", "spicedisable_ticketing",
                "spiceagent_mouse", "spicevdagent", "spice_clipboard_sharing", "usb", "xen_platform_pci")) {
            lines.add(optional(key, bool));
        }
        for (String key : List.of("vnclisten", "vncpasswd", "keymap", "display", "xauthority", "spicehost", "spicepasswd",
                "spice_image_compression", "spice_streaming_video", "boot", "soundhw")) {
            lines.add(optional(key, word));
        }
        for (String key : List.of("videoram", "shadow_memory", "rtc_timeoffset", "vncdisplay", "spiceport",
                "spicetls_port", "spiceusbredirection")) {
            lines.add(optional(key, Arbitraries.integers().between(0, 9999).map(Object::toString)));
        }
        lines.add(optional("firmware", Arbitraries.of("\"seabios\"", "\"rombios\"", "\"ovmf\"")));
        lines.add(optional("vga", Arbitraries.of("\"stdvga\"", "\"cirrus\"", "\"none\"", "\"qxl\"")));
        lines.add(optional("device_model_version", Arbitraries.of("\"qemu-xen\"", "\"qemu-xen-traditional\"")));
        lines.add(optional("timer_mode", Arbitraries.of("\"delay_for_missed_ticks\"", "\"no_delay_for_missed_ticks\"",
                "\"no_missed_ticks_pending\"", "\"one_missed_tick_pending\"")));
        lines.add(list("device_model_args_hvm", text()));
        lines.add(list("usbdevice", Arbitraries.of("tablet", "mouse", "keyboard")));
        lines.add(Arbitraries.of("serial = \"pty\"\n", "serial = [ \"pty\", \"file:/tmp/s\" ]\n", ""));
        lines.add(Arbitraries.oneOf(Arbitraries.of("base", "freq", "time_ref_count", "!reference_tsc",
                "!hcall_remote_tlb_flush", "apic_assist", "!crash_ctl", "synic", "!synic", "stimer", "!base", "all",
                "defaults").list().ofMaxSize(5)
                .map(g -> "viridian = [ " + String.join(", ", g.stream().map(XlConfigWriter::quoted).toList()) + " ]\n"),
                Arbitraries.of("viridian = 0\n", "viridian = 1\n"))
                .injectNull(0.4).map(l -> l == null ? "" : l));
        return Combinators.combine(lines).as(parts -> String.join("", parts));
    }

    /**
     * cpus= and/or cpus_soft= for {@code vcpus} vCPUs: one CPULIST, or a list of them with fewer
     * or more entries than vCPUs. A hard CPULIST ends in CPU 5, as xl refuses one without CPUs.
     */
    private static Arbitrary<String> cpus(int vcpus) {
        Arbitrary<String> item = Arbitraries.of("all", "0", "1-2", "^1", "nodes:0", "nodes:1", "^nodes:0", "3-5", "7",
                "6-20");
        Arbitrary<String> soft = value(item.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(",", l)), vcpus);
        Arbitrary<String> hard = value(item.list().ofMaxSize(2).map(l -> String.join(",", l) + ",5"), vcpus);
        return Combinators.combine(hard, soft, Arbitraries.of("hard", "soft", "both"))
                .as((h, s, which) -> (which.equals("soft") ? "" : "cpus = " + h + "\n")
                        + (which.equals("hard") ? "" : "cpus_soft = " + s + "\n"))
                .injectNull(0.5).map(l -> l == null ? "" : l);
    }

    private static Arbitrary<String> value(Arbitrary<String> cpulist, int vcpus) {
        Arbitrary<String> quoted = cpulist.map(XlConfigWriter::quoted);
        return Arbitraries.oneOf(quoted, quoted.list().ofMaxSize(vcpus + 2).map(l -> "[ " + String.join(", ", l) + " ]"));
    }

    @Provide
    Arbitrary<String> configs() {
        Arbitrary<String> type = Arbitraries.of("pv", "pvh", "hvm");
        Arbitrary<String> memory = Arbitraries.longs().between(1, 1 << 20).map(Object::toString);
        Arbitrary<String> actions = Arbitraries.of("destroy", "restart", "rename-restart", "preserve",
                "coredump-destroy", "coredump-restart", "soft-reset").map(XlConfigWriter::quoted);
        Arbitrary<String> bool = Arbitraries.of("0", "1", "7");
        List<Arbitrary<String>> lines = new ArrayList<>(List.of(
                word().map(n -> "name = " + XlConfigWriter.quoted(n) + "\nkernel = \"/k\"\n"),
                type.flatMap(t -> (switch (t) {
                    case "hvm" -> hvmLines();
                    case "pv" -> optional("e820_host", bool);
                    default -> Arbitraries.just("");
                }).map(specific -> "type = \"" + t + "\"\n" + specific)),
                optional("memory", memory), optional("maxmem", memory),
                Arbitraries.integers().between(1, 8).flatMap(n -> cpus(n).map(c -> "vcpus = " + n + "\n" + c))
                        .injectNull(0.3).map(l -> l == null ? "" : l),
                optional("uuid", Arbitraries.create(UUID::randomUUID).map(u -> "\"" + u + "\"")),
                optional("pool", word().map(XlConfigWriter::quoted)),
                optional("cmdline", text().map(XlConfigWriter::quoted)),
                optional("root", text().map(XlConfigWriter::quoted)),
                optional("extra", text().map(XlConfigWriter::quoted)),
                optional("ramdisk", word().map(XlConfigWriter::quoted)),
                optional("bootloader", word().map(XlConfigWriter::quoted)),
                list("bootloader_args", text()),
                optional("localtime", bool), optional("nomigrate", bool), optional("driver_domain", bool),

                optional("tsc_mode", Arbitraries.of("\"default\"", "\"native\"", "\"always_emulate\"", "\"native_paravirt\"")),
                optional("cpu_weight", Arbitraries.integers().between(1, 65535).map(Object::toString)),
                optional("cap", Arbitraries.integers().between(0, 800).map(Object::toString)),
                optional("max_grant_frames", Arbitraries.integers().between(1, 256).map(Object::toString)),
                optional("max_maptrack_frames", Arbitraries.integers().between(1, 4096).map(Object::toString)),
                optional("max_grant_version", Arbitraries.of("1", "2")),
                optional("max_event_channels", Arbitraries.integers().between(1, 4096).map(Object::toString)),
                optional("on_poweroff", actions), optional("on_reboot", actions), optional("on_watchdog", actions),
                optional("on_crash", actions), optional("on_soft_reset", actions),
                list("disk", disk()), list("vif", vif())));
        return Combinators.combine(lines).as(parts -> String.join("", parts));
    }
}
