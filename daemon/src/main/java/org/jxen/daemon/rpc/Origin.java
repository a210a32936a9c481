package org.jxen.daemon.rpc;

/** Where a call came from: over jxend's Unix socket (root, as on XAPI) or from an address. */
public record Origin(boolean unixSocket, String address) {
    public static final Origin UNIX_SOCKET = new Origin(true, "unix socket");
}
