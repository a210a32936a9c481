package org.jxen.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jxen.daemon.host.XenHost;
import org.jxen.daemon.http.ApiServer;
import org.jxen.daemon.state.Database;
import org.jxen.daemon.state.Users;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jxend}: the toolstack daemon. Runs until SIGTERM or Ctrl-C, then stops cleanly. */
@Command(name = "jxend", mixinStandardHelpOptions = true, version = "jxend " + Jxend.VERSION,
        description = "The jxen toolstack daemon: owns one host and serves XenAPI (XML-RPC and JSON-RPC) over HTTP,"
                + " HTTPS and a Unix socket.")
public final class Main implements java.util.concurrent.Callable<Integer> {
    static {
        // Before any logger: logging that lasts until jxend has stopped (Logs.Manager).
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", Logs.Manager.class.getName());
        }
    }

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    @Option(names = "--host", defaultValue = "auto", description = "the host to own: xen, this Xen dom0's host through"
            + " libxl; sim:PRESET, a simulated host (laptop, server, epyc); auto, xen in a dom0 (/proc/xen/capabilities"
            + " says control_d) and sim:laptop elsewhere. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--seed", defaultValue = "1", description = "the simulated host's random seed")
    long seed;

    @Option(names = "--state-dir", defaultValue = "run/jxend", description = "database, disk images, logs, certificate"
            + " and sockets. Default: ${DEFAULT-VALUE}; bin/jxend passes the checkout's run/jxend, or /var/lib/jxend"
            + " in an installed tree")
    Path stateDir;

    @Option(names = "--listen", defaultValue = "127.0.0.1", description = "address of the HTTP and HTTPS listeners")
    String listen;

    @Option(names = "--http-port", defaultValue = "8080", description = "plain HTTP port, or off")
    String httpPort;

    @Option(names = "--https-port", defaultValue = "8443", description = "HTTPS port (TLS 1.3), or off")
    String httpsPort;

    @Option(names = "--socket", description = "the Unix socket where callers are root, as XAPI's; default"
            + " STATE-DIR/xapi.sock; off to have none")
    String socket;

    @Option(names = "--tls-keystore", description = "a PKCS12 key store with the certificate to serve; default: a"
            + " self-signed one made on the first start")
    Path keyStore;

    @Option(names = "--tls-password-file", description = "the file holding --tls-keystore's password")
    Path keyStorePassword;

    @Option(names = "--session-idle", defaultValue = "PT24H", description = "how long a session may go unused"
            + " before it ends (ISO-8601). Default: ${DEFAULT-VALUE}")
    Duration sessionIdle;

    @Option(names = "--examples", description = "on a host with no VMs of its own, makes and starts two example"
            + " VMs (what ./jxen up shows)")
    boolean examples;

    @Option(names = "--add-user", paramLabel = "NAME", description = "adds user NAME (or sets its password) with the"
            + " password read from the first line of standard input, then exits")
    String addUser;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).setExecutionExceptionHandler(Main::cannotStart).execute(args));
    }

    /**
     * A start that fails on the machine (a port or socket taken, a state directory not writable) is
     * said in one line with its cause, as an administrator needs it; anything else is a bug and keeps
     * its stack trace.
     */
    private static int cannotStart(Exception e, CommandLine line, CommandLine.ParseResult parsed) throws Exception {
        if (!(e instanceof IOException)) {
            throw e;
        }
        String why = e.getMessage();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            why += ": " + cause.getMessage();
        }
        System.err.println("jxend: cannot start: " + why);
        return 1;
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(stateDir);
        if (addUser != null) {
            return addUser();
        }
        Logs.setUp(stateDir);
        String owned = host.equals("auto") ? (XenHost.isDom0() ? Jxend.XEN : "laptop")
                : host.equals(Jxend.XEN) ? Jxend.XEN : host.startsWith("sim:") ? host.substring(4) : null;
        if (owned == null) {
            System.err.println("jxend: --host " + host + ": say xen, sim:PRESET (sim:laptop, sim:server, sim:epyc) or auto");
            return 2;
        }
        if (keyStore != null && keyStorePassword == null) {
            System.err.println("jxend: --tls-keystore " + keyStore + " needs --tls-password-file FILE, the file"
                    + " holding the key store's password");
            return 2;
        }
        Path unix = socket == null ? stateDir.resolve("xapi.sock") : socket.equals("off") ? null : Path.of(socket);
        Integer https = port(httpsPort);
        ApiServer.Tls tls = https == null ? null : keyStore != null
                ? Certificates.given(keyStore, keyStorePassword) : Certificates.selfSigned(stateDir);
        ApiServer.Listen where = new ApiServer.Listen(listen, port(httpPort), https, unix, tls);
        Jxend jxend = Jxend.start(new Jxend.Settings(stateDir, owned, seed, where, sessionIdle, examples));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                jxend.close();
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "jxend did not stop cleanly", e);
            } finally {
                Logs.close();
                stopped.countDown();
            }
        }));
        while (!stopped.await(1, TimeUnit.MINUTES)) {
            jxend.expireSessions();
        }
        return 0;
    }

    private Integer addUser() throws Exception {
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            System.err.println("jxend --add-user: give the password on the first line of standard input");
            return 2;
        }
        try (Database db = Database.open(stateDir.resolve("jxend.db"))) {
            new Users(db).put(addUser, password.toCharArray());
        }
        System.out.println("jxend: user " + addUser + " can log in");
        return 0;
    }

    private static Integer port(String value) {
        return value.equals("off") ? null : Integer.valueOf(value);
    }
}
