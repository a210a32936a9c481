package org.jxen.config;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.function.Consumer;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jxen.config.DomainConfig.ColoField;
import org.jxen.config.DomainConfig.Nic;
import org.jxen.config.DomainConfig.NicType;

/**
 * One vif specification (xl-network-configuration(5)): comma-separated {@code key=value} settings
 * and the {@code trusted}/{@code untrusted} flags, read word by word as xl's strtok loop reads them.
 * Unknown settings and a malformed MAC address are reported and skipped, as xl does; a malformed
 * rate is an error.
 */
final class NicSpec {
    /** {@code RATE/s}: libxlu's pattern for an amount of B or b with an optional K, M or G. */
    private static final Pattern RATE = Pattern.compile("[0-9]+[GMK]?[Bb]/s");
    /** A rate's {@code @INTERVAL}: libxlu's pattern, µs, ms or s (a unit's s may be left out, and the unit). */
    private static final Pattern INTERVAL = Pattern.compile("[0-9]+[mu]?s?");
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
        int at = 0;
        while (at < spec.length()) {
            // strtok's next word; the comma after it becomes the end of the string, what follows stays in memory
            if (spec.charAt(at) == ',') {
                at++;
                continue;
            }
            int comma = spec.indexOf(',', at);
            int end = comma < 0 ? spec.length() : comma;
            String p = DeviceKeys.unspaced(spec.substring(at, end));
            String following = comma < 0 ? null : spec.substring(comma + 1);
            at = end + 1;
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
                case "mac" -> mac = mac(following == null ? value : value + '\0' + following, mac, warn);
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
     * any kind ("00-16-3e-0-1-2" is 00:16:3e:00:01:02, measured). xl reads {@code memory}: the value,
     * its terminating NUL, then what followed the word in the spec (a short address takes its last
     * bytes from there, as xl's loop does). Like xl, a malformed address is reported, and only its
     * bytes before the first bad one replace those of the address set before ({@code previous}, or
     * none).
     */
    private static String mac(String memory, String previous, Consumer<String> warn) {
        int[] bytes = previous == null ? new int[6]
                : Arrays.stream(previous.split(":")).mapToInt(b -> Integer.parseInt(b, 16)).toArray();
        int at = 0;
        for (int i = 0; i < 6; i++) {
            CNumbers.Scanned b = at > memory.length() ? null : CNumbers.scan(memory, at, 16);
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
     * Bytes per interval and the interval in µs, as libxlu's {@code xlu_vif_parse_rate} gives them to
     * libxl: {@code AMOUNT[K|M|G](B|b)/s[@INTERVAL[m|u][s]]}, each number read by {@code strtoull} in
     * base 0 (a leading 0 is octal, and reading stops at a digit octal lacks), the amount at most
     * 2^32 - 1 before its unit, an interval without a unit in seconds. No bytes (less than one an interval)
     * is libxl's default, left out of its JSON.
     */
    private static Long[] rate(String value, Position where) throws ConfigException {
        int at = value.indexOf('@');
        String amountPart = at < 0 ? value : value.substring(0, at);
        if (amountPart.isEmpty()) {
            throw rateError("no rate specified", value, where);
        }
        if (!RATE.matcher(amountPart).matches()) {
            throw rateError("invalid rate", amountPart, where);
        }
        CNumbers.Scanned amount = CNumbers.scan(amountPart, 0, 0);
        if (amount.value().signum() == 0 || amount.value().bitLength() > 32) {
            throw rateError("rate overflow", amountPart, where);
        }
        char unit = amountPart.charAt(amount.end());
        long bytesPerSecond = amount.value().longValueExact() * switch (unit) {
            case 'G' -> 1_000_000_000L;
            case 'M' -> 1_000_000L;
            case 'K' -> 1_000L;
            default -> 1L;
        };
        if (unit == 'b' || amountPart.charAt(amount.end() + 1) == 'b') {
            bytesPerSecond /= 8;
        }
        long usecs = DEFAULT_INTERVAL_USECS;
        if (at >= 0) {
            String intervalPart = value.substring(at + 1);
            if (!INTERVAL.matcher(intervalPart).matches()) {
                throw rateError("invalid replenishment interval", intervalPart, where);
            }
            CNumbers.Scanned n = CNumbers.scan(intervalPart, 0, 0);
            if (n.value().signum() == 0 || n.value().bitLength() > 32) {
                throw rateError("replenishment interval overflow", intervalPart, where);
            }
            char scale = n.end() < intervalPart.length() ? intervalPart.charAt(n.end()) : 's';
            usecs = n.value().longValueExact() * (scale == 's' ? 1_000_000L : scale == 'm' ? 1_000L : 1L);
            if (usecs > 0xffff_ffffL) {
                throw rateError("replenishment interval overflow", intervalPart, where);
            }
        }
        if (Long.compareUnsigned(bytesPerSecond, Long.divideUnsigned(-1L, usecs)) > 0) { // libxl's 64 bits
            throw rateError("rate overflow", value, where);
        }
        BigInteger bytes = BigInteger.valueOf(bytesPerSecond).multiply(BigInteger.valueOf(usecs))
                .divide(BigInteger.valueOf(1_000_000L));
        return new Long[] {bytes.signum() == 0 ? null : bytes.longValueExact(), usecs};
    }

    private static ConfigException rateError(String what, String part, Position where) {
        return new ConfigException(where, "config parsing error in vif: " + what + " in `" + part + "'");
    }
}
