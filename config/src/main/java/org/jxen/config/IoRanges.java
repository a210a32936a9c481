package org.jxen.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.config.DomainConfig.IomemRange;
import org.jxen.config.DomainConfig.IoportRange;

/** The hardware a guest may reach directly: ioports= and iomem= (hexadecimal ranges) and irqs=. */
final class IoRanges {
    private static final Pattern IOPORTS = Pattern.compile("(\\p{XDigit}+)(?:-(\\p{XDigit}+))?");
    private static final Pattern IOMEM = Pattern.compile("(\\p{XDigit}+),(\\p{XDigit}+)(?:@(\\p{XDigit}+))?");

    private IoRanges() {
    }

    /** ioports=[ "FIRST[-LAST]", ... ]. */
    static List<IoportRange> ioports(XlValues values) throws ConfigException {
        List<IoportRange> ranges = new ArrayList<>();
        for (String spec : specs(values, "ioports")) {
            Matcher m = IOPORTS.matcher(spec.strip());
            if (!m.matches()) {
                throw error(values, "ioports", "Invalid argument parsing ioport: " + spec);
            }
            int first = Integer.parseInt(m.group(1), 16);
            int last = m.group(2) == null ? first : Integer.parseInt(m.group(2), 16);
            if (last < first) {
                throw error(values, "ioports", "Invalid ioport range: " + spec);
            }
            ranges.add(new IoportRange(first, last - first + 1));
        }
        return ranges;
    }

    /** iomem=[ "START,PAGES[@GFN]", ... ]: without a GFN the mapping is 1:1. */
    static List<IomemRange> iomem(XlValues values) throws ConfigException {
        List<IomemRange> ranges = new ArrayList<>();
        for (String spec : specs(values, "iomem")) {
            Matcher m = IOMEM.matcher(spec.strip());
            if (!m.matches()) {
                throw error(values, "iomem", "Invalid syntax parsing iomem: " + spec);
            }
            ranges.add(new IomemRange(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16),
                    m.group(3) == null ? null : Long.parseUnsignedLong(m.group(3), 16)));
        }
        return ranges;
    }

    /** irqs=[ N, ... ]; none is no list at all, as libxl leaves it out. */
    static List<Integer> irqs(XlValues values) throws ConfigException {
        List<String> specs = specs(values, "irqs");
        if (specs.isEmpty()) {
            return null;
        }
        List<Integer> irqs = new ArrayList<>();
        for (String spec : specs) {
            try {
                irqs.add(Integer.parseInt(spec.strip()));
            } catch (NumberFormatException e) {
                throw error(values, "irqs", "Invalid argument parsing irq: " + spec);
            }
        }
        return irqs;
    }

    private static List<String> specs(XlValues values, String key) {
        return values.list(key).orElse(List.of());
    }

    private static ConfigException error(XlValues values, String key, String message) {
        Optional<XlConfig.Setting> s = values.config().get(key);
        return new ConfigException(s.orElseThrow().position(), message);
    }
}
