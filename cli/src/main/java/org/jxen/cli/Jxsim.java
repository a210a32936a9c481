package org.jxen.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jxen.cli.sim.Report;
import org.jxen.cli.sim.Scenario;
import org.jxen.cli.sim.ScenarioException;
import org.jxen.cli.sim.ScenarioReader;
import org.jxen.cli.sim.ScenarioRun;
import org.jxen.hv.sim.SimTrace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jxsim}: runs a scenario on the simulated Xen host and prints what each domain got. */
@Command(name = "jxsim", mixinStandardHelpOptions = true,
        description = "Run a scenario (JSON: a host, domains from xl.cfg files with workloads, timed events) on the "
                + "simulated Xen host and print per-domain CPU share, wait time and memory per NUMA node. "
                + "See docs/jxsim.md and examples/.")
public final class Jxsim implements Callable<Integer> {
    @Parameters(paramLabel = "SCENARIO", description = "the scenario file (JSON)")
    Path scenarioFile;

    @Option(names = "--json", description = "print the results as JSON instead of a table")
    boolean json;

    @Option(names = "--trace", paramLabel = "FILE", description = "write the event trace (every scheduling decision "
            + "and domain change, with its time in ns) to FILE; the same scenario and seed give the same bytes")
    Path traceFile;

    @Option(names = "--seed", description = "the seed (instead of the scenario's)")
    Long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Jxsim());
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Scenario scenario = ScenarioReader.read(scenarioFile);
            if (seed != null) {
                scenario = new Scenario(scenario.host(), seed, scenario.durationNs(), scenario.rateLimitUs(),
                        scenario.domains(), scenario.events());
            }
            Report report;
            if (traceFile == null) {
                report = ScenarioRun.run(scenario, null);
            } else {
                try (BufferedWriter trace = Files.newBufferedWriter(traceFile, StandardCharsets.UTF_8)) {
                    report = ScenarioRun.run(scenario, lineWriter(trace));
                }
            }
            out.print(json ? report.json() : report.table());
            out.flush();
            return 0;
        } catch (ScenarioException e) {
            err.println("jxsim: " + e.getMessage());
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("jxsim: cannot write the trace " + traceFile + ": " + e.getMessage());
            return 1;
        }
    }

    private static SimTrace lineWriter(BufferedWriter trace) {
        return (time, event) -> {
            try {
                trace.write(Long.toString(time));
                trace.write(' ');
                trace.write(event);
                trace.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
