package org.jxen.api.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jxen.api.XenApiFailure;

/**
 * Reads the model file (its format is described at the top of {@code xenapi.model}) into a
 * {@link DataModel}; a malformed line fails with {@code <source>:<line>: <what is wrong>}.
 */
final class ModelReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final Map<String, Type.EnumType> enums = new LinkedHashMap<>();
    private final List<ApiClass> classes = new ArrayList<>();
    /**
     * Record types of fields and parameters, with the line naming them, checked once every class is
     * known: coercing a value of one needs its class. (A result may be a record XAPI builds outside
     * its classes, e.g. {@code data_source record set}.)
     */
    private final Map<String, Integer> recordTypes = new LinkedHashMap<>();
    private String version;
    private int line;
    private ClassSpec open;

    /** A class being read: where it starts and its lines so far. */
    private record ClassSpec(String name, int line, Set<GenericMessages.Flag> flags, List<Field> fields, List<Message> messages,
            List<String> namespaces) {
    }

    /** A failure that already says where. */
    private static final class Located extends IllegalArgumentException {
        Located(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ModelReader(String source) {
        this.source = source;
    }

    static DataModel read(String source, String text) {
        return new ModelReader(source).readAll(text);
    }

    private DataModel readAll(String text) {
        for (String raw : text.split("\n", -1)) {
            line++;
            String l = raw.stripTrailing();
            if (l.isBlank() || l.strip().startsWith("#")) {
                continue;
            }
            try {
                if (Character.isWhitespace(l.charAt(0))) {
                    member(l.strip());
                } else {
                    topLevel(l);
                }
            } catch (Located e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw at(line, e.getMessage(), e);
            }
        }
        closeClass();
        if (version == null) {
            throw at(line, "no 'version' line", null);
        }
        Set<String> names = new HashSet<>(classes.stream().map(ApiClass::name).toList());
        recordTypes.forEach((cls, where) -> {
            if (!names.contains(cls)) {
                throw at(where, "'" + cls + " record' names no class of the model", null);
            }
        });
        return new DataModel(version, classes);
    }

    private Located at(int where, String message, Throwable cause) {
        return new Located(source + ":" + where + ": " + message, cause);
    }

    private void topLevel(String l) {
        String[] words = l.split("\\s+", 2);
        String rest = words.length > 1 ? words[1] : "";
        switch (words[0]) {
            case "version" -> {
                if (!rest.matches("[0-9]+\\.[0-9]+")) {
                    throw new IllegalArgumentException("expected 'version <major>.<minor>', got '" + l + "'");
                }
                version = rest;
            }
            case "enum" -> {
                String[] nameValues = colon(rest);
                if (nameValues[1].isBlank()) {
                    throw new IllegalArgumentException("enum " + nameValues[0] + " has no values");
                }
                List<String> values = List.of(nameValues[1].strip().split("\\s+"));
                if (enums.put(nameValues[0], new Type.EnumType(nameValues[0], values)) != null) {
                    throw new IllegalArgumentException("enum " + nameValues[0] + " declared twice");
                }
            }
            case "class" -> {
                closeClass();
                String[] nameFlags = colon(rest);
                Set<GenericMessages.Flag> flags = EnumSet.noneOf(GenericMessages.Flag.class);
                for (String word : nameFlags[1].strip().split("\\s+")) {
                    if (!word.isEmpty()) {
                        flags.add(GenericMessages.Flag.of(word));
                    }
                }
                if (classes.stream().anyMatch(c -> c.name().equals(nameFlags[0]))) {
                    throw new IllegalArgumentException("class " + nameFlags[0] + " declared twice");
                }
                open = new ClassSpec(nameFlags[0], line, flags, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            }
            default -> throw new IllegalArgumentException("expected 'version', 'enum' or 'class', got '" + words[0] + "'");
        }
    }

    private void member(String l) {
        if (open == null) {
            throw new IllegalArgumentException("an indented line outside a class");
        }
        if (l.startsWith("message ")) {
            open.messages().add(message(l.substring("message ".length())));
            return;
        }
        if (l.startsWith("namespaces ")) {
            for (String ns : l.substring("namespaces ".length()).strip().split("\\s+")) {
                open.namespaces().add(identifier(ns, l));
            }
            return;
        }
        String[] nameRest = colon(l);
        List<String> parts = LineSyntax.split(nameRest[1], ',');
        if (parts.size() != 2) {
            throw new IllegalArgumentException("expected '<field>: <type>, <qualifier>[ = <default>]'");
        }
        Type type = type(parts.get(0));
        String[] qualifierDefault = LineSyntax.splitOnce(parts.get(1), " = ");
        Qualifier qualifier = switch (qualifierDefault[0].strip()) {
            case "RW" -> Qualifier.RW;
            case "StaticRO" -> Qualifier.STATIC_RO;
            case "DynamicRO" -> Qualifier.DYNAMIC_RO;
            default -> throw new IllegalArgumentException("expected RW, StaticRO or DynamicRO, got '" + qualifierDefault[0].strip() + "'");
        };
        Object value = qualifierDefault[1] == null ? type.emptyValue() : literal(qualifierDefault[1], type);
        if (open.fields().stream().anyMatch(f -> f.name().equals(nameRest[0]))) {
            throw new IllegalArgumentException("field " + nameRest[0] + " declared twice");
        }
        open.fields().add(new Field(nameRest[0], type, qualifier, value));
    }

    /** {@code name(p: type[ = default], ...)[ -> type][, async][, no-session]}. */
    private Message message(String l) {
        int paren = l.indexOf('(');
        int close = paren < 0 ? -1 : LineSyntax.closing(l, paren);
        if (close < 0) {
            throw new IllegalArgumentException("expected 'message <name>(<params>)...'");
        }
        List<Param> params = new ArrayList<>();
        for (String p : LineSyntax.split(l.substring(paren + 1, close), ',')) {
            if (p.isBlank()) {
                continue;
            }
            String[] nameRest = colon(p.strip());
            String[] typeDefault = LineSyntax.splitOnce(nameRest[1], " = ");
            Type type = type(typeDefault[0]);
            params.add(new Param(nameRest[0], type, typeDefault[1] == null ? null : literal(typeDefault[1], type)));
        }
        List<String> tail = LineSyntax.split(l.substring(close + 1), ',');
        String result = tail.getFirst().strip();
        if (!result.isEmpty() && !result.startsWith("-> ")) {
            throw new IllegalArgumentException("expected ' -> <type>' after the parameters, got '" + result + "'");
        }
        boolean async = false;
        boolean session = true;
        for (String flag : tail.subList(1, tail.size())) {
            switch (flag.strip()) {
                case "async" -> async = true;
                case "no-session" -> session = false;
                default -> throw new IllegalArgumentException("unknown message flag '" + flag.strip() + "'");
            }
        }
        Type resultType = result.isEmpty() ? null : TypeParser.parse(result.substring(3).strip(), enums);
        return new Message(identifier(l.substring(0, paren), l), params, resultType, async, session);
    }

    private void closeClass() {
        if (open == null) {
            return;
        }
        List<Message> all = GenericMessages.around(open.name(), open.fields(), open.flags(), open.messages());
        Set<String> seen = new HashSet<>();
        for (Message m : all) {
            if (!seen.add(m.name())) {
                throw at(open.line(), "class " + open.name() + " has two messages named " + m.name(), null);
            }
        }
        for (String ns : open.namespaces()) {
            if (open.fields().stream().noneMatch(f -> f.name().startsWith(ns + "_"))) {
                throw at(open.line(), "class " + open.name() + " has no field in namespace " + ns, null);
            }
        }
        classes.add(new ApiClass(open.name(), open.fields(), all, open.namespaces()));
        open = null;
    }

    private Type type(String text) {
        Type t = TypeParser.parse(text.strip(), enums);
        noteRecords(t);
        return t;
    }

    private void noteRecords(Type t) {
        switch (t) {
            case Type.RecordType r -> recordTypes.putIfAbsent(r.cls(), line);
            case Type.SetType s -> noteRecords(s.element());
            case Type.MapType m -> {
                noteRecords(m.key());
                noteRecords(m.value());
            }
            default -> {
            }
        }
    }

    /** A default: a JSON literal read as {@code type}. */
    private static Object literal(String json, Type type) {
        try {
            return type.coerce(JSON.readValue(json.strip(), Object.class), "default");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("default " + json.strip() + " is not a JSON value: " + e.getOriginalMessage());
        } catch (XenApiFailure e) {
            throw new IllegalArgumentException("default " + json.strip() + " is not a " + type.describe() + ": " + e.params());
        }
    }

    /** {@code name: rest} split at the first colon; the name must be a plain identifier. */
    private static String[] colon(String l) {
        int i = l.indexOf(':');
        return new String[] {identifier(i < 0 ? "" : l.substring(0, i), l), l.substring(i + 1)};
    }

    private static String identifier(String name, String l) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("expected a name at the start of '" + l + "'");
        }
        return name;
    }
}
