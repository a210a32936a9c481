package org.jxen.hv.sim;

/**
 * What a vCPU does with the CPU: nothing much (wakes for a little work each period), all it can
 * get, or a duty cycle (a share of each period's time as work, the rest blocked).
 */
public sealed interface Workload {
    /** An idle guest: {@code workNs} of CPU every {@code periodNs} (timer ticks, housekeeping). */
    record Idle(long periodNs, long workNs) implements Workload {
        public static final Idle DEFAULT = new Idle(1_000_000_000L, 20_000L);
    }

    /** Always runnable. */
    record CpuBound() implements Workload {
    }

    /** Each period starts with {@code dutyPercent} of the period as work; unfinished work carries over. */
    record Periodic(long periodNs, int dutyPercent) implements Workload {
        public Periodic {
            if (periodNs <= 0 || dutyPercent < 0 || dutyPercent > 100) {
                throw new IllegalArgumentException("a periodic workload needs a period > 0 and a duty of 0-100%");
            }
        }
    }
}
