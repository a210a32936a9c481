package org.jxen.hv;

/**
 * What a guest printed on its console, kept for dom0's readers as xenconsoled keeps a log: at
 * least the last {@code max} characters (trimmed a quarter at a time, not at every character
 * once full), each at its offset in everything printed. Not thread-safe: its owner locks.
 */
public final class ConsoleLog {
    private final int max;
    private final StringBuilder kept = new StringBuilder();
    /** The offset of the first kept character. */
    private long start;

    public ConsoleLog(int max) {
        this.max = max;
    }

    public void append(CharSequence text) {
        kept.append(text);
        if (kept.length() > max + max / 4) {
            int drop = kept.length() - max;
            kept.delete(0, drop);
            start += drop;
        }
    }

    /** What was printed from offset {@code from} on (from the oldest kept, if that is later). */
    public ConsoleOutput output(long from) {
        long end = start + kept.length();
        long first = Math.clamp(from, start, end);
        return new ConsoleOutput(kept.substring((int) (first - start)), first, end);
    }
}
