package org.jxen.xen.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that need real software (Xen's daemons and tools, pyxs, gcc): when it is
 * missing a test skips and says why on the console, except with {@code CI=true}, where it fails.
 * The reason goes to the test JVM's own stderr, which Maven shows even though surefire sends
 * System.out and System.err to report files.
 */
public final class Oracles {
    private static final PrintStream CONSOLE =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private Oracles() {
    }

    /**
     * True when {@code missing} is null. Otherwise prints why {@code who} goes without and returns
     * false, or throws with {@code CI=true}.
     */
    public static boolean available(String who, String missing) {
        if (missing == null) {
            return true;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(who + ": " + missing + ". With CI=true a missing oracle fails the build:"
                    + " install it (scripts/ensure-test-packages) or run without CI=true to skip.");
        }
        CONSOLE.println("[SKIP] " + who + ": " + missing);
        return false;
    }

    /** Skips the calling test (or class, from {@code @BeforeAll}) unless {@code missing} is null. */
    public static void require(String who, String missing) {
        if (!available(who, missing)) {
            Assumptions.abort(missing);
        }
    }
}
