package org.jxen.hv.sim;

import java.util.List;

/**
 * What a vCPU does with the CPU: all it can get ({@link CpuBound}), or bursts of work that
 * arrive one per interval ({@link Bursty}): a little each period ({@link Idle}), a duty cycle
 * ({@link Periodic}), or a recorded utilisation trace ({@link Trace}). Work that is not done
 * by the next burst carries over.
 */
public sealed interface Workload {
    /** Always runnable. */
    record CpuBound() implements Workload {
    }

    /** Work that arrives in bursts, burst {@code k} (from 0) at {@code k × intervalNs()} after the workload's start. */
    sealed interface Bursty extends Workload {
        long intervalNs();

        /** The CPU time burst {@code k} brings, ns. */
        long burstNs(long k);
    }

    /** An idle guest: {@code workNs} of CPU every {@code periodNs} (timer ticks, housekeeping). */
    record Idle(long periodNs, long workNs) implements Bursty {
        public static final Idle DEFAULT = new Idle(1_000_000_000L, 20_000L);

        public Idle {
            if (periodNs <= 0 || workNs < 0) {
                throw new IllegalArgumentException("an idle workload needs a period > 0 and work >= 0");
            }
        }

        @Override
        public long intervalNs() {
            return periodNs;
        }

        @Override
        public long burstNs(long k) {
            return workNs;
        }
    }

    /** Each period starts with {@code dutyPercent} of the period as work. */
    record Periodic(long periodNs, int dutyPercent) implements Bursty {
        public Periodic {
            if (periodNs <= 0 || dutyPercent < 0 || dutyPercent > 100) {
                throw new IllegalArgumentException("a periodic workload needs a period > 0 and a duty of 0-100%");
            }
        }

        @Override
        public long intervalNs() {
            return periodNs;
        }

        @Override
        public long burstNs(long k) {
            return periodNs * dutyPercent / 100;
        }
    }

    /**
     * A recorded trace replayed in a loop: interval {@code k} brings {@code busyPercent[k mod n]}
     * of the interval as work, the form monitoring systems record (CPU utilisation per sample).
     */
    record Trace(long intervalNs, List<Integer> busyPercent) implements Bursty {
        public Trace {
            busyPercent = List.copyOf(busyPercent);
            if (intervalNs <= 0 || busyPercent.isEmpty()) {
                throw new IllegalArgumentException("a trace needs an interval > 0 and at least one sample");
            }
            for (int i = 0; i < busyPercent.size(); i++) {
                int p = busyPercent.get(i);
                if (p < 0 || p > 100) {
                    throw new IllegalArgumentException("trace sample " + (i + 1) + " is " + p + "%; samples are 0-100%");
                }
            }
        }

        @Override
        public long burstNs(long k) {
            return intervalNs * busyPercent.get((int) (k % busyPercent.size())) / 100;
        }
    }
}
