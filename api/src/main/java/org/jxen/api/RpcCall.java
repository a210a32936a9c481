package org.jxen.api;

import java.util.List;

/**
 * One XenAPI call as it came off the wire: {@code Class.message} (or {@code Async.Class.message},
 * {@code system.listMethods}) and its parameters as decoded values: String, Long, Integer (an
 * XML-RPC i4), Double, Boolean, Instant, List, Map with String keys, or null (nil).
 */
public record RpcCall(String method, List<Object> params) {
}
