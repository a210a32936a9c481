package org.jxen.daemon;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.DataModel;
import org.jxen.daemon.http.ApiServer;
import org.jxen.daemon.http.ConsoleSockets;
import org.jxen.daemon.http.RpcHandler;
import org.jxen.daemon.http.RrdUpdatesHandler;
import org.jxen.daemon.http.VdiTransfers;
import org.jxen.daemon.http.WebConsole;
import org.jxen.daemon.http.XvaTransfers;
import org.jxen.daemon.metrics.MetricsRecorder;
import org.jxen.daemon.metrics.Rrds;
import org.jxen.daemon.host.Bridges;
import org.jxen.daemon.host.OwnedHost;
import org.jxen.daemon.host.SimulatedHost;
import org.jxen.daemon.host.XenHost;
import org.jxen.daemon.rpc.AsyncTasks;
import org.jxen.daemon.rpc.Dispatcher;
import org.jxen.daemon.rpc.Sessions;
import org.jxen.daemon.state.Database;
import org.jxen.daemon.state.ObjectStore;
import org.jxen.daemon.state.Users;
import org.jxen.daemon.xapi.HostInventory;
import org.jxen.daemon.xapi.XenApi;
import org.jxen.hv.sim.Topology;

/**
 * A running jxend: its database, the host it owns (real Xen through libxl, or a simulated one), the XenAPI layer
 * and the HTTP server, started in that order and closed in the reverse one. On the first start
 * it makes user {@code root} with a random password, written (for root alone) to
 * {@code root-password} in the state directory.
 */
public final class Jxend implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Jxend.class.getName());
    static final String VERSION = "0.1.0";

    /** The host that is real Xen (libxl in this dom0); any other is a simulated host's preset. */
    public static final String XEN = "xen";

    /**
     * How jxend was asked to run: {@code host} is {@link #XEN} or the preset of a simulated host
     * ({@code laptop}, {@code server}, {@code epyc}), whose random seed is {@code seed}.
     */
    public record Settings(Path stateDir, String host, long seed, ApiServer.Listen listen, Duration sessionIdle,
                           boolean examples) {
    }

    private final Database db;
    private final OwnedHost host;
    private final XenApi api;
    private final MetricsRecorder metrics;
    private final ApiServer server;
    private final Sessions sessions;

    private Jxend(Database db, OwnedHost host, XenApi api, MetricsRecorder metrics, ApiServer server,
            Sessions sessions) {
        this.db = db;
        this.host = host;
        this.api = api;
        this.metrics = metrics;
        this.server = server;
        this.sessions = sessions;
    }

    public static Jxend start(Settings s) throws Exception {
        Files.createDirectories(s.stateDir());
        Path srDir = Files.createDirectories(s.stateDir().resolve("sr"));
        Clock clock = Clock.systemUTC();
        Database db = Database.open(s.stateDir().resolve("jxend.db"));
        OwnedHost host = null;
        XenApi api = null;
        MetricsRecorder metrics = null;
        try {
            ObjectStore store = new ObjectStore(DataModel.xenApi(), db);
            store.load();
            Users users = new Users(db);
            firstUser(users, s.stateDir());
            host = s.host().equals(XEN) ? XenHost.open()
                    : new SimulatedHost(Topology.preset(s.host()), s.seed(), s.stateDir().resolve("xenstored.sock"));
            String hostname = InetAddress.getLocalHost().getHostName();
            String address = s.listen().address();
            HostInventory.Refs refs = HostInventory.ensure(store, new HostInventory.Facts(hostname, address,
                    host.toolstack().host(), host.toolstack().domain(0).info(), host.cpuModel(), host.biosStrings(), srDir,
                    host.xenVersion(), VERSION, clock.instant()));
            Sessions sessions = new Sessions(store, users, refs.host(), clock, s.sessionIdle());
            AsyncTasks tasks = new AsyncTasks(store, refs.host(), clock);
            String consoleUrl = "https://" + address + "/console";
            Rrds rrds = new Rrds();
            api = new XenApi(store, sessions, tasks, new XenApi.Host(host.toolstack(), host.cpus(), refs,
                    consoleUrl, host.clock(), host.xenstoreSocket(), host.bridges(),
                    s.listen().tls() == null ? "" : s.listen().tls().certificatePem()), rrds, clock);
            Dispatcher dispatcher = new Dispatcher(store.model(), api.handlers(), sessions, tasks);
            metrics = new MetricsRecorder(store, host.toolstack(), rrds, clock, refs.host());
            OwnedHost machine = host;
            XenApi xapi = api;
            ApiServer server = ApiServer.start(s.listen(), http -> List.of(new WebConsole(), new RrdUpdatesHandler(rrds, sessions),
                    ConsoleSockets.handler(http, store, sessions, machine.toolstack()), new VdiTransfers(store, sessions, tasks),
                    new XvaTransfers(store, sessions, tasks, xapi.vmImport(), xapi.vmExport()),
                    new RpcHandler(dispatcher)));
            Jxend jxend = new Jxend(db, host, api, metrics, server, sessions);
            if (s.examples()) {
                try {
                    Examples.ensure(dispatcher);
                } catch (XenApiFailure f) {
                    LOG.warning("the example VMs could not be made (jxend goes on without them): " + f.description());
                }
            }
            LOG.info("jxend " + VERSION + " serving XenAPI " + HostInventory.API_MAJOR + "." + HostInventory.API_MINOR
                    + " on " + server.urls() + (s.listen().unixSocket() == null ? "" : " and " + s.listen().unixSocket())
                    + "; the host is " + host.description());
            return jxend;
        } catch (Exception | Error e) {
            if (metrics != null) {
                metrics.close();
            }
            if (api != null) {
                api.close();
            }
            if (host != null) {
                host.close();
            }
            db.close();
            throw e;
        }
    }

    /** With no users yet, makes {@code root} with a random password the administrator finds in the state directory. */
    private static void firstUser(Users users, Path stateDir) throws Exception {
        if (users.any()) {
            return;
        }
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        users.put("root", password.toCharArray());
        Path file = stateDir.resolve("root-password");
        Files.writeString(file, password + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        LOG.info("made user root; its password is in " + file + " (change it with jxend --add-user root)");
    }

    public List<URI> urls() {
        return server.urls();
    }

    public Path xenstoreSocket() {
        return host.xenstoreSocket();
    }

    /** dom0's bridges, where an administrator makes one outside jxend (tests do it this way). */
    Bridges bridges() {
        return host.bridges();
    }

    /** Ends idle sessions; called now and then by the main loop. */
    void expireSessions() throws Exception {
        sessions.expireIdle();
    }

    @Override
    public void close() throws Exception {
        try (db; host; api; metrics; server) {
            LOG.info("jxend stopping");
        }
    }
}
