package org.jxen.toolstack.save;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.jxen.hv.DomainType;

/**
 * Save images for tests: a small one with every record type, written by {@link SaveWriter}, and
 * raw headers and records built from the layout in {@link SaveFormat}'s Javadoc by hand, to craft
 * the images jxen never writes.
 */
final class Images {
    static final DomainRecord DOMAIN = new DomainRecord(UUID.fromString("6f1c2e3a-9b8d-4c7e-a1f0-123456789abc"),
            "guest-ü", DomainType.PVH, 1024, 2048, 4, 2, Map.of("future", "field", "another", ""));
    static final String CONFIG = "{\"c_info\":{\"name\":\"guest-ü\"}}";
    static final VcpuRecord VCPU0 = new VcpuRecord(0, true, List.of(0, 1), List.of(), new byte[] {1, 2, 3});
    static final VcpuRecord VCPU1 = new VcpuRecord(1, false, List.of(), List.of(3), new byte[0]);
    static final DeviceRecord VBD = new DeviceRecord("vbd", 51712,
            Map.of("state", "4", "params", "/srv/a.img"), Map.of("state", "4", "ring-ref", "8"));

    private Images() {
    }

    /** DOMAIN, CONFIG, a PAGES record with one zero frame and one not, two VCPUs, a DEVICE, END. */
    static byte[] small() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Arena arena = Arena.ofConfined(); SaveWriter writer = new SaveWriter(Channels.newChannel(bytes))) {
            MemorySegment pages = arena.allocate(2 * 4096L);
            pages.asSlice(4096).fill((byte) 0x5a);
            writer.domain(DOMAIN);
            writer.config(CONFIG);
            writer.pages(new long[] {7, 9}, pages);
            writer.vcpu(VCPU0);
            writer.vcpu(VCPU1);
            writer.device(VBD);
            writer.end();
        }
        return bytes.toByteArray();
    }

    /** A file header with the given version and byte-order mark, its CRC right. */
    static ByteBuffer header(int major, int minor, int mark) {
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.put(SaveFormat.MAGIC).putShort((short) major).putShort((short) minor).putInt(mark).putInt(0);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 20);
        return header.putInt((int) crc.getValue()).flip();
    }

    /** One record with a right CRC. */
    static ByteBuffer record(int code, int index, byte[] body) {
        int padding = -body.length & 7;
        ByteBuffer record = ByteBuffer.allocate(8 + body.length + padding + 8).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(code).putInt(body.length).put(body).position(8 + body.length + padding);
        record.putInt(index);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 0, record.position());
        return record.putInt((int) crc.getValue()).flip();
    }

    static byte[] concat(ByteBuffer... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer part : parts) {
            out.write(part.array(), part.arrayOffset(), part.limit());
        }
        return out.toByteArray();
    }

    /** The records of {@link #small} that come before PAGES, as bytes, for images spliced by hand. */
    static byte[] domainAndConfigRecords() throws IOException {
        byte[] small = small();
        int end = 24;
        for (int i = 0; i < 2; i++) {
            int length = ByteBuffer.wrap(small, end + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            end += 8 + length + (-length & 7) + 8;
        }
        return java.util.Arrays.copyOfRange(small, 24, end);
    }
}
