package org.jxen.api;

/** A request or reply body that is not a well-formed XML-RPC or JSON-RPC message; says where and why. */
public final class RpcParseException extends Exception {
    public RpcParseException(String message) {
        super(message);
    }

    public RpcParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
