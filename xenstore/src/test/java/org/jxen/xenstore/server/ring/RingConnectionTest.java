package org.jxen.xenstore.server.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jxen.xenstore.proto.Message;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.proto.Payload;
import org.jxen.xenstore.server.DomainConnector;
import org.jxen.xenstore.server.Session;
import org.jxen.xenstore.server.Trace;
import org.jxen.xenstore.server.XenStoreCore;
import org.jxen.xenstore.store.Quota;
import org.jxen.xenstore.testing.SilentLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ring transport against a simulated guest sharing the same page: requests and replies in
 * both directions, wrap-around of the free-running indexes, messages larger than the ring,
 * reconnection, and hostile guests (inconsistent indexes, oversized payloads, never consuming
 * replies), which lose their connection with the ring's error field set and nothing else.
 */
class RingConnectionTest {
    /** Shared: the test runs in a thread of its own (the parent pom's timeout), not the one that made this instance. */
    private final Arena arena = Arena.ofShared();
    private final XenStoreCore core = new XenStoreCore(Quota.DEFAULTS, DomainConnector.NONE, Trace.NONE);
    private final List<RingConnection> reruns = new ArrayList<>();
    private int kicks;

    private final RingConnection.Port port = new RingConnection.Port() {
        @Override
        public void notifyGuest() {
            kicks++;
        }

        @Override
        public void rerun(RingConnection c) {
            reruns.add(c);
        }
    };

    @AfterEach
    void close() {
        arena.close();
    }

    private record Pair(GuestEnd guest, RingConnection server) {
    }

    private Pair connect(int domid, int startIndex) {
        MemorySegment page = arena.allocate(4096, 4096);
        GuestEnd guest = new GuestEnd(page);
        guest.indexesAt(startIndex);
        RingConnection server = new RingConnection(core, domid, new XenStoreRing(page), port, Quota.DEFAULTS.outstanding());
        core.open(domid, server);
        return new Pair(guest, server);
    }

    /** Runs the server until nothing is left to do, as the event loop would. */
    private void run(Pair p) {
        p.server().run();
        while (!reruns.isEmpty()) {
            reruns.removeFirst().run();
        }
    }

    private static Message req(Op op, int id, String payload) {
        return Message.of(op, id, 0, payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String text(Message m) {
        return Payload.printable(m.payload());
    }

    @Test
    void requestsAndRepliesCrossTheRing() {
        Pair p = connect(0, 0);
        p.guest().send(req(Op.WRITE, 1, "/ring/a\0hello"));
        p.guest().send(req(Op.READ, 2, "/ring/a\0"));
        p.guest().push();
        run(p);
        List<Message> replies = p.guest().pull();
        assertThat(replies).extracting(Message::reqId).containsExactly(1, 2);
        assertThat(text(replies.get(1))).isEqualTo("hello");
        assertThat(kicks).isPositive();
        assertThat(p.guest().get(XenStoreRing.SERVER_FEATURES)).isEqualTo(XenStoreRing.FEATURE_RECONNECTION | XenStoreRing.FEATURE_ERROR);
    }

    @Test
    void aTurnOnAnUnmappedPageCostsOnlyThatConnection() {
        Arena lifetime = Arena.ofShared(); // as GrantTables.MappedPage gives each mapped ring
        MemorySegment page = lifetime.allocate(4096, 4096);
        RingConnection stale = new RingConnection(core, 5, new XenStoreRing(page), port, Quota.DEFAULTS.outstanding());
        core.open(5, stale);
        GuestEnd guest = new GuestEnd(page);
        guest.send(req(Op.READ, 1, "/\0"));
        guest.push();
        lifetime.close(); // the domain was released while a turn was still queued

        stale.run(); // must not throw (nor, on real Xen, touch an unmapped page)

        assertThat(stale.failure()).startsWith("internal error: java.lang.IllegalStateException");
        Pair other = connect(6, 0); // the daemon goes on serving everyone else
        other.guest().send(req(Op.READ, 2, "/\0"));
        other.guest().push();
        run(other);
        assertThat(other.guest().pull()).extracting(Message::reqId).containsExactly(2);
    }

    @Test
    void reintroductionDiscardsWhatWasPendingAndRestartsTheIndexesAtZero() {
        Pair p = connect(5, 100);
        p.guest().sendRaw(new byte[] {1, 0, 0}); // half a header
        p.guest().push();
        run(p);

        p.server().discardPending();

        assertThat(p.guest().get(XenStoreRing.REQ_CONS)).isZero();
        assertThat(p.guest().get(XenStoreRing.REQ_PROD)).isZero();
        assertThat(p.guest().get(XenStoreRing.RSP_CONS)).isZero();
        assertThat(p.guest().get(XenStoreRing.RSP_PROD)).isZero();
        p.guest().send(req(Op.READ, 7, "/\0")); // a whole request now parses from the first byte
        p.guest().push();
        run(p);
        assertThat(p.guest().pull()).extracting(Message::reqId).containsExactly(7);
    }

    @Test
    void indexesWrapAroundTwoToTheThirtyTwo() {
        Pair p = connect(0, 0xffff_ff00);
        for (int i = 1; i <= 40; i++) {
            p.guest().send(req(Op.WRITE, i, "/wrap/" + i + "\0" + "v".repeat(50)));
            p.guest().push();
            run(p);
        }
        List<Message> replies = p.guest().pull();
        assertThat(replies).hasSize(40).allSatisfy(m -> assertThat(m.type()).isEqualTo(Op.WRITE.code()));
        assertThat(Integer.compareUnsigned(p.guest().get(XenStoreRing.REQ_CONS), 0xffff_ff00)).isLessThan(0); // wrapped
    }

    @Test
    void messagesLargerThanTheRingPassInPieces() {
        Pair p = connect(0, 0);
        String value = "x".repeat(Message.PAYLOAD_MAX - 7);
        p.guest().send(req(Op.WRITE, 1, "/big\0" + value));
        p.guest().send(req(Op.READ, 2, "/big\0"));
        List<Message> replies = new ArrayList<>();
        for (int round = 0; round < 20 && replies.size() < 2; round++) {
            p.guest().push();
            run(p);
            replies.addAll(p.guest().pull());
        }
        assertThat(replies).hasSize(2);
        assertThat(new String(replies.get(1).payload(), StandardCharsets.ISO_8859_1)).isEqualTo(value);
    }

    @Test
    void inconsistentIndexesCostTheGuestItsConnectionOnly() {
        Pair bad = connect(5, 0);
        Pair good = connect(6, 0);
        bad.guest().set(XenStoreRing.REQ_PROD, 5000); // 5000 bytes "available" in a 1024-byte ring
        run(bad);
        assertThat(bad.guest().get(XenStoreRing.ERROR)).isEqualTo(XenStoreRing.ERROR_RINGIDX);
        assertThat(bad.server().failure()).contains("indexes");
        good.guest().send(req(Op.GET_DOMAIN_PATH, 1, "6\0"));
        good.guest().push();
        run(good);
        assertThat(good.guest().pull()).singleElement().satisfies(m -> assertThat(text(m)).isEqualTo("/local/domain/6\\0"));
    }

    @Test
    void oversizedPayloadIsAProtocolError() {
        Pair p = connect(5, 0);
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(Op.WRITE.code()).putInt(1).putInt(0).putInt(Message.PAYLOAD_MAX + 1);
        p.guest().sendRaw(header.array());
        p.guest().push();
        run(p);
        assertThat(p.guest().get(XenStoreRing.ERROR)).isEqualTo(XenStoreRing.ERROR_PROTO);
        assertThat(p.server().failure()).contains("4097");
        assertThat(p.guest().pull()).isEmpty();
    }

    @Test
    void aGuestThatNeverConsumesRepliesIsCutOffWithCommError() {
        Pair deaf = connect(5, 0);
        Session dom0 = core.open(0, new SilentLink());
        core.handle(dom0, req(Op.WRITE, 1, "/local/domain/5/x\0v"));
        core.handle(dom0, req(Op.SET_PERMS, 2, "/local/domain/5\0n0\0r5\0"));
        deaf.guest().send(req(Op.WATCH, 1, "/local/domain/5\0w\0"));
        deaf.guest().push();
        run(deaf);
        for (int i = 0; i < 100_000 && deaf.server().failure() == null; i++) {
            core.handle(dom0, req(Op.WRITE, 3 + i, "/local/domain/5/x\0" + i)); // events the guest never reads
        }
        assertThat(deaf.server().failure()).contains("does not consume");
        assertThat(deaf.guest().get(XenStoreRing.ERROR)).isEqualTo(XenStoreRing.ERROR_COMM);
    }

    @Test
    void eventsCausedByOtherConnectionsReachTheGuest() {
        Pair watcher = connect(0, 0);
        Pair writer = connect(0, 100);
        watcher.guest().send(req(Op.WATCH, 1, "/ev\0t\0"));
        watcher.guest().push();
        run(watcher);
        assertThat(watcher.guest().pull()).hasSize(2);
        writer.guest().send(req(Op.WRITE, 1, "/ev/x\0v"));
        writer.guest().push();
        run(writer); // the writer's turn queues the watcher's event and schedules the watcher's turn
        assertThat(watcher.guest().pull()).singleElement().satisfies(m -> assertThat(text(m)).isEqualTo("/ev/x\\0t\\0"));
    }

    @Test
    void reconnectDropsWatchesAndStartsClean() {
        Pair p = connect(0, 0);
        p.guest().send(req(Op.WATCH, 1, "/rc\0t\0"));
        p.guest().push();
        run(p);
        assertThat(p.guest().pull()).hasSize(2);
        p.guest().set(XenStoreRing.CONNECTION, XenStoreRing.RECONNECT);
        run(p);
        assertThat(p.guest().get(XenStoreRing.CONNECTION)).isEqualTo(XenStoreRing.CONNECTED);
        p.guest().send(req(Op.WRITE, 2, "/rc/x\0v"));
        p.guest().push();
        run(p);
        assertThat(p.guest().pull()).extracting(Message::type).containsExactly(Op.WRITE.code()); // no event: watch gone
    }
}
