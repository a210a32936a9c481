package org.jxen.xenstore.store;

/**
 * A change that fires watches: the node's path; whether only watches set exactly on that path
 * fire (a node removed because its ancestor was) or also those set on its ancestors; and the
 * node's permissions as they were when it changed (a domain that could read the node hears of
 * its change or removal).
 */
public record Change(String path, boolean exact, Permissions perms) {
}
