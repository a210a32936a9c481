package org.jxen.daemon.http;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.jxen.daemon.metrics.Rrds;

/** rrdtool's {@code xport} as XAPI's rrd_updates.ml writes it, in XML and in JSON. */
final class XportText {
    private XportText() {
    }

    static String xml(Rrds.Export e) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xport><meta>");
        out.append("<start>").append(e.start()).append("</start><step>").append(e.step()).append("</step><end>")
                .append(e.end()).append("</end><rows>").append(e.rows().size()).append("</rows><columns>")
                .append(e.legend().size()).append("</columns><legend>");
        e.legend().forEach(l -> out.append("<entry>").append(l).append("</entry>"));
        out.append("</legend></meta><data>");
        for (int r = 0; r < e.rows().size(); r++) {
            out.append("<row><t>").append(e.times().get(r)).append("</t>");
            for (double v : e.rows().get(r)) {
                out.append("<v>").append(value(v)).append("</v>");
            }
            out.append("</row>");
        }
        return out.append("</data></xport>").toString();
    }

    static String json(Rrds.Export e) {
        StringBuilder out = new StringBuilder("{\"meta\":{\"start\":").append(e.start()).append(",\"step\":")
                .append(e.step()).append(",\"end\":").append(e.end()).append(",\"rows\":").append(e.rows().size())
                .append(",\"columns\":").append(e.legend().size()).append(",\"legend\":[");
        for (int i = 0; i < e.legend().size(); i++) {
            out.append(i == 0 ? "" : ",").append('"').append(e.legend().get(i)).append('"');
        }
        out.append("]},\"data\":[");
        for (int r = 0; r < e.rows().size(); r++) {
            out.append(r == 0 ? "" : ",").append("{\"t\":").append(e.times().get(r)).append(",\"values\":[");
            double[] row = e.rows().get(r);
            for (int c = 0; c < row.length; c++) {
                out.append(c == 0 ? "" : ",").append('"').append(value(row[c])).append('"');
            }
            out.append("]}");
        }
        return out.append("]}").toString();
    }

    /** rrdd's f_to_s: {@code %0.5g}, {@code 0.0} for zero, {@code NaN} and {@code Infinity} spelled as in C# and JS. */
    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return "0.0";
        }
        BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(5, RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        String digits = rounded.unscaledValue().toString();
        int exponent = rounded.precision() - rounded.scale() - 1;
        String sign = v < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 5) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
                    + Math.abs(exponent);
        }
        if (exponent < 0) {
            return sign + "0." + "0".repeat(-exponent - 1) + digits;
        }
        int whole = exponent + 1;
        return sign + (digits.length() <= whole ? digits + "0".repeat(whole - digits.length())
                : digits.substring(0, whole) + "." + digits.substring(whole));
    }
}
