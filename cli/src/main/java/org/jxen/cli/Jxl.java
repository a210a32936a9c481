package org.jxen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfigJson;
import org.jxen.config.XlConfig;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jxl}: xl's command line. So far {@code jxl -N create}, the dry run that needs no daemon. */
@Command(name = "jxl", mixinStandardHelpOptions = true, subcommands = Jxl.Create.class,
        description = "The Xen toolstack's command line, as xl. Domains are created by jxend (not built yet); "
                + "-N create reads a config and prints libxl's JSON for it.")
public final class Jxl {
    @Option(names = "-N", description = "dry run: do not touch any domain; create prints the domain's libxl JSON")
    boolean dryRun;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Jxl());
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    @Command(name = "create", description = "Create a domain from an xl.cfg file; KEY=VALUE arguments after the "
            + "file are read as if they were lines at its end (they win).")
    static final class Create implements Callable<Integer> {
        @CommandLine.ParentCommand
        Jxl jxl;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-f", "--defconfig"}, paramLabel = "FILE", description = "the config file")
        Path file;

        @Option(names = {"-n", "--dryrun"}, description = "same as jxl -N create")
        boolean dryRun;

        @Parameters(paramLabel = "[FILE] [KEY=VALUE...]", description = "the config file (unless -f), then overrides")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<String> rest = new ArrayList<>(args);
            Path cfg = file != null ? file : rest.isEmpty() || rest.getFirst().contains("=") ? null : Path.of(rest.removeFirst());
            if (cfg == null) {
                err.println("jxl create: no config file given (jxl create FILE [KEY=VALUE...])");
                return 1;
            }
            if (!jxl.dryRun && !dryRun) {
                err.println("jxl create: creating domains needs jxend, which is not built yet; jxl -N create " + cfg
                        + " prints what would be created");
                return 1;
            }
            err.println("Parsing config from " + cfg);
            try {
                XlConfig config = XlConfigParser.parse(cfg.toString(), Files.readString(cfg, StandardCharsets.UTF_8));
                if (!rest.isEmpty()) {
                    config = config.followedBy(XlConfigParser.parse("<command line>", String.join("\n", rest)));
                }
                XlDomainReader.Result r = XlDomainReader.read(config);
                r.warnings().forEach(err::println);
                out.print(DomainConfigJson.write(r.config()));
                out.flush();
                return 0;
            } catch (NoSuchFileException e) {
                err.println("jxl create: " + cfg + ": no such file");
                return 1;
            } catch (IOException e) {
                err.println("jxl create: cannot read " + cfg + ": " + e.getMessage());
                return 1;
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
    }
}
