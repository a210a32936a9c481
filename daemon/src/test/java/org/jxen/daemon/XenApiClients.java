package org.jxen.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jxen.xen.testing.Commands;

/**
 * The real XenAPI clients {@code scripts/ensure-test-packages} installs into the checkout's
 * {@code run/clients} (npm {@code xen-api} in {@code node/}, Debian's {@code XenAPI.py} unpacked
 * in {@code python/}), and npm's {@code puppeteer-core} beside xen-api, why one is missing, and
 * running the scripts in {@code clients/} of the test resources with them: each prints its
 * summary as one line of JSON.
 */
public final class XenApiClients {
    /** Tests run in the module's directory (Maven's and IDEs' working directory), beside run/. */
    static final Path DIR = Path.of("..", "run", "clients").toAbsolutePath().normalize();
    static final Path NODE_MODULES = DIR.resolve("node/node_modules");
    static final Path XENAPI_PY = DIR.resolve("python/usr/lib/python3/dist-packages/os_xenapi/client");
    /** Debian's Python, for Debian's XenAPI.py. */
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String INSTALL = " (scripts/ensure-test-packages, run by ./jxen test, installs it)";

    private XenApiClients() {
    }

    /** Why npm xen-api cannot run here, or null. */
    static String nodeMissing() {
        return nodeMissing("xen-api 4.7.6");
    }

    /**
     * Why the npm package {@code pinned} ("name version", as scripts/test-clients pins it) cannot
     * run here, or null.
     */
    public static String nodeMissing(String pinned) {
        String node = Commands.toolMissing("node");
        if (node != null) {
            return "node not installed (Debian package nodejs; the npm clients need Node.js 20 or later)";
        }
        String version = Commands.run(List.of("node", "--version")).strip();
        if (Integer.parseInt(version.substring(1, version.indexOf('.'))) < 20) {
            return "node " + version + " is older than 20";
        }
        if (!Files.isRegularFile(NODE_MODULES.resolve(pinned.split(" ")[0] + "/package.json"))) {
            return "npm " + pinned + " not in " + NODE_MODULES + INSTALL;
        }
        return null;
    }

    /** Why XenAPI.py cannot run here, or null. */
    static String pythonMissing() {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " missing (Debian package python3)";
        }
        if (!Files.isRegularFile(XENAPI_PY.resolve("XenAPI.py"))) {
            return "XenAPI.py of Debian's python3-os-xenapi not in " + XENAPI_PY + INSTALL;
        }
        return null;
    }

    /** Runs {@code xen-api-client.mjs}: {@link #node(Path, String, Map)}. */
    static JsonNode node(Path work, Map<String, String> env) throws IOException {
        return node(work, "xen-api-client.mjs", env);
    }

    /**
     * Runs the script {@code clients/NAME} from {@code work}, where it is copied beside a link to the
     * installed node_modules: node resolves {@code import 'xen-api'} from the script's directory.
     */
    public static JsonNode node(Path work, String name, Map<String, String> env) throws IOException {
        Files.createDirectories(work);
        Path script = copy(name, work);
        Files.createSymbolicLink(work.resolve("node_modules"), NODE_MODULES);
        return run(List.of("node", script.toString()), env);
    }

    /** Runs {@code xenapi_client.py} with {@code args}, XenAPI.py on its path. */
    static JsonNode python(Path work, Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), copy("xenapi_client.py", work).toString()));
        command.addAll(List.of(args));
        Map<String, String> withPath = new HashMap<>(env);
        withPath.put("PYTHONPATH", XENAPI_PY.toString());
        return run(command, withPath);
    }

    private static Path copy(String script, Path work) throws IOException {
        try (InputStream in = XenApiClients.class.getResourceAsStream("/clients/" + script)) {
            Path to = work.resolve(script);
            Files.copy(in, to);
            return to;
        }
    }

    /** The summary the script printed last; a failure or a timeout shows its stdout and stderr. */
    private static JsonNode run(List<String> command, Map<String, String> env) throws IOException {
        String out = Commands.run(command, env, TIMEOUT).strip();
        return new ObjectMapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
    }
}
