package org.jxen.toolstack.libxl;

import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jxen.hv.ConsoleLog;
import org.jxen.hv.ConsoleOutput;
import org.jxen.xen.ConsoleTty;

/**
 * Guests' consoles on real Xen: xenconsoled gives each a pty; a thread per guest reads it (in raw
 * mode, as {@code xl console} does) into a log that every client reads from its own offset, so
 * jxend's web console and {@code jxl console} share it. What is typed goes into the pty.
 */
final class TtyConsoles implements AutoCloseable {
    /** As much as the simulated host keeps. */
    private static final int KEPT = 64 * 1024;

    private final Map<Integer, Console> consoles = new ConcurrentHashMap<>();

    private static final class Console {
        final ConsoleTty tty;
        final ConsoleLog log = new ConsoleLog(KEPT);
        final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer partial = ByteBuffer.allocate(0);

        Console(ConsoleTty tty) {
            this.tty = tty;
        }

        /** Appends what was read; a UTF-8 sequence split across reads waits for its end. */
        synchronized void took(byte[] bytes) {
            ByteBuffer in = ByteBuffer.allocate(partial.remaining() + bytes.length).put(partial).put(bytes).flip();
            CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
            utf8.decode(in, out, false);
            log.append(out.flip());
            partial = in.slice();
        }

        synchronized ConsoleOutput output(long from) {
            return log.output(from);
        }
    }

    /** Starts reading domain {@code domid}'s console at {@code pty}, unless it is read already. */
    void attach(int domid, Path pty) {
        consoles.computeIfAbsent(domid, d -> {
            Console c = new Console(ConsoleTty.open(pty));
            Thread.ofPlatform().daemon().name("console-" + domid).start(() -> {
                for (byte[] b = c.tty.read(); b.length > 0; b = c.tty.read()) {
                    c.took(b);
                }
            });
            return c;
        });
    }

    boolean attached(int domid) {
        return consoles.containsKey(domid);
    }

    /** What the guest printed from {@code from} on; nothing when its console is not read. */
    ConsoleOutput output(int domid, long from) {
        Console c = consoles.get(domid);
        return c == null ? new ConsoleOutput("", 0, 0) : c.output(from);
    }

    int type(int domid, byte[] bytes) {
        Console c = consoles.get(domid);
        return c == null ? 0 : c.tty.write(bytes);
    }

    /** The domain is gone: its pty with it. */
    void detach(int domid) {
        Console c = consoles.remove(domid);
        if (c != null) {
            c.tty.close();
        }
    }

    @Override
    public void close() {
        consoles.keySet().forEach(this::detach);
    }
}
