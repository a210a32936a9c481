package org.jxen.daemon.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.rpc.Sessions;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.hv.ConsoleOutput;
import org.jxen.toolstack.Toolstack;
import org.jxen.toolstack.ToolstackException;

/**
 * {@code /console} as a WebSocket, as XAPI serves it to xo-lite: {@code ?uuid=} (or {@code ref=})
 * names the console (or its VM), {@code session_id} in the query or a cookie says who asks. The
 * simulated host's consoles are text: what the guest prints is sent as binary frames of terminal
 * output as it went through the console's ring (the prompt, the echo of what is typed), from the
 * oldest output kept, as long as the VM runs; what the client sends (text or binary
 * frames: keystrokes) is typed into the guest's console, as xenconsoled passes on its pty's input.
 */
public final class ConsoleSockets {
    private static final Logger LOG = Logger.getLogger(ConsoleSockets.class.getName());
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TYPING_PATIENCE = Duration.ofSeconds(1);

    private ConsoleSockets() {
    }

    public static WebSocketUpgradeHandler handler(Server server, ObjectStore store, Sessions sessions,
            Toolstack toolstack) {
        HttpAuth auth = new HttpAuth(sessions);
        return WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofHours(1));
            container.addMapping("/console", (request, response, callback) -> {
                Fields query = Request.extractQueryParameters(request);
                try {
                    HttpAuth.Caller caller = auth.caller(request, query);
                    if (caller == null) {
                        Response.writeError(request, response, callback, HttpStatus.UNAUTHORIZED_401,
                                "give session_id in the query or a cookie");
                        return null;
                    }
                    auth.done(caller);
                    String vm = vmOf(store, query);
                    if (request.getSubProtocols().contains("binary")) {
                        response.setAcceptedSubProtocol("binary");
                    }
                    return new Stream(store, toolstack, vm);
                } catch (XenApiFailure f) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404, f.getMessage());
                    return null;
                }
            });
        });
    }

    /** The VM whose console the query names, by the console's or the VM's UUID or reference. */
    private static String vmOf(ObjectStore store, Fields query) throws XenApiFailure {
        String uuid = query.getValue("uuid");
        String ref = query.getValue("ref");
        String object = ref != null ? ref : uuid == null ? "" : null;
        if (object == null) {
            try {
                object = store.refByUuid("console", uuid);
            } catch (XenApiFailure notConsole) {
                object = store.refByUuid("VM", uuid);
            }
        }
        String cls = store.classOf(object);
        if ("console".equals(cls)) {
            return (String) store.field("console", object, "VM");
        }
        store.record("VM", object);
        return object;
    }

    /**
     * Sends what the guest prints to one client while the VM runs, and types what it sends. Public:
     * Jetty calls a listener's methods through a public lookup (a private class had every upgrade
     * answered 500).
     */
    public static final class Stream extends Session.Listener.AbstractAutoDemanding {
        private final ObjectStore store;
        private final Toolstack toolstack;
        private final String vm;
        /** Types what the client sends in order, off Jetty's threads (a guest that does not read makes it wait). */
        private final java.util.concurrent.ExecutorService typist =
                java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
        private volatile boolean open = true;

        Stream(ObjectStore store, Toolstack toolstack, String vm) {
            this.store = store;
            this.toolstack = toolstack;
            this.vm = vm;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            Thread.ofVirtual().name("console " + vm).start(() -> follow(session));
        }

        private void follow(Session session) {
            long next = 0;
            long following = -1;
            try {
                while (open && session.isOpen()) {
                    long domid = (Long) store.field("VM", vm, "domid");
                    if (domid < 0) {
                        break;
                    }
                    if (domid != following) { // a restarted VM is a new domain: its console from its start
                        following = domid;
                        next = 0;
                    }
                    ConsoleOutput out = toolstack.consoleOutput((int) domid, next);
                    if (!out.text().isEmpty()) {
                        session.sendBinary(ByteBuffer.wrap(out.text().getBytes(StandardCharsets.UTF_8)),
                                org.eclipse.jetty.websocket.api.Callback.NOOP);
                    }
                    next = out.next();
                    Thread.sleep(POLL);
                }
                session.close(1000, "the VM is not running", org.eclipse.jetty.websocket.api.Callback.NOOP);
            } catch (XenApiFailure | ToolstackException e) {
                session.close(1000, "the VM is gone", org.eclipse.jetty.websocket.api.Callback.NOOP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warning("console of " + vm + " stopped: " + e);
            }
        }

        @Override
        public void onWebSocketText(String keys) {
            byte[] bytes = keys.getBytes(StandardCharsets.UTF_8);
            typist.execute(() -> type(bytes));
        }

        @Override
        public void onWebSocketBinary(ByteBuffer keys, org.eclipse.jetty.websocket.api.Callback callback) {
            byte[] bytes = new byte[keys.remaining()];
            keys.get(bytes);
            callback.succeed();
            typist.execute(() -> type(bytes));
        }

        /**
         * Types {@code keys} into the guest's console; what the ring has no room for (a guest that
         * does not read, a paused one) is tried again for {@link #TYPING_PATIENCE}, then dropped, as
         * a tty drops input nobody reads.
         */
        private void type(byte[] keys) {
            long deadline = System.nanoTime() + TYPING_PATIENCE.toNanos();
            try {
                int at = 0;
                while (at < keys.length) {
                    at += toolstack.typeIntoConsole(domid(), java.util.Arrays.copyOfRange(keys, at, keys.length));
                    if (at < keys.length) {
                        if (System.nanoTime() > deadline) {
                            LOG.info("console of " + vm + ": the guest did not read " + (keys.length - at)
                                    + " typed bytes; dropped");
                            return;
                        }
                        Thread.sleep(POLL.dividedBy(10));
                    }
                }
            } catch (XenApiFailure | ToolstackException e) {
                LOG.info("console of " + vm + ": typing refused: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private int domid() throws XenApiFailure {
            return ((Long) store.field("VM", vm, "domid")).intValue();
        }

        @Override
        public void onWebSocketClose(int status, String reason) {
            open = false;
            typist.shutdownNow();
        }
    }
}
