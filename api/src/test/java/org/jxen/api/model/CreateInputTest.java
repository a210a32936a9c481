package org.jxen.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jxen.api.ErrorCodes;
import org.jxen.api.XenApiFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records as {@code create} reads them (ApiClass.coerceRecord, Type.RecordType): our own default
 * records, and what the Java SDK 8.1.0 really sends (its toMap of a Record, every field, with
 * placeholders such as "UNRECOGNIZED" for unset enums and "OpaqueRef:NULL" for unset refs).
 */
class CreateInputTest {
    private static final DataModel MODEL = DataModel.xenApi();

    static Stream<String> classes() {
        return MODEL.classes().stream().map(ApiClass::name);
    }

    static Stream<String> creatable() {
        return MODEL.classes().stream()
                .filter(c -> c.message("create").map(m -> m.params().getFirst().type() instanceof Type.RecordType).orElse(false))
                .map(ApiClass::name);
    }

    @ParameterizedTest
    @MethodSource("classes")
    void defaultRecord_readsBackAsItself(String cls) throws XenApiFailure {
        ApiClass c = MODEL.cls(cls);
        assertThat(new Type.RecordType(cls).coerce(c.newRecord(), cls + ".create args")).isEqualTo(c.newRecord());
    }

    @Test
    void create_takesRwAndStaticRo_ignoresDynamicRoAndUnknownKeys() throws XenApiFailure {
        ApiClass vm = MODEL.cls("VM");
        Map<String, Object> wire = new HashMap<>();
        wire.put("name_label", "web");
        wire.put("memory_static_max", "1073741824");
        wire.put("power_state", "halted");
        wire.put("VCPUs_params", Map.of("weight", "256"));
        wire.put("uuid", "not-for-clients");
        wire.put("resident_on", "OpaqueRef:elsewhere");
        wire.put("no_such_field", 42L);
        Map<String, Object> record = vm.coerceRecord(wire, "VM.create args");
        assertThat(record).containsEntry("name_label", "web").containsEntry("memory_static_max", 1073741824L)
                .containsEntry("power_state", "Halted").containsEntry("VCPUs_params", Map.of("weight", "256"))
                .containsEntry("uuid", "").containsEntry("resident_on", "OpaqueRef:NULL")
                .containsEntry("HVM_shadow_multiplier", 1.0).doesNotContainKey("no_such_field");
        assertThat(record.keySet()).containsExactlyElementsOf(vm.newRecord().keySet());
    }

    @Test
    void create_refusesABadFieldOrANonStruct_namingIt() {
        ApiClass vm = MODEL.cls("VM");
        assertThatThrownBy(() -> vm.coerceRecord(Map.of("VCPUs_max", "two"), "VM.create args"))
                .isInstanceOfSatisfying(XenApiFailure.class, f -> {
                    assertThat(f.code()).isEqualTo(ErrorCodes.INTERNAL_ERROR);
                    assertThat(f.params()).containsExactly("VM.create args.VCPUs_max: expected int, got string \"two\"");
                });
        Map<String, Object> nil = new HashMap<>();
        nil.put("name_label", null);
        assertThatThrownBy(() -> vm.coerceRecord(nil, "VM.create args"))
                .isInstanceOfSatisfying(XenApiFailure.class, f -> assertThat(f.params().getFirst()).endsWith("expected string, got nil"));
        assertThatThrownBy(() -> vm.coerceRecord(List.of(), "VM.create args"))
                .isInstanceOfSatisfying(XenApiFailure.class, f -> assertThat(f.params().getFirst()).contains("expected VM record"));
    }

    /**
     * The SDK's default Record as create input. Its placeholders for read-only fields are ignored;
     * an unset RW or StaticRO enum goes out as its datamodel default or, when there is none, as
     * "UNRECOGNIZED", which XAPI refuses (not a value of the enum) and so does jxend, naming the
     * field; with the enums set, the record is taken.
     */
    @ParameterizedTest
    @MethodSource("creatable")
    void sdkRecord_asCreateInput(String cls) throws ReflectiveOperationException, XenApiFailure {
        ApiClass c = MODEL.cls(cls);
        Class<?> recordClass = SdkRecords.recordClass(cls).orElseThrow();
        Map<String, java.lang.reflect.Field> sdkFields = SdkRecords.wireFields(recordClass);
        List<Field> settableEnums = new ArrayList<>();
        for (Field f : c.fields()) {
            if (f.qualifier() != Qualifier.DYNAMIC_RO && f.type() instanceof Type.EnumType && sdkFields.containsKey(f.name())) {
                settableEnums.add(f);
            }
        }
        Object record = recordClass.getConstructor().newInstance();
        Map<String, Object> sent = SdkRecords.onTheWire(record);
        Optional<Field> firstEnum = settableEnums.stream().filter(f -> sent.get(f.name()).equals("UNRECOGNIZED")).findFirst();
        if (firstEnum.isPresent()) {
            assertThatThrownBy(() -> c.coerceRecord(sent, cls + ".create args"))
                    .isInstanceOfSatisfying(XenApiFailure.class, f -> assertThat(f.params().getFirst())
                            .startsWith(cls + ".create args." + firstEnum.get().name() + ": expected one of")
                            .endsWith("got string \"UNRECOGNIZED\""));
        }
        for (Field f : settableEnums) {
            java.lang.reflect.Field sdk = sdkFields.get(f.name());
            sdk.set(record, SdkRecords.realConstant(sdk.getType()));
        }
        Map<String, Object> taken = c.coerceRecord(SdkRecords.onTheWire(record), cls + ".create args");
        assertThat(taken.keySet()).containsExactlyElementsOf(c.newRecord().keySet());
        for (Field f : c.fields()) {
            if (f.qualifier() == Qualifier.DYNAMIC_RO) {
                assertThat(taken.get(f.name())).as(f.name() + ": a read-only placeholder is ignored").isEqualTo(f.defaultValue());
            }
        }
        System.out.printf("%s.create from the SDK's default Record: %s%n", cls,
                firstEnum.map(f -> "refused for " + f.name() + " = UNRECOGNIZED, taken with " + settableEnums.size() + " enum(s) set")
                        .orElse("taken"));
    }
}
