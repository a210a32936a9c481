package org.jxen.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jxen.cli.xl.Connection;
import org.jxen.cli.xl.CreateCommand;
import org.jxen.cli.xl.DeviceCommands;
import org.jxen.cli.xl.HostCommands;
import org.jxen.cli.xl.LifecycleCommands;
import org.jxen.cli.xl.ListCommands;
import org.jxen.cli.xl.SaveCommands;
import org.jxen.cli.xl.SchedCredit2;
import org.jxen.cli.xl.TuningCommands;
import org.jxen.cli.xl.XlContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jxl}: xl's command line on jxend. Talks to jxend's Unix socket ({@code jxl.socket}, which
 * bin/jxl sets to the checkout's {@code run/jxend/xapi.sock}) unless {@code --host} names a
 * remote one; {@code -N create} needs no jxend.
 */
@Command(name = "jxl", mixinStandardHelpOptions = true, version = "jxl (xl 4.17's command line on jxend)",
        description = "The Xen toolstack's command line, as xl, on jxend.")
public final class Jxl implements Callable<Integer>, XlContext, CreateCommand.DryRun {
    /** Where jxend listens when nothing says otherwise (jxend's default under /var/run on a host). */
    static final String DEFAULT_SOCKET = "/var/run/jxend/xapi.sock";

    @Option(names = "-N", description = "dry run: do not touch any domain; create prints the domain's libxl JSON")
    boolean dryRun;

    @Option(names = "--host", paramLabel = "URL", description = "a remote jxend (http://HOST:PORT or https://...)")
    URI host;

    @Option(names = "--user", paramLabel = "NAME", defaultValue = "root", description = "the user on --host (root)")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "the password on --host, in a file "
            + "(or the environment variable JXL_PASSWORD)")
    Path passwordFile;

    @Option(names = "--insecure", description = "accept --host's certificate without checking it (jxend's own is self-signed)")
    boolean insecure;

    @Option(names = "--socket", paramLabel = "PATH", description = "jxend's Unix socket (default: ${DEFAULT-VALUE})",
            defaultValue = "${sys:jxl.socket:-" + DEFAULT_SOCKET + "}")
    Path socket;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, false, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** xl's subcommands that jxl has, in xl's order. */
    static final List<String> SUBCOMMANDS = List.of("create", "list", "destroy", "shutdown", "reboot", "pause", "unpause",
            "rename", "save", "restore", "domid", "domname", "uptime", "vcpu-list", "vcpu-set", "vcpu-pin", "mem-set",
            "mem-max", "sched-credit2", "info", "dmesg", "network-attach", "network-detach", "network-list",
            "block-attach", "block-detach", "block-list");

    /**
     * A new instance of the subcommand {@code name}. Made without reflection, and only the one a
     * command line names is given to picocli (which builds its model of a command by reflection,
     * milliseconds each on a cold JVM): every one for help, an unknown name or none.
     */
    static Object subcommand(String name) {
        return switch (name) {
            case "create" -> new CreateCommand();
            case "list" -> new ListCommands.ListDomains();
            case "destroy" -> new LifecycleCommands.Destroy();
            case "shutdown" -> new LifecycleCommands.Shutdown();
            case "reboot" -> new LifecycleCommands.Reboot();
            case "pause" -> new LifecycleCommands.Pause();
            case "unpause" -> new LifecycleCommands.Unpause();
            case "rename" -> new LifecycleCommands.Rename();
            case "save" -> new SaveCommands.Save();
            case "restore" -> new SaveCommands.Restore();
            case "domid" -> new ListCommands.Domid();
            case "domname" -> new ListCommands.Domname();
            case "uptime" -> new ListCommands.Uptime();
            case "vcpu-list" -> new TuningCommands.VcpuList();
            case "vcpu-set" -> new TuningCommands.VcpuSet();
            case "vcpu-pin" -> new TuningCommands.VcpuPin();
            case "mem-set" -> new TuningCommands.MemSet();
            case "mem-max" -> new TuningCommands.MemMax();
            case "sched-credit2" -> new SchedCredit2();
            case "info" -> new HostCommands.Info();
            case "dmesg" -> new HostCommands.Dmesg();
            case "network-attach" -> new DeviceCommands.NetworkAttach();
            case "network-detach" -> new DeviceCommands.NetworkDetach();
            case "network-list" -> new DeviceCommands.NetworkList();
            case "block-attach" -> new DeviceCommands.BlockAttach();
            case "block-detach" -> new DeviceCommands.BlockDetach();
            case "block-list" -> new DeviceCommands.BlockList();
            default -> throw new IllegalArgumentException("jxl has no subcommand " + name);
        };
    }

    /** The options of jxl itself that take a value (so the subcommand's name is not that value). */
    private static final Set<String> VALUED = Set.of("--host", "--user", "--password-file", "--socket");

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Jxl());
        String named = subcommand(args);
        if (SUBCOMMANDS.contains(named)) {
            cl.addSubcommand(named, subcommand(named));
        } else {
            cl.addSubcommand("help", new CommandLine.HelpCommand());
            SUBCOMMANDS.forEach(name -> cl.addSubcommand(name, subcommand(name)));
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionStrategy(new CommandLine.RunLast());
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("jxl: " + e.getMessage());
            e.getCommandLine().usage(err);
            err.flush();
            return 1;
        });
        int status = cl.execute(args);
        out.flush();
        return status;
    }

    /** The first argument that is neither an option of jxl's nor its value: the subcommand's name, or null. */
    private static String subcommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (VALUED.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return null;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand, as xl: the usage on standard output, status 1. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 1;
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public Connection connection() {
        return new Connection(socket, host, user, password(), insecure);
    }

    private String password() {
        if (host == null) {
            return null;
        }
        try {
            return passwordFile != null ? Files.readString(passwordFile).strip() : System.getenv("JXL_PASSWORD");
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "cannot read the password file "
                    + passwordFile + ": " + e.getMessage());
        }
    }
}
