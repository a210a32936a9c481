package org.jxen.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jxen.api.ErrorCodes;
import org.jxen.api.RpcCall;
import org.jxen.api.XenApiFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client over a Unix socket against {@link UnixHttpServer}: the request it writes, one
 * connection kept across calls, replies framed by length, by chunks (with an interim 100, a chunk
 * extension and a trailer) or by closing, a new connection when the server closed the kept one, a
 * reply cut short, concurrent callers on a bounded number of connections, HTTP errors and bodies
 * that are not JSON as IOException.
 */
class XenApiClientUnixSocketTest {
    @TempDir
    Path dir;
    private final FakeXenApi api = new FakeXenApi();
    private UnixHttpServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("jxend.sock");
        server = new UnixHttpServer(socket, api);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void loginCallsAndLogoutOverOneKeptConnection() throws Exception {
        try (XenApiClient client = XenApiClient.unixSocket(socket)) {
            client.login("root", "secret");
            assertThat(client.call("VM.get_all")).isEqualTo(List.of("OpaqueRef:vm-1", "OpaqueRef:vm-2"));
            assertThat(client.call("echo", "é✓", List.of(1L))).isEqualTo(List.of("é✓", List.of(1L)));
        }
        assertThat(api.calls).extracting(RpcCall::method)
                .containsExactly("session.login_with_password", "VM.get_all", "echo", "session.logout");
        assertThat(server.connections).hasValue(1);
        assertThat(server.heads).hasSize(4).allSatisfy(head -> {
            assertThat(head).startsWith("POST /jsonrpc HTTP/1.1\r\n");
            assertThat(head.lines()).contains("Host: localhost", "Content-Type: application/json");
        });
    }

    @Test
    void chunkedRepliesWithAnInterimReplyAndATrailer() throws Exception {
        server.framing = UnixHttpServer.Framing.CHUNKED;
        server.sendContinue = true;
        try (XenApiClient client = XenApiClient.unixSocket(socket)) {
            client.login("root", "secret");
            assertThat(client.call("VM.get_all")).isEqualTo(List.of("OpaqueRef:vm-1", "OpaqueRef:vm-2"));
        }
        assertThat(server.connections).hasValue(1);
    }

    @Test
    void aConnectionTheServerClosedIsReplacedBeforeUse() throws Exception {
        server.framing = UnixHttpServer.Framing.CLOSE_AFTER_REPLY;
        try (XenApiClient client = XenApiClient.unixSocket(socket)) {
            client.login("root", "secret");
            for (int i = 1; i <= 3; i++) {
                server.awaitClosed(i);
                assertThat(client.call("VM.get_all")).isEqualTo(List.of("OpaqueRef:vm-1", "OpaqueRef:vm-2"));
            }
            server.awaitClosed(4);
        }
        assertThat(server.connections).hasValue(5);
        assertThat(api.calls).hasSize(5); // nothing sent twice
    }

    @Test
    void aBodyEndedByClosingTheConnection() throws Exception {
        server.framing = UnixHttpServer.Framing.UNTIL_EOF;
        try (XenApiClient client = XenApiClient.unixSocket(socket)) {
            client.login("root", "secret");
            assertThat(client.call("VM.get_all")).isEqualTo(List.of("OpaqueRef:vm-1", "OpaqueRef:vm-2"));
        }
        assertThat(server.connections).hasValue(3);
    }

    @Test
    void aReplyCutShortIsAnIoException() throws Exception {
        server.framing = UnixHttpServer.Framing.TRUNCATED;
        try (XenApiClient client = XenApiClient.unixSocket(socket)) {
            assertThatThrownBy(() -> client.login("root", "secret")).isInstanceOf(IOException.class)
                    .hasMessageContaining(socket + ": connection closed").hasMessageContaining("bytes into a body of");
        }
    }

    @Test
    void failuresBecomeXenApiFailures() throws Exception {
        try (XenApiClient client = XenApiClient.unixSocket(socket)) {
            assertThatThrownBy(() -> client.call("VM.explode")).isInstanceOfSatisfying(XenApiFailure.class,
                    f -> assertThat(f.description()).containsExactly(ErrorCodes.MESSAGE_METHOD_UNKNOWN, "VM.explode"));
        }
    }

    @Test
    void anHttpErrorIsAnIoExceptionWithStatusAndBody() throws Exception {
        server.status = 503;
        server.body = "x".repeat(300).getBytes(StandardCharsets.UTF_8);
        try (XenApiClient client = XenApiClient.unixSocket(socket)) {
            assertThatThrownBy(() -> client.call("VM.get_all")).isInstanceOf(IOException.class)
                    .hasMessage("unix:" + socket + ": HTTP 503 to VM.get_all: \"" + "x".repeat(200) + "...\"");
        }
    }

    @Test
    void aBodyThatIsNotJsonIsAnIoException() throws Exception {
        server.body = "Not Found".getBytes(StandardCharsets.UTF_8);
        try (XenApiClient client = XenApiClient.unixSocket(socket)) {
            assertThatThrownBy(() -> client.call("VM.get_all")).isInstanceOf(IOException.class)
                    .hasMessageContaining("HTTP 200 to VM.get_all is not a JSON-RPC reply (JSON-RPC reply 1:")
                    .hasMessageContaining("Unrecognized token 'Not'")
                    .hasMessageEndingWith(": \"Not Found\"");
        }
    }

    @Test
    void concurrentCallersEachGetTheirReply() throws Exception {
        try (XenApiClient client = XenApiClient.unixSocket(socket);
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            client.login("root", "secret");
            List<Future<Object>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long n = i;
                replies.add(callers.submit(() -> client.call("echo", n)));
            }
            for (int i = 0; i < replies.size(); i++) {
                assertThat(replies.get(i).get()).isEqualTo(List.of((long) i));
            }
        }
        assertThat(api.calls).hasSize(202);
        assertThat(server.connections.get()).isBetween(1, UnixSocketTransport.MAX_CONNECTIONS);
    }

    @Test
    void noServerIsAnIoExceptionSayingWhere() throws Exception {
        Path missing = dir.resolve("missing.sock");
        try (XenApiClient client = XenApiClient.unixSocket(missing)) {
            assertThatThrownBy(() -> client.call("VM.get_all")).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot connect to " + missing);
        }
    }
}
