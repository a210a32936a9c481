package org.jxen.xenstore.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Payload splitting as C xenstored's get_strings/onearg see it, and the printable form used in traces. */
class PayloadTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void stringsDropsBytesAfterTheLastNul() {
        assertThat(Payload.strings(b("a\0bc\0tail"))).containsExactly("a", "bc");
        assertThat(Payload.strings(b(""))).isEmpty();
        assertThat(Payload.strings(b("\0\0"))).containsExactly("", "");
    }

    @Test
    void oneStringNeedsExactlyOneNulTerminatedString() {
        assertThat(Payload.oneString(b("/a\0"))).isEqualTo("/a");
        assertThat(Payload.oneString(b("/a"))).isNull();
        assertThat(Payload.oneString(b("/a\0/b\0"))).isNull();
        assertThat(Payload.oneString(b(""))).isNull();
    }

    @Test
    void printableEscapesNulsAndControlBytes() {
        assertThat(Payload.printable(b("a\0b\n\\"))).isEqualTo("a\\0b\\x0a\\x5c");
    }

    @Property
    void fromPrintableUndoesPrintable(@ForAll byte[] payload) {
        assertThat(Payload.fromPrintable(Payload.printable(payload))).isEqualTo(payload);
    }

    @Test
    void fromPrintableRejectsABrokenEscape() {
        assertThatThrownBy(() -> Payload.fromPrintable("a\\q")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 1");
    }

    @Test
    void opCodesAreTheWireCodes() {
        assertThat(Op.fromCode(22)).isEqualTo(Op.DIRECTORY_PART);
        assertThat(Op.fromCode(20)).isNull(); // XS_RESTRICT, removed from Xen
        assertThat(Op.fromCode(23)).isNull();
        assertThat(Op.fromCode(-1)).isNull();
        assertThat(Op.RESET_WATCHES.code()).isEqualTo(21);
    }
}
