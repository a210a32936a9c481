package org.jxen.cli.xl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.cli.JxendForTest;

/**
 * jxl against real xl 4.17: the xenlab's script ran xl on real Xen with domains {@code alpha}
 * (running, 2 vCPUs, maxmem 256 MiB, a vif), {@code beta} (created paused) and {@code gamma} (shut
 * down, kept by {@code on_poweroff=preserve}); here jxl runs the same commands, in the same order,
 * against jxend on a simulated host brought into the same state, and must print the same bytes
 * and exit with the same status. Masked in both: CPU times, UUIDs, uptimes, the config files'
 * directory, domain 0's row (its memory, vCPUs and state are the host's), the physical CPU a vCPU
 * is on and whether it runs or waits at that instant, a NIC's frontend state (whether the guest's
 * driver connected yet), the host's CPU count.
 *
 * <p>Not covered: {@code gamma} (a VM made through XenAPI has no {@code preserve} for
 * {@code on_poweroff}, so jxend leaves no shut-down domain behind: its rows are taken out of xl's
 * tables); libxl's own diagnostic lines ({@code libxl: error: libxl_domain.c:81: ...}), which
 * name libxl's C source: where xl prints them, jxl prints jxen's reason instead, and only xl's
 * own lines are compared; the text of a config syntax error (jxl says {@code FILE:LINE:COL: what},
 * see docs/config.md); {@code list -l} (its own test, {@link JxlLongListTest}). Every remaining
 * difference is in docs/jxl.md.
 */
class JxlGoldenTest {
    private static final Pattern DOM0_ROW = Pattern.compile("^Domain-0 .*$", Pattern.MULTILINE);
    private static final Pattern MU_STATE = Pattern.compile("^(mu <id> +\\d+ +\\d+ +)(\\S+)", Pattern.MULTILINE);
    private static final Pattern VCPU_PLACE = Pattern.compile("^(.{44}) +-?\\d+(   )[-rb][-rb]", Pattern.MULTILINE);
    private static final Pattern NIC_FRONTEND = Pattern.compile("^(\\d+ +\\d+ +\\S+ +\\d+) +\\d+ +-?\\d+ +-?\\d+/-?\\d+ +",
            Pattern.MULTILINE);
    private static final Pattern SYNTAX_ERROR = Pattern.compile("^(/tmp/bad.cfg:2):.*$", Pattern.MULTILINE);
    /** A vbd's frontend domain ("handle"), and a connected one's event channel and grant reference (the guest's choice). */
    private static final Pattern VBD_DOMAIN = Pattern.compile("^(\\d+ +\\d+ +)\\d+ +", Pattern.MULTILINE);
    private static final Pattern VBD_RING = Pattern.compile("^(\\d+ +\\d+ +<domid> +4) +\\d+ +\\d+ +", Pattern.MULTILINE);
    private static final Pattern HOST_CPUS = Pattern.compile("You have \\d+ physical CPUs");
    /** The usage a usage error prints: xl's is {@code Usage: xl [-vtTf] NAME ...}, jxl's also lists the options. */
    private static final Pattern USAGE = Pattern.compile("(?s)^Usage: j?xl (\\[-vtTf\\] )?(.*?\n\n.*?\n\n).*$");
    private static final Pattern BAD_OPTION = Pattern.compile("(?m)^(?:jxl \\S+: invalid option -- '(.)'|option `(.)' not supported\\.)$");

    @TempDir
    static Path dir;
    private static JxendForTest jxend;
    private static Path etc;

    @BeforeAll
    static void start() throws Exception {
        jxend = JxendForTest.start(dir.resolve("jxend"));
        etc = Files.createDirectories(dir.resolve("etc"));
        for (String cfg : List.of("xenlab-guest.cfg", "xenlab-guest-net.cfg")) {
            Files.copy(XlGolden.DIR.resolve(cfg), etc.resolve(cfg));
        }
        Files.writeString(dir.resolve("bad.cfg"), "name = \"bad\"\nmemory = [ 1,\n");
        Files.write(dir.resolve("boot.img"), new byte[1 << 20]);
        for (String image : List.of("disk-a.img:16", "disk-b.img:8", "disk-c.img:4")) {
            String[] nameAndMib = image.split(":");
            try (var f = new java.io.RandomAccessFile(dir.resolve(nameAndMib[0]).toFile(), "rw")) {
                f.setLength(Long.parseLong(nameAndMib[1]) << 20);
            }
        }
        String pygrub = "name = \"delta\"\nbootloader = \"pygrub\"\nmemory = 128\n";
        Files.writeString(dir.resolve("pygrub.cfg"), pygrub + "disk = [ \"format=raw,vdev=xvda,access=rw,target="
                + dir.resolve("boot.img") + "\" ]\n");
        Files.writeString(dir.resolve("pygrub-nodisk.cfg"), pygrub);
    }

    @AfterAll
    static void stop() throws Exception {
        jxend.close();
    }

    /** How a case is compared. */
    private enum Mode {
        /** standard output, standard error and status, after the masks */
        EXACT,
        /**
         * standard output and status; standard error: xl's own lines, in order, with at most one line
         * (jxen's reason) where xl has libxl's diagnostics, and nothing else
         */
        XL_LINES
    }

    private record Case(String name, Mode mode, UnaryOperator<String> mask, String... args) {
    }

    /** Each of jxl's subcommands is listed by {@code help} with xl's summary, in xl's order. */
    @org.junit.jupiter.api.Test
    void helpListsXlsSummaries() {
        JxendForTest.Run jxl = jxend.jxl("help");
        assertThat(jxl.status()).isZero();
        List<String> ours = jxl.out().lines().filter(l -> l.startsWith(" ")).toList();
        List<String> xls = XlGolden.answer("help").out().lines().filter(ours::contains).toList();
        assertThat(ours).hasSize(XlCommands.NAMES.size()).isEqualTo(xls);
    }

    @TestFactory
    List<DynamicTest> sameAsXl() {
        String net = etc.resolve("xenlab-guest-net.cfg").toString();
        String plain = etc.resolve("xenlab-guest.cfg").toString();
        String held = "extra=\"console=hvc0 quiet rdinit=/sbin/init\"";
        UnaryOperator<String> noGamma = t -> XlGolden.without(t, "gamma");
        UnaryOperator<String> table = t -> DOM0_ROW.matcher(noGamma.apply(t)).replaceAll("Domain-0 <host's>");
        UnaryOperator<String> vcpus = t -> VCPU_PLACE.matcher(XlGolden.without(t, "gamma", "Domain-0"))
                .replaceAll("$1 <cpu>$2<rb>");
        UnaryOperator<String> nics = t -> NIC_FRONTEND.matcher(t).replaceAll("$1 <frontend> ");
        UnaryOperator<String> same = t -> t;
        // jxl words a refused option as getopt does, xl its own way; the status and the letter must match
        UnaryOperator<String> badOption = t -> BAD_OPTION.matcher(t).replaceAll("<option $1$2 refused>");
        // which CPU an online vCPU is on is the host's choice (the lab has 2, the simulated laptop 4);
        // whether it is online (xl: CPU "-", state "--p" until the guest's kernel brings it up) is not
        UnaryOperator<String> affinities = t -> t
                .replaceAll("(?m)^(\\S+) +\\d+ +(\\d+) +(\\d+|-) +(\\S+) .*  (\\S+ / \\S+)$", "$1 $2 $3 $4 $5")
                .replaceAll("(?m)^(\\S+ \\d+) \\d+ ", "$1 <cpu> ");
        // a domain ID that xl's failed creates in the lab's other boots would have moved on
        UnaryOperator<String> id = t -> t.replaceAll("(?m)^(iota|lambda|mu) +\\d+", "$1 <id>")
                .replaceAll("(Shutting down domain) \\d+", "$1 <id>");
        // a guest that ran and waits for events is "b" here and "r" or "-" in the lab's emulated CPUs: paused or not
        UnaryOperator<String> pausedOrNot = t -> MU_STATE.matcher(id.apply(t))
                .replaceAll(m -> m.group(1) + (m.group(2).contains("p") ? "<paused>" : "<running>"));
        UnaryOperator<String> backendPath = t -> t.replaceAll("/backend/vif/\\d+/", "/backend/vif/<id>/");
        UnaryOperator<String> vbds = t -> VBD_RING.matcher(VBD_DOMAIN.matcher(t.replaceAll("/backend/vbd/\\d+/",
                "/backend/vbd/<id>/")).replaceAll("$1<domid> ")).replaceAll("$1 <evt-ch> <ring-ref> ");
        // a running config's disks (list -l), the images' directory as the lab's /tmp
        UnaryOperator<String> disks = t -> XlGolden.disks(t.replace(dir.toString(), "/tmp"));
        String image = dir.resolve("disk-c.img").toString();
        UnaryOperator<String> onlineVcpus = t -> t.replaceAll("(?m)^(alpha +\\d+ +\\d+) +\\d+", "$1 <vcpus>");
        // the usage without its options (xl lists none), and xl's name for itself where it names the command
        UnaryOperator<String> usage = t -> USAGE.matcher(t.replace("'jxl ", "'xl ")).replaceAll("Usage: xl $2");
        List<Case> cases = List.of(
                new Case("create-beta", Mode.EXACT, same, "create", "-p", plain, "name=\"beta\"", held),
                new Case("create-duplicate", Mode.XL_LINES, same, "create", plain, "name=\"alpha\""),
                new Case("create-syntax-error", Mode.XL_LINES, t -> SYNTAX_ERROR.matcher(t).replaceAll("$1 <syntax error>"), "create", dir.resolve("bad.cfg").toString()),
                new Case("create-missing-file", Mode.EXACT, same, "create", dir.resolve("nope.cfg").toString()),
                // a domain ID no domain has: xl takes any number without looking it up, and each command fails its own way (jxl-golden-9.sh)
                new Case("id99-destroy", Mode.EXACT, same, "destroy", "99"),
                new Case("id99-pause", Mode.EXACT, same, "pause", "99"),
                new Case("id99-unpause", Mode.EXACT, same, "unpause", "99"),
                new Case("id99-shutdown", Mode.EXACT, same, "shutdown", "99"),
                new Case("id99-reboot", Mode.EXACT, same, "reboot", "99"),
                new Case("id99-rename", Mode.EXACT, same, "rename", "99", "newname"),
                new Case("id99-sysrq", Mode.EXACT, same, "sysrq", "99", "s"),
                new Case("id99-mem-set", Mode.EXACT, same, "mem-set", "99", "100m"),
                new Case("id99-mem-max", Mode.EXACT, same, "mem-max", "99", "100m"),
                new Case("id99-vcpu-set", Mode.EXACT, same, "vcpu-set", "99", "1"),
                new Case("id99-vcpu-pin", Mode.EXACT, same, "vcpu-pin", "99", "0", "0"),
                new Case("id99-vcpu-list", Mode.EXACT, same, "vcpu-list", "99"),
                new Case("id99-list", Mode.EXACT, same, "list", "99"),
                new Case("id99-list-l", Mode.EXACT, same, "list", "-l", "99"),
                new Case("id99-network-list", Mode.EXACT, same, "network-list", "99"),
                new Case("id99-block-list", Mode.EXACT, same, "block-list", "99"),
                new Case("id99-network-attach", Mode.EXACT, same, "network-attach", "99", "script=vif-xenlab"),
                new Case("id99-block-attach", Mode.EXACT, same, "block-attach", "99", "phy:/dev/loop0,xvdb,w"),
                new Case("id99-network-detach", Mode.EXACT, same, "network-detach", "99", "0"),
                new Case("id99-block-detach", Mode.EXACT, same, "block-detach", "99", "xvdb"),
                new Case("id99-uptime", Mode.EXACT, same, "uptime", "99"),
                new Case("id99-save", Mode.EXACT, same, "save", "99", "/tmp/99.save"),
                new Case("id99-dump-core", Mode.EXACT, same, "dump-core", "99", "/tmp/99.core"),
                new Case("id99-sched-credit2", Mode.EXACT, same, "sched-credit2", "-d", "99"),
                new Case("id99-sched-credit2-set", Mode.EXACT, same, "sched-credit2", "-d", "99", "-w", "100"),
                new Case("id99-console", Mode.EXACT, same, "console", "-n", "0", "99"),
                // the file read, the create refused, nothing made (scripts/xenlab/jxl-golden-4.sh)
                new Case("create-missing-disk", Mode.XL_LINES, same, "create", plain, "name=\"delta\"",
                        "disk=[\"format=raw,vdev=xvda,access=rw,target=" + dir.resolve("nope.img") + "\"]"),
                new Case("create-missing-qcow2", Mode.XL_LINES, same, "create", plain, "name=\"delta\"",
                        "disk=[\"format=qcow2,vdev=xvdb,target=" + dir.resolve("nope.qcow2") + "\"]"),
                new Case("create-bootloader", Mode.XL_LINES, same, "create", dir.resolve("pygrub.cfg").toString()),
                new Case("create-bootloader-no-disk", Mode.XL_LINES, same, "create",
                        dir.resolve("pygrub-nodisk.cfg").toString()),
                new Case("create-too-big", Mode.XL_LINES, same, "create", plain, "name=\"delta\"", "memory=64000"),
                new Case("create-no-bridge", Mode.XL_LINES, same, "create", plain, "name=\"delta\"",
                        "vif=[\"bridge=nosuchbridge\"]"),
                new Case("create-hard-outside", Mode.XL_LINES, same, "create", "-p", plain, "name=\"delta\"", "cpus=\"4-7\""),
                new Case("create-maxmem-below", Mode.EXACT, same, "create", "-p", plain, "name=\"theta\"", "maxmem=64"),
                new Case("create-name-space", Mode.EXACT, same, "create", "-p", plain, "name=\"has space\""),
                new Case("create-pool-0", Mode.EXACT, same, "create", "-p", plain, "name=\"eta\"", "pool=\"Pool-0\""),
                new Case("destroy-theta", Mode.EXACT, same, "destroy", "theta"),
                new Case("destroy-space", Mode.EXACT, same, "destroy", "has space"),
                new Case("destroy-eta", Mode.EXACT, same, "destroy", "eta"),
                // CPUs past the host's last (the lab's 2, the simulated laptop's 4) are dropped, as Xen does
                new Case("create-soft-all", Mode.EXACT, same, "create", "-p", plain, "name=\"eps\"", "vcpus=2",
                        "cpus_soft=\"all\""),
                new Case("create-hard-beyond", Mode.EXACT, same, "create", "-p", plain, "name=\"zeta\"", "cpus=\"0-7\""),
                new Case("vcpu-list-beyond", Mode.EXACT, affinities, "vcpu-list", "eps", "zeta"),
                new Case("vcpu-pin-beyond", Mode.EXACT, same, "vcpu-pin", "eps", "0", "0-7", "all"),
                new Case("vcpu-pin-outside", Mode.XL_LINES, same, "vcpu-pin", "eps", "0", "5"),
                new Case("vcpu-list-pinned-beyond", Mode.EXACT, affinities, "vcpu-list", "eps"),
                new Case("block-attach-missing", Mode.XL_LINES, same, "block-attach", "eps",
                        "format=raw,vdev=xvdc,target=" + dir.resolve("nope.img")),
                // xl leaves the vif whose hotplug script failed (network-list shows it, state 1); jxl makes none
                new Case("network-attach-no-bridge", Mode.XL_LINES, same, "network-attach", "eps", "bridge=nosuchbridge"),
                new Case("block-list-eps", Mode.EXACT, same, "block-list", "eps"),
                new Case("destroy-eps", Mode.EXACT, same, "destroy", "eps"),
                new Case("destroy-zeta", Mode.EXACT, same, "destroy", "zeta"),
                // created paused with 2 of 4 vCPUs: only vCPU 0 is up until the kernel runs (jxl-golden-5.sh)
                new Case("create-iota", Mode.EXACT, same, "create", "-p", plain, "name=\"iota\"", "vcpus=2", "maxvcpus=4"),
                new Case("list-iota", Mode.EXACT, id, "list", "iota"),
                new Case("vcpu-list-iota", Mode.EXACT, affinities, "vcpu-list", "iota"),
                new Case("destroy-iota", Mode.EXACT, same, "destroy", "iota"),
                // Xen counts pauses; a kernel that never ran takes no shutdown request (jxl-golden-6.sh)
                new Case("create-lambda", Mode.EXACT, same, "create", "-p", plain, "name=\"lambda\"", "vcpus=2", "maxvcpus=4"),
                new Case("pause-lambda", Mode.EXACT, same, "pause", "lambda"),
                new Case("unpause-lambda", Mode.EXACT, same, "unpause", "lambda"),
                new Case("list-lambda-paused", Mode.EXACT, id, "list", "lambda"),
                new Case("vcpu-pin-offline", Mode.EXACT, same, "vcpu-pin", "lambda", "1", "0"),
                new Case("vcpu-list-lambda", Mode.EXACT, affinities, "vcpu-list", "lambda"),
                new Case("mem-set-lambda", Mode.EXACT, same, "mem-set", "lambda", "100m"),
                new Case("list-lambda-mem", Mode.EXACT, id, "list", "lambda"),
                new Case("sysrq-lambda", Mode.EXACT, same, "sysrq", "lambda", "s"),
                new Case("shutdown-lambda", Mode.XL_LINES, id, "shutdown", "lambda"),
                new Case("shutdown-w-lambda", Mode.XL_LINES, id, "shutdown", "-w", "lambda"),
                new Case("unpause-lambda-again", Mode.EXACT, same, "unpause", "lambda"),
                new Case("unpause-lambda-running", Mode.XL_LINES, same, "unpause", "lambda"),
                new Case("destroy-lambda", Mode.EXACT, same, "destroy", "lambda"),
                new Case("create-mu", Mode.EXACT, same, "create", plain, "name=\"mu\""),
                new Case("pause-mu", Mode.EXACT, same, "pause", "mu"),
                new Case("pause-mu-twice", Mode.EXACT, same, "pause", "mu"),
                new Case("unpause-mu", Mode.EXACT, same, "unpause", "mu"),
                new Case("list-mu-still-paused", Mode.EXACT, pausedOrNot, "list", "mu"),
                new Case("unpause-mu-again", Mode.EXACT, same, "unpause", "mu"),
                new Case("list-mu-running", Mode.EXACT, pausedOrNot, "list", "mu"),
                new Case("destroy-mu", Mode.EXACT, same, "destroy", "mu"),
                // a never-run guest's vifs: attached and detached with no frontend (jxl-golden-7.sh)
                new Case("create-nu", Mode.EXACT, same, "create", "-p", net, "name=\"nu\""),
                new Case("network-list-nu", Mode.EXACT, backendPath, "network-list", "nu"),
                new Case("network-attach-nu", Mode.EXACT, same, "network-attach", "nu", "mac=00:16:3e:00:00:43",
                        "script=vif-xenlab"),
                new Case("network-list-nu-attached", Mode.EXACT, backendPath, "network-list", "nu"),
                new Case("network-detach-nu-1", Mode.EXACT, same, "network-detach", "nu", "1"),
                new Case("network-list-nu-detached", Mode.EXACT, backendPath, "network-list", "nu"),
                new Case("network-detach-nu-0", Mode.EXACT, same, "network-detach", "nu", "0"),
                new Case("network-list-nu-none", Mode.EXACT, same, "network-list", "nu"),
                new Case("destroy-nu", Mode.EXACT, same, "destroy", "nu"),
                new Case("await", Mode.EXACT, same, "alpha +1 +128 +2 +-b---- .*"),
                new Case("list", Mode.EXACT, table, "list"),
                new Case("list-alpha", Mode.EXACT, same, "list", "alpha"),
                new Case("list-domid-1", Mode.EXACT, same, "list", "1"),
                new Case("list-nosuch", Mode.EXACT, same, "list", "nosuch"),
                new Case("list-v", Mode.EXACT, table, "list", "-v"),
                new Case("domid-alpha", Mode.EXACT, same, "domid", "alpha"),
                new Case("domid-nosuch", Mode.EXACT, same, "domid", "nosuch"),
                new Case("domname-1", Mode.EXACT, same, "domname", "1"),
                new Case("domname-99", Mode.EXACT, same, "domname", "99"),
                new Case("domname-bad", Mode.EXACT, same, "domname", "abc"),
                new Case("vcpu-list", Mode.EXACT, vcpus, "vcpu-list"),
                new Case("vcpu-list-alpha", Mode.EXACT, vcpus, "vcpu-list", "alpha"),
                new Case("sched-credit2", Mode.EXACT, noGamma, "sched-credit2"),
                new Case("sched-credit2-alpha", Mode.EXACT, same, "sched-credit2", "-d", "alpha"),
                new Case("sched-credit2-set", Mode.EXACT, same, "sched-credit2", "-d", "alpha", "-w", "512", "-c", "50"),
                new Case("sched-credit2-after", Mode.EXACT, same, "sched-credit2", "-d", "alpha"),
                new Case("sched-credit2-pool", Mode.EXACT, same, "sched-credit2", "-s"),
                new Case("sched-credit2-pool-set", Mode.EXACT, same, "sched-credit2", "-s", "-r", "2000"),
                new Case("sched-credit2-pool-after", Mode.EXACT, same, "sched-credit2", "-s", "-p", "Pool-0"),
                new Case("network-list", Mode.EXACT, nics, "network-list", "alpha"),
                new Case("network-list-two", Mode.EXACT, nics, "network-list", "alpha", "beta"),
                new Case("block-list", Mode.EXACT, same, "block-list", "alpha"),
                new Case("uptime", Mode.EXACT, table, "uptime"),
                new Case("uptime-alpha", Mode.EXACT, same, "uptime", "alpha"),
                new Case("vcpu-pin", Mode.EXACT, same, "vcpu-pin", "alpha", "0", "1"),
                // xl pinned to 0-1, every CPU of the 2-CPU lab host; the simulated laptop has 4
                new Case("vcpu-pin-all", Mode.EXACT, same, "vcpu-pin", "alpha", "1", "all", "1"),
                new Case("vcpu-list-pinned", Mode.EXACT, vcpus, "vcpu-list", "alpha"),
                new Case("vcpu-pin-bad", Mode.XL_LINES, same, "vcpu-pin", "alpha", "5", "1"),
                new Case("vcpu-set", Mode.EXACT, same, "vcpu-set", "alpha", "1"),
                new Case("vcpu-set-too-many", Mode.EXACT, t -> HOST_CPUS.matcher(t).replaceAll("You have <n> physical CPUs"),
                        "vcpu-set", "alpha", "8"),
                new Case("mem-set", Mode.EXACT, same, "mem-set", "alpha", "100m"),
                new Case("mem-max", Mode.EXACT, same, "mem-max", "alpha", "200m"),
                new Case("mem-set-bad", Mode.EXACT, same, "mem-set", "alpha", "lots"),
                new Case("await", Mode.EXACT, same, "alpha +1 +100 +1 .*"),
                new Case("list-after-settings", Mode.EXACT, table, "list"),
                new Case("vcpu-list-after-settings", Mode.EXACT, vcpus, "vcpu-list", "alpha"),
                new Case("pause", Mode.EXACT, same, "pause", "alpha"),
                new Case("list-paused", Mode.EXACT, same, "list", "alpha"),
                new Case("unpause", Mode.EXACT, same, "unpause", "alpha"),
                new Case("pause-nosuch", Mode.EXACT, same, "pause", "nosuch"),
                new Case("sysrq-s", Mode.EXACT, same, "sysrq", "alpha", "s"),
                new Case("sysrq-two-letters", Mode.EXACT, usage, "sysrq", "alpha", "ss"),
                new Case("sysrq-nosuch", Mode.EXACT, same, "sysrq", "nosuch", "s"),
                new Case("sysrq-no-letter", Mode.EXACT, usage, "sysrq", "alpha"),
                new Case("sysrq-bad-option", Mode.EXACT, badOption,
                        "sysrq", "-x", "alpha", "s"),
                new Case("pause-no-domain", Mode.EXACT, usage, "pause"),
                new Case("rename", Mode.EXACT, same, "rename", "alpha", "delta"),
                new Case("rename-taken", Mode.XL_LINES, same, "rename", "delta", "beta"),
                new Case("rename-back", Mode.EXACT, same, "rename", "delta", "alpha"),
                new Case("network-attach", Mode.EXACT, same, "network-attach", "alpha", "mac=00:16:3e:00:00:42",
                        "script=vif-xenlab"),
                new Case("network-list-attached", Mode.EXACT, nics, "network-list", "alpha"),
                new Case("network-detach", Mode.EXACT, same, "network-detach", "alpha", "1"),
                new Case("network-detach-nosuch", Mode.XL_LINES, same, "network-detach", "alpha", "7"),
                new Case("block-detach-nosuch", Mode.XL_LINES, same, "block-detach", "alpha", "xvdz"),
                new Case("restore-missing", Mode.EXACT, same, "restore", dir.resolve("nope.save").toString()),
                new Case("shutdown-nosuch", Mode.EXACT, same, "shutdown", "nosuch"),
                new Case("reboot-nosuch", Mode.EXACT, same, "reboot", "nosuch"),
                new Case("destroy-nosuch", Mode.EXACT, same, "destroy", "nosuch"),
                new Case("destroy-dom0", Mode.EXACT, same, "destroy", "0"),
                // the forms xl's arguments take (the end of scripts/xenlab/jxl-golden-3.sh)
                new Case("mem-set-m-upper", Mode.EXACT, same, "mem-set", "alpha", "120M"),
                new Case("mem-set-k", Mode.EXACT, same, "mem-set", "alpha", "122880k"),
                new Case("mem-set-no-unit", Mode.EXACT, same, "mem-set", "alpha", "120"),
                new Case("mem-set-bytes", Mode.EXACT, same, "mem-set", "alpha", "125829120b"),
                new Case("mem-set-g-fraction", Mode.EXACT, same, "mem-set", "alpha", "0.1g"),
                new Case("mem-set-t", Mode.XL_LINES, same, "mem-set", "alpha", "1t"),
                new Case("mem-set-negative", Mode.XL_LINES, same, "mem-set", "alpha", "-5m"),
                new Case("mem-set-two-units", Mode.EXACT, same, "mem-set", "alpha", "100mb"),
                new Case("mem-set-sign-only", Mode.EXACT, same, "mem-set", "alpha", "-"),
                new Case("mem-set-blank-unit", Mode.EXACT, same, "mem-set", "alpha", " m"),
                new Case("mem-set-blank-number", Mode.EXACT, same, "mem-set", "alpha", " 120"),
                new Case("mem-set-back", Mode.EXACT, same, "mem-set", "alpha", "128m"),
                new Case("mem-max-below", Mode.XL_LINES, same, "mem-max", "alpha", "64m"),
                new Case("mem-max-g", Mode.EXACT, same, "mem-max", "alpha", "1g"),
                new Case("mem-max-bad", Mode.EXACT, same, "mem-max", "alpha", "x"),
                new Case("vcpu-set-zero", Mode.XL_LINES, same, "vcpu-set", "alpha", "0"),
                new Case("vcpu-set-negative", Mode.EXACT, same, "vcpu-set", "alpha", "-1"),
                new Case("vcpu-set-junk", Mode.EXACT, same, "vcpu-set", "alpha", "1x"),
                new Case("vcpu-set-word", Mode.EXACT, same, "vcpu-set", "alpha", "two"),
                new Case("vcpu-set-minus-zero", Mode.XL_LINES, same, "vcpu-set", "alpha", "-0"),
                new Case("vcpu-set-blank", Mode.EXACT, same, "vcpu-set", "alpha", " 1"),
                new Case("vcpu-set-back", Mode.EXACT, same, "vcpu-set", "alpha", "2"),
                new Case("vcpu-pin-minus-one", Mode.EXACT, same, "vcpu-pin", "alpha", "-1", "0"),
                new Case("vcpu-pin-word", Mode.EXACT, same, "vcpu-pin", "alpha", "one", "0"),
                new Case("vcpu-pin-junk", Mode.EXACT, same, "vcpu-pin", "alpha", "1x", "0"),
                new Case("sched-credit2-w-zero", Mode.XL_LINES, same, "sched-credit2", "-d", "alpha", "-w", "0"),
                new Case("sched-credit2-w-big", Mode.XL_LINES, same, "sched-credit2", "-d", "alpha", "-w", "65536"),
                new Case("sched-credit2-w-word", Mode.XL_LINES, same, "sched-credit2", "-d", "alpha", "-w", "heavy"),
                new Case("sched-credit2-c-big", Mode.XL_LINES, same, "sched-credit2", "-d", "alpha", "-c", "300"),
                new Case("sched-credit2-c-negative", Mode.EXACT, same, "sched-credit2", "-d", "alpha", "-c", "-1"),
                new Case("sched-credit2-w-wrap-unchanged", Mode.EXACT, same, "sched-credit2", "-d", "alpha", "-w",
                        "4294967295"),
                new Case("sched-credit2-w-wrap", Mode.EXACT, same, "sched-credit2", "-d", "alpha", "-w", "4294967696"),
                // the weights only: alpha's cap is 50 here from sched-credit2-set, captured in another boot
                new Case("sched-credit2-after-wrap", Mode.EXACT, t -> t.replaceAll("(?m) +-?\\d+$", ""), "sched-credit2",
                        "-d", "alpha"),
                new Case("domid-dom0", Mode.EXACT, same, "domid", "Domain-0"),
                new Case("domname-0", Mode.EXACT, same, "domname", "0"),
                new Case("domid-number", Mode.EXACT, same, "domid", "1"),
                // domname reads its ID with strtol into 32 bits: "1x" and "001" are 1, "0x1" is 0; "-1" is an option to getopt
                new Case("domname-junk", Mode.EXACT, same, "domname", "1x"),
                new Case("domname-minus-one", Mode.EXACT, badOption, "domname", "-1"),
                new Case("domname-leading-zeros", Mode.EXACT, same, "domname", "001"),
                new Case("domname-hex", Mode.EXACT, same, "domname", "0x1"),
                new Case("domname-blank", Mode.EXACT, same, "domname", " "),
                new Case("list-dom0-id", Mode.EXACT, table, "list", "0"),
                // xl's list usage has no -f and a blank line more
                new Case("list-two-names", Mode.EXACT, t -> usage.apply(t.replace("[-vtT] ", "").replace("\n\n\n", "\n\n")),
                        "list", "alpha", "Domain-0"),
                // digits alone are a domain ID as strtoul reads it, in 32 bits; alpha's vCPUs online masked: the
                // lab guest left vCPU 1 offline after vcpu-set-back (its initramfs onlines no CPU), the simulated one not
                new Case("list-leading-zeros", Mode.EXACT, onlineVcpus, "list", "001"),
                new Case("list-wrapped-id", Mode.EXACT, onlineVcpus, "list", "4294967297"),
                new Case("list-dom0-wrapped", Mode.EXACT, table, "list", "4294967296"),
                new Case("rename-to-dom0", Mode.XL_LINES, same, "rename", "alpha", "Domain-0"),
                new Case("pause-dom0", Mode.XL_LINES, same, "pause", "0"),
                new Case("rename-to-number", Mode.EXACT, same, "rename", "alpha", "5"),
                new Case("unpause-running", Mode.EXACT, same, "unpause", "alpha"),
                // names and UUIDs xl takes (jxl-golden-8.sh): a number (which then reads as a domain ID), an empty
                // name, a UUID given; dom0's name it does not. (A UUID another domain has xl takes too; jxend not.)
                new Case("create-name-dom0", Mode.XL_LINES, same, "create", "-p", plain, "name=\"Domain-0\""),
                new Case("create-name-number", Mode.EXACT, same, "create", "-p", plain, "name=\"7\""),
                new Case("destroy-name-number", Mode.EXACT, same, "destroy", "7"),
                new Case("create-name-empty", Mode.EXACT, same, "create", "-p", plain, "name=\"\""),
                new Case("create-uuid-xi", Mode.EXACT, same, "create", "-p", plain, "name=\"xi\"",
                        "uuid=\"6b1d2c3e-4f50-4a6b-8c7d-9e0f1a2b3c4d\""),
                new Case("destroy-xi", Mode.EXACT, same, "destroy", "xi"),
                // file-backed disks that connect: on loop devices under blkback (backend/vbd), not qdisk (jxl-golden-10.sh)
                new Case("create-pi", Mode.EXACT, same, "create", "-p", plain, "name=\"pi\"", held, "disk=[ \"format=raw,vdev=xvda,"
                        + "access=rw,target=" + dir.resolve("disk-a.img") + "\", \"format=raw,vdev=xvdb,access=ro,target="
                        + dir.resolve("disk-b.img") + "\" ]"),
                new Case("block-list-pi-paused", Mode.EXACT, vbds, "block-list", "pi"),
                new Case("list-l-pi", Mode.EXACT, disks, "list", "-l", "pi"),
                new Case("unpause-pi", Mode.EXACT, same, "unpause", "pi"),
                new Case("await-disks", Mode.EXACT, same, "2"),
                new Case("block-list-pi", Mode.EXACT, vbds, "block-list", "pi"),
                new Case("block-attach-pi", Mode.EXACT, same, "block-attach", "pi", "format=raw,vdev=xvdc,access=rw,target=" + image),
                new Case("block-attach-pi-again", Mode.XL_LINES, same, "block-attach", "pi",
                        "format=raw,vdev=xvdc,access=rw,target=" + image),
                new Case("block-attach-pi-legacy", Mode.EXACT, same, "block-attach", "pi", "file:" + image + ",xvdd,r"),
                new Case("await-disks", Mode.EXACT, same, "4"),
                new Case("block-list-pi-attached", Mode.EXACT, vbds, "block-list", "pi"),
                new Case("list-l-pi-attached", Mode.EXACT, disks, "list", "-l", "pi"),
                new Case("block-detach-pi", Mode.EXACT, same, "block-detach", "pi", "xvdc"),
                new Case("block-detach-pi-number", Mode.EXACT, same, "block-detach", "pi", "51760"),
                new Case("block-detach-pi-ro", Mode.EXACT, same, "block-detach", "pi", "xvdb"),
                new Case("block-list-pi-detached", Mode.EXACT, vbds, "block-list", "pi"),
                new Case("list-l-pi-detached", Mode.EXACT, disks, "list", "-l", "pi"),
                new Case("destroy-pi", Mode.EXACT, same, "destroy", "pi"),
                // a pool the host lacks: refused by libxl's config checks before a domain is made, status ERROR_INVAL
                new Case("create-pool-nosuch", Mode.XL_LINES, same, "create", "-p", plain, "name=\"rho\"", "pool=\"nosuch\""));
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("create-alpha", () -> assertThat(jxend.jxl("create", net, "name=\"alpha\"", held,
                "vcpus=2", "maxvcpus=2", "maxmem=256", "on_poweroff=\"destroy\"").status()).isZero()));
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                if (c.name().equals("await")) {
                    await(c.args()[0]);
                } else if (c.name().equals("await-disks")) {
                    awaitDisks(Integer.parseInt(c.args()[0]));
                } else {
                    check(c);
                }
            }));
        }
        return tests;
    }

    /**
     * Waits, 10 s at most, until alpha's row in {@code list} matches {@code row}, as xl's script
     * waited for the guest to boot (its vCPUs then wait for events: {@code b}) and slept 2 s for it
     * to act on a balloon target and on vCPUs taken offline, which the guest does by itself.
     */
    private static void await(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String row = "";
        while (System.nanoTime() < deadline) {
            row = jxend.jxl("list", "alpha").out().lines().skip(1).findFirst().orElse("");
            if (row.matches(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("alpha's row did not come to match " + expected + " within 10 s: " + row);
    }

    /** Waits, 10 s at most, until pi's {@code disks} vbds are Connected, as xl's script waited for its guest to boot. */
    private static void awaitDisks(int disks) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = jxend.jxl("block-list", "pi").out().lines().skip(1).toList();
            if (rows.size() == disks && rows.stream().allMatch(r -> r.split(" +")[3].equals("4"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("pi's " + disks + " disks did not all connect within 10 s: " + rows);
    }

    private static void check(Case c) {
        XlGolden.Answer xl = XlGolden.answer(c.name());
        JxendForTest.Run jxl = jxend.jxl(c.args());
        String err = jxl.err().replace(etc.toString(), "/etc/xen").replace(dir.toString(), "/tmp");
        assertThat(jxl.status()).as("%s: exit status (stderr: %s)", c.name(), err).isEqualTo(xl.status());
        assertThat(c.mask().apply(XlGolden.masked(jxl.out()))).as("%s: standard output", c.name())
                .isEqualTo(c.mask().apply(XlGolden.masked(xl.out())));
        String expected = c.mask().apply(XlGolden.masked(XlGolden.xlLines(xl.err())));
        String actual = c.mask().apply(XlGolden.masked(err));
        if (c.mode() == Mode.EXACT) {
            assertThat(actual).as("%s: standard error", c.name()).isEqualTo(expected);
        } else {
            assertThat(actual).as("%s: xl's own lines, in xl's places, in %s", c.name(), actual)
                    .matches(XlGolden.xlLinesPattern(c.mask().apply(XlGolden.masked(xl.err()))));
        }
    }
}
