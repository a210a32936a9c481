package org.jxen.toolstack.java;

import java.util.ArrayList;
import java.util.List;
import org.jxen.xenstore.client.XsClient;

/** The whole XenStore tree as {@code xenstore-ls -fp} lists it: one line per node, path, value and permissions. */
final class StoreDump {
    private StoreDump() {
    }

    static List<String> of(XsClient xs) {
        List<String> lines = new ArrayList<>();
        for (String child : xs.directory("/")) {
            walk(xs, "/" + child, lines);
        }
        return lines;
    }

    private static void walk(XsClient xs, String path, List<String> lines) {
        lines.add(path + " = \"" + xs.readOrNull(path) + "\"  (" + String.join(",", xs.getPerms(path).toWire()) + ")");
        for (String child : xs.directory(path)) {
            walk(xs, path + "/" + child, lines);
        }
    }
}
