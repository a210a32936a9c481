package org.jxen.daemon.xapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.daemon.metrics.Rrds;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * {@code VM.get_data_sources}, {@code host.get_data_sources} and their {@code query_data_source}
 * ({@code xe vm-data-source-list}, XenCenter's graphs): the sources jxend records of a running VM
 * or the host ({@code /rrd_updates} serves the same), described as XAPI's rrdd plugins describe
 * them (rrdp_cpu, rrdp_squeezed, rrdp_netdev, rrdp_iostat). As XAPI, {@code get_data_sources}
 * gives each {@code value} 0 and a VM that is not running has none; {@code query_data_source}
 * gives the newest 5-second value; {@code record_data_source} accepts a source jxend records (all of
 * its sources are recorded from the start) and {@code forget_data_source_archives} drops a source's
 * history.
 */
final class DataSources {
    /** A source's description as rrdd's {@code Ds.ds_make} gives it: {@code %s} takes the name's number or device. */
    private record Kind(Pattern name, String description, String units, double min, double max) {
    }

    private static final double NONE = Double.POSITIVE_INFINITY;
    private static final List<Kind> VM = List.of(
            new Kind(Pattern.compile("cpu(\\d+)"), "CPU%s usage", "(fraction)", 0, 1),
            new Kind(Pattern.compile("memory"), "Memory currently allocated to VM", "B", 0, NONE),
            new Kind(Pattern.compile("memory_target"), "Target of VM balloon driver", "B", 0, NONE),
            new Kind(Pattern.compile("vif_(\\d+)_rx"), "Bytes per second received on virtual interface number '%s'",
                    "B/s", 0, NONE),
            new Kind(Pattern.compile("vif_(\\d+)_tx"), "Bytes per second transmitted on virtual interface number '%s'",
                    "B/s", 0, NONE),
            new Kind(Pattern.compile("vbd_(\\w+)_read"), "Reads from device %s, in B/s", "B/s", 0, NONE),
            new Kind(Pattern.compile("vbd_(\\w+)_write"), "Writes from device %s, in B/s", "B/s", 0, NONE));
    private static final List<Kind> HOST = List.of(
            new Kind(Pattern.compile("cpu(\\d+)"), "Physical cpu usage for cpu %s", "(fraction)", 0, 1),
            new Kind(Pattern.compile("memory_total_kib"), "Total amount of memory in the host", "KiB", 0, NONE),
            new Kind(Pattern.compile("memory_free_kib"), "Total amount of free memory", "KiB", 0, NONE));

    private final ObjectStore store;
    private final Rrds rrds;

    DataSources(ObjectStore store, Rrds rrds) {
        this.store = store;
        this.rrds = rrds;
    }

    void register(Handlers h) {
        h.on("VM.get_data_sources", call -> list(owner("VM", call.ref(0)), VM));
        h.on("VM.query_data_source", call -> query(owner("VM", call.ref(0)), (String) call.arg(1)));
        h.on("host.get_data_sources", call -> list(owner("host", call.ref(0)), HOST));
        h.on("host.query_data_source", call -> query(owner("host", call.ref(0)), (String) call.arg(1)));
        for (String cls : List.of("VM", "host")) {
            // every source jxend has is recorded already: recording one is asking that it exists
            h.on(cls + ".record_data_source", call -> {
                query(owner(cls, call.ref(0)), (String) call.arg(1));
                return null;
            });
            h.on(cls + ".forget_data_source_archives", call -> {
                String name = (String) call.arg(1);
                if (!rrds.forget(owner(cls, call.ref(0)), name)) {
                    throw invalid(name);
                }
                return null;
            });
        }
    }

    private String owner(String cls, String ref) throws XenApiFailure {
        return cls.toLowerCase(Locale.ROOT) + ":" + store.field(cls, ref, "uuid");
    }

    private List<Map<String, Object>> list(String owner, List<Kind> kinds) {
        Map<String, Double> latest = rrds.latest(owner);
        List<Map<String, Object>> records = new ArrayList<>();
        if (latest == null) {
            return records;
        }
        for (String name : latest.keySet()) {
            for (Kind k : kinds) {
                Matcher m = k.name().matcher(name);
                if (m.matches()) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("name_label", name);
                    r.put("name_description", m.groupCount() == 0 ? k.description()
                            : k.description().formatted(m.group(1)));
                    r.put("enabled", true);
                    r.put("standard", true);
                    r.put("units", k.units());
                    r.put("min", k.min());
                    r.put("max", k.max());
                    r.put("value", 0.0);
                    records.add(r);
                }
            }
        }
        return records;
    }

    /** The newest value; a source not recorded fails as rrdd's lookup does, with INTERNAL_ERROR naming it. */
    private double query(String owner, String name) throws XenApiFailure {
        Map<String, Double> latest = rrds.latest(owner);
        Double v = latest == null ? null : latest.get(name);
        if (v == null) {
            throw invalid(name);
        }
        return v;
    }

    private static XenApiFailure invalid(String name) {
        return XenApiFailure.of(ErrorCodes.INTERNAL_ERROR, "Rrd.Invalid_data_source(\"" + name + "\")");
    }
}
