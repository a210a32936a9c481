package org.jxen.xen;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where libxl's messages go: a stdio logger of libxentoollog writing into a pipe that a thread
 * here reads, passing each line to {@code System.Logger} (errors as warnings) and keeping the
 * last ones, so a failed call's error says what libxl said about it (as xl prints it). A call
 * marks the log before it starts; {@link #errorsSince} then writes a marker into the same pipe and
 * waits for it, so every line libxl wrote before returning has been read.
 */
final class LibxlLog {
    private static final System.Logger LOG = System.getLogger("org.jxen.xen.libxl");
    private static final int KEPT = 256;
    private static final String MARK = "\u0001jxen-mark ";

    private final int writeFd;
    private final MemorySegment file;
    private final Deque<Line> lines = new ArrayDeque<>();
    private long nextSeq;
    private long lastMarkSeen = -1;
    private long marks;

    private record Line(long seq, String text) {
    }

    private LibxlLog(int readFd, int writeFd) {
        this.writeFd = writeFd;
        this.file = Libc.fdopenForWriting(writeFd);
        Thread.ofPlatform().daemon().name("libxl-log").start(() -> pump(readFd));
    }

    static LibxlLog open() {
        int[] fds = Libc.pipe();
        return new LibxlLog(fds[0], fds[1]);
    }

    /** The stdio {@code FILE *} libxentoollog's logger writes to. */
    MemorySegment file() {
        return file;
    }

    private void pump(int readFd) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream("/proc/self/fd/" + readFd),
                StandardCharsets.UTF_8))) {
            Libc.close(readFd); // the reader above has a description of its own
            for (String line; (line = in.readLine()) != null; ) {
                take(line);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "libxl's log can no longer be read; its messages are lost from now on", e);
        }
    }

    private synchronized void take(String line) {
        if (line.startsWith(MARK)) {
            lastMarkSeen = Long.parseLong(line.substring(MARK.length()));
            notifyAll();
            return;
        }
        LOG.log(isError(line) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, line);
        lines.addLast(new Line(nextSeq++, line));
        if (lines.size() > KEPT) {
            lines.removeFirst();
        }
    }

    private static boolean isError(String line) {
        return line.contains(": error: ") || line.contains(": critical: ");
    }

    /** Where the log is now: pass it to {@link #errorsSince} after a call fails. */
    synchronized long mark() {
        return nextSeq;
    }

    /** The error lines libxl logged since {@code mark}, once everything written so far has been read. */
    List<String> errorsSince(long mark) {
        long id;
        synchronized (this) {
            id = marks++;
        }
        Libc.writeFully(writeFd, (MARK + id + "\n").getBytes(StandardCharsets.UTF_8), "libxl's log");
        List<String> out = new ArrayList<>();
        synchronized (this) {
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (lastMarkSeen < id && System.nanoTime() < deadline) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (Line l : lines) {
                if (l.seq() >= mark && isError(l.text())) {
                    out.add(l.text());
                }
            }
        }
        return out;
    }
}
