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
            "(?:(\\p{XDigit}{1,4}):)?(\\p{XDigit}{1,2}):(\\p{XDigit}{1,2})\\.([0-7*])(?:@(\\p{XDigit}{1,2}))?");

    /** The per-device defaults from pci_permissive=, pci_msitranslate=, pci_seize=, pci_power_mgmt= and rdm. */
    record Defaults(boolean permissive, boolean msitranslate, boolean seize, boolean powerMgmt, RdmPolicy rdmPolicy) {
    }

    private PciSpec() {
    }

    static Pci parse(String spec, Defaults defaults, Position where) throws ConfigException {
        int domain = 0, bus = 0, dev = 0, func = 0, vdevfn = 0;
        long vfuncMask = 1;
        boolean haveBdf = false;
        boolean permissive = defaults.permissive(), msitranslate = defaults.msitranslate(), seize = defaults.seize(),
                powerMgmt = defaults.powerMgmt();
        RdmPolicy rdmPolicy = defaults.rdmPolicy();
        String name = null;
        for (String part : spec.split(",")) {
            String token = part.strip();
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
                    }
                    if (m.group(5) != null) {
                        vdevfn = Integer.parseInt(m.group(5), 16) << 3;
                    }
                }
                case "vslot" -> {
                    if (!value.matches("\\p{XDigit}{1,2}")) {
                        throw unparsable(spec, where);
                    }
                    vdevfn = Integer.parseInt(value, 16) << 3;
                }
                case "permissive" -> permissive = flag(value, spec, where);
                case "msitranslate" -> msitranslate = flag(value, spec, where);
                case "seize" -> seize = flag(value, spec, where);
                case "power_mgmt" -> powerMgmt = flag(value, spec, where);
                case "rdm_policy" -> rdmPolicy = rdmPolicy(value, where);
                case "name" -> name = value;
                default -> throw new ConfigException(where, "Unknown PCI_SPEC_STRING option: " + key
                        + "; unable to parse PCI_SPEC_STRING `" + spec + "' for passthrough");
            }
        }
        if (!haveBdf && name == null) {
            throw unparsable(spec, where);
        }
        return new Pci(func, dev, bus, domain, vdevfn, vfuncMask, msitranslate, powerMgmt, permissive, seize, rdmPolicy,
                name);
    }

    static RdmPolicy rdmPolicy(String value, Position where) throws ConfigException {
        return switch (value) {
            case "strict" -> RdmPolicy.STRICT;
            case "relaxed" -> RdmPolicy.RELAXED;
            default -> throw new ConfigException(where, "Unknown RDM property value: " + value + " (strict or relaxed)");
        };
    }

    private static boolean flag(String value, String spec, Position where) throws ConfigException {
        return switch (value) {
            case "0" -> false;
            case "1" -> true;
            default -> throw unparsable(spec, where);
        };
    }

    private static ConfigException unparsable(String spec, Position where) {
        return new ConfigException(where, "unable to parse PCI_SPEC_STRING `" + spec + "' for passthrough");
    }
}
