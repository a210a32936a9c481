package org.jxen.cli.xl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The controlling terminal in raw mode while {@code xl console} or {@code top} runs (a key at a time, no
 * echo), through {@code stty} on {@code /dev/tty}, and back as it was. Without a terminal (standard
 * input a pipe or a file) nothing changes.
 */
final class Terminal implements AutoCloseable {
    private final String saved;

    private Terminal(String saved) {
        this.saved = saved;
    }

    /** The terminal left as it is (output that is not a screen). */
    static Terminal none() {
        return new Terminal(null);
    }

    /** Raw mode when {@code System.console()} says there is a terminal; otherwise a terminal left as it is. */
    static Terminal raw() throws XlFailure {
        if (System.console() == null || !System.console().isTerminal()) {
            return none();
        }
        String saved = stty("-g").strip();
        stty("raw", "-echo");
        return new Terminal(saved);
    }

    /** The line ending to print in raw mode (the terminal no longer turns \n into \r\n). */
    String newline() {
        return saved == null ? "\n" : "\r\n";
    }

    @Override
    public void close() throws XlFailure {
        if (saved != null) {
            stty(saved);
        }
    }

    private static String stty(String... args) throws XlFailure {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw XlFailure.of("jxl console: stty " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw XlFailure.of("jxl console: cannot run stty on /dev/tty: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw XlFailure.of("jxl console: interrupted setting up the terminal");
        }
    }
}
