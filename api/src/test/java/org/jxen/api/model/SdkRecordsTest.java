package org.jxen.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.xensource.xenapi.XenAPIObject;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The model against the real XenAPI Java SDK 8.1.0 (API 2.14), a generated client of XAPI's own
 * datamodel: every wire key its records send is a field of our class, with a compatible type
 * (Long int, Double float, Boolean bool, Date datetime, String string, an SDK enum an enum whose
 * values include the SDK's, an SDK object a ref to that class, Set set, Map map). Fields added
 * after 2.14 are not checked here (the SDK can't know them); DataModelTest covers those.
 */
class SdkRecordsTest {
    /** SDK wire keys that are no field of our class, and why. */
    private static final Map<String, String> NOT_IN_THE_MODEL = Map.of(
            "event.snapshot", "XAPI's datamodel doesn't declare it: event.from adds the object's record to each event "
                    + "outside the datamodel (event_types.ml), so jxend builds it there, not from this model");

    @Test
    void everySdkRecordKeyIsAFieldOfOurClass_withACompatibleType() throws ReflectiveOperationException {
        List<String> problems = new ArrayList<>();
        int classes = 0;
        int fields = 0;
        Set<String> unmatched = new LinkedHashSet<>();
        for (ApiClass c : DataModel.xenApi().classes()) {
            Optional<Class<?>> record = SdkRecords.recordClass(c.name());
            if (record.isEmpty()) {
                problems.add(c.name() + ": the SDK has no such class");
                continue;
            }
            classes++;
            for (var e : SdkRecords.wireFields(record.get()).entrySet()) {
                String key = c.name() + "." + e.getKey();
                Optional<Field> ours = c.field(e.getKey());
                if (ours.isEmpty()) {
                    unmatched.add(key);
                    if (!NOT_IN_THE_MODEL.containsKey(key)) {
                        problems.add(key + ": sent by the SDK, not a field of ours");
                    }
                    continue;
                }
                String why = incompatibility(e.getValue().getGenericType(), ours.get().type());
                if (why != null) {
                    problems.add(key + ": SDK " + e.getValue().getGenericType().getTypeName() + " vs ours "
                            + ours.get().type().describe() + ": " + why);
                } else {
                    fields++;
                }
            }
        }
        System.out.printf("SDK 8.1.0: %d of %d classes found, %d fields matched in name and type, not in the model: %s%n",
                classes, DataModel.xenApi().classes().size(), fields, unmatched);
        assertThat(problems).isEmpty();
        assertThat(unmatched).containsExactlyInAnyOrderElementsOf(NOT_IN_THE_MODEL.keySet());
        assertThat(classes).isEqualTo(DataModel.xenApi().classes().size());
    }

    /** Why the SDK's Java type can't carry values of {@code ours}, or null if it can. */
    private static String incompatibility(java.lang.reflect.Type sdk, Type ours) {
        if (sdk instanceof ParameterizedType p) {
            var args = p.getActualTypeArguments();
            if (p.getRawType() == Set.class && ours instanceof Type.SetType s) {
                return incompatibility(args[0], s.element());
            }
            if (p.getRawType() == Map.class && ours instanceof Type.MapType m) {
                String key = incompatibility(args[0], m.key());
                return key != null ? "key: " + key : incompatibility(args[1], m.value());
            }
            return "different kinds";
        }
        Class<?> c = (Class<?>) sdk;
        if (c.isEnum() && ours instanceof Type.EnumType e) {
            List<String> missing = new ArrayList<>();
            for (Object constant : c.getEnumConstants()) {
                if (!constant.toString().equals("UNRECOGNIZED") && !e.values().contains(constant.toString())) {
                    missing.add(constant.toString());
                }
            }
            return missing.isEmpty() ? null : "values missing from ours: " + missing;
        }
        if (XenAPIObject.class.isAssignableFrom(c) && ours instanceof Type.RefType r) {
            return SdkRecords.sdkName(r.cls()).equals(c.getSimpleName()) ? null : "refs to different classes";
        }
        boolean same = switch (ours) {
            case Type.StringType t -> c == String.class;
            case Type.IntType t -> c == Long.class;
            case Type.FloatType t -> c == Double.class;
            case Type.BoolType t -> c == Boolean.class;
            case Type.DateTimeType t -> c == Date.class;
            default -> false;
        };
        return same ? null : "different types";
    }
}
