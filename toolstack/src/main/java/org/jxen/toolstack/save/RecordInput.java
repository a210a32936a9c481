package org.jxen.toolstack.save;

import static org.jxen.toolstack.save.SaveFormat.FILE_HEADER_BYTES;
import static org.jxen.toolstack.save.SaveFormat.MAX_BODY;
import static org.jxen.toolstack.save.SaveFormat.MAX_RECORD;
import static org.jxen.toolstack.save.SaveFormat.RECORD_HEADER_BYTES;
import static org.jxen.toolstack.save.SaveFormat.RECORD_TRAILER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The framing half of reading a save image: the file header, then one whole record at a time,
 * each checked (length, truncation, padding, index, CRC32C) before anyone looks at its body.
 * What the records mean, and their order, is {@link SaveReader}'s business.
 *
 * <p>Reads go through one direct buffer, grown to the largest record seen, and stop where the
 * record asked for ends (or 64 KiB on), so a 4 MiB PAGES record is one or two reads and is not
 * moved about in the buffer.
 */
final class RecordInput implements AutoCloseable {
    /** One checked record; its body is valid until the next {@link #next}. */
    record Frame(int code, int index, long offset, ByteBuffer body) {
        String describe() {
            return RecordInput.describe(index, code);
        }
    }

    /** Bytes read at least at a time, so that small records do not cost a read each. */
    private static final int READ_AHEAD = 64 * 1024;

    private final ReadableByteChannel channel;
    private final String source;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024).order(ByteOrder.LITTLE_ENDIAN).limit(0);
    private long offset;
    private int index;

    RecordInput(ReadableByteChannel channel, String source) {
        this.channel = channel;
        this.source = source;
    }

    /** Checks the file header: a jxen image, a major version this reader knows, little-endian, intact. */
    void header() throws IOException {
        int got = fill(FILE_HEADER_BYTES);
        int p = buf.position();
        byte[] start = new byte[Math.min(got, SaveFormat.MAGIC.length)];
        buf.get(p, start);
        if (!Arrays.equals(start, 0, start.length, SaveFormat.MAGIC, 0, start.length) || got == 0) {
            throw error(0, "not a jxen save image (it starts with " + (got == 0 ? "nothing: the file is empty"
                    : HexFormat.of().formatHex(start)) + ", a save image with " + HexFormat.of().formatHex(SaveFormat.MAGIC)
                    + "); check the file name given to restore");
        }
        if (got < FILE_HEADER_BYTES) {
            throw error(0, "truncated file header (" + got + " of " + FILE_HEADER_BYTES
                    + " bytes); the image was cut short and cannot be restored");
        }
        int major = Short.toUnsignedInt(buf.getShort(p + 8));
        int minor = Short.toUnsignedInt(buf.getShort(p + 10));
        if (major > SaveFormat.MAJOR || major == 0) {
            throw error(8, "format version " + major + "." + minor + " is not one this jxen reads ("
                    + SaveFormat.MAJOR + ".x); restore it with the jxen that saved it");
        }
        int mark = buf.getInt(p + 12);
        if (mark != SaveFormat.BYTE_ORDER_MARK) {
            throw error(12, "byte-order mark " + Integer.toHexString(mark) + " instead of 1020304"
                    + (mark == Integer.reverseBytes(SaveFormat.BYTE_ORDER_MARK) ? " (a big-endian image)" : "")
                    + "; jxen writes little-endian images only, this one is damaged or not jxen's");
        }
        crc.reset();
        crc.update(buf.slice(p, 20));
        int stored = buf.getInt(p + 20);
        if (stored != (int) crc.getValue()) {
            throw error(0, "file header checksum mismatch (stored " + hex(stored) + ", computed "
                    + hex((int) crc.getValue()) + "); the image is damaged and cannot be restored");
        }
        int flags = buf.getInt(p + 16);
        if (flags != 0) {
            throw error(16, "unknown header flags " + hex(flags) + "; restore it with the jxen that saved it");
        }
        advance(FILE_HEADER_BYTES);
    }

    /** The next record, checked; null when the file ends where a record would start. */
    Frame next() throws IOException {
        long start = offset;
        int got = fill(RECORD_HEADER_BYTES);
        if (got == 0) {
            return null;
        }
        String what = "record " + index;
        if (got < RECORD_HEADER_BYTES) {
            throw truncated(start, what, RECORD_HEADER_BYTES, got);
        }
        int p = buf.position();
        int code = buf.getInt(p);
        int length = buf.getInt(p + 4);
        what = describe(index, code);
        if (length < 0 || length > MAX_BODY) {
            throw error(start, what + ": body length " + Integer.toUnsignedString(length) + " exceeds the maximum "
                    + MAX_BODY + "; the image is damaged and cannot be restored");
        }
        int padding = SaveFormat.padding(length);
        int total = RECORD_HEADER_BYTES + length + padding + RECORD_TRAILER_BYTES;
        got = fill(total);
        if (got < total) {
            throw truncated(start, what, total, got);
        }
        p = buf.position();
        int trailer = p + RECORD_HEADER_BYTES + length + padding;
        crc.reset();
        crc.update(buf.slice(p, trailer + 4 - p));
        int stored = buf.getInt(trailer + 4);
        if (stored != (int) crc.getValue()) {
            throw error(start, what + ": checksum mismatch (stored " + hex(stored) + ", computed "
                    + hex((int) crc.getValue()) + "); the image is damaged and cannot be restored");
        }
        int storedIndex = buf.getInt(trailer);
        if (storedIndex != index) {
            throw error(start, what + ": index " + Integer.toUnsignedString(storedIndex) + " where " + index
                    + " was expected, so a record is missing or repeated; the image is damaged and cannot be restored");
        }
        for (int i = trailer - padding; i < trailer; i++) {
            if (buf.get(i) != 0) {
                throw error(start, what + ": non-zero padding; the image was not written by jxen");
            }
        }
        Frame frame = new Frame(code, index, start, buf.slice(p + RECORD_HEADER_BYTES, length).order(ByteOrder.LITTLE_ENDIAN));
        index++;
        advance(total);
        return frame;
    }

    /** Whether the file has no more bytes. */
    boolean atEnd() throws IOException {
        return fill(1) == 0;
    }

    long offset() {
        return offset;
    }

    String source() {
        return source;
    }

    SaveImageException error(long at, String problem) {
        return new SaveImageException(source, at, problem);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private SaveImageException truncated(long start, String what, int needed, int got) {
        return error(start, what + " truncated: it needs " + needed + " bytes, the file ends " + got
                + " bytes in; the image was cut short (an interrupted save or copy) and cannot be restored");
    }

    private void advance(int bytes) {
        buf.position(buf.position() + bytes);
        offset += bytes;
    }

    /** Makes {@code n} bytes readable at the position if the file has them; returns how many it has, up to n. */
    private int fill(int n) throws IOException {
        if (buf.remaining() >= n) {
            return n;
        }
        if (buf.capacity() < n) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.min(MAX_RECORD, Math.max(n, 2 * buf.capacity())))
                    .order(ByteOrder.LITTLE_ENDIAN);
            buf = bigger.put(buf).flip();
        }
        buf.compact();
        // no further than asked (or the read-ahead): what is read beyond it the next compact moves
        buf.limit(Math.min(buf.capacity(), Math.max(n, READ_AHEAD)));
        while (buf.position() < n && channel.read(buf) >= 0) {
            // a channel may return fewer bytes than asked
        }
        buf.flip();
        return Math.min(buf.remaining(), n);
    }

    /** "record 3 (PAGES)": the index and the type as stored, which the checksum may yet refute. */
    static String describe(int index, int code) {
        RecordType type = RecordType.of(code);
        return "record " + index + " (" + (type != null ? type : "type " + Integer.toHexString(code)) + ")";
    }

    private static String hex(int value) {
        return String.format("%08x", value);
    }
}
