package org.jxen.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jxen.config.DomainConfig.IomemRange;
import org.jxen.config.DomainConfig.IoportRange;

/**
 * The hardware a guest may reach directly: ioports= and iomem= (hexadecimal ranges) and irqs=,
 * read as xl reads them (C's strtoul), so the same strings pass (measured: docs/config.md).
 */
final class IoRanges {
    private static final long UINT32 = 0xffff_ffffL;

    private IoRanges() {
    }

    /**
     * ioports=[ "FIRST[-LAST]", ... ], hexadecimal. libxl keeps a range as its first port and a
     * count of 32 bits; xl does not check that LAST is not below FIRST, and the count wraps.
     */
    static List<IoportRange> ioports(XlValues values) throws ConfigException {
        List<IoportRange> ranges = new ArrayList<>();
        for (String spec : specs(values, "ioports")) {
            CNumbers.Scanned first = CNumbers.scan(spec, 0, 16);
            if (first == null) {
                throw error(values, "ioports", "xl: Invalid argument parsing ioport: " + spec);
            }
            long start = below32Bits(values, "ioports", "ioport", first);
            long end = start;
            if (spec.startsWith("-", first.end())) {
                CNumbers.Scanned last = CNumbers.scan(spec, first.end() + 1, 16);
                if (last == null || last.end() != spec.length()) {
                    throw error(values, "ioports", "xl: Invalid argument parsing ioport: " + spec);
                }
                end = below32Bits(values, "ioports", "ioport", last);
            } else if (first.end() != spec.length()) {
                // xl says so about anything after a single port, and goes on with the port (measured)
                values.warn("ioports", "xl: Invalid argument parsing ioport: " + spec);
            }
            ranges.add(new IoportRange(start, (end - start + 1) & UINT32));
        }
        return ranges;
    }

    /** iomem=[ "START,PAGES[@GFN]", ... ], hexadecimal, nothing after: without a GFN the mapping is 1:1. */
    static List<IomemRange> iomem(XlValues values) throws ConfigException {
        List<IomemRange> ranges = new ArrayList<>();
        for (String spec : specs(values, "iomem")) {
            CNumbers.Scanned start = CNumbers.scan(spec, 0, 16);
            boolean comma = start != null && start.end() < spec.length() && spec.charAt(start.end()) == ',';
            CNumbers.Scanned pages = comma ? CNumbers.scan(spec, start.end() + 1, 16) : null;
            boolean at = pages != null && pages.end() < spec.length() && spec.charAt(pages.end()) == '@';
            CNumbers.Scanned gfn = at ? CNumbers.scan(spec, pages.end() + 1, 16) : null;
            CNumbers.Scanned last = at ? gfn : pages;
            if (last == null || last.end() != spec.length()) {
                throw error(values, "iomem", "xl: Invalid argument parsing iomem: " + spec);
            }
            ranges.add(new IomemRange(start.unsignedLong(), pages.unsignedLong(), gfn == null ? null : gfn.unsignedLong()));
        }
        return ranges;
    }

    /** irqs=[ N, ... ], decimal; none is no list at all, as libxl leaves it out. */
    static List<Integer> irqs(XlValues values) throws ConfigException {
        List<String> specs = specs(values, "irqs");
        if (specs.isEmpty()) {
            return null;
        }
        List<Integer> irqs = new ArrayList<>();
        for (String spec : specs) {
            CNumbers.Scanned irq = CNumbers.scan(spec, 0, 10);
            if (irq == null || irq.end() != spec.length()) {
                throw error(values, "irqs", "xl: Invalid argument parsing irq: " + spec);
            }
            irqs.add((int) below32Bits(values, "irqs", "irq", irq));
        }
        return irqs;
    }

    /** A port or an IRQ, which xl refuses from UINT32_MAX up ("xl: ioport fffffffffffffff0 too big" for "-10"). */
    private static long below32Bits(XlValues values, String key, String what, CNumbers.Scanned n) throws ConfigException {
        if (Long.compareUnsigned(n.unsignedLong(), UINT32) >= 0) {
            throw error(values, key, "xl: " + what + " " + Long.toHexString(n.unsignedLong()) + " too big");
        }
        return n.unsignedLong();
    }

    private static List<String> specs(XlValues values, String key) {
        return values.list(key).orElse(List.of());
    }

    private static ConfigException error(XlValues values, String key, String message) {
        Optional<XlConfig.Setting> s = values.config().get(key);
        return new ConfigException(s.orElseThrow().position(), message);
    }
}
