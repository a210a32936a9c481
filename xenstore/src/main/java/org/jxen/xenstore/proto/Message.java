package org.jxen.xenstore.proto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One XenStore message: the 16-byte header of {@code struct xsd_sockmsg} and its payload.
 *
 * <pre>
 *  0               4               8               12              16
 *  +---------------+---------------+---------------+---------------+----------------------+
 *  | type (u32 LE) | req_id (u32)  | tx_id (u32)   | len (u32)     | payload (len bytes)  |
 *  +---------------+---------------+---------------+---------------+----------------------+
 * </pre>
 *
 * The type is kept as a raw int: requests may carry codes no {@link Op} names.
 */
public record Message(int type, int reqId, int txId, byte[] payload) {

    public static final int HEADER_SIZE = 16;
    /** XENSTORE_PAYLOAD_MAX: longer payloads in either direction are a protocol violation. */
    public static final int PAYLOAD_MAX = 4096;

    public static Message of(Op op, int reqId, int txId, byte[] payload) {
        return new Message(op.code(), reqId, txId, payload);
    }

    public Op op() {
        return Op.fromCode(type);
    }

    public int size() {
        return HEADER_SIZE + payload.length;
    }

    /** Writes header and payload at the buffer's position (which must have {@link #size()} bytes left). */
    public void writeTo(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(type).putInt(reqId).putInt(txId).putInt(payload.length).put(payload);
    }

    /** The payload length the header at the buffer's position announces (which must hold the header). */
    public static int payloadLength(ByteBuffer in) {
        return in.order(ByteOrder.LITTLE_ENDIAN).getInt(in.position() + 12);
    }

    /** Takes header and payload from the buffer's position (which must hold the whole message), as {@link #writeTo} put them. */
    public static Message readFrom(ByteBuffer in) {
        in.order(ByteOrder.LITTLE_ENDIAN);
        int type = in.getInt();
        int reqId = in.getInt();
        int txId = in.getInt();
        byte[] payload = new byte[in.getInt()];
        in.get(payload);
        return new Message(type, reqId, txId, payload);
    }

    public ByteBuffer encode() {
        ByteBuffer out = ByteBuffer.allocate(size());
        writeTo(out);
        return out.flip();
    }

    @Override
    public String toString() {
        Op op = op();
        return (op == null ? "type " + Integer.toUnsignedString(type) : op.name())
                + " req=" + Integer.toUnsignedString(reqId) + " tx=" + Integer.toUnsignedString(txId)
                + " (" + Payload.printable(payload) + ")";
    }
}
