package org.jxen.xenstore.client;

/** A watch fired: the path that changed (relative if the watch was) and the watch's token. */
public record WatchEvent(String path, String token) {
}
