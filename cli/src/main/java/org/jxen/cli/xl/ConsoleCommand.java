package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.valued;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jxen.api.XenApiFailure;

/**
 * {@code xl console}: the guest's console, what it printed so far and then as it prints, until
 * {@code Ctrl-]} (0x1d) detaches or the domain is gone. jxend keeps what the guest prints
 * ({@code jxen.get_domain_console}, read every 100 ms); keys other than {@code Ctrl-]} do not reach
 * the guest (jxend's console takes no input yet).
 */
final class ConsoleCommand {
    /** Ctrl-], xl's (and telnet's) escape. */
    static final int ESCAPE = 0x1d;
    private static final long POLL_MS = 100;

    private ConsoleCommand() {
    }

    static XlCommand command() {
        return XlCommand.of("console", "[options] <Domain>", "Attach to domain's console", 1, 1, ConsoleCommand::run,
                valued('t', null, "TYPE", "console type, pv (the guest's first PV console) or serial"),
                valued('n', null, "NUM", "console number (0, the only one jxend keeps)"));
    }

    private static int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        DomainRow d = Domains.find(api, args.positional(0));
        if (args.value('n') != null && !args.value('n').equals("0")) {
            throw XlFailure.of("jxl console: domain " + d.domid() + " has console 0 only");
        }
        return attach(api, d.domid(), out);
    }

    /** Shows domain {@code domid}'s console until Ctrl-] or its end (also {@code create -c}). */
    static int attach(JxendApi api, int domid, PrintWriter out) throws XenApiFailure, XlFailure {
        AtomicBoolean detach = new AtomicBoolean();
        Thread keys = Thread.ofVirtual().start(() -> awaitEscape(System.in, detach));
        try (Terminal terminal = Terminal.raw()) {
            long next = 0;
            while (true) { // what the guest printed so far comes out before Ctrl-] is looked at
                Map<?, ?> c;
                try {
                    c = (Map<?, ?>) api.onDomain("get_domain_console", domid, next);
                } catch (XenApiFailure gone) {
                    return 0; // the domain is gone: xl console ends too
                }
                for (String line : Wire.strings(c, "lines")) {
                    out.print(line + terminal.newline());
                }
                out.flush();
                next = Wire.number(c, "next");
                if (detach.get()) {
                    return 0;
                }
                sleep();
            }
        } finally {
            keys.interrupt();
        }
    }

    /** Reads keys until Ctrl-] or the end of input; Ctrl-] sets {@code detach}. */
    static void awaitEscape(InputStream in, AtomicBoolean detach) {
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == ESCAPE) {
                    detach.set(true);
                    return;
                }
            }
        } catch (IOException e) {
            detach.set(true); // no keyboard to read any more: nothing could detach us later
        }
    }

    private static void sleep() throws XlFailure {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw XlFailure.of("jxl console: interrupted");
        }
    }
}
