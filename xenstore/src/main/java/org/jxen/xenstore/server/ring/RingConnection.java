package org.jxen.xenstore.server.ring;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.jxen.xenstore.proto.FrameDecoder;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.server.ClientLink;
import org.jxen.xenstore.server.Session;
import org.jxen.xenstore.server.XenStoreCore;

/**
 * One domain's connection over its ring: turns event-channel kicks into requests for the core and
 * the core's replies and watch events into ring bytes. Runs on the core's thread.
 *
 * <p>Hostile guests: inconsistent indexes ({@link XenStoreRing#ERROR_RINGIDX}) or a header
 * announcing more than 4096 bytes ({@link XenStoreRing#ERROR_PROTO}) cost the guest its connection,
 * with the ring's error field set. A guest that stops consuming replies first stops being read
 * (its quota of outstanding replies), and when {@link #OUTPUT_LIMIT} bytes of replies and events
 * pile up it loses the connection ({@link XenStoreRing#ERROR_COMM}).
 */
public final class RingConnection implements ClientLink, Runnable {
    private static final System.Logger LOG = System.getLogger("jxenstored");
    /** Requests handled per kick before other domains get their turn. */
    static final int REQUESTS_PER_TURN = 32;
    /** Unsent bytes at which a guest that does not consume its replies is cut off. */
    static final int OUTPUT_LIMIT = 1 << 20;

    /** How the connection signals its peer and asks to be run again later. */
    public interface Port {
        /** Kicks the guest's end of the event channel. */
        void notifyGuest();

        /** Schedules {@link RingConnection#run()} again on the core thread (the next turn). */
        void rerun(RingConnection connection);
    }

    private final XenStoreCore core;
    private final int domid;
    private final XenStoreRing ring;
    private final Port port;
    private final int outstandingLimit;
    private final FrameDecoder frames = new FrameDecoder(Message.HEADER_SIZE + Message.PAYLOAD_MAX + XenStoreRing.RING_SIZE);
    private final ArrayDeque<ByteBuffer> output = new ArrayDeque<>();
    private int queuedReplies;
    private int queuedBytes;
    private Session session;
    private String failure;
    /** A turn is already scheduled to move queued output into the ring. */
    private boolean turnScheduled;

    /**
     * @param outstandingLimit replies the guest may leave unconsumed before it is no longer read (0: no limit)
     */
    public RingConnection(XenStoreCore core, int domid, XenStoreRing ring, Port port, int outstandingLimit) {
        this.core = core;
        this.domid = domid;
        this.ring = ring;
        this.port = port;
        this.outstandingLimit = outstandingLimit;
        ring.advertise(XenStoreRing.FEATURE_RECONNECTION | XenStoreRing.FEATURE_ERROR);
    }

    /**
     * A turn, run on the core's loop when the event channel fired (or a previous turn left work):
     * exchange what can be exchanged. A failure here (a ring page already unmapped throws rather
     * than crashing) costs this connection only. (A Runnable rather than a method reference: the
     * first turn is on the way to serving dom0's ring, where linking a lambda is slow.)
     */
    @Override
    public void run() {
        turnScheduled = false;
        if (failure != null) {
            return;
        }
        try {
            exchange();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, describe() + ": connection closed after an internal error", e);
            failure = "internal error: " + e;
            output.clear();
            core.close(session);
        }
    }

    private void exchange() {
        if (ring.reconnectRequested()) {
            reconnect();
            return;
        }
        boolean progress = flush();
        if (failure == null && (outstandingLimit == 0 || queuedReplies < outstandingLimit)) {
            progress |= takeRequests();
        }
        if (failure == null) {
            progress |= flush();
        }
        if (progress) {
            port.notifyGuest();
        }
    }

    private boolean takeRequests() {
        int moved = ring.read(frames.buffer());
        if (moved < 0) {
            fail(XenStoreRing.ERROR_RINGIDX, "inconsistent request ring indexes");
            return false;
        }
        FrameDecoder.Status status = frames.drain(REQUESTS_PER_TURN, m -> core.handle(session, m));
        switch (status) {
            case TOO_LONG -> fail(XenStoreRing.ERROR_PROTO, "payload of " + frames.badLength() + " bytes");
            case BUDGET_USED -> port.rerun(this);
            case NEED_MORE -> {
                if (ring.hasInput()) {
                    port.rerun(this); // the ring held more than the buffer took
                }
            }
        }
        return moved > 0;
    }

    /** Moves queued output into the reply ring; true if any byte moved. */
    private boolean flush() {
        boolean moved = false;
        while (!output.isEmpty()) {
            ByteBuffer head = output.peek();
            int n = ring.write(head);
            if (n < 0) {
                fail(XenStoreRing.ERROR_RINGIDX, "inconsistent reply ring indexes");
                return moved;
            }
            if (n == 0) {
                break;
            }
            moved = true;
            queuedBytes -= n;
            if (!head.hasRemaining()) {
                output.poll();
                queuedReplies--;
            }
        }
        return moved;
    }

    /**
     * The domain was introduced again (C xenstored's connection reset): drop what was half-read
     * or not yet sent and start both rings empty, at index 0.
     */
    public void discardPending() {
        frames.clear();
        output.clear();
        queuedReplies = 0;
        queuedBytes = 0;
        ring.resetIndexes();
    }

    private void reconnect() {
        frames.clear();
        output.clear();
        queuedReplies = 0;
        queuedBytes = 0;
        core.close(session);
        core.open(domid, this);
        ring.completeReconnect();
        port.notifyGuest();
    }

    private void fail(int error, String why) {
        failure = why;
        ring.fail(error);
        output.clear();
        core.close(session);
        port.notifyGuest();
    }

    @Override
    public void send(Message message) {
        if (failure != null) {
            return;
        }
        if (queuedBytes + message.size() > OUTPUT_LIMIT) {
            fail(XenStoreRing.ERROR_COMM, "guest does not consume its replies: " + queuedBytes + " bytes queued");
            return;
        }
        output.add(message.encode());
        queuedReplies++;
        queuedBytes += message.size();
        if (!turnScheduled) { // output caused by another connection's request needs a turn of its own
            turnScheduled = true;
            port.rerun(this);
        }
    }

    @Override
    public void close(String reason) {
        if (failure == null) {
            failure = reason;
            output.clear();
        }
    }

    @Override
    public String describe() {
        return "ring/dom" + domid;
    }

    @Override
    public void opened(Session s) {
        session = s;
    }

    /** Why the connection stopped, or null while it works. */
    public String failure() {
        return failure;
    }
}
