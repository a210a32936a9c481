package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.flag;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jxen.api.XenApiFailure;

/** The commands that show domains: {@code list}, {@code domid}, {@code domname}, {@code uptime}. */
public final class ListCommands {
    private ListCommands() {
    }

    public static final class ListDomains extends XlCommand {
        public ListDomains() {
            super("list", "[options] [Domain]", "List information about all/some domains", 0, 1, HELP,
                    flag('l', "long", "Output all VM details"),
                    flag('v', "verbose", "Prints out UUIDs and security context"));
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            Domains all = Domains.of(api);
            String domain = args.positional(0);
            List<DomainRow> shown = domain == null ? all.all() : List.of(all.find(domain));
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
    }

    public static final class Domid extends XlCommand {
        public Domid() {
            super("domid", "<DomainName>", "Convert a domain name to domain id", 1, 1, HELP);
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            String name = args.positional(0);
            for (DomainRow d : api.domains()) {
                if (d.name().equals(name)) {
                    out.println(d.domid());
                    return 0;
                }
            }
            throw XlFailure.of("Can't get domid of domain name '" + name + "', maybe this domain does not exist.");
        }
    }

    public static final class Domname extends XlCommand {
        public Domname() {
            super("domname", "<DomainId>", "Convert a domain id to domain name", 1, 1, HELP);
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            String id = args.positional(0);
            if (id.isEmpty() || !id.chars().allMatch(Character::isDigit)) {
                throw XlFailure.of("Invalid domain id.\n");
            }
            for (DomainRow d : api.domains()) {
                if (Integer.toString(d.domid()).equals(id)) {
                    out.println(d.name());
                    return 0;
                }
            }
            throw XlFailure.of("Can't get domain name of domain id '" + id + "', maybe this domain does not exist.");
        }
    }

    public static final class Uptime extends XlCommand {
        public Uptime() {
            super("uptime", "[Domain] ...", "Print uptime for all/some domains", 0, Integer.MAX_VALUE, HELP);
        }

        @Override
        protected int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            Domains all = Domains.of(api);
            out.println(Tables.UPTIME_HEADER);
            for (DomainRow d : args.positional().isEmpty() ? all.all() : find(all, args.positional())) {
                out.println(Tables.uptime(d));
            }
            return 0;
        }
    }

    /** The domains {@code qualifiers} name, in their order. */
    static List<DomainRow> find(Domains all, List<String> qualifiers) throws XlFailure {
        List<DomainRow> out = new ArrayList<>();
        for (String q : qualifiers) {
            out.add(all.find(q));
        }
        return out;
    }
}
