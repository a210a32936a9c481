package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.flag;
import static org.jxen.cli.xl.Args.Opt.valued;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfigJson;
import org.jxen.config.XlConfig;
import org.jxen.config.XlConfigParser;
import org.jxen.config.XlDomainReader;
import org.jxen.toolstack.CreateStep;

/**
 * {@code xl create}: jxend reads the config as xl does ({@code jxen.create_VM_from_xl_config}) and
 * starts the VM it makes ({@code VM.start}); a VM that does not start is forgotten again, with the
 * VDIs its disks brought in. With {@code -n} (or {@code jxl -N}) nothing is created and no jxend is
 * needed: libxl's JSON is printed. KEY=VALUE arguments after the file are read as lines at its end.
 */
final class CreateCommand {
    /**
     * xl create's status is libxl's error, negated: ERROR_FAIL once libxl made the domain (a failed
     * create destroys it and reports that), ERROR_INVAL where its config checks refused the domain
     * before ({@code libxl__domain_config_setdefault}: a pool the host lacks, say).
     */
    private static final int LIBXL_ERROR_FAIL = 3;
    private static final int LIBXL_ERROR_INVAL = 6;

    private CreateCommand() {
    }

    /** The toolstack names each failure by the step where libxl meets it; its first is libxl's config checks. */
    private static boolean refusedBeforeADomainWasMade(XenApiFailure e, String reason) {
        return e.code().equals(ErrorCodes.VALUE_NOT_SUPPORTED) && reason.startsWith(CreateStep.DEFAULTS.description() + ": ");
    }

    static XlCommand command() {
        return XlCommand.of("create", "[options] <ConfigFile> [options] [vars]", "Create a domain from config file <filename>",
                0, Integer.MAX_VALUE, CreateCommand::run,
                valued('f', "defconfig", "FILE", "Use the given configuration file"),
                flag('n', "dryrun", "Dry run - prints the resulting configuration in libxl's JSON; creates nothing"),
                flag('p', null, "Leave the domain paused after it is created"),
                flag('c', null, "Connect to the console after the domain is created")).withOffline(CreateCommand::runOffline);
    }

    /** The config file and what follows it. */
    private record Input(Path file, String text, List<String> overrides) {
    }

    /** Reads the file (saying so, as xl); with -n or jxl -N, the dry run; otherwise null: on to jxend. */
    private static Integer runOffline(Args args, XlContext context, PrintWriter out, PrintWriter err) {
        Input in;
        try {
            in = input(args, err);
        } catch (XlFailure e) {
            err.println(e.getMessage());
            err.flush();
            return e.status();
        }
        return args.has('n') || context.dryRun() ? dryRun(in, out, err) : null;
    }

    private static int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        Input in = input(args, new PrintWriter(PrintWriter.nullWriter()));
        String all = in.overrides().isEmpty() ? in.text() : in.text() + "\n" + String.join("\n", in.overrides()) + "\n";
        String vm;
        try {
            vm = (String) api.call("jxen.create_VM_from_xl_config", all, in.file().toAbsolutePath().toString());
        } catch (XenApiFailure e) {
            if (!e.code().equals(ErrorCodes.VALUE_NOT_SUPPORTED)) {
                throw e;
            }
            if (e.params().getFirst().equals("xl.cfg")) {
                throw XlFailure.of(Failures.reason(e) + "\nFailed to parse config: Invalid argument");
            }
            throw new XlFailure(Failures.reason(e), 3); // the file read, a disk refused: as libxl's create fails
        }
        try {
            api.call("VM.start", vm, args.has('p'), false);
        } catch (XenApiFailure e) {
            VmRecords.forget(api, vm);
            String reason = Failures.reason(e);
            throw new XlFailure(reason, refusedBeforeADomainWasMade(e, reason) ? LIBXL_ERROR_INVAL : LIBXL_ERROR_FAIL);
        }
        return args.has('c') ? ConsoleCommand.attach(api, ((Long) api.call("VM.get_domid", vm)).intValue(), out) : 0;
    }

    /** Reads the config file; says "Parsing config from FILE" on {@code err}, as xl does. */
    private static Input input(Args args, PrintWriter err) throws XlFailure {
        List<String> rest = new ArrayList<>(args.positional());
        Path cfg = args.value('f') != null ? Path.of(args.value('f'))
                : rest.isEmpty() || rest.getFirst().contains("=") ? null : Path.of(rest.removeFirst());
        if (cfg == null) {
            throw XlFailure.of("jxl create: no config file given (jxl create FILE [KEY=VALUE...])");
        }
        String text = ConfigFiles.read(cfg);
        err.println("Parsing config from " + cfg);
        return new Input(cfg, text, rest);
    }

    private static int dryRun(Input in, PrintWriter out, PrintWriter err) {
        try {
            XlConfig config = XlConfigParser.parse(in.file().toString(), in.text());
            if (!in.overrides().isEmpty()) {
                config = config.followedBy(XlConfigParser.parse("<command line>", String.join("\n", in.overrides())));
            }
            XlDomainReader.Result r = XlDomainReader.read(config);
            r.warnings().forEach(err::println);
            out.print(DomainConfigJson.write(r.config()));
            return 0;
        } catch (ConfigException e) {
            err.println(e.report());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
