package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jxen.api.XenApiFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A domain's life: {@code destroy}, {@code shutdown}, {@code reboot}, {@code pause}, {@code unpause}, {@code rename}. */
public final class LifecycleCommands {
    /** How long {@code -w} waits for a guest to go (xl waits for good; a day stands for that). */
    private static final long WAIT_SECONDS = 86_400;

    private LifecycleCommands() {
    }

    @Command(name = "destroy", description = "Terminate a domain immediately")
    public static final class Destroy extends XlCommand {
        @Option(names = "-f", description = "allow domain 0 to be destroyed")
        boolean force;

        @Parameters(paramLabel = "Domain")
        String domain;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            DomainRow d = Domains.find(api, domain);
            if (d.domid() == 0 && !force) {
                throw XlFailure.of("Not destroying domain 0; use -f to force.\n"
                        + "This can only be done when using a disaggregated hardware domain and toolstack.\n");
            }
            api.onDomain("destroy_domain", d.domid());
            return 0;
        }
    }

    /** {@code shutdown} and {@code reboot}: the same options, a different request to the guest. */
    abstract static class Request extends XlCommand {
        @Option(names = {"-w", "--wait"}, description = "wait for the guest to shut down")
        boolean wait;

        @Option(names = {"-a", "--all"}, description = "every domain but domain 0")
        boolean all;

        @Option(names = {"-F"}, description = "fall back to an ACPI event for HVM guests without PV drivers")
        boolean fallback;

        @Parameters(arity = "0..1", paramLabel = "Domain")
        String domain;

        abstract String request();

        abstract String doing();

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            if (!all && domain == null) {
                throw XlFailure.of("You must specify -a or a domain id.");
            }
            Domains domains = Domains.of(api);
            List<DomainRow> targets = new ArrayList<>();
            if (all) {
                domains.all().stream().filter(d -> d.domid() != 0).forEach(targets::add);
            } else {
                targets.add(domains.find(domain));
            }
            for (DomainRow d : targets) {
                err.println(doing() + " domain " + d.domid());
                if (!wait) {
                    api.onDomain("shutdown_domain", d.domid(), request(), 0L);
                }
            }
            if (wait && !targets.isEmpty()) {
                err.println("Waiting for " + targets.size() + " domains");
                for (DomainRow d : targets) {
                    api.onDomain("shutdown_domain", d.domid(), request(), WAIT_SECONDS);
                    err.println("Domain " + d.domid() + " has been shut down, reason code "
                            + (request().equals("reboot") ? 1 : 0));
                }
            }
            return 0;
        }
    }

    @Command(name = "shutdown", description = "Issue a shutdown signal to a domain")
    public static final class Shutdown extends Request {
        @Override
        String request() {
            return "poweroff";
        }

        @Override
        String doing() {
            return "Shutting down";
        }
    }

    @Command(name = "reboot", description = "Issue a reboot signal to a domain")
    public static final class Reboot extends Request {
        @Override
        String request() {
            return "reboot";
        }

        @Override
        String doing() {
            return "Rebooting";
        }
    }

    @Command(name = "pause", description = "Pause execution of a domain")
    public static final class Pause extends XlCommand {
        @Parameters(paramLabel = "Domain")
        String domain;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            api.onDomain("pause_domain", Domains.find(api, domain).domid());
            return 0;
        }
    }

    @Command(name = "unpause", description = "Unpause a paused domain")
    public static final class Unpause extends XlCommand {
        @Parameters(paramLabel = "Domain")
        String domain;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            api.onDomain("unpause_domain", Domains.find(api, domain).domid());
            return 0;
        }
    }

    @Command(name = "rename", description = "Rename a domain")
    public static final class Rename extends XlCommand {
        @Parameters(index = "0", paramLabel = "Domain")
        String domain;

        @Parameters(index = "1", paramLabel = "NewName")
        String name;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            DomainRow d = Domains.find(api, domain);
            try {
                api.onDomain("rename_domain", d.domid(), name);
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e) + "\nCan't rename domain '" + domain + "'.");
            }
            return 0;
        }
    }
}
