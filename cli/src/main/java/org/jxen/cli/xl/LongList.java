package org.jxen.cli.xl;

import java.util.List;
import org.jxen.api.XenApiFailure;

/**
 * {@code xl list -l}: a JSON array of {@code {"domid": N, "config": ...}} with each domain's
 * configuration as libxl keeps it, in libxl's JSON layout (four-space indents, as yajl writes it).
 */
final class LongList {
    private LongList() {
    }

    static String json(JxendApi api, List<DomainRow> domains) throws XenApiFailure, XlFailure {
        StringBuilder s = new StringBuilder("[\n");
        for (int i = 0; i < domains.size(); i++) {
            DomainRow d = domains.get(i);
            String config = ((String) api.onDomain("get_domain_config", d.domid())).strip();
            s.append("    {\n        \"domid\": ").append(d.domid()).append(",\n        \"config\": ")
                    .append(indented(config)).append("\n    }")
                    .append(i + 1 < domains.size() ? ",\n" : "\n");
        }
        return s.append(']').toString();
    }

    /** Every line but the first eight spaces further in; empty lines stay empty, as yajl leaves them. */
    private static String indented(String json) {
        return json.lines().map(l -> l.isEmpty() ? l : "        " + l).collect(java.util.stream.Collectors.joining("\n"))
                .substring(8);
    }
}
