package org.jxen.api.model;

/**
 * A field of a XenAPI class: its wire name, type, qualifier and the value a new object has (the
 * datamodel's default, else the type's empty value; immutable, see {@link ApiClass#newRecord()}).
 */
public record Field(String name, Type type, Qualifier qualifier, Object defaultValue) {
    public Field {
        defaultValue = Values.immutable(defaultValue);
    }
}
