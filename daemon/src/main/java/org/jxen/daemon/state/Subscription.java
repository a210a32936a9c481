package org.jxen.daemon.state;

import java.util.Set;

/** What an {@code event.from} caller watches: everything, whole classes (canonical names) and single objects. */
public record Subscription(boolean everything, Set<String> classes, Set<String> refs) {
    public boolean wants(String cls, String ref) {
        return everything || classes.contains(cls) || refs.contains(ref);
    }
}
