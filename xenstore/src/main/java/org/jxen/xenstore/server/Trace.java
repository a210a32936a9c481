package org.jxen.xenstore.server;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.jxen.xenstore.proto.Message;

/**
 * One line per message in and out, like {@code xenstored -T FILE}:
 * {@code IN  socket#3/dom0 2026-11-21T06:00:00.123Z WRITE req=1 tx=0 (/a\0b)}.
 */
public interface Trace {
    Trace NONE = new Trace() {
        @Override
        public void in(Session s, Message m) {
        }

        @Override
        public void out(Session s, Message m) {
        }
    };

    void in(Session session, Message message);

    void out(Session session, Message message);

    /** A trace appended to {@code file}, flushed per line so it survives a crash. */
    static Trace toFile(Path file, Clock clock) {
        BufferedWriter w;
        try {
            w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open trace file " + file, e);
        }
        return new Trace() {
            @Override
            public void in(Session s, Message m) {
                line("IN ", s, m);
            }

            @Override
            public void out(Session s, Message m) {
                line("OUT", s, m);
            }

            private void line(String dir, Session s, Message m) {
                try {
                    w.write(dir + " " + s + " " + clock.instant() + " " + m + "\n");
                    w.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write trace file " + file, e);
                }
            }
        };
    }
}
