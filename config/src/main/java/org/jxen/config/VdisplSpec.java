package org.jxen.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jxen.config.DomainConfig.Connector;
import org.jxen.config.DomainConfig.Vdispl;

/**
 * vdispl=[ "backend=DOM,be-alloc=N,connectors=ID:WxH;ID:WxH...", ... ]: virtual displays, each
 * spec read word by word as xl 4.17's loop reads it (strtok at commas, spaces before a word
 * skipped), faults refused where xl meets them. Where xl's own code crashes (an empty connector
 * list, a connector that is not ID:RESOLUTION) jxen refuses the config instead.
 */
final class VdisplSpec {
    private final XlValues values;
    private final Position where;
    private String backend;
    private boolean beAlloc;
    private List<Connector> connectors = List.of();

    private VdisplSpec(XlValues values, Position where) {
        this.values = values;
        this.where = where;
    }

    /** The displays of vdispl=, none without it; xl's warnings go to {@code values}. */
    static List<Vdispl> read(XlValues values) throws ConfigException {
        List<Vdispl> displays = new ArrayList<>();
        Optional<List<String>> specs = values.list("vdispl");
        if (specs.isEmpty()) {
            return displays;
        }
        Position where = values.config().get("vdispl").orElseThrow().position();
        for (String spec : specs.get()) {
            VdisplSpec display = new VdisplSpec(values, where);
            for (String word : DeviceKeys.words(spec)) {
                display.take(DeviceKeys.unspaced(word));
            }
            if (display.connectors.isEmpty()) {
                throw new ConfigException(where, "At least one connector should be specified.");
            }
            displays.add(new Vdispl(display.backend, displays.size(), display.beAlloc, display.connectors));
        }
        return displays;
    }

    private void take(String word) throws ConfigException {
        if (word.startsWith("backend=")) {
            backend = word.substring("backend=".length());
        } else if (word.startsWith("be-alloc=")) {
            beAlloc = CNumbers.strtoul(word.substring("be-alloc=".length()), 0) != 0; // into a C bool
        } else if (word.startsWith("connectors=")) {
            connectors = connectors(word.substring("connectors=".length()));
        } else {
            throw new ConfigException(where, "Unknown string \"" + word + "\" in vdispl spec");
        }
    }

    /**
     * A connectors= list, each ID:WxH as xl reads it: the ID and the resolution are the first two
     * words of the connector at colons (strtok: the rest is ignored); a resolution whose width
     * sscanf("%ux%u") cannot read is reported and ends the list, this connector and the ones after
     * it keeping no resolution and the ones after no ID (xl goes on: measured); a resolution with
     * a width but no height, or only blanks, refuses the config.
     */
    private List<Connector> connectors(String text) throws ConfigException {
        List<String> specs = Arrays.stream(text.split(";")).filter(c -> !c.isEmpty()).toList();
        if (specs.isEmpty()) { // xl 4.17 dereferences a null word here and crashes
            throw new ConfigException(where, "vdispl connectors=\"" + text + "\" names no connector (ID:WIDTHxHEIGHT;...)");
        }
        List<Connector> read = new ArrayList<>();
        for (String spec : specs) {
            List<String> pair = Arrays.stream(spec.split(":")).filter(p -> !p.isEmpty()).limit(2).toList();
            if (pair.size() < 2) { // xl then reads a resolution it never set, and crashes or reads garbage
                throw new ConfigException(where, "Can't parse connector: \"" + spec + "\" (ID:WIDTHxHEIGHT)");
            }
            Resolution r = Resolution.scan(pair.get(1));
            if (r.conversions() == 0) {
                values.warn("vdispl", "Can't parse connector resolution");
                read.add(new Connector(pair.getFirst(), 0, 0));
                while (read.size() < specs.size()) {
                    read.add(new Connector(null, 0, 0));
                }
                return read;
            }
            if (r.conversions() != 2) {
                throw new ConfigException(where, "Can't parse connector resolution");
            }
            read.add(new Connector(pair.getFirst(), r.width(), r.height()));
        }
        return read;
    }

    /**
     * What glibc's {@code sscanf(text, "%ux%u")} makes of a resolution: the conversions it made (-1,
     * EOF, when only blanks precede the end) and the two numbers, each strtoul's value cut to 32 bits.
     */
    private record Resolution(int conversions, int width, int height) {
        static Resolution scan(String text) {
            if (text.chars().allMatch(c -> CNumbers.isCSpace((char) c))) {
                return new Resolution(-1, 0, 0);
            }
            CNumbers.Scanned width = CNumbers.scan(text, 0, 10);
            if (width == null) {
                return new Resolution(0, 0, 0);
            }
            int x = width.end();
            CNumbers.Scanned height = x < text.length() && text.charAt(x) == 'x' ? CNumbers.scan(text, x + 1, 10) : null;
            return height == null ? new Resolution(1, 0, 0)
                    : new Resolution(2, (int) width.unsignedLong(), (int) height.unsignedLong());
        }
    }
}
