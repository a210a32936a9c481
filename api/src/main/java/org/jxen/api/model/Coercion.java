package org.jxen.api.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;

/**
 * What XAPI's unmarshalling (ocaml-rpc's {@code int64_of_rpc}, {@code float_of_rpc}, ...) accepts
 * beyond the exact type, and the failure it answers otherwise. XAPI turns every unmarshalling
 * failure, whatever the parameter or record field, into {@code INTERNAL_ERROR [<OCaml exception>]}
 * (gen_server.ml runs the unmarshalling inside {@code Server_helpers.dispatch_exn_wrapper}, whose
 * {@code ExnHelper.error_of_exn} maps a {@code Failure} to {@code internal_error}); jxend sends the
 * same code with a message that says which parameter and what was wrong.
 */
final class Coercion {
    /** OCaml's {@code Int64.of_string}: optional sign, 0x/0o/0b/0u prefixes, underscores after the first digit. */
    private static final Pattern INT = Pattern.compile("([-+]?)(0[xX][0-9a-fA-F][0-9a-fA-F_]*|0[oO][0-7][0-7_]*"
            + "|0[bB][01][01_]*|0[uU][0-9][0-9_]*|[0-9][0-9_]*)");
    /** OCaml's {@code float_of_string} on decimals (strtod after underscores are dropped), nan and inf. */
    private static final Pattern FLOAT = Pattern.compile(
            "[-+]?(?:(?:[0-9][0-9_]*\\.?[0-9_]*|\\.[0-9][0-9_]*)(?:[eE][-+]?[0-9][0-9_]*)?|(?i:nan|inf|infinity))");

    private Coercion() {
    }

    /** {@code INTERNAL_ERROR ["<what>: expected <expected>, got <wire>"]}. */
    static XenApiFailure failure(String what, String expected, Object wire) {
        return XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, what + ": expected " + expected + ", got " + show(wire));
    }

    static long parseInt(String text, String what) throws XenApiFailure {
        var m = INT.matcher(text);
        if (!m.matches()) {
            throw failure(what, "int", text);
        }
        boolean negative = m.group(1).equals("-");
        String body = m.group(2).replace("_", "");
        try {
            if (body.length() > 1 && Character.isLetter(body.charAt(1))) {
                int radix = switch (Character.toLowerCase(body.charAt(1))) {
                    case 'x' -> 16;
                    case 'o' -> 8;
                    case 'b' -> 2;
                    default -> 10;
                };
                long value = Long.parseUnsignedLong(body.substring(2), radix);
                return negative ? -value : value;
            }
            return Long.parseLong((negative ? "-" : "") + body);
        } catch (NumberFormatException e) {
            throw failure(what, "int (64 bits)", text);
        }
    }

    static double parseFloat(String text, String what) throws XenApiFailure {
        if (!FLOAT.matcher(text).matches()) {
            throw failure(what, "float", text);
        }
        String plain = text.replace("_", "").toLowerCase();
        String unsigned = plain.startsWith("-") || plain.startsWith("+") ? plain.substring(1) : plain;
        double sign = plain.startsWith("-") ? -1 : 1;
        return switch (unsigned) {
            case "nan" -> Double.NaN;
            case "inf", "infinity" -> sign * Double.POSITIVE_INFINITY;
            default -> Double.parseDouble(plain);
        };
    }

    /** A wire value in an error message: its kind and, for scalars, the value. */
    static String show(Object wire) {
        return switch (wire) {
            case null -> "nil";
            case String s -> "string \"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
            case List<?> l -> "an array of " + l.size();
            case Map<?, ?> m -> "a struct of " + m.size();
            default -> wire.getClass().getSimpleName().toLowerCase() + " " + wire;
        };
    }
}
