package org.jxen.xenstore.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Replays the requests of a jxenstored trace ({@code -T FILE}) against a daemon's socket, in the
 * order they were traced: one socket connection per traced connection (ring connections included,
 * so a guest's requests arrive as dom0's), transaction ids mapped to the ones the daemon hands out.
 * Error replies are counted, not fatal. Used to train jxenstored's AOT cache on a recorded
 * {@code xl create} (scripts/jxenstored-aot-cache) and to reproduce a recorded session.
 */
public final class TraceReplay {
    private static final Pattern LINE = Pattern.compile("^(IN |OUT) (\\S+) \\S+ (\\w+) req=(\\d+) tx=(\\d+) \\((.*)\\)$");

    private final Path socket;
    private final Map<String, XsClient> connections = new HashMap<>();
    /** Per traced connection: the traced transaction id to the replayed one. */
    private final Map<String, Map<Integer, Integer>> transactions = new HashMap<>();
    /** Per traced connection and request id: the id the replayed TRANSACTION_START got. */
    private final Map<String, Integer> startedTransactions = new HashMap<>();
    private int requests;
    private int errors;

    private TraceReplay(Path socket) {
        this.socket = socket;
    }

    /** What a replay did: requests sent, connections opened, requests that got an error reply. */
    public record Result(int requests, int connections, int errors) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || !args[0].equals("--socket")) {
            System.err.println("usage: TraceReplay --socket PATH TRACE...");
            System.exit(2);
        }
        Result r = replay(Path.of(args[1]), List.of(args).subList(2, args.length).stream().map(Path::of).toList());
        System.out.println("replayed " + r.requests() + " requests over " + r.connections() + " connections, "
                + r.errors() + " error replies");
    }

    /** Replays {@code traces} one after the other against the daemon listening on {@code socket}. */
    public static Result replay(Path socket, List<Path> traces) throws IOException {
        TraceReplay replay = new TraceReplay(socket);
        try {
            for (Path trace : traces) {
                replay.replay(trace);
            }
        } finally {
            replay.close();
        }
        return new Result(replay.requests, replay.connections.size(), replay.errors);
    }

    private void replay(Path trace) throws IOException {
        for (String line : Files.readAllLines(trace)) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue; // daemon notes, not messages
            }
            String conn = m.group(2);
            Op op = Op.valueOf(m.group(3));
            int req = Integer.parseUnsignedInt(m.group(4));
            int tx = Integer.parseUnsignedInt(m.group(5));
            byte[] payload = Payload.fromPrintable(m.group(6));
            if (m.group(1).equals("IN ")) {
                send(conn, op, req, tx, payload);
            } else if (op == Op.TRANSACTION_START) {
                Integer replayed = startedTransactions.remove(conn + "/" + req);
                if (replayed != null) {
                    transactions.computeIfAbsent(conn, c -> new HashMap<>())
                            .put(Integer.parseUnsignedInt(Payload.oneString(payload)), replayed);
                }
            }
        }
    }

    private void send(String conn, Op op, int req, int tracedTx, byte[] payload) throws IOException {
        XsClient client = connections.get(conn);
        if (client == null) {
            client = XsClient.connect(socket);
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

    private void close() throws IOException {
        for (XsClient c : connections.values()) {
            c.close();
        }
    }
}
