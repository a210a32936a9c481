package org.jxen.toolstack;

/**
 * One PV device as {@code xl block-list} and {@code xl network-list} show it: its devid, backend
 * domain, XenStore states of both ends (XenbusState numbers; 0 when absent), the frontend's event
 * channel and ring reference(s) (-1 until the guest wrote them), the backend path, and for a vif
 * its MAC address, for a vbd its virtual device name.
 */
public record DeviceStatus(Kind kind, int devid, int backendDomid, int frontendState, int backendState,
                           int eventChannel, String ringRefs, String backendPath, String identity) {
    /** The device classes, by their XenStore directory name. */
    public enum Kind {
        VBD("vbd"), VIF("vif"), CONSOLE("console");

        private final String dir;

        Kind(String dir) {
            this.dir = dir;
        }

        public String dir() {
            return dir;
        }
    }

    /** XenbusState Connected. */
    public static final int CONNECTED = 4;
}
