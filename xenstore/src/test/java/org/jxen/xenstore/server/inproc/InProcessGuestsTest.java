package org.jxen.xenstore.server.inproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jxen.xenstore.client.GuestRing;
import org.jxen.xenstore.client.WatchEvent;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.client.XsConnection;
import org.jxen.xenstore.client.XsPermissions;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.server.DomainLiveness;
import org.jxen.xenstore.store.Quota;
import org.jxen.xenstore.testing.InProcessJxenstored;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guests living in this process, each a XenStore client over its own shared ring, served by
 * jxenstored through the {@link InProcessConnector}: dom0 (on the socket) introduces them, and
 * each guest's requests reach the daemon as its own domid. Covers: each guest's own subtree
 * (absolute and relative paths), EACCES on the other guest's and on dom0's private nodes, the
 * per-domain node quota, {@code @introduceDomain}/{@code @releaseDomain}, watches over a ring, a
 * failed INTRODUCE leaving nothing behind, RELEASE unbinding and unmapping. Not covered: the
 * simulated host's own implementation of {@link InProcessHost} (module hypervisor).
 */
class InProcessGuestsTest {
    private static final int NODE_QUOTA = 5;
    private final Arena memory = Arena.ofShared();
    private final TestHost host = new TestHost();
    private InProcessConnector connector;

    @AfterEach
    void freePages() {
        memory.close();
    }

    /** A host with guests in this process: pages they share, event channels as callbacks. */
    private final class TestHost implements InProcessHost {
        /** One guest's side: its page, its port, its ring end, and the daemon's end once bound. */
        final class Guest {
            final MemorySegment page = memory.allocate(4096, 4096);
            final int port;
            final GuestRing ring;
            volatile Runnable daemon;

            Guest(int port) {
                this.port = port;
                this.ring = new GuestRing(page, () -> {
                    Runnable d = daemon;
                    if (d != null) {
                        d.run();
                    }
                });
            }
        }

        final Map<Integer, Guest> guests = new ConcurrentHashMap<>();
        final Set<Integer> mapped = ConcurrentHashMap.newKeySet();

        Guest add(int domid, int port) {
            Guest g = new Guest(port);
            guests.put(domid, g);
            return g;
        }

        @Override
        public MemorySegment mapStorePage(int domid, long gfn) {
            Guest g = guests.get(domid);
            if (g == null) {
                throw new XsException(XsErrno.ENOENT, "no domain " + domid + " on this host");
            }
            mapped.add(domid);
            return g.page;
        }

        @Override
        public void unmapStorePage(int domid) {
            mapped.remove(domid);
        }

        @Override
        public DaemonPort bindInterdomain(int domid, int remotePort, Runnable daemonNotified) {
            Guest g = guests.get(domid);
            if (g.port != remotePort) {
                throw new XsException(XsErrno.EINVAL, "domain " + domid + " has no port " + remotePort);
            }
            g.daemon = daemonNotified;
            return new DaemonPort() {
                @Override
                public void notifyGuest() {
                    g.ring.notified();
                }

                @Override
                public void unbind() {
                    g.daemon = null;
                }
            };
        }

        @Override
        public boolean exists(int domid) {
            return domid == 0 || guests.containsKey(domid);
        }

        @Override
        public DomainLiveness liveness(int domid) {
            return exists(domid) ? DomainLiveness.RUNNING : DomainLiveness.GONE;
        }
    }

    private InProcessJxenstored daemon(Path dir) {
        Quota quota = Quota.DEFAULTS.with("nodes", NODE_QUOTA);
        return new InProcessJxenstored(dir, quota, 0,
                loop -> connector = new InProcessConnector(host, loop, quota.outstanding()));
    }

    /** What libxl does for a new domain, then INTRODUCE; returns the guest's client over its ring. */
    private XsClient introduce(XsClient dom0, int domid) {
        TestHost.Guest g = host.add(domid, 10 + domid);
        String home = "/local/domain/" + domid;
        dom0.mkdir(home);
        dom0.setPerms(home, XsPermissions.ownedBy(domid));
        dom0.introduce(domid, 0x1000 + domid, g.port);
        return new XsClient(new XsConnection(g.ring, "dom" + domid + "'s ring"));
    }

    private static XsErrno errno(Runnable request) {
        try {
            request.run();
        } catch (XsException e) {
            return e.errno();
        }
        throw new AssertionError("the request succeeded");
    }

    @Test
    void eachGuestIsItsOwnDomainOverItsOwnRing(@TempDir Path dir) throws Exception {
        List<WatchEvent> special = new CopyOnWriteArrayList<>();
        try (InProcessJxenstored d = daemon(dir); XsClient dom0 = XsClient.connect(d.socket())) {
            dom0.watch("@introduceDomain", "intro", special::add);
            dom0.watch("@releaseDomain", "release", special::add);
            dom0.write("/tool/secret", "dom0 only");
            dom0.sync();
            special.clear(); // each watch's first event

            try (XsClient g1 = introduce(dom0, 1); XsClient g2 = introduce(dom0, 2)) {
                dom0.sync();
                assertThat(special).extracting(WatchEvent::path).containsExactly("@introduceDomain", "@introduceDomain");
                assertThat(host.mapped).containsExactlyInAnyOrder(1, 2);

                g1.write("/local/domain/1/name", "one");
                g2.write("name", "two"); // relative to the guest's home: the daemon knows it as dom2
                assertThat(g1.readString("name")).isEqualTo("one");
                assertThat(g2.readString("/local/domain/2/name")).isEqualTo("two");
                assertThat(dom0.readString("/local/domain/2/name")).isEqualTo("two");
                assertThat(g1.getPerms("name")).isEqualTo(XsPermissions.ownedBy(1));
                String larger = "0123456789".repeat(190); // more than the 1024-byte rings hold at once
                g2.write("name", larger);
                assertThat(g2.readString("name")).isEqualTo(larger);
                g2.write("name", "two");

                assertThat(errno(() -> g1.readString("/local/domain/2/name"))).isEqualTo(XsErrno.EACCES);
                assertThat(errno(() -> g1.write("/local/domain/2/name", "mine"))).isEqualTo(XsErrno.EACCES);
                assertThat(errno(() -> g2.readString("/tool/secret"))).isEqualTo(XsErrno.EACCES);
                assertThat(errno(() -> g2.write("/tool/secret", "x"))).isEqualTo(XsErrno.EACCES);
                assertThat(dom0.readString("/local/domain/2/name")).isEqualTo("two");

                // dom1 owns its home and name; a node quota of 5 leaves room for 3 more.
                for (int i = 0; i < NODE_QUOTA - 2; i++) {
                    g1.write("n" + i, "x");
                }
                assertThat(errno(() -> g1.write("too-many", "x"))).isEqualTo(XsErrno.ENOSPC);
                assertThat(dom0.readOrNull("/local/domain/1/too-many")).isNull();
                g2.write("still-room", "x"); // the quota is per domain

                List<WatchEvent> g1Events = new CopyOnWriteArrayList<>();
                g1.watch("control", "ctl", g1Events::add);
                dom0.write("/local/domain/1/control/shutdown", "poweroff");
                dom0.write("/local/domain/2/control/shutdown", "reboot"); // not g1's watch
                g1.sync();
                assertThat(g1Events).extracting(WatchEvent::path).containsExactly("control", "control/shutdown");
                assertThat(g1.readString("control/shutdown")).isEqualTo("poweroff");

                dom0.release(2);
                dom0.sync();
                assertThat(special).extracting(WatchEvent::path)
                        .containsExactly("@introduceDomain", "@introduceDomain", "@releaseDomain");
                assertThat(host.mapped).containsExactly(1);
                assertThat(host.guests.get(2).daemon).as("dom2's event channel unbound").isNull();
                assertThat(dom0.isIntroduced(2)).isFalse();
                assertThat(g1.readString("name")).isEqualTo("one");
            }
        }
    }

    @Test
    void aFailedIntroduceAnswersTheHostsErrnoAndLeavesNothing(@TempDir Path dir) throws Exception {
        try (InProcessJxenstored d = daemon(dir); XsClient dom0 = XsClient.connect(d.socket())) {
            host.add(3, 13);
            assertThat(errno(() -> dom0.introduce(4, 0x1004, 14))).isEqualTo(XsErrno.ENOENT);
            assertThat(errno(() -> dom0.introduce(3, 0x1003, 99))).isEqualTo(XsErrno.EINVAL);
            assertThat(host.mapped).isEmpty();
            assertThat(dom0.isIntroduced(3)).isFalse();
            dom0.introduce(3, 0x1003, 13);
            assertThat(dom0.isIntroduced(3)).isTrue();
        }
    }

    @Test
    void aDomainTheHostSaysIsGoneIsReleased(@TempDir Path dir) throws Exception {
        List<WatchEvent> released = new CopyOnWriteArrayList<>();
        try (InProcessJxenstored d = daemon(dir); XsClient dom0 = XsClient.connect(d.socket())) {
            dom0.watch("@releaseDomain", "release", released::add);
            try (XsClient g5 = introduce(dom0, 5); XsClient g6 = introduce(dom0, 6)) {
                dom0.sync();
                released.clear();
                connector.domainsChanged(); // nothing died: nothing is released
                connector.awaitTasks();
                dom0.sync();
                assertThat(released).isEmpty();

                host.guests.remove(5);
                connector.domainsChanged();
                connector.awaitTasks();
                dom0.sync();
                assertThat(released).extracting(WatchEvent::path).containsExactly("@releaseDomain");
                assertThat(dom0.isIntroduced(5)).isFalse();
                assertThat(host.mapped).containsExactly(6);
                assertThat(g6.readString("/local/domain/6")).isEmpty();
            }
        }
    }
}
