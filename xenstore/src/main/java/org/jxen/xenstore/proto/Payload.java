package org.jxen.xenstore.proto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Payload encoding: XenStore payloads are nul-terminated strings, sometimes followed by a raw
 * value (WRITE) or a reserved trailing field.
 */
public final class Payload {
    public static final byte[] OK = nulTerminated("OK");

    private Payload() {
    }

    /**
     * Splits a payload into its nul-terminated strings. Bytes after the last nul are not a string
     * and are dropped, as C xenstored's {@code get_strings} does.
     */
    public static List<String> strings(byte[] payload) {
        List<String> out = new ArrayList<>(4);
        int start = 0;
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 0) {
                out.add(new String(payload, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        return out;
    }

    /** The payload's single string, or null unless it is exactly one nul-terminated string. */
    public static String oneString(byte[] payload) {
        if (payload.length == 0 || payload[payload.length - 1] != 0) {
            return null;
        }
        for (int i = 0; i < payload.length - 1; i++) {
            if (payload[i] == 0) {
                return null;
            }
        }
        return new String(payload, 0, payload.length - 1, StandardCharsets.ISO_8859_1);
    }

    /** Index just past the first nul, or -1 when there is none. */
    public static int afterFirstNul(byte[] payload) {
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    public static byte[] nulTerminated(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    /** Each string followed by a nul: the {@code <foo>|*} form of replies and requests. */
    public static byte[] joined(Iterable<String> strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : strings) {
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        return out.toByteArray();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A payload for traces and logs: nuls shown as {@code \0}, other non-printables as {@code \xNN}. */
    public static String printable(byte[] payload) {
        StringBuilder sb = new StringBuilder(payload.length + 8);
        for (byte b : payload) {
            int c = b & 0xff;
            if (c == 0) {
                sb.append("\\0");
            } else if (c < 0x20 || c >= 0x7f || c == '\\') {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** The inverse of {@link #printable}: the bytes a trace line's payload stands for. */
    public static byte[] fromPrintable(String text) {
        var out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.write(c);
            } else if (i + 1 < text.length() && text.charAt(i + 1) == '0') {
                out.write(0);
                i++;
            } else if (i + 3 < text.length() && text.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(text, i + 2, i + 4, 16));
                i += 3;
            } else {
                throw new IllegalArgumentException("bad escape at offset " + i + " of " + text);
            }
        }
        return out.toByteArray();
    }
}
