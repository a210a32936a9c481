package org.jxen.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** jxend's log: one line per record, to stderr and to {@code jxend.log} in the state directory. */
final class Logs {
    private Logs() {
    }

    /**
     * The JVM's log manager, but for the reset the JVM's own shutdown hook makes: that hook runs while
     * jxend's is stopping jxend, and closed the handlers first often enough that jxend's last lines (its
     * stop, or why it did not stop cleanly) were lost, to the journal and to jxend.log alike (seen by
     * InstalledTreeIT). Once {@link #setUp} holds it, only {@link #close} resets it, at the end of
     * jxend's hook. Main makes it the JVM's log manager.
     */
    public static final class Manager extends LogManager {
        private volatile boolean held;

        @Override
        public void reset() {
            if (!held) {
                super.reset();
            }
        }

        private void release() {
            held = false;
            super.reset();
        }
    }

    static void setUp(Path stateDir) throws IOException {
        LogManager manager = LogManager.getLogManager();
        manager.reset();
        Logger root = Logger.getLogger("");
        Formatter oneLine = new Formatter() {
            @Override
            public String format(LogRecord r) {
                String thrown = r.getThrown() == null ? "" : "\n" + stack(r.getThrown());
                return String.format("%1$tF %1$tT.%1$tL %2$s %3$s: %4$s%5$s%n", r.getMillis(), r.getLevel(),
                        shortName(r.getLoggerName()), formatMessage(r), thrown);
            }
        };
        Handler console = new ConsoleHandler();
        FileHandler file = new FileHandler(stateDir.resolve("jxend.log").toString(), true);
        for (Handler h : new Handler[] {console, file}) {
            h.setFormatter(oneLine);
            h.setLevel(Level.ALL);
            root.addHandler(h);
        }
        root.setLevel(Level.INFO);
        Logger.getLogger("org.eclipse.jetty").setLevel(Level.WARNING);
        if (manager instanceof Manager held) {
            held.held = true;
        }
    }

    /** Closes the log's handlers (jxend.log's lock file goes) once jxend has stopped. */
    static void close() {
        if (LogManager.getLogManager() instanceof Manager held) {
            held.release();
        }
    }

    private static String shortName(String logger) {
        return logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
    }

    private static String stack(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString().stripTrailing();
    }
}
