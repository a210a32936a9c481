package org.jxen.api.model;

import java.util.List;

/**
 * A message of a class, as called on the wire ({@code Class.name}): its parameters after the
 * session (which every message but login and {@code system.listMethods} takes first), its result
 * type (null for void), and whether {@code Async.Class.name} exists for it.
 */
public record Message(String name, List<Param> params, Type result, boolean async, boolean takesSession) {
    public Message {
        params = List.copyOf(params);
    }

    /** {@code <cls>.<name>}, as clients call it. */
    public String wireName(String cls) {
        return cls + "." + name;
    }

    /**
     * How many parameters a call must carry after the session: the non-optional ones, which is
     * what XAPI reports as {@code expected} in {@code MESSAGE_PARAMETER_COUNT_MISMATCH}.
     */
    public int requiredParams() {
        return (int) params.stream().filter(p -> !p.optional()).count();
    }
}
