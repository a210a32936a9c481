package org.jxen.toolstack;

import java.util.ArrayList;
import java.util.List;
import org.jxen.xenstore.client.XsClient;
import org.jxen.xenstore.proto.XsErrno;
import org.jxen.xenstore.proto.XsException;

/**
 * A domain's PV devices as {@code xl block-list} and {@code network-list} show them, read where
 * libxl records them ({@code /libxl/DOMID/device/KIND/DEVID/{frontend,backend}}) and from both
 * ends' XenStore directories: the same on the simulated host and on real Xen.
 */
public final class DeviceListing {
    private DeviceListing() {
    }

    public static List<DeviceStatus> read(XsClient xs, int domid, DeviceStatus.Kind kind) {
        List<DeviceStatus> out = new ArrayList<>();
        String base = "/libxl/" + domid + "/device/" + kind.dir();
        for (String devid : children(xs, base)) {
            String fe = xs.readOrNull(base + "/" + devid + "/frontend");
            String be = xs.readOrNull(base + "/" + devid + "/backend");
            if (fe == null || be == null) {
                continue;
            }
            String ring = kind == DeviceStatus.Kind.VIF
                    ? orDash(xs.readOrNull(fe + "/tx-ring-ref")) + "/" + orDash(xs.readOrNull(fe + "/rx-ring-ref"))
                    : orDash(xs.readOrNull(fe + "/ring-ref"));
            String port = xs.readOrNull(fe + (kind == DeviceStatus.Kind.CONSOLE ? "/port" : "/event-channel"));
            String identity = kind == DeviceStatus.Kind.VIF ? xs.readOrNull(be + "/mac") : xs.readOrNull(be + "/dev");
            out.add(new DeviceStatus(kind, Integer.parseInt(devid), backendDomid(be), state(xs, fe), state(xs, be),
                    port == null ? -1 : parseOr(port, -1), ring, be, identity == null ? "" : identity));
        }
        return out;
    }

    private static int backendDomid(String backendPath) {
        String[] p = backendPath.split("/"); // "" local domain N backend ...
        return p.length > 3 ? parseOr(p[3], 0) : 0;
    }

    private static int state(XsClient xs, String path) {
        String s = xs.readOrNull(path + "/state");
        return s == null ? 0 : parseOr(s.strip(), 0);
    }

    /** The names under {@code path}; none when it is not there. */
    public static List<String> children(XsClient xs, String path) {
        try {
            return xs.directory(path);
        } catch (XsException e) {
            if (e.errno() == XsErrno.ENOENT) {
                return List.of();
            }
            throw e;
        }
    }

    private static int parseOr(String s, int otherwise) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static String orDash(String s) {
        return s == null ? "-1" : s;
    }
}
