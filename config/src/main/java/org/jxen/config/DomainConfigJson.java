package org.jxen.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link DomainConfig} to and from libxl's JSON, as {@code xl -N create} prints it: the keys,
 * nesting and order of libxl_types.idl, with what is at libxl's default left out (the rules are
 * in {@link LibxlRecords}).
 */
public final class DomainConfigJson {
    private DomainConfigJson() {
    }

    /** The JSON text {@code xl -N create} prints for this config. */
    public static String write(DomainConfig c) {
        return LibxlJson.write(toJson(c));
    }

    /** One device of a config ({@link DomainConfig.Disk}, {@link DomainConfig.Nic}, ...) as libxl's JSON for its type. */
    public static String device(Record device) {
        return LibxlJson.write(LibxlRecords.write(device));
    }

    public static ObjectNode toJson(DomainConfig c) {
        return LibxlRecords.write(c);
    }

    /**
     * Reads libxl JSON (as {@code xl -N create} prints it) back into a config. Keys this model does
     * not hold are an error, never dropped silently.
     */
    public static DomainConfig read(String json) throws ConfigException {
        JsonNode root;
        try {
            root = LibxlJson.read(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(new Position("<json>", e.getLocation().getLineNr(), e.getLocation().getColumnNr()),
                    "not JSON: " + e.getOriginalMessage());
        }
        return LibxlRecords.read(root, DomainConfig.class, "");
    }
}
