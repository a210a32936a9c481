package org.jxen.daemon.state;

/** What an event says happened to an object: XAPI's {@code event_operation}. */
public enum Change {
    ADD("add"), MOD("mod"), DEL("del");

    private final String wire;

    Change(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
