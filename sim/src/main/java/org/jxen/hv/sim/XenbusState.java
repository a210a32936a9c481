package org.jxen.hv.sim;

/** xenbus device states as io/xenbus.h numbers them, the value of a device's {@code state} node. */
enum XenbusState {
    UNKNOWN, INITIALISING, INIT_WAIT, INITIALISED, CONNECTED, CLOSING, CLOSED, RECONFIGURING, RECONFIGURED;

    /** The state a node's text names; a missing or unreadable node is UNKNOWN. */
    static XenbusState parse(String text) {
        try {
            int n = text == null ? 0 : Integer.parseInt(text.strip());
            return n >= 0 && n < values().length ? values()[n] : UNKNOWN;
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    String text() {
        return Integer.toString(ordinal());
    }
}
