package org.jxen.xenstore.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxen.xenstore.proto.Op.DIRECTORY;
import static org.jxen.xenstore.proto.Op.GET_PERMS;
import static org.jxen.xenstore.proto.Op.MKDIR;
import static org.jxen.xenstore.proto.Op.READ;
import static org.jxen.xenstore.proto.Op.RM;
import static org.jxen.xenstore.proto.Op.SET_PERMS;
import static org.jxen.xenstore.proto.Op.WATCH;
import static org.jxen.xenstore.proto.Op.WRITE;
import static org.jxen.xenstore.proto.XsErrno.EACCES;
import static org.jxen.xenstore.proto.XsErrno.EINVAL;
import static org.jxen.xenstore.proto.XsErrno.ENOENT;
import static org.jxen.xenstore.proto.XsErrno.EPERM;

import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.testing.CoreHarness;
import org.jxen.xenstore.testing.CoreHarness.Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a guest (an unprivileged domain on its ring) may do, following C xenstored 4.17's rules:
 * owner and default access, explicit grants, inheritance on creation, ownership of what a domain
 * creates, EACCES instead of ENOENT where the guest may not look, watch events only for nodes it
 * may read, and the dom0-only operations. Socket clients are dom0, so none of this is reachable
 * by the differential tests.
 */
class UnprivilegedDomainTest {
    CoreHarness h;
    Client dom0;
    Client guest;

    @BeforeEach
    void setUp() {
        h = new CoreHarness();
        dom0 = h.dom0();
        guest = h.introduce(dom0, 5);
        // As libxl does: the domain's directory belongs to dom0, and the guest may read and write it.
        dom0.ok(MKDIR, "/local/domain/5\0");
        dom0.ok(SET_PERMS, "/local/domain/5\0n0\0b5\0");
        dom0.ok(WRITE, "/secret/key\0s3cret");
    }

    @Test
    void defaultAccessIsTheFirstEntrys() {
        assertThat(guest.err(READ, "/secret/key\0")).isEqualTo(EACCES);
        dom0.ok(SET_PERMS, "/secret/key\0r0\0");
        assertThat(guest.ok(READ, "/secret/key\0")).isEqualTo("s3cret");
        assertThat(guest.err(WRITE, "/secret/key\0x")).isEqualTo(EACCES);
    }

    @Test
    void explicitGrantsOverrideTheDefault() {
        dom0.ok(SET_PERMS, "/secret/key\0r0\0n5\0");
        assertThat(guest.err(READ, "/secret/key\0")).isEqualTo(EACCES);
        dom0.ok(SET_PERMS, "/secret/key\0n0\0w5\0");
        assertThat(guest.ok(WRITE, "/secret/key\0from-guest")).isEqualTo("OK\0");
        assertThat(guest.err(READ, "/secret/key\0")).isEqualTo(EACCES);
    }

    @Test
    void missingNodeUnderAnUnreadableParentIsEaccesNotEnoent() {
        assertThat(guest.err(READ, "/secret/other\0")).isEqualTo(EACCES);
        assertThat(guest.err(READ, "/secret/a/b/c\0")).isEqualTo(EACCES);
        assertThat(guest.err(READ, "/local/domain/5/missing\0")).isEqualTo(ENOENT);
        assertThat(dom0.err(READ, "/secret/other\0")).isEqualTo(ENOENT);
    }

    @Test
    void relativePathsAreUnderTheDomainsOwnDirectory() {
        guest.ok(WRITE, "device/vif/0/state\0" + "1");
        assertThat(dom0.ok(READ, "/local/domain/5/device/vif/0/state\0")).isEqualTo("1");
        assertThat(guest.ok(DIRECTORY, "device\0")).isEqualTo("vif\0");
    }

    @Test
    void createdNodesAreOwnedByTheirCreatorAndInheritTheRest() {
        dom0.ok(SET_PERMS, "/local/domain/5\0n0\0b5\0r7\0");
        guest.ok(WRITE, "data/x\0" + "1");
        assertThat(guest.ok(GET_PERMS, "data/x\0")).isEqualTo("n5\0b5\0r7\0");
        assertThat(guest.ok(GET_PERMS, "data\0")).isEqualTo("n5\0b5\0r7\0");
        dom0.ok(WRITE, "/local/domain/5/by-dom0\0" + "1");
        assertThat(dom0.ok(GET_PERMS, "/local/domain/5/by-dom0\0")).isEqualTo("n0\0b5\0r7\0");
    }

    @Test
    void onlyTheOwnerChangesPermissionsAndOnlyDom0ChangesTheOwner() {
        guest.ok(WRITE, "mine\0" + "1");
        assertThat(guest.ok(SET_PERMS, "mine\0n5\0r9\0")).isEqualTo("OK\0");
        assertThat(guest.err(SET_PERMS, "mine\0n9\0")).isEqualTo(EPERM); // XSA-352
        assertThat(guest.err(SET_PERMS, "/local/domain/5\0n5\0")).isEqualTo(EACCES); // owned by dom0
        assertThat(dom0.ok(SET_PERMS, "/local/domain/5/mine\0n9\0")).isEqualTo("OK\0");
        assertThat(guest.err(READ, "mine\0")).isEqualTo(EACCES);
    }

    @Test
    void privilegedOperationsAreRefused() {
        for (Op op : new Op[] {Op.INTRODUCE, Op.RELEASE, Op.IS_DOMAIN_INTRODUCED, Op.RESUME, Op.SET_TARGET, Op.CONTROL}) {
            assertThat(guest.err(op, "5\0")).as(op.name()).isEqualTo(EACCES);
        }
        assertThat(guest.ok(Op.GET_DOMAIN_PATH, "5\0")).isEqualTo("/local/domain/5\0");
    }

    @Test
    void guestCannotRemoveWhatItCannotWrite() {
        assertThat(guest.err(RM, "/secret\0")).isEqualTo(EACCES);
        assertThat(guest.err(RM, "/secret/key\0")).isEqualTo(EACCES);
        assertThat(dom0.ok(READ, "/secret/key\0")).isEqualTo("s3cret");
    }

    @Test
    void guestHearsOnlyOfNodesItMayRead() {
        guest.call(WATCH, 0, "/\0root\0");
        dom0.ok(WRITE, "/secret/key\0changed");
        dom0.ok(WRITE, "/local/domain/5/visible\0v");
        dom0.ok(RM, "/secret\0");
        assertThat(guest.events()).containsExactly("/local/domain/5/visible root");
    }

    @Test
    void guestHearsOfTheRemovalOfANodeItCouldRead() {
        dom0.ok(WRITE, "/shared/node\0v");
        dom0.ok(SET_PERMS, "/shared/node\0r0\0");
        guest.call(WATCH, 0, "/shared/node\0t\0");
        dom0.ok(RM, "/shared/node\0");
        assertThat(guest.events()).containsExactly("/shared/node t");
    }

    @Test
    void relativeWatchesReportRelativePaths() {
        assertThat(CoreHarness.Client.eventsIn(guest.call(WATCH, 0, "device\0dev\0"))).containsExactly("device dev");
        dom0.ok(WRITE, "/local/domain/5/device/vbd/51712/state\0" + "4");
        assertThat(guest.events()).containsExactly("device/vbd/51712/state dev");
    }

    @Test
    void pathLimitCountsBelowTheDomainDirectoryForDom0Too() {
        String ok = ("x".repeat(99) + "/").repeat(20) + "y".repeat(47); // 2047 bytes, 21 levels
        assertThat(guest.ok(WRITE, ok + "\0v")).isEqualTo("OK\0");
        assertThat(guest.err(WRITE, ok + "cd\0v")).isEqualTo(EINVAL);
        assertThat(dom0.ok(WRITE, "/local/domain/5/" + ok + "c\0v")).isEqualTo("OK\0");
        assertThat(dom0.err(WRITE, "/local/domain/5/" + ok + "cd\0v")).isEqualTo(EINVAL);
    }

    @Test
    void specialWatchesNeedAGrant() {
        guest.call(WATCH, 0, "@introduceDomain\0intro\0");
        h.introduce(dom0, 6);
        assertThat(guest.events()).isEmpty();
        assertThat(guest.err(SET_PERMS, "@introduceDomain\0n0\0r5\0")).isEqualTo(EACCES);
        dom0.ok(SET_PERMS, "@introduceDomain\0n0\0r5\0");
        h.introduce(dom0, 7);
        assertThat(guest.events()).containsExactly("@introduceDomain intro");
        assertThat(dom0.err(SET_PERMS, "@other\0n0\0")).isEqualTo(ENOENT);
    }
}
