package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jxen.api.XenApiFailure;

/**
 * One of xl's subcommands in jxl: its name, usage and options as {@code jxl help} shows them, and
 * what it does with jxend (logged in for it, logged out after). What the action throws is printed
 * as xl prints it, on standard error, and becomes the exit status ({@link XlFailure}); a XenAPI
 * error the action did not turn into xl's words is printed with jxen's reason, status 1. Every
 * command takes {@code -h}.
 */
public final class XlCommand {
    /** What a command does with jxend; returns its exit status. */
    @FunctionalInterface
    public interface Action {
        int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure;
    }

    /** What a command does without jxend (create's dry run): an exit status, or null to go on to jxend. */
    @FunctionalInterface
    public interface Offline {
        Integer run(Args args, XlContext context, PrintWriter out, PrintWriter err);
    }

    private static final Args.Opt HELP = Args.Opt.flag('h', "help", "Print this help");
    /** xl's exit status for a command line it cannot read. */
    private static final int USAGE_ERROR = 2;

    private final String name;
    private final String usage;
    private final String summary;
    private final int minArgs;
    private final int maxArgs;
    private final List<Args.Opt> options;
    private final Action action;
    private final Offline offline;

    private XlCommand(String name, String usage, String summary, int minArgs, int maxArgs, List<Args.Opt> options,
            Action action, Offline offline) {
        this.name = name;
        this.usage = usage;
        this.summary = summary;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.options = options;
        this.action = action;
        this.offline = offline;
    }

    /**
     * @param usage   what follows {@code jxl NAME} in the usage line, e.g. {@code [options] <Domain>}
     * @param minArgs the fewest positional arguments
     * @param maxArgs the most ({@link Integer#MAX_VALUE} for any number)
     */
    public static XlCommand of(String name, String usage, String summary, int minArgs, int maxArgs, Action action,
            Args.Opt... options) {
        List<Args.Opt> all = new ArrayList<>(List.of(HELP));
        all.addAll(List.of(options));
        return new XlCommand(name, usage, summary, minArgs, maxArgs, List.copyOf(all), action, (a, c, o, e) -> null);
    }

    /** This command, first trying {@code first}, which may answer without jxend. */
    public XlCommand withOffline(Offline first) {
        return new XlCommand(name, usage, summary, minArgs, maxArgs, options, action, first);
    }

    public String name() {
        return name;
    }

    public String summary() {
        return summary;
    }

    /**
     * Reads {@code args}, then runs the command. A usage error ends it with xl's status 2: a bad
     * option is named on standard error; too few arguments are counted as xl counts them, with the
     * usage on standard output. Unlike xl, which ignores arguments beyond those it reads, jxl
     * refuses them (a mistyped command line does nothing rather than something unmeant).
     */
    public int execute(List<String> args, XlContext context, PrintWriter out, PrintWriter err) {
        Args parsed;
        try {
            parsed = Args.parse(options, args);
        } catch (XlFailure e) {
            err.println("jxl " + name + ": " + e.getMessage());
            return USAGE_ERROR;
        }
        if (parsed.has('h')) {
            help(out);
            return 0;
        }
        int n = parsed.positional().size();
        if (n < minArgs) {
            err.println("'jxl " + name + "' requires at least " + minArgs + " argument" + (minArgs > 1 ? "s" : "") + ".");
            err.println();
            help(out);
            return USAGE_ERROR;
        }
        if (n > maxArgs) {
            err.println("jxl " + name + ": " + (n - maxArgs) + " argument" + (n - maxArgs > 1 ? "s" : "") + " too many: "
                    + String.join(" ", parsed.positional().subList(maxArgs, n)));
            help(out);
            return USAGE_ERROR;
        }
        Integer status = offline.run(parsed, context, out, err);
        return status != null ? status : withJxend(parsed, context, out, err);
    }

    /** The command's usage, as xl prints it on a usage error (on standard output). */
    public void help(PrintWriter out) {
        out.println("Usage: jxl " + name + " " + usage);
        out.println();
        out.println(summary + ".");
        out.println();
        out.println("Options:");
        out.println();
        for (Args.Opt o : options) {
            String names = "-" + o.letter() + (o.longName() == null ? "" : ", --" + o.longName())
                    + (o.takesValue() ? " " + o.value() : "");
            out.println(Tables.left(names, 24) + o.help());
        }
    }

    private int withJxend(Args args, XlContext context, PrintWriter out, PrintWriter err) {
        try (JxendApi api = new JxendApi(context.connection().open())) {
            return action.run(api, args, out, err);
        } catch (XlFailure e) {
            if (!e.getMessage().isEmpty()) {
                err.println(e.getMessage());
            }
            return e.status();
        } catch (XenApiFailure e) {
            err.println("jxl " + name + ": " + Failures.reason(e));
            return 1;
        }
    }
}
