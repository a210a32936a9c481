package org.jxen.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * jxend's HTTP server: plain HTTP, HTTPS (TLS 1.3 only) and a Unix socket, each optional, all
 * serving the same handlers, on Jetty's threads (calls that wait move to virtual threads); a connection idle for
 * {@link #IDLE_TIMEOUT_MS} (a half-open client), or whose request head takes longer than that to
 * arrive (a slowloris client, {@link RequestHeadTimeout}), is closed without holding anyone else up.
 */
public final class ApiServer implements AutoCloseable {
    static final long IDLE_TIMEOUT_MS = 30_000;

    /** Where to listen: a null address or port turns that listener off. */
    public record Listen(String address, Integer httpPort, Integer httpsPort, Path unixSocket, Tls tls) {
    }

    /** The server's certificate: a PKCS12 key store and its password. */
    public record Tls(Path keyStore, String password) {
        /** The certificate HTTPS clients are shown, PEM-encoded, as XAPI's {@code host.get_server_certificate} gives it. */
        public String certificatePem() throws IOException {
            try (InputStream in = Files.newInputStream(keyStore)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, password.toCharArray());
                for (String alias : Collections.list(store.aliases())) {
                    if (store.isKeyEntry(alias)) {
                        return "-----BEGIN CERTIFICATE-----\n"
                                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(
                                        store.getCertificate(alias).getEncoded())
                                + "\n-----END CERTIFICATE-----\n";
                    }
                }
                throw new IOException(keyStore + " holds no key with its certificate");
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot read the certificate in " + keyStore + ": " + e.getMessage(), e);
            }
        }
    }

    private final Server server;

    private ApiServer(Server server) {
        this.server = server;
    }

    /** Starts serving the handlers {@code handlers} makes for the server (WebSocket upgrades need it), in order. */
    public static ApiServer start(Listen listen, Function<Server, List<Handler>> handlers) throws Exception {
        // Jetty's own threads: a request answered on the thread that read it is not handed to
        // another (a virtual thread each cost a third of the calls a connection makes a second);
        // calls that wait move to virtual threads of their own (RpcHandler)
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("jxend-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        List<Connector> connectors = new ArrayList<>();
        if (listen.httpPort() != null) {
            connectors.add(network(server, listen.address(), listen.httpPort(), new HttpConnectionFactory(http)));
        }
        if (listen.httpsPort() != null) {
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // a self-signed certificate is reached by IP address as often as by name
            https.addCustomizer(secure);
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(listen.tls().keyStore().toString());
            tls.setKeyStorePassword(listen.tls().password());
            tls.setKeyStoreType("PKCS12");
            tls.setIncludeProtocols("TLSv1.3");
            connectors.add(network(server, listen.address(), listen.httpsPort(),
                    new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(https)));
        }
        if (listen.unixSocket() != null) {
            Files.deleteIfExists(listen.unixSocket());
            UnixDomainServerConnector unix = new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
            unix.setUnixDomainPath(listen.unixSocket());
            unix.setIdleTimeout(IDLE_TIMEOUT_MS);
            connectors.add(unix);
        }
        RequestHeadTimeout heads = new RequestHeadTimeout(Duration.ofMillis(IDLE_TIMEOUT_MS),
                new Handler.Sequence(handlers.apply(server).toArray(Handler[]::new)));
        connectors.forEach(c -> c.addEventListener(heads));
        server.setConnectors(connectors.toArray(Connector[]::new));
        server.setHandler(heads);
        server.setStopTimeout(5_000);
        server.start();
        return new ApiServer(server);
    }

    private static ServerConnector network(Server server, String address, int port,
            org.eclipse.jetty.server.ConnectionFactory... factories) {
        ServerConnector c = new ServerConnector(server, factories);
        c.setHost(address);
        c.setPort(port);
        c.setIdleTimeout(IDLE_TIMEOUT_MS);
        return c;
    }

    /** The URLs the network listeners answer on (their real ports when 0 was asked). */
    public List<URI> urls() {
        List<URI> urls = new ArrayList<>();
        for (Connector c : server.getConnectors()) {
            if (c instanceof NetworkConnector n) {
                String scheme = c.getConnectionFactory(SslConnectionFactory.class) != null ? "https" : "http";
                String host = n.getHost() == null ? "0.0.0.0" : n.getHost();
                urls.add(URI.create(scheme + "://" + hostForUrl(host) + ":" + n.getLocalPort()));
            }
        }
        return urls;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The address the first network listener is bound to. */
    public InetSocketAddress address() {
        URI first = urls().getFirst();
        return new InetSocketAddress(first.getHost(), first.getPort());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
