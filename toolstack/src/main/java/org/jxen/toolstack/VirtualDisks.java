package org.jxen.toolstack;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A disk's virtual device name as the guest's device number, the vbd's devid, as libxl turns one
 * into the other ({@code libxl__device_disk_dev_number}): {@code xvdX[N]} (202:16·disk+part, or the
 * extended 1&lt;&lt;28 form past disk 15 or partition 15), {@code dDpP}, {@code hdX[N]} (IDE majors
 * 3 and 22), {@code sdX[N]} (major 8), or a plain number.
 */
public final class VirtualDisks {
    private static final Pattern LETTERED = Pattern.compile("(xvd|hd|sd)([a-z]+)([1-9][0-9]*)?");
    private static final Pattern NUMBERED = Pattern.compile("d([0-9]+)p([0-9]+)");

    private VirtualDisks() {
    }

    /** The devid, or empty when {@code vdev} is not a name libxl accepts. */
    public static OptionalInt devid(String vdev) {
        Matcher n = NUMBERED.matcher(vdev);
        if (n.matches()) {
            return xvd(parse(n.group(1)), parse(n.group(2)));
        }
        Matcher m = LETTERED.matcher(vdev);
        if (m.matches()) {
            long disk = letters(m.group(2));
            long part = m.group(3) == null ? 0 : parse(m.group(3));
            return switch (m.group(1)) {
                case "xvd" -> xvd(disk, part);
                case "hd" -> disk > 3 || part > 63 ? OptionalInt.empty()
                        : OptionalInt.of((int) (((disk < 2 ? 3 : 22) << 8) | ((disk & 1) << 6) | part));
                default -> disk > 15 || part > 15 ? OptionalInt.empty() : OptionalInt.of((int) ((8 << 8) | (disk << 4) | part));
            };
        }
        if (vdev.matches("[0-9]{1,10}") && parse(vdev) <= Integer.MAX_VALUE) {
            return OptionalInt.of((int) parse(vdev));
        }
        return OptionalInt.empty();
    }

    private static OptionalInt xvd(long disk, long part) {
        if (disk >= (1 << 20) || part > 255) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) (disk <= 15 && part <= 15 ? (202 << 8) | (disk << 4) | part
                : (1L << 28) | (disk << 8) | part));
    }

    /** a is 0, z 25, aa 26: bijective base 26, as Linux names its disks. */
    private static long letters(String s) {
        long n = 0;
        for (char c : s.toCharArray()) {
            n = n * 26 + (c - 'a' + 1);
            if (n > 1 << 21) {
                return Long.MAX_VALUE / 2; // too far for any form: rejected by the range checks
            }
        }
        return n - 1;
    }

    private static long parse(String digits) {
        return digits.length() > 10 ? Long.MAX_VALUE / 2 : Long.parseLong(digits);
    }
}
