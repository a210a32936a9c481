package org.jxen.api.model;

import java.util.List;

/**
 * A message of a class, as called on the wire ({@code Class.name}): its parameters after the
 * session (which every message but login and {@code system.listMethods} takes first), its result
 * type (null for void), and whether {@code Async.Class.name} exists for it.
 */
public record Message(String name, List<Param> params, Type result, boolean async, boolean takesSession) {
}
