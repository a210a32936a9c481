package org.jxen.hv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jxen.hv.DomainType;

/**
 * The simulation's two hand-made heaps against the plain structures they replace: the event
 * queue (events and re-armable timers) must run everything in (time, order scheduled), as one
 * sorted list would; the credit queue must give the vCPU a TreeSet in credit order gives.
 */
class QueuesTest {
    /** An operation on the event queue: 0 schedule an event, 1 set a timer, 2 cancel a timer, 3 run a while. */
    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> eventOps() {
        return Arbitraries.integers().between(0, 3).flatMap(op -> Arbitraries.integers().between(0, 5)
                .flatMap(timer -> Arbitraries.integers().between(0, 50).map(delay -> Tuple.of(op, timer, delay))))
                .list().ofMaxSize(200);
    }

    @Property(tries = 300)
    void eventsAndTimersRunInTimeThenSchedulingOrder(@ForAll("eventOps") List<Tuple.Tuple3<Integer, Integer, Integer>> ops) {
        EventQueue queue = new EventQueue();
        List<String> ran = new ArrayList<>();
        List<EventQueue.Timer> timers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            String name = "timer" + t;
            timers.add(queue.timer(() -> ran.add(queue.now() + " " + name)));
        }
        // the reference: every pending action with its time and scheduling number; a timer has one at most
        record Pending(long time, long seq, String name) {
        }
        TreeSet<Pending> reference = new TreeSet<>(Comparator.comparingLong(Pending::time).thenComparingLong(Pending::seq));
        List<String> expected = new ArrayList<>();
        long seq = 0;
        int events = 0;
        for (var op : ops) {
            long at = queue.now() + op.get3();
            String timerName = "timer" + op.get2();
            switch (op.get1()) {
                case 0 -> {
                    String name = "event" + events++;
                    queue.at(at, () -> ran.add(queue.now() + " " + name));
                    reference.add(new Pending(at, seq++, name));
                }
                case 1 -> {
                    timers.get(op.get2()).set(at);
                    reference.removeIf(p -> p.name().equals(timerName));
                    reference.add(new Pending(at, seq++, timerName));
                }
                case 2 -> {
                    timers.get(op.get2()).cancel();
                    reference.removeIf(p -> p.name().equals(timerName));
                }
                default -> {
                    long end = queue.now() + op.get3();
                    queue.runUntil(end);
                    while (!reference.isEmpty() && reference.first().time() <= end) {
                        Pending p = reference.pollFirst();
                        expected.add(p.time() + " " + p.name());
                    }
                }
            }
        }
        assertThat(ran).isEqualTo(expected);
    }

    @Property(tries = 300)
    void creditQueueGivesTheBestAsASortedSetWould(@ForAll("creditOps") List<Tuple.Tuple2<Integer, Integer>> ops) {
        List<SimVcpu> vcpus = new ArrayList<>();
        for (int d = 1; d <= 8; d++) { // 40 vCPUs: the queue grows twice and its ring wraps
            SimDomain domain = new SimDomain(d, new java.util.UUID(0, d), DomainType.PVH);
            for (int v = 0; v < 5; v++) {
                vcpus.add(new SimVcpu(domain, v, 4));
            }
        }
        Comparator<SimVcpu> byCredit = Comparator.<SimVcpu>comparingLong(v -> -v.credit)
                .thenComparingInt(v -> v.domain.domid).thenComparingInt(v -> v.id);
        CreditQueue queue = new CreditQueue();
        TreeSet<SimVcpu> reference = new TreeSet<>(byCredit);
        for (var op : ops) {
            SimVcpu v = vcpus.get(op.get2() % vcpus.size());
            switch (op.get1()) {
                case 0 -> {
                    if (!reference.contains(v)) {
                        v.credit = op.get2() / 40 * 1000L; // few distinct credits, so ties are common
                        queue.add(v);
                        reference.add(v);
                    }
                }
                case 1 -> {
                    queue.remove(v);
                    reference.remove(v);
                }
                default -> { // a credit reset: everyone gains, capped, then the queue is reordered
                    List<SimVcpu> waiting = new ArrayList<>(reference);
                    reference.clear();
                    for (SimVcpu x : vcpus) {
                        x.credit = Math.min(x.credit + 3000, 5000);
                    }
                    queue.reorder();
                    reference.addAll(waiting);
                }
            }
            assertThat(queue.size()).isEqualTo(reference.size());
            assertThat(queue.best()).isSameAs(reference.isEmpty() ? null : reference.first());
            assertThat(queue.worst(x -> x.id != 1)).isSameAs(
                    reference.descendingSet().stream().filter(x -> x.id != 1).findFirst().orElse(null));
            for (int id = 0; id < 5; id++) { // the order of each vCPU ID's entries, from both ends
                int only = id;
                assertThat(queue.best(x -> x.id == only)).isSameAs(
                        reference.stream().filter(x -> x.id == only).findFirst().orElse(null));
                assertThat(queue.worst(x -> x.id == only)).isSameAs(
                        reference.descendingSet().stream().filter(x -> x.id == only).findFirst().orElse(null));
            }
        }
    }

    @Provide
    Arbitrary<List<Tuple.Tuple2<Integer, Integer>>> creditOps() {
        return Arbitraries.integers().between(0, 9).map(op -> op < 6 ? 0 : op < 9 ? 1 : 2)
                .flatMap(op -> Arbitraries.integers().between(0, 399).map(n -> Tuple.of(op, n))).list().ofMaxSize(300);
    }
}
