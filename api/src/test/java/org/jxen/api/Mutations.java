package org.jxen.api;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/** Random damage to a valid message, for properties that readers fail only cleanly. */
final class Mutations {
    private Mutations() {
    }

    /** One to four cuts, deletions, insertions (bytes from {@code alphabet}, or any byte) or duplications. */
    static byte[] mutate(byte[] valid, Random random, byte[] alphabet) {
        byte[] body = valid;
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count && body.length > 0; i++) {
            int at = random.nextInt(body.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 16);
            switch (random.nextInt(5)) {
                case 0 -> out.write(body, 0, at); // truncated
                case 1 -> { // a run deleted
                    out.write(body, 0, at);
                    int skip = Math.min(body.length - at, 1 + random.nextInt(8));
                    out.write(body, at + skip, body.length - at - skip);
                }
                case 2 -> { // a byte from the alphabet inserted
                    out.write(body, 0, at);
                    out.write(alphabet[random.nextInt(alphabet.length)]);
                    out.write(body, at, body.length - at);
                }
                case 3 -> { // any byte overwritten
                    out.write(body, 0, body.length);
                    byte[] copy = out.toByteArray();
                    copy[at] = (byte) random.nextInt(256);
                    out.reset();
                    out.write(copy, 0, copy.length);
                }
                default -> { // a run repeated
                    int end = Math.min(body.length, at + 1 + random.nextInt(30));
                    out.write(body, 0, end);
                    out.write(body, at, body.length - at);
                }
            }
            body = out.toByteArray();
        }
        return body;
    }
}
