package org.jxen.cli.xl;

import java.util.List;
import org.jxen.api.XenApiFailure;

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
        boolean number = !qualifier.isEmpty() && qualifier.chars().allMatch(Character::isDigit);
        for (DomainRow d : all) {
            if (number ? qualifier.equals(Integer.toString(d.domid())) : d.name().equals(qualifier)) {
                return d;
            }
        }
        throw XlFailure.of(qualifier + " is an invalid domain identifier (rc=-6)");
    }

    public static DomainRow find(JxendApi api, String qualifier) throws XenApiFailure, XlFailure {
        return of(api).find(qualifier);
    }
}
