package org.jxen.toolstack.save;

import static org.jxen.toolstack.save.SaveFormat.MAX_BATCH;
import static org.jxen.toolstack.save.SaveFormat.PAGE_SIZE;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jxen.toolstack.save.RecordInput.Frame;

/**
 * Reads a save image as a restore consumes it: {@link #domain} and {@link #config} (enough to
 * create the domain), then {@link #nextPageBatch} and {@link #readPages} into the mapped guest
 * frames until the pages are over, then {@link #vcpus}, {@link #devices} and {@link #end}.
 * Calling them out of that order is a bug in the caller ({@link IllegalStateException}).
 *
 * <p>Every record is checked before it is handed out, and any damage is a
 * {@link SaveImageException} giving the file, the offset, the record and what to do. Damage late
 * in a file is only seen late, so a restore first runs {@link #verify} over the whole file and
 * creates nothing unless it passes.
 */
public final class SaveReader implements AutoCloseable {
    private static final MemorySegment ZERO = MemorySegment.ofArray(new byte[PAGE_SIZE]);

    private final RecordInput in;
    private RecordType last;
    private Frame pending;
    private RecordType pendingType;
    private final boolean[] batchZero = new boolean[MAX_BATCH];
    private int batchCount;
    private int batchZeros;
    private MemorySegment batchData;

    /** Reads {@code channel}, which the reader owns from now on, and checks its file header. */
    public SaveReader(ReadableByteChannel channel, String source) throws IOException {
        in = new RecordInput(channel, source);
        try {
            in.header();
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public static SaveReader open(Path file) throws IOException {
        return new SaveReader(FileChannel.open(file, StandardOpenOption.READ), file.toString());
    }

    /**
     * Reads the whole of {@code file}, checking every record, its order and the END, and creates
     * nothing; the restore calls this before it creates the domain.
     */
    public static SaveSummary verify(Path file) throws IOException {
        try (SaveReader reader = open(file)) {
            DomainRecord domain = reader.domain();
            reader.config();
            long pages = 0;
            long zeroPages = 0;
            for (long[] gfns = reader.nextPageBatch(); gfns != null; gfns = reader.nextPageBatch()) {
                pages += gfns.length;
                zeroPages += reader.batchZeros;
            }
            int vcpus = reader.vcpus().size();
            int devices = reader.devices().size();
            reader.end();
            return new SaveSummary(domain, pages, zeroPages, vcpus, devices, reader.in.offset());
        }
    }

    public DomainRecord domain() throws IOException {
        return parse(take(RecordType.DOMAIN), Bodies::domain);
    }

    /** The domain's libxl JSON. */
    public String config() throws IOException {
        return parse(take(RecordType.CONFIG), body -> body.rest("the libxl JSON"));
    }

    /**
     * The guest frames of the next PAGES record, at most 1024, or null when the pages are over.
     * Their contents are then copied by {@link #readPages}.
     */
    public long[] nextPageBatch() throws IOException {
        if (peek(RecordType.PAGES) != RecordType.PAGES) {
            batchData = null;
            return null;
        }
        Frame frame = take(RecordType.PAGES);
        return parse(frame, body -> {
            int count = body.count("frame count", MAX_BATCH);
            if (count == 0 || body.u32("reserved") != 0) {
                throw new BodyReader.Malformed(count == 0 ? "no frames" : "reserved word is not zero");
            }
            long[] gfns = body.u64s("frame entries", count);
            batchZeros = 0;
            for (int i = 0; i < count; i++) {
                batchZero[i] = (gfns[i] & SaveFormat.ZERO_PAGE) != 0;
                batchZeros += batchZero[i] ? 1 : 0;
                gfns[i] &= ~SaveFormat.ZERO_PAGE;
            }
            long data = (long) (count - batchZeros) * PAGE_SIZE;
            if (frame.body().remaining() != data) {
                throw new BodyReader.Malformed(frame.body().remaining() + " bytes of page data where "
                        + (count - batchZeros) + " non-zero frames need " + data);
            }
            batchCount = count;
            batchData = MemorySegment.ofBuffer(frame.body());
            return gfns;
        });
    }

    /**
     * Copies the frames {@link #nextPageBatch} returned into {@code into}, frame i at byte
     * {@code i * 4096}: {@code into} is typically the mapping of those frames in the new domain.
     */
    public void readPages(MemorySegment into) {
        if (batchData == null) {
            throw new IllegalStateException("no PAGES batch to read: call nextPageBatch first");
        }
        if (into.byteSize() < (long) batchCount * PAGE_SIZE) {
            throw new IllegalArgumentException(batchCount + " frames need " + (long) batchCount * PAGE_SIZE
                    + " bytes, the segment has " + into.byteSize());
        }
        long from = 0;
        for (int i = 0; i < batchCount; i++) {
            if (batchZero[i]) {
                MemorySegment.copy(ZERO, 0, into, (long) i * PAGE_SIZE, PAGE_SIZE);
            } else {
                MemorySegment.copy(batchData, from, into, (long) i * PAGE_SIZE, PAGE_SIZE);
                from += PAGE_SIZE;
            }
        }
    }

    public List<VcpuRecord> vcpus() throws IOException {
        return all(RecordType.VCPU, Bodies::vcpu);
    }

    public List<DeviceRecord> devices() throws IOException {
        return all(RecordType.DEVICE, Bodies::device);
    }

    /** Reads the END record and checks that nothing follows it. */
    public void end() throws IOException {
        Frame frame = take(RecordType.END);
        parse(frame, body -> {
            body.end("END");
            return null;
        });
        if (!in.atEnd()) {
            throw in.error(in.offset(), "data after the END record; the image is damaged (or two were joined)"
                    + " and cannot be restored");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private <T> List<T> all(RecordType type, Function<BodyReader, T> decode) throws IOException {
        List<T> records = new ArrayList<>();
        while (peek(type) == type) {
            records.add(parse(take(type), decode));
        }
        return records;
    }

    /**
     * The type of the next record, read if need be, after checking that the caller is not asking
     * for {@code stage} while earlier records are still unread.
     */
    private RecordType peek(RecordType stage) throws IOException {
        if (pending == null) {
            pending = read();
            pendingType = RecordType.of(pending.code());
        }
        if (pendingType.compareTo(stage) < 0) {
            throw new IllegalStateException("cannot read " + stage + " records: the " + pendingType
                    + " record at offset " + pending.offset() + " is not read yet");
        }
        return pendingType;
    }

    private Frame take(RecordType type) throws IOException {
        if (peek(type) != type) {
            throw new IllegalStateException("the " + type + " record was already read (next is " + pendingType + ")");
        }
        Frame frame = pending;
        pending = null;
        batchData = null;
        return frame;
    }

    /** The next record this version knows, in order; unknown optional records are skipped. */
    private Frame read() throws IOException {
        while (true) {
            Frame frame = in.next();
            if (frame == null) {
                throw in.error(in.offset(), "the file ends without an END record; the image was cut short"
                        + " (an interrupted save or copy) and cannot be restored");
            }
            RecordType type = RecordType.of(frame.code());
            if (type == null && (frame.code() & SaveFormat.OPTIONAL) != 0) {
                continue;
            }
            if (type == null) {
                throw in.error(frame.offset(), frame.describe() + ": unknown record type, not marked optional;"
                        + " a newer jxen wrote it: restore it with that version");
            }
            if (!type.mayFollow(last)) {
                throw in.error(frame.offset(), frame.describe() + " out of order" + (last == null ? " at the start"
                        : " after " + last) + ": an image holds DOMAIN, CONFIG, PAGES..., VCPU..., DEVICE..., END;"
                        + " it was not written by jxen or is damaged");
            }
            last = type;
            return frame;
        }
    }

    private <T> T parse(Frame frame, Function<BodyReader, T> decode) throws SaveImageException {
        try {
            return decode.apply(new BodyReader(frame.body()));
        } catch (BodyReader.Malformed e) {
            throw in.error(frame.offset(), frame.describe() + ": " + e.getMessage()
                    + "; it was not written by jxen or is damaged");
        }
    }
}
