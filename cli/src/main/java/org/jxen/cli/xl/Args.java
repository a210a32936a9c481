package org.jxen.cli.xl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A subcommand's arguments read as xl reads them (getopt_long): short options, bundled ({@code -wa})
 * or with their value attached or next ({@code -d1}, {@code -d 1}), long options ({@code --wait},
 * {@code --domain=1}, {@code --domain 1}), {@code --} ending the options, the rest positional. As
 * xl's getopt is told ("+"), the options end at the first positional argument: {@code mem-set alpha
 * -5m} asks for -5m (measured).
 */
public final class Args {
    /** One option: its letter, its long name (or null), whether it takes a value, and what it is for. */
    public record Opt(char letter, String longName, String value, String help) {
        public boolean takesValue() {
            return value != null;
        }

        public static Opt flag(char letter, String longName, String help) {
            return new Opt(letter, longName, null, help);
        }

        public static Opt valued(char letter, String longName, String value, String help) {
            return new Opt(letter, longName, value, help);
        }
    }

    private final Map<Character, String> given;
    private final List<String> positional;

    private Args(Map<Character, String> given, List<String> positional) {
        this.given = given;
        this.positional = List.copyOf(positional);
    }

    /** Reads {@code args} against {@code opts}; a failure says what is wrong, in a sentence. */
    public static Args parse(List<Opt> opts, List<String> args) throws XlFailure {
        Map<Character, String> given = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                positional.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = a.substring(2, eq < 0 ? a.length() : eq);
                Opt o = opts.stream().filter(x -> name.equals(x.longName())).findFirst()
                        .orElseThrow(() -> XlFailure.of("unrecognized option '--" + name + "'"));
                if (!o.takesValue()) {
                    if (eq >= 0) {
                        throw XlFailure.of("option '--" + name + "' doesn't allow an argument");
                    }
                    given.put(o.letter(), "");
                } else if (eq >= 0) {
                    given.put(o.letter(), a.substring(eq + 1));
                } else if (++i < args.size()) {
                    given.put(o.letter(), args.get(i));
                } else {
                    throw XlFailure.of("option '--" + name + "' requires an argument");
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int c = 1; c < a.length(); c++) {
                    char letter = a.charAt(c);
                    Opt o = opts.stream().filter(x -> x.letter() == letter).findFirst()
                            .orElseThrow(() -> XlFailure.of("invalid option -- '" + letter + "'"));
                    if (!o.takesValue()) {
                        given.put(letter, "");
                        continue;
                    }
                    if (c + 1 < a.length()) {
                        given.put(letter, a.substring(c + 1));
                    } else if (++i < args.size()) {
                        given.put(letter, args.get(i));
                    } else {
                        throw XlFailure.of("option requires an argument -- '" + letter + "'");
                    }
                    break;
                }
            } else {
                positional.addAll(args.subList(i, args.size()));
                break;
            }
        }
        return new Args(given, positional);
    }

    public boolean has(char letter) {
        return given.containsKey(letter);
    }

    /** The option's value, or null when it was not given. */
    public String value(char letter) {
        return given.get(letter);
    }

    public List<String> positional() {
        return positional;
    }

    /** The {@code i}th positional argument, or null. */
    public String positional(int i) {
        return i < positional.size() ? positional.get(i) : null;
    }
}
