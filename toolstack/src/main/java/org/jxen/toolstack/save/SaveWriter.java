package org.jxen.toolstack.save;

import static org.jxen.toolstack.save.SaveFormat.MAX_BATCH;
import static org.jxen.toolstack.save.SaveFormat.MAX_BODY;
import static org.jxen.toolstack.save.SaveFormat.MAX_RECORD;
import static org.jxen.toolstack.save.SaveFormat.PAGE_SIZE;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Writes a save image ({@link SaveFormat}) in record order: {@link #domain}, {@link #config},
 * {@link #pages} as often as needed, {@link #vcpu}s, {@link #device}s, {@link #end}. Calling them
 * out of that order is a bug in the caller and throws {@link IllegalStateException}, so the
 * writer never produces an image its reader refuses.
 *
 * <p>Records are built in one direct buffer that holds two of the largest records, and written
 * when it is half full: guest memory goes from its mapping to the buffer to the file with no
 * allocation per page, and all-zero frames are detected and stored as a flag.
 */
public final class SaveWriter implements AutoCloseable {
    private static final MemorySegment ZERO = MemorySegment.ofArray(new byte[PAGE_SIZE]);

    private final WritableByteChannel channel;
    private final ByteBuffer out = ByteBuffer.allocateDirect(2 * MAX_RECORD).order(ByteOrder.LITTLE_ENDIAN);
    private final MemorySegment outSegment = MemorySegment.ofBuffer(out);
    private final CRC32C crc = new CRC32C();
    private RecordType last;
    private int index;

    /** Starts an image on {@code channel}, which the writer owns from now on. */
    public SaveWriter(WritableByteChannel channel) {
        this.channel = channel;
        out.put(SaveFormat.MAGIC).putShort((short) SaveFormat.MAJOR).putShort((short) SaveFormat.MINOR);
        out.putInt(SaveFormat.BYTE_ORDER_MARK).putInt(0);
        crc.update(out.slice(0, 20));
        out.putInt((int) crc.getValue());
    }

    /** Creates (or replaces) {@code file} and starts an image in it. */
    public static SaveWriter create(Path file) throws IOException {
        return new SaveWriter(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING));
    }

    public void domain(DomainRecord domain) throws IOException {
        record(RecordType.DOMAIN, out -> Bodies.putDomain(out, domain));
    }

    /** The domain's libxl JSON. */
    public void config(String libxlJson) throws IOException {
        byte[] bytes = libxlJson.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BODY) {
            throw new IllegalArgumentException("CONFIG of " + bytes.length + " bytes exceeds the " + MAX_BODY
                    + " a record may hold");
        }
        record(RecordType.CONFIG, out -> out.put(bytes));
    }

    /**
     * Guest frames {@code gfns[i]}, whose contents are bytes {@code i * 4096} to {@code i * 4096 + 4095}
     * of {@code pages} (as a {@code ForeignMapping} of those frames holds them), in PAGES records of
     * up to 1024 frames.
     */
    public void pages(long[] gfns, MemorySegment pages) throws IOException {
        if (pages.byteSize() < (long) gfns.length * PAGE_SIZE) {
            throw new IllegalArgumentException(gfns.length + " frames need " + (long) gfns.length * PAGE_SIZE
                    + " bytes of pages, the segment has " + pages.byteSize());
        }
        for (long gfn : gfns) {
            if ((gfn & SaveFormat.ZERO_PAGE) != 0) {
                throw new IllegalArgumentException("gfn " + Long.toHexString(gfn) + " out of range");
            }
        }
        for (int from = 0; from < gfns.length; from += MAX_BATCH) {
            int first = from;
            int count = Math.min(MAX_BATCH, gfns.length - from);
            record(RecordType.PAGES, out -> putPages(gfns, first, count, pages));
        }
    }

    public void vcpu(VcpuRecord vcpu) throws IOException {
        record(RecordType.VCPU, out -> Bodies.putVcpu(out, vcpu));
    }

    public void device(DeviceRecord device) throws IOException {
        record(RecordType.DEVICE, out -> Bodies.putDevice(out, device));
    }

    /**
     * Ends the image and writes out everything; a file is also forced to disk, because {@code xl save}
     * destroys the domain once this returns.
     */
    public void end() throws IOException {
        record(RecordType.END, out -> { });
        flush();
        if (channel instanceof FileChannel file) {
            file.force(true);
        }
    }

    /** Closes the channel; an image closed before {@link #end} is incomplete and will be refused. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void putPages(long[] gfns, int from, int count, MemorySegment pages) {
        out.putInt(count).putInt(0);
        int entries = out.position();
        out.position(entries + 8 * count);
        for (int i = 0; i < count; i++) {
            long offset = (long) (from + i) * PAGE_SIZE;
            boolean zero = MemorySegment.mismatch(pages, offset, offset + PAGE_SIZE, ZERO, 0, PAGE_SIZE) < 0;
            out.putLong(entries + 8 * i, zero ? gfns[from + i] | SaveFormat.ZERO_PAGE : gfns[from + i]);
            if (!zero) {
                MemorySegment.copy(pages, offset, outSegment, out.position(), PAGE_SIZE);
                out.position(out.position() + PAGE_SIZE);
            }
        }
    }

    private void record(RecordType type, Consumer<ByteBuffer> body) throws IOException {
        if (!type.mayFollow(last)) {
            throw new IllegalStateException("cannot write " + type + (last == null ? " first" : " after " + last)
                    + ": the order is DOMAIN, CONFIG, PAGES..., VCPU..., DEVICE..., END");
        }
        if (out.remaining() < MAX_RECORD) {
            flush();
        }
        int start = out.position();
        try {
            out.putInt(type.code()).putInt(0);
            body.accept(out);
        } catch (BufferOverflowException e) {
            out.position(start);
            throw new IllegalArgumentException(type + " record larger than the " + MAX_BODY + " bytes a record may hold");
        }
        int length = out.position() - start - SaveFormat.RECORD_HEADER_BYTES;
        if (length > MAX_BODY) {
            out.position(start);
            throw new IllegalArgumentException(type + " record of " + length + " bytes exceeds the " + MAX_BODY
                    + " a record may hold");
        }
        out.putInt(start + 4, length);
        for (int i = SaveFormat.padding(length); i > 0; i--) {
            out.put((byte) 0);
        }
        out.putInt(index++);
        crc.reset();
        crc.update(out.slice(start, out.position() - start));
        out.putInt((int) crc.getValue());
        last = type;
    }

    private void flush() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        out.clear();
    }
}
