package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.flag;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;

/**
 * A domain's life: {@code destroy}, {@code shutdown}, {@code reboot}, {@code pause}, {@code unpause},
 * {@code rename}, {@code sysrq}.
 */
final class LifecycleCommands {
    /** How long {@code -w} waits for a guest to go (xl waits for good; a day stands for that). */
    private static final long WAIT_SECONDS = 86_400;

    private LifecycleCommands() {
    }

    static XlCommand destroy() {
        return XlCommand.of("destroy", "[options] <Domain>", "Terminate a domain immediately", 1, 1,
                LifecycleCommands::destroy, flag('f', null, "Allow domain 0 to be destroyed"));
    }

    static XlCommand shutdown() {
        return request("shutdown", "Issue a shutdown signal to a domain", "poweroff", "Shutting down", 0);
    }

    static XlCommand reboot() {
        return request("reboot", "Issue a reboot signal to a domain", "reboot", "Rebooting", 1);
    }

    /**
     * {@code pause} and {@code unpause}: one call on one domain. As xl, a domain that cannot be
     * paused (dom0) or unpaused is reported and the status is still 0 (measured); one that does
     * not exist is status 1.
     */
    static XlCommand pause(boolean pause) {
        String call = pause ? "pause_domain" : "unpause_domain";
        return XlCommand.of(pause ? "pause" : "unpause", "<Domain>", pause ? "Pause execution of a domain"
                : "Unpause a paused domain", 1, 1, (api, args, out, err) -> {
                    int domid = Domains.find(api, args.positional(0), Domains.silently(0)).domid();
                    try {
                        api.onDomain(call, domid);
                    } catch (XenApiFailure e) {
                        err.println(Failures.reason(e));
                    }
                    return 0;
                });
    }

    static XlCommand rename() {
        return XlCommand.of("rename", "<Domain> <NewDomainName>", "Rename a domain", 2, 2, LifecycleCommands::rename);
    }

    static XlCommand sysrq() {
        return XlCommand.of("sysrq", "<Domain> <letter>", "Send a sysrq to a domain", 2, 2, LifecycleCommands::sysrq);
    }

    private static int destroy(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        DomainRow d = Domains.find(api, args.positional(0), id -> XlFailure.of("destroy failed (rc=-21)"));
        if (d.domid() == 0 && !args.has('f')) {
            throw XlFailure.of("Not destroying domain 0; use -f to force.\n"
                    + "This can only be done when using a disaggregated hardware domain and toolstack.\n");
        }
        api.onDomain("destroy_domain", d.domid());
        VmRecords.forgetEnded(api, d.uuid(), false);
        return 0;
    }

    /** {@code shutdown} and {@code reboot}: the same options, a different request to the guest. */
    private static XlCommand request(String name, String summary, String request, String doing, int reasonCode) {
        return XlCommand.of(name, "[options] <-a|Domain>", summary, 0, 1,
                (api, args, out, err) -> request(api, args, err, name, request, doing, reasonCode),
                flag('a', "all", "Shutdown all guest domains"),
                flag('w', "wait", "Wait for guest(s) to shutdown"),
                flag('F', null, "Fallback to ACPI power event for HVM guests with no PV drivers"));
    }

    /**
     * As xl: each domain is asked in turn, and each request waits for the guest to acknowledge it;
     * one that is not acknowledged (libxl's 60 s: the guest's kernel has not run, or is paused)
     * ends the command with libxl's ERROR_TIMEDOUT, as xl exits on the first failure.
     */
    private static int request(JxendApi api, Args args, PrintWriter err, String name, String request, String doing,
            int reasonCode) throws XenApiFailure, XlFailure {
        boolean all = args.has('a');
        boolean wait = args.has('w');
        if (!all && args.positional(0) == null) {
            throw XlFailure.of("You must specify -a or a domain id.");
        }
        Domains domains = Domains.of(api);
        List<DomainRow> targets = new ArrayList<>();
        if (all) {
            domains.all().stream().filter(d -> d.domid() != 0).forEach(targets::add);
        } else {
            targets.add(domains.find(args.positional(0),
                    id -> XlFailure.of(doing + " domain " + Integer.toUnsignedString(id) + "\n" + name + " failed (rc=-3)")));
        }
        try {
            for (DomainRow d : targets) {
                err.println(doing + " domain " + d.domid());
                api.onDomain("shutdown_domain", d.domid(), request, 0L);
            }
            if (wait && !targets.isEmpty()) {
                waitFor(api, targets, err, request, reasonCode);
            }
        } catch (XenApiFailure e) {
            if (!e.code().equals(ErrorCodes.VM_FAILED_SHUTDOWN_ACKNOWLEDGMENT)) {
                throw e;
            }
            err.println(e.params().getLast());
            err.println(name + " failed (rc=-9)");
            return 1;
        }
        return 0;
    }

    /** {@code -w}: every request acknowledged, each domain waited for in turn. */
    private static void waitFor(JxendApi api, List<DomainRow> targets, PrintWriter err, String request, int reasonCode)
            throws XenApiFailure, XlFailure {
        err.println("Waiting for " + targets.size() + " domains");
        for (DomainRow d : targets) {
            api.onDomain("await_domain_shutdown", d.domid(), WAIT_SECONDS);
            err.println("Domain " + d.domid() + " has been shut down, reason code " + reasonCode);
            if (request.equals("poweroff")) {
                VmRecords.forgetEnded(api, d.uuid(), true);
            }
        }
    }

    /** As xl: the domain is looked up first, then the letter checked ("Invalid sysrq." and the usage). */
    private static int sysrq(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        Optional<DomainRow> d = Domains.of(api).lookup(args.positional(0));
        String letter = args.positional(1);
        if (letter.length() != 1) {
            err.println("Invalid sysrq.");
            err.println();
            sysrq().help(out);
            return 1;
        }
        if (d.isPresent()) { // xl's sysrq to a domain ID no domain has fails in libxl's words only
            api.onDomain("send_sysrq", d.get().domid(), letter);
        }
        return 0;
    }

    private static int rename(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        String domain = args.positional(0);
        DomainRow d = Domains.find(api, domain, id -> XlFailure.of("Can't rename domain '" + domain + "'."));
        try {
            api.onDomain("rename_domain", d.domid(), args.positional(1));
        } catch (XenApiFailure e) {
            throw XlFailure.of(Failures.reason(e) + "\nCan't rename domain '" + domain + "'.");
        }
        return 0;
    }
}
