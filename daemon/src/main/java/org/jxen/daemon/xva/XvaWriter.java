package org.jxen.daemon.xva;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * An XVA written as XAPI's export.ml and stream_vdi.ml write one: a tar of {@code ova.xml}, then
 * each disk as 1 MiB chunks {@code ID/NNNNNNNN}, each followed by its XXH64 ({@code .xxhash},
 * {@code %016X}); a chunk of zeros is left out unless it is the disk's first or last.
 */
public final class XvaWriter {
    static final int CHUNK = 1 << 20;

    private final OutputStream out;
    private final byte[] header = new byte[512];

    public XvaWriter(OutputStream out) {
        this.out = out;
    }

    public void ovaXml(String xml) throws IOException {
        entry("ova.xml", xml.getBytes(StandardCharsets.UTF_8), -1);
    }

    /** Disk {@code id}: the first {@code size} bytes of {@code file} (zeros past its end). */
    public void disk(String id, FileChannel file, long size) throws IOException {
        byte[] chunk = new byte[CHUNK];
        long chunks = Math.max(1, Math.ceilDiv(size, CHUNK));
        for (long n = 0; n < chunks; n++) {
            int length = (int) Math.min(CHUNK, size - n * CHUNK);
            ByteBuffer b = ByteBuffer.wrap(chunk, 0, Math.max(0, length));
            java.util.Arrays.fill(chunk, (byte) 0);
            while (b.hasRemaining() && file.read(b, n * CHUNK + b.position()) > 0) {
                // read on until the chunk is full or the file ends
            }
            if (n == 0 || n == chunks - 1 || !zero(chunk, length)) {
                String name = String.format("%s/%08d", id, n);
                entry(name, chunk, length);
                entry(name + ".xxhash", Xxh64.hex(chunk, length).getBytes(StandardCharsets.US_ASCII), -1);
            }
        }
    }

    /** The archive's end: two blocks of zeros. */
    public void end() throws IOException {
        out.write(new byte[1024]);
        out.flush();
    }

    /** One ustar entry of {@code data} ({@code length} bytes of it; -1: all). */
    private void entry(String name, byte[] data, int length) throws IOException {
        int size = length < 0 ? data.length : length;
        java.util.Arrays.fill(header, (byte) 0);
        put(0, name);
        put(100, "0000644");
        put(108, "0000000");
        put(116, "0000000");
        put(124, String.format("%011o", size));
        put(136, String.format("%011o", System.currentTimeMillis() / 1000));
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        header[156] = '0';
        put(257, "ustar");
        put(263, "00");
        int sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        put(148, String.format("%06o", sum));
        header[154] = 0;
        out.write(header);
        out.write(data, 0, size);
        out.write(new byte[(512 - size % 512) % 512]);
    }

    private void put(int at, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
    }

    private static boolean zero(byte[] b, int length) {
        for (int i = 0; i < length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
