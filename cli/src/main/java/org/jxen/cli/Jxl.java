package org.jxen.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jxen.cli.xl.Connection;
import org.jxen.cli.xl.Tables;
import org.jxen.cli.xl.XlCommand;
import org.jxen.cli.xl.XlCommands;
import org.jxen.cli.xl.XlContext;
import org.jxen.cli.xl.XlFailure;

/**
 * {@code jxl}: xl's command line on jxend. Talks to jxend's Unix socket ({@code jxl.socket}, which
 * bin/jxl sets to the checkout's {@code run/jxend/xapi.sock}) unless {@code --host} names a
 * remote one; {@code -N create} needs no jxend. Reads its arguments as xl does (getopt), without
 * a framework: a command typed a hundred times a day should not spend its start-up on reflection.
 */
public final class Jxl implements XlContext {
    /** Where jxend listens when nothing says otherwise: an installed jxend's (docs/packaging.md). */
    static final String DEFAULT_SOCKET = "/var/lib/jxend/xapi.sock";
    private static final String USAGE = "Usage jxl [-N] [--socket PATH | --host URL [--user NAME] "
            + "[--password-file FILE] [--insecure]] <subcommand> [args]";

    private boolean dryRun;
    private URI host;
    private String user = "root";
    private Path passwordFile;
    private boolean insecure;
    private Path socket = Path.of(System.getProperty("jxl.socket", DEFAULT_SOCKET));

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, false, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return new Jxl().execute(Arrays.asList(args), out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int execute(List<String> args, PrintWriter out, PrintWriter err) {
        int i = 0;
        try {
            for (; i < args.size() && args.get(i).startsWith("-"); i++) {
                String a = args.get(i);
                switch (a) {
                    case "-N" -> dryRun = true;
                    case "--insecure" -> insecure = true;
                    case "-h", "--help" -> {
                        help(out);
                        return 0;
                    }
                    case "--host" -> host = uri(value(args, ++i, a));
                    case "--user" -> user = value(args, ++i, a);
                    case "--password-file" -> passwordFile = Path.of(value(args, ++i, a));
                    case "--socket" -> socket = Path.of(value(args, ++i, a));
                    default -> throw XlFailure.of("jxl: unknown option " + a + "\n" + USAGE);
                }
            }
        } catch (XlFailure e) {
            err.println(e.getMessage());
            return e.status();
        }
        if (i == args.size()) {
            help(out);
            return 1;
        }
        String name = args.get(i);
        List<String> rest = args.subList(i + 1, args.size());
        if (name.equals("help")) {
            XlCommand c = rest.isEmpty() ? null : XlCommands.named(rest.getFirst());
            if (c == null) {
                help(out);
            } else {
                c.help(out);
            }
            return 0;
        }
        XlCommand command = XlCommands.named(name);
        if (command == null) {
            err.println("command not implemented");
            return 1;
        }
        return command.execute(rest, this, out, err);
    }

    /** xl's list of subcommands, with jxl's options. */
    private static void help(PrintWriter out) {
        out.println(USAGE);
        out.println();
        out.println("jxl full list of subcommands:");
        out.println();
        for (String name : XlCommands.NAMES) {
            out.println(" " + Tables.left(name, 19) + " " + XlCommands.named(name).summary());
        }
    }

    private static String value(List<String> args, int i, String option) throws XlFailure {
        if (i >= args.size()) {
            throw XlFailure.of("jxl: " + option + " needs a value\n" + USAGE);
        }
        return args.get(i);
    }

    private static URI uri(String text) throws XlFailure {
        try {
            URI u = new URI(text);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw XlFailure.of("jxl: --host takes http://HOST:PORT or https://HOST:PORT, not " + text);
            }
            return u;
        } catch (URISyntaxException e) {
            throw XlFailure.of("jxl: --host " + text + ": " + e.getMessage());
        }
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public Connection connection() throws XlFailure {
        return new Connection(socket, host, user, password(), insecure);
    }

    /** On --host: the password file's first line, or JXL_PASSWORD; none on the socket (callers there are root). */
    private String password() throws XlFailure {
        if (host == null) {
            return null;
        }
        if (passwordFile == null) {
            return System.getenv("JXL_PASSWORD");
        }
        try {
            return Files.readString(passwordFile).strip();
        } catch (IOException e) {
            throw XlFailure.of("jxl: cannot read the password file " + passwordFile + ": " + e.getMessage());
        }
    }
}
