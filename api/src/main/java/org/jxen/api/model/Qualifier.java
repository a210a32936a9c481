package org.jxen.api.model;

/** Who may set a field, as XAPI's datamodel says. */
public enum Qualifier {
    /** set by clients at any time ({@code set_<field>}) and at create */
    RW,
    /** given at create, read-only after */
    STATIC_RO,
    /** kept by the server alone */
    DYNAMIC_RO
}
