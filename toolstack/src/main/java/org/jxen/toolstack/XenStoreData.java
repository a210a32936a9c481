package org.jxen.toolstack;

import java.util.Map;
import org.jxen.config.DomainConfig;
import org.jxen.xenstore.store.Paths;

/**
 * A create's {@code xsdata} and {@code platformdata}, checked before anything is made: each key a
 * path relative to where libxl writes it (the domain's home, its {@code platform/}) that XenStore
 * accepts. libxl writes them without looking and ignores a write XenStore refuses, so a bad key
 * would be lost without a word; both backends refuse the config instead, naming the key.
 */
public final class XenStoreData {
    private XenStoreData() {
    }

    public static void check(DomainConfig.CreateInfo info) throws ToolstackException {
        check("xsdata", "", info.xsdata());
        check("platformdata", "platform/", info.platformdata());
    }

    /** Each key of {@code entries}, written at HOME/{@code under}KEY: XenStore limits the part below HOME. */
    private static void check(String list, String under, Map<String, String> entries) throws ToolstackException {
        if (entries == null) {
            return;
        }
        for (String key : entries.keySet()) {
            String relative = under + key;
            boolean accepted = !key.isEmpty() && !key.startsWith("/") && Paths.isValidNodePath("/" + relative)
                    && relative.length() <= Paths.REL_PATH_MAX;
            if (!accepted) {
                throw new ToolstackException(ToolstackException.Kind.INVALID, CreateStep.DEFAULTS, list + " key \""
                        + key + "\" is not a path XenStore accepts below /local/domain/N/" + under + ": use letters,"
                        + " digits and -/_@, no empty parts, at most " + Paths.REL_PATH_MAX + " bytes below the"
                        + " domain's home", null);
            }
        }
    }
}
