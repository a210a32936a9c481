package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.valued;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jxen.api.XenApiFailure;
import org.jxen.config.CNumbers;

/**
 * {@code xl console}: the guest's console, what it printed so far and then as it prints, until
 * {@code Ctrl-]} (0x1d) detaches or the domain is gone. jxend keeps what the guest prints, byte
 * for byte as it went through the console's ring, prompt and echo included
 * ({@code jxen.get_domain_console}, read every 100 ms); every other key is typed into the guest's
 * console as it comes ({@code jxen.type_into_domain_console}), as xenconsoled passes on its pty's input.
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
        DomainRow d = Domains.find(api, args.positional(0), id -> XlFailure.of("Unable to attach console"));
        if (args.value('n') != null && CNumbers.atoi(args.value('n')) != 0) { // xl reads it with atoi: "00" is 0
            throw XlFailure.of("jxl console: domain " + d.domid() + " has console 0 only");
        }
        return attach(api, d.domid(), out);
    }

    /** Shows domain {@code domid}'s console until Ctrl-] or its end (also {@code create -c}). */
    static int attach(JxendApi api, int domid, PrintWriter out) throws XenApiFailure, XlFailure {
        AtomicBoolean detach = new AtomicBoolean();
        Thread keys = Thread.ofVirtual().start(() -> passKeys(System.in, detach, typed -> type(api, domid, typed)));
        try (Terminal terminal = Terminal.raw()) {
            long next = 0;
            while (true) { // what the guest printed so far comes out before Ctrl-] is looked at
                Map<?, ?> c;
                try {
                    c = (Map<?, ?>) api.onDomain("get_domain_console", domid, next);
                } catch (XenApiFailure gone) {
                    return 0; // the domain is gone: xl console ends too
                }
                // the guest's own line ends ("\r\n"), as a terminal in raw mode wants them
                out.print(Wire.string(c, "text").replace("\r\n", terminal.newline()));
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

    /** Where keys go: the guest's console. */
    @FunctionalInterface
    interface Keys {
        void type(byte[] keys) throws XenApiFailure, XlFailure;
    }

    /**
     * Reads keys until Ctrl-] or the end of input, passing each read's worth before a Ctrl-] to
     * {@code keys}; Ctrl-] sets {@code detach}, as does a guest that no longer takes keys.
     */
    static void passKeys(InputStream in, AtomicBoolean detach, Keys keys) {
        byte[] buffer = new byte[256];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                int escape = indexOf(buffer, n, (byte) ESCAPE);
                if (escape != 0) {
                    keys.type(Arrays.copyOf(buffer, escape < 0 ? n : escape));
                }
                if (escape >= 0) {
                    break;
                }
            }
        } catch (IOException | XenApiFailure | XlFailure e) {
            // no keyboard to read any more, or no guest to type into: nothing could detach us later
        }
        detach.set(true);
    }

    private static int indexOf(byte[] bytes, int length, byte wanted) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Types {@code keys}, again for what the console's ring had no room for while the guest reads
     * it; what a guest leaves unread for a second (a paused one) is dropped, as a tty drops input
     * nobody reads, so Ctrl-] is read again.
     */
    private static void type(JxendApi api, int domid, byte[] keys) throws XenApiFailure, XlFailure {
        int at = 0;
        for (int tries = 0; at < keys.length && tries < 1_000 / POLL_MS; tries++) {
            if (tries > 0) {
                sleep();
            }
            at += ((Number) api.onDomain("type_into_domain_console", domid,
                    new String(keys, at, keys.length - at, StandardCharsets.UTF_8))).intValue();
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
