package org.jxen.config;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.function.Consumer;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.config.DomainConfig.ColoField;
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

    static Nic parse(String spec, int index, Position where, Consumer<String> warn) throws ConfigException {
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
        Map<ColoField, String> coloSettings = new EnumMap<>(ColoField.class);
        Boolean trusted = null;
        int devid = index;
        for (String part : spec.split(",")) {
            String p = part.stripLeading(); // xl skips the blanks before a setting, not those after (measured)
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) { // a word alone is a flag, or nothing xl knows
                switch (p) {
                    case "trusted" -> trusted = true;
                    case "untrusted" -> trusted = false;
                    default -> warn.accept("unrecognized argument `" + p + "'");
                }
                continue;
            }
            String key = p.substring(0, eq);
            String value = p.substring(eq + 1);
            switch (key) {
                case "mac" -> mac = mac(value, warn);
                case "ip" -> ip = value;
                case "bridge" -> bridge = value;
                case "vifname" -> ifname = value;
                case "script" -> script = value;
                case "model" -> model = value;
                case "gatewaydev" -> gatewaydev = value;
                case "backend" -> backend = value;
                case "devid" -> devid = (int) XlValues.parseUlong(value, where); // libxl_devid is an int
                case "mtu" -> {
                    int n = (int) XlValues.parseUlong(value, where);
                    mtu = n == 0 ? null : n; // libxl's default
                }
                case "type" -> {
                    switch (value) {
                        case "ioemu" -> type = NicType.VIF_IOEMU;
                        case "vif" -> type = NicType.VIF;
                        default -> warn.accept("Invalid parameter `type'."); // and xl goes on without it
                    }
                }
                case "rate" -> {
                    Long[] r = rate(value, where);
                    rateBytes = r[0];
                    rateUsecs = r[1];
                }
                case "accel" -> warn.accept("the accel parameter for vifs is currently not supported");
                case "netdev" -> {
                    warn.accept("the netdev parameter is deprecated, please use gatewaydev instead");
                    gatewaydev = value;
                }
                default -> {
                    Optional<ColoField> colo = Arrays.stream(ColoField.values()).filter(f -> f.xlKey().equals(key))
                            .findFirst();
                    if (colo.isPresent()) {
                        coloSettings.put(colo.get(), value);
                    } else {
                        warn.accept("unrecognized argument `" + p + "'");
                    }
                }
            }
        }
        return new Nic(backend, devid, mtu, model, mac, ip, bridge, ifname, script, type, rateBytes, rateUsecs,
                gatewaydev, coloSettings, trusted);
    }

    /**
     * Six hexadecimal numbers, each read as C's strtoul reads it and followed by one character of
     * any kind ("00-16-3e-0-1-2" is 00:16:3e:00:01:02, measured). Like xl, a malformed address is
     * reported and its bytes read up to the first bad one, the rest left zero.
     */
    private static String mac(String value, Consumer<String> warn) {
        int[] bytes = new int[6];
        int at = 0;
        for (int i = 0; i < 6; i++) {
            CNumbers.Scanned b = at > value.length() ? null : CNumbers.scan(value, at, 16);
            if (b == null || Long.compareUnsigned(b.unsignedLong(), 0xff) > 0) { // "-1" is ULONG_MAX, too
                warn.accept("Invalid parameter `mac'.");
                break;
            }
            bytes[i] = (int) b.unsignedLong();
            at = b.end() + 1;
        }
        if (Arrays.stream(bytes).allMatch(b -> b == 0)) {
            return null; // libxl's default: it picks one
        }
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5]);
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
