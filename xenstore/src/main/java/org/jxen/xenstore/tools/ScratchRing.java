package org.jxen.xenstore.tools;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.server.ring.GuestEnd;
import org.jxen.xenstore.server.ring.RingConnection;
import org.jxen.xenstore.server.ring.XenStoreRing;

/**
 * A dom0 connection to a scratch core over a ring page in this process, served on the caller's
 * thread: the path dom0's own tools take ({@code /dev/xen/xenbus}, dom0's ring) through the ring
 * transport and the core, with no system call and no other thread.
 */
final class ScratchRing implements TraceReplay.Connection {
    private static final int PAGE_SIZE = 4096;
    private final Arena memory = Arena.ofConfined();
    private final GuestEnd guest;
    private final RingConnection server;
    private boolean turnAsked;
    private int nextReqId;

    ScratchRing(XenStoreCore core) {
        MemorySegment page = memory.allocate(PAGE_SIZE, PAGE_SIZE);
        guest = new GuestEnd(page);
        server = new RingConnection(core, 0, new XenStoreRing(page), new RingConnection.Port() {
            @Override
            public void notifyGuest() {
            }

            @Override
            public void rerun(RingConnection connection) {
                turnAsked = true;
            }
        }, 0);
        core.open(0, server);
    }

    @Override
    public byte[] call(Op op, int tx, byte[] payload) {
        int reqId = ++nextReqId;
        guest.send(Message.of(op, reqId, tx, payload));
        while (true) {
            int pushed = guest.push();
            turnAsked = false;
            server.run();
            for (Message m : guest.pull()) {
                if (m.type() != Op.WATCH_EVENT.code() && m.reqId() == reqId) {
                    return replyPayload(op, m);
                }
            }
            if (pushed == 0 && !turnAsked) {
                throw new IllegalStateException(op + " got no reply from the scratch ring: "
                        + (server.failure() != null ? server.failure() : "the core did not answer"));
            }
        }
    }

    private static byte[] replyPayload(Op op, Message reply) {
        if (reply.type() == Op.ERROR.code()) {
            String name = Payload.oneString(reply.payload());
            throw new XsException(XsErrno.parse(name), op + " failed");
        }
        return reply.payload();
    }

    @Override
    public void close() {
        server.close("scratch ring closed");
        memory.close();
    }
}
