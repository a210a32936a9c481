package org.jxen.xenstore.store;

/** What a permission entry grants: the letter on the wire and the read/write bits. */
public enum Access {
    NONE('n', false, false),
    READ('r', true, false),
    WRITE('w', false, true),
    BOTH('b', true, true);

    private final char letter;
    private final boolean read;
    private final boolean write;

    Access(char letter, boolean read, boolean write) {
        this.letter = letter;
        this.read = read;
        this.write = write;
    }

    public char letter() {
        return letter;
    }

    public boolean canRead() {
        return read;
    }

    public boolean canWrite() {
        return write;
    }

    /** The access for a wire letter, or null if the letter names none. */
    public static Access ofLetter(char c) {
        for (Access a : values()) {
            if (a.letter == c) {
                return a;
            }
        }
        return null;
    }
}
