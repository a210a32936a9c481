package org.jxen.api.model;

import java.util.List;
import java.util.Optional;

/**
 * A XenAPI class: its fields in XAPI's order and its messages, the explicit ones and the generic
 * ones XAPI derives from the fields ({@code get_record}, {@code get_all}, {@code get_all_records},
 * {@code get_by_uuid}, {@code get_by_name_label} where there is a name, {@code get_<f>},
 * {@code set_<f>} for RW fields, {@code add_to_<f>}/{@code remove_from_<f>} for RW maps,
 * {@code add_<f>}/{@code remove_<f>} for RW sets).
 */
public record ApiClass(String name, List<Field> fields, List<Message> messages) {
    public Optional<Field> field(String fieldName) {
        throw new UnsupportedOperationException("TODO helper C");
    }

    public Optional<Message> message(String messageName) {
        throw new UnsupportedOperationException("TODO helper C");
    }
}
