package org.jxen.hv;

/** A grant entry: page {@code gfn} of the granting domain, for {@code toDomid}, perhaps read-only. */
public record Grant(int toDomid, long gfn, boolean readOnly) {
}
