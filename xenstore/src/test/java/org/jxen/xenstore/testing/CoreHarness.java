package org.jxen.xenstore.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.server.ClientLink;
import org.jxen.xenstore.server.DomainConnector;
import org.jxen.xenstore.server.Session;
import org.jxen.xenstore.server.Trace;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.store.Domids;
import org.jxen.xenstore.store.Quota;

/**
 * The daemon's core driven directly, with a connector that gives every introduced domain a
 * connection the test can speak on, as a guest's ring would: the way to test what unprivileged
 * domains may and may not do, which no socket client can.
 */
public final class CoreHarness {
    private final Map<Integer, Client> domains = new HashMap<>();
    private final List<Integer> disconnected = new ArrayList<>();
    private final List<String> rebound = new ArrayList<>();
    private XsErrno refuseNextConnect;
    public final XenStoreCore core;

    public CoreHarness(Quota quota) {
        core = new XenStoreCore(quota, new DomainConnector() {
            @Override
            public ClientLink connect(XenStoreCore c, int domid, long gfn, int port) {
                if (refuseNextConnect != null) {
                    XsErrno errno = refuseNextConnect;
                    refuseNextConnect = null;
                    throw new XsException(errno, "the test refused to map domain " + domid + "'s ring");
                }
                Client client = new Client("ring/dom" + domid);
                domains.put(domid, client);
                return client;
            }

            @Override
            public void rebind(int domid, int port) {
                rebound.add(domid + ":" + port);
            }

            @Override
            public void disconnect(int domid) {
                disconnected.add(domid);
            }

            @Override
            public boolean exists(int domid) {
                return domid >= 0 && domid <= Domids.MAX_REAL;
            }
        }, Trace.NONE);
    }

    public CoreHarness() {
        this(Quota.DEFAULTS);
    }

    /** A new dom0 connection, as a socket client gets. */
    public Client dom0() {
        Client c = new Client("dom0");
        core.open(0, c);
        return c;
    }

    /** Introduces a domain from {@code by} (dom0) and returns the connection its ring got. */
    public Client introduce(Client by, int domid) {
        by.ok(Op.INTRODUCE, domid + "\0" + 1000 + "\0" + 7 + "\0");
        return domains.get(domid);
    }

    public List<Integer> disconnected() {
        return disconnected;
    }

    /** Re-introduced domains' new ports, as "domid:port". */
    public List<String> rebound() {
        return rebound;
    }

    /** The next ring connection fails as Xen's map or bind would, with {@code errno}. */
    public void refuseNextConnect(XsErrno errno) {
        refuseNextConnect = errno;
    }

    /** One connection: sends requests, keeps what the core sent back. */
    public final class Client implements ClientLink {
        private final String name;
        private final List<Message> inbox = new ArrayList<>();
        private Session session;
        private int reqId;
        private String closedReason;

        Client(String name) {
            this.name = name;
        }

        /** Sends a request; returns everything the core sent this connection in response (events, then the reply). */
        public List<Message> call(Op op, int tx, String payload) {
            int before = inbox.size(); // what others' requests sent us stays for events()
            core.handle(session, Message.of(op, ++reqId, tx, payload.getBytes(StandardCharsets.ISO_8859_1)));
            List<Message> mine = inbox.subList(before, inbox.size());
            List<Message> out = List.copyOf(mine);
            mine.clear();
            return out;
        }

        public Message reply(Op op, int tx, String payload) {
            List<Message> out = call(op, tx, payload);
            return out.getLast();
        }

        /** The reply payload as text (nuls kept), failing the test on an error reply. */
        public String ok(Op op, String payload) {
            return ok(op, 0, payload);
        }

        public String ok(Op op, int tx, String payload) {
            Message m = reply(op, tx, payload);
            if (m.type() == Op.ERROR.code()) {
                throw new AssertionError(op + " " + Payload.printable(payload.getBytes(StandardCharsets.ISO_8859_1))
                        + " failed: " + Payload.printable(m.payload()));
            }
            return new String(m.payload(), StandardCharsets.ISO_8859_1);
        }

        /** The errno of an error reply, failing the test on success. */
        public XsErrno err(Op op, String payload) {
            return err(op, 0, payload);
        }

        public XsErrno err(Op op, int tx, String payload) {
            Message m = reply(op, tx, payload);
            if (m.type() != Op.ERROR.code()) {
                throw new AssertionError(op + " " + payload + " succeeded: " + Payload.printable(m.payload()));
            }
            String s = new String(m.payload(), StandardCharsets.ISO_8859_1);
            return XsErrno.valueOf(s.substring(0, s.length() - 1));
        }

        /** Watch events other connections' requests caused, as "path token" strings; clears them. */
        public List<String> events() {
            List<String> out = new ArrayList<>();
            for (Message m : inbox) {
                if (m.type() == Op.WATCH_EVENT.code()) {
                    out.add(String.join(" ", Payload.strings(m.payload())));
                }
            }
            inbox.clear();
            return out;
        }

        /** Events that came with the last call's reply, as "path token". */
        public static List<String> eventsIn(List<Message> messages) {
            List<String> out = new ArrayList<>();
            for (Message m : messages) {
                if (m.type() == Op.WATCH_EVENT.code()) {
                    out.add(String.join(" ", Payload.strings(m.payload())));
                }
            }
            return out;
        }

        public String closedReason() {
            return closedReason;
        }

        @Override
        public void send(Message message) {
            inbox.add(message);
        }

        @Override
        public void close(String reason) {
            closedReason = reason;
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public void opened(Session s) {
            session = s;
        }
    }
}
