package org.jxen.config;

import org.jxen.config.DomainConfig.Pci;
import org.jxen.config.DomainConfig.RdmPolicy;

/**
 * A PCI_SPEC_STRING (xl-pci-configuration(5)), read as libxlu 4.17 reads it: an optional
 * positional {@code [DDDD:]BB:DD.F[@VSLOT]} first, then {@code KEY=VALUE} pairs ({@code bdf=},
 * {@code vslot=}, {@code permissive=}, {@code msitranslate=}, {@code seize=}, {@code power_mgmt=},
 * {@code rdm_policy=}, {@code name=}), numbers in the address hexadecimal as {@code sscanf}'s
 * {@code %x} reads them. A key runs up to the next {@code =}, commas included, as in libxlu. A
 * function of {@code *} passes all functions of the device.
 */
final class PciSpec {
    private static final long ALL_FUNCTIONS = 0xffff_ffffL;

    /** The per-device defaults from pci_permissive=, pci_msitranslate=, pci_seize=, pci_power_mgmt= and rdm. */
    record Defaults(boolean permissive, boolean msitranslate, boolean seize, boolean powerMgmt, RdmPolicy rdmPolicy) {
    }

    /** A device address, and where in the text its function ends. */
    private record Bdf(int domain, int bus, int dev, int func, long vfuncMask, int end) {
    }

    private PciSpec() {
    }

    static Pci parse(String spec, Defaults defaults, Position where) throws ConfigException {
        Bdf bdf = bdf(spec, 0);
        int at = 0;
        int vdevfn = 0;
        if (bdf != null) {
            at = bdf.end();
            if (at < spec.length() && spec.charAt(at) == '@') {
                Integer slot = vslot(spec, at + 1);
                if (slot == null) {
                    throw unparsable(null, spec, where);
                }
                vdevfn = slot << 3;
                at = CNumbers.scan(spec, at + 1, 16).end();
            }
            if (at < spec.length() && spec.charAt(at) == ',') {
                at++;
            } else if (at < spec.length()) {
                throw unparsable(null, spec, where);
            }
        }
        boolean permissive = defaults.permissive(), msitranslate = defaults.msitranslate(), seize = defaults.seize(),
                powerMgmt = defaults.powerMgmt();
        RdmPolicy rdmPolicy = defaults.rdmPolicy();
        String name = null;
        while (at < spec.length()) {
            int eq = spec.indexOf('=', at);
            if (eq < 0) {
                throw unparsable(null, spec, where);
            }
            String key = spec.substring(at, eq);
            int comma = spec.indexOf(',', eq + 1);
            String value = spec.substring(eq + 1, comma < 0 ? spec.length() : comma);
            at = comma < 0 ? spec.length() : comma + 1;
            switch (key) {
                case "bdf" -> {
                    Bdf named = bdf(value, 0); // what follows the function is not looked at
                    if (named == null) {
                        throw unparsable(null, spec, where);
                    }
                    bdf = named;
                }
                case "vslot" -> {
                    Integer slot = vslot(value, 0);
                    if (slot == null) {
                        throw unparsable(null, spec, where);
                    }
                    vdevfn = slot << 3;
                }
                case "permissive" -> permissive = flag(value);
                case "msitranslate" -> msitranslate = flag(value);
                case "seize" -> seize = flag(value);
                case "power_mgmt" -> powerMgmt = flag(value);
                case "rdm_policy" -> {
                    rdmPolicy = rdmPolicyNamed(value);
                    if (rdmPolicy == null) {
                        throw unparsable("Unknown RDM policy: " + value, spec, where);
                    }
                }
                case "name" -> name = value;
                default -> {
                    throw unparsable("Unknown PCI_SPEC_STRING option: " + key, spec, where);
                }
            }
        }
        if ((bdf != null) == (name != null)) { // a device is named by its address or by name=, not both
            throw unparsable(null, spec, where);
        }
        return bdf == null
                ? new Pci(0, 0, 0, 0, vdevfn, 0, msitranslate, powerMgmt, permissive, seize, rdmPolicy, name)
                : new Pci(bdf.func(), bdf.dev(), bdf.bus(), bdf.domain(), vdevfn, bdf.vfuncMask(), msitranslate, powerMgmt,
                        permissive, seize, rdmPolicy, name);
    }

    /**
     * The address at {@code at}, or null: one colon (bus:dev) or two (domain:bus:dev), counted over
     * the hex digits and colons it starts with, then {@code .} and a function 0-7 or {@code *}.
     */
    private static Bdf bdf(String text, int at) {
        int colons = 0;
        for (int i = at; i < text.length() && (Character.digit(text.charAt(i), 16) >= 0 && text.charAt(i) < 128
                || text.charAt(i) == ':'); i++) {
            colons += text.charAt(i) == ':' ? 1 : 0;
        }
        if (colons != 1 && colons != 2) {
            return null;
        }
        int[] fields = new int[colons + 1];
        int i = at;
        for (int f = 0; f < fields.length; f++) {
            CNumbers.Scanned n = CNumbers.scan(text, i, 16);
            char after = f < colons ? ':' : '.';
            if (n == null || n.end() >= text.length() || text.charAt(n.end()) != after) {
                return null;
            }
            fields[f] = (int) n.unsignedLong(); // sscanf's %x into an unsigned int
            i = n.end() + 1;
        }
        long domain = colons == 2 ? Integer.toUnsignedLong(fields[0]) : 0;
        long bus = Integer.toUnsignedLong(fields[colons - 1]);
        long dev = Integer.toUnsignedLong(fields[colons]);
        if (domain > 0xffff || bus > 0xff || dev > 0x1f) {
            return null;
        }
        if (i < text.length() && text.charAt(i) == '*') {
            return new Bdf((int) domain, (int) bus, (int) dev, 0, ALL_FUNCTIONS, i + 1);
        }
        CNumbers.Scanned func = CNumbers.scan(text, i, 16);
        if (func == null || Integer.toUnsignedLong((int) func.unsignedLong()) > 7) {
            return null;
        }
        return new Bdf((int) domain, (int) bus, (int) dev, (int) func.unsignedLong(), 1, func.end());
    }

    /** A virtual slot at {@code at} (0 to 0x1f, hexadecimal), or null. */
    private static Integer vslot(String text, int at) {
        CNumbers.Scanned n = CNumbers.scan(text, at, 16);
        if (n == null || Integer.toUnsignedLong((int) n.unsignedLong()) > 0x1f) {
            return null;
        }
        return (int) n.unsignedLong();
    }

    /** The policy {@code value} names, ignoring case as libxl does, or null. */
    static RdmPolicy rdmPolicyNamed(String value) {
        for (RdmPolicy p : RdmPolicy.values()) {
            if (DomainConfig.jsonName(p).equalsIgnoreCase(value)) {
                return p;
            }
        }
        return null;
    }

    /** A flag as xl reads it, with C's atoi: the leading digits, so "yes" is 0 (measured) and "1x" 1. */
    private static boolean flag(String value) {
        return CNumbers.atoi(value) != 0;
    }

    /**
     * xl's refusal, after {@code complaint} where libxlu printed one on the way (on a line of its
     * own here: libxlu prints it without a line break).
     */
    private static ConfigException unparsable(String complaint, String spec, Position where) {
        return new ConfigException(where, (complaint == null ? "" : complaint + "\n")
                + "unable to parse PCI_SPEC_STRING `" + spec + "' for passthrough");
    }
}
