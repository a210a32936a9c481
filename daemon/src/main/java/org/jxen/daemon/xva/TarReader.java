package org.jxen.daemon.xva;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The entries of a tar stream (POSIX ustar, as XAPI's and Xen Orchestra's XVA writers make it),
 * read in order: a name and size, then exactly that many bytes of data. A pax header's {@code
 * path} names the next entry; other pax and GNU records are skipped. Nothing is read ahead of the
 * entry asked for, so a reader that stops early leaves the rest unread (a client that sends more,
 * or closes the connection early, is not waited for).
 */
public final class TarReader {
    private static final int BLOCK = 512;

    /** An entry: {@code name}, {@code size} bytes of data. */
    public record Entry(String name, long size) {
    }

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long left;
    private long padding;

    public TarReader(InputStream in) {
        this.in = in;
    }

    /** The next file entry, its data unread; null at the archive's end. Unread data of the one before is skipped. */
    public Entry next() throws IOException, XvaException {
        skip(left + padding);
        String paxPath = null;
        while (true) {
            if (!readBlock()) {
                return null; // the end without the end marker: what was sent is all there is
            }
            if (allZero()) {
                return null;
            }
            if (!checksumMatches()) {
                throw new XvaException("not a tar archive: a header's checksum is wrong");
            }
            String name = field(0, 100);
            String prefix = magic() ? field(345, 155) : "";
            long size = octal(124, 12);
            char type = (char) header[156];
            setData(size);
            if (type == 'x') {
                paxPath = paxPath(readData());
            } else if (type == 'g' || type == 'L' || type == 'K' || type == '5') {
                skip(left + padding);
                setData(0);
            } else {
                return new Entry(paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name, size);
            }
        }
    }

    /** The current entry's data, all of it (the caller knows it is small or a chunk). */
    public byte[] readData() throws IOException, XvaException {
        if (left > Integer.MAX_VALUE - 8) {
            throw new XvaException("a tar entry of " + left + " bytes where a chunk was expected");
        }
        byte[] data = in.readNBytes((int) left);
        if (data.length < left) {
            throw new XvaException("the archive ends inside an entry");
        }
        left = 0;
        return data;
    }

    private void setData(long size) {
        left = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
    }

    private boolean readBlock() throws IOException, XvaException {
        int n = in.readNBytes(header, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new XvaException("the archive ends inside a header");
        }
        return true;
    }

    private void skip(long bytes) throws IOException, XvaException {
        try {
            in.skipNBytes(bytes);
        } catch (EOFException e) {
            throw new XvaException("the archive ends inside an entry");
        }
        left = 0;
        padding = 0;
    }

    private boolean allZero() {
        for (byte b : header) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private boolean checksumMatches() throws XvaException {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
        }
        return sum == octal(148, 8);
    }

    private boolean magic() {
        return field(257, 5).equals("ustar");
    }

    private String field(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private long octal(int offset, int length) throws XvaException {
        String text = field(offset, length).trim();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new XvaException("not a tar archive: \"" + text + "\" is not an octal number");
        }
    }

    /** The {@code path} record of a pax header ({@code LEN path=VALUE\n}...), or null. */
    private static String paxPath(byte[] records) {
        for (String record : new String(records, StandardCharsets.UTF_8).split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }
}
