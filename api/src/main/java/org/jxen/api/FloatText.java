package org.jxen.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles as XAPI prints them. XML-RPC: C's {@code %.16g} (ocaml-rpc's xmlrpc.ml {@code add_value}),
 * which does not always read back as the same double (0.1 + 0.2 prints as {@code 0.3}) and is not
 * always the shortest form (1e-20 prints as {@code 9.999999999999999e-21}). JSON: Yojson's
 * {@code write_float}, {@code %.16g} or, when that does not read back, {@code %.17g}, with {@code .0}
 * added to what would read as an integer. XAPI's database: {@code %0.18g}.
 */
public final class FloatText {
    private FloatText() {
    }

    /** As XAPI's database stores a float ({@code DM_to_String}): C's {@code %0.18g}. */
    public static String database(double d) {
        return percentG(d, 18);
    }

    /** {@code %.16g}; NaN and the infinities as glibc prints them ({@code nan}, {@code inf}, {@code -inf}). */
    static String xmlRpc(double d) {
        return percentG(d, 16);
    }

    /** Yojson's form of a finite double; the caller decides what to do with the others. */
    static String json(double d) {
        String text = percentG(d, 16);
        if (Double.parseDouble(text) != d) {
            text = percentG(d, 17);
        }
        return text.chars().allMatch(c -> c == '-' || (c >= '0' && c <= '9')) ? text + ".0" : text;
    }

    /**
     * C's {@code %.<precision>g}: the exact binary value rounded half-even to {@code precision}
     * significant digits, fixed notation when the decimal exponent is in [-4, precision), else
     * {@code d.ddde±XX}; trailing zeros and a trailing point dropped.
     */
    static String percentG(double d, int precision) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String sign = Double.doubleToRawLongBits(d) < 0 ? "-" : "";
        if (d == 0) {
            return sign + "0";
        }
        BigDecimal rounded = new BigDecimal(Math.abs(d))
                .round(new MathContext(precision, RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        String digits = rounded.unscaledValue().toString();
        int exponent = rounded.precision() - rounded.scale() - 1;
        boolean scientific = exponent < -4 || exponent >= precision;
        return sign + (scientific ? scientific(digits, exponent) : fixed(digits, exponent));
    }

    private static String fixed(String digits, int exponent) {
        if (exponent < 0) {
            return "0." + "0".repeat(-exponent - 1) + digits;
        }
        int integerDigits = exponent + 1;
        if (digits.length() <= integerDigits) {
            return digits + "0".repeat(integerDigits - digits.length());
        }
        return digits.substring(0, integerDigits) + "." + digits.substring(integerDigits);
    }

    private static String scientific(String digits, int exponent) {
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        int magnitude = Math.abs(exponent);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + magnitude;
    }
}
