package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jxen.api.XenApiFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that show domains: {@code list}, {@code domid}, {@code domname}, {@code uptime}. */
public final class ListCommands {
    private ListCommands() {
    }

    @Command(name = "list", description = "List information about all/some domains")
    public static final class ListDomains extends XlCommand {
        @Option(names = {"-l", "--long"}, description = "Output all VM details (libxl's JSON)")
        boolean longFormat;

        @Option(names = {"-v", "--verbose"}, description = "Prints out UUIDs and security context")
        boolean verbose;

        @Parameters(arity = "0..1", paramLabel = "Domain")
        String domain;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            Domains all = Domains.of(api);
            List<DomainRow> shown = domain == null ? all.all() : List.of(all.find(domain));
            if (longFormat) {
                out.println(LongList.json(api, shown));
                return 0;
            }
            out.println(verbose ? Tables.LIST_VERBOSE_HEADER : Tables.LIST_HEADER);
            for (DomainRow d : shown) {
                out.println(verbose ? Tables.listVerbose(d) : Tables.list(d));
            }
            return 0;
        }
    }

    @Command(name = "domid", description = "Convert a domain name to domain id")
    public static final class Domid extends XlCommand {
        @Parameters(paramLabel = "DomainName")
        String name;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            for (DomainRow d : api.domains()) {
                if (d.name().equals(name)) {
                    out.println(d.domid());
                    return 0;
                }
            }
            throw XlFailure.of("Can't get domid of domain name '" + name + "', maybe this domain does not exist.");
        }
    }

    @Command(name = "domname", description = "Convert a domain id to domain name")
    public static final class Domname extends XlCommand {
        @Parameters(paramLabel = "DomainId")
        String id;

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
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

    @Command(name = "uptime", description = "Print uptime for all/some domains")
    public static final class Uptime extends XlCommand {
        @Parameters(arity = "0..*", paramLabel = "Domain")
        List<String> domains = new ArrayList<>();

        @Override
        protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
            Domains all = Domains.of(api);
            out.println(Tables.UPTIME_HEADER);
            for (DomainRow d : domains.isEmpty() ? all.all() : find(all, domains)) {
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
