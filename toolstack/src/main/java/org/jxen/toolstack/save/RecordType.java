package org.jxen.toolstack.save;

/**
 * The record types of a save image, in the order they must appear; the wire codes are explicit and
 * never change. A future optional record type gets a code with {@link SaveFormat#OPTIONAL} set.
 */
enum RecordType {
    /** The domain's identity and sizes ({@link DomainRecord}); first, once. */
    DOMAIN(1, false),
    /** The domain's libxl JSON, UTF-8; second, once. */
    CONFIG(2, false),
    /** Up to 1024 guest frames: a count, a reserved word, one entry per frame, the non-zero frames' data. */
    PAGES(3, true),
    /** One vCPU's state ({@link VcpuRecord}). */
    VCPU(4, true),
    /** One device's state ({@link DeviceRecord}). */
    DEVICE(5, true),
    /** The end of the image, with an empty body; nothing follows it. */
    END(6, false);

    private final int code;
    private final boolean repeatable;

    RecordType(int code, boolean repeatable) {
        this.code = code;
        this.repeatable = repeatable;
    }

    int code() {
        return code;
    }

    /** Whether {@code this} may follow {@code previous} (null: at the start). */
    boolean mayFollow(RecordType previous) {
        if (previous == null || previous.compareTo(CONFIG) < 0) {
            return ordinal() == (previous == null ? 0 : previous.ordinal() + 1);
        }
        return compareTo(previous) > 0 || (this == previous && repeatable);
    }

    /** The type of {@code code}, or null when this version does not know it. */
    static RecordType of(int code) {
        for (RecordType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
