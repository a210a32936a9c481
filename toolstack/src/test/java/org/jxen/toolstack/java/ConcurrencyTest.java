package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jxen.config.DomainConfig;
import org.jxen.hv.DomainInfo;
import org.jxen.hv.Hypervisor;
import org.jxen.hv.sim.Topology;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.ToolstackEvent;
import org.jxen.toolstack.ToolstackException;
import org.jxen.xenstore.client.XsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The toolstack from several threads at once: operations on different domains run in parallel and
 * all succeed; operations on one domain are serialized (a rename racing a destroy, or another
 * rename, ends with the registry and XenStore agreeing); a create waiting a long time for a backend
 * blocks neither other domains' operations nor XenStore; guests crashing while other threads work
 * on them get their {@code on_*} actions without a deadlock. Not covered: the real-Xen backend's
 * threading.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrencyTest {
    private static final String GUEST = "kernel = \"KERNEL\"\nmemory = 64\nvif = ['']\n"
            + "disk = ['DISK,raw,xvda,rw']\n";

    private static DomainConfig guest(Path dir, String name) throws Exception {
        return JavaToolstackTest.config(dir, "name = \"" + name + "\"\n" + GUEST);
    }

    /** Waits in wall time for a condition another thread brings about; false at the deadline. */
    private static boolean awaitWall(BooleanSupplier done, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return true;
    }

    /**
     * Regression: one thread's INTRODUCE or destroy while another ran the host stalled jxenstored
     * for 30 s about one run in three (see {@link #aCreateWhileAnotherThreadWaitsForABackend}).
     */
    @Test

    void eightDomainsCreatedAndDestroyedFromFourThreads(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir); ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<String> before = StoreDump.of(s.xs);
            CyclicBarrier allCreated = new CyclicBarrier(4);
            List<Future<List<Integer>>> made = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                made.add(pool.submit(() -> {
                    List<Integer> mine = new ArrayList<>();
                    for (int i = 0; i < 2; i++) {
                        mine.add(s.toolstack.create(guest(dir, "t" + thread + "-" + i), CreateOptions.DEFAULT)
                                .domid());
                    }
                    allCreated.await(60, TimeUnit.SECONDS);
                    for (int domid : mine) {
                        s.toolstack.destroy(domid);
                    }
                    return mine;
                }));
            }
            List<Integer> domids = new ArrayList<>();
            for (Future<List<Integer>> f : made) {
                domids.addAll(f.get(90, TimeUnit.SECONDS));
            }
            assertThat(domids).hasSize(8).doesNotHaveDuplicates().allMatch(d -> d > 0);
            assertThat(s.toolstack.list()).extracting(Domain::name).containsExactly("Domain-0");
            assertThat(s.host.domains()).extracting(DomainInfo::domid).containsExactly(0);
            assertThat(StoreDump.of(s.xs)).isEqualTo(before);
        }
    }

    /**
     * Regression: with a thousand starts at once in jxend, one create in a hundred failed, its
     * XenStore transaction giving up after 64 immediate retries, and then others failed placing
     * themselves, because the failed one's domain went away while they listed its vCPUs.
     */
    @Test
    void manyCreatesAtOnceOnANumaHostAllSucceed(@TempDir Path dir) throws Exception {
        int creates = 48;
        try (SimToolstack s = new SimToolstack(dir, Topology.server());
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CyclicBarrier start = new CyclicBarrier(creates);
            List<Future<Domain>> made = new ArrayList<>();
            for (int i = 0; i < creates; i++) {
                DomainConfig config = guest(dir, "many" + i);
                made.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return s.toolstack.create(config, CreateOptions.DEFAULT);
                }));
            }
            for (Future<Domain> f : made) {
                assertThat(f.get(90, TimeUnit.SECONDS).domid()).isPositive();
            }
            assertThat(s.toolstack.list()).hasSize(creates + 1);
        }
    }

    @Test
    void aDomainGoneWhilePlacementListsItsVcpusIsSkipped(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir, Topology.server(), ConcurrencyTest::withAGoneDomain)) {
            Domain d = s.toolstack.create(guest(dir, "placed"), CreateOptions.DEFAULT);
            assertThat(s.toolstack.domain(d.domid()).name()).isEqualTo("placed");
        }
    }

    /** The host, its domain list naming one more domain, gone by the time its vCPUs are asked for. */
    @SuppressWarnings("unchecked")
    private static Hypervisor withAGoneDomain(Hypervisor hv) {
        return (Hypervisor) Proxy.newProxyInstance(Hypervisor.class.getClassLoader(), new Class<?>[] {Hypervisor.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(hv, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (!method.getName().equals("domains")) {
                        return result;
                    }
                    List<DomainInfo> all = new ArrayList<>((List<DomainInfo>) result);
                    DomainInfo dom0 = all.getFirst();
                    all.add(new DomainInfo(4321, dom0.handle(), dom0.type(), dom0.state(), dom0.flags(),
                            dom0.shutdownReason(), 0, dom0.memKb(), dom0.maxMemKb(), 0, 2, 2, 0));
                    return all;
                });
    }

    @Test
    void theSameNameFromTwoThreadsMakesOneDomain(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 5; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                String name = "twin" + round;
                Callable<Object> create = () -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        return s.toolstack.create(guest(dir, name), CreateOptions.DEFAULT);
                    } catch (ToolstackException e) {
                        return e.kind();
                    }
                };
                Future<Object> a = pool.submit(create);
                Future<Object> b = pool.submit(create);
                List<Object> results = List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
                assertThat(results).filteredOn(Domain.class::isInstance).hasSize(1);
                assertThat(results).contains(ToolstackException.Kind.DUPLICATE_NAME);
                assertThat(s.toolstack.list()).extracting(Domain::name).containsOnlyOnce(name);
            }
            assertThat(s.host.domains()).hasSize(6);
        }
    }

    @Test
    void aRenameRacingADestroyEndsConsistently(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<String> clean = StoreDump.of(s.xs);
            for (int round = 0; round < 10; round++) {
                Domain d = s.toolstack.create(guest(dir, "r" + round), CreateOptions.DEFAULT);
                String renamed = "r" + round + "-new";
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Object> rename = pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        s.toolstack.rename(d.domid(), renamed);
                        return "renamed";
                    } catch (ToolstackException e) {
                        return e.kind();
                    }
                });
                Future<Object> destroy = pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    s.toolstack.destroy(d.domid());
                    return "destroyed";
                });
                assertThat(destroy.get(60, TimeUnit.SECONDS)).isEqualTo("destroyed");
                assertThat(rename.get(60, TimeUnit.SECONDS)).isIn("renamed", ToolstackException.Kind.NO_SUCH_DOMAIN);
                assertThat(s.toolstack.list()).extracting(Domain::name).containsExactly("Domain-0");
                assertThat(s.toolstack.registry().domid(renamed)).isNull();
                assertThat(s.toolstack.registry().domid("r" + round)).isNull();
                assertThat(StoreDump.of(s.xs)).as("round %d", round).isEqualTo(clean);
            }
        }
    }

    @Test
    void renamesRacingOnOneDomainLeaveRegistryAndXenStoreAgreeing(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Domain d = s.toolstack.create(guest(dir, "x"), CreateOptions.DEFAULT);
            for (int round = 0; round < 20; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Void>> both = new ArrayList<>();
                for (String to : List.of("p" + round, "q" + round)) {
                    both.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        s.toolstack.rename(d.domid(), to);
                        return null;
                    }));
                }
                for (Future<Void> f : both) {
                    f.get(60, TimeUnit.SECONDS);
                }
                String name = s.toolstack.domain(d.domid()).name();
                assertThat(name).isIn("p" + round, "q" + round);
                assertThat(s.xs.readString("/local/domain/" + d.domid() + "/name")).isEqualTo(name);
                assertThat(s.xs.readString("/vm/" + d.uuid() + "/name")).isEqualTo(name);
                assertThat(s.toolstack.config(d.domid()).cInfo().name()).isEqualTo(name);
                assertThat(s.toolstack.domid(name)).isEqualTo(d.domid());
                String other = name.startsWith("p") ? "q" + round : "p" + round;
                assertThat(s.toolstack.registry().domid(other)).isNull();
            }
        }
    }

    /**
     * A create waiting for a backend that does not come (its driver domain has no backend drivers)
     * holds no lock another domain or XenStore needs: meanwhile other domains are paused, unpaused,
     * tuned and renamed, and a new XenStore connection is served. (Not destroyed or created: on the
     * simulated host those stall jxenstored while another thread runs the host; see below.)
     */
    @Test
    void aLongWaitBlocksNeitherOtherDomainsNorXenStore(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir); ExecutorService pool = Executors.newFixedThreadPool(1)) {
            Domain drv = s.toolstack.create(guest(dir, "drv"), CreateOptions.DEFAULT);
            Domain other = s.toolstack.create(guest(dir, "other"), CreateOptions.DEFAULT);
            Future<Domain> waiting = startSlowCreate(s, dir, pool);
            String backends = "/local/domain/" + drv.domid() + "/backend/vif";
            assertThat(awaitWall(() -> s.xs.exists(backends), Duration.ofSeconds(30))).isTrue();

            s.toolstack.pause(drv.domid());
            s.toolstack.unpause(drv.domid());
            s.toolstack.setMemoryTarget(other.domid(), 48 * 1024);
            s.toolstack.rename(other.domid(), "renamed");
            s.toolstack.setOnlineVcpus(other.domid(), 1);
            try (XsClient another = XsClient.connect(s.machine.socket())) {
                assertThat(another.readString("/local/domain/0/name")).isEqualTo("Domain-0");
            }
            assertThat(waiting).as("the slow create is still waiting").isNotDone();

            letTheBackendCome(s, backends);
            Domain made = waiting.get(60, TimeUnit.SECONDS);
            assertThat(made.name()).isEqualTo("slow");
            s.toolstack.destroy(made.domid());
            s.toolstack.destroy(other.domid());
        }
    }

    /**
     * A create on one thread while another runs the host (here: waits for a backend). Regression:
     * it stalled jxenstored for 30 s and failed with an UncheckedIOException from INTRODUCE,
     * because SimHost.bindInterdomain, which the daemon calls on its own thread for INTRODUCE, took
     * the host's lock, which the waiting thread holds in runFor while GuestAgents.pump waits for
     * the daemon to go quiet. A destroy there stalled it too: the release dropped the guest's ring
     * while the pump waited for a round trip on it; now the guest's end closes with the release.
     */
    @Test
    void aCreateWhileAnotherThreadWaitsForABackend(@TempDir Path dir) throws Exception {
        try (SimToolstack s = new SimToolstack(dir); ExecutorService pool = Executors.newFixedThreadPool(1)) {
            Domain drv = s.toolstack.create(guest(dir, "drv"), CreateOptions.DEFAULT);
            Future<Domain> waiting = startSlowCreate(s, dir, pool);
            String backends = "/local/domain/" + drv.domid() + "/backend/vif";
            assertThat(awaitWall(() -> s.xs.exists(backends), Duration.ofSeconds(30))).isTrue();
            Domain quick = s.toolstack.create(guest(dir, "quick"), CreateOptions.DEFAULT);
            s.toolstack.destroy(quick.domid());
            assertThat(waiting).isNotDone();
            letTheBackendCome(s, backends);
            s.toolstack.destroy(waiting.get(60, TimeUnit.SECONDS).domid());
        }
    }


    /**
     * Regression: an operation waiting under its domain's lock acts on the host's events, and a
     * crash of another domain that a second thread was working on made it wait for that thread's
     * lock while the second thread, meeting the first domain's crash, waited for the first's: both
     * stuck for good. Now an {@code on_*} action whose domain is busy is carried out at a later look
     * at the events.
     */
    @Test
    void crashesMetInsideEachOthersWaitsDoNotDeadlock(@TempDir Path dir) throws Exception {
        Gate gate = new Gate();
        try (SimToolstack s = SimToolstack.withTime(dir, gate::wrap)) {
            List<ToolstackEvent> seen = new CopyOnWriteArrayList<>();
            s.toolstack.subscribe(seen::add);
            Domain a = s.toolstack.create(crashDestroys(dir, "a"), CreateOptions.DEFAULT);
            Domain b = s.toolstack.create(crashDestroys(dir, "b"), CreateOptions.DEFAULT);
            FutureTask<Integer> onA = gate.start("gated-a", () -> s.toolstack.attachNic(a.domid(), nic(s, a)));
            FutureTask<Integer> onB = gate.start("gated-b", () -> s.toolstack.attachNic(b.domid(), nic(s, b)));
            gate.arrived("gated-a");
            gate.arrived("gated-b"); // each now holds its domain's lock, in a wait

            s.host.crash(b.domid());
            gate.release("gated-a"); // meets b's crash while "gated-b" holds b
            assertThat(awaitWall(() -> seen.stream().anyMatch(e -> e instanceof ToolstackEvent.ShutDown d
                    && d.domid() == b.domid()), Duration.ofSeconds(30))).isTrue();
            s.host.crash(a.domid());
            gate.release("gated-b"); // meets a's crash while "gated-a" holds a

            for (FutureTask<Integer> op : List.of(onA, onB)) {
                try {
                    op.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException crashedMeanwhile) {
                    // the attach may fail on a domain that crashed or went: finishing is what counts
                }
            }
            s.toolstack.handleDomainEvents();
            assertThat(s.toolstack.list()).extracting(Domain::name).doesNotContain("a", "b"); // on_crash = destroy
        }
    }

    private static DomainConfig crashDestroys(Path dir, String name) throws Exception {
        return JavaToolstackTest.config(dir, "name = \"" + name + "\"\n" + GUEST + "on_crash = \"destroy\"\n");
    }

    /** A second NIC like the domain's first. */
    private static DomainConfig.Nic nic(SimToolstack s, Domain d) throws ToolstackException {
        return Configs.with(s.toolstack.config(d.domid()).nics().getFirst(), "devid", null);
    }

    /**
     * Holds a thread it started at its first wait for the host (inside whatever lock the thread's
     * operation holds there) until the test releases it.
     */
    private static final class Gate {
        private final Map<String, CountDownLatch> arrivals = new ConcurrentHashMap<>();
        private final Map<String, CountDownLatch> releases = new ConcurrentHashMap<>();
        /** The threads not yet held: only a thread's first wait is. */
        private final Map<String, CountDownLatch> toHold = new ConcurrentHashMap<>();

        HostTime wrap(HostTime time) {
            return new HostTime() {
                @Override
                public long nowNs() {
                    return time.nowNs();
                }

                @Override
                public boolean await(BooleanSupplier done, long timeoutNs) {
                    CountDownLatch release = toHold.remove(Thread.currentThread().getName());
                    if (release != null) {
                        arrivals.get(Thread.currentThread().getName()).countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                        }
                    }
                    return time.await(done, timeoutNs);
                }
            };
        }

        /** Runs {@code work} on a daemon thread of that name (a deadlocked one must not keep the JVM). */
        <T> FutureTask<T> start(String name, Callable<T> work) {
            arrivals.put(name, new CountDownLatch(1));
            releases.put(name, new CountDownLatch(1));
            toHold.put(name, releases.get(name));
            FutureTask<T> task = new FutureTask<>(work);
            Thread.ofPlatform().daemon().name(name).start(task);
            return task;
        }

        void arrived(String name) throws InterruptedException {
            assertThat(arrivals.get(name).await(30, TimeUnit.SECONDS)).as(name + " reached its wait").isTrue();
        }

        void release(String name) {
            releases.get(name).countDown();
        }
    }

    /** Creates "slow", whose vif's backend is in the domain "drv", with a device timeout of hours. */
    private static Future<Domain> startSlowCreate(SimToolstack s, Path dir, ExecutorService pool) throws Exception {
        DomainConfig slow = JavaToolstackTest.config(dir, "name = \"slow\"\nkernel = \"KERNEL\"\nmemory = 64\n"
                + "vif = ['backend=drv']\n");
        return pool.submit(() -> s.toolstack.create(slow, new CreateOptions(false, Duration.ofHours(10), Duration.ZERO)));
    }

    /** What a backend driver in the driver domain would do: InitWait. */
    private static void letTheBackendCome(SimToolstack s, String backends) {
        String backend = backends + "/" + s.xs.directory(backends).getFirst() + "/0";
        s.xs.write(backend + "/state", "2");
    }
}
