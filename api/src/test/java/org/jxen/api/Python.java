package org.jxen.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jxen.xen.testing.Commands;
import org.jxen.xen.testing.Oracles;

/** Python 3, the real XML-RPC implementation the codecs are checked against (its stdlib xmlrpc.client). */
final class Python {
    private Python() {
    }

    /** Skips the calling class without python3, or fails it with CI=true. */
    static void require(String who) {
        Oracles.require(who, Commands.toolMissing("python3"));
    }

    /** Runs {@code script} with {@code args} in sys.argv[1:]; returns its stdout (UTF-8). */
    static String run(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        return Commands.run(command, Map.of("PYTHONIOENCODING", "utf-8"));
    }
}
