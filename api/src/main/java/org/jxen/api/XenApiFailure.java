package org.jxen.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A XenAPI call failed as XAPI reports it: an error code ({@link ErrorCodes}) and its string
 * parameters, sent as {@code ErrorDescription = [code, params...]} (XML-RPC) or as the error of a
 * JSON-RPC reply.
 */
public final class XenApiFailure extends Exception {
    private final String code;
    private final List<String> params;

    public XenApiFailure(String code, List<String> params) {
        super(code + (params.isEmpty() ? "" : " " + params));
        this.code = code;
        this.params = List.copyOf(params);
    }

    /** A failure whose parameters are {@code params} as strings ({@code String.valueOf} each). */
    public static XenApiFailure of(String code, Object... params) {
        List<String> strings = new ArrayList<>(params.length);
        for (Object p : params) {
            strings.add(String.valueOf(p));
        }
        return new XenApiFailure(code, strings);
    }

    /** From a wire {@code ErrorDescription}: the code first, then its parameters. */
    public static XenApiFailure fromDescription(List<String> description) {
        if (description.isEmpty()) {
            return new XenApiFailure(ErrorCodes.INTERNAL_ERROR, List.of("an empty ErrorDescription"));
        }
        return new XenApiFailure(description.getFirst(), description.subList(1, description.size()));
    }

    /** From a decoded {@code ErrorDescription} whose items may not all be strings: each is {@code String.valueOf}'d. */
    static XenApiFailure fromWire(List<?> description) {
        List<String> strings = new ArrayList<>(description.size());
        description.forEach(item -> strings.add(String.valueOf(item)));
        return fromDescription(strings);
    }

    public String code() {
        return code;
    }

    public List<String> params() {
        return params;
    }

    /** {@code [code, params...]}, as the wire carries it. */
    public List<String> description() {
        List<String> all = new ArrayList<>(params.size() + 1);
        all.add(code);
        all.addAll(params);
        return all;
    }
}
