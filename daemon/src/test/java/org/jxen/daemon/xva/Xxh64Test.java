package org.jxen.daemon.xva;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** XXH64 against the values npm's hash-wasm (the hash Xen Orchestra's XVA writer uses) gives for the same bytes. */
class Xxh64Test {
    @Test
    void matchesHashWasm() {
        assertThat(Xxh64.hex(new byte[0], 0)).isEqualTo("EF46DB3751D8E999");
        assertThat(Xxh64.hex("abc".getBytes(StandardCharsets.US_ASCII), 3)).isEqualTo("44BC2CF5AD770999");
        assertThat(Xxh64.hex(new byte[1 << 20], 1 << 20)).isEqualTo("87D2A1B6E1163EF1");
        byte[] b = new byte[100];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        assertThat(Xxh64.hex(b, 100)).isEqualTo("8E2272C08247D5DB");
    }
}
