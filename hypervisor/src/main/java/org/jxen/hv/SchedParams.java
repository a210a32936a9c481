package org.jxen.hv;

/** A domain's parameters for the scheduler of its CPU pool, one type per scheduler. */
public sealed interface SchedParams {
    /**
     * credit2's (and credit's) per-domain parameters: weight (1 to 65535, 256 by default; CPU shares
     * are in proportion) and cap (percent of one CPU the whole domain may use; 0 is no cap).
     */
    record Credit2(int weight, int cap) implements SchedParams {
        public static final int DEFAULT_WEIGHT = 256;
        public static final Credit2 DEFAULT = new Credit2(DEFAULT_WEIGHT, 0);

        public Credit2 {
            if (weight < 1 || weight > 65535) {
                throw new IllegalArgumentException("weight must be 1 to 65535, not " + weight);
            }
            if (cap < 0) {
                throw new IllegalArgumentException("cap must be 0 (none) or a percentage of one CPU, not " + cap);
            }
        }
    }

    /** RTDS: each vCPU gets {@code budgetUs} of CPU every {@code periodUs}. */
    record Rtds(int periodUs, int budgetUs) implements SchedParams {
        public Rtds {
            if (periodUs < 1 || budgetUs < 1 || budgetUs > periodUs) {
                throw new IllegalArgumentException("RTDS needs 0 < budget <= period, not budget " + budgetUs
                        + " us of period " + periodUs + " us");
            }
        }
    }
}
