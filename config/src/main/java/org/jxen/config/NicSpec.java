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
    /** {@code RATE/s[@INTERVAL]}: a decimal amount of B or b with an optional K, M or G; µs, ms or s. */
    private static final Pattern RATE = Pattern.compile("(\\d+)([KMG]?)([Bb])/s(?:@(\\d+)(us|ms|s))?");
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
                case "type" -> type = switch (value) {
                    case "ioemu" -> NicType.VIF_IOEMU;
                    case "vif" -> NicType.VIF;
                    default -> throw new ConfigException(where, "vif: unknown type `" + value + "' in `" + spec
                            + "' (vif or ioemu)");
                };
                case "rate" -> {
                    long[] r = rate(value, where);
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

    /** Bytes per interval and the interval in µs, as libxl takes a rate. */
    private static long[] rate(String value, Position where) throws ConfigException {
        Matcher m = RATE.matcher(value);
        if (!m.matches()) {
            throw new ConfigException(where, "config parsing error in vif: invalid rate in `" + value + "' (e.g. 10Mb/s or 100MB/s@20ms)");
        }
        BigInteger amount = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(switch (m.group(2)) {
            case "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            default -> 1L;
        }));
        BigInteger bytesPerSecond = m.group(3).equals("b") ? amount.divide(BigInteger.valueOf(8)) : amount;
        BigInteger usecs = m.group(4) == null ? BigInteger.valueOf(DEFAULT_INTERVAL_USECS)
                : new BigInteger(m.group(4)).multiply(BigInteger.valueOf(switch (m.group(5)) {
                    case "s" -> 1_000_000L;
                    case "ms" -> 1_000L;
                    default -> 1L;
                }));
        BigInteger bytes = bytesPerSecond.multiply(usecs).divide(BigInteger.valueOf(1_000_000L));
        // libxl holds the interval in 32 bits and the bytes in 64
        if (usecs.signum() == 0 || usecs.bitLength() > 32 || bytes.bitLength() > 63) {
            throw new ConfigException(where, "vif: rate out of range in `" + value + "'");
        }
        return new long[] {bytes.longValueExact(), usecs.longValueExact()};
    }
}
