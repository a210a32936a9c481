package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.flag;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jxen.api.XenApiFailure;
import org.jxen.config.CNumbers;

/** The commands that show domains: {@code list}, {@code domid}, {@code domname}, {@code uptime}. */
final class ListCommands {
    private ListCommands() {
    }

    static XlCommand list() {
        return XlCommand.of("list", "[options] [Domain]", "List information about all/some domains", 0, Integer.MAX_VALUE,
                ListCommands::list, flag('l', "long", "Output all VM details"),
                flag('v', "verbose", "Prints out UUIDs and security context"));
    }

    static XlCommand domid() {
        return XlCommand.of("domid", "<DomainName>", "Convert a domain name to domain id", 1, 1, ListCommands::domid);
    }

    static XlCommand domname() {
        return XlCommand.of("domname", "<DomainId>", "Convert a domain id to domain name", 1, 1, ListCommands::domname);
    }

    static XlCommand uptime() {
        return XlCommand.of("uptime", "[Domain] ...", "Print uptime for all/some domains", 0, Integer.MAX_VALUE,
                ListCommands::uptime);
    }

    private static int list(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        if (args.positional().size() > 1) { // xl lists one domain or all: more is its help, status 1 (measured)
            list().help(out);
            return 1;
        }
        Domains all = Domains.of(api);
        String domain = args.positional(0);
        List<DomainRow> shown = domain == null ? all.all()
                : List.of(all.find(domain, id -> XlFailure.of("Error: Domain '" + domain + "' does not exist.")));
        if (args.has('l')) {
            out.println(LongList.json(api, shown));
            return 0;
        }
        boolean verbose = args.has('v');
        out.println(verbose ? Tables.LIST_VERBOSE_HEADER : Tables.LIST_HEADER);
        for (DomainRow d : shown) {
            out.println(verbose ? Tables.listVerbose(d) : Tables.list(d));
        }
        return 0;
    }

    private static int domid(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        String name = args.positional(0);
        DomainRow d = api.domains().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() ->
                XlFailure.of("Can't get domid of domain name '" + name + "', maybe this domain does not exist."));
        out.println(d.domid());
        return 0;
    }

    private static int domname(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        // xl reads the ID with strtol into a uint32_t: "1x" is 1, "-1" is 4294967295; no digits at all is an error
        CNumbers.Scanned id = CNumbers.scan(args.positional(0), 0, 10);
        if (id == null) {
            throw XlFailure.of("Invalid domain id.\n");
        }
        int domid = (int) id.signedLong();
        DomainRow d = api.domains().stream().filter(r -> r.domid() == domid).findFirst().orElseThrow(() ->
                XlFailure.of("Can't get domain name of domain id '" + Integer.toUnsignedString(domid)
                        + "', maybe this domain does not exist."));
        out.println(d.name());
        return 0;
    }

    private static int uptime(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        Domains all = Domains.of(api);
        out.println(Tables.UPTIME_HEADER);
        for (DomainRow d : args.positional().isEmpty() ? all.all() : present(all, args.positional())) {
            out.println(Tables.uptime(d));
        }
        return 0;
    }

    /**
     * The domains {@code qualifiers} name, in their order: a name must exist; a domain ID no domain
     * has is left out, as xl's tables leave it (libxl's error aside).
     */
    static List<DomainRow> present(Domains all, List<String> qualifiers) throws XlFailure {
        List<DomainRow> out = new ArrayList<>();
        for (String q : qualifiers) {
            all.lookup(q).ifPresent(out::add);
        }
        return out;
    }
}
