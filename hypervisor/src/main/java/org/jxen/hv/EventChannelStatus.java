package org.jxen.hv;

/**
 * A port as EVTCHNOP_status reports it: unbound (waiting for {@code remoteDomid} to bind), bound
 * to {@code remotePort} of {@code remoteDomid}, or closed; and the notifications it has received.
 */
public record EventChannelStatus(State state, int remoteDomid, int remotePort, long notifications) {
    public enum State { CLOSED, UNBOUND, INTERDOMAIN }
}
