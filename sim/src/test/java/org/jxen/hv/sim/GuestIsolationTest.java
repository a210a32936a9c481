package org.jxen.hv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jxen.hv.BuildResult;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.DomainType;
import org.jxen.hv.HypervisorException;
import org.jxen.xenstore.client.WatchEvent;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.client.XsPermissions;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.server.inproc.InProcessConnector;
import org.jxen.xenstore.store.Access;
import org.jxen.xenstore.store.Quota;
import org.jxen.xenstore.testing.InProcessJxenstored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guest isolation on the simulated host through jxenstored in this process: each guest kernel is
 * its own XenStore client over its own ring, introduced by the toolstack after build with the
 * tree and permissions libxl writes. A guest cannot read or write another guest's nodes or dom0's
 * private ones, its node quota applies, {@code @introduceDomain} and {@code @releaseDomain} fire,
 * and its frontends still reach Connected through dom0's backends.
 */
class GuestIsolationTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MEM_KB = 512 * 1024;
    private static final int NODE_QUOTA = 100;

    private final SimHost host = new SimHost(Topology.laptop(), 7);
    private InProcessConnector connector;

    /** Sets {@code perms} on {@code path} and everything under it, as libxl's nodes inherit their directory's. */
    private static void setPermsUnder(XsClient xs, String path, XsPermissions perms) {
        xs.setPerms(path, perms);
        for (String child : xs.directory(path)) {
            setPermsUnder(xs, path + "/" + child, perms);
        }
    }

    /** {@link #introduceGuest}, then its kernel runs. */
    private static int startGuest(SimHost host, XsClient toolstack, Path image) throws HypervisorException {
        int domid = introduceGuest(host, toolstack, image);
        host.unpause(domid);
        host.runFor(2 * SECOND);
        return domid;
    }

    /** libxl's domain: create, build, its tree and permissions (libxl__domain_make, device_generic_add), INTRODUCE. */
    private static int introduceGuest(SimHost host, XsClient toolstack, Path image) throws HypervisorException {
        int domid = host.createDomain(CreateSpec.of(DomainType.PV, UUID.randomUUID(), 1));
        host.setMaxMemory(domid, MEM_KB);
        BuildResult built = TestDomains.build(host, domid, MEM_KB);
        GuestAgentTest.writeDomain(toolstack, domid, image);
        String home = "/local/domain/" + domid;
        setPermsUnder(toolstack, home, XsPermissions.ownedBy(0).with(domid, Access.READ));
        for (String dev : List.of("vbd/51712", "vif/0", "console/1")) {
            setPermsUnder(toolstack, home + "/device/" + dev, XsPermissions.ownedBy(domid).with(0, Access.READ));
            setPermsUnder(toolstack, "/local/domain/0/backend/" + dev.replace("/", "/" + domid + "/"),
                    XsPermissions.ownedBy(0).with(domid, Access.READ));
        }
        for (String rw : List.of("control/shutdown", "control/feature-poweroff", "control/feature-reboot",
                "control/feature-suspend", "data", "error")) {
            toolstack.write(home + "/" + rw, "");
            toolstack.setPerms(home + "/" + rw, XsPermissions.ownedBy(domid));
        }
        toolstack.introduce(domid, built.storeGfn(), built.storePort());
        return domid;
    }

    private static XsErrno errno(Runnable request) {
        try {
            request.run();
        } catch (XsException e) {
            return e.errno();
        }
        throw new AssertionError("the request succeeded");
    }

    /** How many nodes {@code domid} owns, as the daemon counts them for its quota. */
    private static int owned(XsClient dom0, String path, int domid) {
        int n = dom0.getPerms(path).owner() == domid ? 1 : 0;
        for (String child : dom0.directory(path)) {
            n += owned(dom0, path.equals("/") ? "/" + child : path + "/" + child, domid);
        }
        return n;
    }

    @Test
    void guestsAreIsolatedByTheirOwnRingsAndReleasedOnDeath(@TempDir Path dir) throws Exception {
        Quota quota = Quota.DEFAULTS.with("nodes", NODE_QUOTA);
        List<WatchEvent> special = new CopyOnWriteArrayList<>();
        try (InProcessJxenstored d = new InProcessJxenstored(dir, quota, 0,
                loop -> connector = new InProcessConnector(host, loop, quota.outstanding()));
             XsClient toolstack = XsClient.connect(d.socket()); XsClient backends = XsClient.connect(d.socket())) {
            host.attachXenStore(backends, connector);
            toolstack.watch("@introduceDomain", "intro", special::add);
            toolstack.watch("@releaseDomain", "release", special::add);
            toolstack.write("/tool/secret", "dom0 only");
            toolstack.sync();
            special.clear(); // each watch's first event

            int a = startGuest(host, toolstack, GuestAgentTest.image(dir));
            int b = startGuest(host, toolstack, GuestAgentTest.image(dir));
            toolstack.sync();
            assertThat(special).extracting(WatchEvent::path).containsExactly("@introduceDomain", "@introduceDomain");

            for (int domid : List.of(a, b)) {
                for (String dev : List.of("vbd/51712", "vif/0", "console/1")) {
                    String fe = "/local/domain/" + domid + "/device/" + dev;
                    assertThat(toolstack.readString(fe + "/state")).as(fe).isEqualTo("4");
                    assertThat(toolstack.getPerms(fe + "/state").owner()).as("written by the guest itself").isEqualTo(domid);
                }
            }
            XsClient guestA = host.guestStore(a);
            assertThat(guestA.readString("name")).isEqualTo("guest" + a); // relative to its own home: it is dom a
            assertThat(errno(() -> guestA.readString("/local/domain/" + b + "/name"))).isEqualTo(XsErrno.EACCES);
            assertThat(errno(() -> guestA.write("/local/domain/" + b + "/data/x", "1"))).isEqualTo(XsErrno.EACCES);
            assertThat(errno(() -> guestA.readString("/local/domain/0/backend/vbd/" + b + "/51712/params")))
                    .isEqualTo(XsErrno.EACCES);
            assertThat(errno(() -> guestA.readString("/tool/secret"))).isEqualTo(XsErrno.EACCES);
            assertThat(errno(() -> guestA.write("/tool/secret", "x"))).isEqualTo(XsErrno.EACCES);
            assertThat(errno(() -> guestA.write("name", "renamed"))).as("libxl gives it read only").isEqualTo(XsErrno.EACCES);
            assertThat(errno(() -> guestA.introduce(b, 1, 1))).isEqualTo(XsErrno.EACCES);
            assertThat(guestA.readString("/local/domain/0/backend/vbd/" + a + "/51712/params")).isEqualTo(GuestAgentTest.image(dir).toString());

            int room = NODE_QUOTA - owned(toolstack, "/", a);
            for (int i = 0; i < room; i++) {
                guestA.write("data/n" + i, "x");
            }
            assertThat(errno(() -> guestA.write("data/too-many", "x"))).isEqualTo(XsErrno.ENOSPC);
            host.guestStore(b).write("data/still-room", "x"); // the quota is per domain
            toolstack.write("/local/domain/" + a + "/data/dom0-has-no-quota", "x");

            special.clear();
            host.destroyDomain(b);
            host.runFor(SECOND);
            toolstack.sync();
            assertThat(special).extracting(WatchEvent::path).containsExactly("@releaseDomain");
            assertThat(toolstack.isIntroduced(b)).isFalse();
            assertThat(toolstack.isIntroduced(a)).isTrue();
            assertThat(guestA.readString("name")).isEqualTo("guest" + a);
        }
    }

    /**
     * The toolstack releases a domain whose kernel was about to start (a destroy on another thread
     * as the host runs): the kernel's first request fails on its closed ring instead of waiting
     * for an answer (it waited forever, holding the host), and the other guests go on.
     */
    @Test
    @Timeout(60)
    void aKernelStartingAfterItsReleaseDoesNotWaitForTheDaemon(@TempDir Path dir) throws Exception {
        try (InProcessJxenstored d = new InProcessJxenstored(dir, Quota.DEFAULTS, 0,
                loop -> connector = new InProcessConnector(host, loop, Quota.DEFAULTS.outstanding()));
             XsClient toolstack = XsClient.connect(d.socket()); XsClient backends = XsClient.connect(d.socket())) {
            host.attachXenStore(backends, connector);
            int other = startGuest(host, toolstack, GuestAgentTest.image(dir));
            int released = introduceGuest(host, toolstack, GuestAgentTest.image(dir));
            host.unpause(released); // its kernel starts when the host next runs
            toolstack.release(released);
            toolstack.sync();
            host.runFor(2 * SECOND);
            assertThat(toolstack.readOrNull("/local/domain/" + released + "/control/feature-poweroff"))
                    .as("the kernel wrote nothing").isNotEqualTo("1");
            host.destroyDomain(released);
            host.runFor(SECOND);
            assertThat(host.guestStore(other).readString("name")).isEqualTo("guest" + other);
        }
    }
}
