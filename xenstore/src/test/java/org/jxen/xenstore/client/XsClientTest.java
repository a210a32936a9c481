package org.jxen.xenstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jxen.xen.testing.Oracles;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;
import org.jxen.xenstore.store.Access;
import org.jxen.xenstore.testing.Daemon;
import org.jxen.xenstore.testing.InProcessJxenstored;
import org.jxen.xenstore.testing.XenPeers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client library against jxenstored and against the real C xenstored: the same calls must
 * work against both. Covers reads, writes, permissions, watches, transactions with the retry
 * helper (a real conflict is retried and then succeeds), errors and concurrent callers.
 */
class XsClientTest {

    static Stream<String> daemons() {
        return Oracles.available("XsClientTest against C xenstored", XenPeers.cDaemonMissing())
                ? Stream.of("jxenstored", "c") : Stream.of("jxenstored");
    }

    private static Daemon start(String kind, Path dir) throws IOException {
        return kind.equals("c") ? XenPeers.startPeer("c", Files.createDirectories(dir.resolve("c")))
                : new InProcessJxenstored(dir);
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void readWriteAndPermissions(String kind, @TempDir Path dir) throws IOException {
        try (Daemon d = start(kind, dir); XsClient c = XsClient.connect(d.socket())) {
            c.write("/lib/a", "hello");
            assertThat(c.readString("/lib/a")).isEqualTo("hello");
            assertThat(c.readOrNull("/lib/missing")).isNull();
            assertThat(c.exists("/lib")).isTrue();
            c.mkdir("/lib/dir");
            assertThat(c.directory("/lib")).containsExactly("a", "dir");
            c.setPerms("/lib/a", XsPermissions.ownedBy(0).with(5, Access.READ).with(3, Access.BOTH));
            assertThat(c.getPerms("/lib/a").toWire()).containsExactly("n0", "r5", "b3");
            assertThat(c.getPerms("/lib/a")).isEqualTo(XsPermissions.parse(List.of("n0", "r5", "b3")));
            c.rm("/lib");
            assertThat(c.exists("/lib/a")).isFalse();
            assertThat(c.domainPath(3)).isEqualTo("/local/domain/3");
            assertThat(c.isIntroduced(0)).isTrue();
            assertThatThrownBy(() -> c.readString("/nope")).isInstanceOfSatisfying(XsException.class,
                    e -> assertThat(e.errno()).isEqualTo(XsErrno.ENOENT));
            assertThatThrownBy(() -> c.write("/bad//path", "x")).isInstanceOfSatisfying(XsException.class,
                    e -> assertThat(e.errno()).isEqualTo(XsErrno.EINVAL));
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void syncReturnsOnlyAfterEarlierChangesReachedTheWatches(String kind, @TempDir Path dir) throws Exception {
        try (Daemon d = start(kind, dir); XsClient watcher = XsClient.connect(d.socket());
             XsClient writer = XsClient.connect(d.socket())) {
            AtomicInteger seen = new AtomicInteger();
            watcher.watch("/s", "tok", e -> {
                sleepBriefly(); // a slow listener: without the barrier the count would lag behind
                seen.incrementAndGet();
            });
            watcher.sync();
            for (int i = 1; i <= 50; i++) {
                writer.write("/s/n", Integer.toString(i));
                watcher.sync();
                assertThat(seen.get()).as("events seen after write %d and sync", i).isEqualTo(i + 1);
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void watchesDeliverEventsInOrder(String kind, @TempDir Path dir) throws Exception {
        try (Daemon d = start(kind, dir); XsClient c = XsClient.connect(d.socket())) {
            List<WatchEvent> seen = new CopyOnWriteArrayList<>();
            CountDownLatch three = new CountDownLatch(3);
            c.watch("/w", "tok", e -> {
                seen.add(e);
                three.countDown();
            });
            c.write("/w/x", "1");
            c.rm("/w");
            assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).containsExactly(new WatchEvent("/w", "tok"), new WatchEvent("/w/x", "tok"), new WatchEvent("/w", "tok"));
            c.unwatch("/w", "tok");
            assertThatThrownBy(() -> c.unwatch("/w", "tok")).isInstanceOf(XsException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void transactionRetriesARealConflictUntilItCommits(String kind, @TempDir Path dir) throws IOException {
        try (Daemon d = start(kind, dir); XsClient c = XsClient.connect(d.socket()); XsClient other = XsClient.connect(d.socket())) {
            c.write("/counter", "0");
            AtomicInteger attempts = new AtomicInteger();
            int result = c.transaction(tx -> {
                int v = Integer.parseInt(tx.readString("/counter"));
                if (attempts.incrementAndGet() == 1) {
                    other.write("/counter", "10"); // conflicting change: the first commit gets EAGAIN
                }
                tx.write("/counter", Integer.toString(v + 1));
                return v + 1;
            });
            assertThat(attempts).hasValue(2);
            assertThat(result).isEqualTo(11);
            assertThat(c.readString("/counter")).isEqualTo("11");
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void failingTransactionBodyLeavesNoTrace(String kind, @TempDir Path dir) throws IOException {
        try (Daemon d = start(kind, dir); XsClient c = XsClient.connect(d.socket())) {
            assertThatThrownBy(() -> c.transaction(tx -> {
                tx.write("/half", "built");
                throw new IllegalStateException("changed my mind");
            })).hasMessage("changed my mind");
            assertThat(c.exists("/half")).isFalse();
        }
    }

    /**
     * A pipelined transaction sends its changes without waiting and collects the replies before
     * committing: the same result as a plain one, a removal of what is not there tolerated when
     * asked, and a failed request abandons the whole transaction.
     */
    @ParameterizedTest
    @MethodSource("daemons")
    void pipelinedTransactionCommitsAllOrNothing(String kind, @TempDir Path dir) throws IOException {
        try (Daemon d = start(kind, dir); XsClient c = XsClient.connect(d.socket())) {
            c.pipelinedTransaction(tx -> {
                tx.rmIfThere("/p/never-was");
                tx.mkdir("/p/dir");
                tx.setPerms("/p/dir", XsPermissions.ownedBy(0).with(3, org.jxen.xenstore.store.Access.READ));
                for (int i = 0; i < 50; i++) {
                    tx.write("/p/dir/k" + i, "v" + i);
                }
                assertThat(tx.readString("/p/dir/k49")).isEqualTo("v49"); // a read waits, and sees the writes before it
                return null;
            });
            assertThat(c.directory("/p/dir")).hasSize(50);
            assertThat(c.getPerms("/p/dir").toWire()).containsExactly("n0", "r3");
            assertThatThrownBy(() -> c.pipelinedTransaction(tx -> {
                tx.write("/p/dir/new", "x");
                tx.rm("/p/not-there/either"); // ENOENT, not tolerated
                tx.write("/p/dir/after", "y");
                return null;
            })).isInstanceOfSatisfying(XsException.class, e -> assertThat(e.errno()).isEqualTo(XsErrno.ENOENT));
            assertThat(c.exists("/p/dir/new")).isFalse();
            assertThat(c.exists("/p/dir/after")).isFalse();
            c.write("/p/still-usable", "yes"); // no reply of the abandoned transaction is left over
            assertThat(c.readString("/p/still-usable")).isEqualTo("yes");
        }
    }

    @ParameterizedTest
    @MethodSource("daemons")
    void concurrentCallersShareOneConnection(String kind, @TempDir Path dir) throws Exception {
        try (Daemon d = start(kind, dir); XsClient c = XsClient.connect(d.socket())) {
            List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 200; i++) {
                        c.write("/conc/" + id + "/" + i, Integer.toString(i));
                        assertThat(c.readString("/conc/" + id + "/" + i)).isEqualTo(Integer.toString(i));
                    }
                }));
            }
            for (Thread th : threads) {
                th.join();
            }
            assertThat(c.directory("/conc")).hasSize(8);
        }
    }

    /**
     * Regression (issue 15's toolstack bench): with about 110 domains {@code /vm} lists more
     * names than one reply carries, the daemon answers DIRECTORY with E2BIG, and a destroy's
     * cleanup failed. The client then reads the list in parts, as libxenstore does.
     */
    @ParameterizedTest
    @MethodSource("daemons")
    void aDirectoryTooLargeForOneReplyIsReadInParts(String kind, @TempDir Path dir) throws IOException {
        try (Daemon d = start(kind, dir); XsClient c = XsClient.connect(d.socket())) {
            List<String> names = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                names.add(String.format("5eed0000-0000-0000-0000-%012d", i)); // 37 bytes a name: 37 kB
            }
            c.transaction(tx -> {
                names.forEach(n -> tx.write("/big/" + n, ""));
                return null;
            });
            assertThat(c.directory("/big")).containsExactlyInAnyOrderElementsOf(names);
            assertThat(c.<List<String>>transaction(tx -> tx.directory("/big"))).containsExactlyInAnyOrderElementsOf(names);
            assertThat(c.directory("/big/" + names.get(0))).isEmpty();
            assertThat(c.hasChildren("/big")).as("told without listing them all").isTrue();
            assertThat(c.hasChildren("/big/" + names.get(0))).isFalse();
        }
    }
}
