package org.jxen.daemon.metrics;

/**
 * One round-robin archive of a data source: the AVERAGE of {@code steps} consecutive 5-second
 * samples per row, the newest rows kept (XAPI's rrdd keeps 5 s × 120, 1 min × 120, 1 h × 168
 * and 1 day × 366).
 */
final class Archive {
    final int steps;
    private final float[] rows;
    private int newest = -1;
    private int filled;
    /** Samples taken towards the next row, their sum and how many were numbers. */
    private int pending;
    private double sum;
    private int numbers;

    /** An archive joining the others after {@code samplesSoFar} samples, so its rows end when theirs do. */
    Archive(int steps, int rows, long samplesSoFar) {
        this.steps = steps;
        this.rows = new float[rows];
        this.pending = (int) (samplesSoFar % steps);
    }

    /** Adds one 5-second sample; every {@code steps} samples make a row (NaN samples are left out of the mean). */
    void add(double sample) {
        if (!Double.isNaN(sample)) {
            sum += sample;
            numbers++;
        }
        if (++pending == steps) {
            newest = (newest + 1) % rows.length;
            rows[newest] = numbers == 0 ? Float.NaN : (float) (sum / numbers);
            filled = Math.min(filled + 1, rows.length);
            pending = 0;
            sum = 0;
            numbers = 0;
        }
    }

    int filled() {
        return filled;
    }

    int capacity() {
        return rows.length;
    }

    /** Samples since the newest row ended. */
    int pending() {
        return pending;
    }

    /** The row {@code age} rows before the newest (0 = the newest). */
    double row(int age) {
        return age >= filled ? Double.NaN : rows[Math.floorMod(newest - age, rows.length)];
    }
}
