package org.jxen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lexer and parser against libxlu, through the oracle corpus: a config xl rejects with a
 * syntax error is rejected at the same line; one it accepts parses, and the strings and numbers
 * that reach libxl's JSON (name, cmdline, memory) read the same.
 */
class XlConfigParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Corpus> corpus() throws IOException {
        return Corpus.all().stream();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void acceptsAndRejectsWhatXlDoes(Corpus c) throws IOException {
        Optional<Integer> xlError = c.syntaxErrorLine();
        if (xlError.isPresent()) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> XlConfigParser.parse(c.name(), c.text()));
            assertThat(e).as("xl: %s", c.err()).isNotNull();
            assertThat(e.position().line()).as(e.getMessage()).isEqualTo(xlError.get());
            return;
        }
        XlConfig config = parse(c);
        if (c.json().isBlank()) {
            return; // xl gave up after parsing (a missing or bad setting), nothing to compare here
        }
        JsonNode libxl = JSON.readTree(c.json());
        atom(config, "name").ifPresent(n -> assertThat(n).isEqualTo(libxl.path("c_info").path("name").asText()));
        atom(config, "cmdline").ifPresent(v -> assertThat(v).isEqualTo(libxl.path("b_info").path("cmdline").asText()));
        JsonNode maxMemKb = libxl.path("b_info").path("max_memkb");
        if (atom(config, "memory").isPresent() && !maxMemKb.isMissingNode() && config.get("maxmem").isEmpty()
                && config.get("vnuma").isEmpty()) { // with vNUMA the nodes set the maximum
            String memory = atom(config, "memory").get();
            CNumbers.Scanned mib = CNumbers.scan(memory, 0, 0); // as xl reads it: 0x.. and 0.., blanks before
            if (mib != null && mib.end() == memory.length()) { // else xl warned and left it unset
                assertThat(Long.toUnsignedString(mib.signedLong() * 1024)).isEqualTo(maxMemKb.asText());
            }
        }
    }

    private static XlConfig parse(Corpus c) throws IOException {
        try {
            return XlConfigParser.parse(c.name(), c.text());
        } catch (ConfigException e) {
            throw new AssertionError("xl accepted " + c.name() + " but jxen says: " + e.getMessage(), e);
        }
    }

    private static Optional<String> atom(XlConfig config, String key) {
        return config.get(key).map(XlConfig.Setting::value)
                .filter(Value.Atom.class::isInstance).map(v -> ((Value.Atom) v).text());
    }

    @Test
    void errorsSayWhereAndWhatWasExpected() {
        assertThatThrownBy(() -> XlConfigParser.parse("vm.cfg", "name=\"a\"\ndisk=[ 'x',\n  'y'\nvcpus=2\n"))
                .hasMessage("vm.cfg:4:1: expected ',' or ']' to close the list opened at 2:6, found 'vcpus'");
        assertThatThrownBy(() -> XlConfigParser.parse("vm.cfg", "memory=\n"))
                .hasMessage("vm.cfg:1:8: expected a value for memory (a \"string\", a number or a [list]), found the end of the line");
        assertThatThrownBy(() -> XlConfigParser.parse("vm.cfg", "name=\"abc\nx=1"))
                .hasMessage("vm.cfg:1:6: string not closed: expected \" before the end of the line");
    }

    /**
     * Regression: 100,000 nested lists overflowed the Java stack (the parser recursed per list).
     * libxlu gives up with "memory exhausted" at the 4998th '[' of one line; so does jxen, at that
     * token, with file:line:column.
     */
    @Test
    void deepNestingStopsWhereLibxluGivesUp() {
        String deep = "n=" + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertThatThrownBy(() -> XlConfigParser.parse("deep.cfg", deep))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("deep.cfg:1:5000: lists nest too deeply");
    }

    @Test
    void appendJoinsListsAndStrings() throws ConfigException {
        XlConfig c = XlConfigParser.parse("a.cfg", "extra='a'\nextra+=' b'\ndisk=['x']\ndisk+=['y',['z']]\nnew+='n'");
        assertThat(((Value.Atom) c.get("extra").orElseThrow().value()).text()).isEqualTo("a b");
        assertThat(((Value.ListValue) c.get("disk").orElseThrow().value()).items()).hasSize(3);
        assertThat(((Value.Atom) c.get("new").orElseThrow().value()).text()).isEqualTo("n");
        assertThatThrownBy(() -> XlConfigParser.parse("a.cfg", "extra='a'\nextra+=['b']"))
                .hasMessageContaining("a.cfg:2:1: cannot append a list to extra, which is a string (set at 1:1)");
    }
}
