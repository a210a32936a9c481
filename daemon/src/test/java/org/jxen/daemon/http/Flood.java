package org.jxen.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jxen.api.JsonRpc;

/**
 * A hostile client in a process of its own (its garbage collections do not pause jxend, as on a
 * real network): {@code CONNECTIONS} connections from {@code FROM} to jxend's {@code PORT} on
 * 127.0.0.1, each calling {@code VM.get_all_records} with {@code SESSION} as fast as it can. Prints
 * {@code flooding} once every connection has made its first calls (and its JVM compiled its loop),
 * and stops when its standard input ends (so also when the test that started it dies).
 *
 * <pre>java -cp TEST_CLASS_PATH org.jxen.daemon.http.Flood FROM PORT SESSION CONNECTIONS</pre>
 */
public final class Flood {
    /** Calls each connection makes before the flood counts as started: its JVM has compiled its loop by then. */
    private static final int WARM_UP_CALLS = 100;

    private Flood() {
    }

    /** Starts the flood from another JVM with this one's class path; returns once it is flooding. */
    static Process start(InetAddress from, int port, String session, int connections) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process flood = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Flood.class.getName(), from.getHostAddress(), Integer.toString(port), session,
                Integer.toString(connections)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String said = new String(flood.getInputStream().readNBytes("flooding\n".length()));
        if (!said.equals("flooding\n")) {
            flood.destroyForcibly();
            throw new IOException("the flood did not start: " + said);
        }
        return flood;
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1]));
        byte[] call = JsonRpc.writeRequest(1, "VM.get_all_records", List.of(args[2]));
        List<RawHttp> connections = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(args[3]); i++) {
            connections.add(new RawHttp(server, InetAddress.ofLiteral(args[0])));
        }
        CountDownLatch warm = new CountDownLatch(connections.size());
        for (RawHttp connection : connections) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int calls = 0; ; calls++) {
                        connection.post("/jsonrpc", "application/json", call);
                        if (calls == WARM_UP_CALLS) {
                            warm.countDown();
                        }
                    }
                } catch (IOException stopped) {
                    // jxend went away
                }
            });
        }
        warm.await();
        System.out.println("flooding");
        System.out.flush();
        try (InputStream until = System.in) {
            until.transferTo(OutputStream.nullOutputStream());
        }
    }
}
