package org.jxen.cli.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A JSON file read as a program's input: Jackson's tree of it, and the text, so that an error
 * about any value can name its line and column ({@code FILE:LINE:COL: path: what}). Positions are
 * found only when an error is reported, by scanning the text again to the value.
 */
public final class JsonInput {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String file;
    private final String text;

    private JsonInput(String file, String text) {
        this.file = file;
        this.text = text;
    }

    /** Parses {@code text}, read from {@code file} (the name errors start with), and returns its root. */
    public static JsonValue read(String file, String text) throws JsonInputException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new JsonInputException(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
                    + ": not valid JSON: " + e.getOriginalMessage().replaceFirst("\\s*\\((for|at) .*", "")
                    .replaceFirst("\\s*at \\[Source.*", ""));
        }
        if (root.isMissingNode()) {
            throw new JsonInputException(file + ":1:1: not valid JSON: there is nothing in it");
        }
        return new JsonValue(new JsonInput(file, text), root, JsonPointer.empty(), "");
    }

    /** An error about the value at {@code pointer} (its key, if {@code atKey}), shown as {@code path}. */
    JsonInputException error(JsonPointer pointer, boolean atKey, String path, String message) {
        JsonLocation at = locate(pointer, atKey);
        return new JsonInputException(file + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": "
                + (path.isEmpty() ? "" : path + ": ") + message);
    }

    /** Where the value at {@code pointer} (or the key naming it) starts in the text. */
    private JsonLocation locate(JsonPointer pointer, boolean atKey) {
        try (JsonParser p = MAPPER.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                boolean candidate = atKey ? t == JsonToken.FIELD_NAME : t != JsonToken.FIELD_NAME && !t.isStructEnd();
                if (candidate && p.getParsingContext().pathAsPointer().equals(pointer)) {
                    return p.currentTokenLocation();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the text parsed once and not again", e);
        }
        throw new IllegalStateException("no value at " + pointer + " in " + file);
    }
}
