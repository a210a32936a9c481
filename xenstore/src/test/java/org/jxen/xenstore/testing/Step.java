package org.jxen.xenstore.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jxen.xenstore.proto.Op;

/**
 * One request of a scenario: which connection sends it, in which transaction, of which type.
 * Written one per line as {@code c1 [tx=N] OP payload}, where OP is a type name or number and
 * the payload may use {@code \0}, {@code \xNN} and {@code \\}.
 */
public record Step(String connection, int txId, int type, byte[] payload) {

    public static Step parse(String line, String where) {
        String[] head = line.split(" ", 2);
        String conn = head[0];
        String rest = head.length > 1 ? head[1] : "";
        int tx = 0;
        if (rest.startsWith("tx=")) {
            String[] t = rest.split(" ", 2);
            tx = Integer.parseInt(t[0].substring(3));
            rest = t.length > 1 ? t[1] : "";
        }
        String[] opAndPayload = rest.split(" ", 2);
        String opName = opAndPayload[0];
        int type;
        if (opName.matches("[0-9]+")) {
            type = Integer.parseInt(opName);
        } else {
            try {
                type = Op.valueOf(opName).code();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": unknown message type '" + opName + "'");
            }
        }
        return new Step(conn, tx, type, unescape(opAndPayload.length > 1 ? opAndPayload[1] : "", where));
    }

    public static Step of(String connection, int txId, Op op, String payload) {
        return new Step(connection, txId, op.code(), payload.getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] unescape(String s, String where) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            if (++i == s.length()) {
                throw new IllegalArgumentException(where + ": payload ends in a lone backslash");
            }
            switch (s.charAt(i)) {
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'r' -> { // \rN: N repetitions of the next character, for long payloads
                    int end = i + 1;
                    while (Character.isDigit(s.charAt(end))) {
                        end++;
                    }
                    int n = Integer.parseInt(s.substring(i + 1, end));
                    out.writeBytes(String.valueOf(s.charAt(end)).repeat(n).getBytes(StandardCharsets.ISO_8859_1));
                    i = end;
                }
                default -> throw new IllegalArgumentException(where + ": unknown escape \\" + s.charAt(i));
            }
        }
        return out.toByteArray();
    }
}
