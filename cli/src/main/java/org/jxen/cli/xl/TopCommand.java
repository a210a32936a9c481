package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.flag;
import static org.jxen.cli.xl.Args.Opt.valued;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jxen.api.XenApiFailure;

/**
 * {@code xl top}: xentop's table of domains, refreshed every {@code -d} seconds on a cleared screen
 * until {@code q}, or, with {@code -b}, printed {@code -i} times one after the other (xentop's batch
 * mode). Domains sorted by name as xentop sorts them (case ignored); CPU(%) is the share of one CPU
 * since the previous table (0.0 in the first). The simulated host models no network or disk traffic:
 * those columns are 0, as its metrics say (docs/jxend.md).
 */
final class TopCommand {
    static final String HEADER = "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS "
            + "NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID";
    private static final String CLEAR = "\033[H\033[2J";

    private TopCommand() {
    }

    static XlCommand command() {
        return XlCommand.of("top", "[-b] [-i ITERATIONS] [-d SECONDS]", "Monitor a host and the domains in real time",
                0, 0, TopCommand::run, flag('b', "batch", "output in batch mode, no user input accepted"),
                valued('i', "iterations", "N", "number of updates before exiting (default: for ever; 1 with -b)"),
                valued('d', "delay", "SECONDS", "seconds between updates (default 3)"));
    }

    private static int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        boolean batch = args.has('b');
        long iterations = number(args.value('i'), batch ? 1 : Long.MAX_VALUE);
        long delayMs = number(args.value('d'), 3) * 1000;
        AtomicBoolean quit = new AtomicBoolean();
        Thread keys = batch ? null : Thread.ofVirtual().start(() -> awaitQuit(quit));
        try (Terminal terminal = batch ? Terminal.none() : Terminal.raw()) {
            Map<Integer, Long> before = new HashMap<>();
            long beforeNs = 0;
            for (long i = 0; i < iterations && !quit.get(); i++) {
                long now = System.nanoTime();
                List<DomainRow> domains = Domains.of(api).all().stream()
                        .sorted(Comparator.comparing(d -> d.name().toLowerCase(Locale.ROOT))).toList();
                HostFigures host = HostFigures.of(api);
                StringBuilder screen = new StringBuilder(batch ? "" : CLEAR + summary(domains, host, terminal));
                screen.append(HEADER).append(terminal.newline());
                for (DomainRow d : domains) {
                    double percent = before.containsKey(d.domid()) ? 100.0 * (d.cpuTimeNs() - before.get(d.domid()))
                            / (now - beforeNs) : 0;
                    screen.append(row(d, percent, host.number("total_memory_kb"), count(api, d, "vif"), count(api, d, "vbd")))
                            .append(terminal.newline());
                    before.put(d.domid(), d.cpuTimeNs());
                }
                beforeNs = now;
                out.print(screen);
                out.flush();
                if (i + 1 < iterations) {
                    pause(delayMs, quit);
                }
            }
            return 0;
        } finally {
            if (keys != null) {
                keys.interrupt();
            }
        }
    }

    /** xentop's three lines above the table (its screen mode only). */
    private static String summary(List<DomainRow> domains, HostFigures host, Terminal terminal) {
        long total = host.number("total_memory_kb");
        long free = host.number("free_memory_kb");
        String state = domains.stream().map(DomainRow::stateLetters).reduce("", String::concat);
        return "xentop - " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "   Xen (jxend)" + terminal.newline()
                + domains.size() + " domains: " + letters(state, 'r') + " running, " + letters(state, 'b')
                + " blocked, " + letters(state, 'p') + " paused, " + letters(state, 'c') + " crashed, "
                + letters(state, 'd') + " dying, " + letters(state, 's') + " shutdown " + terminal.newline()
                + "Mem: " + total + "k total, " + (total - free) + "k used, " + free + "k free    CPUs: " + host.cpus()
                + terminal.newline() + terminal.newline();
    }

    private static long letters(String states, char letter) {
        return states.chars().filter(c -> c == letter).count();
    }

    /** One domain's row, column for column as xentop 4.17 prints it. */
    static String row(DomainRow d, double cpuPercent, long totalKb, int nets, int vbds) {
        String s = d.stateLetters();
        String state = "" + s.charAt(5) + s.charAt(3) + s.charAt(1) + s.charAt(4) + s.charAt(2) + s.charAt(0);
        return Tables.right(d.name(), 10) + " " + Tables.right(state, 6) + " " + Tables.right(d.cpuTimeNs() / 1_000_000_000L, 10)
                + " " + Tables.right(tenths(cpuPercent), 6) + " " + Tables.right(d.memoryKb(), 10) + " "
                + Tables.right(tenths(100.0 * d.memoryKb() / totalKb), 6) + " " + Tables.right(d.maxMemoryKb(), 10) + " "
                + Tables.right(tenths(100.0 * d.maxMemoryKb() / totalKb), 9) + " " + Tables.right(d.maxVcpus(), 5) + " "
                + Tables.right(nets, 4) + " " + Tables.right(0, 8) + " " + Tables.right(0, 8) + " " + Tables.right(vbds, 4)
                + " " + Tables.right(0, 8) + " " + Tables.right(0, 8) + " " + Tables.right(0, 8) + " "
                + Tables.right(0, 10) + " " + Tables.right(0, 10) + " " + Tables.right(0, 4);
    }

    /** {@code %.1f}, rounded half up, without String.format's locale data. */
    private static String tenths(double value) {
        long t = Math.round(value * 10);
        return t / 10 + "." + t % 10;
    }

    private static int count(JxendApi api, DomainRow d, String kind) throws XenApiFailure, XlFailure {
        return api.structs("get_domain_devices", d.domid(), kind).size();
    }

    private static long number(String text, long otherwise) throws XlFailure {
        if (text == null) {
            return otherwise;
        }
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 9) {
            throw XlFailure.of("jxl top: not a number: " + text);
        }
        return Long.parseLong(text);
    }

    /** Waits {@code ms}, or less when {@code q} is pressed. */
    private static void pause(long ms, AtomicBoolean quit) throws XlFailure {
        long end = System.nanoTime() + ms * 1_000_000;
        try {
            while (!quit.get() && System.nanoTime() < end) {
                Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw XlFailure.of("jxl top: interrupted");
        }
    }

    private static void awaitQuit(AtomicBoolean quit) {
        try {
            for (int b = System.in.read(); b >= 0; b = System.in.read()) {
                if (b == 'q' || b == 'Q') {
                    quit.set(true);
                    return;
                }
            }
        } catch (java.io.IOException e) {
            quit.set(true); // no keyboard any more: nothing could quit us later
        }
    }
}
