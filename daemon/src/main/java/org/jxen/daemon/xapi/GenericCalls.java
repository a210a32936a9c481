package org.jxen.daemon.xapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.jxen.api.model.ApiClass;
import org.jxen.api.model.Field;
import org.jxen.api.model.Message;
import org.jxen.api.model.RowFilter;
import org.jxen.api.model.Type;
import org.jxen.daemon.rpc.Call;
import org.jxen.daemon.rpc.Handler;
import org.jxen.daemon.rpc.Handlers;
import org.jxen.daemon.state.ObjectStore;

/**
 * The messages XAPI derives from a class's fields, the same for every class: the record getters,
 * lookups by UUID and name (and by XAPI's filter expressions), a getter per field, and, where the model lists them, a setter, the
 * map's {@code add_to_}/{@code remove_from_} and the set's {@code add_}/{@code remove_}.
 */
public final class GenericCalls {
    private final ObjectStore store;

    public GenericCalls(ObjectStore store) {
        this.store = store;
    }

    /** Registers the generic messages the model lists, where no message of that name has its own handler. */
    public void register(Handlers handlers) {
        for (ApiClass cls : store.model().classes()) {
            for (Message m : cls.messages()) {
                String method = cls.name() + "." + m.name();
                if (!handlers.has(method)) {
                    generic(cls, m.name()).ifPresent(h -> handlers.on(method, h));
                }
            }
        }
    }

    private Optional<Handler> generic(ApiClass cls, String message) {
        String c = cls.name();
        switch (message) {
            case "get_record":
                return Optional.of(call -> store.record(c, call.ref(0)));
            case "get_all":
                return Optional.of(call -> store.refs(c));
            case "get_all_records":
                return Optional.of(call -> store.records(c));
            case "get_by_uuid":
                return Optional.of(call -> store.refByUuid(c, (String) call.arg(0)));
            case "get_by_name_label":
                return Optional.of(call -> byNameLabel(c, (String) call.arg(0)));
            case "get_all_where":
                return Optional.of(call -> List.copyOf(where(cls, (String) call.arg(0)).keySet()));
            case "get_all_records_where":
                return Optional.of(call -> where(cls, (String) call.arg(0)));
            default:
                return accessor(cls, message);
        }
    }

    private Optional<Handler> accessor(ApiClass cls, String message) {
        String c = cls.name();
        for (String prefix : List.of("get_", "set_", "add_to_", "remove_from_", "add_", "remove_")) {
            if (!message.startsWith(prefix)) {
                continue;
            }
            Optional<Field> found = cls.field(message.substring(prefix.length()));
            if (found.isEmpty()) {
                continue;
            }
            // only messages the model lists get here: XAPI's setters of RW fields, and of others where XAPI has them
            Field f = found.get();
            Handler h = switch (prefix) {
                case "get_" -> call -> store.field(c, call.ref(0), f.name());
                case "set_" -> call -> set(c, call.ref(0), f.name(), call.arg(1));
                case "add_to_" -> f.type() instanceof Type.MapType
                        ? call -> addToMap(c, call.ref(0), f.name(), (String) call.arg(1), call.arg(2)) : null;
                case "remove_from_" -> f.type() instanceof Type.MapType
                        ? call -> removeFromMap(c, call.ref(0), f.name(), (String) call.arg(1)) : null;
                case "add_" -> f.type() instanceof Type.SetType
                        ? call -> editSet(c, call.ref(0), f.name(), call.arg(1), true) : null;
                default -> f.type() instanceof Type.SetType
                        ? call -> editSet(c, call.ref(0), f.name(), call.arg(1), false) : null;
            };
            if (h != null) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    private List<String> byNameLabel(String cls, String label) {
        List<String> refs = new ArrayList<>();
        store.records(cls).forEach((ref, record) -> {
            if (label.equals(record.get("name_label"))) {
                refs.add(ref);
            }
        });
        return refs;
    }

    /** The records of {@code cls} that {@code expr} (XAPI's filter language, {@link RowFilter}) matches. */
    private Map<String, Map<String, Object>> where(ApiClass cls, String expr) throws XenApiFailure {
        RowFilter filter = RowFilter.parse(expr);
        Map<String, Map<String, Object>> matched = new LinkedHashMap<>();
        for (var e : store.records(cls.name()).entrySet()) {
            if (filter.test(cls.columns(e.getKey(), e.getValue()))) {
                matched.put(e.getKey(), e.getValue());
            }
        }
        return matched;
    }

    private Object set(String cls, String ref, String field, Object value) throws XenApiFailure {
        store.set(cls, ref, field, value);
        return null;
    }

    private Object addToMap(String cls, String ref, String field, String key, Object value) throws XenApiFailure {
        return store.atomically(() -> {
            Map<String, Object> map = new LinkedHashMap<>(map(cls, ref, field));
            if (map.containsKey(key)) {
                throw XenApiFailure.of(ErrorCodes.MAP_DUPLICATE_KEY, cls, field, store.field(cls, ref, "uuid"), key);
            }
            map.put(key, value);
            store.set(cls, ref, field, map);
            return null;
        });
    }

    private Object removeFromMap(String cls, String ref, String field, String key) throws XenApiFailure {
        return store.atomically(() -> {
            Map<String, Object> map = new LinkedHashMap<>(map(cls, ref, field));
            if (map.remove(key) != null) {
                store.set(cls, ref, field, map);
            }
            return null;
        });
    }

    private Object editSet(String cls, String ref, String field, Object value, boolean add) throws XenApiFailure {
        return store.atomically(() -> {
            List<Object> set = new ArrayList<>((List<?>) store.field(cls, ref, field));
            boolean changed = add ? !set.contains(value) && set.add(value) : set.remove(value);
            if (changed) {
                store.set(cls, ref, field, set);
            }
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(String cls, String ref, String field) throws XenApiFailure {
        return (Map<String, Object>) store.field(cls, ref, field);
    }
}
