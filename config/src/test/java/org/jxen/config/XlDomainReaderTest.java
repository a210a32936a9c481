package org.jxen.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jxen's reading of each corpus config against libxl's: where xl printed JSON, jxen prints the
 * same text (with the random UUID libxl picked when the config has none); where xl refused the
 * config, jxen refuses it too. Configs using keys jxen does not read yet are listed in
 * xlcfg/pending.txt and must be refused with that reason, so the list can only shrink honestly.
 */
class XlDomainReaderTest {
    /** The xenlab host the corpus was captured on: 2 CPUs, one NUMA node (xl info). */
    static final HostCpus XENLAB = new HostCpus(2, java.util.Map.of(0, List.of(0, 1)));

    static Set<String> pending() throws IOException {
        return Files.readAllLines(Corpus.DIR.resolveSibling("pending.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
    }

    static Stream<Corpus> semantics() throws IOException {
        return Corpus.all().stream().filter(c -> c.syntaxErrorLine().isEmpty());
    }

    @ParameterizedTest
    @MethodSource("semantics")
    void readsAsXlDoes(Corpus c) throws Exception {
        XlConfig parsed = XlConfigParser.parse(c.name(), c.text());
        if (pending().contains(c.name())) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> XlDomainReader.read(parsed, UUID::randomUUID, XENLAB));
            assertThat(e).as("%s is listed as pending but jxen reads it: take it off pending.txt", c.name()).isNotNull();
            assertThat(e.getMessage()).contains("jxen does not read");
            return;
        }
        if (c.rc() > 128) {
            // xl itself died on it (a signal: 134 abort, 139 segfault; 255 libxl's fatal allocation failure): jxen refuses it
            assertThat(catchThrowableOfType(ConfigException.class, () -> XlDomainReader.read(parsed, UUID::randomUUID, XENLAB)))
                    .as("xl crashed on it: %s", c.err()).isNotNull();
            return;
        }
        if (c.rc() != 0) {
            ConfigException e = catchThrowableOfType(ConfigException.class, () -> XlDomainReader.read(parsed, UUID::randomUUID, XENLAB));
            assertThat(e).as("xl refused it: %s", c.err()).isNotNull();
            // xl prints libxlu's PCI and RDM messages without the line break jxen puts after them
            List<String> printed = new ArrayList<>(e.warnings());
            printed.addAll(e.getMessage().substring((e.position() + ": ").length()).lines().toList());
            assertThat(String.join("\n", asXlPrintsThem(printed))).as("jxen's reason for refusing it").contains(xlReason(c));
            return;
        }
        XlDomainReader.Result r = XlDomainReader.read(parsed, libxlRandomValues(parsed, c.json()), XENLAB);
        if (c.json().contains(": null")) {
            // libxl writes null for an enum value without a name: memory xl never set (rdm=, docs/config.md),
            // which jxen leaves unset; everything else must be the same
            assertThat(LibxlJson.read(DomainConfigJson.write(r.config()))).isEqualTo(withoutNulls(LibxlJson.read(c.json())));
        } else {
            assertThat(DomainConfigJson.write(r.config())).isEqualTo(c.json());
        }
        List<String> xlWarnings = c.err().lines().filter(l -> !l.startsWith("Parsing config from "))
                .map(l -> l.replace("/opt/extra/xlcfg/" + c.name() + ".cfg", c.name())).toList();
        assertThat(asXlPrintsThem(r.warnings())).as("xl's warnings").isEqualTo(xlWarnings);
        assertThat(DomainConfigJson.read(c.json())).as("libxl's JSON read back").isEqualTo(r.config());
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.properties().removeIf(field -> field.getValue().isNull());
            o.forEach(XlDomainReaderTest::withoutNulls);
        } else if (node.isArray()) {
            node.forEach(XlDomainReaderTest::withoutNulls);
        }
        return node;
    }

    /**
     * Warnings as xl's stderr has them: libxlu's PCI and RDM parser ends its messages without a
     * line break, so the next message follows on the same line; jxen prints each on its own.
     */
    static List<String> asXlPrintsThem(List<String> warnings) {
        List<String> lines = new ArrayList<>();
        boolean open = false;
        for (String w : warnings) {
            if (open) {
                lines.set(lines.size() - 1, lines.getLast() + w);
            } else {
                lines.add(w);
            }
            open = w.startsWith("Unknown RDM ") || w.startsWith("Unknown PCI_SPEC_STRING ");
        }
        return lines;
    }

    /** The corpus configs xl accepts and jxen reads (not pending). */
    static Stream<Corpus> accepted() throws IOException {
        Set<String> pending = pending();
        return semantics().filter(c -> c.rc() == 0 && !pending.contains(c.name()));
    }

    /**
     * Why xl refused a config: its last line on stderr (warnings come before it), without the
     * config's path some of xl's messages start with or the full stop some end with; nothing if xl
     * gave no reason (it exits silently on some numbers out of range).
     */
    static String xlReason(Corpus c) {
        List<String> lines = c.err().lines().filter(l -> !l.startsWith("Parsing config from ")).toList();
        // where xl exits without a word, its last line is a warning, which jxen prints too
        return lines.isEmpty() ? "" : lines.getLast().replace("/opt/extra/xlcfg/" + c.name() + ".cfg", c.name())
                .replaceFirst("^" + java.util.regex.Pattern.quote(c.name()) + ": ", "").replaceFirst("\\.$", "");
    }

    /** The canonical writer on every corpus config jxen reads: reading the written file gives the config back. */
    @ParameterizedTest
    @MethodSource("accepted")
    void writtenBackReadsTheSame(Corpus c) throws Exception {
        Supplier<UUID> fixed = () -> new UUID(0x0123_4567_89ab_cdefL, 0x0fed_cba9_8765_4321L);
        DomainConfig read = XlDomainReader.read(XlConfigParser.parse(c.name(), c.text()), fixed, XENLAB).config();
        String written = XlConfigWriter.write(read);
        assertThat(XlDomainReader.read(XlConfigParser.parse("written.cfg", written), fixed, XENLAB).config())
                .as(written).isEqualTo(read);
    }

    /**
     * The random values libxl picked, in the order the reader asks for them: the UUID when the
     * config has none, then the VM generation ID (16 bytes, as a UUID's bits).
     */
    private static Supplier<UUID> libxlRandomValues(XlConfig parsed, String json) throws IOException {
        JsonNode root = LibxlJson.read(json);
        Deque<UUID> values = new ArrayDeque<>();
        if (!parsed.get("uuid").map(s -> s.value() instanceof Value.Atom).orElse(false)) { // a list is ignored, with a warning
            values.add(UUID.fromString(root.path("c_info").path("uuid").asText()));
        }
        JsonNode genid = root.path("b_info").path("type.hvm").path("ms_vm_genid");
        if (genid.isArray()) {
            ByteBuffer bytes = ByteBuffer.allocate(16);
            genid.forEach(b -> bytes.put((byte) b.asInt()));
            bytes.flip();
            values.add(new UUID(bytes.getLong(), bytes.getLong()));
        }
        return values::removeFirst;
    }

    @Test
    void everyPendingNameIsInTheCorpus() throws IOException {
        List<String> names = Corpus.all().stream().map(Corpus::name).toList();
        assertThat(names).containsAll(pending());
    }
}
