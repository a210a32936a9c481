package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jxen.api.XenApiFailure;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A jxl subcommand that talks to jxend: logs in, runs, logs out. What it throws is printed as xl
 * prints it, on standard error, and becomes the exit status ({@link XlFailure}); a XenAPI error the
 * command did not turn into xl's words is printed with its code and parameters, status 1.
 */
public abstract class XlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Runs the command; returns its exit status. */
    protected abstract int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure;

    @Override
    public final Integer call() {
        return withJxend(spec, this::run);
    }

    /** What a command does with jxend. */
    @FunctionalInterface
    public interface Body {
        int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure;
    }

    /** Logs in to the jxend the top-level command names, runs {@code body}, prints its failure as xl would. */
    public static int withJxend(CommandSpec spec, Body body) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        XlContext context = (XlContext) spec.parent().userObject();
        try (JxendApi api = new JxendApi(context.connection().open())) {
            return body.run(api, out, err);
        } catch (XlFailure e) {
            err.println(e.getMessage());
            return e.status();
        } catch (XenApiFailure e) {
            err.println("jxl " + spec.name() + ": " + Failures.reason(e));
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
