package org.jxen.cli.xl;

import static org.jxen.cli.xl.Args.Opt.flag;
import static org.jxen.cli.xl.Args.Opt.valued;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.jxen.api.XenApiFailure;
import org.jxen.config.CNumbers;

/**
 * {@code xl sched-credit2}: a domain's weight and cap ({@code -d}, {@code -w}, {@code -c}) and the
 * pool's rate limit ({@code -s}, {@code -r}, {@code -p}). Without options, the pool and every domain.
 * The host has one CPU pool, {@code Pool-0}.
 */
final class SchedCredit2 {
    static final String POOL = "Pool-0";

    private SchedCredit2() {
    }

    static XlCommand command() {
        return XlCommand.of("sched-credit2", "[-d <Domain> [-w[=WEIGHT]]|-p CPUPOOL]", "Get/set credit2 scheduler parameters",
                0, 0, SchedCredit2::run, valued('d', "domain", "DOMAIN", "Domain to modify"),
                valued('w', "weight", "WEIGHT", "Weight (int)"),
                valued('c', "cap", "CAP", "Cap (int)"),
                flag('s', "schedparam", "Query / modify scheduler parameters"),
                valued('r', "ratelimit_us", "RLIMIT", "Set the scheduling rate limit, in microseconds"),
                valued('p', "cpupool", "CPUPOOL", "Restrict output to CPUPOOL"));
    }

    private static int run(JxendApi api, Args args, PrintWriter out, PrintWriter err) throws XenApiFailure, XlFailure {
        String domain = args.value('d');
        Long weight = number(args, 'w');
        Long cap = number(args, 'c');
        Long rateLimit = number(args, 'r');
        String cpupool = args.value('p');
        if (cpupool != null && !cpupool.equals(POOL)) {
            throw XlFailure.of("unknown cpupool '" + cpupool + "'");
        }
        if (args.has('s') || rateLimit != null) {
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
        boolean setting = weight != null || cap != null;
        DomainRow d = Domains.find(api, domain, id -> {
            if (!setting) {
                out.println(Tables.CREDIT2_HEADER); // xl prints the table's head before it asks libxl
            }
            return XlFailure.of(setting ? "libxl_domain_sched_params_set failed." : "libxl_domain_sched_params_get failed.");
        });
        if (!setting) {
            printDomains(api, out, List.of(d));
            return 0;
        }
        Map<?, ?> now = (Map<?, ?>) api.onDomain("get_domain_credit2", d.domid());
        try {
            api.onDomain("set_domain_credit2", d.domid(), given(weight) ? weight : Wire.number(now, "weight"),
                    given(cap) ? cap : Wire.number(now, "cap"));
        } catch (XenApiFailure e) {
            throw XlFailure.of(Failures.reason(e) + "\nlibxl_domain_sched_params_set failed.");
        }
        return 0;
    }

    /** -1 is libxl's "leave it as it is" for a weight or a cap (measured: -c -1 changes nothing). */
    private static boolean given(Long value) {
        return value != null && value != -1;
    }

    /** An option's number as xl reads it: {@code (int) strtol(value, NULL, 10)}, so "heavy" is 0 and 4294967295 is -1. */
    private static Long number(Args args, char option) {
        String v = args.value(option);
        return v == null ? null : (long) (int) CNumbers.strtol(v, 10);
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
