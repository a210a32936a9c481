package org.jxen.xenstore.tools;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.proto.XsException;

/**
 * Replays the requests of jxenstored traces ({@code -T FILE}) against a daemon's socket (or other
 * connections) in the order they were traced: one connection per traced connection (ring
 * connections too, so a guest's requests arrive as dom0's), transaction ids mapped to the ones the daemon hands out
 * this time. Error replies are counted, not fatal. Used by {@link WarmUp}, to train jxenstored's
 * AOT cache (scripts/jxenstored-aot-cache), and to reproduce a recorded session against any
 * xenstored.
 */
public final class TraceReplay {
    private static final Pattern LINE = Pattern.compile("^(IN |OUT) (\\S+) \\S+ (\\w+) req=(\\d+) tx=(\\d+) \\((.*)\\)$");

    /** What a replay did: requests sent, connections opened, requests that got an error reply. */
    public record Result(int requests, int connections, int errors) {
    }

    /** Where one traced connection's requests go. */
    public interface Connection extends Closeable {
        /** Sends a request and returns its reply's payload; an error reply throws {@link XsException}. */
        byte[] call(Op op, int tx, byte[] payload);
    }

    /** Opens a connection for each traced one. */
    public interface Connections {
        Connection open() throws IOException;
    }

    private final Connections opener;
    private final Map<String, Connection> connections = new HashMap<>();
    /** Per traced connection: the traced transaction id to the one the daemon gave this time. */
    private final Map<String, Map<Integer, Integer>> transactions = new HashMap<>();
    /** Per traced connection and request id: the id the replayed TRANSACTION_START got. */
    private final Map<String, Integer> startedTransactions = new HashMap<>();
    private int requests;
    private int errors;

    private TraceReplay(Connections opener) {
        this.opener = opener;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || !args[0].equals("--socket")) {
            System.err.println("usage: TraceReplay --socket PATH TRACE...");
            System.exit(2);
        }
        List<String> lines = new ArrayList<>();
        for (String trace : List.of(args).subList(2, args.length)) {
            lines.addAll(Files.readAllLines(Path.of(trace)));
        }
        Result r = replay(Path.of(args[1]), lines);
        System.out.println("replayed " + r.requests() + " requests over " + r.connections() + " connections, "
                + r.errors() + " error replies");
    }

    /** Replays the trace {@code lines} against the daemon on {@code socket}; other lines are skipped. */
    public static Result replay(Path socket, List<String> lines) throws IOException {
        return replay(() -> {
            XsClient client = XsClient.connect(socket);
            return new Connection() {
                @Override
                public byte[] call(Op op, int tx, byte[] payload) {
                    return client.call(op, tx, payload);
                }

                @Override
                public void close() throws IOException {
                    client.close();
                }
            };
        }, lines);
    }

    /** Replays the trace {@code lines} over connections from {@code opener}; other lines are skipped. */
    public static Result replay(Connections opener, List<String> lines) throws IOException {
        TraceReplay replay = new TraceReplay(opener);
        try {
            for (String line : lines) {
                replay.line(line);
            }
        } finally {
            for (Connection c : replay.connections.values()) {
                c.close();
            }
        }
        return new Result(replay.requests, replay.connections.size(), replay.errors);
    }

    private void line(String line) throws IOException {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return;
        }
        String conn = m.group(2);
        Op op = Op.valueOf(m.group(3));
        int req = Integer.parseUnsignedInt(m.group(4));
        byte[] payload = Payload.fromPrintable(m.group(6));
        if (m.group(1).equals("IN ")) {
            send(conn, op, req, Integer.parseUnsignedInt(m.group(5)), payload);
        } else if (op == Op.TRANSACTION_START) {
            Integer replayed = startedTransactions.remove(conn + "/" + req);
            if (replayed != null) {
                transactions.computeIfAbsent(conn, c -> new HashMap<>())
                        .put(Integer.parseUnsignedInt(Payload.oneString(payload)), replayed);
            }
        }
    }

    private void send(String conn, Op op, int req, int tracedTx, byte[] payload) throws IOException {
        Connection client = connections.get(conn);
        if (client == null) {
            client = opener.open();
            connections.put(conn, client);
        }
        int tx = tracedTx == 0 ? 0 : transactions.getOrDefault(conn, Map.of()).getOrDefault(tracedTx, tracedTx);
        requests++;
        try {
            byte[] reply = client.call(op, tx, payload);
            if (op == Op.TRANSACTION_START) {
                startedTransactions.put(conn + "/" + req, Integer.parseUnsignedInt(Payload.oneString(reply)));
            }
        } catch (XsException e) {
            errors++;
        }
    }
}
