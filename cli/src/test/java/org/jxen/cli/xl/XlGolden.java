package org.jxen.cli.xl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Real xl 4.17's answers, captured in the xenlab by {@code scripts/xenlab/jxl-golden.sh} and
 * {@code jxl-golden-2.sh} ({@code cli/src/test/resources/xl-golden/NAME.{out,err,rc}}), and the
 * masks that hide only what differs between two hosts in the same state: CPU times, UUIDs,
 * uptimes, and where the config files are.
 */
final class XlGolden {
    static final Path DIR = Path.of("src/test/resources/xl-golden");
    private static final Pattern TIME = Pattern.compile(" +\\d+\\.\\d(?= |$)", Pattern.MULTILINE);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern UPTIME = Pattern.compile(" +(\\d+ days?, +)?\\d+:\\d\\d:\\d\\d$", Pattern.MULTILINE);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One captured command: standard output, standard error, exit status. */
    record Answer(String out, String err, int status) {
    }

    private XlGolden() {
    }

    static Answer answer(String name) {
        try {
            return new Answer(read(name + ".out"), read(name + ".err"), Integer.parseInt(read(name + ".rc").strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("no golden answer " + name + " in " + DIR.toAbsolutePath(), e);
        }
    }

    private static String read(String file) throws IOException {
        return Files.readString(DIR.resolve(file), StandardCharsets.UTF_8);
    }

    /** CPU times, UUIDs and uptimes masked (each is what the host's clock and random numbers made it). */
    static String masked(String text) {
        String t = TIME.matcher(text).replaceAll(" <time>");
        t = UUID.matcher(t).replaceAll("<uuid>");
        return UPTIME.matcher(t).replaceAll(" <uptime>");
    }

    /** The disks of each domain in {@code list -l}'s JSON, one JSON array per domain (what is compared of them). */
    static String disks(String longList) {
        try {
            StringBuilder s = new StringBuilder();
            for (JsonNode d : JSON.readTree(longList)) {
                s.append(d.path("config").path("disks").toPrettyString()).append('\n');
            }
            return s.toString();
        } catch (JsonProcessingException e) {
            return "not JSON: " + longList;
        }
    }

    /** Without the rows of the domains named (domains the simulated host does not have in that state). */
    static String without(String text, String... names) {
        return text.lines().filter(l -> {
            for (String n : names) {
                if (l.startsWith(n + " ")) {
                    return false;
                }
            }
            return true;
        }).map(l -> l + "\n").collect(Collectors.joining());
    }

    /** Standard error without libxl's and libxc's own diagnostics (they name libxl's C source lines). */
    static String xlLines(String err) {
        return err.lines().filter(l -> !isDiagnostic(l)).map(l -> l + "\n").collect(Collectors.joining());
    }

    /**
     * Standard error as a pattern: xl's own lines exactly and in order, each run of libxl's (or
     * libxc's) diagnostics standing for at most one line (jxen's reason, where jxl has one), so a
     * line printed early, late, twice or besides does not match.
     */
    static Pattern xlLinesPattern(String err) {
        StringBuilder p = new StringBuilder();
        boolean inDiagnostics = false;
        for (String l : err.lines().toList()) {
            boolean diagnostic = isDiagnostic(l);
            if (!diagnostic) {
                p.append(Pattern.quote(l)).append("\n");
            } else if (!inDiagnostics) {
                p.append("(?:.*\n)?");
            }
            inDiagnostics = diagnostic;
        }
        return Pattern.compile(p.toString());
    }

    private static boolean isDiagnostic(String line) {
        return line.startsWith("libxl: ") || line.startsWith("xc: ");
    }
}
