package org.jxen.xenstore.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.jxen.xen.testing.Oracles;
import org.jxen.xenstore.proto.Op;
import org.jxen.xenstore.testing.Step;
import org.jxen.xenstore.testing.XenPeers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random request sequences from two connections over a small set of paths (so that operations
 * collide): reads, writes, removals, permissions, watches and interleaved transactions that
 * conflict or not. jxenstored's transcript must equal C xenstored's. Seeded: a failure names
 * its seed and replays exactly. {@code -Djxen.differential.seeds=N} runs N seeds (default 40).
 */
class RandomDifferentialTest {
    private static final String[] PATHS = {"/r", "/r/a", "/r/a/b", "/r/b", "/r/a/c", "/r/b/d/e", "x", "x/y"};
    private static final String[] PERMS = {"n0\0", "r1\0", "b2\0n0\0", "w3\0r1\0", "n0\0b5\0"};
    private static final String[] CONNS = {"c1", "c2"};
    private static final int STEPS = 160;

    @BeforeAll
    static void needsC() {
        Oracles.require("RandomDifferentialTest", XenPeers.cDaemonMissing());
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, Long.getLong("jxen.differential.seeds", 40));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomSequencesMatchCXenstored(long seed, @TempDir Path dir) throws IOException {
        assertThat(DifferentialTest.compare(generate(seed), dir)).as("seed %d", seed).isNull();
    }

    /**
     * The same with the requests' arguments drawn wider: permissions naming domains by odd numbers
     * (hex, octal, signs, beyond 32 bits), DIRECTORY_PART offsets, values up to the size limit,
     * relative and special paths, and transaction ends with odd arguments.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void widerArgumentsMatchCXenstored(long seed, @TempDir Path dir) throws IOException {
        assertThat(DifferentialTest.compare(generateWide(seed), dir)).as("seed %d", seed).isNull();
    }

    private static final String[] WIDE_PATHS = {"/r", "/r/a", "/r/a/b", "/r/b", "x", "x/y", "@introduceDomain",
            "/r//a", "/r/", "/tool", "/local/domain/0"};
    private static final String[] WIDE_DOMIDS = {"0", "00", "0x0", "+0", " 0", "1", "4294967296", "4294967297", "-1",
            "65535", "32751", "010", "1x", ""};
    private static final String[] OFFSETS = {"0", "1", "2", "-1", "x", "2x", " 3", "99999999999"};

    static List<Step> generateWide(long seed) {
        Random rnd = new Random(seed);
        List<Step> steps = new ArrayList<>();
        int nextTx = 1;
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            String conn = CONNS[rnd.nextInt(CONNS.length)];
            int tx = !open.isEmpty() && rnd.nextInt(3) == 0 ? open.get(rnd.nextInt(open.size())) : 0;
            String path = WIDE_PATHS[rnd.nextInt(WIDE_PATHS.length)];
            int pick = rnd.nextInt(100);
            Step step;
            if (pick < 20) {
                step = Step.of(conn, tx, Op.WRITE, path + "\0" + "v".repeat(rnd.nextInt(3) == 0 ? rnd.nextInt(4100) : rnd.nextInt(8)));
            } else if (pick < 30) {
                String perms = "";
                for (int n = rnd.nextInt(3) + 1; n > 0; n--) {
                    perms += "nrwb".charAt(rnd.nextInt(4)) + WIDE_DOMIDS[rnd.nextInt(WIDE_DOMIDS.length)] + "\0";
                }
                step = Step.of(conn, tx, Op.SET_PERMS, path + "\0" + perms);
            } else if (pick < 38) {
                step = Step.of(conn, tx, Op.GET_PERMS, path + "\0");
            } else if (pick < 46) {
                step = Step.of(conn, tx, Op.DIRECTORY_PART, path + "\0" + OFFSETS[rnd.nextInt(OFFSETS.length)] + "\0");
            } else if (pick < 54) {
                step = Step.of(conn, tx, Op.RM, path + "\0");
            } else if (pick < 62) {
                step = Step.of(conn, tx, Op.READ, path + "\0");
            } else if (pick < 68) {
                step = Step.of(conn, tx, Op.MKDIR, path + "\0");
            } else if (pick < 76) {
                step = Step.of(conn, 0, Op.WATCH, path + "\0w" + rnd.nextInt(2) + "\0");
            } else if (pick < 80) {
                step = Step.of(conn, 0, Op.UNWATCH, path + "\0w" + rnd.nextInt(2) + "\0");
            } else if (pick < 88) {
                step = Step.of(conn, 0, Op.TRANSACTION_START, "\0");
                open.add(nextTx++);
            } else if (!open.isEmpty()) {
                int end = open.remove(rnd.nextInt(open.size()));
                String[] ends = {"T\0", "F\0", "T", "X\0", "\0"};
                step = Step.of(conn, end, Op.TRANSACTION_END, ends[rnd.nextInt(ends.length)]);
            } else {
                step = Step.of(conn, 0, Op.GET_DOMAIN_PATH, WIDE_DOMIDS[rnd.nextInt(WIDE_DOMIDS.length)] + "\0");
            }
            steps.add(step);
        }
        return steps;
    }

    static List<Step> generate(long seed) {
        Random rnd = new Random(seed);
        Map<String, Integer> nextTx = new HashMap<>();
        Map<String, List<Integer>> openTx = new HashMap<>();
        for (String c : CONNS) {
            nextTx.put(c, 1);
            openTx.put(c, new ArrayList<>());
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < STEPS; i++) {
            String conn = CONNS[rnd.nextInt(CONNS.length)];
            List<Integer> open = openTx.get(conn);
            int tx = !open.isEmpty() && rnd.nextInt(3) > 0 ? open.get(rnd.nextInt(open.size())) : 0;
            String path = PATHS[rnd.nextInt(PATHS.length)];
            int pick = rnd.nextInt(100);
            Step step;
            if (pick < 22) {
                step = Step.of(conn, tx, Op.WRITE, path + "\0v" + rnd.nextInt(5));
            } else if (pick < 30) {
                step = Step.of(conn, tx, Op.MKDIR, path + "\0");
            } else if (pick < 40) {
                step = Step.of(conn, tx, Op.RM, path + "\0");
            } else if (pick < 50) {
                step = Step.of(conn, tx, Op.READ, path + "\0");
            } else if (pick < 56) {
                step = Step.of(conn, tx, Op.DIRECTORY, path + "\0");
            } else if (pick < 59) {
                step = Step.of(conn, tx, Op.DIRECTORY_PART, path + "\0" + rnd.nextInt(4) + "\0");
            } else if (pick < 63) {
                step = Step.of(conn, tx, Op.GET_PERMS, path + "\0");
            } else if (pick < 67) {
                step = Step.of(conn, tx, Op.SET_PERMS, path + "\0" + PERMS[rnd.nextInt(PERMS.length)]);
            } else if (pick < 74) {
                step = Step.of(conn, 0, Op.WATCH, path + "\0t" + rnd.nextInt(2) + "\0");
            } else if (pick < 78) {
                step = Step.of(conn, 0, Op.UNWATCH, path + "\0t" + rnd.nextInt(2) + "\0");
            } else if (pick < 88) {
                step = Step.of(conn, 0, Op.TRANSACTION_START, "\0");
                open.add(nextTx.merge(conn, 1, Integer::sum) - 1);
            } else if (pick < 98 && !open.isEmpty()) {
                int end = open.remove(rnd.nextInt(open.size()));
                step = Step.of(conn, end, Op.TRANSACTION_END, rnd.nextInt(4) == 0 ? "F\0" : "T\0");
            } else {
                step = Step.of(conn, 0, Op.RESET_WATCHES, "\0");
                open.clear();
            }
            steps.add(step);
        }
        return steps;
    }
}
