package org.jxen.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxen.daemon.RunningJxend;

/**
 * The web console's files as jxend serves them over real HTTP (WebConsole): the page with its
 * security headers, every vendored library with its type, HEAD, ETag revalidation, paths that try
 * to leave the web directory, and that POST / is still XML-RPC. What the page does in a browser is
 * web/WebConsoleSmokeTest's.
 */
class WebConsoleTest {
    @RegisterExtension
    static final RunningJxend.PerClass JXEND = new RunningJxend.PerClass();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(JXEND.get().http().resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void rootIsThePageWithItsSecurityHeaders() throws Exception {
        HttpResponse<byte[]> r = send("GET", "/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(header(r, "Content-Security-Policy")).isEqualTo("default-src 'self'; style-src 'self' 'unsafe-inline';"
                + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'");
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(r, "Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-cache");
        assertThat(header(r, "ETag")).matches("\"[A-Za-z0-9_-]+\"");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<title>jxen</title>");
    }

    @Test
    void everyVendoredFileIsServedWithItsType() throws Exception {
        Map<String, String> files = Map.of(
                "xterm.mjs", "text/javascript; charset=utf-8",
                "addon-fit.mjs", "text/javascript; charset=utf-8",
                "uPlot.esm.js", "text/javascript; charset=utf-8",
                "xterm.css", "text/css; charset=utf-8",
                "uPlot.min.css", "text/css; charset=utf-8",
                "LICENSE-xterm", "text/plain; charset=utf-8",
                "LICENSE-addon-fit", "text/plain; charset=utf-8",
                "LICENSE-uplot", "text/plain; charset=utf-8");
        for (var f : files.entrySet()) {
            HttpResponse<byte[]> r = send("GET", "/vendor/" + f.getKey());
            assertThat(r.statusCode()).as(f.getKey()).isEqualTo(200);
            assertThat(header(r, "Content-Type")).as(f.getKey()).isEqualTo(f.getValue());
            assertThat(header(r, "X-Content-Type-Options")).as(f.getKey()).isEqualTo("nosniff");
            assertThat(r.body()).as(f.getKey()).isNotEmpty();
        }
        assertThat(new String(send("GET", "/vendor/xterm.mjs").body(), StandardCharsets.UTF_8))
                .contains("as Terminal}").doesNotContain("require(");
        assertThat(new String(send("GET", "/vendor/LICENSE-uplot").body(), StandardCharsets.UTF_8)).contains("MIT");
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() throws Exception {
        HttpResponse<byte[]> get = send("GET", "/vendor/xterm.css");
        HttpResponse<byte[]> head = send("HEAD", "/vendor/xterm.css");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(get.body().length));
        assertThat(header(head, "ETag")).isEqualTo(header(get, "ETag"));
        assertThat(header(head, "Content-Type")).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void anUnchangedFileIsRevalidatedWith304() throws Exception {
        String etag = header(send("GET", "/vendor/addon-fit.mjs"), "ETag");
        HttpResponse<byte[]> same = send("GET", "/vendor/addon-fit.mjs", "If-None-Match", etag);
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(header(same, "ETag")).isEqualTo(etag);
        assertThat(header(same, "Cache-Control")).isEqualTo("no-cache");
        assertThat(send("GET", "/vendor/addon-fit.mjs", "If-None-Match", "\"other\", W/" + etag).statusCode())
                .isEqualTo(304);
        assertThat(send("GET", "/vendor/addon-fit.mjs", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/", "If-None-Match", header(send("GET", "/"), "ETag")).statusCode()).isEqualTo(304);
    }

    @Test
    void aMissingFileUnderAppOrVendorIs404() throws Exception {
        assertThat(send("GET", "/vendor/jquery.js").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/app/nothing-here.js").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/nothing-here").statusCode()).isEqualTo(404);
    }

    /** Paths sent byte for byte (a client library might tidy them first): each is refused, none reaches a file. */
    @ParameterizedTest
    @ValueSource(strings = {"/vendor/../index.html", "/vendor/../../http/WebConsole.class", "/app/../../../../etc/passwd",
            "/vendor/%2e%2e/index.html", "/vendor/%2E%2E%2F%2E%2E%2Fhttp%2FWebConsole.class", "/app/..%2Findex.html",
            "/vendor/.%2e/index.html", "/vendor/..\\index.html", "/app/.hidden", "/vendor//etc/passwd",
            "/vendor/xterm.mjs%00.png", "/vendor/%78term.mjs"})
    void pathsLeavingTheWebDirectoryAreRefused(String path) throws Exception {
        String answer = raw("GET " + path + " HTTP/1.1\r\nHost: jxend\r\nConnection: close\r\n\r\n");
        assertThat(answer).matches("(?s)HTTP/1\\.1 40[04] .*").doesNotContain("root:").doesNotContain("<title>jxen");
    }

    @Test
    void postToRootIsStillXmlRpc() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(JXEND.get().http().resolve("/"))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\"?><methodCall><methodName>"
                        + "system.listMethods</methodName><params></params></methodCall>"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("text/xml");
        assertThat(r.body()).startsWith("<?xml version=\"1.0\"?><methodResponse>").contains("VM.get_all_records");
    }

    @Test
    void typesFollowTheExtension() {
        assertThat(WebConsole.type("app/main.js")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(WebConsole.type("vendor/xterm.mjs")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(WebConsole.type("app/icon.svg")).isEqualTo("image/svg+xml");
        assertThat(WebConsole.type("app/logo.png")).isEqualTo("image/png");
        assertThat(WebConsole.type("app/favicon.ico")).isEqualTo("image/x-icon");
        assertThat(WebConsole.type("app/strings.json")).isEqualTo("application/json");
        assertThat(WebConsole.type("index.html")).isEqualTo("text/html; charset=utf-8");
        assertThat(WebConsole.type("vendor/LICENSE-xterm")).isEqualTo("text/plain; charset=utf-8");
        assertThat(WebConsole.type("app.d/file")).isEqualTo("text/plain; charset=utf-8");
        assertThat(WebConsole.type("app/blob.bin")).isEqualTo("application/octet-stream");
    }

    private static String raw(String request) throws IOException {
        URI http = JXEND.get().http();
        try (Socket s = new Socket(http.getHost(), http.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
