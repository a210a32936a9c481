package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.util.List;
import org.jxen.api.XenApiFailure;

/**
 * One of xl's subcommands in jxl: its name, usage and options as {@code xl help} shows them, and
 * what it does with jxend (logged in for it, logged out after). What it throws is printed as xl
 * prints it, on standard error, and becomes the exit status ({@link XlFailure}); a XenAPI error the
 * command did not turn into xl's words is printed with jxen's reason, status 1.
 */
public abstract class XlCommand {
    private final String name;
    private final String usage;
    private final String summary;
    private final int minArgs;
    private final int maxArgs;
    private final List<Args.Opt> options;

    /**
     * @param usage   what follows {@code jxl NAME} in the usage line, e.g. {@code [options] <Domain>}
     * @param minArgs the fewest positional arguments
     * @param maxArgs the most ({@link Integer#MAX_VALUE} for any number)
     */
    protected XlCommand(String name, String usage, String summary, int minArgs, int maxArgs, Args.Opt... options) {
        this.name = name;
        this.usage = usage;
        this.summary = summary;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.options = List.of(options);
    }

    public String name() {
        return name;
    }

    public String summary() {
        return summary;
    }

    public List<Args.Opt> options() {
        return options;
    }

    /** Runs the command against jxend; returns its exit status. */
    protected abstract int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure;

    /** Reads {@code args}, then runs the command: against jxend unless {@link #runOffline} answers. */
    public final int execute(List<String> args, XlContext context, PrintWriter out, PrintWriter err) {
        Args parsed;
        try {
            parsed = Args.parse(options, args);
            int n = parsed.positional().size();
            if (n < minArgs || n > maxArgs) {
                throw XlFailure.of(n < minArgs ? "'" + name + "' needs more arguments" : "'" + name + "' takes fewer arguments");
            }
        } catch (XlFailure e) {
            err.println("jxl " + name + ": " + e.getMessage());
            help(out);
            out.flush();
            err.flush();
            return 1;
        }
        if (parsed.has('h')) {
            help(out);
            out.flush();
            return 0;
        }
        Integer offline = runOffline(parsed, context, out, err);
        return offline != null ? offline : withJxend(context, (api, o, e) -> run(api, parsed, o, e), out, err);
    }

    /** A status when the command needs no jxend this time (create's dry run), else null. */
    protected Integer runOffline(Args args, XlContext context, PrintWriter out, PrintWriter err) {
        return null;
    }

    /** The command's usage, as xl prints it on a usage error (on standard output). */
    public void help(PrintWriter out) {
        out.println("Usage: jxl " + name + " " + usage);
        out.println();
        out.println(summary + ".");
        if (!options.isEmpty()) {
            out.println();
            out.println("Options:");
            out.println();
            for (Args.Opt o : options) {
                String names = "-" + o.letter() + (o.longName() == null ? "" : ", --" + o.longName())
                        + (o.takesValue() ? " " + o.value() : "");
                out.println(Tables.left(names, 24) + o.help());
            }
        }
    }

    /** What a command does with jxend. */
    @FunctionalInterface
    public interface Body {
        int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure;
    }

    /** Logs in to the jxend {@code context} names, runs {@code body}, prints its failure as xl would. */
    public int withJxend(XlContext context, Body body, PrintWriter out, PrintWriter err) {
        try (JxendApi api = new JxendApi(context.connection().open())) {
            return body.run(api, out, err);
        } catch (XlFailure e) {
            err.println(e.getMessage());
            return e.status();
        } catch (XenApiFailure e) {
            err.println("jxl " + name + ": " + Failures.reason(e));
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The help option every command has. */
    protected static final Args.Opt HELP = Args.Opt.flag('h', "help", "Print this help");
}
