package org.jxen.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jxen.api.JsonRpc;
import org.jxen.api.client.XenApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A well-behaved client's latency while hostile clients attack jxend from another address
 * (127.0.0.2): the p99 of {@link #CALLS} session-authenticated {@code VM.get_record} calls on one
 * kept-alive connection, measured alone and then under attack, at most doubles (the baseline taken
 * as at least {@link #FLOOR}, and at least the p99 beside one busy client: {@link #besideABusyClient}).
 * The attacks: (a) a flood of {@code VM.get_all_records} calls from
 * {@link #FLOOD_CONNECTIONS} connections; (b) bodies over XAPI's 300 KiB limit, sent whole in a
 * loop, and trickled a byte a second: one announcing 1 TiB, one under the limit; (c) connections
 * that send half a request line and stall; (d) slowloris: a request head trickled a header line a
 * second. Every connection of (b) to (d) that trickles or stalls is closed by jxend within its idle
 * timeout of its first byte (and a second of slack), and none is answered with a 5xx.
 *
 * <p>jxend runs in a process of its own, as {@code bin/jxend} runs it, and so does the flood
 * ({@link Flood}): on a network, neither a client's garbage collections nor its just-in-time
 * compiler would run in jxend's JVM.
 *
 * <p>Not covered: an attack from many addresses (no per-client limit helps there), TLS handshakes
 * that stall (the same idle timeout ends them), the Unix socket (its callers are root already).
 */
class HostileClientTest {
    private static final int CALLS = 10_000;
    private static final int FLOOD_CONNECTIONS = 32;
    /**
     * The least baseline p99 the doubling applies to. Alone, a call's p99 is 0.3 to 0.5 ms here;
     * beside one other client that keeps jxend busy (one connection calling as fast as it can, not
     * an attack) it is 2.0 to 2.3 ms. On the 2 CPUs this runs on, jxend's threads, the other
     * client's and this one's wait for each other's scheduler slices (EEVDF's base slice is 0.75 ms
     * per log2 of the CPU count: 1.5 ms here), and jxend's young collections, which the busy
     * client's garbage brings on every hundred milliseconds or so, pause every call in flight for
     * 2 to 3 ms; on a network each client would have its own machine. Doubling a sub-millisecond
     * baseline would test the kernel's scheduler and the collector, not jxend: the floor is what
     * sharing the host with any busy client costs. (Under the flood, with per-client shares, the
     * p99 is 1.2 to 2.4 ms; without them ({@link ClientShares}) it is 80 ms.)
     */
    private static final Duration FLOOR = Duration.ofMillis(2);
    private static final int FLOOD_ATTEMPTS = 3;
    /**
     * The p99 beside one busy, well-behaved client from an address of its own (one connection
     * calling as fast as it can): what sharing this machine with any busy client costs, measured
     * here rather than assumed. On a slower machine than the one {@link #FLOOR} was measured on
     * (3.4 to 4.5 ms under the flood seen on one) a fixed floor tests the machine; the flood, whose
     * 32 connections get the one share the busy client's single connection gets, must still cost
     * no more than twice that (without shares the p99 is 80 ms, see FLOOR).
     */
    private static Duration besideABusyClient;
    /**
     * How late after the idle timeout a hostile connection may be closed: Jetty's idle check runs
     * now and then, not at the instant, and a busy 2-CPU machine delays it further (31.05–31.08 s
     * seen with a build beside the test).
     */
    private static final Duration CLOSE_SLACK = Duration.ofSeconds(5);
    private static final int TRICKLE_MS = 1000;
    private static final InetAddress GOOD = InetAddress.ofLiteral("127.0.0.1");
    private static final InetAddress HOSTILE = InetAddress.ofLiteral("127.0.0.2");
    private static final InetAddress BUSY = InetAddress.ofLiteral("127.0.0.3");

    @TempDir
    static Path dir;
    private static Process jxend;
    private static InetSocketAddress server;
    private static String session;
    private static byte[] getRecord;
    private final AtomicBoolean stopped = new AtomicBoolean();

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, GOOD)) {
            port = free.getLocalPort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        jxend = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "org.jxen.daemon.Main", "--state-dir", dir.toString(), "--http-port", Integer.toString(port),
                "--https-port", "off", "--socket", "off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("jxend.out").toFile()).start();
        server = new InetSocketAddress(GOOD, port);
        session = login();
        try (XenApiClient client = XenApiClient.http(URI.create("http://127.0.0.1:" + port), false)) {
            String vm = (String) ((List<?>) client.callWithoutSession("VM.get_all", List.of(session))).getFirst();
            getRecord = JsonRpc.writeRequest(1, "VM.get_record", List.of(session, vm));
        }
        p99(); // warms up both sides
        Process busy = Flood.start(BUSY, port, session, 1);
        try {
            besideABusyClient = p99();
        } finally {
            busy.getOutputStream().close();
            busy.waitFor();
        }
    }

    /** Logs in as root once jxend is up (its password file written, its port open); the session. */
    private static String login() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try (XenApiClient client = XenApiClient.http(URI.create("http://127.0.0.1:" + server.getPort()), false)) {
                return (String) client.callWithoutSession("session.login_with_password",
                        List.of("root", Files.readString(dir.resolve("root-password")).strip()));
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("jxend did not come up: " + Files.readString(dir.resolve("jxend.out")), notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        jxend.destroy();
        jxend.waitFor();
    }

    /**
     * The p99 measured alone and then under the flood, up to {@value #FLOOD_ATTEMPTS} times: a build or
     * a lab boot sharing this machine's 2 CPUs can slow one measurement of a pair and not the other,
     * where a flood that starves the good client (80 ms without shares) fails every attempt.
     */
    @Test
    void aFloodOfCallsFromSeveralConnections() throws Exception {
        for (int attempt = 1; ; attempt++) {
            Duration alone = p99();
            Process flood = Flood.start(HOSTILE, server.getPort(), session, FLOOD_CONNECTIONS);
            Duration attacked;
            try {
                attacked = p99();
            } finally {
                flood.getOutputStream().close();
                flood.waitFor();
            }
            if (attempt == FLOOD_ATTEMPTS || !attacked.minus(baseline(alone).multipliedBy(2)).isPositive()) {
                assertAtMostDoubled(alone, attacked);
                return;
            }
            System.out.printf("attempt %d: p99 %s alone, %s under the flood: more than doubled, measured again%n",
                    attempt, alone, attacked);
        }
    }

    @Test
    void hugeBodiesHalfOpenConnectionsAndSlowloris() throws Exception {
        byte[] head = "POST / HTTP/1.1\r\nHost: jxend\r\nContent-Type: text/xml\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] oneByte = {'x'};
        Duration alone = p99();
        try (ExecutorService attackers = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
            attackers.submit(() -> oversizedBodies(head));
            Map<String, List<Future<Ending>>> stalled = new LinkedHashMap<>();
            for (int i = 0; i < 5; i++) {
                stall(stalled, attackers, "a 1 TiB body trickled", join(head, "Content-Length: 1099511627776\r\n\r\nx"), oneByte);
                stall(stalled, attackers, "a 200 KiB body trickled", join(head, "Content-Length: 204800\r\n\r\nx"), oneByte);
            }
            for (int i = 0; i < 100; i++) {
                stall(stalled, attackers, "half a request line", "POST / HT".getBytes(StandardCharsets.US_ASCII), new byte[0]);
                stall(stalled, attackers, "slowloris", head, "X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            Duration attacked = p99();
            stopped.set(true);
            Map<String, List<Ending>> endings = new LinkedHashMap<>();
            for (Map.Entry<String, List<Future<Ending>>> kind : stalled.entrySet()) {
                for (Future<Ending> connection : kind.getValue()) {
                    endings.computeIfAbsent(kind.getKey(), k -> new ArrayList<>()).add(connection.get());
                }
            }
            endings.forEach((kind, ends) -> System.out.printf("%d connections of %s: the last closed after %s; answers %s%n",
                    ends.size(), kind, ends.stream().map(Ending::after).max(Comparator.naturalOrder()).orElseThrow(),
                    ends.stream().map(Ending::status).distinct().toList()));
            assertThat(endings).allSatisfy((kind, ends) -> assertThat(ends).as(kind).allSatisfy(end -> {
                assertThat(end.after()).isLessThanOrEqualTo(Duration.ofMillis(ApiServer.IDLE_TIMEOUT_MS).plus(CLOSE_SLACK));
                assertThat(end.status()).doesNotStartWith("HTTP/1.1 5");
            }));
            assertAtMostDoubled(alone, attacked);
        }
    }

    private static void stall(Map<String, List<Future<Ending>>> stalled, ExecutorService attackers, String kind,
            byte[] start, byte[] trickle) {
        stalled.computeIfAbsent(kind, k -> new ArrayList<>()).add(attackers.submit(() -> untilClosed(start, trickle)));
    }

    private static void assertAtMostDoubled(Duration alone, Duration attacked) {
        System.out.printf("p99 of %d VM.get_record: %s alone, %s beside one busy client, %s under attack%n", CALLS,
                alone, besideABusyClient, attacked);
        assertThat(attacked).as("p99 alone %s, beside a busy client %s", alone, besideABusyClient)
                .isLessThanOrEqualTo(baseline(alone).multipliedBy(2));
    }

    private static Duration baseline(Duration alone) {
        return Collections.max(List.of(alone, FLOOR, besideABusyClient));
    }

    /** The well-behaved client: {@link #CALLS} calls one after the other on one connection; their p99. */
    private static Duration p99() throws Exception {
        long[] nanos = new long[CALLS];
        try (RawHttp client = new RawHttp(server, GOOD)) {
            for (int i = 0; i < CALLS; i++) {
                long start = System.nanoTime();
                byte[] reply = client.post("/jsonrpc", "application/json", getRecord);
                nanos[i] = System.nanoTime() - start;
                assertThat(JsonRpc.readResponse(reply)).isInstanceOf(Map.class);
            }
        }
        Arrays.sort(nanos);
        return Duration.ofNanos(nanos[(int) Math.ceil(CALLS * 0.99) - 1]);
    }

    /** (b) 400 KiB bodies, one connection after the other, until the test stops. */
    private Void oversizedBodies(byte[] head) throws IOException {
        byte[] request = join(head, "Content-Length: 409600\r\n\r\n" + "x".repeat(409_600));
        while (!stopped.get()) {
            try (RawHttp http = new RawHttp(server, HOSTILE)) {
                http.send(request);
                http.socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            } catch (SocketException refusedBeforeTheEnd) {
                // a reset instead of the 413 (jxend reads such a body to its end first): not what this test is about
            }
        }
        return null;
    }

    /** How a hostile connection ended: how long after its first byte, and the status line jxend answered ("" for none). */
    private record Ending(Duration after, String status) {
    }

    /**
     * (b), (c), (d): a connection that sends {@code start}, then {@code trickle} every second,
     * reading whatever jxend answers, until jxend closes it. Gives up a minute after the idle timeout.
     */
    private static Ending untilClosed(byte[] start, byte[] trickle) throws IOException {
        long opened = System.nanoTime();
        Duration giveUp = Duration.ofMillis(ApiServer.IDLE_TIMEOUT_MS).plusMinutes(1);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (RawHttp connection = new RawHttp(server, HOSTILE)) {
            connection.socket.setSoTimeout(TRICKLE_MS);
            InputStream in = connection.socket.getInputStream();
            connection.send(start);
            byte[] buffer = new byte[4096];
            while (Duration.ofNanos(System.nanoTime() - opened).compareTo(giveUp) < 0) {
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    answer.write(buffer, 0, n);
                } catch (SocketTimeoutException quiet) {
                    connection.send(trickle);
                }
            }
        } catch (SocketException closed) {
            // reset by jxend, or closed while we were sending
        }
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        return new Ending(Duration.ofNanos(System.nanoTime() - opened), text.lines().findFirst().orElse(""));
    }

    private static byte[] join(byte[] head, String rest) {
        byte[] more = rest.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, all, head.length, more.length);
        return all;
    }
}
