package org.jxen.xenstore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;

/**
 * Plays steps against a daemon and writes down, after each step, every message each connection
 * received (made exact by a sync marker per connection). Two daemons that are byte-identical on
 * the wire produce identical transcripts.
 */
public final class Transcript {
    private Transcript() {
    }

    public static String record(Daemon daemon, List<Step> steps) {
        Map<String, RawConnection> conns = new LinkedHashMap<>();
        Map<String, Integer> reqIds = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        try {
            for (Step step : steps) {
                RawConnection c = conns.get(step.connection());
                if (c == null) {
                    c = new RawConnection(daemon.socket());
                    conns.put(step.connection(), c);
                }
                int req = reqIds.merge(step.connection(), 1, Integer::sum);
                out.append("> ").append(step.connection()).append(' ').append(new Message(step.type(), req, step.txId(), step.payload())).append('\n');
                if (!c.isClosed()) {
                    try {
                        c.send(new Message(step.type(), req, step.txId(), step.payload()));
                    } catch (IOException e) {
                        out.append("  (send failed: connection closed)\n");
                    }
                }
                // Two sync rounds: C xenstored may send a commit's watch events to other connections
                // only after their next request; what matters is each connection's own order.
                Map<String, List<Message>> received = new LinkedHashMap<>();
                for (int round = 0; round < 2; round++) {
                    for (Map.Entry<String, RawConnection> e : conns.entrySet()) {
                        received.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue().sync());
                    }
                }
                received.forEach((name, messages) -> {
                    messages.forEach(m -> out.append("< ").append(name).append(' ').append(normalize(m)).append('\n'));
                    if (conns.get(name).isClosed()) {
                        out.append("< ").append(name).append(" CLOSED\n");
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(daemon.name() + ": " + e.getMessage(), e);
        } finally {
            for (RawConnection c : conns.values()) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing a test connection; nothing to report
                }
            }
        }
        return out.toString();
    }

    /**
     * The generation count in DIRECTORY_PART replies is opaque and depends on each daemon's
     * internal write history; only its equality across calls is specified (docs/xenstore.md).
     */
    static String normalize(Message m) {
        String s = m.toString();
        if (m.type() == Op.DIRECTORY_PART.code()) {
            s = s.replaceFirst("\\(([0-9]+)\\\\0", "(<gen>\\\\0");
        }
        return s;
    }
}
