package org.jxen.toolstack.save;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jxen.hv.DomainType;

/**
 * The bodies of the DOMAIN, VCPU and DEVICE records, both ways (PAGES, CONFIG and END are simple
 * enough to live in the writer and reader). Strings are a u32 byte length and UTF-8; lists a u32
 * count and u32 items; maps a u32 count and key, value strings in key order.
 *
 * <pre>
 * DOMAIN  uuid (16: most, least significant u64) | type u32 (1 PV, 2 PVH, 3 HVM) | memory KiB u64 |
 *         max memory KiB u64 | max vCPUs u32 | online vCPUs u32 | name string | extra map
 * VCPU    id u32 | flags u32 (bit 0 online) | hard affinity list | soft affinity list |
 *         context (u32 length, bytes)
 * DEVICE  kind string | devid u32 | backend map | frontend map
 * </pre>
 */
final class Bodies {
    private static final int ONLINE = 1;

    private Bodies() {
    }

    static void putDomain(ByteBuffer out, DomainRecord domain) {
        out.putLong(domain.uuid().getMostSignificantBits()).putLong(domain.uuid().getLeastSignificantBits());
        out.putInt(typeCode(domain.type())).putLong(domain.memoryKib()).putLong(domain.maxMemoryKib());
        out.putInt(domain.maxVcpus()).putInt(domain.onlineVcpus());
        putString(out, domain.name());
        putMap(out, domain.extra());
    }

    static DomainRecord domain(BodyReader in) {
        UUID uuid = new UUID(in.u64("uuid"), in.u64("uuid"));
        int code = in.u32("type");
        DomainType type = switch (code) {
            case 1 -> DomainType.PV;
            case 2 -> DomainType.PVH;
            case 3 -> DomainType.HVM;
            default -> throw new BodyReader.Malformed("unknown domain type " + code + " (1 PV, 2 PVH, 3 HVM)");
        };
        long memory = in.u64("memory");
        long maxMemory = in.u64("max memory");
        int maxVcpus = in.u32("max vCPUs");
        int onlineVcpus = in.u32("online vCPUs");
        String name = in.string("name");
        Map<String, String> extra = in.map("extra");
        in.end("DOMAIN");
        try {
            return new DomainRecord(uuid, name, type, memory, maxMemory, maxVcpus, onlineVcpus, extra);
        } catch (IllegalArgumentException e) {
            throw new BodyReader.Malformed(e.getMessage());
        }
    }

    static void putVcpu(ByteBuffer out, VcpuRecord vcpu) {
        out.putInt(vcpu.id()).putInt(vcpu.online() ? ONLINE : 0);
        putInts(out, vcpu.hardAffinity());
        putInts(out, vcpu.softAffinity());
        out.putInt(vcpu.contextLength()).put(vcpu.context());
    }

    static VcpuRecord vcpu(BodyReader in) {
        int id = in.u32("vcpu id");
        int flags = in.u32("flags");
        if ((flags & ~ONLINE) != 0) {
            throw new BodyReader.Malformed("unknown vCPU flags " + Integer.toHexString(flags));
        }
        List<Integer> hard = in.ints("hard affinity");
        List<Integer> soft = in.ints("soft affinity");
        byte[] context = in.bytes("context");
        in.end("VCPU");
        if (id < 0) {
            throw new BodyReader.Malformed("vcpu id " + Integer.toUnsignedString(id) + " out of range");
        }
        return new VcpuRecord(id, flags == ONLINE, hard, soft, context);
    }

    static void putDevice(ByteBuffer out, DeviceRecord device) {
        putString(out, device.kind());
        out.putInt(device.devid());
        putMap(out, device.backend());
        putMap(out, device.frontend());
    }

    static DeviceRecord device(BodyReader in) {
        String kind = in.string("kind");
        int devid = in.u32("devid");
        Map<String, String> backend = in.map("backend");
        Map<String, String> frontend = in.map("frontend");
        in.end("DEVICE");
        return new DeviceRecord(kind, devid, backend, frontend);
    }

    private static int typeCode(DomainType type) {
        return switch (type) {
            case PV -> 1;
            case PVH -> 2;
            case HVM -> 3;
        };
    }

    private static void putString(ByteBuffer out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.putInt(bytes.length).put(bytes);
    }

    private static void putInts(ByteBuffer out, List<Integer> values) {
        out.putInt(values.size());
        values.forEach(out::putInt);
    }

    private static void putMap(ByteBuffer out, Map<String, String> map) {
        out.putInt(map.size());
        map.forEach((key, value) -> {
            putString(out, key);
            putString(out, value);
        });
    }
}
