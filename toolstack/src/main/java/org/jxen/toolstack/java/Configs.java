package org.jxen.toolstack.java;

import java.util.List;
import java.util.function.UnaryOperator;
import org.jxen.config.DomainConfig;

/**
 * Copies of a domain's configuration with one part changed, as libxl updates its stored JSON
 * when a running domain changes (name, vCPUs, memory, scheduling, devices). The config records
 * are large, so a copy is made through the record's components rather than by hand.
 */
final class Configs {
    private Configs() {
    }

    static DomainConfig withBuild(DomainConfig c, UnaryOperator<DomainConfig.BuildInfo> change) {
        return with(c, "bInfo", change.apply(c.bInfo()));
    }

    static DomainConfig renamed(DomainConfig c, String name) {
        return with(c, "cInfo", with(c.cInfo(), "name", name));
    }

    static DomainConfig withDisks(DomainConfig c, List<DomainConfig.Disk> disks) {
        return with(c, "disks", disks);
    }

    static DomainConfig withNics(DomainConfig c, List<DomainConfig.Nic> nics) {
        return with(c, "nics", nics);
    }

    static DomainConfig.BuildInfo availVcpus(DomainConfig.BuildInfo b, List<Integer> online) {
        return with(b, "availVcpus", online);
    }

    static DomainConfig.BuildInfo memory(DomainConfig.BuildInfo b, long maxKb, long targetKb) {
        return with(with(b, "maxMemkb", maxKb), "targetMemkb", targetKb);
    }

    static DomainConfig.BuildInfo sched(DomainConfig.BuildInfo b, DomainConfig.SchedParams params) {
        return with(b, "schedParams", params);
    }

    /** {@code was} with credit2's weight and cap; the other schedulers' parameters stay as they were. */
    static DomainConfig.SchedParams credit2(DomainConfig.SchedParams was, int weight, int cap) {
        return was == null ? new DomainConfig.SchedParams(weight, cap, null, null, null, null)
                : new DomainConfig.SchedParams(weight, cap, was.period(), was.extratime(), was.slice(), was.latency());
    }

    /** {@code record} with its component {@code name} set to {@code value}. */
    static <R extends Record> R with(R record, String name, Object value) {
        return RecordEdit.of(record).set(name, value).build();
    }
}
