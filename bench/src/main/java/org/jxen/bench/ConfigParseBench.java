package org.jxen.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfig;
import org.jxen.config.HostCpus;
import org.jxen.config.XlConfig;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 4's speed target: parse and validate a typical 30-line xl.cfg (typical.cfg) in under
 * 100 µs. {@code parse} is the syntax alone (what libxlu's xlu_cfg_readdata does; the C side of
 * bench/config-parse-bench times that); {@code parseAndRead} adds xl's semantics, giving a
 * DomainConfig.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConfigParseBench {
    private static final UUID FIXED = new UUID(0, 1);
    private static final HostCpus HOST = new HostCpus(8, java.util.Map.of(0, java.util.List.of(0, 1, 2, 3),
            1, java.util.List.of(4, 5, 6, 7)));
    private String text;

    @Setup
    public void load() throws IOException {
        try (InputStream in = ConfigParseBench.class.getResourceAsStream("typical.cfg")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Benchmark
    public XlConfig parse() throws ConfigException {
        return XlConfigParser.parse("typical.cfg", text);
    }

    @Benchmark
    public DomainConfig parseAndRead() throws ConfigException {
        return XlDomainReader.read(XlConfigParser.parse("typical.cfg", text), () -> FIXED, HOST).config();
    }
}
