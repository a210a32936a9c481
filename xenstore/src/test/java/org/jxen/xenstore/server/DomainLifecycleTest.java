package org.jxen.xenstore.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.xenstore.proto.Op.GET_PERMS;
import static org.jxen.xenstore.proto.Op.INTRODUCE;
import static org.jxen.xenstore.proto.Op.IS_DOMAIN_INTRODUCED;
import static org.jxen.xenstore.proto.Op.MKDIR;
import static org.jxen.xenstore.proto.Op.READ;
import static org.jxen.xenstore.proto.Op.RELEASE;
import static org.jxen.xenstore.proto.Op.RESUME;
import static org.jxen.xenstore.proto.Op.SET_PERMS;
import static org.jxen.xenstore.proto.Op.SET_TARGET;
import static org.jxen.xenstore.proto.Op.TRANSACTION_START;
import static org.jxen.xenstore.proto.Op.WATCH;
import static org.jxen.xenstore.proto.Op.WRITE;
import static org.jxen.xenstore.proto.XsErrno.EACCES;
import static org.jxen.xenstore.proto.XsErrno.EINVAL;
import static org.jxen.xenstore.proto.XsErrno.ENOENT;

import org.jxen.xenstore.testing.CoreHarness;
import org.jxen.xenstore.testing.CoreHarness.Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * INTRODUCE, RELEASE, RESUME, SET_TARGET and the cleanup when a domain goes: its connection,
 * watches and transactions, the nodes it owns and every permission entry naming it, so that a
 * reused domid starts from nothing (XSA-322).
 */
class DomainLifecycleTest {
    CoreHarness h;
    Client dom0;

    @BeforeEach
    void setUp() {
        h = new CoreHarness();
        dom0 = h.dom0();
        dom0.ok(WATCH, "@introduceDomain\0in\0");
        dom0.ok(WATCH, "@releaseDomain\0out\0");
        dom0.events();
    }

    @Test
    void introduceAndReleaseFireTheirSpecialWatches() {
        assertThat(dom0.ok(IS_DOMAIN_INTRODUCED, "5\0")).isEqualTo("F\0");
        assertThat(Client.eventsIn(dom0.call(INTRODUCE, 0, "5\0" + "1000\0" + "7\0"))).containsExactly("@introduceDomain in");
        assertThat(dom0.ok(IS_DOMAIN_INTRODUCED, "5\0")).isEqualTo("T\0");
        assertThat(Client.eventsIn(dom0.call(INTRODUCE, 0, "5\0" + "1000\0" + "8\0"))).isEmpty(); // re-bind only
        assertThat(Client.eventsIn(dom0.call(RELEASE, 0, "5\0"))).containsExactly("@releaseDomain out");
        assertThat(dom0.ok(IS_DOMAIN_INTRODUCED, "5\0")).isEqualTo("F\0");
        assertThat(h.disconnected()).contains(5);
        assertThat(dom0.err(RELEASE, "5\0")).isEqualTo(ENOENT);
        assertThat(dom0.err(INTRODUCE, "5\0" + "1\0")).isEqualTo(EINVAL);
        assertThat(dom0.err(INTRODUCE, "40000\0" + "1\0" + "1\0")).isEqualTo(EINVAL);
    }

    @Test
    void introducingALiveDomainAgainRebindsItsChannelAndResetsItsConnectionAsCDoes() {
        Client g = h.introduce(dom0, 5);
        dom0.ok(MKDIR, "/local/domain/5\0");
        dom0.ok(SET_PERMS, "/local/domain/5\0n5\0");
        g.ok(WATCH, "/local/domain/5\0mine\0");
        g.events();
        dom0.ok(WRITE, "/local/domain/5/before\0z");
        assertThat(g.events()).containsExactly("/local/domain/5/before mine"); // the watch works until then
        int tx = Integer.parseInt(g.ok(TRANSACTION_START, "\0").replace("\0", ""));

        assertThat(Client.eventsIn(dom0.call(INTRODUCE, 0, "5\0" + "2000\0" + "9\0"))).isEmpty();

        assertThat(h.rebound()).containsExactly("5:9");
        assertThat(h.disconnected()).isEmpty(); // the ring stays mapped: no unmap under a queued turn
        assertThat(g.closedReason()).isNull();
        assertThat(g.err(READ, tx, "/local/domain/5\0")).isEqualTo(ENOENT); // its transaction is gone
        dom0.ok(WRITE, "/local/domain/5/x\0y");
        assertThat(g.events()).isEmpty(); // and its watch
        assertThat(g.ok(READ, "/local/domain/5/x\0")).isEqualTo("y"); // the connection itself works
    }

    @Test
    void aFailedIntroduceAnswersXensErrnoAndLeavesNothingBehind() {
        h.refuseNextConnect(ENOENT);
        assertThat(dom0.reply(INTRODUCE, 0, "5\0" + "1000\0" + "7\0").payload()).asString().isEqualTo("ENOENT\0");
        assertThat(dom0.ok(IS_DOMAIN_INTRODUCED, "5\0")).isEqualTo("F\0");
        assertThat(dom0.events()).isEmpty(); // no @introduceDomain for a domain that is not there
        assertThat(dom0.err(RELEASE, "5\0")).isEqualTo(ENOENT);

        assertThat(Client.eventsIn(dom0.call(INTRODUCE, 0, "5\0" + "1000\0" + "7\0"))).containsExactly("@introduceDomain in");
    }

    @Test
    void port0IsRefusedBeforeAnythingIsMapped() {
        assertThat(dom0.err(INTRODUCE, "5\0" + "1000\0" + "0\0")).isEqualTo(EINVAL);
        assertThat(dom0.err(INTRODUCE, "5\0" + "1000\0" + "x\0")).isEqualTo(EINVAL); // atoi("x") is 0
        assertThat(dom0.ok(IS_DOMAIN_INTRODUCED, "5\0")).isEqualTo("F\0");
    }

    @Test
    void releaseRemovesOwnedNodesAndGrantsSoAReusedDomidInheritsNothing() {
        Client g = h.introduce(dom0, 5);
        dom0.ok(MKDIR, "/local/domain/5\0");
        dom0.ok(SET_PERMS, "/local/domain/5\0n0\0b5\0");
        g.ok(WRITE, "owned/by/guest\0x");
        dom0.ok(WRITE, "/shared\0x");
        dom0.ok(SET_PERMS, "/shared\0n0\0b5\0r6\0");
        g.ok(WATCH, "/shared\0guest-watch\0");
        g.ok(TRANSACTION_START, "\0");

        dom0.ok(RELEASE, "5\0");
        assertThat(g.closedReason()).contains("released");
        assertThat(dom0.err(READ, "/local/domain/5/owned\0")).isEqualTo(ENOENT);
        assertThat(dom0.ok(GET_PERMS, "/shared\0")).isEqualTo("n0\0r6\0");
        assertThat(dom0.ok(GET_PERMS, "/local/domain/5\0")).isEqualTo("n0\0");

        Client reborn = h.introduce(dom0, 5);
        assertThat(reborn.err(READ, "/shared\0")).isEqualTo(EACCES);
        dom0.ok(WRITE, "/shared\0changed");
        assertThat(reborn.events()).isEmpty();
        assertThat(g.events()).isEmpty();
    }

    @Test
    void setTargetLetsADeviceModelActAsItsGuest() {
        Client guest = h.introduce(dom0, 5);
        Client dm = h.introduce(dom0, 6);
        dom0.ok(MKDIR, "/local/domain/5/device-model\0");
        dom0.ok(SET_PERMS, "/local/domain/5/device-model\0n5\0");
        assertThat(dm.err(WRITE, "/local/domain/5/device-model/state\0running")).isEqualTo(EACCES);
        dom0.ok(SET_TARGET, "6\0" + "5\0");
        dm.ok(WRITE, "/local/domain/5/device-model/state\0running");
        assertThat(dm.ok(READ, "/local/domain/5/device-model/state\0")).isEqualTo("running");
        // The device model owns what it creates (C xenstored too): its guest sees it only if granted.
        assertThat(dom0.ok(GET_PERMS, "/local/domain/5/device-model/state\0")).isEqualTo("n6\0");
        assertThat(guest.err(READ, "/local/domain/5/device-model/state\0")).isEqualTo(EACCES);
        assertThat(dom0.err(SET_TARGET, "6\0" + "9\0")).isEqualTo(ENOENT);
    }

    @Test
    void resumeNeedsAnIntroducedDomain() {
        h.introduce(dom0, 5);
        assertThat(dom0.ok(RESUME, "5\0")).isEqualTo("OK\0");
        assertThat(dom0.err(RESUME, "9\0")).isEqualTo(ENOENT);
    }

    @Test
    void dom0IsAlwaysIntroducedAndCannotBeReleased() {
        assertThat(dom0.ok(IS_DOMAIN_INTRODUCED, "0\0")).isEqualTo("T\0");
        assertThat(dom0.ok(INTRODUCE, "0\0" + "1\0" + "1\0")).isEqualTo("OK\0");
        assertThat(dom0.err(RELEASE, "0\0")).isEqualTo(EINVAL);
    }
}
