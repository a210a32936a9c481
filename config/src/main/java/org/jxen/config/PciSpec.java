package org.jxen.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxen.config.DomainConfig.Pci;
import org.jxen.config.DomainConfig.RdmPolicy;

/**
 * A PCI_SPEC_STRING (xl-pci-configuration(5)): {@code [DDDD:]BB:SS.F[@VSLOT]} or {@code bdf=},
 * then {@code vslot=}, {@code permissive=}, {@code msitranslate=}, {@code seize=},
 * {@code power_mgmt=}, {@code rdm_policy=} and {@code name=}, all hexadecimal where numeric in the
 * address. A function of {@code *} passes all functions of the device.
 */
final class PciSpec {
    private static final Pattern BDF = Pattern.compile(
            "(?:(\\p{XDigit}{1,8}):)?(\\p{XDigit}{1,2}):([01]?\\p{XDigit})\\.([0-7*])(?:@([01]?\\p{XDigit}))?");


    /** The per-device defaults from pci_permissive=, pci_msitranslate=, pci_seize=, pci_power_mgmt= and rdm. */
    record Defaults(boolean permissive, boolean msitranslate, boolean seize, boolean powerMgmt, RdmPolicy rdmPolicy) {
    }

    private PciSpec() {
    }

    static Pci parse(String spec, Defaults defaults, Position where) throws ConfigException {
        int domain = 0, bus = 0, dev = 0, func = 0, vdevfn = 0;
        long vfuncMask = 0; // a device named by name= has none; a BDF's function sets it
        boolean haveBdf = false;
        boolean permissive = defaults.permissive(), msitranslate = defaults.msitranslate(), seize = defaults.seize(),
                powerMgmt = defaults.powerMgmt();
        RdmPolicy rdmPolicy = defaults.rdmPolicy();
        String name = null;
        for (String part : spec.split(",")) {
            String token = part; // xl keeps blanks: " permissive=1" is an unknown option (measured)
            int eq = token.indexOf('=');
            String key = eq < 0 ? (haveBdf ? "vslot" : "bdf") : token.substring(0, eq);
            String value = eq < 0 ? token : token.substring(eq + 1);
            switch (key) {
                case "bdf" -> {
                    Matcher m = BDF.matcher(value);
                    if (haveBdf || !m.matches()) {
                        throw unparsable(spec, where);
                    }
                    haveBdf = true;
                    domain = m.group(1) == null ? 0 : Integer.parseInt(m.group(1), 16);
                    bus = Integer.parseInt(m.group(2), 16);
                    dev = Integer.parseInt(m.group(3), 16);
                    if (m.group(4).equals("*")) {
                        vfuncMask = 0xffff_ffffL;
                    } else {
                        func = Integer.parseInt(m.group(4));
                        vfuncMask = 1;
                    }
                    if (m.group(5) != null) {
                        vdevfn = Integer.parseInt(m.group(5), 16) << 3;
                    }
                }
                case "vslot" -> {
                    if (!value.matches("[01]?\\p{XDigit}")) {
                        throw unparsable(spec, where);
                    }
                    vdevfn = Integer.parseInt(value, 16) << 3;
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
                default -> throw unparsable("Unknown PCI_SPEC_STRING option: " + key, spec, where);
            }
        }
        if (haveBdf == (name != null)) { // a device is named by its BDF or by name=, not both (measured)
            throw unparsable(spec, where);
        }
        return new Pci(func, dev, bus, domain, vdevfn, vfuncMask, msitranslate, powerMgmt, permissive, seize, rdmPolicy,
                name);
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

    private static ConfigException unparsable(String spec, Position where) {
        return new ConfigException(where, "unable to parse PCI_SPEC_STRING `" + spec + "' for passthrough");
    }

    /** {@code why}, then xl's refusal on a line of its own (xl prints the two without a line break). */
    private static ConfigException unparsable(String why, String spec, Position where) {
        return new ConfigException(where, why + "\nunable to parse PCI_SPEC_STRING `" + spec + "' for passthrough");
    }
}
