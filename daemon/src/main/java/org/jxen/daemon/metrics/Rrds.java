package org.jxen.daemon.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every data source jxend records, by owner ({@code host:UUID}, {@code vm:UUID}) and name
 * ({@code cpu0}, {@code memory}, ...), sampled together every {@link #STEP_SECONDS} seconds, and
 * exported as rrdtool's {@code xport} rows the way XAPI's {@code /rrd_updates} answers.
 */
public final class Rrds {
    public static final int STEP_SECONDS = 5;
    /** XAPI's archives: (samples per row, rows). */
    private static final int[][] ARCHIVES = {{1, 120}, {12, 120}, {720, 168}, {17280, 366}};

    /** One exported table: rows newest first, each with its time and one value per legend entry. */
    public record Export(long start, long step, long end, List<String> legend, List<Long> times, List<double[]> rows) {
    }

    private final Map<String, Map<String, Archive[]>> owners = new LinkedHashMap<>();
    private long samples;
    private long lastSample;

    /** Records one sample of each source at {@code time} (unix seconds); a source not given gets NaN. */
    public synchronized void sample(long time, Map<String, Map<String, Double>> values) {
        for (Map.Entry<String, Map<String, Double>> owner : values.entrySet()) {
            Map<String, Archive[]> sources = owners.computeIfAbsent(owner.getKey(), k -> new LinkedHashMap<>());
            for (String name : owner.getValue().keySet()) {
                sources.computeIfAbsent(name, k -> archives());
            }
        }
        owners.keySet().retainAll(values.keySet());
        owners.forEach((owner, sources) -> sources.forEach((name, archives) -> {
            Double v = values.get(owner).get(name);
            for (Archive a : archives) {
                a.add(v == null ? Double.NaN : v);
            }
        }));
        samples++;
        lastSample = time;
    }

    private Archive[] archives() {
        Archive[] a = new Archive[ARCHIVES.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new Archive(ARCHIVES[i][0], ARCHIVES[i][1], samples);
        }
        return a;
    }

    /**
     * The rows since {@code start} (unix seconds; negative: that far before the last sample) of the
     * finest archive whose step is at least {@code interval} seconds and that reaches back to
     * {@code start}, for the owners {@code wanted} accepts.
     */
    public synchronized Export export(long start, long interval, Predicate<String> wanted) {
        if (start < 0) {
            start += lastSample;
        }
        int chosen = ARCHIVES.length - 1;
        for (int i = 0; i < ARCHIVES.length; i++) {
            long step = (long) ARCHIVES[i][0] * STEP_SECONDS;
            if (step >= interval && newestRowTime(i) - (ARCHIVES[i][1] - 1) * step <= start) {
                chosen = i;
                break;
            }
        }
        int archive = chosen;
        long step = (long) ARCHIVES[archive][0] * STEP_SECONDS;
        long newest = newestRowTime(archive);
        List<String> legend = new ArrayList<>();
        List<Archive> columns = new ArrayList<>();
        owners.forEach((owner, sources) -> {
            if (wanted.test(owner)) {
                sources.forEach((name, archives) -> {
                    legend.add("AVERAGE:" + owner + ":" + name);
                    columns.add(archives[archive]);
                });
            }
        });
        List<Long> times = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        int filled = columns.stream().mapToInt(Archive::filled).max().orElse(0);
        for (int age = 0; age < filled && newest - age * step >= start; age++) {
            double[] row = new double[columns.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = columns.get(c).row(age);
            }
            times.add(newest - age * step);
            rows.add(row);
        }
        long first = times.isEmpty() ? newest : times.getLast();
        return new Export(first, step, newest, legend, times, rows);
    }

    /**
     * The newest 5-second value of each of {@code owner}'s sources (NaN where none was taken yet),
     * or null when jxend records nothing of it (a VM not running).
     */
    public synchronized Map<String, Double> latest(String owner) {
        Map<String, Archive[]> sources = owners.get(owner);
        if (sources == null) {
            return null;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        sources.forEach((name, archives) -> values.put(name, archives[0].row(0)));
        return values;
    }

    /**
     * Drops what {@code owner}'s source {@code name} recorded until now (its archives start empty,
     * as rrdd's {@code forget_*_ds} leaves them); false if there is no such source.
     */
    public synchronized boolean forget(String owner, String name) {
        Map<String, Archive[]> sources = owners.get(owner);
        if (sources == null || !sources.containsKey(name)) {
            return false;
        }
        sources.put(name, archives());
        return true;
    }

    /** When the newest row of archive {@code i} ended. */
    private long newestRowTime(int i) {
        return lastSample - (samples % ARCHIVES[i][0]) * STEP_SECONDS;
    }
}
