package org.jxen.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The UTF-8 bytes of a message being written, straight into a byte array (a reply of every VM's
 * record is megabytes): kept whole ({@link #toBytes}), or handed to a {@link ReplySink} a chunk of
 * about {@link #CHUNK} bytes at a time, so a large reply is never held whole.
 */
final class ReplyBytes {
    /**
     * How much a streamed message holds before it hands a chunk on. Nothing reaches the sink before
     * this much is written, so a message that fails to encode early has sent nothing yet.
     */
    static final int CHUNK = 64 * 1024;

    private byte[] out = new byte[256];
    private int size;
    /** Where chunks go; null to keep the whole message. */
    private final ReplySink sink;

    ReplyBytes(ReplySink sink) {
        this.sink = sink;
    }

    /** Text that is ASCII (markup, punctuation, numbers). */
    void ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            out[size++] = (byte) text.charAt(i);
        }
    }

    void ascii(char c) {
        ensure(1);
        out[size++] = (byte) c;
    }

    /** One character as UTF-8; a surrogate pair's two halves come as one code point. */
    void utf8(int codePoint) {
        ensure(4);
        if (codePoint < 0x80) {
            out[size++] = (byte) codePoint;
        } else if (codePoint < 0x800) {
            out[size++] = (byte) (0xC0 | codePoint >> 6);
            out[size++] = (byte) (0x80 | codePoint & 0x3F);
        } else if (codePoint < 0x10000) {
            out[size++] = (byte) (0xE0 | codePoint >> 12);
            out[size++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
            out[size++] = (byte) (0x80 | codePoint & 0x3F);
        } else {
            out[size++] = (byte) (0xF0 | codePoint >> 18);
            out[size++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
            out[size++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
            out[size++] = (byte) (0x80 | codePoint & 0x3F);
        }
    }

    /** Bytes already encoded. */
    void bytes(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, out, size, encoded.length);
        size += encoded.length;
    }

    /** A whole number's decimal digits, written in place. */
    void number(long n) {
        if (n == Long.MIN_VALUE) {
            ascii(Long.toString(n));
            return;
        }
        ensure(20);
        if (n < 0) {
            out[size++] = '-';
            n = -n;
        }
        int digits = 1;
        for (long rest = n; rest >= 10; rest /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            out[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        size += digits;
    }

    /** The ASCII characters {@code chars} names, as a table for {@link #plainAscii}. */
    static boolean[] special(String chars) {
        boolean[] table = new boolean[0x80];
        chars.chars().forEach(c -> table[c] = true);
        return table;
    }

    /**
     * Copies {@code text} as it is if it is printable ASCII with none of the {@code special}
     * characters, in one pass; otherwise writes nothing and returns false.
     */
    boolean plainAscii(String text, boolean[] special) {
        ensure(text.length());
        int at = size;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7F || special[c]) {
                return false;
            }
            out[at++] = (byte) c;
        }
        size = at;
        return true;
    }

    /** Room for {@code more} bytes, after handing the sink what is written if a chunk's worth is. */
    private void ensure(int more) {
        if (sink != null && size > 0 && size + more > CHUNK) {
            try {
                sink.write(out, size, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // through the writers' recursion; finish's callers unwrap it
            }
            size = 0;
        }
        if (size + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }

    byte[] toBytes() {
        return Arrays.copyOf(out, size);
    }

    /** Hands the sink the rest of a streamed message as its last chunk. */
    void finish() throws IOException {
        sink.write(out, size, true);
    }
}
