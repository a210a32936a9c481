package org.jxen.api.model;

/** A field of a XenAPI class: its wire name, type, qualifier and the value a new object has. */
public record Field(String name, Type type, Qualifier qualifier, Object defaultValue) {
}
