package org.jxen.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.jxen.api.ErrorCodes;
import org.jxen.api.RpcCall;
import org.jxen.api.RpcParseException;
import org.jxen.api.XenApiFailure;
import org.jxen.xen.testing.Commands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client over HTTP and HTTPS against the JDK's own HTTP server: JSON-RPC 2.0 POSTed to
 * /jsonrpc with Content-Type application/json; login, calls carrying the session, failures as
 * XenApiFailure, replies sized by length or chunked, a non-2xx status or a body that is not JSON as
 * IOException, logout on close, and a self-signed certificate for another host name accepted only
 * when asked. The Unix-socket transport is XenApiClientUnixSocketTest's.
 */
class XenApiClientHttpTest {
    private final FakeXenApi api = new FakeXenApi();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** What the server answers instead of the API when set: "500", "html" or "chunked". */
    private volatile String mode = "";
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        threads.close();
    }

    private URI start(HttpServer http) {
        server = http;
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        String scheme = http instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    private URI startHttp() throws IOException {
        return start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    private void handle(HttpExchange exchange) throws IOException {
        requestLines.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("Content-Type"));
        byte[] request;
        try (InputStream in = exchange.getRequestBody()) {
            request = in.readAllBytes();
        }
        byte[] reply;
        int status = 200;
        switch (mode) {
            case "500" -> {
                status = 500;
                reply = "Internal Server Error: the database is locked".getBytes(StandardCharsets.UTF_8);
            }
            case "html" -> reply = "<html><body>Welcome to XenServer</body></html>".getBytes(StandardCharsets.UTF_8);
            default -> {
                try {
                    reply = api.handle(request);
                } catch (RpcParseException e) {
                    status = 400;
                    reply = e.getMessage().getBytes(StandardCharsets.UTF_8);
                }
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, mode.equals("chunked") ? 0 : reply.length); // 0: chunked
        try (var out = exchange.getResponseBody()) {
            out.write(reply);
        }
    }

    @Test
    void loginCallsWithTheSessionAndLogsOutOnClose() throws Exception {
        URI url = startHttp();
        try (XenApiClient client = XenApiClient.http(url, false)) {
            assertThat(client.session()).isEmpty();
            client.login("root", "secret");
            assertThat(client.session()).contains("OpaqueRef:session-1");
            assertThat(client.call("VM.get_all")).isEqualTo(List.of("OpaqueRef:vm-1", "OpaqueRef:vm-2"));
            assertThat(client.call("echo", "a", 5L, 2.5, true)).isEqualTo(List.of("a", 5L, 2.5, true));
        }
        assertThat(api.calls).containsExactly(
                new RpcCall("session.login_with_password", List.of("root", "secret")),
                new RpcCall("VM.get_all", List.of("OpaqueRef:session-1")),
                new RpcCall("echo", List.of("OpaqueRef:session-1", "a", 5L, 2.5, true)),
                new RpcCall("session.logout", List.of("OpaqueRef:session-1")));
        assertThat(requestLines).allMatch(line -> line.equals("POST /jsonrpc application/json"));
    }

    @Test
    void urlWithATrailingSlashOrTheJsonrpcPath() throws Exception {
        URI url = startHttp();
        for (String given : List.of(url + "/", url + "/jsonrpc")) {
            try (XenApiClient client = XenApiClient.http(URI.create(given), false)) {
                client.login("root", "secret");
            }
        }
        assertThat(requestLines).hasSize(4).allMatch(line -> line.startsWith("POST /jsonrpc "));
    }

    @Test
    void failuresBecomeXenApiFailures() throws Exception {
        URI url = startHttp();
        try (XenApiClient client = XenApiClient.http(url, false)) {
            assertThatThrownBy(() -> client.login("root", "wrong")).isInstanceOfSatisfying(XenApiFailure.class, f -> {
                assertThat(f.code()).isEqualTo(ErrorCodes.SESSION_AUTHENTICATION_FAILED);
                assertThat(f.params()).containsExactly("root", "Authentication failure");
            });
            assertThat(client.session()).isEmpty();
            assertThatThrownBy(() -> client.call("VM.get_all")).isInstanceOfSatisfying(XenApiFailure.class,
                    f -> assertThat(f.description()).containsExactly(ErrorCodes.SESSION_INVALID, "null"));
        }
    }

    @Test
    void chunkedRepliesAreRead() throws Exception {
        URI url = startHttp();
        mode = "chunked";
        try (XenApiClient client = XenApiClient.http(url, false)) {
            client.login("root", "secret");
            assertThat(client.call("VM.get_all")).isEqualTo(List.of("OpaqueRef:vm-1", "OpaqueRef:vm-2"));
        }
    }

    @Test
    void anHttpErrorIsAnIoExceptionWithStatusAndBody() throws Exception {
        URI url = startHttp();
        mode = "500";
        try (XenApiClient client = XenApiClient.http(url, false)) {
            assertThatThrownBy(() -> client.call("VM.get_all")).isInstanceOf(IOException.class)
                    .hasMessage(url + "/jsonrpc: HTTP 500 to VM.get_all: \"Internal Server Error: the database is locked\"");
        }
    }

    @Test
    void aBodyThatIsNotJsonIsAnIoException() throws Exception {
        URI url = startHttp();
        mode = "html";
        try (XenApiClient client = XenApiClient.http(url, false)) {
            assertThatThrownBy(() -> client.call("VM.get_all")).isInstanceOf(IOException.class)
                    .hasMessageStartingWith(url + "/jsonrpc: HTTP 200 to VM.get_all is not a JSON-RPC reply (")
                    .hasMessageEndingWith(": \"<html><body>Welcome to XenServer</body></html>\"");
        }
    }

    @Test
    void closeIgnoresASessionTheServerForgot() throws Exception {
        URI url = startHttp();
        XenApiClient client = XenApiClient.http(url, false);
        client.login("root", "secret");
        api.forgetSessions();
        client.close();
        assertThat(api.calls.getLast()).isEqualTo(new RpcCall("session.logout", List.of("OpaqueRef:session-1")));
        assertThat(client.session()).isEmpty();
    }

    @Test
    void noServerIsAnIoException() throws Exception {
        URI url = startHttp();
        server.stop(0);
        try (XenApiClient client = XenApiClient.http(url, false)) {
            assertThatThrownBy(() -> client.call("VM.get_all")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> XenApiClient.http(URI.create("ftp://host"), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected http://host[:port]");
    }

    @Test
    void selfSignedCertificateForAnotherNameOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Commands.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "xapi", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=not-this-host.invalid",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit"));
        KeyStore store = KeyStore.getInstance(keystore.toFile(), "changeit".toCharArray());
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        URI url = start(https);

        try (XenApiClient trusting = XenApiClient.http(url, true)) {
            trusting.login("root", "secret");
            assertThat(trusting.call("VM.get_all")).isEqualTo(List.of("OpaqueRef:vm-1", "OpaqueRef:vm-2"));
        }
        try (XenApiClient strict = XenApiClient.http(url, false)) {
            assertThatThrownBy(() -> strict.login("root", "secret")).isInstanceOf(IOException.class);
        }
    }
}
