package org.jxen.xenstore.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jxen.xenstore.proto.XsException;

/**
 * Random operation sequences run on the store and on a small reference model (a map of path to
 * value plus each node's children in creation order). After every operation both agree on what
 * exists, every value and every directory listing; and the store's own bookkeeping (children
 * lists, node counts) stays consistent. Also: a transaction that is committed with nobody else
 * writing has exactly the effect of its operations, and an aborted one has none.
 */
class StoreModelPropertyTest {

    enum Kind { WRITE, MKDIR, RM }

    record Operation(Kind kind, String path, String value) {
    }

    /** The reference: what exists and each node's children in creation order. */
    static final class Model {
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, List<String>> children = new LinkedHashMap<>();

        Model() {
            for (String p : List.of("/", "/tool", "/tool/xenstored")) {
                values.put(p, "");
                children.put(p, new ArrayList<>());
            }
            children.get("/").add("tool");
            children.get("/tool").add("xenstored");
        }

        /** Applies an operation; returns false where the store must fail it (ENOENT). */
        boolean apply(Operation op) {
            switch (op.kind()) {
                case WRITE, MKDIR -> {
                    createMissing(op.path());
                    if (op.kind() == Kind.WRITE) {
                        values.put(op.path(), op.value());
                    }
                    return true;
                }
                case RM -> {
                    if (!values.containsKey(op.path())) {
                        return values.containsKey(Paths.parent(op.path()));
                    }
                    children.get(Paths.parent(op.path())).remove(Paths.basename(op.path()));
                    values.keySet().removeIf(p -> Paths.isWithin(p, op.path()));
                    children.keySet().removeIf(p -> Paths.isWithin(p, op.path()));
                    return true;
                }
                default -> throw new IllegalStateException();
            }
        }

        private void createMissing(String path) {
            if (values.containsKey(path)) {
                return;
            }
            createMissing(Paths.parent(path));
            values.put(path, "");
            children.put(path, new ArrayList<>());
            children.get(Paths.parent(path)).add(Paths.basename(path));
        }
    }

    @Provide
    Arbitrary<List<Operation>> operations() {
        Arbitrary<String> path = Arbitraries.of("/a", "/a/b", "/a/b/c", "/a/d", "/e", "/e/f/g", "/a/b/h");
        Arbitrary<Operation> op = Combinators.combine(Arbitraries.of(Kind.class), path, Arbitraries.strings().alpha().ofMaxLength(3))
                .as(Operation::new);
        return op.list().ofMaxSize(60);
    }

    private static final TreeOps OPS = new TreeOps(Quota.DEFAULTS);

    private static boolean run(Tree t, Operation op) {
        try {
            switch (op.kind()) {
                case WRITE -> OPS.write(t, Caller.DOM0, op.path(), op.value().getBytes(StandardCharsets.ISO_8859_1));
                case MKDIR -> OPS.mkdir(t, Caller.DOM0, op.path());
                case RM -> OPS.rm(t, Caller.DOM0, op.path());
            }
            return true;
        } catch (XsException e) {
            return false;
        }
    }

    private static void runBoth(Store store, Model model, List<Operation> ops) {
        for (Operation op : ops) {
            run(store, op);
            model.apply(op);
        }
    }

    private static void assertSame(Store store, Model model) {
        assertThat(store.size()).isEqualTo(model.values.size());
        for (Map.Entry<String, String> e : model.values.entrySet()) {
            Node n = store.get(e.getKey());
            assertThat(n).as(e.getKey()).isNotNull();
            assertThat(new String(n.value(), StandardCharsets.ISO_8859_1)).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(Arrays.asList(n.children())).as("children of " + e.getKey()).isEqualTo(model.children.get(e.getKey()));
        }
        assertThat(store.usage(0).nodes()).isEqualTo(model.values.size());
    }

    @Property(tries = 300)
    void storeMatchesModel(@ForAll("operations") List<Operation> ops) {
        Store store = new Store();
        Model model = new Model();
        for (Operation op : ops) {
            assertThat(run(store, op)).as(op.toString()).isEqualTo(model.apply(op));
            assertSame(store, model);
        }
    }

    @Property(tries = 200)
    void uncontendedTransactionHasExactlyTheEffectOfItsOperations(@ForAll("operations") List<Operation> before,
                                                                    @ForAll("operations") List<Operation> inside) {
        Store store = new Store();
        Model model = new Model();
        runBoth(store, model, before);
        Transaction tx = new Transaction(1, store, 0);
        for (Operation op : inside) {
            assertThat(run(tx, op)).as(op.toString()).isEqualTo(model.apply(op));
        }
        assertThat(tx.canCommit()).isTrue();
        tx.commit();
        assertSame(store, model);
    }

    @Property(tries = 200)
    void abortedTransactionChangesNothing(@ForAll("operations") List<Operation> before,
                                          @ForAll("operations") List<Operation> inside) {
        Store store = new Store();
        Model model = new Model();
        runBoth(store, model, before);
        store.drainChanges();
        Transaction tx = new Transaction(1, store, 0);
        inside.forEach(op -> run(tx, op));
        assertSame(store, model); // never committed
        assertThat(store.drainChanges()).as("watch events of an uncommitted transaction").isEmpty();
    }
}
