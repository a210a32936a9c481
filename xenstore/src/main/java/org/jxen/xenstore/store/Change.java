package org.jxen.xenstore.store;

/**
 * A change that fires watches: the node's path, whether it was a recursive removal (which also
 * fires watches set below the path), and the node's permissions as they were when it changed
 * (a domain that could read the node hears of its change or removal).
 */
public record Change(String path, boolean removal, Permissions perms) {
}
