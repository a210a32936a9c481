package org.jxen.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads one JSON value into the values of {@link RpcCall} with Jackson's streaming parser: integers
 * as Long, other numbers as Double, objects as LinkedHashMap in wire order. Refuses what XAPI's
 * Yojson refuses (integers beyond 64 bits, anything after the value, NaN) and also duplicate
 * members and nesting deeper than {@link #MAX_DEPTH}.
 */
final class JsonReader {
    /** How deep values may nest, as for XML-RPC. */
    static final int MAX_DEPTH = XmlRpcReader.MAX_DEPTH;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]");

    private JsonReader() {
    }

    /** The one JSON value in {@code body}; {@code what} starts every error message. */
    static Object read(byte[] body, String what) throws RpcParseException {
        if (body.length == 0) {
            throw new RpcParseException(what + ": the body is empty");
        }
        try (JsonParser json = FACTORY.createParser(body)) {
            Object value = value(json, json.nextToken(), 1, what);
            if (json.nextToken() != null) {
                throw error(json, what, "more after the end of the JSON value");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new RpcParseException(what + at(e.getLocation()) + ": " + withoutSource(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new RpcParseException(what + ": " + e.getMessage(), e);
        }
    }

    private static Object value(JsonParser json, JsonToken token, int depth, String what) throws IOException,
            RpcParseException {
        if (depth > MAX_DEPTH) {
            throw error(json, what, "values nested deeper than " + MAX_DEPTH + " levels");
        }
        if (token == null) {
            throw error(json, what, "the body ends where a value should be");
        }
        return switch (token) {
            case VALUE_STRING -> json.getText();
            case VALUE_NUMBER_INT -> {
                if (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw error(json, what, "the integer " + json.getText() + " does not fit in 64 bits");
                }
                yield json.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> json.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                JsonToken next;
                while ((next = json.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(json, next, depth + 1, what));
                }
                yield items;
            }
            case START_OBJECT -> {
                Map<String, Object> members = new LinkedHashMap<>();
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String name = json.currentName();
                    members.put(name, value(json, json.nextToken(), depth + 1, what));
                }
                yield members;
            }
            default -> throw error(json, what, "unexpected " + token);
        };
    }

    private static RpcParseException error(JsonParser json, String what, String message) {
        return new RpcParseException(what + at(json.currentLocation()) + ": " + message);
    }

    /** Jackson's message with its "[Source: REDACTED ...; line: l, column: c]" as "l:c". */
    private static String withoutSource(String message) {
        return SOURCE.matcher(message).replaceAll("$1:$2");
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " " + location.getLineNr() + ":" + location.getColumnNr();
    }
}
