package org.jxen.daemon.xva;

/**
 * XXH64 (seed 0), the hash XAPI checks an XVA's disk chunks with ({@code .xxhash} files): Yann
 * Collet's algorithm as its specification gives it, over little-endian lanes.
 */
final class Xxh64 {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private Xxh64() {
    }

    /** The hash of {@code data[0, length)} as XAPI writes it: {@code %016LX}. */
    static String hex(byte[] data, int length) {
        return String.format("%016X", hash(data, length));
    }

    static long hash(byte[] b, int length) {
        int i = 0;
        long h;
        if (length >= 32) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            for (; i <= length - 32; i += 32) {
                v1 = round(v1, lane(b, i));
                v2 = round(v2, lane(b, i + 8));
                v3 = round(v3, lane(b, i + 16));
                v4 = round(v4, lane(b, i + 24));
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(merge(merge(merge(h, v1), v2), v3), v4);
        } else {
            h = P5;
        }
        h += length;
        for (; i <= length - 8; i += 8) {
            h ^= round(0, lane(b, i));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (i <= length - 4) {
            h ^= (word(b, i) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        for (; i < length; i++) {
            h ^= (b[i] & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        return h ^ (h >>> 32);
    }

    private static long round(long acc, long input) {
        return Long.rotateLeft(acc + input * P2, 31) * P1;
    }

    private static long merge(long acc, long v) {
        return (acc ^ round(0, v)) * P1 + P4;
    }

    private static long lane(byte[] b, int i) {
        return (word(b, i) & 0xFFFFFFFFL) | ((long) word(b, i + 4) << 32);
    }

    private static int word(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
