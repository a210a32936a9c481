package org.jxen.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The oracle corpus: xl.cfg files in src/test/resources/xlcfg/corpus, each with what
 * {@code xl -N create} on Xen 4.17 answered (scripts/xenlab/capture-libxl-json): NAME.json
 * (stdout), NAME.err (stderr) and NAME.rc (exit status).
 */
record Corpus(String name, Path cfg, String json, String err, int rc) {
    static final Path DIR = Path.of("src/test/resources/xlcfg/corpus");
    private static final Pattern PARSE_ERROR = Pattern.compile(":(\\d+): config parsing error near");

    static List<Corpus> all() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(p -> p.toString().endsWith(".cfg")).sorted().map(Corpus::load).toList();
        }
    }

    static Stream<Corpus> named(String prefix) throws IOException {
        return all().stream().filter(c -> c.name.startsWith(prefix));
    }

    private static Corpus load(Path cfg) {
        String name = cfg.getFileName().toString().replaceFirst("\\.cfg$", "");
        try {
            return new Corpus(name, cfg, read(name + ".json"), read(name + ".err"),
                    Integer.parseInt(read(name + ".rc").strip()));
        } catch (IOException e) {
            throw new IllegalStateException("corpus entry " + name + " is incomplete (run scripts/xenlab/capture-libxl-json)", e);
        }
    }

    private static String read(String file) throws IOException {
        return Files.readString(DIR.resolve(file), StandardCharsets.ISO_8859_1);
    }

    /** The config's bytes as text; ISO-8859-1 keeps every byte as one char, as libxlu sees them. */
    String text() throws IOException {
        return Files.readString(cfg, StandardCharsets.ISO_8859_1);
    }

    /**
     * The line of xl's first syntax error, if xl found one. libxlu reports an unexpected newline
     * one line early (a newline ending line 1 is "line 0"); this returns the line it is on.
     */
    Optional<Integer> syntaxErrorLine() {
        Matcher m = PARSE_ERROR.matcher(err);
        if (!m.find()) {
            return Optional.empty();
        }
        int line = Integer.parseInt(m.group(1));
        return Optional.of(err.startsWith(" <newline>", m.end()) ? line + 1 : line);
    }

    @Override
    public String toString() {
        return name;
    }
}
