package org.jxen.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Typed reads of an {@link XlConfig}'s settings with xl's rules: a value of the wrong shape, or a
 * number that does not parse, is reported as a warning (in xl's words) and then treated as not
 * set, as xl does; only the reader decides what is an error. Warnings are kept with the key whose
 * reading gives rise to them, and come out in the order xl reads those keys ({@link XlReadingOrder}),
 * whatever order the reader reads them in. Refusals are kept the same way: xl stops at the first
 * one it meets.
 */
final class XlValues {
    /** A warning and where xl prints it. */
    private record Warning(int rank, String line) {
    }

    private final XlConfig config;
    private final List<Warning> warnings = new ArrayList<>();
    private ConfigException refusal;
    private int refusalRank = Integer.MAX_VALUE;

    XlValues(XlConfig config) {
        this.config = config;
    }

    /** The warnings so far, in xl's order (those of one key as they came). */
    List<String> warnings() {
        return warnings.stream().sorted(Comparator.comparingInt(Warning::rank)).map(Warning::line).toList();
    }

    XlConfig config() {
        return config;
    }

    /** A read that may refuse the config. */
    interface Step<T> {
        T read() throws ConfigException;
    }

    /**
     * What {@code step} reads, or {@code fallback} where it refuses the config: the reading goes on,
     * so that of several faults the one named is the one xl meets first ({@link #throwRefusal}). A
     * refusal is placed where xl reads the key on its line.
     */
    <T> T orRefused(T fallback, Step<T> step) {
        return orRefused(null, fallback, step);
    }

    /** As {@link #orRefused(Object, Step)}, a refusal placed where xl reads {@code checkedAt} (it checks there). */
    <T> T orRefused(String checkedAt, T fallback, Step<T> step) {
        try {
            return step.read();
        } catch (ConfigException e) {
            refuse(e, checkedAt == null ? rank(e) : XlReadingOrder.rank(checkedAt));
            return fallback;
        }
    }

    /** Whether a read so far refused the config. */
    boolean refused() {
        return refusal != null;
    }

    /** Keeps {@code e} if xl would meet it before the refusal kept so far. */
    void refuse(ConfigException e, int rank) {
        if (refusal == null || rank < refusalRank) {
            refusal = e;
            refusalRank = rank;
        }
    }

    /** Where xl reads the key a refusal is about (the setting on its line; the end for one about the whole file). */
    int rank(ConfigException refusal) {
        Position at = refusal.position();
        return config.settings().stream()
                .filter(s -> s.position().file().equals(at.file()) && s.position().line() == at.line())
                .mapToInt(s -> XlReadingOrder.rankOr(s.key(), Integer.MAX_VALUE)).min().orElse(Integer.MAX_VALUE);
    }

    /** Throws the refusal xl would print, if any, with the warnings xl prints before it. */
    void throwRefusal() throws ConfigException {
        if (refusal != null) {
            throw refusal.after(warnings.stream().filter(w -> w.rank() <= refusalRank)
                    .sorted(Comparator.comparingInt(Warning::rank)).map(Warning::line).toList());
        }
    }

    /**
     * A string naming one of {@code constants} by its libxl name; {@code dflt}, libxl's default
     * (not a constant; may be null), reads as null like an unset key. Any other value is an error:
     * {@code unknown} with %s for the value.
     */
    <E extends Enum<E>> E choice(String key, E[] constants, String dflt, String unknown) throws ConfigException {
        Optional<String> v = string(key);
        if (v.isEmpty() || v.get().equalsIgnoreCase(dflt)) {
            return null;
        }
        for (E e : constants) {
            if (DomainConfig.jsonName(e).equalsIgnoreCase(v.get())) { // libxl's enum names ignore case
                return e;
            }
        }
        throw new ConfigException(config.get(key).orElseThrow().position(), unknown.replace("%s", v.get()));
    }

    /** Adds a warning xl prints, in its words, as it reads {@code key}. */
    void warn(String key, String line) {
        warnings.add(new Warning(XlReadingOrder.rank(key), line));
    }

    private void warn(XlConfig.Setting s, String what) {
        warn(s.key(), s.position().file() + ":" + s.position().line() + ": warning: parameter `" + s.key() + "' " + what);
    }

    Optional<String> string(String key) {
        Optional<XlConfig.Setting> s = config.get(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.get().value() instanceof Value.Atom a) {
            return Optional.of(a.text());
        }
        warn(s.get(), "is a list but should be a single value");
        return Optional.empty();
    }

    /** A number as C's strtol with base 0 reads it: decimal, 0x hex or 0 octal, nothing after it. */
    Optional<Long> number(String key) {
        return number(key, true);
    }

    /**
     * A number, or empty without a warning if the value is not one: how xl first tries a key that
     * may also be a name (timer_mode=, tsc_mode=, gfx_passthru=).
     */
    Optional<Long> numberQuietly(String key) {
        return number(key, false);
    }

    /**
     * A BOOLEAN that xl reads without warnings (viridian=, where a list is the other form): a
     * value that is not a number is simply not set.
     */
    Optional<Boolean> boolQuietly(String key) {
        return numberQuietly(key).map(n -> n != 0);
    }

    private Optional<Long> number(String key, boolean warn) {
        Optional<XlConfig.Setting> s = config.get(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.get().appended()) {
            if (warn) {
                warn(key, s.get().position().file() + ":" + s.get().position().line()
                        + ": warning: can't use += with numbers for parameter `" + key + "'");
            }
            return Optional.empty();
        }
        if (!(s.get().value() instanceof Value.Atom a)) {
            if (warn) {
                warn(s.get(), "is a list but should be a single value");
            }
            return Optional.empty();
        }
        // libxlu's strtol(text, &end, 0): a range error first, then anything left after the number
        CNumbers.Scanned n = CNumbers.scan(a.text(), 0, 0);
        boolean outOfRange = n != null && n.outOfLongRange();
        if (n == null || outOfRange || n.end() != a.text().length()) {
            if (warn) {
                warn(s.get(), outOfRange ? "could not be parsed as a number: Numerical result out of range"
                        : "is not a valid number");
            }
            return Optional.empty();
        }
        return Optional.of(n.signedLong());
    }

    /** A number for one of libxl's plain integers, whose default is 0: 0 reads as unset, as libxl's JSON leaves it out. */
    Optional<Integer> nonZeroInteger(String key) {
        return integer(key).filter(n -> n != 0);
    }

    Optional<Integer> integer(String key) {
        return number(key).map(Long::intValue);
    }

    /** 0 is false, any other number true (xl.cfg's BOOLEAN). */
    Optional<Boolean> bool(String key) {
        return number(key).map(n -> n != 0);
    }

    /** The atoms of a list, up to the first item that is itself a list (where xl stops reading). */
    Optional<List<String>> list(String key) {
        Optional<XlConfig.Setting> s = config.get(key);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (!(s.get().value() instanceof Value.ListValue l)) {
            warn(s.get(), "is a single value but should be a list");
            return Optional.empty();
        }
        List<String> items = new ArrayList<>();
        for (Value v : l.items()) {
            if (!(v instanceof Value.Atom a)) {
                break;
            }
            items.add(a.text());
        }
        return Optional.of(items);
    }

    /**
     * Whether {@code given} abbreviates {@code word} as xl's {@code strncmp(given, word, strlen(given))}
     * tests it: any prefix of the word, the empty string too.
     */
    static boolean abbreviates(String given, String word) {
        return word.startsWith(given);
    }

    /**
     * xl's parse_ulong: strtoul's decimal number, whatever follows it; none, or ULONG_MAX (which
     * is also what a minus sign alone makes of "-1"), is xl's error.
     */
    static long parseUlong(String text, Position where) throws ConfigException {
        CNumbers.Scanned n = CNumbers.scan(text, 0, 10);
        if (n == null || n.unsignedLong() == -1L) {
            throw new ConfigException(where, "xl: failed to convert \"" + text + "\" to number");
        }
        return n.unsignedLong();
    }
}
