package org.jxen.api.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The messages XAPI derives from a class's fields and flags rather than declaring them
 * (Datamodel_utils.messages_of_obj and on_client_side), put around the explicit ones in XAPI's
 * order: get_record, get_by_uuid, create, destroy, get_by_name_label, the getters, the setters,
 * the explicit messages, then the get_all family.
 */
final class GenericMessages {
    /** The class flags of the model file, naming which generic messages a class has. */
    enum Flag {
        CREATE("create"), DESTROY("destroy"), GET_ALL("get_all"), GET_BY_NAME_LABEL("get_by_name_label"),
        EXPLICIT_ONLY("explicit-only");

        final String word;

        Flag(String word) {
            this.word = word;
        }

        static Flag of(String word) {
            for (Flag f : values()) {
                if (f.word.equals(word)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown class flag '" + word + "'");
        }
    }

    private GenericMessages() {
    }

    /** All messages of class {@code cls}: the generic ones {@code flags} and {@code fields} give, and {@code explicit}. */
    static List<Message> around(String cls, List<Field> fields, Set<Flag> flags, List<Message> explicit) {
        if (flags.contains(Flag.EXPLICIT_ONLY)) {
            return explicit;
        }
        Param self = param("self", new Type.RefType(cls));
        List<Message> all = new ArrayList<>();
        all.add(plain("get_record", List.of(self), new Type.RecordType(cls)));
        all.add(plain("get_by_uuid", List.of(param("uuid", new Type.StringType())), new Type.RefType(cls)));
        if (flags.contains(Flag.CREATE)) {
            all.add(new Message("create", List.of(param("args", new Type.RecordType(cls))), new Type.RefType(cls), true, true));
        }
        if (flags.contains(Flag.DESTROY)) {
            all.add(new Message("destroy", List.of(self), null, true, true));
        }
        if (flags.contains(Flag.GET_BY_NAME_LABEL)) {
            all.add(plain("get_by_name_label", List.of(param("label", new Type.StringType())), refs(cls)));
        }
        for (Field f : fields) {
            all.add(plain("get_" + f.name(), List.of(self), f.type()));
        }
        for (Field f : fields) {
            if (f.qualifier() == Qualifier.RW) {
                all.addAll(modifiers(self, f));
            }
        }
        all.addAll(explicit);
        if (flags.contains(Flag.GET_ALL)) {
            Type records = new Type.MapType(new Type.RefType(cls), new Type.RecordType(cls));
            Param expr = param("expr", new Type.StringType());
            all.add(plain("get_all", List.of(), refs(cls)));
            all.add(plain("get_all_where", List.of(expr), refs(cls)));
            all.add(plain("get_all_records_where", List.of(expr), records));
            all.add(plain("get_all_records", List.of(), records));
        }
        return all;
    }

    /**
     * set_f, plus add_f/remove_f for a set or add_to_f/remove_from_f for a map. (XAPI gives no
     * setters to a RW set of refs that is the many end of a one-to-many relation; no such field
     * exists in the classes modelled, see DataModelTest.)
     */
    private static List<Message> modifiers(Param self, Field f) {
        List<Message> out = new ArrayList<>();
        out.add(plain("set_" + f.name(), List.of(self, param("value", f.type())), null));
        if (f.type() instanceof Type.SetType set) {
            out.add(plain("add_" + f.name(), List.of(self, param("value", set.element())), null));
            out.add(plain("remove_" + f.name(), List.of(self, param("value", set.element())), null));
        } else if (f.type() instanceof Type.MapType map) {
            out.add(plain("add_to_" + f.name(), List.of(self, param("key", map.key()), param("value", map.value())), null));
            out.add(plain("remove_from_" + f.name(), List.of(self, param("key", map.key())), null));
        }
        return out;
    }

    private static Type refs(String cls) {
        return new Type.SetType(new Type.RefType(cls));
    }

    private static Param param(String name, Type type) {
        return new Param(name, type, null);
    }

    private static Message plain(String name, List<Param> params, Type result) {
        return new Message(name, params, result, false, true);
    }
}
