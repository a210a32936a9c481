package org.jxen.hv;

/**
 * credit2's per-domain parameters: weight (1 to 65535, 256 by default; CPU shares are in
 * proportion) and cap (percent of one CPU the whole domain may use; 0 is no cap).
 */
public record SchedParams(int weight, int cap) {
    public static final int DEFAULT_WEIGHT = 256;
    public static final SchedParams DEFAULT = new SchedParams(DEFAULT_WEIGHT, 0);

    public SchedParams {
        if (weight < 1 || weight > 65535) {
            throw new IllegalArgumentException("weight must be 1 to 65535, not " + weight);
        }
        if (cap < 0) {
            throw new IllegalArgumentException("cap must be 0 (none) or a percentage of one CPU, not " + cap);
        }
    }
}
