package org.jxen.toolstack.save;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads the fields of one record body, checking each against the bytes left: a body whose CRC
 * holds can still be malformed when a different program (or a bug) wrote it, and that must be an
 * error naming the field, not an exception from deep inside a buffer.
 */
final class BodyReader {
    private final ByteBuffer body;

    BodyReader(ByteBuffer body) {
        this.body = body;
    }

    int u32(String field) {
        need(4, field);
        return body.getInt();
    }

    long u64(String field) {
        need(8, field);
        return body.getLong();
    }

    /** {@code count} u64s in a row (a PAGES record's frame entries: one check, not one a field). */
    long[] u64s(String field, int count) {
        need(8L * count, count + " " + field);
        long[] values = new long[count];
        body.asLongBuffer().get(values);
        body.position(body.position() + 8 * count);
        return values;
    }

    /** A u32 that must be a count or length of at most {@code max}. */
    int count(String field, int max) {
        int count = u32(field);
        if (count < 0 || count > max) {
            throw new Malformed(field + " " + Integer.toUnsignedString(count) + " exceeds " + max);
        }
        return count;
    }

    String string(String field) {
        return utf8(bytes(field), field);
    }

    byte[] bytes(String field) {
        int length = count(field + " length", body.remaining());
        byte[] bytes = new byte[length];
        body.get(bytes);
        return bytes;
    }

    List<Integer> ints(String field) {
        int count = count(field + " count", body.remaining() / 4);
        List<Integer> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(body.getInt());
        }
        return values;
    }

    SortedMap<String, String> map(String field) {
        int count = count(field + " entries", body.remaining() / 8);
        SortedMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String key = string(field + " key");
            if (map.put(key, string(field + " value of " + key)) != null) {
                throw new Malformed(field + " has the key " + key + " twice");
            }
        }
        return map;
    }

    /** The rest of the body as UTF-8 text. */
    String rest(String field) {
        byte[] bytes = new byte[body.remaining()];
        body.get(bytes);
        return utf8(bytes, field);
    }

    /** Checks that every byte of the body was read. */
    void end(String record) {
        if (body.hasRemaining()) {
            throw new Malformed(body.remaining() + " bytes left over after the " + record + " fields");
        }
    }

    private void need(long bytes, String field) {
        if (body.remaining() < bytes) {
            throw new Malformed("body ends inside " + field + " (needs " + bytes + " bytes, " + body.remaining() + " left)");
        }
    }

    private static String utf8(byte[] bytes, String field) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed(field + " is not valid UTF-8");
        }
    }

    /** A body that does not hold the fields its type requires; the reader adds file, offset and record. */
    static final class Malformed extends RuntimeException {
        Malformed(String problem) {
            super(problem, null, false, false);
        }
    }
}
