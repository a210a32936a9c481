package org.jxen.toolstack.save;

/**
 * The byte layout of a jxen save image, version 1.0: the one place its numbers are written down.
 * Modelled on the idea of libxc's migration stream v2 (a header, then typed, length-prefixed,
 * 8-byte-aligned records), with a checksum per record because an image sits on a disk for a while
 * before it is restored, and a record index so that a lost or repeated record is seen too.
 * Everything is little-endian.
 *
 * <pre>
 * file header, 24 bytes
 *   0  8  magic 89 'J' 'X' 'S' 'A' 'V' 'E' 0a (the high bit and the newline catch 7-bit and
 *         text-mode copies, as PNG's signature does)
 *   8  2  major version: a reader refuses a higher one (the layout after it may differ)
 *  10  2  minor version: additions a major-1 reader can ignore (optional records, map entries)
 *  12  4  byte-order mark 0x01020304 (bytes 04 03 02 01)
 *  16  4  flags, 0
 *  20  4  CRC32C of bytes 0..19
 *
 * each record
 *   0        4  type (bit 31: optional, a reader that does not know the type skips the record)
 *   4        4  body length L, at most {@link #MAX_BODY}
 *   8        L  body
 *   8+L      P  zero padding, P = 0..7, so that the record ends 8-aligned
 *   8+L+P    4  record index: 0 for the first record, one more for each next
 *   12+L+P   4  CRC32C of all the record's bytes before this field
 * </pre>
 *
 * The records come in the order of {@link RecordType}: DOMAIN, CONFIG, any PAGES, any VCPU, any
 * DEVICE, then END, and nothing after END.
 */
final class SaveFormat {
    static final byte[] MAGIC = {(byte) 0x89, 'J', 'X', 'S', 'A', 'V', 'E', '\n'};
    static final int MAJOR = 1;
    static final int MINOR = 0;
    static final int BYTE_ORDER_MARK = 0x01020304;
    static final int FILE_HEADER_BYTES = 24;
    static final int RECORD_HEADER_BYTES = 8;
    static final int RECORD_TRAILER_BYTES = 8;
    static final int OPTIONAL = 0x8000_0000;

    static final int PAGE_SIZE = 4096;
    /** Frames in one PAGES record. */
    static final int MAX_BATCH = 1024;
    /** Set in a PAGES entry when the frame is all zeros and no data follows for it. */
    static final long ZERO_PAGE = 1L << 63;
    /** A full PAGES body (count, reserved, entries, data) and then some: the largest body allowed. */
    static final int MAX_BODY = 8 + 8 * MAX_BATCH + PAGE_SIZE * MAX_BATCH + 64 * 1024;
    static final int MAX_RECORD = RECORD_HEADER_BYTES + MAX_BODY + 7 + RECORD_TRAILER_BYTES;

    private SaveFormat() {
    }

    static int padding(int bodyLength) {
        return -bodyLength & 7;
    }
}
