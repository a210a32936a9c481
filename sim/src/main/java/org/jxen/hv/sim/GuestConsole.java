package org.jxen.hv.sim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxen.hv.ConsoleLog;
import org.jxen.hv.ConsoleOutput;
import org.jxen.hv.ConsoleRing;

/**
 * A guest kernel's console, as Linux's hvc_xen drives it: each line the kernel prints is kept (for
 * {@link SimHost#guestConsole}) and written with "\r\n" into the {@code out} array of the console
 * page the builder granted dom0 ({@link ConsoleRing}'s layout), as much as fits, then the console
 * event channel is notified. What does not fit waits here until dom0 has read and notified back,
 * as a tty's output waits for hvc; the wait is bounded ({@link #PENDING_MAX}, the oldest bytes go
 * first, as printk's log buffer drops its oldest records), since on the simulated host nothing may
 * ever read the ring. What dom0 types into {@code in} goes to the guest's shell once it is up,
 * echoed as a tty in canonical mode echoes it (a character at a time, DEL erasing one).
 * Called under the host's lock.
 */
final class GuestConsole {
    static final int PENDING_MAX = 16 * 1024;
    /** How much of what the guest printed is kept for dom0's readers (xenconsoled keeps a log). */
    static final int OUTPUT_MAX = 64 * 1024;
    private static final char DEL = 0x7f;
    private static final VarHandle INDEX = ValueLayout.JAVA_INT.varHandle();

    private final List<String> lines = new ArrayList<>();
    private final ConsoleLog output = new ConsoleLog(OUTPUT_MAX);
    private byte[] pending = new byte[0];
    private final StringBuilder typed = new StringBuilder();
    private boolean afterCr;
    /** The console page and a way to notify dom0 through its event channel; null until built. */
    private MemorySegment page;
    private Runnable notifyDom0;
    private GuestShell shell;
    /** The shell's prompt is the last thing on the screen (with what was typed after it). */
    private boolean prompting;

    /** The builder set up the console page; from now on what the kernel prints goes into it too. */
    void attach(MemorySegment consolePage, Runnable notify) {
        this.page = consolePage;
        this.notifyDom0 = notify;
    }

    /** The kernel prints a line. */
    void add(String line) {
        lines.add(line);
        if (prompting) { // a message while the shell waits: on a line of its own, then the prompt and what was typed again
            print("\r\n" + line + "\r\n" + shell.prompt() + typed);
        } else {
            print(line + "\r\n");
        }
    }

    /** What was printed from offset {@code from} on (from the oldest kept, if that is later). */
    ConsoleOutput output(long from) {
        return output.output(from);
    }

    /** Text for the screen: kept for dom0's readers and written into the ring once the guest has one. */
    private void print(String text) {
        output.append(text);
        if (page == null) {
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int keep = Math.min(pending.length, PENDING_MAX - Math.min(PENDING_MAX, bytes.length));
        byte[] joined = new byte[keep + Math.min(bytes.length, PENDING_MAX)];
        System.arraycopy(pending, pending.length - keep, joined, 0, keep);
        System.arraycopy(bytes, bytes.length - (joined.length - keep), joined, keep, joined.length - keep);
        pending = joined;
        flush();
    }

    List<String> lines() {
        return lines;
    }

    /**
     * Userspace is up: getty logs root in on the console and a shell prompts and answers what dom0
     * types (and what it typed before).
     */
    void startShell(GuestShell guestShell) {
        this.shell = guestShell;
        guestShell.banner().forEach(this::add);
        showPrompt();
        kicked();
    }

    private void showPrompt() {
        print(shell.prompt());
        prompting = true;
    }

    /** dom0 notified the console's event channel: it read {@code out} (room for what waits) or wrote {@code in}. */
    void kicked() {
        flush();
        if (page != null && shell != null) {
            readInput();
        }
    }

    /** Writes what waits into {@code out}, as much as fits, and tells dom0 if anything went. */
    private void flush() {
        if (page == null || pending.length == 0) {
            return;
        }
        int cons = (int) INDEX.getAcquire(page, ConsoleRing.OUT_CONS);
        int prod = (int) INDEX.getAcquire(page, ConsoleRing.OUT_PROD);
        int room = ConsoleRing.OUT_SIZE - ConsoleRing.waiting(prod, cons, ConsoleRing.OUT_SIZE);
        int n = Math.min(room, pending.length);
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            page.set(ValueLayout.JAVA_BYTE, ConsoleRing.OUT + ((prod + i) & (ConsoleRing.OUT_SIZE - 1)), pending[i]);
        }
        INDEX.setRelease(page, ConsoleRing.OUT_PROD, prod + n);
        pending = Arrays.copyOfRange(pending, n, pending.length);
        notifyDom0.run();
    }

    /** Takes what dom0 typed; each complete line goes to the shell, whose answer is printed. */
    private void readInput() {
        int prod = (int) INDEX.getAcquire(page, ConsoleRing.IN_PROD);
        int cons = (int) INDEX.getAcquire(page, ConsoleRing.IN_CONS);
        int n = ConsoleRing.waiting(prod, cons, ConsoleRing.IN_SIZE);
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = page.get(ValueLayout.JAVA_BYTE, ConsoleRing.IN + ((prod - n + i) & (ConsoleRing.IN_SIZE - 1)));
        }
        INDEX.setRelease(page, ConsoleRing.IN_CONS, prod);
        if (n > 0) {
            notifyDom0.run(); // room in `in` again
        }
        for (char c : new String(bytes, StandardCharsets.UTF_8).toCharArray()) {
            boolean lf = c == '\n' && afterCr; // Enter as "\r\n" is one line, not two
            afterCr = c == '\r';
            if (lf) {
                continue;
            }
            if (c == '\r' || c == '\n') {
                String command = typed.toString();
                typed.setLength(0);
                lines.add(shell.prompt() + command);
                prompting = false;
                print("\r\n");
                shell.run(command).forEach(this::add);
                showPrompt();
            } else if (c == DEL || c == '\b') { // erase, as a tty in canonical mode does
                if (!typed.isEmpty()) {
                    typed.setLength(typed.length() - 1);
                    print("\b \b");
                }
            } else if (c >= ' ' && typed.length() < ConsoleRing.IN_SIZE) { // a tty's line is bounded too
                typed.append(c);
                print(String.valueOf(c)); // the tty's echo
            }
        }
    }
}
