package org.jxen.toolstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import org.jxen.config.ConfigException;
import org.jxen.config.DomainConfig;
import org.jxen.config.DomainConfigJson;

/**
 * The configuration a domain is restored with when the caller gives one instead of the image's
 * ({@code xl restore CONFIG FILE}; jxend resuming a VM whose disks changed while it was
 * suspended). The image's memory only fits the machine it was saved from, so the given config
 * must not name another type, maximum memory or vCPU count; what it leaves out, and its UUID
 * when it has none, come from the image.
 */
public final class RestoreConfig {
    private RestoreConfig() {
    }

    /** {@code given} completed from {@code image}, or INVALID saying what differs and how to fix it. */
    public static DomainConfig merged(DomainConfig image, DomainConfig given) throws ToolstackException {
        DomainConfig.BuildInfo saved = image.bInfo();
        DomainConfig.BuildInfo asked = given.bInfo();
        refuseOther("type", image.cInfo().type(), given.cInfo().type());
        refuseOther("maximum memory (KiB)", saved.maxMemkb(), asked.maxMemkb());
        refuseOther("maximum vCPUs", saved.maxVcpus(), asked.maxVcpus());
        ObjectNode json = DomainConfigJson.toJson(given);
        fill(json.withObject("/c_info"), "type", image.cInfo().type() == null ? null
                : image.cInfo().type().name().toLowerCase(Locale.ROOT), given.cInfo().type());
        fill(json.withObject("/c_info"), "uuid", image.cInfo().uuid(), given.cInfo().uuid());
        if (asked.maxMemkb() == null && saved.maxMemkb() != null) {
            json.withObject("/b_info").put("max_memkb", saved.maxMemkb());
        }
        if (asked.maxVcpus() == null && saved.maxVcpus() != null) {
            json.withObject("/b_info").put("max_vcpus", saved.maxVcpus());
        }
        try {
            return DomainConfigJson.read(json.toString());
        } catch (ConfigException e) {
            throw new IllegalStateException("a config completed from its image no longer reads: " + e.getMessage(), e);
        }
    }

    private static void refuseOther(String what, Object saved, Object asked) throws ToolstackException {
        if (saved != null && asked != null && !Objects.equals(saved, asked)) {
            throw new ToolstackException(ToolstackException.Kind.INVALID, CreateStep.DEFAULTS, "the image holds a domain"
                    + " with " + what + " " + describe(saved) + " but the config asks for " + describe(asked)
                    + ": restore with the config the domain was saved with, or leave that setting out", null);
        }
    }

    private static String describe(Object value) {
        return value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : value.toString();
    }

    private static void fill(ObjectNode parent, String key, String fromImage, Object given) {
        if (given == null && fromImage != null) {
            parent.put(key, fromImage);
        }
    }
}
