package org.jxen.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        description = "The Xen toolstack's command line, as xl, on jxend.",
        subcommands = {CommandLine.HelpCommand.class, CreateCommand.class, ListCommands.ListDomains.class,
            LifecycleCommands.Destroy.class, LifecycleCommands.Shutdown.class, LifecycleCommands.Reboot.class,
            LifecycleCommands.Pause.class, LifecycleCommands.Unpause.class, LifecycleCommands.Rename.class,
            ListCommands.Domid.class, ListCommands.Domname.class, ListCommands.Uptime.class,
            TuningCommands.VcpuList.class, TuningCommands.VcpuSet.class, TuningCommands.VcpuPin.class,
            TuningCommands.MemSet.class, TuningCommands.MemMax.class, SchedCredit2.class, HostCommands.Info.class,
            HostCommands.Dmesg.class, DeviceCommands.NetworkAttach.class, DeviceCommands.NetworkDetach.class,
            DeviceCommands.NetworkList.class, DeviceCommands.BlockAttach.class, DeviceCommands.BlockDetach.class,
            DeviceCommands.BlockList.class, SaveCommands.Save.class, SaveCommands.Restore.class})
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

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Jxl());
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
