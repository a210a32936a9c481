package org.jxen.toolstack.libxl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jxen.toolstack.ToolstackException;

/**
 * The header {@code xl save} writes before libxl's stream, so that {@code xl restore} reads
 * jxen's saves and jxen reads xl's: 32 bytes of magic, then four 32-bit words in the machine's
 * byte order (a byte-order mark, mandatory flags, optional flags, the length of the optional
 * data), then the optional data: the config's length and the config, libxl's JSON with its NUL.
 * Flags xl defines: the config is JSON (bit 0), the stream is libxl's v2 (bit 1). A mandatory flag
 * not known here refuses the file, as xl does.
 */
record XlSaveHeader(String configJson, int streamVersion, long streamOffset) {
    static final byte[] MAGIC = "Xen saved domain, xl format\n \0 \r".getBytes(StandardCharsets.ISO_8859_1);
    static final int BYTE_ORDER_MARK = 0x01020304;
    static final int FLAG_JSON = 1;
    static final int FLAG_STREAM_V2 = 1 << 1;
    private static final int FIXED_BYTES = 48;
    /** A config bigger than this is not a config (xl's are a few KiB). */
    private static final int CONFIG_MAX = 16 << 20;

    /** The header for a domain whose libxl JSON is {@code configJson}, before a v2 stream. */
    static byte[] write(String configJson) {
        byte[] config = (configJson + "\0").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(FIXED_BYTES + 4 + config.length).order(ByteOrder.nativeOrder());
        b.put(MAGIC).putInt(BYTE_ORDER_MARK).putInt(FLAG_JSON | FLAG_STREAM_V2).putInt(0).putInt(4 + config.length);
        b.putInt(config.length).put(config);
        return b.array();
    }

    /** Reads the header of {@code file}; a file that is not an xl save (or is cut short) is refused, saying why. */
    static XlSaveHeader read(Path file) throws ToolstackException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] fixed = in.readNBytes(FIXED_BYTES);
            if (fixed.length < FIXED_BYTES || !Arrays.equals(fixed, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw bad(file, "it is not a domain saved by xl or jxen (no xl save header)");
            }
            ByteBuffer b = ByteBuffer.wrap(fixed, MAGIC.length, 16).order(ByteOrder.nativeOrder());
            if (b.getInt() != BYTE_ORDER_MARK) {
                throw bad(file, "it was saved on a machine of the other byte order");
            }
            int mandatory = b.getInt();
            b.getInt(); // optional flags: none is defined, and unknown ones may be ignored
            int optionalLength = b.getInt();
            if ((mandatory & ~(FLAG_JSON | FLAG_STREAM_V2)) != 0) {
                throw bad(file, "it needs features this toolstack does not have (mandatory flags 0x"
                        + Integer.toHexString(mandatory) + ")");
            }
            if ((mandatory & FLAG_JSON) == 0) {
                throw bad(file, "its config is in xl's old text format, which only xl restore reads");
            }
            if (optionalLength < 4 || optionalLength > CONFIG_MAX) {
                throw bad(file, "its header's optional data is " + optionalLength + " bytes long");
            }
            byte[] optional = in.readNBytes(optionalLength);
            if (optional.length < optionalLength) {
                throw bad(file, "it ends inside its header");
            }
            int configLength = ByteBuffer.wrap(optional, 0, 4).order(ByteOrder.nativeOrder()).getInt();
            if (configLength < 1 || configLength > optionalLength - 4) {
                throw bad(file, "its config length " + configLength + " does not fit its header");
            }
            int end = 4 + configLength;
            while (end > 4 && optional[end - 1] == 0) {
                end--;
            }
            String config = new String(optional, 4, end - 4, StandardCharsets.UTF_8);
            return new XlSaveHeader(config, (mandatory & FLAG_STREAM_V2) != 0 ? 2 : 1, FIXED_BYTES + (long) optionalLength);
        } catch (IOException e) {
            throw new ToolstackException(ToolstackException.Kind.BAD_IMAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static ToolstackException bad(Path file, String why) {
        return new ToolstackException(ToolstackException.Kind.BAD_IMAGE, file + " cannot be restored: " + why);
    }
}
