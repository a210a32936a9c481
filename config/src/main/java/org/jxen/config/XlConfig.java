package org.jxen.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed xl.cfg file: its settings by key, in the order they first appear. Repeating a key
 * replaces its value; {@code +=} appends (see {@link Builder#append}). Keys are case-sensitive.
 */
public final class XlConfig {
    /**
     * One {@code KEY=VALUE}; {@code position} is where the key was last set, {@code appended}
     * whether that was with {@code +=} (xl then refuses the value as a number).
     */
    public record Setting(String key, Value value, Position position, boolean appended) {
    }

    private final String file;
    private final Map<String, Setting> settings;
    private final Position end;

    private XlConfig(String file, Map<String, Setting> settings, Position end) {
        this.file = file;
        this.settings = Collections.unmodifiableMap(settings);
        this.end = end;
    }

    public String file() {
        return file;
    }

    /** Where the file ends: the position of errors about something the file lacks. */
    public Position end() {
        return end;
    }

    public Optional<Setting> get(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    public List<Setting> settings() {
        return List.copyOf(settings.values());
    }

    /**
     * This config with {@code later}'s settings applied on top, as if its text followed this file:
     * xl's {@code KEY=VALUE} arguments after the config file name.
     */
    public XlConfig followedBy(XlConfig later) throws ConfigException {
        Builder b = new Builder(file);
        settings.values().forEach(s -> b.settings.put(s.key(), s));
        for (Setting s : later.settings.values()) {
            if (s.appended()) {
                b.append(s.key(), s.value(), s.position());
            } else {
                b.set(s.key(), s.value(), s.position());
            }
        }
        return b.build(end);
    }

    static final class Builder {
        private final String file;
        private final Map<String, Setting> settings = new LinkedHashMap<>();

        Builder(String file) {
            this.file = file;
        }

        void set(String key, Value value, Position position) {
            settings.put(key, new Setting(key, value, position, false));
        }

        /**
         * {@code KEY+=VALUE}: a list gets the new list's items, a string the new string's text; a
         * key not set before is simply set.
         */
        void append(String key, Value value, Position position) throws ConfigException {
            Setting old = settings.get(key);
            if (old == null) {
                settings.put(key, new Setting(key, value, position, true));
                return;
            }
            Value joined = switch (old.value()) {
                case Value.ListValue l when value instanceof Value.ListValue more -> {
                    List<Value> items = new ArrayList<>(l.items());
                    items.addAll(more.items());
                    yield new Value.ListValue(items, l.position());
                }
                case Value.Atom a when value instanceof Value.Atom more ->
                        new Value.Atom(a.text() + more.text(), a.quoted(), a.position());
                default -> throw new ConfigException(position, "cannot append a " + kind(value) + " to " + key
                        + ", which is a " + kind(old.value()) + " (set at " + old.position().lineColumn() + ")");
            };
            settings.put(key, new Setting(key, joined, position, true));
        }

        private static String kind(Value v) {
            return v instanceof Value.ListValue ? "list" : "string";
        }

        XlConfig build(Position end) {
            return new XlConfig(file, new LinkedHashMap<>(settings), end);
        }
    }
}
