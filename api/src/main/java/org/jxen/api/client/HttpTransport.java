package org.jxen.api.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** JSON-RPC over HTTP or HTTPS with the JDK's client: HTTP/1.1, connections kept alive and shared. */
final class HttpTransport implements Transport {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final HttpClient http;

    /**
     * {@code url} is the server ({@code http://host:port}, {@code https://host}); requests go to its
     * {@code /jsonrpc}. With {@code trustAnyCertificate} any certificate for any name is accepted,
     * as a XAPI host's self-signed one must be.
     */
    HttpTransport(URI url, boolean trustAnyCertificate) {
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("XenAPI server URL " + url + ": expected http://host[:port] or https://...");
        }
        String base = url.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base.endsWith("/jsonrpc") ? base : base + "/jsonrpc");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if (trustAnyCertificate) {
            builder.sslContext(trustingEverything());
        }
        this.http = builder.build();
    }

    @Override
    public Reply post(byte[] body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + endpoint);
        }
    }

    @Override
    public String where() {
        return endpoint.toString();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    /**
     * A context whose trust manager accepts every chain. Being an X509ExtendedTrustManager, it is
     * also where JSSE would check the host name, so that check is skipped too.
     */
    private static SSLContext trustingEverything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustEverything()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no TLS: " + e.getMessage(), e);
        }
    }

    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
