package org.jxen.xenstore.proto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Splits a byte stream into messages (16-byte header, payload), for any transport: the transport
 * fills {@link #buffer()}, then {@link #drain} hands out whole messages.
 */
public final class FrameDecoder {
    /** Why {@link #drain} stopped. */
    public enum Status {
        /** Every whole message was handed out; the rest is an incomplete one, or nothing. */
        NEED_MORE,
        /** The budget ran out with whole messages still buffered. */
        BUDGET_USED,
        /** A header announced more than {@link Message#PAYLOAD_MAX} bytes: the stream is unusable. */
        TOO_LONG
    }

    private final ByteBuffer in;
    private long badLength;

    /** @param capacity buffer size; at least one largest message (16 + 4096 bytes) */
    public FrameDecoder(int capacity) {
        if (capacity < Message.HEADER_SIZE + Message.PAYLOAD_MAX) {
            throw new IllegalArgumentException("a frame buffer must hold a whole message, got " + capacity);
        }
        in = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Where the transport writes incoming bytes (position = end of data). */
    public ByteBuffer buffer() {
        return in;
    }

    /** Hands whole messages to {@code sink}, at most {@code budget} of them. */
    public Status drain(int budget, Consumer<Message> sink) {
        in.flip();
        Status status = Status.NEED_MORE;
        int handed = 0;
        while (in.remaining() >= Message.HEADER_SIZE) {
            int start = in.position();
            int len = in.getInt(start + 12);
            if (len < 0 || len > Message.PAYLOAD_MAX) {
                badLength = Integer.toUnsignedLong(len);
                status = Status.TOO_LONG;
                break;
            }
            if (in.remaining() < Message.HEADER_SIZE + len) {
                break;
            }
            if (handed == budget) {
                status = Status.BUDGET_USED;
                break;
            }
            byte[] payload = new byte[len];
            in.get(start + Message.HEADER_SIZE, payload);
            in.position(start + Message.HEADER_SIZE + len);
            handed++;
            sink.accept(new Message(in.getInt(start), in.getInt(start + 4), in.getInt(start + 8), payload));
        }
        in.compact();
        return status;
    }

    /** The announced payload length that made {@link #drain} return {@link Status#TOO_LONG}. */
    public long badLength() {
        return badLength;
    }

    /** Drops everything buffered (a ring reconnect starts on a packet boundary). */
    public void clear() {
        in.clear();
    }
}
