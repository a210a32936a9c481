package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jxen.hv.DomainInfo;
import org.jxen.toolstack.CreateOptions;
import org.jxen.toolstack.Domain;
import org.jxen.toolstack.ShutdownRequest;
import org.jxen.toolstack.ToolstackException;

/**
 * Random sequences of lifecycle operations on up to four domains (create, paused or not;
 * destroy; pause; unpause; rename; a poweroff the guest acts on; a crash; vcpu-set; mem-set),
 * each compared with a small model after every step: name to state (running, paused, shut down and
 * preserved; gone), names unique. Each domain gets random {@code on_poweroff} (destroy or preserve)
 * and {@code on_crash} (destroy, preserve or restart). An operation on a name the model does not
 * hold must fail with NO_SUCH_DOMAIN; one the model says is invalid (a taken name, a vCPU count or
 * memory target out of range) with DUPLICATE_NAME or INVALID, changing nothing.
 */
class LifecyclePropertyTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int MAX_DOMAINS = 4;
    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e");

    enum Kind { CREATE, DESTROY, PAUSE, UNPAUSE, RENAME, POWEROFF, CRASH, VCPU_SET, MEM_SET }

    /** One operation: on the domain named NAMES[name]; {@code arg} is its parameter (paused, new name, count...). */
    record Op(Kind kind, int name, int arg) {
        @Override
        public String toString() {
            return kind + " " + NAMES.get(name) + " " + arg;
        }
    }

    enum State { RUNNING, PAUSED, PRESERVED }

    /** What the model keeps of a domain. */
    record Model(State state, String onPoweroff, String onCrash) {
        Model in(State s) {
            return new Model(s, onPoweroff, onCrash);
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, Arbitraries.just(Kind.CREATE)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.DESTROY)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.PAUSE)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.UNPAUSE)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.RENAME)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.POWEROFF)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.CRASH)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.VCPU_SET)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.MEM_SET))),
                Arbitraries.integers().between(0, NAMES.size() - 1),
                Arbitraries.integers().between(0, 5)).as(Op::new);
        return op.list().ofSize(30);
    }

    @Property(tries = 15)
    void lifecycleMatchesTheModel(@ForAll("ops") List<Op> ops) throws Exception {
        Path dir = Files.createTempDirectory("jxen-lifecycle"); // jqwik has no @TempDir
        try (SimToolstack s = new SimToolstack(dir)) {
            Map<String, Model> model = new TreeMap<>();
            for (Op op : ops) {
                apply(s, dir, model, op);
                assertThat(actual(s)).as("after %s in %s", op, ops).isEqualTo(expected(model));
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void apply(SimToolstack s, Path dir, Map<String, Model> model, Op op) throws Exception {
        String name = NAMES.get(op.name());
        Model m = model.get(name);
        if (m == null && op.kind() != Kind.CREATE) {
            assertThatThrownBy(() -> s.toolstack.domid(name)).isInstanceOfSatisfying(ToolstackException.class,
                    e -> assertThat(e.kind()).isEqualTo(ToolstackException.Kind.NO_SUCH_DOMAIN));
            return;
        }
        switch (op.kind()) {
            case CREATE -> create(s, dir, model, name, op.arg());
            case DESTROY -> {
                s.toolstack.destroy(s.toolstack.domid(name));
                model.remove(name);
            }
            case PAUSE -> {
                if (m.state() == State.RUNNING) {
                    s.toolstack.pause(s.toolstack.domid(name));
                    model.put(name, m.in(State.PAUSED));
                }
            }
            case UNPAUSE -> {
                if (m.state() == State.PAUSED) {
                    s.toolstack.unpause(s.toolstack.domid(name));
                    model.put(name, m.in(State.RUNNING));
                }
            }
            case RENAME -> {
                String to = op.arg() < NAMES.size() ? NAMES.get(op.arg()) : "z";
                int domid = s.toolstack.domid(name);
                if (model.containsKey(to) && !to.equals(name)) {
                    assertThatThrownBy(() -> s.toolstack.rename(domid, to))
                            .isInstanceOfSatisfying(ToolstackException.class,
                                    e -> assertThat(e.kind()).isEqualTo(ToolstackException.Kind.DUPLICATE_NAME));
                } else {
                    s.toolstack.rename(domid, to);
                    model.remove(name);
                    model.put(to, m);
                    assertThat(s.xs.readString("/local/domain/" + domid + "/name")).isEqualTo(to);
                }
            }
            case POWEROFF -> {
                if (m.state() == State.RUNNING) {
                    s.toolstack.shutdown(s.toolstack.domid(name), ShutdownRequest.POWEROFF, Duration.ZERO);
                    s.run(2 * SECOND); // the guest acts, then the toolstack
                    shutDown(model, name, m, m.onPoweroff());
                }
            }
            case CRASH -> {
                if (m.state() == State.RUNNING) {
                    s.host.crash(s.toolstack.domid(name));
                    s.run(SECOND);
                    shutDown(model, name, m, m.onCrash());
                }
            }
            case VCPU_SET -> {
                if (m.state() != State.PRESERVED) {
                    int domid = s.toolstack.domid(name);
                    int count = op.arg(); // maxvcpus is 2
                    if (count >= 1 && count <= 2) {
                        s.toolstack.setOnlineVcpus(domid, count);
                        assertThat(s.xs.readString("/local/domain/" + domid + "/cpu/1/availability"))
                                .isEqualTo(count == 2 ? "online" : "offline");
                    } else {
                        assertThatThrownBy(() -> s.toolstack.setOnlineVcpus(domid, count))
                                .isInstanceOfSatisfying(ToolstackException.class,
                                        e -> assertThat(e.kind()).isEqualTo(ToolstackException.Kind.INVALID));
                    }
                }
            }
            case MEM_SET -> {
                if (m.state() != State.PRESERVED) {
                    int domid = s.toolstack.domid(name);
                    long targetKb = (op.arg() + 1) * 24L * 1024; // 24 to 144 MiB; maxmem is 96
                    if (targetKb <= 96 * 1024) {
                        s.toolstack.setMemoryTarget(domid, targetKb);
                        assertThat(s.xs.readString("/local/domain/" + domid + "/memory/target"))
                                .isEqualTo(Long.toString(targetKb));
                    } else {
                        assertThatThrownBy(() -> s.toolstack.setMemoryTarget(domid, targetKb))
                                .isInstanceOfSatisfying(ToolstackException.class,
                                        e -> assertThat(e.kind()).isEqualTo(ToolstackException.Kind.INVALID));
                    }
                }
            }
        }
    }

    private static void create(SimToolstack s, Path dir, Map<String, Model> model, String name, int arg)
            throws Exception {
        String onPoweroff = arg % 2 == 0 ? "destroy" : "preserve";
        String onCrash = List.of("destroy", "preserve", "restart").get(arg % 3);
        boolean paused = arg >= 4;
        var config = JavaToolstackTest.config(dir, "name = \"" + name + "\"\nkernel = \"KERNEL\"\nmemory = 64\n"
                + "maxmem = 96\nvcpus = 1\nmaxvcpus = 2\nvif = ['']\non_poweroff = \"" + onPoweroff + "\"\n"
                + "on_crash = \"" + onCrash + "\"\n");
        if (model.containsKey(name)) {
            assertThatThrownBy(() -> s.toolstack.create(config, CreateOptions.DEFAULT))
                    .isInstanceOfSatisfying(ToolstackException.class,
                            e -> assertThat(e.kind()).isEqualTo(ToolstackException.Kind.DUPLICATE_NAME));
        } else if (model.size() < MAX_DOMAINS) {
            s.toolstack.create(config, CreateOptions.DEFAULT.paused(paused));
            model.put(name, new Model(paused ? State.PAUSED : State.RUNNING, onPoweroff, onCrash));
        }
    }

    private static void shutDown(Map<String, Model> model, String name, Model m, String action) {
        switch (action) {
            case "destroy" -> model.remove(name);
            case "preserve" -> model.put(name, m.in(State.PRESERVED));
            case "restart" -> model.put(name, m.in(State.RUNNING));
            default -> throw new IllegalStateException(action);
        }
    }

    private static Map<String, State> expected(Map<String, Model> model) {
        Map<String, State> out = new TreeMap<>();
        model.forEach((n, m) -> out.put(n, m.state()));
        return out;
    }

    /** The toolstack's view: each domU's name and state; the names must be unique. */
    private static Map<String, State> actual(SimToolstack s) {
        Map<String, State> out = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (Domain d : s.toolstack.list()) {
            if (d.domid() == 0) {
                continue;
            }
            names.add(d.name());
            State st = d.info().state() == DomainInfo.State.SHUTDOWN ? State.PRESERVED
                    : d.info().has(DomainInfo.Flag.PAUSED) ? State.PAUSED : State.RUNNING;
            out.put(d.name(), st);
        }
        assertThat(names).doesNotHaveDuplicates();
        return out;
    }
}
