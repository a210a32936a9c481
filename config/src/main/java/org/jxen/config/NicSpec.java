package org.jxen.config;

import java.math.BigInteger;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.config.DomainConfig.Nic;
import org.jxen.config.DomainConfig.NicType;

/**
 * One vif specification (xl-network-configuration(5)): comma-separated {@code key=value} settings
 * and the {@code trusted}/{@code untrusted} flags. Unknown settings are reported and skipped, as xl
 * does; a malformed MAC address or rate is an error.
 */
final class NicSpec {
    /** {@code RATE/s}: a decimal amount of B or b with an optional K, M or G. */
    private static final Pattern RATE = Pattern.compile("(\\d+)([KMG]?)([Bb])/s");
    /** A rate's {@code @INTERVAL}: µs, ms or s. */
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)(us|ms|s)");
    private static final long DEFAULT_INTERVAL_USECS = 50_000;

    private NicSpec() {
    }

    static Nic parse(String spec, int index, Position where, List<String> warnings) throws ConfigException {
        String backend = null;
        String mac = null;
        String ip = null;
        String bridge = null;
        String ifname = null;
        String script = null;
        String model = null;
        String gatewaydev = null;
        NicType type = null;
        Integer mtu = null;
        Long rateBytes = null;
        Long rateUsecs = null;
        Boolean trusted = null;
        int devid = index;
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? "" : p.substring(eq + 1);
            switch (key) {
                case "mac" -> mac = mac(value, warnings);
                case "ip" -> ip = value;
                case "bridge" -> bridge = value;
                case "vifname" -> ifname = value;
                case "script" -> script = value;
                case "model" -> model = value;
                case "gatewaydev" -> gatewaydev = value;
                case "backend" -> backend = value;
                case "devid" -> devid = number(value, "devid", spec, where);
                case "mtu" -> mtu = number(value, "mtu", spec, where);
                case "type" -> {
                    switch (value) {
                        case "ioemu" -> type = NicType.VIF_IOEMU;
                        case "vif" -> type = NicType.VIF;
                        default -> warnings.add("Invalid parameter `type'."); // and xl goes on without it
                    }
                }
                case "rate" -> {
                    Long[] r = rate(value, where);
                    rateBytes = r[0];
                    rateUsecs = r[1];
                }
                case "trusted" -> trusted = true;
                case "untrusted" -> trusted = false;
                case "accel" -> warnings.add("the accel parameter for vifs is currently not supported");
                default -> warnings.add("unrecognized argument `" + p + "'");
            }
        }
        return new Nic(backend, devid, mtu, model, mac, ip, bridge, ifname, script, type, rateBytes, rateUsecs,
                gatewaydev, trusted);
    }

    /**
     * Six hex pairs separated by colons. Like xl, a malformed address is reported and its bytes
     * read up to the first bad pair, the rest left zero.
     */
    private static String mac(String value, List<String> warnings) {
        int[] bytes = new int[6];
        for (int i = 0; i < 6; i++) {
            int at = 3 * i;
            boolean separated = i == 5 ? value.length() == at + 2 : value.length() > at + 2 && value.charAt(at + 2) == ':';
            int hi = at + 1 < value.length() ? Character.digit(value.charAt(at), 16) : -1;
            int lo = at + 1 < value.length() ? Character.digit(value.charAt(at + 1), 16) : -1;
            if (hi < 0 || lo < 0 || !separated) {
                warnings.add("Invalid parameter `mac'.");
                break;
            }
            bytes[i] = hi * 16 + lo;
        }
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]);
    }

    private static int number(String value, String key, String spec, Position where) throws ConfigException {
        var n = XlValues.parseNumber(value);
        if (n == null || n.signum() < 0 || n.bitLength() > 31) {
            throw new ConfigException(where, "vif: " + key + " must be a number, not `" + value + "', in `" + spec + "'");
        }
        return n.intValue();
    }

    /**
     * Bytes per interval and the interval in µs, as libxl takes a rate; no bytes (a rate below
     * 1 B/s, or 0) is libxl's default, left out of its JSON.
     */
    private static Long[] rate(String value, Position where) throws ConfigException {
        int at = value.indexOf('@');
        String amountPart = at < 0 ? value : value.substring(0, at);
        String intervalPart = at < 0 ? "" : value.substring(at + 1);
        Matcher m = RATE.matcher(amountPart);
        if (!m.matches()) {
            throw rateError("invalid rate", amountPart, where);
        }
        Matcher interval = INTERVAL.matcher(intervalPart);
        if (at >= 0 && !interval.matches()) {
            throw rateError("invalid replenishment interval", intervalPart, where);
        }
        BigInteger amount = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(switch (m.group(2)) {
            case "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            default -> 1L;
        }));
        BigInteger bytesPerSecond = m.group(3).equals("b") ? amount.divide(BigInteger.valueOf(8)) : amount;
        BigInteger usecs = at < 0 ? BigInteger.valueOf(DEFAULT_INTERVAL_USECS)
                : new BigInteger(interval.group(1)).multiply(BigInteger.valueOf(switch (interval.group(2)) {
                    case "s" -> 1_000_000L;
                    case "ms" -> 1_000L;
                    default -> 1L;
                }));
        BigInteger bytes = bytesPerSecond.multiply(usecs).divide(BigInteger.valueOf(1_000_000L));
        // libxl holds the interval in 32 bits and the bytes in 64; xl refuses a rate of 0 (measured)
        if (amount.signum() == 0 || amount.bitLength() > 64 || bytes.bitLength() > 63) {
            throw rateError("rate overflow", amountPart, where);
        }
        if (usecs.signum() == 0 || usecs.bitLength() > 32) {
            throw rateError("replenishment interval overflow", intervalPart, where);
        }
        return new Long[] {bytes.signum() == 0 ? null : bytes.longValueExact(), usecs.longValueExact()};
    }

    private static ConfigException rateError(String what, String part, Position where) {
        return new ConfigException(where, "config parsing error in vif: " + what + " in `" + part + "'");
    }
}
