package org.jxen.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What writing a value and reading it back does to it, as XAPI writes values, stated independently
 * of the codecs (for the round-trip properties):
 * <ul>
 *   <li>XML-RPC: a Long is written untagged as XAPI does, so it reads back as its decimal String;
 *       an Integer ({@code <i4>}) as a Long; a double is printed with 16 significant digits, so it
 *       reads back as the double nearest to its 16-digit rounding; a datetime keeps whole seconds;
 *       characters outside XML 1.0's Char production are left out.</li>
 *   <li>JSON-RPC: an Integer reads back as a Long, a datetime as XAPI's string, NaN and the
 *       infinities as the strings "NaN", "Infinity", "-Infinity".</li>
 * </ul>
 */
final class WireEffects {
    private static final MathContext SIXTEEN_DIGITS = new MathContext(16, RoundingMode.HALF_EVEN);

    private WireEffects() {
    }

    static Object afterXmlRpc(Object value) {
        return switch (value) {
            case String s -> xmlChars(s);
            case Long l -> l.toString();
            case Integer i -> i.longValue();
            case Double d -> Double.isFinite(d) && d != 0 ? Double.parseDouble(new BigDecimal(d).round(SIXTEEN_DIGITS).toString()) : d;
            case Instant t -> t.truncatedTo(ChronoUnit.SECONDS);
            case List<?> list -> list.stream().map(WireEffects::afterXmlRpc).toList();
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(xmlChars((String) k), afterXmlRpc(v)));
                yield copy;
            }
            case null, default -> value;
        };
    }

    /** {@code s} without what XML 1.0's Char production excludes. */
    static String xmlChars(String s) {
        StringBuilder kept = new StringBuilder();
        s.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000).forEach(kept::appendCodePoint);
        return kept.toString();
    }

    static Object afterJson(Object value) {
        return switch (value) {
            case Integer i -> i.longValue();
            case Double d when d.isNaN() -> "NaN";
            case Double d when d.isInfinite() -> d > 0 ? "Infinity" : "-Infinity";
            case Instant t -> DateTimes.format(t);
            case List<?> list -> list.stream().map(WireEffects::afterJson).toList();
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k, afterJson(v)));
                yield copy;
            }
            case null, default -> value;
        };
    }

    /**
     * A value comparable with equals: maps as lists of [key, value] so that comparing them compares
     * their order too, byte arrays as buffers (equal by content).
     */
    static Object ordered(Object value) {
        return switch (value) {
            case List<?> list -> list.stream().map(WireEffects::ordered).toList();
            case Map<?, ?> map -> map.entrySet().stream().map(e -> Arrays.asList(e.getKey(), ordered(e.getValue()))).toList();
            case byte[] bytes -> ByteBuffer.wrap(bytes);
            case null, default -> value;
        };
    }
}
