package org.jxen.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One XenAPI call as it came off the wire: {@code Class.message} (or {@code Async.Class.message},
 * {@code system.listMethods}) and its parameters as decoded values: String, Long, Integer (an
 * XML-RPC i4), Double, Boolean, Instant, List, Map with String keys (in wire order), byte[] (an
 * XML-RPC base64, which no XenAPI parameter accepts) or null (nil). An untagged XML-RPC value is a
 * String whatever it looks like: the server converts each parameter to its declared type.
 */
public record RpcCall(String method, List<Object> params) {
    /** Keeps an unmodifiable copy of {@code params}, which may hold nulls. */
    public RpcCall {
        Objects.requireNonNull(method, "method");
        params = Collections.unmodifiableList(new ArrayList<>(params));
    }
}
