package org.jxen.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CNumbers against glibc's own answers (glibc 2.36's strtoul, strtol and atoi, called through Python's ctypes). */
class CNumbersTest {
    @ParameterizedTest(name = "\"{0}\" in base {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '42'                     | 0  | 42                   | 2  | 42                   | 42
            ' \t+17x'                | 10 | 17                   | 5  | 17                   | 17
            '0x1f'                   | 0  | 31                   | 4  | 31                   | 0
            '0X'                     | 0  | 0                    | 1  | 0                    | 0
            '0x'                     | 16 | 0                    | 1  | 0                    | 0
            '010'                    | 0  | 8                    | 3  | 8                    | 10
            '08'                     | 0  | 0                    | 1  | 0                    | 8
            '-1'                     | 10 | 18446744073709551615 | 2  | -1                   | -1
            '-0x10'                  | 16 | 18446744073709551600 | 5  | -16                  | 0
            '99999999999999999999'   | 10 | 18446744073709551615 | 20 | 9223372036854775807  | -1
            '-99999999999999999999'  | 10 | 18446744073709551615 | 21 | -9223372036854775808 | 0
            '18446744073709551615'   | 10 | 18446744073709551615 | 20 | 9223372036854775807  | -1
            '-18446744073709551615'  | 10 | 1                    | 21 | -9223372036854775808 | 0
            '4294967297'             | 10 | 4294967297           | 10 | 4294967297           | 1
            ''                       | 10 | 0                    | 0  | 0                    | 0
            '+-5'                    | 10 | 0                    | 0  | 0                    | 0
            'ff'                     | 16 | 255                  | 2  | 255                  | 0
            '0xg'                    | 16 | 0                    | 1  | 0                    | 0
            '9223372036854775808'    | 10 | 9223372036854775808  | 19 | 9223372036854775807  | -1
            """)
    void readsAsGlibcDoes(String text, int base, String strtoul, int end, long strtol, int atoi) {
        CNumbers.Scanned scanned = CNumbers.scan(text, 0, base);
        assertThat(scanned == null ? 0 : scanned.end()).as("endptr").isEqualTo(end);
        assertThat(Long.toUnsignedString(CNumbers.strtoul(text, base))).as("strtoul").isEqualTo(strtoul);
        assertThat(CNumbers.strtol(text, base)).as("strtol").isEqualTo(strtol);
        assertThat(CNumbers.atoi(text)).as("atoi").isEqualTo(atoi);
    }
}
