package org.jxen.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any input ends in a config (and then a DomainConfig, or a refusal) or a ConfigException that
 * says where; never another exception. With the tests this runs the seed inputs
 * (ParserFuzzTestInputs/); {@code JAZZER_FUZZ=1 mvn test -pl config -Dtest=ParserFuzzTest} fuzzes.
 */
class ParserFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void endsInAConfigOrAnErrorWithAPosition(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        try {
            XlConfig config = XlConfigParser.parse("fuzz.cfg", text);
            XlDomainReader.read(config, java.util.UUID::randomUUID, XlDomainReaderTest.XENLAB);
        } catch (ConfigException e) {
            assertThat(e.position()).isNotNull();
            assertThat(e.getMessage()).startsWith(e.position().toString());
        }
    }
}
