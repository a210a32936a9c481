package org.jxen.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * XA-3's floor: the Jetty jxend is built on, as jxend configures its threads, answering every POST
 * with one fixed JSON-RPC reply after reading the body, and nothing else. The calls a second it
 * serves over one keep-alive connection are what this machine's HTTP stack allows before any RPC
 * is decoded or dispatched. Run as {@code JettyFloor PORT}; prints "ready" once it listens.
 */
public final class JettyFloor {
    private static final byte[] REPLY = "{\"jsonrpc\":\"2.0\",\"result\":\"Running\",\"id\":1}"
            .getBytes(StandardCharsets.US_ASCII);

    private JettyFloor() {
    }

    public static void main(String[] args) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        Server server = new Server(threads);
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(Integer.parseInt(args[0]));
        server.addConnector(http);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                for (Content.Chunk chunk = request.read(); chunk != null; chunk = request.read()) {
                    chunk.release();
                    if (chunk.isLast()) {
                        break;
                    }
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(REPLY), callback);
                return true;
            }
        });
        server.start();
        System.out.println("ready");
        server.join();
    }
}
