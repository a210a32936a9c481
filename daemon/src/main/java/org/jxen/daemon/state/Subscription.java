package org.jxen.daemon.state;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jxen.api.model.ApiClass;
import org.jxen.api.model.DataModel;

/**
 * What an {@code event.from} or {@code event.next} caller watches: everything, whole classes and
 * single objects (by reference, with their class), all by canonical class name.
 */
public record Subscription(boolean everything, Set<String> classes, Map<String, String> objects) {
    /** Everything jxend has. */
    public static final Subscription ALL = new Subscription(true, Set.of(), Map.of());

    /**
     * XAPI's subscription strings, read as its {@code Subscription.of_string} reads them: {@code *},
     * a class in any case, or {@code class/ref}. A class XenAPI does not have is no error, as on
     * XAPI: it selects nothing.
     */
    public static Subscription of(Collection<String> subscriptions, DataModel model) {
        boolean everything = false;
        Set<String> classes = new HashSet<>();
        Map<String, String> objects = new HashMap<>();
        for (String sub : subscriptions) {
            int slash = sub.indexOf('/');
            String cls = model.find(slash < 0 ? sub : sub.substring(0, slash)).map(ApiClass::name).orElse(null);
            if (sub.equals("*")) {
                everything = true;
            } else if (cls != null && slash < 0) {
                classes.add(cls);
            } else if (cls != null) {
                objects.put(sub.substring(slash + 1), cls);
            }
        }
        return new Subscription(everything, Set.copyOf(classes), Map.copyOf(objects));
    }

    public boolean wants(String cls, String ref) {
        return everything || classes.contains(cls) || cls.equals(objects.get(ref));
    }
}
