package org.jxen.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The layout: every JSON text libxl printed in the corpus, read and written again, byte for byte. */
class LibxlJsonTest {
    static Stream<Corpus> printedJson() throws IOException {
        return Corpus.all().stream().filter(c -> !c.json().isBlank());
    }

    @ParameterizedTest
    @MethodSource("printedJson")
    void writesWhatLibxlPrinted(Corpus c) throws IOException {
        assertThat(LibxlJson.write(LibxlJson.read(c.json()))).isEqualTo(c.json());
    }
}
