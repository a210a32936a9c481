package org.jxen.toolstack.save;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One device of a saved domain, as XenStore held it: the restore recreates the device from these.
 *
 * @param kind the device kind as in XenStore paths ("vbd", "vif", "console", ...)
 * @param devid the device number
 * @param backend the backend directory's keys (relative) and values
 * @param frontend the frontend directory's keys (relative) and values
 */
public record DeviceRecord(String kind, int devid, SortedMap<String, String> backend,
        SortedMap<String, String> frontend) {
    public DeviceRecord {
        Objects.requireNonNull(kind, "kind");
        backend = Collections.unmodifiableSortedMap(new TreeMap<>(backend));
        frontend = Collections.unmodifiableSortedMap(new TreeMap<>(frontend));
    }

    public DeviceRecord(String kind, int devid, Map<String, String> backend, Map<String, String> frontend) {
        this(kind, devid, new TreeMap<>(backend), new TreeMap<>(frontend));
    }
}
