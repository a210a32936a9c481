package org.jxen.api.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * XenAPI's classes as jxend serves them (API version 2.21), read from {@code xenapi.model} beside
 * this class (its format and sources are described at its top and in docs/xenapi-model.md).
 * Immutable, so shared freely between threads.
 */
public final class DataModel {
    private static final String RESOURCE = "xenapi.model";

    private final String version;
    private final List<ApiClass> classes;
    private final Map<String, ApiClass> byLowerName = new LinkedHashMap<>();

    DataModel(String version, List<ApiClass> classes) {
        this.version = version;
        this.classes = List.copyOf(classes);
        for (ApiClass c : classes) {
            byLowerName.put(c.name().toLowerCase(Locale.ROOT), c);
        }
    }

    /** Read on first use, once (class initialization makes it thread-safe). */
    private static final class Holder {
        static final DataModel XEN_API = load();

        private static DataModel load() {
            try (InputStream in = DataModel.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " missing beside " + DataModel.class.getName());
                }
                return ModelReader.read(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + RESOURCE, e);
            }
        }
    }

    /** The model, read once from its resource. */
    public static DataModel xenApi() {
        return Holder.XEN_API;
    }

    public List<ApiClass> classes() {
        return classes;
    }

    /** The class named {@code name}, case-insensitively (event classes come lower-case). */
    public Optional<ApiClass> find(String name) {
        return Optional.ofNullable(byLowerName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The class named {@code name} (case-insensitively), which the caller knows is modelled. */
    public ApiClass cls(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no XenAPI class " + name + " in the model"));
    }

    /** {@code host.API_version_major}: 2. */
    public long apiVersionMajor() {
        return Long.parseLong(version.substring(0, version.indexOf('.')));
    }

    /** {@code host.API_version_minor}: 21. */
    public long apiVersionMinor() {
        return Long.parseLong(version.substring(version.indexOf('.') + 1));
    }
}
