package org.jxen.api;

import java.util.List;

/**
 * XML-RPC as XAPI speaks it (xen-api's ocaml-rpc): the Status/Value envelope, int64 as untagged
 * strings, {@code <dateTime.iso8601>} in XAPI's form. Values are as in {@link RpcCall}.
 */
public final class XmlRpc {
    private XmlRpc() {
    }

    /** Server side: decodes a {@code <methodCall>}. */
    public static RpcCall readCall(byte[] body) throws RpcParseException {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** Server side: {@code Status=Success, Value=value}. */
    public static byte[] writeSuccess(Object value) {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** Server side: {@code Status=Failure, ErrorDescription=[code, params...]}. */
    public static byte[] writeFailure(XenApiFailure failure) {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** Server side: the value alone in the {@code <param>}, as XAPI answers {@code system.listMethods}. */
    public static byte[] writeBare(Object value) {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** One value as XAPI encodes it ({@code <value>...</value>}): what {@code task.result} holds. */
    public static String valueToString(Object value) {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** Client side: a {@code <methodCall>}. */
    public static byte[] writeCall(String method, List<Object> params) {
        throw new UnsupportedOperationException("TODO helper A");
    }

    /** Client side: the Value of a reply, or its failure thrown; a bare value is returned as is. */
    public static Object readResponse(byte[] body) throws RpcParseException, XenApiFailure {
        throw new UnsupportedOperationException("TODO helper A");
    }
}
