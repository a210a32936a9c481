package org.jxen.config;

import java.math.BigInteger;
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
            Parsed first = strtoul(spec, 0, 16);
            Parsed last = first;
            if (first != null && first.end() < spec.length() && spec.charAt(first.end()) == '-') {
                last = strtoul(spec, first.end() + 1, 16);
                if (last != null && last.end() != spec.length()) {
                    last = null;
                }
            } else if (first != null && first.end() != spec.length()) {
                // xl says so about anything after a single port, and goes on with the port (measured)
                values.warn("xl: Invalid argument parsing ioport: " + spec);
            }
            if (first == null || last == null) {
                throw error(values, "ioports", "xl: Invalid argument parsing ioport: " + spec);
            }
            ranges.add(new IoportRange(first.value() & UINT32, (last.value() - first.value() + 1) & UINT32));
        }
        return ranges;
    }

    /** iomem=[ "START,PAGES[@GFN]", ... ], hexadecimal, nothing after: without a GFN the mapping is 1:1. */
    static List<IomemRange> iomem(XlValues values) throws ConfigException {
        List<IomemRange> ranges = new ArrayList<>();
        for (String spec : specs(values, "iomem")) {
            Parsed start = strtoul(spec, 0, 16);
            boolean comma = start != null && start.end() < spec.length() && spec.charAt(start.end()) == ',';
            Parsed pages = comma ? strtoul(spec, start.end() + 1, 16) : null;
            boolean at = pages != null && pages.end() < spec.length() && spec.charAt(pages.end()) == '@';
            Parsed gfn = at ? strtoul(spec, pages.end() + 1, 16) : null;
            Parsed last = at ? gfn : pages;
            if (last == null || last.end() != spec.length()) {
                throw error(values, "iomem", "xl: Invalid argument parsing iomem: " + spec);
            }
            ranges.add(new IomemRange(start.value(), pages.value(), gfn == null ? null : gfn.value()));
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
            Parsed irq = strtoul(spec, 0, 10);
            if (irq == null || irq.end() != spec.length()) {
                throw error(values, "irqs", "xl: Invalid argument parsing irq: " + spec);
            }
            irqs.add((int) irq.value());
        }
        return irqs;
    }

    /** A number C's strtoul read, and the index just after it. */
    private record Parsed(long value, int end) {
    }

    /**
     * C's strtoul from {@code at}: blanks, a sign, a 0x before hexadecimal digits, then the digits;
     * null where there are no digits. Like strtoul, a minus sign negates (wrapping) and a value too
     * large for 64 bits is the largest one.
     */
    private static Parsed strtoul(String s, int at, int radix) {
        int i = at;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = i < s.length() && s.charAt(i) == '-';
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        if (radix == 16 && (s.startsWith("0x", i) || s.startsWith("0X", i))
                && i + 2 < s.length() && Character.digit(s.charAt(i + 2), 16) >= 0) {
            i += 2;
        }
        int digits = i;
        while (i < s.length() && Character.digit(s.charAt(i), radix) >= 0) {
            i++;
        }
        if (i == digits) {
            return null;
        }
        BigInteger value = new BigInteger(s.substring(digits, i), radix);
        long v = value.bitLength() > 64 ? -1L : value.longValue();
        return new Parsed(negative ? -v : v, i);
    }

    private static List<String> specs(XlValues values, String key) {
        return values.list(key).orElse(List.of());
    }

    private static ConfigException error(XlValues values, String key, String message) {
        Optional<XlConfig.Setting> s = values.config().get(key);
        return new ConfigException(s.orElseThrow().position(), message);
    }
}
