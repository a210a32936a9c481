package org.jxen.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Doubles as XAPI prints them: C's %.16g for XML-RPC and Yojson's rule for JSON, on chosen cases
 * and, against Python (whose % formatting is C's, correctly rounded like glibc), on thousands of
 * random doubles. Not covered: what the readers accept (XmlRpcReadTest, JsonRpcTest).
 */
class FloatTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.0                  | 1                     | 1.0",
        "0.5                  | 0.5                   | 0.5",
        "1e-20                | 9.999999999999999e-21 | 9.999999999999999e-21",
        "1e20                 | 1e+20                 | 1e+20",
        "1e16                 | 1e+16                 | 1e+16",
        "1e15                 | 1000000000000000      | 1000000000000000.0",
        "123456789.0          | 123456789             | 123456789.0",
        "123456789012345678.0 | 1.234567890123457e+17 | 1.2345678901234568e+17",
        "0.30000000000000004  | 0.3                   | 0.30000000000000004",
        "0.0001               | 0.0001                | 0.0001",
        "0.00001              | 1e-05                 | 1e-05",
        "-0.0                 | -0                    | -0.0",
        "-2.5                 | -2.5                  | -2.5",
        "1.5e300              | 1.5e+300              | 1.5e+300",
        "4.9e-324             | 4.940656458412465e-324 | 4.940656458412465e-324",
    })
    void printsAsCAndYojsonDo(double value, String xmlRpc, String json) {
        assertThat(FloatText.xmlRpc(value)).isEqualTo(xmlRpc);
        assertThat(FloatText.json(value)).isEqualTo(json);
    }

    @Test
    void nanAndInfinitiesAsGlibcPrintsThem() {
        assertThat(FloatText.xmlRpc(Double.NaN)).isEqualTo("nan");
        assertThat(FloatText.xmlRpc(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(FloatText.xmlRpc(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void randomDoublesPrintAsPythonPrintsThem(@TempDir Path dir) throws Exception {
        Python.require("FloatTextTest against Python's %.16g");
        Random random = new Random(20240131);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Math.PI, 0.1, 1e22,
                1e23, 9007199254740993.0, 2.5e-5, 123.456));
        for (int i = 0; i < 3000; i++) {
            double d = switch (i % 3) {
                case 0 -> Double.longBitsToDouble(random.nextLong()); // any exponent
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20); // near the fixed/scientific edge
                default -> (double) random.nextInt(1_000_000) / 1000; // short decimals
            };
            if (Double.isFinite(d)) {
                values.add(d);
            }
        }
        Path input = dir.resolve("doubles");
        Files.write(input, values.stream().map(d -> Long.toHexString(Double.doubleToRawLongBits(d))).toList());
        String printed = Python.run("""
                import struct, sys
                for line in open(sys.argv[1]):
                    x = struct.unpack('>d', int(line, 16).to_bytes(8, 'big'))[0]
                    j = '%.16g' % x
                    if float(j) != x:
                        j = '%.17g' % x
                    if all(c in '-0123456789' for c in j):
                        j += '.0'
                    print('%.16g' % x, j)
                """, input.toString());
        List<String> expected = printed.lines().toList();
        assertThat(expected).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            double d = values.get(i);
            assertThat(FloatText.xmlRpc(d) + " " + FloatText.json(d)).as("%s", d).isEqualTo(expected.get(i));
        }
    }
}
