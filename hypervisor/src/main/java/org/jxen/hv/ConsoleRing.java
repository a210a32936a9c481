package org.jxen.hv;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * dom0's end of a guest's console ring: the page the domain builder granted dom0 at
 * {@link BuildResult#CONSOLE_GRANT_REF} ({@code console/ring-ref}), as xenconsoled reads it. A view
 * over the mapped page; it holds no state of its own, so any number of readers in turn see one
 * ring.
 *
 * <pre>
 * struct xencons_interface (xen/include/public/io/console.h), native-endian:
 * offset  size
 *      0  1024  in[]      dom0 → guest (keyboard)
 *   1024  2048  out[]     guest → dom0 (what the kernel prints)
 *   3072     4  in_cons   3076  4  in_prod
 *   3080     4  out_cons  3084  4  out_prod
 * </pre>
 *
 * Indexes are u32 and free-running: a byte's slot is its index masked by the array's size, and the
 * bytes waiting are {@code prod - cons} computed modulo 2^32. The producer writes its bytes and
 * then its index (release); the consumer reads the index (acquire) and then the bytes, and moves
 * its own index after. After {@link #read} or {@link #write} the caller notifies the console's
 * event channel ({@link Hypervisor#notify}), as xenconsoled does: that is how the guest learns that
 * there is room in {@code out} or input in {@code in}.
 */
public final class ConsoleRing {
    public static final int IN_SIZE = 1024;
    public static final int OUT_SIZE = 2048;
    public static final long IN = 0;
    public static final long OUT = 1024;
    public static final long IN_CONS = 3072;
    public static final long IN_PROD = 3076;
    public static final long OUT_CONS = 3080;
    public static final long OUT_PROD = 3084;
    /** The bytes of the struct; the page is 4 KiB. */
    public static final int BYTES = 3088;
    private static final VarHandle INDEX = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment page;

    /** The ring in {@code page}, which must be writable to move {@code out_cons} and to {@link #write}. */
    public ConsoleRing(MemorySegment page) {
        if (page.byteSize() < BYTES) {
            throw new IllegalArgumentException("a console ring needs " + BYTES + " bytes, the segment has "
                    + page.byteSize());
        }
        this.page = page;
    }

    /** The ring in a mapping of the guest's console page ({@code mapGrant(domid, CONSOLE_GRANT_REF, false)}). */
    public static ConsoleRing of(GrantMapping console) {
        return new ConsoleRing(console.page());
    }

    /** Bytes the guest has written that dom0 has not read yet. */
    public int readable() {
        return waiting(index(OUT_PROD), index(OUT_CONS), OUT_SIZE);
    }

    /** Room in {@code in} for dom0 to write. */
    public int writable() {
        return IN_SIZE - waiting(index(IN_PROD), index(IN_CONS), IN_SIZE);
    }

    /**
     * Takes every byte the guest wrote since the last read and moves {@code out_cons} past them. An
     * index gap larger than the ring (a guest that does not keep to the protocol: the guest is not
     * trusted) is read as a full ring, its last 2,048 bytes, as xenconsoled does.
     */
    public byte[] read() {
        int prod = (int) INDEX.getAcquire(page, OUT_PROD);
        int cons = index(OUT_CONS);
        byte[] bytes = new byte[waiting(prod, cons, OUT_SIZE)];
        cons = prod - bytes.length;
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = page.get(ValueLayout.JAVA_BYTE, OUT + ((cons + i) & (OUT_SIZE - 1)));
        }
        INDEX.setRelease(page, OUT_CONS, prod);
        return bytes;
    }

    /** Writes as much of {@code bytes} into {@code in} as fits and returns how much that was. */
    public int write(byte[] bytes) {
        int cons = (int) INDEX.getAcquire(page, IN_CONS);
        int prod = index(IN_PROD);
        int n = Math.min(bytes.length, IN_SIZE - waiting(prod, cons, IN_SIZE));
        for (int i = 0; i < n; i++) {
            page.set(ValueLayout.JAVA_BYTE, IN + ((prod + i) & (IN_SIZE - 1)), bytes[i]);
        }
        INDEX.setRelease(page, IN_PROD, prod + n);
        return n;
    }

    /**
     * Bytes waiting between {@code cons} and {@code prod} (mod 2^32), at most {@code size}: a larger
     * gap is a full ring. Either end's arithmetic (a guest's console driver uses it too).
     */
    public static int waiting(int prod, int cons, int size) {
        int gap = prod - cons;
        return Integer.compareUnsigned(gap, size) > 0 ? size : gap;
    }

    private int index(long offset) {
        return (int) INDEX.getAcquire(page, offset);
    }
}
