package org.jxen.cli.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A value of a {@link JsonInput}, with its path ({@code domains[1].workload}) and its place in the
 * file: the readers here check its type and range, and {@link #error} reports anything else wrong
 * with it as {@code FILE:LINE:COL: path: message}.
 */
public final class JsonValue {
    private final JsonInput input;
    private final JsonNode node;
    private final JsonPointer pointer;
    private final String path;

    JsonValue(JsonInput input, JsonNode node, JsonPointer pointer, String path) {
        this.input = input;
        this.node = node;
        this.pointer = pointer;
        this.path = path;
    }

    /** Jackson's node, for what the readers here do not cover. */
    public JsonNode node() {
        return node;
    }

    /** Where it is, as {@code events[2].value} (empty for the root). */
    public String path() {
        return path;
    }

    /** An error about this value, at its place: throw it. */
    public JsonInputException error(String message) {
        return input.error(pointer, false, path, message);
    }

    /** Whether this object has {@code key}, even as null. */
    public boolean has(String key) {
        return node.has(key);
    }

    /** The member {@code key} of this object, or null when it has none. */
    public JsonValue get(String key) {
        JsonNode member = node.get(key);
        return member == null ? null : new JsonValue(input, member, pointer.appendProperty(key), childPath(key));
    }

    /** The member {@code key} of this object; an error at the object when it is absent or null. */
    public JsonValue required(String key) throws JsonInputException {
        JsonValue member = get(key);
        if (member == null || member.node.isNull()) {
            throw input.error(pointer, false, childPath(key), "missing");
        }
        return member;
    }

    /** This object, when it has only keys from {@code known}; an unknown key is an error at that key. */
    public JsonValue object(Set<String> known) throws JsonInputException {
        if (!node.isObject()) {
            throw error("expected an object, found " + node);
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw input.error(pointer.appendProperty(key), true, childPath(key), "unknown key (known: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return this;
    }

    /** The elements of this list. */
    public List<JsonValue> list() throws JsonInputException {
        if (!node.isArray()) {
            throw error("expected a list, found " + node);
        }
        List<JsonValue> elements = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            elements.add(new JsonValue(input, node.get(i), pointer.appendIndex(i), path + "[" + i + "]"));
        }
        return elements;
    }

    public String text() throws JsonInputException {
        if (!node.isTextual()) {
            throw error("expected a string, found " + node);
        }
        return node.asText();
    }

    /** A whole number from {@code min} to {@code max}. */
    public long integer(long min, long max) throws JsonInputException {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw error("expected a whole number from " + min + " to " + max + ", found " + node);
        }
        return node.asLong();
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
