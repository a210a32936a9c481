package org.jxen.cli.xl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfigJson;
import org.jxen.config.XlConfig;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xl create}: jxend reads the config as xl does ({@code jxen.create_VM_from_xl_config}) and
 * starts the VM it makes ({@code VM.start}); a VM that does not start is forgotten again, with the
 * VDIs its disks brought in. With
 * {@code -n} (or {@code jxl -N}) nothing is created and no jxend is needed: libxl's JSON is printed.
 */
@Command(name = "create", description = "Create a domain from config file <filename>; KEY=VALUE arguments after "
        + "the file are read as if they were lines at its end (they win).")
public final class CreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--defconfig"}, paramLabel = "FILE", description = "the config file")
    Path file;

    @Option(names = {"-n", "--dryrun"}, description = "same as jxl -N create")
    boolean dryRun;

    @Option(names = "-p", description = "leave the domain paused after it is created")
    boolean paused;

    @Parameters(paramLabel = "[FILE] [KEY=VALUE...]", description = "the config file (unless -f), then overrides")
    List<String> args = new ArrayList<>();

    /** Whether the top-level command asked for a dry run ({@code jxl -N}). */
    public interface DryRun {
        boolean dryRun();
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<String> rest = new ArrayList<>(args);
        Path cfg = file != null ? file : rest.isEmpty() || rest.getFirst().contains("=") ? null : Path.of(rest.removeFirst());
        if (cfg == null) {
            err.println("jxl create: no config file given (jxl create FILE [KEY=VALUE...])");
            err.flush();
            return 1;
        }
        String text;
        try {
            text = Files.readString(cfg, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            err.println("Failed to read config file: " + cfg + ": No such file or directory");
            err.flush();
            return 3;
        } catch (IOException e) {
            err.println("Failed to read config file: " + cfg + ": " + e.getMessage());
            err.flush();
            return 3;
        }
        err.println("Parsing config from " + cfg);
        if (dryRun || ((DryRun) spec.parent().userObject()).dryRun()) {
            return dryRun(cfg, text, rest, spec.commandLine().getOut(), err);
        }
        String all = rest.isEmpty() ? text : text + "\n" + String.join("\n", rest) + "\n";
        return XlCommand.withJxend(spec, (api, out, e) -> create(api, cfg, all, e));
    }

    private static int dryRun(Path cfg, String text, List<String> overrides, PrintWriter out, PrintWriter err) {
        try {
            XlConfig config = XlConfigParser.parse(cfg.toString(), text);
            if (!overrides.isEmpty()) {
                config = config.followedBy(XlConfigParser.parse("<command line>", String.join("\n", overrides)));
            }
            XlDomainReader.Result r = XlDomainReader.read(config);
            r.warnings().forEach(err::println);
            out.print(DomainConfigJson.write(r.config()));
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int create(JxendApi api, Path cfg, String text, PrintWriter err) throws XenApiFailure, XlFailure {
        String vm;
        try {
            vm = (String) api.call("jxen.create_VM_from_xl_config", text, cfg.toAbsolutePath().toString());
        } catch (XenApiFailure e) {
            if (e.code().equals(ErrorCodes.VALUE_NOT_SUPPORTED)) {
                throw XlFailure.of(Failures.reason(e) + "\nFailed to parse config: Invalid argument");
            }
            throw e;
        }
        try {
            api.call("VM.start", vm, paused, false);
        } catch (XenApiFailure e) {
            VmRecords.forget(api, vm);
            throw new XlFailure(Failures.reason(e), 3);
        }
        return 0;
    }
}
