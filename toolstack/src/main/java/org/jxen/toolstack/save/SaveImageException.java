package org.jxen.toolstack.save;

import java.io.IOException;

/**
 * A save image that cannot be read back, with where: the file, the byte offset and the record,
 * what is wrong, and what to do about it.
 */
public final class SaveImageException extends IOException {
    private final String source;
    private final long offset;

    SaveImageException(String source, long offset, String problem) {
        super("save image " + source + ": offset " + offset + ": " + problem);
        this.source = source;
        this.offset = offset;
    }

    /** The file (or channel) the image came from. */
    public String source() {
        return source;
    }

    /** The byte offset of the header or record found wrong. */
    public long offset() {
        return offset;
    }
}
