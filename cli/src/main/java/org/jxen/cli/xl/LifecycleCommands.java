package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.flag;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jxen.api.XenApiFailure;

/** A domain's life: {@code destroy}, {@code shutdown}, {@code reboot}, {@code pause}, {@code unpause}, {@code rename}. */
public final class LifecycleCommands {
    /** How long {@code -w} waits for a guest to go (xl waits for good; a day stands for that). */
    private static final long WAIT_SECONDS = 86_400;

    private LifecycleCommands() {
    }

    public static final class Destroy extends XlCommand {
        public Destroy() {
            super("destroy", "[options] <Domain>", "Terminate a domain immediately", 1, 1, HELP,
                    flag('f', null, "Allow domain 0 to be destroyed"));
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            DomainRow d = Domains.find(api, args.positional(0));
            if (d.domid() == 0 && !args.has('f')) {
                throw XlFailure.of("Not destroying domain 0; use -f to force.\n"
                        + "This can only be done when using a disaggregated hardware domain and toolstack.\n");
            }
            api.onDomain("destroy_domain", d.domid());
            return 0;
        }
    }

    /** {@code shutdown} and {@code reboot}: the same options, a different request to the guest. */
    public static final class Request extends XlCommand {
        private final String request;
        private final String doing;
        private final int reasonCode;

        private Request(String name, String summary, String request, String doing, int reasonCode) {
            super(name, "[options] <-a|Domain>", summary, 0, 1, HELP,
                    flag('a', "all", "Shutdown all guest domains"),
                    flag('w', "wait", "Wait for guest(s) to shutdown"),
                    flag('F', null, "Fallback to ACPI power event for HVM guests with no PV drivers"));
            this.request = request;
            this.doing = doing;
            this.reasonCode = reasonCode;
        }

        public static Request shutdown() {
            return new Request("shutdown", "Issue a shutdown signal to a domain", "poweroff", "Shutting down", 0);
        }

        public static Request reboot() {
            return new Request("reboot", "Issue a reboot signal to a domain", "reboot", "Rebooting", 1);
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            boolean all = args.has('a');
            boolean wait = args.has('w');
            String domain = args.positional(0);
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
                err.println(doing + " domain " + d.domid());
                if (!wait) {
                    api.onDomain("shutdown_domain", d.domid(), request, 0L);
                }
            }
            if (wait && !targets.isEmpty()) {
                err.println("Waiting for " + targets.size() + " domains");
                for (DomainRow d : targets) {
                    api.onDomain("shutdown_domain", d.domid(), request, WAIT_SECONDS);
                    err.println("Domain " + d.domid() + " has been shut down, reason code " + reasonCode);
                }
            }
            return 0;
        }
    }

    /** {@code pause} and {@code unpause}: one call on one domain. */
    public static final class Pause extends XlCommand {
        private final String call;

        private Pause(String name, String summary, String call) {
            super(name, "<Domain>", summary, 1, 1, HELP);
            this.call = call;
        }

        public static Pause pause() {
            return new Pause("pause", "Pause execution of a domain", "pause_domain");
        }

        public static Pause unpause() {
            return new Pause("unpause", "Unpause a paused domain", "unpause_domain");
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            api.onDomain(call, Domains.find(api, args.positional(0)).domid());
            return 0;
        }
    }

    public static final class Rename extends XlCommand {
        public Rename() {
            super("rename", "<Domain> <NewDomainName>", "Rename a domain", 2, 2, HELP);
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            String domain = args.positional(0);
            DomainRow d = Domains.find(api, domain);
            try {
                api.onDomain("rename_domain", d.domid(), args.positional(1));
            } catch (XenApiFailure e) {
                throw XlFailure.of(Failures.reason(e) + "\nCan't rename domain '" + domain + "'.");
            }
            return 0;
        }
    }
}
