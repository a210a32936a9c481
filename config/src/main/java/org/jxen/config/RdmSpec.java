package org.jxen.config;

import org.jxen.config.DomainConfig.RdmReserve;
import org.jxen.config.DomainConfig.RdmStrategy;

/**
 * rdm="strategy=host,policy=strict|relaxed": how reserved device memory is handled, read as xl
 * 4.17 reads it, for every guest type (measured, docs/config.md). libxlu's parser walks the text
 * character by character: a key runs up to the next {@code =} (commas included), a value up to the
 * next comma. The setting reaches libxl only if the parser succeeds, and it fails on every valid
 * policy (and on a strategy other than host, an unknown key, or text that does not end in a value),
 * while an unknown policy only gets a warning. When it succeeds, xl hands libxl the strategy it
 * read and a policy it never set (memory it did not initialise; libxl's JSON shows null): here the
 * policy, and a strategy not given, stay unset.
 */
final class RdmSpec {
    private static final RdmReserve NONE = new RdmReserve(null, null);

    private RdmSpec() {
    }

    /** What xl hands libxl for rdm=; its warnings go to {@code values}. */
    static RdmReserve read(XlValues values) {
        String text = values.string("rdm").orElse(null);
        if (text == null) {
            return NONE;
        }
        RdmStrategy strategy = null;
        String key = null; // the key whose value is being read; null while a key is
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '\0';
            if (key == null) {
                if (c == '=') {
                    key = text.substring(start, i);
                    if (!key.equals("strategy") && !key.equals("policy")) {
                        values.warn("rdm", "Unknown RDM state option: " + key);
                        return NONE;
                    }
                    start = i + 1;
                }
                continue;
            }
            if (c != ',' && c != '\0') {
                continue;
            }
            String value = text.substring(start, i);
            if (key.equals("strategy")) {
                if (!value.equals("host")) {
                    values.warn("rdm", "Unknown RDM strategy option: " + value);
                    return NONE;
                }
                strategy = RdmStrategy.HOST;
            } else if (PciSpec.rdmPolicyNamed(value) != null) {
                return NONE; // libxlu's test is the wrong way round: a policy it knows is its failure
            } else {
                values.warn("rdm", "Unknown RDM policy: " + value);
            }
            if (c == '\0') {
                return new RdmReserve(strategy, null);
            }
            key = null;
            start = i + 1;
        }
        return NONE; // the text ended in a key
    }
}
