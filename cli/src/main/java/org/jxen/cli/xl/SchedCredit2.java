package org.jxen.cli.xl;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xl sched-credit2}: a domain's weight and cap ({@code -d}, {@code -w}, {@code -c}) and the
 * pool's rate limit ({@code -s}, {@code -r}, {@code -p}). Without options, the pool and every domain.
 * The host has one CPU pool, {@code Pool-0}.
 */
@Command(name = "sched-credit2", description = "Get/set credit2 scheduler parameters")
public final class SchedCredit2 extends XlCommand {
    static final String POOL = "Pool-0";

    @Option(names = {"-d", "--domain"}, paramLabel = "DOMAIN")
    String domain;

    @Option(names = {"-w", "--weight"}, paramLabel = "WEIGHT", description = "1 to 65535 (256 by default)")
    Long weight;

    @Option(names = {"-c", "--cap"}, paramLabel = "CAP", description = "percent of one CPU; 0 is no cap")
    Long cap;

    @Option(names = {"-s", "--schedparam"}, description = "get or set the pool's parameters")
    boolean pool;

    @Option(names = {"-r", "--ratelimit_us"}, paramLabel = "RLIMIT", description = "the pool's rate limit (us)")
    Long rateLimit;

    @Option(names = {"-p", "--cpupool"}, paramLabel = "CPUPOOL")
    String cpupool;

    @Override
    protected int run(JxendApi api, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        if (cpupool != null && !cpupool.equals(POOL)) {
            throw XlFailure.of("unknown cpupool '" + cpupool + "'");
        }
        if (pool || rateLimit != null) {
            if (domain != null || weight != null || cap != null) {
                throw XlFailure.of("Specifying a cpupool or schedparam is not allowed with domain options.");
            }
            if (rateLimit != null) {
                api.call("jxen.set_pool_ratelimit_us", rateLimit);
            } else {
                printPool(api, out);
            }
            return 0;
        }
        if (domain == null) {
            if (weight != null || cap != null) {
                throw XlFailure.of("Must specify a domain.");
            }
            printPool(api, out);
            printDomains(api, out, Domains.of(api).all());
            return 0;
        }
        DomainRow d = Domains.find(api, domain);
        if (weight == null && cap == null) {
            printDomains(api, out, List.of(d));
            return 0;
        }
        Map<?, ?> now = (Map<?, ?>) api.onDomain("get_domain_credit2", d.domid());
        api.onDomain("set_domain_credit2", d.domid(), weight != null ? weight : Wire.number(now, "weight"),
                cap != null ? cap : Wire.number(now, "cap"));
        return 0;
    }

    private static void printPool(JxendApi api, PrintWriter out) throws XenApiFailure, XlFailure {
        out.println("Cpupool " + POOL + ": ratelimit=" + Wire.asLong(api.call("jxen.get_pool_ratelimit_us")) + "us");
    }

    private static void printDomains(JxendApi api, PrintWriter out, List<DomainRow> domains)
            throws XenApiFailure, XlFailure {
        out.println(Tables.CREDIT2_HEADER);
        for (DomainRow d : domains) {
            Map<?, ?> p = (Map<?, ?>) api.onDomain("get_domain_credit2", d.domid());
            out.println(Tables.credit2(d, Wire.number(p, "weight"), Wire.number(p, "cap")));
        }
    }
}
