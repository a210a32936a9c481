package org.jxen.hv;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link ConsoleRing} on a page laid out by hand as a guest would leave it: reads and writes
 * across the end of the arrays and across the u32 wrap of the indexes, a full {@code in}, and a
 * guest whose indexes are further apart than its ring. A guest writing the ring through the
 * simulated host is {@code ConsoleRingSimTest} (module sim).
 */
class ConsoleRingTest {
    private final MemorySegment page = Arena.ofAuto().allocate(4096, 4096);
    private final ConsoleRing ring = new ConsoleRing(page);

    private int index(long offset) {
        return page.get(ValueLayout.JAVA_INT, offset);
    }

    private void setIndex(long offset, int value) {
        page.set(ValueLayout.JAVA_INT, offset, value);
    }

    /** What hvc_xen does: the bytes at their masked slots, then out_prod. */
    private void guestWrites(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        int prod = index(ConsoleRing.OUT_PROD);
        for (int i = 0; i < bytes.length; i++) {
            page.set(ValueLayout.JAVA_BYTE, ConsoleRing.OUT + ((prod + i) & (ConsoleRing.OUT_SIZE - 1)), bytes[i]);
        }
        setIndex(ConsoleRing.OUT_PROD, prod + bytes.length);
    }

    @Test
    void read_acrossTheIndexWrap_takesEverythingAndMovesOutCons() {
        setIndex(ConsoleRing.OUT_CONS, 0xFFFF_FFF0);
        setIndex(ConsoleRing.OUT_PROD, 0xFFFF_FFF0);
        String text = "Linux version 6.1.0-jxen\r\nxenbus: 3\r\n"; // 37 bytes: prod wraps to 0x15
        guestWrites(text);

        assertThat(ring.readable()).isEqualTo(text.length());
        assertThat(new String(ring.read(), StandardCharsets.US_ASCII)).isEqualTo(text);
        assertThat(index(ConsoleRing.OUT_CONS)).isEqualTo(0x15);
        assertThat(ring.read()).isEmpty();
    }

    @Test
    void read_indexesFurtherApartThanTheRing_readsTheLastFullRing() {
        setIndex(ConsoleRing.OUT_PROD, 5000);
        page.set(ValueLayout.JAVA_BYTE, ConsoleRing.OUT + (4999 & 2047), (byte) 'z');

        assertThat(ring.readable()).isEqualTo(ConsoleRing.OUT_SIZE);
        byte[] bytes = ring.read();
        assertThat(bytes).hasSize(ConsoleRing.OUT_SIZE);
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 'z');
        assertThat(index(ConsoleRing.OUT_CONS)).isEqualTo(5000);
    }

    @Test
    void write_fillsOnlyTheRoomLeft_atMaskedSlots() {
        setIndex(ConsoleRing.IN_CONS, -10); // the guest consumed up to 2^32 - 10
        setIndex(ConsoleRing.IN_PROD, 1000); // 1,010 bytes waiting: 14 free
        assertThat(ring.writable()).isEqualTo(14);

        int n = ring.write("uname -a\nhostname\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(n).isEqualTo(14);
        assertThat(index(ConsoleRing.IN_PROD)).isEqualTo(1014);
        assertThat(page.get(ValueLayout.JAVA_BYTE, ConsoleRing.IN + 1000)).isEqualTo((byte) 'u');
        assertThat(page.get(ValueLayout.JAVA_BYTE, ConsoleRing.IN + 1013)).isEqualTo((byte) 'n');
        assertThat(ring.writable()).isZero();
        assertThat(ring.write(new byte[] {'x'})).isZero();
    }

    @Test
    void write_pastTheEndOfIn_wrapsToItsStart() {
        setIndex(ConsoleRing.IN_CONS, 1020);
        setIndex(ConsoleRing.IN_PROD, 1020);

        assertThat(ring.write("abcdefgh".getBytes(StandardCharsets.US_ASCII))).isEqualTo(8);

        assertThat(page.get(ValueLayout.JAVA_BYTE, ConsoleRing.IN + 1023)).isEqualTo((byte) 'd');
        assertThat(page.get(ValueLayout.JAVA_BYTE, ConsoleRing.IN)).isEqualTo((byte) 'e');
        assertThat(page.get(ValueLayout.JAVA_BYTE, ConsoleRing.OUT)).as("out untouched").isZero();
    }
}
