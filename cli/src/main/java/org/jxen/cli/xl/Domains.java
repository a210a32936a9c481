package org.jxen.cli.xl;

import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.jxen.api.XenApiFailure;
import org.jxen.config.CNumbers;

/**
 * xl's way of naming a domain on the command line: a name must exist ({@code NAME is an invalid domain
 * identifier (rc=-6)}, libxl's ERROR_INVAL, exit status 1); a number is a domain ID, taken without
 * looking it up ({@code libxl_domain_qualifier_to_domid}), so a number that names no domain fails
 * each command its own way, later, as the caller says ({@link #find(String, IntFunction)}).
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

    /** The domain {@code qualifier} names; empty for a domain ID no domain has. */
    public Optional<DomainRow> lookup(String qualifier) throws XlFailure {
        // libxl_domain_qualifier_to_domid: ASCII digits alone are a domid, read with strtoul into 32 bits
        boolean number = !qualifier.isEmpty() && qualifier.chars().allMatch(c -> c >= '0' && c <= '9');
        int domid = number ? (int) CNumbers.strtoul(qualifier, 10) : -1;
        for (DomainRow d : all) {
            if (number ? d.domid() == domid : d.name().equals(qualifier)) {
                return Optional.of(d);
            }
        }
        if (!number) {
            throw XlFailure.of(qualifier + " is an invalid domain identifier (rc=-6)");
        }
        return Optional.empty();
    }

    /** The domain {@code qualifier} names; for a domain ID no domain has, the command's failure {@code absent} makes of it. */
    public DomainRow find(String qualifier, IntFunction<XlFailure> absent) throws XlFailure {
        Optional<DomainRow> d = lookup(qualifier);
        if (d.isEmpty()) {
            throw absent.apply((int) CNumbers.strtoul(qualifier, 10));
        }
        return d.get();
    }

    public static DomainRow find(JxendApi api, String qualifier, IntFunction<XlFailure> absent)
            throws XenApiFailure, XlFailure {
        return of(api).find(qualifier, absent);
    }

    /** A failure xl shows only in libxl's lines, which jxl leaves out: nothing on standard error, {@code status}. */
    static IntFunction<XlFailure> silently(int status) {
        return domid -> new XlFailure("", status);
    }
}
