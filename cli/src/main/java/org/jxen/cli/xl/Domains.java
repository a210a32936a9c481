package org.jxen.cli.xl;

import java.util.List;
import org.jxen.api.XenApiFailure;
import org.jxen.config.CNumbers;

/**
 * xl's way of naming a domain on the command line: a number is a domain ID, anything else a
 * name; either must exist. Failures in xl's words ({@code NAME is an invalid domain identifier
 * (rc=-6)}, libxl's ERROR_INVAL), exit status 1.
 */
public final class Domains {
    private final List<DomainRow> all;

    public Domains(List<DomainRow> all) {
        this.all = List.copyOf(all);
    }

    public static Domains of(JxendApi api) throws XenApiFailure, XlFailure {
        return new Domains(api.domains());
    }

    public List<DomainRow> all() {
        return all;
    }

    /** The domain {@code qualifier} names. */
    public DomainRow find(String qualifier) throws XlFailure {
        // libxl_domain_qualifier_to_domid: ASCII digits alone are a domid, read with strtoul into 32 bits
        boolean number = !qualifier.isEmpty() && qualifier.chars().allMatch(c -> c >= '0' && c <= '9');
        int domid = number ? (int) CNumbers.strtoul(qualifier, 10) : -1;
        for (DomainRow d : all) {
            if (number ? d.domid() == domid : d.name().equals(qualifier)) {
                return d;
            }
        }
        throw XlFailure.of(qualifier + " is an invalid domain identifier (rc=-6)");
    }

    public static DomainRow find(JxendApi api, String qualifier) throws XenApiFailure, XlFailure {
        return of(api).find(qualifier);
    }
}
