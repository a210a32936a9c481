package org.jxen.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

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
        return LibxlRecords.read(tree(json), DomainConfig.class, "");
    }

    /**
     * Reads the configuration of a running domain as libxl keeps it, which also holds what libxl
     * filled in at create (the scheduler's name, device IDs, ...): the paths of fields this model
     * does not hold go into {@code unknown}, the rest is read as {@link #read} reads it.
     */
    public static DomainConfig readRunning(String json, List<String> unknown) throws ConfigException {
        return LibxlRecords.read(tree(json), DomainConfig.class, "", unknown);
    }

    private static JsonNode tree(String json) throws ConfigException {
        try {
            return LibxlJson.read(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(new Position("<json>", e.getLocation().getLineNr(), e.getLocation().getColumnNr()),
                    "not JSON: " + e.getOriginalMessage());
        }
    }
}
