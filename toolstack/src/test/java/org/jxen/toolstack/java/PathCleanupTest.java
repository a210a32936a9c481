package org.jxen.toolstack.java;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxen.hv.sim.SimMachine;
import org.jxen.hv.sim.Topology;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.client.XsTransaction;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;

/**
 * {@link DomainTree#cleanup} against libxl's {@code libxl__xs_path_cleanup} done step by step (remove
 * the path, then read and list each parent, removing it while it is an empty directory with an
 * empty value): on random trees, in plain and pipelined transactions, the same nodes are left.
 */
class PathCleanupTest {
    private static final String TOP = "/t";

    @TempDir
    Path dir;
    private SimMachine machine;
    private XsClient xs;

    @BeforeEach
    void start() throws Exception {
        machine = new SimMachine(Topology.laptop(), 7, dir.resolve("xs.sock"));
        xs = XsClient.connect(machine.socket());
    }

    @AfterEach
    void stop() throws Exception {
        xs.close();
        machine.close();
    }

    @Test
    void randomTreesLoseWhatLibxlsCleanupRemoves() {
        Random random = new Random(42);
        for (int n = 0; n < 300; n++) {
            List<String[]> tree = tree(random);
            String path = switch (random.nextInt(8)) {
                case 0 -> tree.get(random.nextInt(tree.size()))[0] + "/absent"; // not there, its parent is
                case 1 -> tree(random).getFirst()[0]; // there or not, its parent too
                default -> tree.get(random.nextInt(tree.size()))[0];
            };
            build(tree);
            xs.transaction(tx -> {
                libxlCleanup(tx, path);
                return null;
            });
            List<String> libxl = StoreDump.of(xs);
            for (boolean pipelined : new boolean[] {false, true}) {
                build(tree);
                cleanup(pipelined, path);
                assertThat(StoreDump.of(xs)).as("tree %d, cleanup of %s, pipelined %s", n, path, pipelined)
                        .isEqualTo(libxl);
            }
        }
    }

    @Test
    void aParentWithTooManyChildrenToListStays() {
        for (boolean pipelined : new boolean[] {false, true}) {
            xs.transaction(tx -> {
                for (int i = 0; i < 1_000; i++) {
                    tx.write(TOP + "/many/child-with-a-long-name-" + i, "");
                }
                tx.write(TOP + "/many/last/leaf", "x");
                return null;
            });
            cleanup(pipelined, TOP + "/many/last/leaf");
            assertThat(xs.exists(TOP + "/many/last")).isFalse();
            assertThat(xs.directory(TOP + "/many")).hasSize(1_000);
        }
    }

    private void cleanup(boolean pipelined, String path) {
        Function<XsTransaction, Void> body = tx -> {
            DomainTree.cleanup(tx, path);
            return null;
        };
        if (pipelined) {
            xs.pipelinedTransaction(body);
        } else {
            xs.transaction(body);
        }
    }

    /** libxl's way, one request after another. */
    private static void libxlCleanup(XsTransaction tx, String path) {
        try {
            tx.rm(path);
        } catch (XsException e) {
            if (e.errno() == XsErrno.ENOENT) {
                return;
            }
            throw e;
        }
        for (String p = path.substring(0, path.lastIndexOf('/')); !p.isEmpty(); p = p.substring(0, p.lastIndexOf('/'))) {
            String value = tx.readOrNull(p);
            if (value == null || !value.isEmpty() || tx.hasChildren(p)) {
                return;
            }
            tx.rm(p);
        }
    }

    /** Up to 12 nodes under {@link #TOP}, three levels below it at most, each with an empty value or not. */
    private static List<String[]> tree(Random random) {
        List<String[]> nodes = new ArrayList<>();
        for (int i = 1 + random.nextInt(12); i > 0; i--) {
            StringBuilder path = new StringBuilder(TOP);
            for (int depth = 1 + random.nextInt(4); depth > 0; depth--) {
                path.append('/').append((char) ('a' + random.nextInt(3)));
            }
            nodes.add(new String[] {path.toString(), random.nextInt(3) == 0 ? "v" : ""});
        }
        return nodes;
    }

    /** {@link #TOP} made again with exactly these nodes (their parents made with empty values). */
    private void build(List<String[]> nodes) {
        xs.transaction(tx -> {
            tx.rmIfThere(TOP);
            for (String[] node : nodes) {
                tx.write(node[0], node[1]);
            }
            return null;
        });
    }
}
